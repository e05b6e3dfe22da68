"""How the CLI talks to people and scripts: the one place for tables, JSON and errors.

People get rich tables and one-line errors (``error (code): message`` plus a hint how to fix
it) on stderr; with ``--json`` stdout carries only JSON and errors go to stderr as
``{"error": {"code", "message"}}`` (the gateway's own error shape, with a ``hint`` where there
is one). Foreign exceptions (files, sockets, a missing extra) are mapped to that shape here and
nowhere else, so no command ever ends in a Python traceback (``COCOON_DEBUG=1`` shows one for
an unexpected error).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cocoon.runtime.errors import CocoonError

try:  # typer >= 0.29 carries its own copy of click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer runs on click itself
    from click.exceptions import ClickException

console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])

NANO = 10**9
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
SERVER_EXTRA = "pip install 'cocoon-network[all]'"


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
    if isinstance(value, bytes):
        return value.hex()
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n")


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c)
    for row in rows:
        t.add_row(*(escape(str(v)) for v in row))
    console.print(t)


def fields(title: str, data: Mapping[str, Any], amounts: Sequence[str] = ()) -> None:
    """One record as a two-column table; the keys named in ``amounts`` are nanotons."""
    t = Table(title=title, title_justify="left", show_header=False)
    t.add_column("field", style="bold")
    t.add_column("value", overflow="fold")
    for key, value in data.items():
        shown = ton(value) if key in amounts and isinstance(value, int) else value
        t.add_row(key, escape(str(shown)))
    console.print(t)


def emit(data: Any, as_json: bool, title: str, amounts: Sequence[str] = ()) -> None:
    """A record (dict or model) as JSON on stdout, or as a field table for people."""
    if as_json:
        print_json(data)
    else:
        fields(title, to_jsonable(data), amounts)


def note(message: str, as_json: bool = False) -> None:
    """A remark for people on stderr (silent with ``--json``: stderr then carries errors only)."""
    if not as_json:
        err_console.print(message)


@contextmanager
def progress(message: str, quiet: bool = False) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr with a status line that the block may update (none when ``quiet``:
    with ``--json`` stderr carries errors only)."""
    if quiet:
        yield lambda text: None
        return
    with err_console.status(message) as status:
        yield lambda text: status.update(text)


# -- errors --------------------------------------------------------------------------------------


class CliError(CocoonError):
    """A mistake the CLI catches itself, with a hint how to fix it and its exit status."""

    def __init__(
        self, code: str, message: str, *, hint: str | None = None, exit_code: int = 1
    ) -> None:
        super().__init__(code, message)
        self.hint = hint
        self.exit_code = exit_code


_HINTS = {
    "bad_request": "check the arguments: `cocoon COMMAND --help`",
    "invalid_json": "the payload must be one JSON value",
    "malformed_envelope": "update the SDK/CLI: the gateway could not read the request",
    "envelope_rejected": "the provider could not open the request: retry (offers refresh)",
    "stale_request": "check this machine's clock, then retry",
    "wrong_provider": "retry: the client refreshes its offers",
    "invalid_manifest": "a function folder holds a valid cocoon.toml; `cocoon init DIR` makes one",
    "invalid_evidence": "the evidence could not be read: check the file and its kind",
    "invalid_voucher": "vouchers are signed by the channel's payer key ([client] voucher_key)",
    "unauthorized": "set an API key: [client] api_key in $COCOON_HOME/config.toml or "
    "COCOON_CLIENT_API_KEY (`cocoon up` writes one)",
    "insufficient_funds": "top up your balance: `cocoon wallet fund`, then `cocoon channel open`",
    "voucher_required": "hand in a voucher for what you owe (the SDK does on the next call)",
    "forbidden": "this API key's role may not do that: `cocoon keys create --role ...`",
    "not_found": "check the name",
    "unknown_function": "`cocoon functions` lists what is deployed",
    "unknown_provider": "`cocoon providers` lists the providers",
    "replayed_request": "send it again as a new request",
    "conflict": "check the current state, then retry",
    "stale_voucher": "a newer voucher is held already: nothing to do",
    "payload_too_large": "send less (the function's limits.max_payload_bytes, the gateway's "
    "max_body_bytes)",
    "function_error": "the function itself failed: check its input and code",
    "function_timeout": "the function ran past limits.timeout_s in its cocoon.toml",
    "price_above_max": "raise --max-price, or wait for a cheaper provider",
    "attestation_rejected": "no provider passed your attestation policy ([client] policy)",
    "rate_limited": "wait a moment, then retry",
    "internal": "a bug on the other side: its log has the details",
    "provider_failed": "retry; `cocoon providers` shows who is online",
    "no_provider": "wait for a provider to serve it (`cocoon providers`), or deploy it again",
    "provider_timeout": "retry; a busy provider may need more replicas",
}
_UNREACHABLE_HINT = (
    "start a network with `cocoon up`, or point [client] gateway_url "
    "(COCOON_CLIENT_GATEWAY_URL) at a running gateway"
)


