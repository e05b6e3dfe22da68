"""``cocoon provider join | leave | price``: a provider's own side of the network.

``join`` runs the provider agent (:mod:`cocoon.runtime.agent`, configured through its
``COCOON_PROVIDER_*`` settings: flags over environment over ``[provider]`` in config.toml)
against any gateway: in the foreground (Ctrl-C stops it, Ray cluster included), or with
``--detach`` as a process of its own whose pid and log are recorded under
``$COCOON_HOME/run/agents/ID.json``. Before anything starts (a Ray cluster takes seconds) it
checks that the gateway answers, that it takes the token and that the id is not online already,
so those mistakes are one clear line. Without ``--ray-address`` the agent starts its own local
Ray cluster, which a detached agent keeps in a private folder of its own (as ``cocoon up`` does).

``leave`` asks the gateway to drain the provider (``POST /v1/providers/{id}/leave``: nothing
new is routed there, in-flight calls finish, the agent exits) and, for an agent detached from
this machine, waits for it to exit and stops whatever of it is left. ``price`` changes the
provider's price multiplier live (``POST /v1/providers/{id}/price``). Both use the provider
key: ``--token``, ``COCOON_PROVIDER_TOKEN`` or ``[provider] token``; it is never printed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from pydantic import BaseModel, ValidationError

from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError

from .. import supervisor
from ..sdk import Client
from ..supervisor import Proc, Scope
from .output import CliError, JsonFlag, console, note, print_json, progress

AGENT_MODULE = "cocoon.runtime.agent"
# What the agent logs when its registration is accepted but not yet approved
# (runtime/agent.py): a detached `join` looks for it in the agent's log.
AWAITING_APPROVAL = "awaits an operator's approval"
JOIN_TIMEOUT_S = 180.0
LEAVE_TIMEOUT_S = 120.0
# Settings of the user's environment that would take the agent to another Ray cluster than
# the one it is told to use (``--ray-address``) or starts itself.
FOREIGN_RAY_ENV = ("RAY_ADDRESS", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH",
                   "COCOON_PROVIDER_RAY_TEMP_DIR")

GatewayOpt = Annotated[str | None, typer.Option(
    "--gateway", help="The gateway's URL [default: [provider] gateway_url].")]
TokenOpt = Annotated[str | None, typer.Option(
    "--token", help="Provider key [default: COCOON_PROVIDER_TOKEN or [provider] token].",
    show_default=False)]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="The provider's id.")]


class DetachedAgent(BaseModel):
    """A provider agent started by ``join --detach`` on this machine."""

    id: str
    gateway_url: str
    proc: Proc
    marker: str
    log: str  # the agent's log (COCOON_LOG_FILE)
    out: str  # what it prints outside logging (a crash at start, Ray)
    private_dir: str | None = None  # its own Ray cluster's folder, if it started one

    def scope(self) -> Scope:
        private = Path(self.private_dir) if self.private_dir else None
        return Scope(root=self.proc, marker=self.marker, private_dir=private)


# -- the record of detached agents ---------------------------------------------------------------


def agents_dir() -> Path:
    return config.cocoon_home() / "run" / "agents"


def _record_path(provider_id: str) -> Path:
    if not provider_id or "/" in provider_id or provider_id.startswith("."):
        raise CliError("bad_request", f"not a provider id: {provider_id!r}")
    return agents_dir() / f"{provider_id}.json"


def detached(provider_id: str) -> DetachedAgent | None:
    """The agent ``join --detach`` started for this id here, if recorded."""
    try:
        return DetachedAgent.model_validate_json(_record_path(provider_id).read_text())
    except (FileNotFoundError, ValidationError, ValueError):
        return None


def _save(agent: DetachedAgent) -> None:
    folder = agents_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(_record_path(agent.id), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(agent.model_dump_json())


def _forget(agent: DetachedAgent) -> None:
    if agent.private_dir:
        shutil.rmtree(agent.private_dir, ignore_errors=True)
    _record_path(agent.id).unlink(missing_ok=True)


def stop_detached(agent: DetachedAgent, grace_s: float = 10.0) -> bool:
    """Stop the agent and what it started (its Ray cluster); True if any of it ran."""
    stopped = supervisor.stop([agent.scope()], grace_s=grace_s)
    _forget(agent)
    return bool(stopped)


# -- join ----------------------------------------------------------------------------------------


def _settings(**flags: Any) -> Any:
    from cocoon.runtime.agent import AgentSettings  # the [provider] extra

    return config.load(AgentSettings, "provider", **flags)


def _agent_environment(settings: Any, flags: dict[str, Any]) -> dict[str, str]:
    """``COCOON_PROVIDER_*`` for what the command line and its checks decided (the rest the
    agent reads itself, as this command did: environment over config.toml)."""
    decided = {**flags, "token": settings.token, "gateway_url": settings.gateway_url,
               "id": settings.id, "serve_port": settings.serve_port}
    return {f"COCOON_PROVIDER_{name.upper()}": str(value)
            for name, value in decided.items() if value is not None}


def _check_gateway(settings: Any) -> None:
    """The gateway answers, takes the token, and does not list this id online already."""
    url = settings.gateway_url.rstrip("/")
    if not settings.token:
        raise CliError("unauthorized", "no provider key",
                       hint="--token, COCOON_PROVIDER_TOKEN or [provider] token in config.toml "
                       "(a provider key from the network's operator, `cocoon keys create "
                       "--role provider`)")
    try:
        with httpx.Client(base_url=url, timeout=10, trust_env=False) as http:
            healthy = http.get("/healthz").status_code == 200
            listed = http.get("/v1/providers",
                              headers={"authorization": f"Bearer {settings.token}"})
    except httpx.HTTPError as exc:
        raise CliError("gateway_unreachable", f"cannot reach the gateway at {url} ({exc})",
                       hint="check --gateway ([provider] gateway_url) and that the gateway "
                       "runs") from None
    if listed.status_code == 401:
        raise CliError("unauthorized", f"the gateway at {url} refused the provider key (401)",
                       hint="use a provider key of this network (--token, "
                       "COCOON_PROVIDER_TOKEN or [provider] token)")
    if not healthy or listed.status_code >= 400:
        raise CliError("gateway_unreachable",
                       f"the gateway at {url} is not healthy (HTTP {listed.status_code})",
                       hint="check that it is a Cocoon gateway and that it runs")
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        mine = next((p for p in listed.json() if p.get("id") == settings.id), None)
        if mine and mine.get("online") and mine.get("state", "active") == "active":
            raise CliError("conflict", f"provider {settings.id} is online at {url} already "
                           "(another agent serves it)",
                           hint="choose another --id, or `cocoon provider leave` it first")


def _serve_port(settings: Any, pinned: bool) -> int:
    """The Serve port on this machine (a cluster the agent starts): taken and not pinned by
    the flag, another free one."""
    from .. import embedded

    if settings.ray_address or embedded.port_free(settings.serve_port):
        return int(settings.serve_port)
    if pinned:
        raise CliError("conflict", f"port {settings.serve_port} is taken on this machine",
                       hint="choose another --serve-port")
    port = embedded.free_port()
    note(f"port {settings.serve_port} is taken: Serve uses {port}")
    return port


def _refused(exc: CocoonError, provider_id: str) -> CocoonError:
    """The registration's refusals, with what to do about them."""
    if exc.code == "forbidden" and "taken" in exc.message:
        return CliError("forbidden", f"provider id {provider_id!r} belongs to another account",
                        hint="choose another --id")
    if exc.code == "unauthorized":
        return CliError("unauthorized", "the gateway refused the provider key (401)",
                        hint="--token, COCOON_PROVIDER_TOKEN or [provider] token")
    return exc


