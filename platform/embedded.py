"""The embedded network's lifecycle: ``cocoon up``, ``cocoon status``, ``cocoon down``.

A whole network on one machine, all on 127.0.0.1: the gateway and one or more provider agents
(``local``, ``local-2``, ...), each running a local Ray cluster of its own with a simulated TEE
(the state they share is set up by :mod:`.bootstrap`; finding and stopping processes is
:mod:`.supervisor`'s job). A run is recorded in ``run/network.json``: its id, the gateway's port
and root process, and per provider its id, Serve port, private directory and root process.

- ``up`` starts what is not running, and only that: a dead gateway or agent is restarted on the
  run's ports (the gateway keeps its port even right after a crash: the port probe, like
  uvicorn, binds with ``SO_REUSEADDR``, so sockets in TIME_WAIT do not count as taken). It
  reports ready only from *this* run's data: every provider seen by the gateway since its agent
  started, at its endpoint, and every deployed function served again.
- ``status`` tells the truth per component: process alive, gateway answering, provider online.
- ``down`` stops every process of the network, including Ray's that outlived a crashed agent,
  and removes the providers' private directories.

Every component gets the same addresses through its environment, whatever the user's own
``COCOON_*`` variables say. Each provider's private directory (``mkdtemp``, 0700) holds its Ray
cluster's temp dir, the cluster's token file (0600) and the provider's TMPDIR (unpacked function
bundles), so none is shared with other users or other clusters (each cluster has its own GCS,
raylet and Serve ports: Ray picks free ones, Serve gets the recorded one), and ``down`` removes
them all. Ray makes its own folders 0777, but they are inside this one; logs under COCOON_HOME
are 0600 in a 0700 folder.
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
from pydantic import BaseModel, ValidationError, computed_field, field_validator, model_validator

from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError

from . import supervisor
from .supervisor import Proc, Scope

LOOPBACK = "127.0.0.1"
PROVIDER_ID = "local"
READY_TIMEOUT_S = 180.0
MAX_PROVIDERS = 16
Kind = Literal["gateway", "provider"]
MODULES: dict[Kind, str] = {
    "gateway": "cocoon.platform.gateway",
    "provider": "cocoon.runtime.agent",
}
# Settings a user may have in the environment that would take a component off this network
# (another Ray cluster, another database than the one bootstrap set up).
FOREIGN_ENV = {"RAY_ADDRESS", "RAY_AUTH_TOKEN", "COCOON_PROVIDER_RAY_ADDRESS",
               "COCOON_PROVIDER_ENDPOINT", "COCOON_GATEWAY_DATABASE", "COCOON_GATEWAY_DATABASE_URL"}
# Placement states in which a provider serves a version (``idle``: scaled to zero, woken on
# demand) and in which it gave up on one; any other state is a deploy still under way.
SERVED_STATES = ("ready", "idle")


def __getattr__(name: str) -> Any:
    """State setup lives in :mod:`.bootstrap` (imported on first use: it needs the embedded
    chain); its public names stay reachable from here."""
    if name in ("bootstrap", "STARTING_BALANCE", "WALLET_GAS"):
        from . import bootstrap

        return getattr(bootstrap, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def provider_ids(count: int) -> list[str]:
    """The ids of a local network's providers: ``local``, ``local-2``, ``local-3``, ..."""
    return [PROVIDER_ID if i == 1 else f"{PROVIDER_ID}-{i}" for i in range(1, count + 1)]


def _private(value: str) -> str:
    """Every process using a provider's folder counts as the network's and the folder is
    removed on ``down``: it must be a folder ``up`` made."""
    path = Path(value)
    if not path.is_absolute() or not path.name.startswith("cocoon-") or ".." in path.parts:
        raise ValueError("not a private folder made by `cocoon up`")
    return value


class ProviderRun(BaseModel):
    """One provider agent of the run and the Ray cluster it starts."""

    id: str
    serve_port: int
    private_dir: str
    proc: Proc

    _check_dir = field_validator("private_dir")(_private)

    @property
    def component(self) -> str:
        """Its name in logs and process markers (``provider`` for the first, as before)."""
        return "provider" if self.id == PROVIDER_ID else f"provider-{self.id}"

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


