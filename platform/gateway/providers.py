"""Routes of providers: registration, the operator's admission, heartbeats, the assignment
poll, placement reports, price, leaving, and the voucher a provider holds for its earnings.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import time

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocoon.runtime.attestation import verify_evidence
from cocoon.runtime.attestation.binding import replica_binding_keys
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.payout import ProviderVoucher
from cocoon.runtime.wire import Assignment, AssignmentPoll, PlacementReport, ProviderRegistration

from ..api import ProviderOut
from ..registry import ProviderInfo
from ..router import replica_refusal
from .authority import public_hex
from .endpoints import check_endpoint
from .http import (
    MAX_JSON_BYTES,
    model_response,
    off_loop,
    query_flag,
    query_seconds,
    read_model,
)
from .settle import raw_address
from .state import Gateway, gateway_of

MAX_ASSIGNMENT_WAIT_S = 30.0


async def list_providers(request: Request) -> Response:
    """Admitted providers; an operator sees every registered one (``?pending=1``: only those
    awaiting approval); ``?mine=1``: the caller's account's own, in any state."""
    gw = gateway_of(request)
    principal = await gw.auth.check(request)
    operator = principal.role == "operator"
    pending = query_flag(request, "pending")
    mine = principal.account if query_flag(request, "mine") else None
    return model_response(await off_loop(_providers_out, gw, operator, pending, mine))


def _providers_out(gw: Gateway, operator: bool = False, pending: bool = False,
                   mine: str | None = None) -> list[ProviderOut]:
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
    own = None if mine is None else gw.registry.providers_of(mine)
    out = []
    for p in gw.registry.providers():
        admitted = gw.registry.admits(p)
        if own is not None:
            if p.id not in own:
                continue
        elif (not operator and not admitted) or (pending and admitted):
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
                stake=gw.stakes.bonded(p.id),
            )
        )
    return out


async def register_provider(request: Request) -> Response:
    gw = gateway_of(request)
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
    gw = gateway_of(request)
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
    gw = gateway_of(request)
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
    gw = gateway_of(request)
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
        gw.stakes.check_certs(provider.id, report.keys)  # usable as proof against its stake
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


async def provider_voucher(request: Request) -> Response:
    """The newest platform-signed voucher for the provider's own channel, with the channel's
    parameters: the provider checks it offline and can claim it on chain alone, whatever
    becomes of the platform (runtime/payout.py). The owning account's keys only."""
    gw = gateway_of(request)
    principal = await gw.auth.check(request, "provider")  # or the account's admin key
    provider_id = request.path_params["provider"]
    await off_loop(gw.registry.provider_owned_by, provider_id, principal.account)
    held = None if gw.settlement is None else await gw.settlement.provider_voucher(provider_id)
    if held is None:
        raise CocoonError("no_voucher", f"no voucher signed for {provider_id} yet (the next "
                          "settlement pass signs one once it has earned something)")
    voucher, params = held
    return model_response(ProviderVoucher(provider=provider_id, channel_address=voucher.channel,
                                          params=params, voucher=voucher))
