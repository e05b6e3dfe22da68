"""What every function host shares, with or without Ray: the spec a host receives, the route
it serves, and loading a function version into an :class:`Invoker`."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .envelope import RuntimeKeys
from .errors import CocoonError
from .function import load_handler
from .invocation import FunctionIdentity, Invoker
from .manifest import unpack_bundle
from .replay import ReplayGuard

log = logging.getLogger("cocoon.runtime")
INLINE_BELOW_MS = 2.0


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


class LoadedFunction:
    """A function version unpacked into a private folder, its handler loaded once."""

    def __init__(self, spec: HostSpec, replay: ReplayGuard | None = None) -> None:
        self._workdir = tempfile.TemporaryDirectory(prefix=f"cocoon-{spec.name}-")
        folder = Path(self._workdir.name)
        manifest = unpack_bundle(spec.bundle, folder)
        self.manifest = manifest
        self.invoker = Invoker(
            provider=spec.provider,
            keys=RuntimeKeys.from_bytes(spec.keys),
            function=FunctionIdentity(spec.name, spec.version, spec.digest, spec.unit_price,
                                      manifest.pricing.max_units),
            handler=load_handler(folder, manifest.entrypoint),
            simulated=spec.simulated,
            max_payload_bytes=manifest.limits.max_payload_bytes,
            replay=replay,
        )

    def close(self) -> None:
        self._workdir.cleanup()


async def serve_envelope(loaded: LoadedFunction, request: Request) -> Response:
    """One HTTP request in, one response frame (or a payload-free JSON error) out."""
    body = await request.body()
    try:
        if loaded.invoker.typical_run_ms < INLINE_BELOW_MS and loaded.invoker.replay.local:
            out = loaded.invoker.handle(body, request.headers)
        else:  # a long function must not stall the replica's event loop (health checks too)
            out = await asyncio.to_thread(loaded.invoker.handle, body, dict(request.headers))
    except CocoonError as exc:
        return JSONResponse(exc.to_dict(), status_code=exc.status)
    except BaseException as exc:  # never echo internals (they may hold payload) anywhere
        if isinstance(exc, GeneratorExit | KeyboardInterrupt):
            raise
        log.error("invocation failed: %s", type(exc).__name__)
        err = CocoonError("internal", "runtime failure")
        return JSONResponse(err.to_dict(), status_code=err.status)
    return Response(out, media_type="application/octet-stream")