class NetworkState(BaseModel):
    run_id: str
    home: str
    gateway_url: str
    gateway_port: int
    started_ms: int
    gateway: Proc
    providers: list[ProviderRun]

    @model_validator(mode="before")
    @classmethod
    def _one_provider_record(cls, data: Any) -> Any:
        """A record of a network started before ``--providers`` (one agent, ``provider``)."""
        if isinstance(data, dict) and "providers" not in data and "provider" in data:
            data = {**data, "providers": [{
                "id": PROVIDER_ID, "serve_port": data.get("serve_port"),
                "private_dir": data.get("private_dir"), "proc": data["provider"]}]}
        return data

    @field_validator("providers")
    @classmethod
    def _some(cls, value: list[ProviderRun]) -> list[ProviderRun]:
        if not value or len({p.id for p in value}) != len(value):
            raise ValueError("a run has one or more providers, each id once")
        return value

    # The first provider's, as recorded before there could be several (scripts read them).
    @computed_field  # type: ignore[prop-decorator]
    @property
    def gateway_pid(self) -> int:
        return self.gateway.pid

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provider_pid(self) -> int:
        return self.providers[0].proc.pid

    @computed_field  # type: ignore[prop-decorator]
    @property
    def serve_port(self) -> int:
        return self.providers[0].serve_port

    @computed_field  # type: ignore[prop-decorator]
    @property
    def private_dir(self) -> str:
        return self.providers[0].private_dir

    @property
    def provider(self) -> Proc:
        return self.providers[0].proc

    def provider_run(self, component: str) -> ProviderRun | None:
        return next((p for p in self.providers if p.component == component), None)

    def scope(self, component: str) -> Scope:
        run = self.provider_run(component)
        if run is None:
            return Scope(root=self.gateway, marker=f"{self.run_id}/gateway")
        return Scope(root=run.proc, marker=f"{self.run_id}/{component}",
                     private_dir=Path(run.private_dir))

    def components(self) -> list[str]:
        return ["gateway", *(p.component for p in self.providers)]

    def scopes(self) -> list[Scope]:
        """Those of the components started so far (all of them, once the run is recorded)."""
        started = [("gateway", getattr(self, "gateway", None)),
                   *((p.component, getattr(p, "proc", None)) for p in self.providers)]
        return [self.scope(name) for name, proc in started if proc is not None]

    def proc(self, component: str) -> Proc:
        run = self.provider_run(component)
        return self.gateway if run is None else run.proc

    def dead(self) -> list[str]:
        return [name for name in self.components() if not self.proc(name).alive()]


class Probe(BaseModel):
    """What the gateway says about this run."""

    healthy: bool = False
    online: dict[str, bool] = {}  # per provider id: seen since its agent started, at its endpoint
    pending: list[str] = []  # deployed functions the providers do not serve yet
    failed: list[str] = []  # ... that failed to deploy on them

    @property
    def provider_online(self) -> bool:
        return bool(self.online) and all(self.online.values())


class ComponentStatus(BaseModel):
    pid: int | None = None
    running: bool = False


class ProviderStatus(ComponentStatus):
    id: str
    serve_port: int
    online: bool = False  # registered at the gateway by this run's agent, and live there


class Status(BaseModel):
    state: Literal["running", "degraded", "stopped"]
    running: bool
    home: str
    gateway_url: str | None = None
    started_ms: int | None = None
    gateway: ComponentStatus
    provider: ComponentStatus  # the first provider (``local``)
    providers: list[ProviderStatus] = []
    gateway_healthy: bool = False
    provider_online: bool = False  # every provider
    functions_pending: list[str] = []
    functions_failed: list[str] = []
    stray_pids: list[int] = []  # processes of a dead component still running (`up`/`down` end them)


class Started(BaseModel):
    state: NetworkState
    started: list[str]  # components this `up` (re)started: empty if all was running
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
    return state if state is not None and len(state.dead()) < len(state.components()) else None


# -- up ------------------------------------------------------------------------------------------


def up(progress: Callable[[str], None] = lambda _: None, providers: int | None = None
       ) -> NetworkState:
    """Start the network, or what of it is not running, and wait until it is ready."""
    return start(progress, providers).state


def start(progress: Callable[[str], None] = lambda _: None, providers: int | None = None
          ) -> Started:
    """``providers``: how many provider agents (each its own Ray cluster); None: as many as the
    recorded run has (one for a new run)."""
    if providers is not None and not 1 <= providers <= MAX_PROVIDERS:
        raise CocoonError("bad_request", f"--providers takes 1 to {MAX_PROVIDERS}")
    with _locked():
        state = _read_state()
        alive = state is not None and len(state.dead()) < len(state.components())
        if state is not None and alive and providers not in (None, len(state.providers)):
            raise CocoonError(
                "conflict", f"the network runs with {len(state.providers)} provider(s); "
                f"`cocoon down` first to start it with {providers}")
        if state is not None and not state.dead():
            _wait_ready(state, progress, functions=False)
            return Started(state=state, started=[], fresh=False)
        if state is not None and alive:
            return _restart(state, progress)
        count = providers or (len(state.providers) if state is not None else 1)
        if state is not None:  # nothing of it runs: clear what it left, start a new run
            _stop(state)
        return _fresh(progress, count)


