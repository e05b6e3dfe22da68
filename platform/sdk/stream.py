"""A streamed invocation's answer, opened item by item as it arrives.

    with cocoon.stream("llm", {"messages": [...], "stream": True}) as s:
        for item in s:                  # each item as the function yields it
            print(item)
        print(s.receipt.amount)         # checked once the stream is over

The body is a sequence of records (docs/protocol.md, section 5.1): sealed chunks, then the
runtime-signed receipt. Each chunk is opened as it comes (its index, flags and request are
bound by its AEAD: a dropped, repeated, reordered or altered chunk does not open); the receipt
must follow the FINAL chunk and name the digest of every chunk read. Anything else is
``envelope_rejected``: a stream never ends quietly short of its receipt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from cocoon.runtime.envelope import StreamOpener
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import (
    RECORD_CHUNK,
    RECORD_RECEIPT,
    SignedReceipt,
    UsageReceipt,
    decode_chunk,
    read_records,
)

if TYPE_CHECKING:
    from .client import Invocation

# (signed receipt, digest of the chunks read, the items) -> the checked invocation
Finish = Callable[[SignedReceipt, str, list[Any]], "Invocation"]


class Stream:
    """Iterate it once for the items; :attr:`invocation` and :attr:`receipt` are set when the
    iteration ends well. ``read(n)`` gives exactly ``n`` bytes of the body, fewer only at its
    end; ``finish`` checks the receipt (the client's :meth:`Client.stream` passes the same
    checks ``invoke`` makes); ``on_close`` drops the connection."""

    def __init__(self, read: Callable[[int], bytes], *, request_id: str, response_key: bytes,
                 finish: Finish, on_close: Callable[[], None] | None = None) -> None:
        self._read = read
        self._opener = StreamOpener(response_key, request_id)
        self._finish = finish
        self._on_close = on_close
        self._started = False
        self.items: list[Any] = []
        self.invocation: Invocation | None = None

    @property
    def receipt(self) -> UsageReceipt | None:
        return None if self.invocation is None else self.invocation.receipt

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the connection (at once, mid-stream too: the call still runs to its end at the
        gateway, which charges what its receipt says)."""
        on_close, self._on_close = self._on_close, None
        if on_close is not None:
            on_close()

    def __iter__(self) -> Iterator[Any]:
        if self._started:
            raise RuntimeError("a Stream can be iterated once (its items: .items)")
        self._started = True
        return self._items()

    def _items(self) -> Iterator[Any]:
        try:
            final: bytes | None = None
            for kind, data in read_records(self._read):
                if kind == RECORD_CHUNK:
                    chunk = decode_chunk(data)
                    plaintext = self._opener.open(chunk)
                    if chunk.final:
                        final = plaintext
                        continue
                    item = _json(plaintext)
                    self.items.append(item)
                    yield item
                elif kind == RECORD_RECEIPT:
                    if final is None:
                        raise CocoonError("envelope_rejected", "receipt before the final chunk")
                    self._end(data, final)
                    return
                else:  # RECORD_ERROR: the gateway's word; nothing follows it
                    raise CocoonError.from_response(data, status=502)
            raise CocoonError("envelope_rejected", "the stream ended before its receipt")
        finally:
            self.close()

    def _end(self, receipt_bytes: bytes, final: bytes) -> None:
        if self._read(1):
            raise CocoonError("envelope_rejected", "records after the receipt")
        try:
            signed = SignedReceipt.model_validate_json(receipt_bytes)
        except ValidationError:
            raise CocoonError("provider_failed", "the stream's receipt is not valid") from None
        self.invocation = self._finish(signed, self._opener.digest, self.items)
        assert self._opener.final is not None
        if self._opener.final.error:
            doc = _json(final)
            err = doc.get("error", {}) if isinstance(doc, dict) else {}
            message = str(err.get("message", "function failed"))
            if err.get("code") == "timeout":
                raise CocoonError("function_timeout", message)
            raise CocoonError("function_error", message)


def _json(plaintext: bytes) -> Any:
    try:
        return json.loads(plaintext)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise CocoonError("provider_failed", "a streamed item is not JSON") from None
