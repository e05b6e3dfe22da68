"""The gateway: Cocoon's public HTTP API (Starlette).

Clients deploy, discover and invoke; provider agents register and pick up assignments. Every
error is ``{"error": {"code", "message"}}`` with a 4xx status for anything the caller did.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import time
from collections.abc import AsyncIterator

import aiohttp
from pydantic import BaseModel, Field
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cocoon.contracts.voucher import Voucher
from cocoon.runtime import tracing
from cocoon.runtime.attestation import Policy, verify_evidence
from cocoon.runtime.attestation.binding import replica_binding_keys
from cocoon.runtime.attestation.gpu import gpu_kind_refusal
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import MAX_BUNDLE_BYTES, Manifest, manifest_from_bundle
from cocoon.runtime.request_body import read_capped
from cocoon.runtime.wire import (
    Assignment,
    AssignmentPoll,
    PlacementReport,
    ProviderRegistration,
)

from ..api import (
    AccountOut,
    ChannelOut,
    DeployOut,
    DeployRequest,
    FunctionDetail,
    FunctionOut,
    KeyOut,
    KeyRequest,
    Placement,
    ProviderOut,
    UsageOut,
)
from ..db import Database
from ..ledger import Ledger
from ..registry import ProviderInfo, Registry, VersionInfo
from ..router import placement_refusal, replica_refusal
from ..settlement.vouchers import HEADER as VOUCHER_HEADER
from ..settlement.vouchers import VoucherBook
from . import openapi
from .authority import load_authority, public_hex
from .endpoints import check_endpoint
from .http import (
    Authenticator,
    CatchUnexpected,
    cocoon_error_handler,
    http_error_handler,
    model_response,
    off_loop,
    query_int,
    query_seconds,
    read_model,
)
from .invoke import Forwarder
from .metrics import GatewayMetrics, MeteredRouter, metrics_endpoint, observe_invoke
from .settings import GatewaySettings
from .settle import SettlementRunner, raw_address

log = logging.getLogger("cocoon.gateway")
MAX_JSON_BYTES = 64 << 10
# The deploy document: the bundle (at most MAX_BUNDLE_BYTES, the SDK's limit too) in base64.
MAX_DEPLOY_BODY_BYTES = 4 * -(-MAX_BUNDLE_BYTES // 3) + (4 << 10)
MAX_ASSIGNMENT_WAIT_S = 30.0
MAX_WAKE_WAIT_S = 60.0  # GET /v1/functions/{name}?wait=: how long a client may wait for a wake
PLACEMENT_INTERVAL_S = 2.0  # the placement pass also runs this often (a provider gone stale)


class Gateway:
    """The gateway's state: database, registry, ledger, router and the outbound HTTP client."""

    @property
    def policy(self) -> Policy:
        return self.policy_source.policy()

    def __init__(self, settings: GatewaySettings) -> None:
        self.settings = settings
        self.metrics = GatewayMetrics()
        self.db = Database(settings.database_target)
        self.registry = Registry(self.db)
        self.ledger = Ledger(self.db)
        self.router = MeteredRouter(self.metrics)
        self.auth = Authenticator(self.registry)
        self.vouchers = VoucherBook(self.db)
        self.settlement = (SettlementRunner(settings, on_report=self.metrics.settled)
                           if settings.settlement else None)
        self.policy_source = settings.policy_source()  # the root contract's allowlist, cached
        self.authority = load_authority(settings.home)  # signs each forwarded call's permission
        # aiohttp rather than httpx on this hop: it forwards in about half the time.
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=256, keepalive_timeout=60),
            auto_decompress=False,
            trust_env=False,
            trace_configs=tracing.client_trace_configs(),
        )
        self.forwarder = Forwarder(
            self.registry,
            self.ledger,
            self.router,
            self.http,
            settings.provider_timeout_s,
            vouchers=self.vouchers,
            authority=self.authority,
        )
        self.deployed = asyncio.Event()

    def endpoint(self, request: Request, name: str) -> str:
        return str(request.base_url).rstrip("/") + f"/v1/functions/{name}/invoke"

    def function_out(self, request: Request, v: VersionInfo, cls: type = FunctionOut, *,
                     viewer: str, **extra):
        m = v.manifest
        mine = self.registry.function_owner(v.name) == viewer  # details: the owner's only
        placements = [
            Placement(provider=p, state=s, unit_price=price, detail=d if mine else "")
            for p, s, price, d in self.registry.placements(v.digest)
        ]
        return cls(
            name=v.name,
            version=v.version,
            digest=v.digest,
            description=m.description,
            unit=m.pricing.unit,
            unit_price=m.pricing.unit_price,
            max_units=m.pricing.max_units,
            max_payload_bytes=m.limits.max_payload_bytes,
            gpus=m.resources.gpus,
            endpoint=self.endpoint(request, v.name),
            placements=placements,
            status=v.status,
            **extra,
        )

    def account_out(self, account: str) -> AccountOut:
        b = self.ledger.balance(account)
        channel = self.vouchers.channel(account)
        voucher = self.vouchers.latest(account)
        return AccountOut(
            id=account,
            credited=b.credited,
            charged=b.charged,
            reserved=b.reserved,
            available=b.available,
            vouchered=voucher.cumulative if voucher else 0,
            channel=None
            if channel is None
            else ChannelOut(
                address=channel.channel_address,
                channel_id=channel.channel_id,
                payer_wallet=channel.payer_wallet,
                payer_key=channel.payer_key,
                client_signs=not channel.platform_signs,
            ),
            voucher=voucher,
        )

    def wake_pollers(self) -> None:
        """Answer every waiting assignment poll now (a deploy, an approval, a suspension)."""
        self.deployed.set()
        self.deployed = asyncio.Event()

    def place_now(self) -> bool:
        """Run the placement pass (blocking: off the loop); True if anything changed (the
        caller then wakes the pollers: :meth:`placed`)."""
        policy = self.policy

        def refuse(m: Manifest, p: ProviderInfo) -> str | None:
            """The router's GPU evidence check, and the GPU kind the evidence shows."""
            if why := placement_refusal(m, p.evidence, policy):
                return why
            kind = m.resources.gpu_kind
            verdicts = [verify_evidence(e, policy) for e in p.evidence if e.kind == "nvidia"]
            why = gpu_kind_refusal(kind, verdicts) if kind else None
            return f"not placed: {why}" if why else None

        changed = self.registry.place(refuse)
        if changed:
            self.forwarder.invalidate()
        return changed

    async def placed(self) -> None:
        """The placement pass after an event; waiting polls hear of any change at once."""
        await off_loop(self.place_now)
        self.forwarder.invalidate()
        self.wake_pollers()

    async def place_periodically(self) -> None:
        """Providers go stale without an event: the pass also runs every few seconds."""
        while True:
            await asyncio.sleep(PLACEMENT_INTERVAL_S)
            try:
                if await off_loop(self.place_now):
                    self.wake_pollers()
            except Exception as exc:  # a database hiccup: the next round tries again
                log.warning("placement pass failed: %s", exc)

    async def close(self) -> None:
        if self.settlement is not None:
            await self.settlement.close()
        await self.http.close()
        self.db.close()


