"""A function folder: its manifest (``cocoon.toml``) and its deterministic code bundle.

A bundle is a reproducible tar.gz of the folder. A function deployed from Python code
(the SDK's ``App``) travels in the same format: its manifest with a ``[pickled]``
table, and the function itself pickled by value in ``function.pkl``.

A bundle holds regular files only. Symbolic links, hard links, device files, FIFOs and sockets,
absolute names and ``..`` are refused with an ``invalid_bundle`` error naming the member, at
every step: when a folder is bundled (the walk never follows a link, so a link to
``/etc/passwd`` is refused, not copied in), when the gateway reads a deployed bundle (a hostile
client can craft the archive by hand), and when a provider unpacks it (defence in depth).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import io
import os
import re
import stat
import sys
import tarfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import CocoonError

MANIFEST_NAME = "cocoon.toml"
PICKLE_NAME = "function.pkl"
MAX_BUNDLE_BYTES = 20 * 1024 * 1024  # packed
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
_SKIP = re.compile(r"(^|/)(__pycache__|\.[^/]*)(/|$)|\.py[co]$")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Resources(_Section):
    cpus: float = Field(default=0.25, gt=0, le=256)
    gpus: float = Field(default=0, ge=0, le=16)
    memory_mb: int | None = Field(default=None, gt=0)
    gpu_kind: str | None = Field(default=None, min_length=1, max_length=64, description=(
        "GPU model the replicas need (e.g. H100), matched against the provider's GPUs"))
    min_replicas: int = Field(default=0, ge=0, le=64, description="0: scales to zero when idle")
    max_replicas: int = Field(default=1, ge=1, le=64)
    max_concurrency: int = Field(default=8, ge=1, le=1024)

    @model_validator(mode="after")
    def _replica_bounds(self) -> Resources:
        if self.max_replicas < self.min_replicas:
            raise ValueError("max_replicas must be >= min_replicas")
        if self.gpu_kind and self.gpus <= 0:
            raise ValueError("gpu_kind needs gpus > 0")
        return self


class Pricing(_Section):
    """What one invocation costs: ``units * unit_price`` nanotons.

    A function that meters prompt and completion tokens apart (``meter(prompt=...,
    completion=...)``, like Cocoon's prompt and completion multipliers) is charged
    ``units = prompt * prompt_weight + completion * completion_weight``: the weights are whole
    numbers, so the amount stays ``units * unit_price`` exactly (what the stake contract and
    every receipt check rely on), and the receipt carries both counts."""

    unit: str = "call"
    unit_price: int = Field(default=1_000, ge=0, description="nanotons per unit")
    max_units: int = Field(default=1, ge=1, description="most units one invocation may use")
    prompt_weight: int = Field(default=1, ge=0, le=1_000_000,
                               description="units per prompt token (metered apart)")
    completion_weight: int = Field(default=1, ge=0, le=1_000_000,
                                   description="units per completion token (metered apart)")

    @property
    def weights(self) -> tuple[int, int]:
        """(prompt_weight, completion_weight)."""
        return self.prompt_weight, self.completion_weight


class Python(_Section):
    requirements: list[str] = Field(default_factory=list)


class Limits(_Section):
    max_payload_bytes: int = Field(default=1 << 20, gt=0, le=64 << 20)
    timeout_s: float = Field(default=30, gt=0, le=900)


class Pickled(_Section):
    """What a pickled function was pickled with; a provider runs it only under the same."""

    python: str = Field(pattern=r"^[0-9]+\.[0-9]+$", description="major.minor")
    cloudpickle: str = Field(pattern=r"^[0-9][0-9A-Za-z.+-]{0,31}$")

    @classmethod
    def here(cls) -> Pickled:
        """This interpreter's Python (major.minor) and installed cloudpickle."""
        python = f"{sys.version_info.major}.{sys.version_info.minor}"
        return cls(python=python, cloudpickle=importlib.metadata.version("cloudpickle"))


class Manifest(_Section):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]{0,62}$")
    description: str = ""
    entrypoint: str = Field(
        default="main", description=f"module, module:attribute, or {PICKLE_NAME} (pickled)"
    )
    resources: Resources = Field(default_factory=Resources)
    pricing: Pricing = Field(default_factory=Pricing)
    python: Python = Field(default_factory=Python)
    limits: Limits = Field(default_factory=Limits)
    pickled: Pickled | None = Field(
        default=None, description=f"set exactly when the entrypoint is {PICKLE_NAME}"
    )

    @model_validator(mode="after")
    def _pickled_entrypoint(self) -> Manifest:
        if (self.entrypoint == PICKLE_NAME) != (self.pickled is not None):
            raise ValueError(f"entrypoint {PICKLE_NAME} and a [pickled] table go together")
        return self

    @classmethod
    def parse(cls, text: str) -> Manifest:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise CocoonError(
                "invalid_manifest", f"{MANIFEST_NAME} is not valid TOML: {exc}"
            ) from None
        return cls.build(data)

    @classmethod
    def build(cls, data: Mapping[str, Any]) -> Manifest:
        """Validate manifest data (a parsed TOML document or keyword arguments)."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'manifest'}: {e['msg']}"
                for e in exc.errors()
            )
            raise CocoonError("invalid_manifest", problems) from None

    def to_toml(self) -> str:
        """The manifest as TOML. Weights left at 1 are left out, so a manifest that names none
        reads (and bundles, and digests) as before they existed, on old providers too."""
        data = self.model_dump(mode="json", exclude_none=True)
        for weight in ("prompt_weight", "completion_weight"):
            if data["pricing"][weight] == 1:
                del data["pricing"][weight]
        return tomli_w.dumps(data)


def load_folder(path: Path) -> tuple[Manifest, bytes]:
    """Read a function folder: its manifest and a reproducible gzip'd tar of its files."""
    files = folder_files(path)
    if MANIFEST_NAME not in files:
        raise CocoonError("invalid_manifest", f"no {MANIFEST_NAME} in {path}")
    try:
        text = files[MANIFEST_NAME].decode()
    except UnicodeDecodeError:
        raise CocoonError("invalid_manifest", f"{MANIFEST_NAME} is not UTF-8") from None
    return Manifest.parse(text), bundle_files(files)