def _fresh(progress: Callable[[str], None], count: int) -> Started:
    from .bootstrap import bootstrap

    gateway_port, serve_port = _ports(progress)
    serve_ports = [serve_port]
    while len(serve_ports) < count:  # the others: free ports, Ray Serve's own for each cluster
        port = free_port()
        if port not in serve_ports and port != gateway_port:
            serve_ports.append(port)
    ids = provider_ids(count)
    progress("bootstrapping local account")
    bootstrap(gateway_port, serve_port, ids)
    runs = []
    for provider_id, port in zip(ids, serve_ports, strict=True):
        private = Path(tempfile.mkdtemp(prefix="cocoon-"))  # 0700
        fd = os.open(private / "ray_token", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        runs.append(ProviderRun.model_construct(id=provider_id, serve_port=port,
                                                private_dir=str(private)))
    state = NetworkState.model_construct(
        run_id=secrets.token_hex(8), home=str(config.cocoon_home()),
        gateway_url=f"http://{LOOPBACK}:{gateway_port}", gateway_port=gateway_port,
        started_ms=int(time.time() * 1000), providers=runs,
    )
    try:
        progress("starting gateway")
        state.gateway = _spawn(state, "gateway")
        cpus = _cpus_each(count)
        for run in runs:
            progress(f"starting provider {run.id} (local Ray cluster, simulated TEE)"
                     if count > 1 else "starting provider (local Ray cluster, simulated TEE)")
            run.proc = _spawn(state, run.component, cpus)
        state = NetworkState.model_validate(state.model_dump())
        _save(state)
        _wait_ready(state, progress, functions=True)
    except BaseException:
        _stop(state)
        raise
    return Started(state=state, started=state.components(), fresh=True)


def _cpus_each(count: int) -> int | None:
    """CPUs each of ``count`` local Ray clusters announces: a share of this machine's (at least
    one), so that N clusters do not each claim every core and take more work than it can do.
    None (Ray counts the cores) for one provider, or where ``[provider] num_cpus`` is set."""
    from cocoon.runtime.agent import AgentSettings

    if count == 1 or config.load(AgentSettings, "provider").num_cpus is not None:
        return None
    return max(1, (os.cpu_count() or 1) // count)


def _restart(state: NetworkState, progress: Callable[[str], None]) -> Started:
    """Restart the dead components on the run's ports; the live ones are left alone."""
    dead = state.dead()
    cpus = _cpus_each(len(state.providers))
    for name in dead:
        progress(f"the {name} is not running: restarting it")
        supervisor.stop([state.scope(name)])  # what it left behind (Ray after an agent crash)
        run = state.provider_run(name)
        if run is not None:
            shutil.rmtree(run.ray_dir, ignore_errors=True)
            shutil.rmtree(run.tmp_dir, ignore_errors=True)
        port = state.gateway_port if run is None else run.serve_port
        if not port_free(port):
            raise CocoonError(
                "conflict", f"port {port} on {LOOPBACK} is taken by another program; "
                "stop it, or `cocoon down` and start again on another port")
        if run is None:
            state.gateway = _spawn(state, name)
        else:
            run.proc = _spawn(state, name, cpus)
        _save(state)
    _wait_ready(state, progress, functions=any(n != "gateway" for n in dead))
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


def agent_env(private_dir: Path | None) -> dict[str, str]:
    """What a provider agent's environment holds beside its ``COCOON_PROVIDER_*`` settings:
    Ray on loopback and, for a cluster it starts in ``private_dir``, that folder's token and
    TMPDIR (see the module docstring). ``cocoon provider join --detach`` uses it too."""
    env = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "PYTHONUNBUFFERED": "1"}
    if private_dir is not None:
        (private_dir / "tmp").mkdir(mode=0o700, exist_ok=True)
        env.update({
            "COCOON_PROVIDER_RAY_TEMP_DIR": str(private_dir / "ray"),
            "RAY_AUTH_MODE": "token",  # the cluster's own token, not ~/.ray/auth_token
            "RAY_AUTH_TOKEN_PATH": str(private_dir / "ray_token"),
            "TMPDIR": str(private_dir / "tmp"),
        })
    return env


def logs_dir() -> Path:
    logs = config.cocoon_home() / "logs"
    logs.mkdir(mode=0o700, parents=True, exist_ok=True)
    logs.chmod(0o700)
    return logs


def _spawn(state: NetworkState, name: str, cpus: int | None = None) -> Proc:
    logs = logs_dir()
    run = state.provider_run(name)
    env = {k: v for k, v in os.environ.items()
           if k.replace("__", "_") not in FOREIGN_ENV}  # COCOON_GATEWAY__DATABASE too
    env.update({
        "COCOON_GATEWAY_HOST": LOOPBACK,
        "COCOON_GATEWAY_PORT": str(state.gateway_port),
        "COCOON_PROVIDER_GATEWAY_URL": state.gateway_url,
        "COCOON_PROVIDER_SERVE_HOST": LOOPBACK,
        "COCOON_LOG_FILE": str(logs / f"{name}.log"),  # rotated by the component (runtime/logs)
        **agent_env(Path(run.private_dir) if run is not None else None),
    })
    if run is not None:
        env.update({"COCOON_PROVIDER_ID": run.id,
                    "COCOON_PROVIDER_SERVE_PORT": str(run.serve_port)})
        if cpus is not None:
            env["COCOON_PROVIDER_NUM_CPUS"] = str(cpus)
    argv = [sys.executable, "-m", MODULES["gateway" if run is None else "provider"]]
    # what the process prints outside logging (a crash at start, Ray) goes beside it
    return supervisor.spawn(argv, logs / f"{name}.out", env, f"{state.run_id}/{name}")


def _wait_ready(
    state: NetworkState, progress: Callable[[str], None], *, functions: bool
) -> Probe:
    """Wait until the gateway answers and every provider started by this run is online at it;
    with ``functions`` (a new agent), also until every deployed function is served again (or
    failed to deploy) by the providers."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    said = ""
    with _gateway(state, timeout_s=5) as http:
        while True:
            for name in state.components():
                if not state.proc(name).alive():
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
            waiting = [pid for pid, online in probe.online.items() if not online]
            stage = ("waiting for the gateway" if not probe.healthy else
                     "waiting for the provider to attest and register" if waiting and len(
                         state.providers) == 1
                     else f"waiting for {', '.join(waiting)} to attest and register" if waiting
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
    ids = [run.id for run in state.providers]
    try:
        if http.get("/healthz").status_code != 200:
            return Probe(online=dict.fromkeys(ids, False))
    except httpx.HTTPError:
        return Probe(online=dict.fromkeys(ids, False))
    probe = Probe(healthy=True, online=dict.fromkeys(ids, False))
    try:
        seen = {p.get("id"): p for p in http.get("/v1/providers").json()}
        functions = http.get("/v1/functions").json()
        for run in state.providers:
            mine = seen.get(run.id)
            probe.online[run.id] = bool(
                mine and mine["online"] and mine["endpoint"] == run.serve_endpoint
                and mine["last_seen_ms"] >= run.proc.started_ms  # this run's agent
            )
        for f in functions:
            placed = {p["provider"]: p["state"] for p in f.get("placements", [])
                      if p["provider"] in probe.online}
            states = set(placed.values())
            if states & set(SERVED_STATES):
                if states - set(SERVED_STATES) - {"failed", "retired"}:
                    probe.pending.append(f["name"])  # served, and still deploying elsewhere
            elif "failed" in states:
                probe.failed.append(f["name"])
            else:
                probe.pending.append(f["name"])
    except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError):
        probe.online = dict.fromkeys(ids, False)
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
    alive = len(dead) < len(state.components()) or bool(strays)
    providers = [
        ProviderStatus(id=run.id, serve_port=run.serve_port, pid=run.proc.pid,
                       running=run.component not in dead,
                       online=probe.online.get(run.id, False) and run.component not in dead)
        for run in state.providers  # online only while it runs: not a stale row
    ]
    return Status(
        state="running" if ok else "degraded" if alive else "stopped",
        running=ok, home=home, gateway_url=state.gateway_url, started_ms=state.started_ms,
        gateway=ComponentStatus(pid=state.gateway.pid, running="gateway" not in dead),
        provider=ComponentStatus(pid=providers[0].pid, running=providers[0].running),
        providers=providers, gateway_healthy=probe.healthy,
        provider_online=all(p.online for p in providers),
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
    for run in state.providers:
        shutil.rmtree(run.private_dir, ignore_errors=True)
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