def join(
    gateway: GatewayOpt = None,
    token: TokenOpt = None,
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", help="Attach to this Ray cluster [default: start a local one].")]
    = None,
    provider_id: Annotated[str | None, typer.Option(
        "--id", help="The provider's id [default: [provider] id].")] = None,
    price_multiplier: Annotated[float | None, typer.Option(
        "--price-multiplier", min=0.0, max=100.0, help="Your price: the functions' x this.")]
    = None,
    serve_port: Annotated[int | None, typer.Option(
        "--serve-port", min=1, max=65535, help="Ray Serve's HTTP port.")] = None,
    detach: Annotated[bool, typer.Option(
        "--detach", "-d", help="Run in the background; `cocoon provider leave ID` stops it.")]
    = False,
    timeout: Annotated[float, typer.Option(
        help="With --detach: seconds to wait for the registration.")] = JOIN_TIMEOUT_S,
    as_json: JsonFlag = False,
) -> None:
    """Run a provider agent against a gateway: it registers, heartbeats and serves."""
    if price_multiplier is not None and price_multiplier <= 0:
        raise CliError("bad_request", "--price-multiplier must be above 0")
    flags = {"gateway_url": gateway, "token": token, "ray_address": ray_address,
             "id": provider_id, "price_multiplier": price_multiplier, "serve_port": serve_port}
    settings = _settings(**flags)
    _record_path(settings.id)  # a usable id
    running = detached(settings.id)
    if running is not None and running.proc.alive():
        raise CliError("conflict", f"provider {settings.id} already runs here "
                       f"(pid {running.proc.pid})", hint=f"`cocoon provider leave {settings.id}`")
    with progress(f"checking the gateway at {settings.gateway_url}", quiet=as_json):
        _check_gateway(settings)
    flags["serve_port"] = settings.serve_port = _serve_port(settings, serve_port is not None)
    env = _agent_environment(settings, flags)
    if detach:
        _join_detached(settings, env, timeout, as_json)
    else:
        _join_foreground(settings, env)