def _gw(request: Request) -> Gateway:
    return request.app.state.gateway


# -- health and account ------------------------------------------------------------------------


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def network_terms(request: Request) -> Response:
    """The network's public terms (no auth): the platform's fee on providers' earnings."""
    return JSONResponse({"fee_bps": _gw(request).settings.fee_bps})


async def get_account(request: Request) -> Response:
    gw = _gw(request)
    account = (await gw.auth.check(request)).account
    return model_response(await off_loop(gw.account_out, account))


async def post_voucher(request: Request) -> Response:
    """A client-signed cumulative voucher for the account's channel (the SDK's flush)."""
    gw = _gw(request)
    account = (await gw.auth.check(request, "client")).account
    voucher = await read_model(request, Voucher, MAX_JSON_BYTES)

    def accept() -> AccountOut:
        gw.vouchers.accept(account, voucher, gw.ledger.balance(account).charged, stale_ok=False)
        return gw.account_out(account)

    return model_response(await off_loop(accept))


async def create_key(request: Request) -> Response:
    gw = _gw(request)
    principal = await gw.auth.check(request, "client")
    body = await read_model(request, KeyRequest, MAX_JSON_BYTES)
    key = await off_loop(gw.registry.create_key, principal.account, body.role)
    return model_response(KeyOut(key=key, account=principal.account, role=body.role), 201)


