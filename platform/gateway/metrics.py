"""The gateway's Prometheus metrics, served as text exposition at ``GET /metrics``.

Each gateway app has its own ``CollectorRegistry`` (tests run several gateways in one process).
Labels stay few whatever callers send: ``function`` is a function's name only once it is known
to exist (it served a call, or failed past the version check), else ``other``; ``provider`` is
a registered provider's id (empty when none answered); ``outcome`` is ``ok`` or an error code
(a fixed set). Nothing here sees payload. The names are listed in docs/operations.md.

``/metrics`` answers loopback callers, and others only with ``Authorization: Bearer
<metrics_token>`` when the gateway's ``metrics_token`` is set: function names, provider ids and
debt totals are the operator's business.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from starlette.requests import Request
from starlette.responses import Response

from cocoon.runtime.errors import CocoonError

from ..router import Router
from ..settlement.models import SettlementReport

# error codes raised only once the envelope's function version was found: the name is real
_NAME_CHECKED = {"ok", "replayed_request", "no_provider", "price_above_max", "voucher_required",
                 "insufficient_funds", "provider_failed", "provider_timeout"}
_LOOPBACK = {"127.0.0.1", "::1"}
_SECONDS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
MAX_FUNCTION_LABELS = 10_000

Endpoint = Callable[[Request], Awaitable[Response]]


class GatewayMetrics:
    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.invocations = Counter(
            "cocoon_invocations", "Invoke requests by function, provider and outcome "
            "(ok or the error code)", ["function", "provider", "outcome"], registry=r)
        self.invoke_seconds = Histogram(
            "cocoon_invoke_duration_seconds", "Invoke requests, received to answered",
            ["function", "result"], buckets=_SECONDS, registry=r)
        self.forward_seconds = Histogram(
            "cocoon_forward_duration_seconds", "Gateway -> provider round trips",
            ["provider", "result"], buckets=_SECONDS, registry=r)
        self.in_flight = Gauge(
            "cocoon_invocations_in_flight", "Invoke requests being served now", registry=r)
        self.forwards_in_flight = Gauge(
            "cocoon_forwards_in_flight", "Requests at a provider, awaiting its answer",
            ["provider"], registry=r)
        self.unvouchered = Gauge(
            "cocoon_unvouchered_debt_nanotons", "Charged to clients, not yet covered by a "
            "voucher (all accounts, as of the last settlement pass)", registry=r)
        self.shortfall = Gauge(
            "cocoon_settlement_shortfall_nanotons", "Charged to clients beyond their channel "
            "deposits (all accounts, as of the last settlement pass)", registry=r)
        self.settlement_gas = Counter(
            "cocoon_settlement_gas_nanotons", "Gas paid for on-chain settlement messages",
            registry=r)
        self.settlement_messages = Counter(
            "cocoon_settlement_messages", "On-chain settlement messages sent", registry=r)
        self.claimed = Gauge(
            "cocoon_settlement_claimed_nanotons", "Claimed from client channels on chain "
            "(cumulative)", registry=r)
        self.paid = Gauge(
            "cocoon_settlement_paid_nanotons", "Paid to providers on chain (cumulative)",
            registry=r)
        self._functions: set[str] = set()
        # labelled children, looked up once (labels() takes a lock and builds a key each call)
        self._invoke_children: dict[tuple[str, str, str], tuple[Any, Any]] = {}
        self._forward_children: dict[tuple[str, bool], tuple[Any, Any]] = {}

    def function_label(self, name: str, outcome: str) -> str:
        if name in self._functions:
            return name
        if outcome in _NAME_CHECKED and len(self._functions) < MAX_FUNCTION_LABELS:
            self._functions.add(name)
            return name
        return "other"

    def invoked(self, name: str, provider: str, outcome: str, seconds: float) -> None:
        key = (self.function_label(name, outcome), provider, outcome)
        children = self._invoke_children.get(key)
        if children is None:
            result = "ok" if outcome == "ok" else "error"
            children = (self.invocations.labels(*key),
                        self.invoke_seconds.labels(key[0], result))
            self._invoke_children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def forward_children(self, provider: str, ok: bool) -> tuple[Any, Any]:
        """(in-flight gauge, latency histogram) of forwards to ``provider``."""
        children = self._forward_children.get((provider, ok))
        if children is None:
            children = (self.forwards_in_flight.labels(provider),
                        self.forward_seconds.labels(provider, "ok" if ok else "error"))
            self._forward_children[(provider, ok)] = children
        return children

    def settled(self, report: SettlementReport) -> None:
        """One settlement pass's report (the gauges are as of that pass)."""
        self.settlement_gas.inc(report.gas)
        self.settlement_messages.inc(report.onchain_messages)
        self.unvouchered.set(sum(report.unvouchered.values()))
        self.shortfall.set(sum(report.shortfall.values()))
        self.claimed.set(report.claimed_from_clients)
        self.paid.set(report.paid_to_providers)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def observe_invoke(endpoint: Endpoint) -> Endpoint:
    """Wrap the invoke route: in-flight gauge, outcome counter, latency histogram."""

    async def observed(request: Request) -> Response:
        metrics: GatewayMetrics = request.app.state.gateway.metrics
        started = time.perf_counter()
        outcome, provider = "internal", ""
        metrics.in_flight.inc()
        try:
            response = await endpoint(request)
            outcome, provider = "ok", response.headers.get("x-cocoon-provider", "")
            return response
        except CocoonError as exc:
            outcome = exc.code
            raise
        finally:
            metrics.in_flight.dec()
            metrics.invoked(request.path_params.get("name", ""), provider, outcome,
                            time.perf_counter() - started)

    return observed


class MeteredRouter(Router):
    """The router, also counting forwards per provider (it sees each one start and end)."""

    def __init__(self, metrics: GatewayMetrics) -> None:
        super().__init__()
        self.metrics = metrics

    def started(self, provider: str) -> None:
        super().started(provider)
        self.metrics.forward_children(provider, True)[0].inc()

    def finished(self, provider: str, *, ok: bool, latency_ms: float) -> None:
        super().finished(provider, ok=ok, latency_ms=latency_ms)
        in_flight, seconds = self.metrics.forward_children(provider, ok)
        in_flight.dec()
        seconds.observe(latency_ms / 1000)


def allowed(request: Request, token: str | None) -> bool:
    """Loopback callers, or the operator's bearer token when one is configured."""
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode()):
            return True
    client = request.client
    return client is not None and client.host in _LOOPBACK


async def metrics_endpoint(request: Request) -> Response:
    gw = request.app.state.gateway
    if not allowed(request, gw.settings.metrics_token):
        raise CocoonError("forbidden", "metrics are served to loopback callers or with the "
                          "gateway's metrics_token")
    return Response(gw.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
