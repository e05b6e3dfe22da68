"""Where a provider agent runs its function versions.

:class:`RayServeBackend` is the real one: a Ray Serve application per version on the
provider's Ray cluster. :class:`InProcessBackend` serves the same :class:`LoadedFunction` from
the agent's own process over plain HTTP, without Ray; tests and benchmarks use it where a Ray
cluster would only add start-up time.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import importlib.metadata
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Protocol

from packaging.requirements import InvalidRequirement, Requirement

from . import tracing
from .errors import CocoonError
from .hosting import HostSpec, LoadedFunction, app_name_for, route_for, serve_envelope
from .manifest import Manifest, Resources
from .raydir import PrivateCluster
from .wire import ReplicaKey

if TYPE_CHECKING:
    from .agent import AgentSettings


class Backend(Protocol):
    def start(self) -> None: ...
    def capacity_cpus(self) -> float: ...
    def capacity(self) -> tuple[float, list[str], int | None]:
        """(GPUs, their models, memory in MB or None) that replicas may use."""
        ...
    def endpoint(self) -> str: ...
    def deploy(self, spec: HostSpec, manifest: Manifest) -> None:
        """Start deploying (it may return before the version is ready: see :meth:`status`;
        the agent calls it off its poll loop and gives up after its deploy timeout)."""
        ...
    def status(self, spec: HostSpec) -> tuple[str, str]:
        """("deploying" | "ready" | "failed", why)."""
        ...
    def wake(self, spec: HostSpec) -> None:
        """Make a version scaled to zero start a replica (blocking until it has one)."""
        ...
    def retire(self, name: str, version: int, digest: str) -> None: ...
    def replica_keys(self, digest: str) -> list[ReplicaKey]:
        """The public keys (and evidence) of every running replica of a version."""
        ...
    def stop(self) -> None: ...


def missing_requirements(requirements: list[str]) -> list[str]:
    """Requirements not satisfied by this environment (Ray installs those per deployment)."""
    missing = []
    for spec in requirements:
        try:
            req = Requirement(spec)
            if importlib.metadata.version(req.name) not in req.specifier:
                missing.append(spec)
        except (InvalidRequirement, importlib.metadata.PackageNotFoundError):
            missing.append(spec)
    return missing


WAKE_TIMEOUT_S = 120.0


def autoscaling(r: Resources, downscale_delay_s: float) -> dict[str, Any]:
    """Serve's autoscaling for a version: between min and max replicas, aiming at half the
    replica's concurrency in flight; it starts with one replica (so a deploy is checked and
    its keys reported) and, with ``min_replicas`` 0, goes to zero after the idle delay."""
    return {
        "min_replicas": r.min_replicas,
        "max_replicas": r.max_replicas,
        "initial_replicas": max(1, r.min_replicas),
        "target_ongoing_requests": max(1, r.max_concurrency // 2),
        "downscale_delay_s": downscale_delay_s,
        "downscale_to_zero_delay_s": downscale_delay_s,
        "upscale_delay_s": 1.0,
        "metrics_interval_s": 1.0,
        "look_back_period_s": 2.0,
    }


class RayServeBackend:
    def __init__(self, settings: AgentSettings) -> None:
        self.settings = settings
        self.directory: Any = None  # the KeyDirectory actor, once started
        self.private: PrivateCluster | None = None  # the cluster's own folder, if we start it
        self._deploying = threading.Lock()

    def start(self) -> None:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        import ray
        from ray import serve

        s = self.settings
        if s.ray_address:
            ray.init(address=s.ray_address, namespace="cocoon", log_to_driver=False)
        else:
            temp_dir = s.ray_temp_dir
            if temp_dir is None:  # not /tmp/ray and ~/.ray/auth_token: see .raydir
                self.private = PrivateCluster.create()
                temp_dir = str(self.private.temp_dir)
            ray.init(
                _node_ip_address=s.serve_host,
                include_dashboard=False,
                num_cpus=None if s.num_cpus is None else int(s.num_cpus),
                _temp_dir=temp_dir,
                namespace="cocoon",
                log_to_driver=False,
            )
        serve.start(
            http_options={"host": s.serve_host, "port": s.serve_port},
            logging_config={"enable_access_log": False, "log_level": "WARNING"},
        )
        from .host import key_directory

        self.directory = key_directory()

    def endpoint(self) -> str:
        return f"http://{self.settings.serve_host}:{self.settings.serve_port}"

    def capacity_cpus(self) -> float:
        import ray

        return float(ray.cluster_resources().get("CPU", 1.0))

    def capacity(self) -> tuple[float, list[str], int | None]:
        import ray

        total = ray.cluster_resources()
        kinds = sorted(k.split(":", 1)[1] for k in total if k.startswith("accelerator_type:"))
        memory = total.get("memory")
        return float(total.get("GPU", 0)), kinds, int(memory // (1 << 20)) if memory else None

    def deploy(self, spec: HostSpec, manifest: Manifest) -> None:
        """Hand the version to Serve without waiting for it (``_run``, not blocking): the
        agent watches :meth:`status`. Resources this cluster does not have at all fail at
        once, with the reason."""
        import ray
        from ray.serve.api import _run

        from .host import FunctionHost

        r = manifest.resources
        total = ray.cluster_resources()
        for need, key, what in ((r.cpus, "CPU", "CPUs"), (r.gpus, "GPU", "GPUs")):
            if need > total.get(key, 0) + 1e-9:
                raise CocoonError("provider_failed", f"needs {need:g} {what}; this cluster "
                                  f"has {total.get(key, 0):g}")
        actor_options: dict[str, Any] = {"num_cpus": r.cpus, "num_gpus": r.gpus}
        if r.memory_mb:
            actor_options["memory"] = r.memory_mb * 1024 * 1024
        env = {k: v for k, v in os.environ.items() if k.startswith(("COCOON_TRACES", "OTEL_"))}
        runtime_env: dict[str, Any] = {"env_vars": env} if env else {}
        if missing := missing_requirements(manifest.python.requirements):
            runtime_env["pip"] = missing
        if runtime_env:
            actor_options["runtime_env"] = runtime_env
        deployment = FunctionHost.options(
            name=spec.name,
            max_ongoing_requests=r.max_concurrency,
            autoscaling_config=autoscaling(r, self.settings.downscale_delay_s),
            ray_actor_options=actor_options,
        )
        with self._deploying:  # one Serve API call at a time from this process
            _run(deployment.bind(spec, r.max_replicas),
                 _blocking=False,
                 name=app_name_for(spec.name, spec.version),
                 route_prefix=route_for(spec.digest))

    def status(self, spec: HostSpec) -> tuple[str, str]:
        from ray import serve

        app = serve.status().applications.get(app_name_for(spec.name, spec.version))
        if app is None:
            return "deploying", ""
        why = "; ".join(m for m in [app.message, *(d.message for d in
                                                   app.deployments.values())] if m)
        if app.status == "RUNNING":
            return "ready", ""
        if app.status == "DEPLOY_FAILED":
            return "failed", why[:1500] or "the deployment failed"
        return "deploying", why[:1500]

    def wake(self, spec: HostSpec) -> None:
        """A call through a Serve handle: Serve scales a version at zero replicas up to take
        it (the replica announces its keys as it starts)."""
        from ray import serve

        handle = serve.get_app_handle(app_name_for(spec.name, spec.version))
        handle.wake.remote().result(timeout_s=WAKE_TIMEOUT_S)

    def retire(self, name: str, version: int, digest: str) -> None:
        import ray
        from ray import serve

        from .host import replay_ledger_name

        with contextlib.suppress(Exception):  # already gone: retiring is idempotent
            serve.delete(app_name_for(name, version), _blocking=False)
        self.directory.drop.remote(digest)
        with contextlib.suppress(ValueError):  # a single-replica version has none
            ray.kill(ray.get_actor(replay_ledger_name(digest), namespace="cocoon"))

    def replica_keys(self, digest: str) -> list[ReplicaKey]:
        import ray

        found = ray.get(self.directory.keys.remote(digest), timeout=30)
        return sorted((ReplicaKey.model_validate_json(k) for k in found),
                      key=lambda k: k.hpke_public)

    def stop(self) -> None:
        import ray
        from ray import serve

        if ray.is_initialized():
            serve.shutdown()  # graceful: replicas finish their in-flight calls first
            if self.directory is not None:
                with contextlib.suppress(Exception):
                    ray.kill(self.directory)
                self.directory = None
            ray.shutdown()
        if self.private is not None:
            self.private.remove()
            self.private = None


def _prefix(digest: str) -> str:
    return route_for(digest).rsplit("/", 1)[1]


class InProcessBackend:
    """Serve function versions from this process (Starlette on uvicorn, in a thread).

    Every version's keys live in this one process, so functions that run their code here
    (no ``memory_mb``: a thread of this process) are not isolated from each other's keys: a
    backend for tests and benchmarks, not a trust boundary. On Ray each version's replicas are
    processes of their own."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.functions: dict[str, LoadedFunction] = {}
        self._loading: dict[str, str] = {}  # prefix -> "" while loading, or why it failed
        self._lock = threading.Lock()
        # Workers are started with PR_SET_PDEATHSIG, which follows the *thread* that started
        # them: functions load on these long-lived threads, not on a caller's short one.
        self._loaders = concurrent.futures.ThreadPoolExecutor(16, "cocoon-inprocess-load")
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        import uvicorn
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import JSONResponse, Response
        from starlette.routing import Route

        async def route(request: Request) -> Response:
            loaded = self.functions.get(request.path_params["prefix"])
            if loaded is None:
                err = CocoonError("unknown_function", "this provider does not serve that version")
                return JSONResponse(err.to_dict(), status_code=err.status)
            return await serve_envelope(loaded, request)

        routes = [Route("/fn/{prefix}", route, methods=["POST"])]
        app = Starlette(routes=routes, middleware=tracing.asgi_middleware(routes))
        config = uvicorn.Config(
            app, host=self.host, port=self.port, log_level="warning", access_log=False
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        while not self._server.started:
            time.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]

    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def capacity_cpus(self) -> float:
        return float(os.cpu_count() or 1)

    def capacity(self) -> tuple[float, list[str], int | None]:
        return 0.0, [], None

    def deploy(self, spec: HostSpec, manifest: Manifest) -> None:
        """Load the version here (blocking: the agent calls it off its poll loop); a version
        retired while it loads is closed once loaded, never served."""
        prefix = _prefix(spec.digest)
        with self._lock:
            self._loading[prefix] = ""
        try:
            loaded = self._loaders.submit(LoadedFunction, spec).result()
        except Exception as exc:
            with self._lock:
                if prefix in self._loading:
                    self._loading[prefix] = f"{type(exc).__name__}: {exc}"[:1500]
            raise
        with self._lock:
            wanted = self._loading.pop(prefix, None) is not None
            if wanted:
                self.functions[prefix] = loaded
        if not wanted:
            loaded.close()

    def status(self, spec: HostSpec) -> tuple[str, str]:
        prefix = _prefix(spec.digest)
        with self._lock:
            if prefix in self.functions:
                return "ready", ""
            why = self._loading.get(prefix)
        if why is None:
            return "failed", "not deployed here"
        return ("failed", why) if why else ("deploying", "loading the function")

    def wake(self, spec: HostSpec) -> None:
        """Nothing to do: this backend never scales a version to zero."""

    def retire(self, name: str, version: int, digest: str) -> None:
        with self._lock:
            self._loading.pop(_prefix(digest), None)
            loaded = self.functions.pop(_prefix(digest), None)
        if loaded is not None:
            loaded.close()

    def replica_keys(self, digest: str) -> list[ReplicaKey]:
        loaded = self.functions.get(_prefix(digest))
        return [] if loaded is None else [loaded.public_key]

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True  # graceful: in-flight calls finish first
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            self._loading.clear()
        self._loaders.shutdown(wait=False, cancel_futures=True)
        while self.functions:  # unpacked bundles and worker processes go too
            self.functions.popitem()[1].close()