async def usage(request: Request) -> Response:
    gw = _gw(request)
    account = (await gw.auth.check(request)).account
    limit = query_int(request, "limit", 50, 1, 1000)
    return model_response(await off_loop(lambda: UsageOut(
        account=gw.account_out(account),
        summary=gw.ledger.usage_summary(account),
        receipts=gw.ledger.receipts(account, limit),
    )))


# -- functions ---------------------------------------------------------------------------------


async def deploy(request: Request) -> Response:
    gw = _gw(request)
    principal = await gw.auth.check(request, "client")
    body = await read_model(request, DeployRequest, MAX_DEPLOY_BODY_BYTES)
    try:
        bundle = base64.b64decode(body.bundle, validate=True)
    except (binascii.Error, ValueError):
        raise CocoonError("bad_request", "bundle is not valid base64") from None
    if len(bundle) > MAX_BUNDLE_BYTES:
        raise CocoonError("payload_too_large", f"bundle exceeds {MAX_BUNDLE_BYTES} bytes")
    manifest = await off_loop(manifest_from_bundle, bundle)  # may inflate MBs
    version, created = await off_loop(gw.registry.deploy, principal.account, manifest, bundle)
    await gw.placed()  # new, or an older version (or a deleted name) made current again
    out = DeployOut(
        name=version.name,
        version=version.version,
        digest=version.digest,
        created=created,
        endpoint=gw.endpoint(request, version.name),
    )
    return model_response(out, 201 if created else 200)


async def list_functions(request: Request) -> Response:
    gw = _gw(request)
    viewer = (await gw.auth.check(request)).account
    return model_response(await off_loop(
        lambda: [gw.function_out(request, v, viewer=viewer)
                 for v in gw.registry.list_functions()]))


async def describe_function(request: Request) -> Response:
    """A function's current version, placements and offers. ``?wait=S`` (up to 60): when no
    offer is ready but a placement is idle (scaled to zero), its providers are asked to wake
    it and the answer waits up to S seconds for its keys."""
    gw = _gw(request)
    viewer = (await gw.auth.check(request)).account
    wait = query_seconds(request, "wait", 0.0, MAX_WAKE_WAIT_S)
    name = request.path_params["name"]

    def detail() -> FunctionDetail:
        version = gw.registry.latest_version(name)
        offers = list(gw.forwarder.offers(version.digest).values())
        return gw.function_out(request, version, FunctionDetail, offers=offers, viewer=viewer)

    out = await off_loop(detail)
    if out.offers or wait <= 0 or not await off_loop(gw.registry.request_wake, out.digest):
        return model_response(out)
    gw.wake_pollers()
    deadline = asyncio.get_running_loop().time() + wait
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.1)
        if await off_loop(gw.registry.offers, out.digest):
            gw.forwarder.invalidate()
            break
    return model_response(await off_loop(detail))


async def delete_function(request: Request) -> Response:
    """The owner deletes a function: retired on every provider, no longer listed or invocable."""
    gw = _gw(request)
    owner = (await gw.auth.check(request, "client")).account
    name = request.path_params["name"]
    await off_loop(gw.registry.delete_function, name, owner)
    await gw.placed()
    return JSONResponse({"name": name, "deleted": True})


class RollbackRequest(BaseModel):
    version: int | None = Field(default=None, ge=1, description="None: the one before")


