"""The function host: one Ray Serve deployment per function version on a provider's cluster.

Each replica unpacks the function's bundle, loads its handler once, and serves envelopes over
Serve's HTTP proxy (bound to the provider's private address) through an :class:`Invoker`.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from pydantic import BaseModel
from ray import serve
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from . import tracing
from .envelope import RuntimeKeys
from .errors import CocoonError
from .function import load_handler
from .invocation import FunctionIdentity, Invoker
from .manifest import unpack_bundle

log = logging.getLogger("cocoon.runtime")


class HostSpec(BaseModel):
    """Everything a replica needs; travels inside the provider's (confidential) cluster only."""

    provider: str
    name: str
    version: int
    digest: str
    unit_price: int
    bundle: bytes
    keys: bytes
    simulated: bool


def route_for(digest: str) -> str:
    return f"/fn/{digest[:16]}"


def app_name_for(name: str, version: int) -> str:
    return f"{name}-v{version}"


def _bind_replica_grpc_to_node_ip() -> None:
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
        _bind_replica_grpc_to_node_ip()
        tracing.setup("cocoon-runtime")
        self._workdir = tempfile.TemporaryDirectory(prefix=f"cocoon-{spec.name}-")
        folder = Path(self._workdir.name)
        manifest = unpack_bundle(spec.bundle, folder)
        self.invoker = Invoker(
            provider=spec.provider,
            keys=RuntimeKeys.from_bytes(spec.keys),
            function=FunctionIdentity(spec.name, spec.version, spec.digest, spec.unit_price),
            handler=load_handler(folder, manifest.entrypoint),
            simulated=spec.simulated,
            max_payload_bytes=manifest.limits.max_payload_bytes,
        )

    async def __call__(self, request: Request) -> Response:
        body = await request.body()
        try:
            out = self.invoker.handle(body, request.headers)
        except CocoonError as exc:
            return JSONResponse(exc.to_dict(), status_code=exc.status)
        except Exception as exc:  # never echo internals (they may hold payload) to the gateway
            log.error("invocation failed: %s", type(exc).__name__)
            err = CocoonError("internal", "runtime failure")
            return JSONResponse(err.to_dict(), status_code=err.status)
        return Response(out, media_type="application/octet-stream")
