"""The invoke path: authenticate, reserve, route, forward, check the receipt, charge.

The gateway sees only the envelope's routing header and sizes; it holds no key that opens the
payload. It may fail over between the providers the client sealed for, because the envelope
carries a wrapped key for each of them.

The event loop only parses and forwards: the database work before a forward (voucher, balance,
reservation) and after it (receipt check, charge) each run as one step on the gateway's worker
threads (:func:`~.http.off_loop`). What a provider sends back is read up to
:data:`~cocoon.runtime.invocation.MAX_FRAME_BYTES` and no further (more is the provider's
fault), and not past the function's ``limits.timeout_s`` plus :data:`DEADLINE_GRACE_S`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cocoon.runtime import tracing
from cocoon.runtime.authorisation import authorise
from cocoon.runtime.envelope import check_receipt
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.hosting import route_for
from cocoon.runtime.invocation import MAX_FRAME_BYTES
from cocoon.runtime.wire import (
    AUTHORISATION_HEADER,
    STREAM_MEDIA_TYPE,
    Offer,
    RequestEnvelope,
    UsageReceipt,
    decode_request,
    decode_response,
    frame_records,
    provider_of,
)

from ..ledger import MAX_UNVOUCHERED, Ledger, Reservation
from ..registry import Principal, Registry, VersionInfo
from ..router import Quote, Router
from ..settlement.vouchers import VoucherBook, parse_header
from .http import off_loop
from .streaming import ProviderStream, Relay

_OFFER_TTL_S = 2.0
# Past the function's own limit, the runtime has had this long to answer with its signed
# timeout receipt (queueing at the provider, transfer); after it, the gateway stops waiting.
DEADLINE_GRACE_S = 10.0
MAX_ERROR_BYTES = 64 << 10  # a provider's error document
_RETRYABLE = {"provider_failed", "provider_timeout"}
# What a runtime may refuse on the client's account; any other answer is the provider's fault.
# (The gateway checks the max price against the offers itself, before forwarding.)
_CLIENT_FAULTS = {"stale_request", "payload_too_large", "unsupported_media_type",
                  "replayed_request", "envelope_rejected", "stale_offer"}


class RetryCache:
    """The answers a client may ask for again (same request id after a lost connection),
    bounded by total bytes and by age: least recently used first out, none older than
    ``ttl_s``, none bigger than a quarter of the budget."""

    def __init__(self, max_bytes: int = 128 << 20, ttl_s: float = 120.0) -> None:
        self.max_bytes, self.ttl_s = max_bytes, ttl_s
        self.bytes = 0
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, str, bytes, str, bool]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, request_id: str, account: str,
            now: float | None = None) -> tuple[bytes, str, bool] | None:
        """(frame, provider, timed out) for this account's request id, if still held."""
        with self._lock:
            self._expire(time.monotonic() if now is None else now)
            entry = self._entries.get(request_id)
            if entry is None or entry[1] != account:
                return None
            self._entries.move_to_end(request_id)
            return entry[2], entry[3], entry[4]

    def put(self, request_id: str, account: str, frame: bytes, provider: str,
            timed_out: bool = False, now: float | None = None) -> None:
        if len(frame) > self.max_bytes // 4:
            return  # a retry of a huge answer gets `replayed_request`; memory stays bounded
        now = time.monotonic() if now is None else now
        with self._lock:
            old = self._entries.pop(request_id, None)
            if old is not None:
                self.bytes -= len(old[2])
            self._entries[request_id] = (now + self.ttl_s, account, frame, provider, timed_out)
            self.bytes += len(frame)
            self._expire(now)
            while self.bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self.bytes -= len(evicted[2])

    def _expire(self, now: float) -> None:
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if oldest[0] > now:  # LRU order is also age order, up to a recent hit
                break
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= len(evicted[2])


@dataclass
class _Admitted:
    """A request past every check, with its reservation held."""

    envelope: RequestEnvelope
    reservation: Reservation
    candidates: dict[str, int]  # provider -> the unit price it is authorised at, best first
    offers: dict[str, Offer]
    signers: dict[str, set[str]]  # provider -> receipt keys (hex) accepted from it
    urls: dict[str, str]
    max_units: int
    deadline: float  # time.monotonic() by which the gateway stops waiting
    charged: bool = False
    weights: tuple[int, int] = (1, 1)  # the manifest's prompt and completion weights