def hint_for(exc: CocoonError) -> str | None:
    if isinstance(exc, CliError):
        return exc.hint
    if exc.code == "gateway_unreachable":
        return _UNREACHABLE_HINT
    return _HINTS.get(exc.code, "`cocoon --help`; docs/protocol.md lists the error codes")


def as_error(exc: BaseException) -> CocoonError:
    """Any exception a command raised, as a CocoonError: the one place foreign errors map."""
    if isinstance(exc, CocoonError):
        return exc
    if isinstance(exc, ClickException):
        return CliError("bad_request", exc.format_message(), exit_code=exc.exit_code)
    if isinstance(exc, ModuleNotFoundError):
        return CliError(
            "bad_request",
            f"this command needs the server side, which this install lacks (no {exc.name})",
            hint=SERVER_EXTRA,
        )
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return CliError("bad_request", f"cannot use{where}: {exc.strerror or exc}",
                        hint="check the path and its permissions")
    if isinstance(exc, sqlite3.Error):
        return CliError("internal", f"state database error: {exc}",
                        hint="is $COCOON_HOME a Cocoon state folder? `cocoon up` creates one")
    if isinstance(exc, ValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return CliError("bad_request", problems)
    return CliError(
        "internal",
        f"unexpected {type(exc).__name__}: {exc}",
        hint="this is a bug: rerun with COCOON_DEBUG=1 for the traceback and report it",
    )


def report_error(exc: BaseException, as_json: bool) -> int:
    """Print ``exc`` as one line (or JSON) on stderr; returns the exit status to use."""
    err = as_error(exc)
    hint = hint_for(err)
    if as_json:
        body = err.to_dict()
        if hint:
            body["error"]["hint"] = hint
        sys.stderr.write(json.dumps(body) + "\n")
    else:
        suffix = f" [dim](hint: {escape(hint)})[/]" if hint else ""
        err_console.print(
            f"[bold red]error[/] [dim]({err.code})[/]: {escape(err.message)}{suffix}",
            soft_wrap=True,
        )
    return err.exit_code if isinstance(err, CliError) else 1


def debug() -> bool:
    return os.environ.get("COCOON_DEBUG", "") not in ("", "0")


def handles_errors(fn: F) -> F:
    """Report any exception from ``fn`` through :func:`report_error` and exit nonzero.

    Every command gets this through :mod:`.command`; decorating by hand is harmless (the
    handler wraps once).
    """
    if getattr(fn, "__cocoon_handled__", False):
        return fn

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt, BrokenPipeError):
            raise  # typer's own handling: exit codes, Ctrl-C, `cocoon ... | head`
        except Exception as exc:
            if debug() and not isinstance(exc, CocoonError):
                raise
            raise typer.Exit(report_error(exc, bool(kwargs.get("as_json")))) from None

    wrapper.__cocoon_handled__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
