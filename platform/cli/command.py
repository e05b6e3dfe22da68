"""How every ``cocoon`` command runs: one error handler for all of them.

:class:`App` is a ``typer.Typer`` whose commands are all wrapped by
:func:`.output.handles_errors`, so no command can forget it; :class:`RootGroup` reports what
fails before a command runs (unknown option, missing argument, bad value) the same way, as one
line, or as JSON on stderr when ``--json`` was given.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from .output import CliError, err_console, handles_errors, report_error

try:  # typer >= 0.29 carries its own copy of click
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - older typer runs on click itself
    from click.exceptions import ClickException, NoArgsIsHelpError, UsageError

USAGE_EXIT = 2  # click's status for a command line it cannot parse


class App(typer.Typer):
    """A Typer app whose every command goes through the CLI's one error handler."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("add_completion", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            register(handles_errors(fn))
            return fn

        return decorator


class RootGroup(TyperGroup):
    """The top-level command: parse errors as one line with a hint (or JSON), never a trace."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            status = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:  # `cocoon wallet` alone: its help, as click would
            exc.show()
            status = USAGE_EXIT
        except UsageError as exc:
            status = _usage_error(exc, "--json" in argv)
        except ClickException as exc:
            status = report_error(exc, "--json" in argv)
        except typer.Abort:
            err_console.print("aborted")
            status = 1
        if not standalone_mode:
            return status
        sys.exit(status if isinstance(status, int) else 0)


def _usage_error(exc: UsageError, as_json: bool) -> int:
    path = exc.ctx.command_path if exc.ctx is not None else "cocoon"
    err = CliError("bad_request", exc.format_message(), hint=f"see `{path} --help`",
                   exit_code=USAGE_EXIT)
    return report_error(err, as_json)