async def rollback_function(request: Request) -> Response:
    """The owner makes an earlier version current; providers serve it and retire the other."""
    gw = _gw(request)
    owner = (await gw.auth.check(request, "client")).account
    body = await read_model(request, RollbackRequest, MAX_JSON_BYTES)
    version = await off_loop(gw.registry.rollback, request.path_params["name"], owner,
                             body.version)
    await gw.placed()
    return model_response(await off_loop(
        lambda: gw.function_out(request, version, viewer=owner)))


async def invoke(request: Request) -> Response:
    gw = _gw(request)
    with tracing.span(
        "gateway.invoke", context=tracing.extract_context(request.headers)
    ) as span:
        principal = await gw.auth.check(request, "client")
        body = await read_capped(request, gw.settings.max_body_bytes)
        span.set_attribute("cocoon.envelope_bytes", len(body))
        frame, provider = await gw.forwarder.invoke(
            request.path_params["name"], principal, body, request.headers.get(VOUCHER_HEADER)
        )
        span.set_attribute("cocoon.provider", provider)
        span.set_attribute("cocoon.response_bytes", len(frame))
    return Response(
        frame, media_type="application/octet-stream", headers={"x-cocoon-provider": provider}
    )


# -- providers ---------------------------------------------------------------------------------


async def list_providers(request: Request) -> Response:
    """Admitted providers; an operator sees every registered one (``?pending=1``: only those
    awaiting approval)."""
    gw = _gw(request)
    operator = (await gw.auth.check(request)).role == "operator"
    pending = request.query_params.get("pending") in ("1", "true")
    return model_response(await off_loop(_providers_out, gw, operator, pending))


def _providers_out(gw: Gateway, operator: bool = False, pending: bool = False
                   ) -> list[ProviderOut]:
    now_ms = int(time.time() * 1000)
    ready: dict[str, int] = {}
    prices: dict[str, dict[str, int]] = {}  # provider -> function -> effective unit price
    oldest: dict[str, int] = {}  # provider -> its oldest current replica key's created_ms
    for v in gw.registry.list_functions():
        for pid, state, _, _ in gw.registry.placements(v.digest):
            ready[pid] = ready.get(pid, 0) + (state == "ready")
        for pid, offer in gw.forwarder.offers(v.digest).items():
            prices.setdefault(pid, {})[v.name] = offer.unit_price
            made = min(k.created_ms for k in offer.keys)
            oldest[pid] = min(oldest.get(pid, made), made)
    earnings = gw.ledger.earnings()
    out = []
    for p in gw.registry.providers():
        admitted = gw.registry.admits(p)
        if (not operator and not admitted) or (pending and admitted):
            continue
        in_flight, latency_ms = gw.router.load(p.id)
        calls, earned = earnings.get(p.id, (0, 0))
        out.append(
            ProviderOut(
                id=p.id,
                endpoint=p.endpoint,
                online=p.online,
                simulated=p.simulated,
                evidence_kinds=[e.kind for e in p.evidence],
                price_multiplier=p.price_multiplier,
                capacity_cpus=p.capacity_cpus,
                functions_ready=ready.get(p.id, 0),
                last_seen_ms=p.last_seen_ms,
                approved=admitted,
                state=p.state,
                prices=prices.get(p.id, {}),
                in_flight=in_flight,
                latency_ms=latency_ms or None,
                evidence_age_s=(now_ms - oldest[p.id]) / 1000 if p.id in oldest else None,
                calls=calls,
                earned=earned,
            )
        )
    return out


