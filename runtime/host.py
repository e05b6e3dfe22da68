"""The function host on Ray Serve: one deployment per function version on a provider's cluster.

Each replica loads the version once and serves envelopes over Serve's HTTP proxy (bound to the
provider's private address) through its :class:`~cocoon.runtime.invocation.Invoker`. Each
replica makes its own keys when it starts (:mod:`.keyring`) and announces only their public
halves and evidence in the provider's :class:`KeyDirectory`, where the agent collects them.
"""

from __future__ import annotations

import contextlib
import time

import ray
from ray import serve
from starlette.requests import Request
from starlette.responses import Response

from . import output, tracing
from .errors import CocoonError
from .hosting import HostSpec, LoadedFunction, serve_envelope
from .replay import ReplayGuard
from .wire import ReplicaKey

KEY_DIRECTORY = "cocoon-keys"
KEY_STALE_S = 20.0  # an announcement older than this is a replica that is gone


def bind_replica_grpc_to_node_ip() -> None:
    """Ray Serve 2.x starts each replica's inter-deployment gRPC server on ``[::]:0``, i.e. on
    every interface. A provider's cluster must stay on its private address, so rebind it to
    the node's own IP before the replica finishes initialising."""
    import ray
    from ray.serve._private import replica

    original = replica.add_port_to_grpc_server
    if getattr(original, "__cocoon_bound__", False):
        return
    node_ip = ray.util.get_node_ip_address()

    def bind_node_ip(server, address: str):
        if address.startswith("[::]:"):
            address = f"{node_ip}:{address[5:]}"
        return original(server, address)

    bind_node_ip.__cocoon_bound__ = True  # type: ignore[attr-defined]
    replica.add_port_to_grpc_server = bind_node_ip


@ray.remote(num_cpus=0)
class ReplayLedger:
    """One per multi-replica function version: the request ids its replicas have served."""

    def __init__(self) -> None:
        self.guard = ReplayGuard()

    def remember(self, request_id: str) -> bool:
        try:
            self.guard.remember(request_id)
        except CocoonError:
            return False
        return True


def replay_ledger_name(digest: str) -> str:
    return f"cocoon-replay-{digest[:16]}"


class ClusterReplayGuard(ReplayGuard):
    """Replay protection shared by all replicas of a version, through its :class:`ReplayLedger`
    (freshness is still checked locally)."""

    local = False

    def __init__(self, name: str) -> None:
        super().__init__()
        self._ledger = ReplayLedger.options(
            name=name, namespace="cocoon", get_if_exists=True, lifetime="detached"
        ).remote()

    def remember(self, request_id: str, now_ms: int | None = None) -> None:
        if not ray.get(self._ledger.remember.remote(request_id)):
            raise CocoonError("replayed_request", "request id was already served")


@ray.remote(num_cpus=0)
class KeyDirectory:
    """The provider's directory of replica PUBLIC keys: digest -> replica -> (announced at,
    ReplicaKey JSON). Holds nothing secret (it lives in Ray's object store and GCS)."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, tuple[float, str]]] = {}

    def put(self, digest: str, replica: str, key_json: str) -> None:
        self.entries.setdefault(digest, {})[replica] = (time.time(), key_json)

    def remove(self, digest: str, replica: str) -> None:
        self.entries.get(digest, {}).pop(replica, None)

    def drop(self, digest: str) -> None:
        self.entries.pop(digest, None)

    def keys(self, digest: str, max_age_s: float = KEY_STALE_S) -> list[str]:
        now = time.time()
        return [k for at, k in self.entries.get(digest, {}).values() if now - at <= max_age_s]


def key_directory():
    return KeyDirectory.options(name=KEY_DIRECTORY, namespace="cocoon", get_if_exists=True,
                                lifetime="detached").remote()


@serve.deployment
class FunctionHost:
    def __init__(self, spec: HostSpec, replicas: int = 1) -> None:
        """``replicas``: the most this version may run (more than one: replays are refused
        across them through a shared ledger)."""
        output.silence_process()  # no function output in Ray's worker logs (see .output)
        bind_replica_grpc_to_node_ip()
        tracing.setup("cocoon-runtime")
        replay = ClusterReplayGuard(replay_ledger_name(spec.digest)) if replicas > 1 else None
        self.digest = spec.digest
        self.replica = ray.get_runtime_context().get_actor_id() or "driver"
        self.directory = key_directory()
        first = True

        def publish(key: ReplicaKey) -> None:  # public material only
            nonlocal first
            ref = self.directory.put.remote(self.digest, self.replica, key.model_dump_json())
            if first:  # announced before the replica counts as started
                ray.get(ref)
                first = False

        self.loaded = LoadedFunction(spec, replay, publish)

    async def __call__(self, request: Request) -> Response:
        return await serve_envelope(self.loaded, request)

    def wake(self) -> bool:
        """Nothing: a call through a handle that makes Serve start a replica (scale from
        zero); starting is the point (the replica announces its keys in ``__init__``)."""
        return True

    def __del__(self) -> None:
        """Serve calls this when the replica stops (the version retired, or scaled down): the
        unpacked bundle and the function's worker process go with it."""
        loaded = getattr(self, "loaded", None)
        if loaded is not None:
            loaded.close()
        directory = getattr(self, "directory", None)
        if directory is not None:
            with contextlib.suppress(Exception):  # Ray stopping: it goes stale by itself
                directory.remove.remote(self.digest, self.replica)
