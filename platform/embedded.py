"""The embedded network's lifecycle: ``cocoon up``, ``cocoon status``, ``cocoon down``.

A whole network on one machine, all on 127.0.0.1: the gateway and a provider agent that runs a
local Ray cluster with a simulated TEE (the state they share is set up by :mod:`.bootstrap`;
finding and stopping processes is :mod:`.supervisor`'s job). A run is recorded in
``run/network.json``: its id, ports, private directory and, per component, the root process.

- ``up`` starts what is not running, and only that: a dead gateway or agent is restarted on the
  run's ports (the gateway keeps its port even right after a crash: the port probe, like
  uvicorn, binds with ``SO_REUSEADDR``, so sockets in TIME_WAIT do not count as taken). It
  reports ready only from *this* run's data: the provider seen by the gateway since the agent
  started, at this run's endpoint, and every deployed function served again.
- ``status`` tells the truth per component: process alive, gateway answering, provider online.
- ``down`` stops every process of the network, including Ray's that outlived a crashed agent,
  and removes the run's private directory.

Every component gets the same addresses through its environment, whatever the user's own
``COCOON_*`` variables say. The private directory (``mkdtemp``, 0700) holds Ray's temp dir,
the cluster's token file (0600) and the provider's TMPDIR (unpacked function bundles), so none
is shared with other users or other clusters, and ``down`` removes them all. Ray makes its own
folders 0777, but they are inside this one; logs under COCOON_HOME are 0600 in a 0700 folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ValidationError, computed_field, field_validator

from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError

from . import supervisor
from .supervisor import Proc, Scope

LOOPBACK = "127.0.0.1"
PROVIDER_ID = "local"
READY_TIMEOUT_S = 180.0
Component = Literal["gateway", "provider"]
MODULES: dict[Component, str] = {
    "gateway": "cocoon.platform.gateway",
    "provider": "cocoon.runtime.agent",
}
# Settings a user may have in the environment that would take a component off this network
# (another Ray cluster, another database than the one bootstrap set up).
FOREIGN_ENV = {"RAY_ADDRESS", "RAY_AUTH_TOKEN", "COCOON_PROVIDER_RAY_ADDRESS",
               "COCOON_PROVIDER_ENDPOINT", "COCOON_GATEWAY_DATABASE", "COCOON_GATEWAY_DATABASE_URL"}


def __getattr__(name: str) -> Any:
    """State setup lives in :mod:`.bootstrap` (imported on first use: it needs the embedded
    chain); its public names stay reachable from here."""
    if name in ("bootstrap", "STARTING_BALANCE", "WALLET_GAS"):
        from . import bootstrap

        return getattr(bootstrap, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class NetworkState(BaseModel):
    run_id: str
    home: str
    gateway_url: str
    gateway_port: int
    serve_port: int
    private_dir: str
    started_ms: int
    gateway: Proc
    provider: Proc

    @field_validator("private_dir")
    @classmethod
    def _ours(cls, value: str) -> str:
        """Every process using this folder counts as the network's and it is removed on
        ``down``: it must be the folder ``up`` made."""
        path = Path(value)
        if not path.is_absolute() or not path.name.startswith("cocoon-") or ".." in path.parts:
            raise ValueError("not a private folder made by `cocoon up`")
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def gateway_pid(self) -> int:
        return self.gateway.pid

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provider_pid(self) -> int:
        return self.provider.pid

    @property
    def serve_endpoint(self) -> str:
        return f"http://{LOOPBACK}:{self.serve_port}"

    @property
    def ray_dir(self) -> Path:
        return Path(self.private_dir) / "ray"

    @property
    def tmp_dir(self) -> Path:
        """The provider's TMPDIR: unpacked bundles and whatever its functions write to temp
        files stay private to this run and go with it."""
        return Path(self.private_dir) / "tmp"

    @property
    def token_path(self) -> Path:
        return Path(self.private_dir) / "ray_token"

    def scope(self, name: Component) -> Scope:
        private = Path(self.private_dir) if name == "provider" else None
        return Scope(root=getattr(self, name), marker=f"{self.run_id}/{name}", private_dir=private)

    def scopes(self) -> list[Scope]:
        """Those of the components started so far (all of them, once the run is recorded)."""
        return [self.scope(name) for name in MODULES if getattr(self, name, None) is not None]

    def dead(self) -> list[Component]:
        return [name for name in MODULES if not getattr(self, name).alive()]


class Probe(BaseModel):
    """What the gateway says about this run."""

    healthy: bool = False
    provider_online: bool = False
    pending: list[str] = []  # deployed functions the provider does not serve yet
    failed: list[str] = []  # ... that failed to deploy on it


class ComponentStatus(BaseModel):
    pid: int | None = None
    running: bool = False


class Status(BaseModel):
    state: Literal["running", "degraded", "stopped"]
    running: bool
    home: str
    gateway_url: str | None = None
    started_ms: int | None = None
    gateway: ComponentStatus
    provider: ComponentStatus
    gateway_healthy: bool = False
    provider_online: bool = False
    functions_pending: list[str] = []
    functions_failed: list[str] = []
    stray_pids: list[int] = []  # processes of a dead component still running (`up`/`down` end them)


class Started(BaseModel):
    state: NetworkState
    started: list[Component]  # what this `up` (re)started: empty if all was running
    fresh: bool  # a new run (not a restart of parts of the running one)


# -- paths and the run record --------------------------------------------------------------------


def run_dir() -> Path:
    return config.cocoon_home() / "run"


def state_path() -> Path:
    return run_dir() / "network.json"


def _read_state() -> NetworkState | None:
    path = state_path()
    try:
        return NetworkState.model_validate_json(path.read_text())
    except FileNotFoundError:
        return None
    except (ValidationError, ValueError):  # an unreadable record (or an older format's)
        return None


def _save(state: NetworkState) -> None:
    path = state_path()
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(state.model_dump_json())
    tmp.replace(path)


@contextlib.contextmanager
def _locked(wait: bool = True) -> Iterator[None]:
    """One `up` at a time per COCOON_HOME. ``down`` does not wait for an `up` still starting
    (up to READY_TIMEOUT_S): it stops what is recorded, and that `up` then fails and cleans up."""
    run = run_dir()
    run.mkdir(mode=0o700, parents=True, exist_ok=True)
    run.chmod(0o700)
    fd = os.open(run / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        yield
    finally:
        os.close(fd)


def current() -> NetworkState | None:
    """The network if any of its components runs, else None (reads only)."""
    state = _read_state()
    return state if state is not None and len(state.dead()) < len(MODULES) else None


# -- up ------------------------------------------------------------------------------------------


def up(progress: Callable[[str], None] = lambda _: None) -> NetworkState:
    """Start the network, or what of it is not running, and wait until it is ready."""
    return start(progress).state


def start(progress: Callable[[str], None] = lambda _: None) -> Started:
    with _locked():
        state = _read_state()
        if state is not None and not state.dead():
            _wait_ready(state, progress, functions=False)
            return Started(state=state, started=[], fresh=False)
        if state is not None and len(state.dead()) < len(MODULES):
            return _restart(state, progress)
        if state is not None:  # nothing of it runs: clear what it left, start a new run
            _stop(state)
        return _fresh(progress)


def _fresh(progress: Callable[[str], None]) -> Started:
    from .bootstrap import bootstrap

    gateway_port, serve_port = _ports(progress)
    progress("bootstrapping local account")
    bootstrap(gateway_port, serve_port)
    private = Path(tempfile.mkdtemp(prefix="cocoon-"))  # 0700
    state = NetworkState.model_construct(
        run_id=secrets.token_hex(8), home=str(config.cocoon_home()),
        gateway_url=f"http://{LOOPBACK}:{gateway_port}", gateway_port=gateway_port,
        serve_port=serve_port, private_dir=str(private), started_ms=int(time.time() * 1000),
    )
    fd = os.open(state.token_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32))
    try:
        progress("starting gateway")
        state.gateway = _spawn(state, "gateway")
        progress("starting provider (local Ray cluster, simulated TEE)")
        state.provider = _spawn(state, "provider")
        state = NetworkState.model_validate(state.model_dump())
        _save(state)
        _wait_ready(state, progress, functions=True)
    except BaseException:
        _stop(state)
        raise
    return Started(state=state, started=list(MODULES), fresh=True)


def _restart(state: NetworkState, progress: Callable[[str], None]) -> Started:
    """Restart the dead components on the run's ports; the live ones are left alone."""
    dead = state.dead()
    for name in dead:
        progress(f"the {name} is not running: restarting it")
        supervisor.stop([state.scope(name)])  # what it left behind (Ray after an agent crash)
        if name == "provider":
            shutil.rmtree(state.ray_dir, ignore_errors=True)
            shutil.rmtree(state.tmp_dir, ignore_errors=True)
        port = state.gateway_port if name == "gateway" else state.serve_port
        if not port_free(port):
            raise CocoonError(
                "conflict", f"port {port} on {LOOPBACK} is taken by another program; "
                "stop it, or `cocoon down` and start again on another port")
        setattr(state, name, _spawn(state, name))
        _save(state)
    _wait_ready(state, progress, functions="provider" in dead)
    return Started(state=state, started=dead, fresh=False)