async def register_provider(request: Request) -> Response:
    gw = _gw(request)
    principal = await gw.auth.check(request, "provider")
    reg = await read_model(request, ProviderRegistration, 1 << 20)
    keys = (bytes.fromhex(reg.hpke_public), bytes.fromhex(reg.signing_public))
    # the policy's first read (the root contract) and evidence checks that fetch collateral
    # take time: never on the event loop
    policy = await off_loop(lambda: gw.policy)
    # a development network (its policy accepts simulated TEEs) also takes http to loopback
    endpoint = check_endpoint(reg.endpoint, development=policy.allow_simulated)
    verdicts = await off_loop(
        lambda: [verify_evidence(e, policy, keys=keys) for e in reg.evidence])
    rejected = [f"{v.kind}: {'; '.join(v.reasons)}" for v in verdicts if not v.valid]
    if rejected:
        raise CocoonError("attestation_rejected", "evidence rejected: " + " | ".join(rejected))
    if gw.settlement is not None and reg.payout_address:
        raw_address(reg.payout_address)  # a bad address is refused before anything is stored
    info = ProviderInfo(
        id=reg.id,
        endpoint=endpoint,
        hpke_public=reg.hpke_public,
        signing_public=reg.signing_public,
        evidence=reg.evidence,
        simulated=any(v.simulated for v in verdicts),
        price_multiplier=reg.price_multiplier,
        payout_address=reg.payout_address,
        capacity_cpus=reg.capacity_cpus,
        capacity_gpus=reg.capacity_gpus,
        gpu_kinds=reg.gpu_kinds,
        capacity_memory_mb=reg.capacity_memory_mb,
        last_seen_ms=0,
    )
    await off_loop(gw.registry.register_provider, principal.account, info)  # own ids only
    if gw.settlement is not None and reg.payout_address:
        await gw.settlement.register_provider(reg.id, reg.payout_address, reg.payout_key)
    gw.forwarder.invalidate()
    await gw.placed()
    approved = (await off_loop(gw.registry.provider, reg.id)).approved
    return JSONResponse({"id": reg.id, "simulated": info.simulated, "approved": approved},
                        status_code=201)


# -- admission: an operator approves providers (see platform/admission.py) ---------------------


async def _operator(request: Request) -> tuple[Gateway, str]:
    """The operator's account; only keys with the operator role (not admin) pass."""
    gw = _gw(request)
    principal = await gw.auth.check(request)
    if principal.role != "operator":
        raise CocoonError("forbidden", "only an operator key may approve or suspend providers")
    return gw, principal.account


async def approve_provider(request: Request) -> Response:
    gw, operator = await _operator(request)
    provider = await off_loop(gw.registry.approve_provider, request.path_params["provider"],
                              operator)
    await gw.placed()  # its waiting assignment poll gets work now
    return JSONResponse({"id": provider.id, "approved": True})


async def suspend_provider(request: Request) -> Response:
    gw, _ = await _operator(request)
    provider_id = request.path_params["provider"]
    await off_loop(gw.registry.suspend_provider, provider_id)
    await gw.placed()  # other providers take over its versions
    return JSONResponse({"id": provider_id, "approved": False})


async def _own_provider(request: Request, touch: bool = True
                        ) -> tuple[Gateway, ProviderInfo, bool]:
    """The provider named in the path, if the caller's key owns it; ``touch``: it is alive
    (and was it online before? a provider back from stale makes the placement pass run)."""
    gw = _gw(request)
    principal = await gw.auth.check(request, "provider")
    provider_id = request.path_params["provider"]

    def own() -> tuple[ProviderInfo, bool]:
        gw.registry.provider_owned_by(provider_id, principal.account)
        was_online = gw.registry.provider(provider_id).online
        if touch:
            gw.registry.touch_provider(provider_id)
        return gw.registry.provider(provider_id), was_online

    provider, was_online = await off_loop(own)
    return gw, provider, was_online


async def heartbeat(request: Request) -> Response:
    gw, provider, was_online = await _own_provider(request)
    if not was_online and provider.online:
        await gw.placed()
    return JSONResponse({"ok": True, "state": provider.state})


def _poll_params(request: Request) -> tuple[set[str], int]:
    have = {d for d in request.query_params.get("have", "").split(",") if d}
    if len(have) > 1024:
        raise CocoonError("bad_request", "have: at most 1024 digests")
    since = request.query_params.get("since", "0")
    if not (since.isascii() and since.isdigit() and len(since) <= 16):
        raise CocoonError("bad_request", "since must be a time in ms (an integer)")
    return have, int(since)


