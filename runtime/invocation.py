"""One invocation inside the TEE: open, check, run, seal, meter, sign.

Ray-free on purpose: the Ray Serve replica (:mod:`cocoon.runtime.host`) wraps an
:class:`Invoker`, and tests drive it directly. Whatever goes wrong, only codes and sizes leave
this module; a function's own exception travels to the client inside the encrypted response.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import tracing
from .authorisation import check_authorisation
from .envelope import (
    RuntimeKeys,
    StreamSealer,
    open_request,
    sign_receipt,
)
from .errors import CocoonError
from .function import Units
from .isolation import Runner, ThreadRunner, error_doc
from .keyring import KeyRing
from .replay import ReplayGuard
from .wire import (
    AUTHORISATION_HEADER,
    CHUNK_ERROR,
    CHUNK_FINAL,
    CONTENT_JSON,
    RECORD_CHUNK,
    RECORD_RECEIPT,
    RequestEnvelope,
    RoutingHeader,
    SignedReceipt,
    UsageReceipt,
    decode_inner,
    decode_request,
    encode_record,
    encode_response,
)

log = logging.getLogger("cocoon.runtime")
# The largest result a function may return; the gateway reads no more than a frame around it
# (MAX_FRAME_BYTES) from a provider, so a bigger answer is a provider fault there.
MAX_RESULT_BYTES = 64 << 20
MAX_FRAME_BYTES = MAX_RESULT_BYTES + (64 << 10)  # + receipt, chunk header, AEAD tag


@dataclass(frozen=True)
class FunctionIdentity:
    name: str
    version: int
    digest: str
    unit_price: int  # charged only where no platform authorisation fixes the call's price
    max_units: int = 1
    weights: tuple[int, int] = (1, 1)  # units per prompt and per completion token


class Invoker:
    def __init__(
        self,
        *,
        provider: str,
        keys: KeyRing | RuntimeKeys,
        function: FunctionIdentity,
        gateway_key: Ed25519PublicKey | None,
        handler: Callable[[Any], Any] | None = None,
        simulated: bool,
        replay: ReplayGuard | None = None,
        max_payload_bytes: int = 1 << 20,
        timeout_s: float = 30.0,
        runner: Runner | None = None,
    ) -> None:
        """``keys``: this replica's :class:`KeyRing` (a bare pair: a ring of that pair).
        ``gateway_key``: the platform key whose authorisation every call needs (None only
        where a test drives the Invoker directly: then nothing is checked).
        ``runner`` runs the function (default: a :class:`ThreadRunner` of ``handler`` with
        ``timeout_s``); see :mod:`cocoon.runtime.isolation` for the limits each one holds."""
        self.provider = provider
        self.keys = keys if isinstance(keys, KeyRing) else KeyRing.of(provider, function.digest,
                                                                      keys)
        self.gateway_key = gateway_key
        self.function = function
        self.simulated = simulated
        self.replay = replay or ReplayGuard()
        self.max_payload_bytes = max_payload_bytes
        if runner is None:
            assert handler is not None, "an Invoker needs a handler or a runner"
            runner = ThreadRunner(handler, max_units=function.max_units, timeout_s=timeout_s,
                                  name=function.name, weights=function.weights)
        self.runner: Runner = runner
        self.typical_run_ms = math.inf  # moving average of the function's run time

    def handle(self, body: bytes, headers: Mapping[str, str] | None = None) -> bytes:
        """Serve one request envelope; returns the response frame or raises CocoonError."""
        call = self._open(body, headers)
        with tracing.span("runtime.run", context=call.ctx) as span:
            started = time.perf_counter()
            outcome, units, result = self.runner.run(call.payload)
            if len(result) > MAX_RESULT_BYTES:
                outcome, units, result = "error", 1, _too_large()
            self._ran(span, outcome, units, started)
        with tracing.span("runtime.seal", context=call.ctx) as span:
            flags = CHUNK_FINAL | (CHUNK_ERROR if outcome != "ok" else 0)
            sealer = StreamSealer(call.response_key, call.header.request_id)
            chunk = sealer.seal(result, flags)
            out = encode_response(self._receipt(call, outcome, units, sealer.digest), chunk)
            span.set_attribute("cocoon.response_bytes", len(out))
        return out

    def handle_stream(self, body: bytes,
                      headers: Mapping[str, str] | None = None) -> Iterator[bytes]:
        """Serve one request envelope as a stream (docs/protocol.md, section 5.1): the
        envelope is opened and checked here, before this returns (a refusal raises
        CocoonError, as :meth:`handle`'s); the records then come one by one as the function
        yields, each item sealed as soon as it is produced, the FINAL chunk and the signed
        receipt last. Closing the iterator early ends the call (nothing is signed)."""
        return self._stream(self._open(body, headers))

    def _stream(self, call: _Call) -> Iterator[bytes]:
        sealer = StreamSealer(call.response_key, call.header.request_id)
        started, sent = time.perf_counter(), 0
        items = self.runner.stream(call.payload)
        with tracing.span("runtime.stream", context=call.ctx) as span:
            try:
                while True:
                    item = next(items)
                    sent += len(item)
                    if sent > MAX_RESULT_BYTES:
                        items.close()  # ends the call
                        outcome, units, result = "error", 1, _too_large()
                        break
                    yield encode_record(RECORD_CHUNK, sealer.seal(item))
            except StopIteration as stop:
                outcome, units, result = stop.value
            finally:
                items.close()  # the stream closed early (the caller went): the call ends
            self._ran(span, outcome, units, started)
            flags = CHUNK_FINAL | (CHUNK_ERROR if outcome != "ok" else 0)
            yield encode_record(RECORD_CHUNK, sealer.seal(result if outcome != "ok" else b"",
                                                          flags))
            signed = self._receipt(call, outcome, units, sealer.digest)
            span.set_attribute("cocoon.chunks", sealer.next_index)
        yield encode_record(RECORD_RECEIPT, signed.model_dump_json().encode())

    def _open(self, body: bytes, headers: Mapping[str, str] | None) -> _Call:
        """Every check before the function runs, and the envelope opened."""
        ctx = tracing.extract_context(headers or {})
        with tracing.span("runtime.open", context=ctx) as span:
            span.set_attribute("cocoon.envelope_bytes", len(body))
            envelope = decode_request(body)
            header = envelope.header
            span.set_attribute("cocoon.request_id", header.request_id)
            if header.digest != self.function.digest:
                raise CocoonError("unknown_function", "this replica serves another version")
            unit_price = self.function.unit_price  # unless the platform fixed another
            if self.gateway_key is not None:  # before anything is opened, run or remembered
                unit_price = check_authorisation((headers or {}).get(AUTHORISATION_HEADER),
                                                 self.gateway_key, header,
                                                 self.provider).unit_price
            if unit_price * self.function.max_units > header.max_price:
                raise CocoonError(
                    "price_above_max",
                    f"max price must cover {self.function.max_units} units at "
                    f"{unit_price} nTON ({unit_price * self.function.max_units} nTON)",
                )
            self.replay.check_fresh(header.timestamp_ms)
            recipient, keys = self.keys.opener(envelope)
            plaintext = open_request(envelope, recipient, keys.hpke)
            self.replay.remember(header.request_id)
            response_key, content_type, payload_bytes = decode_inner(plaintext)
            if len(payload_bytes) > self.max_payload_bytes:
                raise CocoonError("payload_too_large", "payload exceeds the function's limit")
            if content_type != CONTENT_JSON:
                raise CocoonError("unsupported_media_type", "only JSON payloads are supported")
        return _Call(ctx, envelope, keys, unit_price, response_key, payload_bytes)

    def _ran(self, span: Any, outcome: str, units: int, started: float) -> None:
        span.set_attribute("cocoon.outcome", outcome)
        span.set_attribute("cocoon.units", units)
        run_ms = (time.perf_counter() - started) * 1000
        span.set_attribute("cocoon.run_ms", run_ms)
        self.typical_run_ms = (run_ms if math.isinf(self.typical_run_ms)
                               else 0.8 * self.typical_run_ms + 0.2 * run_ms)

    def _receipt(self, call: _Call, outcome: str, units: int, digest: str) -> SignedReceipt:
        """The receipt for the response whose chunks hash to ``digest``, signed by the pair
        that opened the envelope (the one in the client's offer)."""
        receipt = UsageReceipt(
            request_id=call.header.request_id,
            client=call.header.client,
            function=self.function.name,
            function_digest=self.function.digest,
            provider=self.provider,
            units=int(units),
            unit_price=call.unit_price,
            amount=units * call.unit_price,
            time_ms=int(time.time() * 1000),
            outcome=outcome,  # type: ignore[arg-type]
            response_digest=digest,
            simulated=self.simulated,
            # the counts the units were weighed from, when the function metered them apart
            prompt_units=units.prompt if isinstance(units, Units) else None,
            completion_units=units.completion if isinstance(units, Units) else None,
        )
        return sign_receipt(receipt, call.keys.signing, call.envelope.header_bytes)


@dataclass(frozen=True)
class _Call:
    """An opened request, between its checks and its answer."""

    ctx: Any
    envelope: RequestEnvelope
    keys: RuntimeKeys
    unit_price: int
    response_key: bytes
    payload: bytes

    @property
    def header(self) -> RoutingHeader:
        return self.envelope.header


def _too_large() -> bytes:
    return error_doc("function_error", f"the result is larger than {MAX_RESULT_BYTES >> 20} MiB")
