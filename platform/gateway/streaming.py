"""A streamed call's relay: the provider's records pass to the client as they come, and its
receipt is checked and charged at the end (docs/protocol.md, section 5.1).

The gateway opens nothing (it holds no key): it forwards each sealed chunk at once, keeps the
encoded chunks (up to :data:`~cocoon.runtime.invocation.MAX_FRAME_BYTES`, as for a frame) and,
when the receipt comes, checks it against them exactly as it checks a frame's
(:meth:`~.invoke.Forwarder._settle`), charges it, and only then passes it on. The relay runs
as a task of its own: a client that hangs up stops reading, not the relay, so the call still
ends in one charge for what its receipt says. A provider whose stream breaks, ends short of
its receipt, or whose receipt does not check is the provider's fault (``provider_failed``,
sent as an error record); nothing is charged then and the reservation is released.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from pydantic import ValidationError

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.invocation import MAX_FRAME_BYTES
from cocoon.runtime.wire import (
    RECORD_CHUNK,
    RECORD_ERROR,
    RECORD_HEAD,
    RECORD_RECEIPT,
    SignedReceipt,
    UsageReceipt,
    canonical_json,
    decode_chunk,
    encode_record,
    encode_response,
)

from ..router import Router


@dataclass(frozen=True)
class ProviderStream:
    """A provider's 200 with a streamed body, not yet read."""

    provider: str
    resp: aiohttp.ClientResponse
    started: float  # time.perf_counter() when the forward began


class Relay:
    def __init__(self, answer: ProviderStream, *,
                 settle: Callable[[bytes], Awaitable[UsageReceipt]],
                 release: Callable[[], Awaitable[None]], router: Router) -> None:
        """``settle(frame bytes)`` checks and charges the receipt (raising CocoonError when
        it does not check); ``release`` frees the reservation unless it was charged."""
        self.answer = answer
        self._settle, self._release, self._router = settle, release, router
        self._queue: asyncio.Queue[bytes | None] = asyncio.Queue()

    async def records(self) -> AsyncIterator[bytes]:
        """What the client gets, record by record (an error record last if the stream
        failed)."""
        while (record := await self._queue.get()) is not None:
            yield record

    async def run(self) -> None:
        provider = self.answer.provider
        ok = False
        try:
            ok = await self._pump()
        except TimeoutError:
            self._fail("provider_timeout", f"provider {provider} did not finish within the "
                       "function's time limit")
        except (aiohttp.ClientError, asyncio.IncompleteReadError):
            self._fail("provider_failed", f"provider {provider}: its stream broke")
        except CocoonError as exc:
            self._router.penalize(provider)
            self._fail("provider_failed", f"provider {provider}: {exc.message}")
        except Exception as exc:  # never a silent end: the client gets an error record
            self._fail("internal", f"internal error ({type(exc).__name__})")
        finally:
            resp = self.answer.resp
            if ok:
                resp.release()
            else:
                resp.close()
            self._router.finished(provider, ok=ok, latency_ms=(
                time.perf_counter() - self.answer.started) * 1000)
            try:
                await self._release()
            finally:
                self._queue.put_nowait(None)

    def _fail(self, code: str, message: str) -> None:
        doc = CocoonError(code, message).to_dict()
        self._queue.put_nowait(encode_record(RECORD_ERROR, canonical_json(doc)))

    async def _pump(self) -> bool:
        content = self.answer.resp.content
        chunks: list[bytes] = []
        size, final = 0, False
        while True:
            try:
                head = await content.readexactly(RECORD_HEAD.size)
            except asyncio.IncompleteReadError:
                raise CocoonError("provider_failed", "the stream ended before its receipt"
                                  ) from None
            kind, length = RECORD_HEAD.unpack(head)
            size += length
            if size > MAX_FRAME_BYTES:
                raise CocoonError("provider_failed", f"answer larger than {MAX_FRAME_BYTES} "
                                  "bytes")
            data = await content.readexactly(length)
            if kind == RECORD_CHUNK and not final:
                final = decode_chunk(data).final
                chunks.append(data)
                self._queue.put_nowait(encode_record(RECORD_CHUNK, data))
            elif kind == RECORD_RECEIPT and final:
                try:
                    signed = SignedReceipt.model_validate_json(data)
                except ValidationError:
                    raise CocoonError("provider_failed", "invalid receipt") from None
                await self._settle(encode_response(signed, b"".join(chunks)))  # charged
                self._queue.put_nowait(encode_record(RECORD_RECEIPT, data))
                return True
            elif kind == RECORD_ERROR:
                raise CocoonError.from_response(data, status=502)
            else:
                raise CocoonError("provider_failed", "records out of order")
