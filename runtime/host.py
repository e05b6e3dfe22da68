"""The function host on Ray Serve: one deployment per function version on a provider's cluster.

Each replica loads the version once and serves envelopes over Serve's HTTP proxy (bound to the
provider's private address) through its :class:`~cocoon.runtime.invocation.Invoker`.
"""

from __future__ import annotations

import ray
from ray import serve
from starlette.requests import Request
from starlette.responses import Response

from . import output, tracing
from .errors import CocoonError
from .hosting import HostSpec, LoadedFunction, serve_envelope
from .replay import ReplayGuard


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


@serve.deployment
class FunctionHost:
    def __init__(self, spec: HostSpec, replicas: int = 1) -> None:
        output.silence_process()  # no function output in Ray's worker logs (see .output)
        bind_replica_grpc_to_node_ip()
        tracing.setup("cocoon-runtime")
        replay = ClusterReplayGuard(replay_ledger_name(spec.digest)) if replicas > 1 else None
        self.loaded = LoadedFunction(spec, replay)

    async def __call__(self, request: Request) -> Response:
        return await serve_envelope(self.loaded, request)

    def __del__(self) -> None:
        """Serve calls this when the replica stops (the version retired, or scaled down): the
        unpacked bundle and the function's worker process go with it."""
        loaded = getattr(self, "loaded", None)
        if loaded is not None:
            loaded.close()