async def assignments(request: Request) -> Response:
    """Long poll (GET: reads only): what this provider should do. Waits up to ``wait``
    seconds until there is something it does not already have (``have``: digests, comma
    separated; ``since``: the ``now_ms`` of its last answer)."""
    wait = query_seconds(request, "wait", 0.0, MAX_ASSIGNMENT_WAIT_S)
    have, since = _poll_params(request)
    gw, provider, _ = await _own_provider(request, touch=False)
    wake = gw.deployed  # taken before the read: a change meanwhile still wakes this poll
    answer = await off_loop(_poll, gw, provider, have, since)
    if _empty(answer) and wait > 0:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), wait)
        provider = await off_loop(gw.registry.provider, provider.id)  # approved meanwhile?
        answer = await off_loop(_poll, gw, provider, have, since)
    return model_response(answer)


def _empty(poll: AssignmentPoll) -> bool:
    return not (poll.assignments or poll.retire or poll.wake or poll.drain)


def _poll(gw: Gateway, provider: ProviderInfo, have: set[str], since: int) -> AssignmentPoll:
    """The poll's answer, bundles included (blocking: the database)."""
    now = int(time.time() * 1000)
    assigned, retire, wake, drain = gw.registry.poll(provider, have, since)
    prices = {v.digest: next((p for pid, _, p, _ in gw.registry.placements(v.digest)
                              if pid == provider.id), 0) for v in assigned}
    return AssignmentPoll(
        assignments=[
            Assignment(
                name=v.name,
                version=v.version,
                digest=v.digest,
                unit_price=prices[v.digest],
                bundle=base64.b64encode(gw.registry.bundle(v.digest)).decode(),
                gateway_key=public_hex(gw.authority),
            )
            for v in assigned
        ],
        retire=retire, wake=wake, drain=drain, now_ms=now,
    )


class PriceRequest(BaseModel):
    price_multiplier: float = Field(gt=0, le=100)


async def set_price(request: Request) -> Response:
    """The provider's own new multiplier, live: the next offer and call carry it."""
    gw, provider, _ = await _own_provider(request)
    body = await read_model(request, PriceRequest, MAX_JSON_BYTES)
    updated = await off_loop(gw.registry.set_price_multiplier, provider.id,
                             body.price_multiplier)
    gw.forwarder.invalidate()
    return JSONResponse({"id": updated.id, "price_multiplier": updated.price_multiplier})


async def leave(request: Request) -> Response:
    """A provider leaves (its own key, or the operator's): it drains. Nothing new is routed
    there, its versions are placed elsewhere, and its next poll tells the agent to drain."""
    gw = _gw(request)
    principal = await gw.auth.check(request)
    provider_id = request.path_params["provider"]
    if principal.role != "operator":  # else the key of the account that owns it
        principal = await gw.auth.check(request, "provider")
        await off_loop(gw.registry.provider_owned_by, provider_id, principal.account)
    provider = await off_loop(gw.registry.set_provider_state, provider_id, "draining")
    await gw.placed()
    return JSONResponse({"id": provider.id, "state": provider.state})


async def left(request: Request) -> Response:
    """The agent has drained and stops: its placements go."""
    gw, provider, _ = await _own_provider(request, touch=False)
    await off_loop(gw.registry.set_provider_state, provider.id, "left")
    await gw.placed()
    return JSONResponse({"id": provider.id, "state": "left"})


def _check_replica_keys(gw: Gateway, provider: str, report: PlacementReport) -> None:
    """Every replica key must come with evidence that passes the network's policy and binds
    it to this provider and this version (blocking: evidence checks may fetch collateral)."""
    if report.state == "ready" and not report.keys:
        raise CocoonError("bad_request", "a ready placement reports its replicas' keys")
    for k in report.keys:
        bound = replica_binding_keys(bytes.fromhex(k.hpke_public),
                                     bytes.fromhex(k.signing_public), provider, report.digest)
        rejected = [f"{v.kind}: {'; '.join(v.reasons)}" for v in
                    (verify_evidence(e, gw.policy, keys=bound) for e in k.evidence) if not v.valid]
        if rejected:
            raise CocoonError("attestation_rejected",
                              f"replica key {k.key_id}: " + " | ".join(rejected))