def bundle_folder(path: Path) -> bytes:
    """Same files, same bytes: sorted names, zeroed times and owners, no caches or dotfiles."""
    return bundle_files(folder_files(path))


def folder_files(root: Path) -> dict[str, bytes]:
    """The regular files under ``root`` (relative posix path -> bytes), caches and dotfiles
    left out. The walk never follows a link: a link, a hard-linked file, a device, a FIFO or a
    socket is refused, naming it (a link to ``/etc/passwd`` must not travel as its target)."""
    if not root.is_dir():
        raise CocoonError("invalid_manifest", f"no {MANIFEST_NAME} in {root}")
    files: dict[str, bytes] = {}
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        for name in [*dirs, *names]:
            path = here / name
            rel = path.relative_to(root).as_posix()
            if _SKIP.search(rel):
                if name in dirs:
                    dirs.remove(name)  # not descended into
                continue
            st = path.lstat()
            if stat.S_ISDIR(st.st_mode):
                continue
            _refuse_special(rel, st)
            files[rel] = _read_plain(path, rel, st)
    return files


def _refuse_special(rel: str, st: os.stat_result) -> None:
    kind = _special_kind(st.st_mode)
    if kind is not None:
        raise _refused(rel, kind)
    if st.st_nlink > 1:
        raise _refused(rel, f"a hard link ({st.st_nlink} names for one file)")


