"""How the CLI talks to people and scripts: rich tables, or JSON with ``--json``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from cocoon.runtime.errors import CocoonError

console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])

NANO = 10**9


def ton(nanotons: int) -> str:
    """Nanotons as a human amount of TON (trailing zeros trimmed)."""
    whole, frac = divmod(abs(nanotons), NANO)
    text = f"{whole}.{frac:09d}".rstrip("0").rstrip(".")
    return f"{'-' if nanotons < 0 else ''}{text} TON"


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n")


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c)
    for row in rows:
        t.add_row(*(str(v) for v in row))
    console.print(t)


@contextmanager
def progress(message: str) -> Iterator[Callable[[str], None]]:
    """A spinner with a status line that the block may update."""
    with err_console.status(message) as status:
        yield lambda text: status.update(text)


def handles_errors(fn: F) -> F:
    """Turn CocoonError into a readable message (or JSON on stderr) and exit code 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CocoonError as exc:
            if kwargs.get("as_json"):
                sys.stderr.write(json.dumps(exc.to_dict()) + "\n")
            else:
                err_console.print(f"[bold red]error[/] [dim]({exc.code})[/]: {exc.message}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]