def _join_foreground(settings: Any, env: dict[str, str]) -> None:
    from cocoon.runtime import agent

    if not settings.ray_address:
        for name in FOREIGN_RAY_ENV:
            os.environ.pop(name, None)
    os.environ.update(env)
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    console.print(f"provider [bold]{settings.id}[/] joining {settings.gateway_url}"
                  + ("" if settings.ray_address else " (starting a local Ray cluster)")
                  + "; Ctrl-C stops it")
    try:
        agent.main()  # its log (to stderr here) says when it registered or awaits approval
    except CocoonError as exc:
        raise _refused(exc, settings.id) from None
    console.print(f"provider [bold]{settings.id}[/] stopped")


def _join_detached(settings: Any, env: dict[str, str], timeout_s: float, as_json: bool) -> None:
    from .. import embedded

    private = None if settings.ray_address else Path(tempfile.mkdtemp(prefix="cocoon-agent-"))
    if private is not None:
        fd = os.open(private / "ray_token", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    logs = embedded.logs_dir()
    log, out = logs / f"agent-{settings.id}.log", logs / f"agent-{settings.id}.out"
    dropped = FOREIGN_RAY_ENV if private is not None else ()
    child_env = {k: v for k, v in os.environ.items() if k not in dropped}
    child_env.update({**env, **embedded.agent_env(private), "COCOON_LOG_FILE": str(log)})
    marker = f"agent/{settings.id}/{secrets.token_hex(6)}"
    log_size = log.stat().st_size if log.exists() else 0
    proc = supervisor.spawn([sys.executable, "-m", AGENT_MODULE], out, child_env, marker)
    agent = DetachedAgent(id=settings.id, gateway_url=settings.gateway_url, proc=proc,
                          marker=marker, log=str(log), out=str(out),
                          private_dir=str(private) if private else None)
    _save(agent)
    try:
        with progress(f"starting provider {settings.id}"
                      + ("" if settings.ray_address else " (local Ray cluster)"),
                      quiet=as_json) as update:
            outcome = _wait_registered(agent, settings.token, log_size, timeout_s, update)
    except BaseException:
        stop_detached(agent)
        raise
    doc = {"id": agent.id, "state": outcome, "pid": proc.pid, "log": agent.log,
           "gateway_url": agent.gateway_url}
    if as_json:
        print_json(doc)
        return
    said = {
        "online": f"[green]provider {agent.id} joined[/] {agent.gateway_url}",
        "awaiting_approval": f"[yellow]provider {agent.id} registered and awaits an operator's "
        f"approval[/] (`cocoon provider approve {agent.id}` with the operator key); the agent "
        "keeps polling",
        "starting": f"[yellow]provider {agent.id} started but has not registered yet[/]",
    }[outcome]
    console.print(said)
    console.print(f"pid {proc.pid}, log {agent.log}; stop it with: "
                  f"[bold]cocoon provider leave {agent.id}[/]")


def _wait_registered(agent: DetachedAgent, token: str, log_from: int, timeout_s: float,
                     update: Any) -> str:
    """``online`` (admitted and seen since it started), ``awaiting_approval`` (its log says
    so), or ``starting`` (neither within the timeout); the agent's own error if it exits."""
    deadline = time.monotonic() + timeout_s
    said = ""
    with httpx.Client(base_url=agent.gateway_url, timeout=5, trust_env=False,
                      headers={"authorization": f"Bearer {token}"}) as http:
        while time.monotonic() < deadline:
            if not agent.proc.alive():
                raise _refused(_exit_reason(agent), agent.id)
            with contextlib.suppress(httpx.HTTPError, ValueError, TypeError, AttributeError):
                mine = next((p for p in http.get("/v1/providers").json()
                             if p.get("id") == agent.id), None)
                if mine and mine["online"] and mine["last_seen_ms"] >= agent.proc.started_ms:
                    return "online"
            if AWAITING_APPROVAL in _read_from(Path(agent.log), log_from):
                return "awaiting_approval"
            if not said:
                update(f"provider {agent.id}: starting, attesting, registering")
                said = "x"
            time.sleep(0.3)
    return "starting"


def _read_from(path: Path, offset: int) -> str:
    try:
        with path.open("rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def _exit_reason(agent: DetachedAgent) -> CocoonError:
    """Why a detached agent exited at start: the last line it printed (its error)."""
    lines = [line.strip() for line in _read_from(Path(agent.out), 0).splitlines()
             if line.strip()]
    last = lines[-1] if lines else "no output"
    _, found, error = last.partition("CocoonError: ")  # an uncaught error: "code: message"
    code, _, message = error.partition(": ")
    if found and code in ("unauthorized", "forbidden"):
        return CocoonError(code, message)
    return CliError("internal", f"the agent exited: {last}", hint=f"see {agent.out}")


# -- leave and price -----------------------------------------------------------------------------


def _provider_client(gateway: str | None, token: str | None, provider_id: str) -> Client:
    settings = _settings(gateway_url=gateway, token=token)
    local = detached(provider_id)
    url = gateway or (local.gateway_url if local is not None else settings.gateway_url)
    if not settings.token:
        raise CliError("unauthorized", "no provider key",
                       hint="--token, COCOON_PROVIDER_TOKEN or [provider] token in config.toml")
    return Client(url, settings.token)


def leave(
    provider_id: IdArg,
    gateway: GatewayOpt = None,
    token: TokenOpt = None,
    timeout: Annotated[float, typer.Option(
        help="Seconds to wait for a local agent to drain and exit.")] = LEAVE_TIMEOUT_S,
    as_json: JsonFlag = False,
) -> None:
    """Drain a provider and leave: in-flight calls finish, its functions go elsewhere.

    An agent started here with ``join --detach`` is stopped once it has left."""
    with _provider_client(gateway, token, provider_id) as client:
        out = client._request("POST", f"/v1/providers/{provider_id}/leave").json()
    local = detached(provider_id)
    stopped = False
    if local is not None:
        with progress(f"provider {provider_id} is draining: waiting for its agent to exit",
                      quiet=as_json):
            deadline = time.monotonic() + timeout
            while local.proc.alive() and time.monotonic() < deadline:
                time.sleep(0.2)
            stop_detached(local)  # gone by itself once drained; what is left of it, now
            stopped = True
    if as_json:
        print_json({**out, "agent_stopped": stopped})
        return
    console.print(f"provider [bold]{out.get('id', provider_id)}[/]: "
                  f"{out.get('state', 'draining')}"
                  + (f"; its agent (pid {local.proc.pid}) stopped" if local is not None else ""))


def price(
    provider_id: IdArg,
    multiplier: Annotated[float, typer.Argument(
        metavar="X", min=0.0, max=100.0, help="The new price multiplier (0 < X <= 100).")],
    gateway: GatewayOpt = None,
    token: TokenOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a provider's price multiplier, live (from the next call on)."""
    if multiplier <= 0:
        raise CliError("bad_request", "the price multiplier must be above 0")
    with _provider_client(gateway, token, provider_id) as client:
        out = client._request("POST", f"/v1/providers/{provider_id}/price",
                              json={"price_multiplier": multiplier}).json()
    if as_json:
        print_json(out)
        return
    console.print(f"provider [bold]{out.get('id', provider_id)}[/]: price multiplier "
                  f"x{out.get('price_multiplier', multiplier):g} from the next call")


def register(app: typer.Typer) -> None:
    """Add these commands to the ``cocoon provider`` group."""
    app.command()(join)
    app.command()(leave)
    app.command()(price)
