"""``cocoon``: the command line for developers, clients and providers.

One module per command group (functions, account, providers, wallet, channel, settle, attest,
demo); every command runs through the one error handler of :mod:`.command`. The server side
(``cocoon up``, the embedded chain) is imported on first use, so a client-only install still
runs ``cocoon --help`` and says what to install for the rest.
"""

from __future__ import annotations

import importlib
import signal
import time
from typing import Annotated, Any

import typer

import cocoon

from . import account, attest, channel, demo, functions, providers, settle, wallet
from .command import App, RootGroup
from .output import JsonFlag, console, handles_errors, print_json, progress


class _OnFirstUse:
    """A module imported when first used (``embedded`` needs the server extras)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


embedded: Any = _OnFirstUse("cocoon.platform.embedded")

app = App(
    help="Cocoon: confidential AI functions on attested hardware, paid in Toncoin.",
    cls=RootGroup,
)


def _version(value: bool) -> None:
    if value:
        print(f"cocoon {cocoon.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Cocoon: confidential AI functions on attested hardware, paid in Toncoin."""


# -- the embedded network ------------------------------------------------------------------------


@app.command()
@handles_errors
def up(
    detach: Annotated[bool, typer.Option("--detach", "-d", help="Return once ready.")] = False,
) -> None:
    """Start the embedded network: gateway + provider (local Ray, simulated TEE) on 127.0.0.1."""
    already = embedded.current()
    with progress("starting the embedded network") as update:
        state = embedded.up(update)
    verb = "already running" if already else "ready"
    console.print(f"[green]Cocoon network {verb}[/] at [bold]{state.gateway_url}[/]")
    console.print(f"state: {state.home}   stop it with: [bold]cocoon down[/]")
    if detach:
        return
    console.print("running in the foreground; Ctrl-C stops it")

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # also when started with SIGINT ignored (a script's &)
    try:
        while embedded.current() is not None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        with progress("stopping"):
            embedded.down()


@app.command()
@handles_errors
def down() -> None:
    """Stop the embedded network and everything it started."""
    with progress("stopping the embedded network"):
        stopped = embedded.down()
    console.print("stopped" if stopped else "nothing was running")


@app.command()
@handles_errors
def status(as_json: JsonFlag = False) -> None:
    """Is the embedded network running, and where."""
    state = embedded.current()
    if as_json:
        print_json({"running": state is not None, **(state.model_dump() if state else {})})
    elif state is None:
        console.print("not running ([bold]cocoon up[/] starts it)")
    else:
        console.print(f"running at [bold]{state.gateway_url}[/] (state in {state.home})")


def _register() -> None:
    functions.register(app)
    providers.register(app)
    account.register(app)
    app.add_typer(wallet.app, name="wallet")
    app.add_typer(channel.app, name="channel")
    settle.register(app)
    app.add_typer(attest.app, name="attest")
    demo.register(app)


_register()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
