"""The gateway's state, one per process: database, registry, ledger, router, the
outbound HTTP client, and the placement pass that runs on events and every few seconds.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from starlette.requests import Request

from cocoon.runtime import tracing
from cocoon.runtime.attestation import Policy, verify_evidence
from cocoon.runtime.attestation.chain_policy import EMBEDDED_PREFIX, chain_opener
from cocoon.runtime.attestation.gpu import gpu_kind_refusal
from cocoon.runtime.manifest import Manifest

from ..admission import stake_admission
from ..api import AccountOut, ChannelOut, FunctionOut, Placement
from ..db import Database
from ..jobs import JobStore
from ..ledger import Ledger
from ..registry import ProviderInfo, Registry, VersionInfo
from ..router import placement_refusal
from ..settlement.deposits import channel_status
from ..settlement.vouchers import VoucherBook
from ..stakes import StakeCache
from ..telegram import TelegramUsers
from .authority import load_authority
from .http import Authenticator, off_loop
from .invoke import Forwarder
from .jobs import JobRunner
from .metrics import GatewayMetrics, MeteredRouter
from .ratelimit import RateLimiter
from .settings import GatewaySettings
from .settle import SettlementRunner

log = logging.getLogger("cocoon.gateway")
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
        chain = settings.chain or f"{EMBEDDED_PREFIX}{settings.home / 'chain'}"
        self.stakes = StakeCache(self.db, chain_opener(chain))  # what providers stake, cached
        self.registry = Registry(self.db, stake_admission(self.stakes, settings.min_stake),
                                 certified_keys_only=settings.min_stake > 0)
        self.ledger = Ledger(self.db)
        self.router = MeteredRouter(self.metrics)
        self.auth = Authenticator(self.registry)
        self.signups = RateLimiter(per_minute=settings.signups_per_minute,
                                   burst=settings.signup_burst)  # POST /v1/accounts
        self.vouchers = VoucherBook(self.db)
        self.telegram = TelegramUsers(self.db, self.registry)  # Mini App sign-in's accounts
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
            max_unvouchered=settings.max_unvouchered,
        )
        self.jobs = JobRunner(JobStore(self.db), self.forwarder, self.http, settings)
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
            prompt_weight=m.pricing.prompt_weight,
            completion_weight=m.pricing.completion_weight,
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
                client_signs=True,  # always: the platform holds no client key
                status=channel_status(self.db, account),
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
        await self.jobs.close()
        if self.settlement is not None:
            await self.settlement.close()
        await self.http.close()
        self.db.close()


def gateway_of(request: Request) -> Gateway:
    return request.app.state.gateway
