"""``cocoon``: the command line for developers, clients and providers.

One module per command group (functions, account, providers, wallet, channel, settle, attest,
demo); every command runs through the one error handler of :mod:`.command`. The server side
(Ray, the embedded chain) is imported on first use, so a client-only install still runs
``cocoon --help`` and says what to install for the rest.
"""

from __future__ import annotations

import signal
import time
from typing import Annotated

import typer

import cocoon
from cocoon.runtime import config

from .. import embedded
from . import (
    account,
    attest,
    channel,
    demo,
    earnings,
    functions,
    jobs,
    policy,
    provider_admin,
    provider_agent,
    providers,
    proxy,
    settle,
    wallet,
)
from .command import App, RootGroup
from .output import JsonFlag, console, handles_errors, print_json, progress, table

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
    providers: Annotated[int | None, typer.Option(
        "--providers", "-n", min=1, max=embedded.MAX_PROVIDERS,
        help="Provider agents (local, local-2, ...), each on its own Ray cluster "
        "[default: 1, or as many as the running network has]")] = None,
) -> None:
    """Start the embedded network: gateway + provider(s) (local Ray, simulated TEE) on 127.0.0.1.

    On a network that is already up, restarts what has died (only that)."""
    with progress("starting the embedded network") as update:
        outcome = embedded.start(update, providers)
    state = outcome.state
    if outcome.fresh:
        verb = "ready"
    elif outcome.started:
        verb = f"ready again (restarted the {' and the '.join(outcome.started)})"
    else:
        verb = "already running"
    console.print(f"[green]Cocoon network {verb}[/] at [bold]{state.gateway_url}[/]"
                  + (f" with providers {', '.join(p.id for p in state.providers)}"
                     if len(state.providers) > 1 else ""))
    console.print(f"state: {state.home}   stop it with: [bold]cocoon down[/]")
    console.print(f"Mini App and dashboard: [bold]{state.gateway_url}/app/[/] (sign in with "
                  f"the \\[client] api_key of {config.config_path()})")
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
    """Stop the embedded network and every process it started (Ray's included)."""
    with progress("stopping the embedded network"):
        stopped = embedded.down()
    console.print("stopped" if stopped else "nothing was running")


@app.command()
@handles_errors
def status(as_json: JsonFlag = False) -> None:
    """Is the embedded network up: each process, the gateway's health, each provider."""
    s = embedded.status()
    if as_json:
        print_json(s)
        return
    if s.state == "stopped":
        console.print("not running ([bold]cocoon up[/] starts it)")
        return
    colour = "green" if s.running else "yellow"
    console.print(f"[{colour}]{s.state}[/] at [bold]{s.gateway_url}[/] (state in {s.home})")
    alive = {True: "running", False: "dead"}
    rows = [["gateway", s.gateway.pid, alive[s.gateway.running],
             "health check " + ("answering" if s.gateway_healthy else "not answering")]]
    rows += [[f"provider {p.id}", p.pid, alive[p.running],
              ("online" if p.online else "not online") + f" at the gateway (Serve :{p.serve_port})"]
             for p in s.providers]
    table("components", ["component", "pid", "process", "state"], rows)
    if s.functions_pending:
        console.print(f"  not served yet: {', '.join(s.functions_pending)}")
    if s.functions_failed:
        console.print(f"  [red]failed to deploy[/]: {', '.join(s.functions_failed)}")
    if s.stray_pids:
        console.print(f"  {len(s.stray_pids)} processes of a dead component still run")
    if not s.running:
        console.print("[bold]cocoon up[/] restarts what is dead; [bold]cocoon down[/] stops all")


def _register() -> None:
    functions.register(app)
    jobs.register(app)
    providers.register(app)
    provider_agent.register(provider_admin.app)  # the provider's own: join, leave, price
    account.register(app)
    app.add_typer(wallet.app, name="wallet")
    app.add_typer(channel.app, name="channel")
    settle.register(app)
    earnings.register(app)
    app.add_typer(attest.app, name="attest")
    app.add_typer(policy.app, name="policy")
    demo.register(app)
    proxy.register(app)


_register()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
