"""Secrets (wallet mnemonics, owner keys) come from a file or stdin, never from argv, where
every process of the user and the shell history could read them."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .output import CliError


def read_secret(source: str | None, *, prompt: str, option: str, holds: str) -> str:
    """The text of ``source`` (a path), or of stdin for ``None``/``-`` (a hidden prompt on a
    terminal). ``option`` and ``holds`` word the error: "--key-file names <holds>"."""
    if source is None or source == "-":
        if sys.stdin.isatty():
            return typer.prompt(prompt, hide_input=True)
        return sys.stdin.read()
    try:
        return Path(source).read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError("bad_request", f"cannot read {source}: {exc}",
                       hint=f"{option} names {holds}") from None