def _read_plain(path: Path, rel: str, st: os.stat_result) -> bytes:
    """Read a file checked by lstat, refusing one swapped for a link meanwhile."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        raise _refused(rel, "not a readable regular file") from None
    with os.fdopen(fd, "rb") as f:
        now = os.fstat(f.fileno())
        if (now.st_ino, now.st_dev) != (st.st_ino, st.st_dev) or not stat.S_ISREG(now.st_mode):
            raise _refused(rel, "a file that changed while it was bundled")
        return f.read()


def _special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    for test, kind in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISCHR, "a device file"),
        (stat.S_ISBLK, "a device file"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def _refused(member: str, what: str) -> CocoonError:
    shown = member if len(member) <= 200 else member[:200] + "..."
    return CocoonError(
        "invalid_bundle",
        f"bundle member {shown!r} is {what}: a bundle holds regular files only "
        "(copy the file itself into the folder)",
    )


def check_member_name(name: str) -> None:
    """A member name is a relative posix path without ``.``/``..``/empty parts."""
    if not name or name.startswith("/") or "\\" in name or "\0" in name:
        raise _refused(name, "an absolute or malformed name")
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise _refused(name, "a name with '..', '.' or an empty part")


def check_members(members: list[tarfile.TarInfo]) -> None:
    """Refuse links, devices, FIFOs, escaping or duplicate names (directories are harmless)."""
    seen: set[str] = set()
    for m in members:
        if m.issym():
            raise _refused(m.name, f"a symbolic link (to {m.linkname[:200]!r})")
        if m.islnk():
            raise _refused(m.name, f"a hard link (to {m.linkname[:200]!r})")
        if m.ischr() or m.isblk():
            raise _refused(m.name, "a device file")
        if m.isfifo():
            raise _refused(m.name, "a FIFO")
        if not (m.isreg() or m.isdir()):
            raise _refused(m.name, "not a regular file")
        name = m.name.rstrip("/") if m.isdir() else m.name
        check_member_name(name)
        if name in seen:
            raise _refused(m.name, "a second member of the same name")
        seen.add(name)


def bundle_files(files: Mapping[str, bytes]) -> bytes:
    """A bundle of these files (relative posix path -> bytes), byte-for-byte reproducible."""
    for rel in files:
        check_member_name(rel)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in sorted(files, key=lambda rel: rel.split("/")):  # as folders always sorted
            info = tarfile.TarInfo(rel)
            data = files[rel]
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    bundle = gzip.compress(raw.getvalue(), mtime=0)
    if len(bundle) > MAX_BUNDLE_BYTES:
        raise CocoonError("payload_too_large", "function bundle is larger than 20 MiB packed")
    return bundle


def bundle_digest(bundle: bytes) -> str:
    return hashlib.sha256(bundle).hexdigest()


def _check_archive(tar: tarfile.TarFile) -> None:
    """Every member a plain file under a safe name, and at most 256 MiB unpacked in all."""
    members = tar.getmembers()
    if sum(m.size for m in members) > MAX_UNPACKED_BYTES:
        raise CocoonError("payload_too_large", "function bundle unpacks to over 256 MiB")
    check_members(members)


def unpack_bundle(bundle: bytes, into: Path) -> Manifest:
    """Extract a bundle (regular files only, no path escapes) and return its manifest.
    Members are checked here again, although the gateway checked them: defence in depth."""
    try:
        with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
            _check_archive(tar)
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise CocoonError("invalid_manifest", f"unreadable function bundle ({exc})") from None
    manifest_path = into / MANIFEST_NAME
    if not manifest_path.is_file():
        raise CocoonError("invalid_manifest", f"bundle has no {MANIFEST_NAME}")
    return Manifest.parse(manifest_path.read_text())


def manifest_from_bundle(bundle: bytes) -> Manifest:
    """Check a bundle's unpacked size and read its manifest, extracting nothing to disk."""
    try:
        with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
            _check_archive(tar)
            info = tar.getmember(MANIFEST_NAME)
            if info.size > MAX_MANIFEST_BYTES:
                raise CocoonError("invalid_manifest", f"{MANIFEST_NAME} is larger than 64 KiB")
            member = tar.extractfile(info)
            if member is None:
                raise KeyError(MANIFEST_NAME)
            text = member.read(MAX_MANIFEST_BYTES + 1).decode()
    except KeyError:
        raise CocoonError("invalid_manifest", f"bundle has no {MANIFEST_NAME}") from None
    except (tarfile.TarError, OSError, EOFError, UnicodeDecodeError):
        raise CocoonError("invalid_manifest", "function bundle is not a readable tar.gz") from None
    return Manifest.parse(text)
