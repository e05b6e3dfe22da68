"""The function host on Ray Serve: one deployment per function version on a provider's cluster.

Each replica loads the version once and serves envelopes over Serve's HTTP proxy (bound to the
provider's private address) through its :class:`~cocoon.runtime.invocation.Invoker`.
"""

from __future__ import annotations

from ray import serve
from starlette.requests import Request
from starlette.responses import Response

from . import tracing
from .hosting import HostSpec, LoadedFunction, serve_envelope


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


@serve.deployment
class FunctionHost:
    def __init__(self, spec: HostSpec) -> None:
        bind_replica_grpc_to_node_ip()
        tracing.setup("cocoon-runtime")
        self.loaded = LoadedFunction(spec)

    async def __call__(self, request: Request) -> Response:
        return await serve_envelope(self.loaded, request)