class Forwarder:
    """Routes a sealed envelope to a provider the client sealed for (never opening it), with
    failover, and settles its receipt in the ledger. (The runtime's `Invoker` runs it.)"""

    def __init__(
        self,
        registry: Registry,
        ledger: Ledger,
        router: Router,
        client: aiohttp.ClientSession,
        timeout_s: float,
        vouchers: VoucherBook | None = None,
        retry_cache: RetryCache | None = None,
        *,
        authority: Ed25519PrivateKey,
        max_unvouchered: int = MAX_UNVOUCHERED,
    ) -> None:
        """``timeout_s``: how long to wait for a provider's connection (the answer itself
        may take the function's ``limits.timeout_s``). ``authority`` signs each forwarded
        call's authorisation (see :mod:`cocoon.runtime.authorisation`). ``max_unvouchered``:
        the debt gate's bound for client-signed channels (nanotons; see
        :meth:`~..ledger.Ledger.reserve`)."""
        self.authority = authority
        self.max_unvouchered = max_unvouchered
        self.registry, self.ledger, self.router = registry, ledger, router
        self.vouchers = vouchers
        self.client = client
        self.connect_timeout_s = timeout_s
        self.retry_cache = retry_cache or RetryCache()
        self._endpoints: dict[str, str] = {}
        self._versions: dict[str, VersionInfo] = {}
        # digest -> (expiry, provider -> offer, provider -> {key id: signing key})
        self._offers: dict[str, tuple[float, dict[str, Offer], dict[str, dict[str, str]]]] = {}
        self._relays: set[asyncio.Task[None]] = set()  # streamed calls still being relayed

    def invalidate(self) -> None:
        """Forget cached offers and endpoints (a provider registered or a placement changed)."""
        self._offers.clear()
        self._endpoints.clear()

    def endpoint(self, provider_id: str) -> str:
        url = self._endpoints.get(provider_id)
        if url is None:
            url = self.registry.provider(provider_id).endpoint.rstrip("/")
            self._endpoints[provider_id] = url
        return url

    def _cached(self, digest: str):
        cached = self._offers.get(digest)
        if cached is None or cached[0] < time.monotonic():
            offers = {o.provider: o for o in self.registry.offers(digest)}
            known = {p: self.registry.known_keys(p, digest) for p in offers}
            cached = (time.monotonic() + _OFFER_TTL_S, offers, known)
            self._offers[digest] = cached
        return cached

    def offers(self, digest: str) -> dict[str, Offer]:
        """The offers as clients see them: ``unit_price`` is each provider's effective price
        now, ``quoted_price`` the placement's (blocking on a cache miss: off the event loop)."""
        offers = self._cached(digest)[1]
        quotes = self.quotes(digest, offers)
        return {p: o.model_copy(update={"unit_price": self.router.price(p, quotes[p]),
                                        "quoted_price": o.unit_price})
                for p, o in offers.items()}

    def quotes(self, digest: str, offers: dict[str, Offer]) -> dict[str, Quote]:
        """What the router prices and ranks each offer by (see :mod:`..router`)."""
        slots = self.version(digest).manifest.resources.max_concurrency
        return {p: Quote(o.unit_price, slots * len(o.keys), min(k.created_ms for k in o.keys))
                for p, o in offers.items()}

    def known_keys(self, digest: str) -> dict[str, dict[str, str]]:
        """provider -> {key id: signing key} of the replica keys still accepted (current, or
        retired recently); blocking on a cache miss."""
        return self._cached(digest)[2]

    def version(self, digest: str) -> VersionInfo:
        v = self._versions.get(digest)
        if v is None:
            v = self.registry.version_by_digest(digest)
            if v is None:
                raise CocoonError("unknown_function", "no such function version")
            self._versions[digest] = v
        return v

    async def invoke(
        self,
        name: str,
        principal: Principal,
        body: bytes,
        raw_voucher: str | None = None,
    ) -> tuple[bytes, str]:
        """Returns (response frame bytes, provider id). ``raw_voucher``: the request's
        ``x-cocoon-voucher`` header, if any."""
        admitted = await self.admit(name, principal, body, raw_voucher)
        if isinstance(admitted, tuple):  # a client retry: same answer, charged once
            return self._answer(*admitted)
        return await self.complete(admitted, principal, body)

    async def invoke_stream(
        self,
        name: str,
        principal: Principal,
        body: bytes,
        raw_voucher: str | None = None,
    ) -> tuple[str, AsyncIterator[bytes]]:
        """The call answered as a stream (docs/protocol.md, section 5.1): (provider id, the
        records as the provider sends them). Everything before the provider's 200 fails over
        and raises as :meth:`invoke` does; after it, the records pass through as they come,
        and the receipt is checked and charged at the end, on a task of its own that runs to
        the end even if the client has gone (one charge, for what the receipt says)."""
        admitted = await self.admit(name, principal, body, raw_voucher)
        if isinstance(admitted, tuple):  # a client retry: the cached frame, as records
            frame, provider = self._answer(*admitted)
            return provider, _once(frame_records(decode_response(frame)))
        answer = await self._route(admitted, principal, body, stream=True)
        if isinstance(answer, ProviderStream):
            return answer.provider, self._relay(answer, admitted, principal)
        frame, provider = answer  # the provider answered with a frame: checked, charged
        return provider, _once(frame_records(decode_response(frame)))

    def _relay(self, answer: ProviderStream, admitted: _Admitted,
               principal: Principal) -> AsyncIterator[bytes]:
        async def settle(frame: bytes) -> UsageReceipt:
            receipt = await off_loop(self._settle, admitted, admitted.envelope, answer.provider,
                                     frame)
            self.retry_cache.put(admitted.envelope.header.request_id, principal.account, frame,
                                 answer.provider, receipt.outcome == "timeout")
            return receipt

        async def release() -> None:
            if not admitted.charged:
                await off_loop(self.ledger.release, admitted.reservation)

        relay = Relay(answer, settle=settle, release=release, router=self.router)
        task = asyncio.get_running_loop().create_task(relay.run())
        self._relays.add(task)  # held until it ends: the client may be gone long before
        task.add_done_callback(self._relays.discard)
        return relay.records()

    async def admit(self, name: str, principal: Principal, body: bytes,
                    raw_voucher: str | None = None) -> _Admitted | tuple[bytes, str, bool]:
        """Every check and the reservation (see :meth:`_admit`); an async job is admitted
        at submit and completed later (gateway/jobs.py)."""
        return await off_loop(self._admit, name, principal, body, raw_voucher)

    async def complete(self, admitted: _Admitted, principal: Principal,
                       body: bytes) -> tuple[bytes, str]:
        """Forward an admitted call (failover), check and charge its receipt; the
        reservation is released unless charged, whatever happens."""
        answer = await self._route(admitted, principal, body, stream=False)
        assert isinstance(answer, tuple)
        return answer

    async def _route(self, admitted: _Admitted, principal: Principal, body: bytes, *,
                     stream: bool) -> tuple[bytes, str] | ProviderStream:
        """:meth:`complete`; with ``stream``, a provider's streamed answer is returned as it
        starts (its relay then settles or releases the reservation)."""
        envelope = admitted.envelope
        header = envelope.header
        handed_over = False
        try:
            last_error = CocoonError("no_provider", "no provider could serve the request")
            for provider_id in admitted.candidates:  # ranked at admission
                try:
                    frame_bytes = await self._forward(provider_id, admitted, body, stream=stream)
                    if isinstance(frame_bytes, ProviderStream):
                        handed_over = True
                        return frame_bytes
                except CocoonError as exc:
                    if exc.code == "stale_offer":  # another provider may hold its keys still
                        last_error = exc
                        continue
                    if exc.code not in _RETRYABLE or time.monotonic() >= admitted.deadline:
                        raise
                    last_error = exc
                    continue
                try:
                    receipt = await off_loop(self._settle, admitted, envelope, provider_id,
                                             frame_bytes)
                except CocoonError as exc:  # a 200 with a bad frame or receipt: the provider's
                    self.router.penalize(provider_id)
                    last_error = CocoonError("provider_failed", f"provider {provider_id}: "
                                             f"{exc.message}")
                    continue
                timed_out = receipt.outcome == "timeout"
                self.retry_cache.put(header.request_id, principal.account, frame_bytes,
                                     provider_id, timed_out)
                return self._answer(frame_bytes, provider_id, timed_out)
            raise last_error
        finally:
            if not admitted.charged and not handed_over:
                await off_loop(self.ledger.release, admitted.reservation)

    @staticmethod
    def _answer(frame: bytes, provider: str, timed_out: bool) -> tuple[bytes, str]:
        if timed_out:
            raise CocoonError("function_timeout", "the function ran past its limits.timeout_s; "
                              "the call was ended and not charged")
        return frame, provider

    def _admit(self, name: str, principal: Principal, body: bytes,
               raw_voucher: str | None) -> _Admitted | tuple[bytes, str, bool]:
        """Every check before a forward, and the reservation (blocking: database). A retry
        of a request served already gets its cached answer instead."""
        account = principal.account
        balance = self.ledger.balance(account)  # for the voucher and the funds pre-check
        if raw_voucher is not None and self.vouchers is not None:  # taken even if the rest fails
            channel = self.vouchers.channel(account)
            if channel is None:
                raise CocoonError("invalid_voucher", "this account has no payment channel")
            self.vouchers.accept(account, parse_header(raw_voucher, channel), balance.charged,
                                 stale_ok=True)
        with tracing.span("gateway.route") as span:
            envelope = decode_request(body)
            header = envelope.header
            span.set_attribute("cocoon.request_id", header.request_id)
            span.set_attribute("cocoon.recipients", len(envelope.recipients))
        served = self.retry_cache.get(header.request_id, account)
        if served is not None:
            return served
        if header.function != name:
            raise CocoonError("bad_request", "envelope is for another function")
        if header.client != account:
            raise CocoonError("forbidden", "envelope was sealed for another account")
        version = self.version(header.digest)
        if version.name != name or version.version != header.version:
            raise CocoonError("unknown_function", "function version does not match the envelope")
        if self.ledger.already_charged(header.request_id):
            raise CocoonError("replayed_request", "this request id was already served")

        offers, known = self._cached(header.digest)[1:]  # as quoted: priced below
        addressed: dict[str, list[str]] = {}  # provider -> key ids the envelope names
        for r in envelope.recipients:
            addressed.setdefault(provider_of(r.provider), []).append(r.provider.split("/")[-1])
        sealed = {
            p: offers[p] for p, ids in addressed.items()
            if p in offers and any(i in known.get(p, {}) for i in ids)
        }
        if not sealed:
            if any(p in offers for p in addressed):
                raise CocoonError("stale_offer", "the envelope is sealed to replica keys the "
                                  "providers no longer hold: refresh the offers and seal again")
            raise CocoonError("no_provider", "none of the sealed-for providers serves this version")
        max_units = version.manifest.pricing.max_units
        quotes = self.quotes(header.digest, sealed)
        candidates = dict(self.router.rank(quotes, header.max_price, max_units))
        if not candidates:  # before anything is reserved: nothing charged
            on_offer = self.router.rank(quotes)
            if not on_offer:
                raise CocoonError("no_provider", "the sealed-for providers' evidence is stale")
            lowest = min(price for _, price in on_offer)
            raise CocoonError("price_above_max", f"max price ({header.max_price} nTON) is below "
                              f"{max_units} units at the lowest effective price on offer, "
                              f"{lowest} nTON per unit ({lowest * max_units} nTON)")
        # The most this call can be charged: the dearest candidate's price, fixed now and
        # authorised as is, times max_units. Not the client's max price, a number it picks.
        cost = max(candidates.values()) * max_units
        if cost > balance.credited - balance.charged:  # before any write
            raise CocoonError("insufficient_funds", f"balance does not cover this request's "
                              f"cost ({cost} nTON)")
        if self.vouchers is not None:
            self.vouchers.require_open(account)  # a closing channel: 402 channel_closing
        # The debt gate: an account paying by its own vouchers may owe at most max_unvouchered
        # (calls in flight included) beyond its newest voucher, checked and held in one
        # update (the ledger's), so concurrent calls cannot pass it together.
        debt_limit = (self.max_unvouchered if self.vouchers is not None
                      and self.vouchers.channel(account) is not None else None)
        urls = {p: self.endpoint(p) + route_for(header.digest) for p in candidates}
        reservation = self.ledger.reserve(account, header.request_id, cost,
                                          debt_limit=debt_limit)
        deadline = time.monotonic() + version.manifest.limits.timeout_s + DEADLINE_GRACE_S
        signers = {p: set(known[p].values()) for p in candidates}
        return _Admitted(envelope, reservation, candidates, offers, signers, urls, max_units,
                         deadline, weights=version.manifest.pricing.weights)

    def _settle(self, admitted: _Admitted, envelope: RequestEnvelope, provider_id: str,
                frame_bytes: bytes) -> UsageReceipt:
        """Check the provider's frame and receipt, then charge it (blocking: signature check
        and database)."""
        frame = decode_response(frame_bytes)
        receipt = check_receipt(frame, envelope.header, provider=provider_id,
                                signers=admitted.signers[provider_id],
                                unit_price=admitted.candidates[provider_id],  # as authorised
                                max_units=admitted.max_units, weights=admitted.weights)
        if receipt.outcome == "timeout" and receipt.amount:
            raise CocoonError("provider_failed", "a timed-out call's receipt charges")
        with tracing.span("ledger.charge") as span:
            admitted.charged = True  # charge() releases the reservation, whatever happens
            charged = self.ledger.charge(admitted.reservation, frame.receipt)
            span.set_attribute("cocoon.amount", receipt.amount)
            span.set_attribute("cocoon.charged", charged)
        return receipt

    async def _forward(self, provider_id: str, admitted: _Admitted, body: bytes, *,
                       stream: bool = False) -> bytes | ProviderStream:
        """The provider's answer: a frame, or with ``stream`` and a provider that streams,
        its open stream (the router hears of its end from the relay)."""
        url = admitted.urls[provider_id]
        left = admitted.deadline - time.monotonic()
        timeout = aiohttp.ClientTimeout(total=max(left, 0.001),
                                        sock_connect=min(self.connect_timeout_s, left))
        started = time.perf_counter()
        self.router.started(provider_id)
        ok = False
        with tracing.span("gateway.forward") as span:
            span.set_attribute("cocoon.provider", provider_id)
            span.set_attribute("cocoon.envelope_bytes", len(body))
            headers = {"content-type": "application/octet-stream", **tracing.inject_headers(),
                       AUTHORISATION_HEADER: authorise(
                           self.authority, admitted.envelope.header, provider_id,
                           unit_price=admitted.candidates[provider_id])}
            if stream:
                headers["accept"] = STREAM_MEDIA_TYPE
            opened: ProviderStream | None = None
            try:
                resp = await self.client.post(  # a redirect is an answer, never followed
                    url, data=body, headers=headers, timeout=timeout, allow_redirects=False)
                try:
                    status = resp.status
                    if stream and status == 200 and resp.content_type == STREAM_MEDIA_TYPE:
                        opened = ProviderStream(provider_id, resp, started)
                        span.set_attribute("cocoon.streamed", True)
                        return opened
                    limit = MAX_FRAME_BYTES if status == 200 else MAX_ERROR_BYTES
                    content = await _read_capped(resp, limit)
                finally:
                    if opened is None:
                        resp.release()
                ok = status < 500 and content is not None
            except TimeoutError:
                raise CocoonError("provider_timeout", f"provider {provider_id} did not answer "
                                  "within the function's time limit") from None
            except (aiohttp.ClientError, asyncio.IncompleteReadError):
                raise CocoonError(
                    "provider_failed", f"provider {provider_id} unreachable"
                ) from None
            finally:
                if opened is None:
                    self.router.finished(
                        provider_id, ok=ok, latency_ms=(time.perf_counter() - started) * 1000
                    )
            span.set_attribute("cocoon.status", status)
            if content is None:  # more than any honest answer: the provider's fault
                self.router.penalize(provider_id)
                raise CocoonError("provider_failed", f"provider {provider_id}: answer larger "
                                  f"than {limit} bytes")
            span.set_attribute("cocoon.response_bytes", len(content))
        if status != 200:
            err = CocoonError.from_response(content, status=status)
            if err.code not in _CLIENT_FAULTS:  # only a runtime's refusal of the request
                self.router.penalize(provider_id)
                raise CocoonError("provider_failed", f"provider {provider_id}: {err.message}")
            raise err
        return content


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _read_capped(resp: aiohttp.ClientResponse, limit: int) -> bytes | None:
    """The response body, or None as soon as it is known to exceed ``limit`` bytes (by its
    Content-Length, or while reading): never more than ``limit`` bytes are buffered."""
    if resp.content_length is not None:
        if resp.content_length > limit:
            return None
        return await resp.content.readexactly(resp.content_length)
    parts, size = [], 0
    async for chunk in resp.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)