def _ports(progress: Callable[[str], None]) -> tuple[int, int]:
    """The configured gateway and Serve ports (environment over file); one that another
    program holds is replaced by a free one, unless the environment pins it."""
    from cocoon.runtime.agent import AgentSettings

    from .gateway.settings import GatewaySettings

    wanted = [
        ("gateway", "port", GatewaySettings.load().port),
        ("provider", "serve_port", config.load(AgentSettings, "provider").serve_port),
    ]
    chosen: list[int] = []
    for section, name, port in wanted:
        if port and port not in chosen and port_free(port):
            chosen.append(port)
            continue
        if _pinned(section, name):
            raise CocoonError(
                "conflict", f"{section} {name} {port} on {LOOPBACK} is taken by another "
                f"program (set by COCOON_{section.upper()}_{name.upper()})")
        other = free_port()
        if port:
            progress(f"port {port} is taken: the {section} uses {other}")
        chosen.append(other)
    return chosen[0], chosen[1]


def _pinned(section: str, name: str) -> bool:
    prefix = f"COCOON_{section.upper()}_"
    return any(f"{prefix}{sep}{name.upper()}" in os.environ for sep in ("", "_"))


def port_free(port: int) -> bool:
    """Can a server listen on this loopback port? Bound with SO_REUSEADDR, as uvicorn and
    Ray Serve do, so connections of an earlier run in TIME_WAIT do not make it look taken."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((LOOPBACK, port))
            s.listen()
        except OSError:
            return False
    return True


def free_port(preferred: int = 0) -> int:
    """``preferred`` if a server may listen on it, else a free loopback port."""
    if preferred and port_free(preferred):
        return preferred
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _spawn(state: NetworkState, name: Component) -> Proc:
    logs = config.cocoon_home() / "logs"
    logs.mkdir(mode=0o700, parents=True, exist_ok=True)
    logs.chmod(0o700)
    env = {k: v for k, v in os.environ.items()
           if k.replace("__", "_") not in FOREIGN_ENV}  # COCOON_GATEWAY__DATABASE too
    env.update({
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # Ray stays on loopback
        "PYTHONUNBUFFERED": "1",
        "COCOON_GATEWAY_HOST": LOOPBACK,
        "COCOON_GATEWAY_PORT": str(state.gateway_port),
        "COCOON_PROVIDER_ID": PROVIDER_ID,
        "COCOON_PROVIDER_GATEWAY_URL": state.gateway_url,
        "COCOON_PROVIDER_SERVE_HOST": LOOPBACK,
        "COCOON_PROVIDER_SERVE_PORT": str(state.serve_port),
        "COCOON_PROVIDER_RAY_TEMP_DIR": str(state.ray_dir),
        "RAY_AUTH_MODE": "token",  # the cluster's own token, not ~/.ray/auth_token
        "RAY_AUTH_TOKEN_PATH": str(state.token_path),
        "COCOON_LOG_FILE": str(logs / f"{name}.log"),  # rotated by the component (runtime/logs)
    })
    if name == "provider":
        state.tmp_dir.mkdir(mode=0o700, exist_ok=True)
        env["TMPDIR"] = str(state.tmp_dir)
    argv = [sys.executable, "-m", MODULES[name]]
    # what the process prints outside logging (a crash at start, Ray) goes beside it
    return supervisor.spawn(argv, logs / f"{name}.out", env, f"{state.run_id}/{name}")


def _wait_ready(
    state: NetworkState, progress: Callable[[str], None], *, functions: bool
) -> Probe:
    """Wait until the gateway answers and the provider started by this run is online at it;
    with ``functions`` (a new agent), also until every deployed function is served again (or
    failed to deploy) by that provider."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    said = ""
    with _gateway(state, timeout_s=5) as http:
        while True:
            for name in MODULES:
                if not getattr(state, name).alive():
                    log = config.cocoon_home() / "logs" / name
                    raise CocoonError("internal", f"the {name} exited during start-up; see "
                                      f"{log}.log and {log}.out")
            probe = _probe(http, state)
            if not functions:
                probe.pending = []
            if probe.healthy and probe.provider_online and not probe.pending:
                for name in probe.failed:
                    progress(f"{name} failed to deploy on the provider (`cocoon functions`)")
                return probe
            stage = ("waiting for the gateway" if not probe.healthy else
                     "waiting for the provider to attest and register"
                     if not probe.provider_online
                     else f"waiting for the provider to serve {', '.join(probe.pending)}")
            if stage != said:
                progress(stage)
                said = stage
            if time.monotonic() > deadline:
                raise CocoonError("provider_timeout",
                                  f"the embedded network is not ready ({stage}); see "
                                  f"{config.cocoon_home() / 'logs'}")
            time.sleep(0.3)


