"""The function templates shipped with Cocoon (package data ``cocoon.templates``).

Read through ``importlib.resources``, so they are found the same way in a checkout, an editable
install and a wheel (no path arithmetic). A template is a folder holding a ``cocoon.toml``; what
exists is what is listed, so a template added later needs no code here.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from cocoon.runtime.manifest import MANIFEST_NAME, Manifest

from .output import CliError

PACKAGE = "cocoon.templates"
NAME_RULE = "lowercase letters, digits and '-', starting with a letter, at most 63 characters"
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_NAME_LINE = re.compile(r'^name\s*=\s*"[^"\n]*"', re.MULTILINE)


def _root() -> Traversable:
    return files(PACKAGE)


def available() -> list[str]:
    """Names of the shipped templates, sorted."""
    return sorted(
        t.name for t in _root().iterdir() if t.is_dir() and t.joinpath(MANIFEST_NAME).is_file()
    )


def _template(name: str) -> Traversable:
    if name not in available():
        raise CliError("not_found", f"no template named {name!r}",
                       hint=f"templates: {', '.join(available())}")
    return _root().joinpath(name)


def _is_source(name: str) -> bool:
    """What a scaffold gets: the manifest and sources, never caches or dotfiles."""
    return not (name.startswith(".") or name == "__pycache__" or name.endswith((".pyc", ".pyo")))


def _copy(src: Traversable, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for item in src.iterdir():
        if not _is_source(item.name):
            continue
        if item.is_dir():
            _copy(item, dest / item.name)
        else:
            (dest / item.name).write_bytes(item.read_bytes())


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise CliError("invalid_manifest", f"{name!r} is not a valid function name ({NAME_RULE})",
                       hint="pass --name NAME")
    return name


def scaffold(template: str, dest: Path, name: str) -> Manifest:
    """Copy ``template`` into ``dest`` (absent or empty) as a function called ``name``."""
    source = _template(template)
    check_name(name)
    if dest.exists() and not dest.is_dir():
        raise CliError("conflict", f"{dest} exists and is not a folder",
                       hint="choose another folder")
    if dest.is_dir() and any(dest.iterdir()):
        raise CliError("conflict", f"{dest} is not empty",
                       hint="choose a new or empty folder")
    manifest_text = source.joinpath(MANIFEST_NAME).read_text()
    renamed, count = _NAME_LINE.subn(f'name = "{name}"', manifest_text, count=1)
    if count != 1:
        raise CliError("internal", f"template {template!r} has no name line")
    manifest = Manifest.parse(renamed)
    _copy(source, dest)
    (dest / MANIFEST_NAME).write_text(renamed)
    return manifest


@contextmanager
def extracted(template: str) -> Iterator[Path]:
    """A template as a real folder (a temporary copy), e.g. to deploy it as is."""
    source = _template(template)
    with tempfile.TemporaryDirectory(prefix=f"cocoon-{template}-") as tmp:
        folder = Path(tmp) / template
        _copy(source, folder)
        yield folder
