"""What every function host shares, with or without Ray: the spec a host receives, the route
it serves, and loading a function version into an :class:`Invoker`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterator

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from .errors import CocoonError
from .invocation import FunctionIdentity, Invoker
from .isolation import ProcessRunner, Runner, Sandbox
from .keyring import KeyRing
from .manifest import unpack_bundle
from .replay import ReplayGuard
from .request_body import read_capped
from .wire import STREAM_MEDIA_TYPE, ReplicaKey

log = logging.getLogger("cocoon.runtime")
INLINE_BELOW_MS = 2.0
ENVELOPE_OVERHEAD = 1 << 20  # routing header, wrapped keys, nonce, tag: far less in practice


class HostSpec(BaseModel):
    """Everything a replica needs to start. It travels through Ray (deployment arguments, GCS)
    and so holds nothing secret: each replica makes its own keys (:mod:`.keyring`)."""

    provider: str
    name: str
    version: int
    digest: str
    unit_price: int
    bundle: bytes
    gateway_key: str = Field(description="hex Ed25519 public key of the platform's "
                             "call authorisations")
    allow_simulated: bool = False
    key_rotation_s: float | None = Field(default=None, gt=0, description="None: on restart only")
    key_grace_s: float = Field(default=60.0, ge=0)


def route_for(digest: str) -> str:
    return f"/fn/{digest[:16]}"


def app_name_for(name: str, version: int) -> str:
    return f"{name}-v{version}"


class LoadedFunction:
    """A function version unpacked into its worker's private folder and loaded once, in a
    worker process of its own (:mod:`.isolation`): this process keeps the keys and does all
    the crypto; the function's code never runs here. :meth:`close` stops the worker and
    removes the folder; a version's host calls it when the version retires."""

    def __init__(self, spec: HostSpec, replay: ReplayGuard | None = None,
                 publish: Callable[[ReplicaKey], None] | None = None) -> None:
        """``publish`` announces this replica's public keys (after each rotation, and
        periodically); the private halves stay in :attr:`keys`, in this process."""
        self.runner: Runner | None = None
        self.keys: KeyRing | None = None
        self.sandbox: Sandbox | None = None
        try:
            self.sandbox = Sandbox(f"cocoon-{spec.name}")
            folder = self.sandbox.folder
            manifest = unpack_bundle(spec.bundle, folder)
            self.manifest = manifest
            function = FunctionIdentity(spec.name, spec.version, spec.digest, spec.unit_price,
                                        manifest.pricing.max_units, manifest.pricing.weights)
            self.runner = ProcessRunner(
                folder, manifest.entrypoint, max_units=function.max_units,
                timeout_s=manifest.limits.timeout_s, memory_mb=manifest.resources.memory_mb,
                name=function.name, sandbox=self.sandbox, weights=function.weights,
                # each worker loads the function: one where memory is the limit
                workers=1 if manifest.resources.memory_mb else manifest.resources.max_concurrency)
            self.keys = KeyRing.in_tee(spec.provider, spec.digest,
                                       allow_simulated=spec.allow_simulated,
                                       rotation_s=spec.key_rotation_s, grace_s=spec.key_grace_s)
            self.invoker = Invoker(
                provider=spec.provider,
                keys=self.keys,
                function=function,
                gateway_key=Ed25519PublicKey.from_public_bytes(bytes.fromhex(spec.gateway_key)),
                simulated=self.keys.simulated,
                max_payload_bytes=manifest.limits.max_payload_bytes,
                replay=replay,
                runner=self.runner,
            )
            if publish is not None:
                publish(self.public_key)
            self.keys.start(publish)
        except BaseException:
            self.close()
            raise

    @property
    def public_key(self) -> ReplicaKey:
        """This replica's current public keys and their evidence."""
        assert self.keys is not None and self.keys.current is not None
        return self.keys.current

    @property
    def max_body_bytes(self) -> int:
        return self.manifest.limits.max_payload_bytes + ENVELOPE_OVERHEAD

    def close(self) -> None:
        if self.keys is not None:
            self.keys.close()
        if self.runner is not None:
            self.runner.close()
        if self.sandbox is not None:
            self.sandbox.close()


def wants_stream(accept: str | None) -> bool:
    """Whether a request's ``accept`` header asks for a streamed answer."""
    return bool(accept) and STREAM_MEDIA_TYPE in accept  # type: ignore[operator]


async def serve_envelope(loaded: LoadedFunction, request: Request) -> Response:
    """One HTTP request in, one response frame (or a payload-free JSON error) out; with
    ``accept: application/x-cocoon-stream``, the records of a streamed answer as the function
    yields (docs/protocol.md, section 5.1)."""
    try:
        body = await read_capped(request, loaded.max_body_bytes)
        invoker = loaded.invoker
        if wants_stream(request.headers.get("accept")):  # opened and checked before the 200
            records = await asyncio.to_thread(invoker.handle_stream, body, dict(request.headers))
            return StreamingResponse(_each(records), media_type=STREAM_MEDIA_TYPE)
        if (invoker.typical_run_ms < INLINE_BELOW_MS and invoker.replay.local
                and invoker.runner.inline_ok):
            out = loaded.invoker.handle(body, request.headers)
        else:  # a long function must not stall the replica's event loop (health checks too)
            out = await asyncio.to_thread(loaded.invoker.handle, body, dict(request.headers))
    except CocoonError as exc:
        return JSONResponse(exc.to_dict(), status_code=exc.status)
    except BaseException as exc:  # never echo internals (they may hold payload) anywhere
        if isinstance(exc, GeneratorExit | KeyboardInterrupt | asyncio.CancelledError):
            raise
        log.error("invocation failed: %s", type(exc).__name__)
        err = CocoonError("internal", "runtime failure")
        return JSONResponse(err.to_dict(), status_code=err.status)
    return Response(out, media_type="application/octet-stream")


async def _each(records: Iterator[bytes]) -> AsyncIterator[bytes]:
    """Each record as soon as the invoker has it (its blocking reads on a worker thread);
    the caller gone, the iterator is closed and the call ends."""
    try:
        while (record := await asyncio.to_thread(next, records, None)) is not None:
            yield record
    except Exception as exc:  # after the 200: the stream just ends (the reader finds it cut)
        log.error("streamed invocation failed: %s", type(exc).__name__)
    finally:
        with contextlib.suppress(ValueError):  # still running on its thread: closed when done
            records.close()  # type: ignore[attr-defined]
