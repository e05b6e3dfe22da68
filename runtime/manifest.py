"""A function folder: its manifest (``cocoon.toml``) and its deterministic code bundle."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import tarfile
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import CocoonError

MANIFEST_NAME = "cocoon.toml"
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
    replicas: int = Field(default=1, ge=1, le=64)
    max_concurrency: int = Field(default=8, ge=1, le=1024)


class Pricing(_Section):
    unit: str = "call"
    unit_price: int = Field(default=1_000, ge=0, description="nanotons per unit")
    max_units: int = Field(default=1, ge=1, description="most units one invocation may use")


class Python(_Section):
    requirements: list[str] = Field(default_factory=list)


class Limits(_Section):
    max_payload_bytes: int = Field(default=1 << 20, gt=0, le=64 << 20)
    timeout_s: float = Field(default=30, gt=0, le=900)


class Manifest(_Section):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]{0,62}$")
    description: str = ""
    entrypoint: str = Field(default="main", description="module or module:attribute")
    resources: Resources = Field(default_factory=Resources)
    pricing: Pricing = Field(default_factory=Pricing)
    python: Python = Field(default_factory=Python)
    limits: Limits = Field(default_factory=Limits)

    @classmethod
    def parse(cls, text: str) -> Manifest:
        try:
            return cls.model_validate(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            raise CocoonError(
                "invalid_manifest", f"{MANIFEST_NAME} is not valid TOML: {exc}"
            ) from None
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'manifest'}: {e['msg']}"
                for e in exc.errors()
            )
            raise CocoonError("invalid_manifest", problems) from None


def load_folder(path: Path) -> tuple[Manifest, bytes]:
    """Read a function folder: its manifest and a reproducible gzip'd tar of its files."""
    manifest_path = path / MANIFEST_NAME
    if not manifest_path.is_file():
        raise CocoonError("invalid_manifest", f"no {MANIFEST_NAME} in {path}")
    manifest = Manifest.parse(manifest_path.read_text())
    return manifest, bundle_folder(path)


def bundle_folder(path: Path) -> bytes:
    """Same files, same bytes: sorted names, zeroed times and owners, no caches or dotfiles."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = file.relative_to(path).as_posix()
            if _SKIP.search(rel):
                continue
            info = tarfile.TarInfo(rel)
            data = file.read_bytes()
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    bundle = gzip.compress(raw.getvalue(), mtime=0)
    if len(bundle) > MAX_BUNDLE_BYTES:
        raise CocoonError("payload_too_large", "function folder is larger than 20 MiB packed")
    return bundle


def bundle_digest(bundle: bytes) -> str:
    return hashlib.sha256(bundle).hexdigest()


def unpack_bundle(bundle: bytes, into: Path) -> Manifest:
    """Extract a bundle (regular files only, no path escapes) and return its manifest."""
    try:
        with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
            if sum(m.size for m in tar.getmembers()) > MAX_UNPACKED_BYTES:
                raise CocoonError("payload_too_large", "function bundle unpacks to over 256 MiB")
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
            if sum(m.size for m in tar.getmembers()) > MAX_UNPACKED_BYTES:
                raise CocoonError("payload_too_large", "function bundle unpacks to over 256 MiB")
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