def _gateway(state: NetworkState, timeout_s: float) -> httpx.Client:
    api_key = config.read_file().get("client", {}).get("api_key")
    return httpx.Client(base_url=state.gateway_url, timeout=timeout_s, trust_env=False,
                        headers={"authorization": f"Bearer {api_key}"})


def _probe(http: httpx.Client, state: NetworkState) -> Probe:
    try:
        if http.get("/healthz").status_code != 200:
            return Probe()
    except httpx.HTTPError:
        return Probe()
    probe = Probe(healthy=True)
    try:
        providers = http.get("/v1/providers").json()
        functions = http.get("/v1/functions").json()
        mine = next((p for p in providers if p.get("id") == PROVIDER_ID), None)
        probe.provider_online = bool(
            mine and mine["online"] and mine["endpoint"] == state.serve_endpoint
            and mine["last_seen_ms"] >= state.provider.started_ms  # this run's agent
        )
        for f in functions:
            placed = {p["provider"]: p["state"] for p in f.get("placements", [])}
            if placed.get(PROVIDER_ID) == "failed":
                probe.failed.append(f["name"])
            elif placed.get(PROVIDER_ID) != "ready":
                probe.pending.append(f["name"])
    except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError):
        probe.provider_online = False
    return probe


# -- status and down ----------------------------------------------------------------------------


