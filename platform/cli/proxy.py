"""``cocoon proxy [--port 8480] [--detach]`` and ``cocoon proxy stop``: the OpenAI API on
127.0.0.1 (:mod:`cocoon.platform.openai_proxy`), so the official ``openai`` package works with
``base_url="http://127.0.0.1:8480/v1"`` and a Cocoon API key as ``api_key``.

In the foreground Ctrl-C stops it; ``--detach`` runs it as a process of its own, recorded under
``$COCOON_HOME/run/proxy.json`` (pid, port, log) for ``stop``. The proxy takes the gateway's URL
and the client policy from ``[client]`` in config.toml (``--gateway`` overrides the URL); the
API key comes with each request, never from the proxy's own configuration.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Annotated

import httpx
import typer
from pydantic import BaseModel, ValidationError

from cocoon.runtime import config

from .. import supervisor
from ..openai_proxy import DEFAULT_PORT, LOOPBACK, ProxyServer
from ..supervisor import Proc, Scope
from .command import App
from .output import CliError, JsonFlag, console, handles_errors, print_json, progress

PROXY_MODULE = "cocoon.platform.openai_proxy"
START_TIMEOUT_S = 30.0

app = App(help="The OpenAI API on 127.0.0.1, sealed to attested runtimes.",
          no_args_is_help=False, invoke_without_command=True)


class DetachedProxy(BaseModel):
    """A proxy started by ``cocoon proxy --detach`` on this machine."""

    proc: Proc
    marker: str
    port: int
    log: str

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/v1"


def _record() -> Path:
    return config.cocoon_home() / "run" / "proxy.json"


def detached() -> DetachedProxy | None:
    try:
        return DetachedProxy.model_validate_json(_record().read_text())
    except (FileNotFoundError, ValidationError, ValueError):
        return None


def _save(proxy: DetachedProxy) -> None:
    _record().parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(_record(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(proxy.model_dump_json())


def _stop(proxy: DetachedProxy) -> bool:
    stopped = supervisor.stop([Scope(root=proxy.proc, marker=proxy.marker)], grace_s=5.0)
    _record().unlink(missing_ok=True)
    return bool(stopped)


def _answers(port: int) -> bool:
    with contextlib.suppress(httpx.HTTPError), httpx.Client(timeout=2, trust_env=False) as http:
        return http.get(f"http://{LOOPBACK}:{port}/healthz").status_code == 200
    return False


@app.callback()
@handles_errors
def proxy(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535,
                                      help="Listen on 127.0.0.1:PORT.")] = DEFAULT_PORT,
    gateway: Annotated[str | None, typer.Option(
        "--gateway", help="The gateway's URL [default: \\[client] gateway_url].")] = None,
    detach: Annotated[bool, typer.Option(
        "--detach", "-d", help="Run in the background; `cocoon proxy stop` stops it.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Serve the OpenAI API on 127.0.0.1 (model = function name, api_key = Cocoon API key)."""
    if ctx.invoked_subcommand is not None:
        return
    from .. import embedded

    running = detached()
    if running is not None and running.proc.alive():
        raise CliError("conflict", f"a proxy already runs here at {running.url} "
                       f"(pid {running.proc.pid})", hint="`cocoon proxy stop`")
    if not embedded.port_free(port):
        raise CliError("conflict", f"port {port} is taken on 127.0.0.1",
                       hint="choose another --port")
    if detach:
        _start_detached(port, gateway, as_json)
        return
    if gateway:
        os.environ["COCOON_CLIENT_GATEWAY_URL"] = gateway
    server = ProxyServer(port)
    console.print(f"OpenAI API at [bold]http://{LOOPBACK}:{port}/v1[/] (api_key: a Cocoon API "
                  "key, model: a function name); Ctrl-C stops it")
    server.run()


def _start_detached(port: int, gateway: str | None, as_json: bool) -> None:
    from .. import embedded

    log = embedded.logs_dir() / "proxy.out"
    env = dict(os.environ)
    if gateway:
        env["COCOON_CLIENT_GATEWAY_URL"] = gateway
    marker = f"proxy/{secrets.token_hex(6)}"
    proc = supervisor.spawn([sys.executable, "-m", PROXY_MODULE, "--port", str(port)], log, env,
                            marker)
    started = DetachedProxy(proc=proc, marker=marker, port=port, log=str(log))
    _save(started)
    with progress(f"starting the proxy on 127.0.0.1:{port}", quiet=as_json):
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(port):
            if not proc.alive() or time.monotonic() > deadline:
                _stop(started)
                raise CliError("internal", "the proxy did not start", hint=f"see {log}")
            time.sleep(0.1)
    if as_json:
        print_json({"url": started.url, "pid": proc.pid, "log": started.log})
        return
    console.print(f"[green]OpenAI API at[/] [bold]{started.url}[/] (pid {proc.pid}, log "
                  f"{log}); stop it with: [bold]cocoon proxy stop[/]")


@app.command()
def stop(as_json: JsonFlag = False) -> None:
    """Stop the proxy that `cocoon proxy --detach` started."""
    running = detached()
    stopped = running is not None and _stop(running)
    if as_json:
        print_json({"stopped": stopped})
        return
    console.print("proxy stopped" if stopped else "no proxy was running")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="proxy")
