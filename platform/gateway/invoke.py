"""The invoke path: authenticate, reserve, route, forward, check the receipt, charge.

The gateway sees only the envelope's routing header and sizes; it holds no key that opens the
payload. It may fail over between the providers the client sealed for, because the envelope
carries a wrapped key for each of them.
"""

from __future__ import annotations

import time
from collections import OrderedDict

import aiohttp

from cocoon.runtime import tracing
from cocoon.runtime.envelope import check_receipt
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.hosting import route_for
from cocoon.runtime.wire import Offer, RequestEnvelope, decode_response

from ..ledger import Balance, Ledger
from ..registry import Principal, Registry, VersionInfo
from ..router import Router
from ..settlement.vouchers import VoucherBook

_RETRY_CACHE_SIZE = 2048
_OFFER_TTL_S = 2.0
_RETRYABLE = {"provider_failed", "provider_timeout"}
# What a runtime may refuse on the client's account; any other answer is the provider's fault.
# (The gateway checks the max price against the offers itself, before forwarding.)
_CLIENT_FAULTS = {"stale_request", "payload_too_large", "unsupported_media_type",
                  "replayed_request", "envelope_rejected"}


class Invoker:
    def __init__(
        self,
        registry: Registry,
        ledger: Ledger,
        router: Router,
        client: aiohttp.ClientSession,
        timeout_s: float,
        vouchers: VoucherBook | None = None,
    ) -> None:
        self.registry, self.ledger, self.router = registry, ledger, router
        self.vouchers = vouchers
        self.client = client
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._endpoints: dict[str, str] = {}
        self._served: OrderedDict[str, tuple[str, bytes, str]] = OrderedDict()
        self._versions: dict[str, VersionInfo] = {}
        self._offers: dict[str, tuple[float, dict[str, Offer]]] = {}

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

    def offers(self, digest: str) -> dict[str, Offer]:
        cached = self._offers.get(digest)
        if cached is None or cached[0] < time.monotonic():
            cached = (
                time.monotonic() + _OFFER_TTL_S,
                {o.provider: o for o in self.registry.offers(digest)},
            )
            self._offers[digest] = cached
        return cached[1]

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
        envelope: RequestEnvelope,
        balance: Balance,
        vouchered: int | None = None,
    ) -> tuple[bytes, str]:
        """Returns (response frame bytes, provider id). ``balance`` was read at the start of
        this request; ``vouchered``, if known, is the voucher amount now held."""
        header = envelope.header
        if header.function != name:
            raise CocoonError("bad_request", "envelope is for another function")
        if header.client != principal.account:
            raise CocoonError("forbidden", "envelope was sealed for another account")
        version = self.version(header.digest)
        if version.name != name or version.version != header.version:
            raise CocoonError("unknown_function", "function version does not match the envelope")
        served = self._served.get(header.request_id)
        if served is not None and served[0] == principal.account:
            return served[1], served[2]  # a client retry: same answer, charged once
        if self.ledger.already_charged(header.request_id):
            raise CocoonError("replayed_request", "this request id was already served")

        offers = self.offers(header.digest)
        candidates = {
            r.provider: offers[r.provider].unit_price
            for r in envelope.recipients
            if r.provider in offers
        }
        if not candidates:
            raise CocoonError("no_provider", "none of the sealed-for providers serves this version")
        max_units = self.version(header.digest).manifest.pricing.max_units
        candidates = {p: price for p, price in candidates.items()
                      if price * max_units <= header.max_price}
        if not candidates:
            raise CocoonError("price_exceeded", f"max price ({header.max_price} nTON) is below "
                              f"{max_units} units at the sealed-for providers' prices")
        if self.vouchers is not None:
            self.vouchers.require_covered(
                principal.account, balance.charged, header.max_price, vouchered
            )
        reservation = self.ledger.reserve(
            principal.account, header.request_id, header.max_price, charged=balance
        )
        try:
            last_error = CocoonError("no_provider", "no provider could serve the request")
            for provider_id in self.router.rank(candidates):
                offer = offers[provider_id]
                try:
                    frame_bytes = await self._forward(provider_id, header.digest, body)
                except CocoonError as exc:
                    if exc.code not in _RETRYABLE:
                        raise
                    last_error = exc
                    continue
                try:
                    frame = decode_response(frame_bytes)
                    check_receipt(frame, header, provider=provider_id,
                                  signer=offer.signing_public, unit_price=offer.unit_price,
                                  max_units=max_units)
                except CocoonError as exc:  # a 200 with a bad frame or receipt: the provider's
                    self.router.penalize(provider_id)
                    last_error = CocoonError("provider_failed", f"provider {provider_id}: "
                                             f"{exc.message}")
                    continue
                with tracing.span("ledger.charge") as span:
                    charged = self.ledger.charge(reservation, frame.receipt)
                    span.set_attribute("cocoon.amount", frame.receipt.receipt.amount)
                    span.set_attribute("cocoon.charged", charged)
                self._remember(header.request_id, principal.account, frame_bytes, provider_id)
                return frame_bytes, provider_id
            raise last_error
        finally:
            self.ledger.release(reservation)

    async def _forward(
        self, provider_id: str, digest: str, body: bytes
    ) -> bytes:
        url = self.endpoint(provider_id) + route_for(digest)
        started = time.perf_counter()
        self.router.started(provider_id)
        ok = False
        with tracing.span("gateway.forward") as span:
            span.set_attribute("cocoon.provider", provider_id)
            span.set_attribute("cocoon.envelope_bytes", len(body))
            headers = {"content-type": "application/octet-stream", **tracing.inject_headers()}
            try:
                async with self.client.post(
                    url, data=body, headers=headers, timeout=self._timeout
                ) as resp:
                    status, content = resp.status, await resp.read()
                ok = status < 500
            except TimeoutError:
                raise CocoonError("provider_timeout", f"provider {provider_id} timed out") from None
            except aiohttp.ClientError:
                raise CocoonError(
                    "provider_failed", f"provider {provider_id} unreachable"
                ) from None
            finally:
                self.router.finished(
                    provider_id, ok=ok, latency_ms=(time.perf_counter() - started) * 1000
                )
            span.set_attribute("cocoon.status", status)
            span.set_attribute("cocoon.response_bytes", len(content))
        if status != 200:
            err = CocoonError.from_response(content, status=status)
            if err.code not in _CLIENT_FAULTS:  # only a runtime's refusal of the request
                self.router.penalize(provider_id)
                raise CocoonError("provider_failed", f"provider {provider_id}: {err.message}")
            raise err
        return content

    def _remember(self, request_id: str, account: str, frame: bytes, provider: str) -> None:
        self._served[request_id] = (account, frame, provider)
        if len(self._served) > _RETRY_CACHE_SIZE:
            self._served.popitem(last=False)