def status() -> Status:
    """The truth per component, for this COCOON_HOME (reads only)."""
    home = str(config.cocoon_home())
    state = _read_state()
    if state is None:
        return Status(state="stopped", running=False, home=home,
                      gateway=ComponentStatus(), provider=ComponentStatus())
    dead = state.dead()
    probe = Probe()
    if "gateway" not in dead:
        with _gateway(state, timeout_s=2) as http:
            probe = _probe(http, state)
    strays = sorted(supervisor.members([state.scope(n) for n in dead])) if dead else []
    ok = not dead and probe.healthy and probe.provider_online
    alive = len(dead) < len(MODULES) or bool(strays)
    return Status(
        state="running" if ok else "degraded" if alive else "stopped",
        running=ok, home=home, gateway_url=state.gateway_url, started_ms=state.started_ms,
        gateway=ComponentStatus(pid=state.gateway.pid, running="gateway" not in dead),
        provider=ComponentStatus(pid=state.provider.pid, running="provider" not in dead),
        gateway_healthy=probe.healthy,
        provider_online=probe.provider_online and "provider" not in dead,  # not a stale row
        functions_pending=probe.pending, functions_failed=probe.failed, stray_pids=strays,
    )


def down(timeout_s: float = 10.0) -> bool:
    """Stop every process of the network and remove its private directory. True if anything
    of it was still running."""
    if not state_path().is_file():
        return False
    with _locked(wait=False):
        state = _read_state()
        if state is None:
            state_path().unlink(missing_ok=True)
            return False
        return bool(_stop(state, timeout_s))


def _stop(state: NetworkState, timeout_s: float = 10.0) -> set[int]:
    stopped = supervisor.stop(state.scopes(), grace_s=timeout_s)
    shutil.rmtree(state.private_dir, ignore_errors=True)
    state_path().unlink(missing_ok=True)
    return stopped


def network_processes(roots: set[int]) -> set[int]:
    """Every live process of the network whose root processes (gateway, agent) are ``roots``,
    from any COCOON_HOME: each root's marker is read from its own environment."""
    scopes = []
    for pid in roots:
        start = supervisor.start_time(pid)
        marker = supervisor.marker_of(pid)
        if start is not None and marker is not None:
            scopes.append(Scope(root=Proc(pid=pid, start=start, started_ms=0), marker=marker))
    return supervisor.members(scopes)