async def report_placement(request: Request) -> Response:
    gw, provider, _ = await _own_provider(request)
    report = await read_model(request, PlacementReport, 1 << 20)  # keys carry evidence

    def record() -> None:
        if not gw.registry.is_placed(provider.id, report.digest):
            raise CocoonError("forbidden", "that version is not placed on this provider")
        _check_replica_keys(gw, provider.id, report)
        version = gw.registry.version_by_digest(report.digest)
        for k in report.keys if version is not None and report.state == "ready" else []:
            if why := replica_refusal(version.manifest, k, provider.id, report.digest, gw.policy):
                gw.registry.set_placement(provider, report.digest, "failed", f"not placed: {why}")
                raise CocoonError("attestation_rejected", why)
        gw.registry.set_placement(provider, report.digest, report.state, report.detail,
                                  report.keys)

    await off_loop(record)
    if report.state in ("failed", "retired"):
        await gw.placed()  # a failed holder is replaced; a retired one frees capacity
    gw.forwarder.invalidate()
    return JSONResponse({"ok": True})


async def openapi_doc(request: Request) -> Response:
    return JSONResponse(openapi.document())


ROUTES = [
    Route("/healthz", health),
    Route("/openapi.json", openapi_doc),
    Route("/metrics", metrics_endpoint),
    Route("/v1/network", network_terms),
    Route("/v1/account", get_account),
    Route("/v1/keys", create_key, methods=["POST"]),
    Route("/v1/vouchers", post_voucher, methods=["POST"]),
    Route("/v1/usage", usage),
    Route("/v1/functions", list_functions, methods=["GET"]),
    Route("/v1/functions", deploy, methods=["POST"]),
    Route("/v1/functions/{name}", describe_function, methods=["GET"]),
    Route("/v1/functions/{name}", delete_function, methods=["DELETE"]),
    Route("/v1/functions/{name}/rollback", rollback_function, methods=["POST"]),
    Route("/v1/functions/{name}/invoke", observe_invoke(invoke), methods=["POST"]),
    Route("/v1/providers", list_providers, methods=["GET"]),
    Route("/v1/providers", register_provider, methods=["POST"]),
    Route("/v1/providers/{provider}/heartbeat", heartbeat, methods=["POST"]),
    Route("/v1/providers/{provider}/approve", approve_provider, methods=["POST"]),
    Route("/v1/providers/{provider}/suspend", suspend_provider, methods=["POST"]),
    Route("/v1/providers/{provider}/price", set_price, methods=["POST"]),
    Route("/v1/providers/{provider}/leave", leave, methods=["POST"]),
    Route("/v1/providers/{provider}/left", left, methods=["POST"]),
    Route("/v1/providers/{provider}/assignments", assignments),
    Route("/v1/providers/{provider}/placements", report_placement, methods=["POST"]),
]


def create_app(settings: GatewaySettings | None = None) -> Starlette:
    settings = settings or GatewaySettings.load()
    tracing.setup("cocoon-gateway")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.gateway = Gateway(settings)
        if app.state.gateway.settlement is not None:
            app.state.gateway.settlement.start()
        placing = asyncio.create_task(app.state.gateway.place_periodically())
        try:
            yield
        finally:
            placing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await placing
            await app.state.gateway.close()

    return Starlette(
        routes=ROUTES,
        lifespan=lifespan,
        middleware=[*tracing.asgi_middleware(ROUTES), Middleware(CatchUnexpected)],
        exception_handlers={
            CocoonError: cocoon_error_handler,
            HTTPException: http_error_handler,
        },
    )
