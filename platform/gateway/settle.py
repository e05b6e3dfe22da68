"""Settlement inside the gateway: background tasks off the request path.

Two loops: the settlement run on the thresholds (every ``settle_interval_s``), and the chain
watcher (every ``watch_interval_s``: deposits credited, closing client channels claimed at once;
:mod:`cocoon.platform.settlement.watcher`). The watcher opens the chain only once some client
channel is registered, so a gateway nobody pays through touches no chain.

The driver talks to the TVM emulator and to the database synchronously, so it runs on one
dedicated worker thread (the embedded chain's SQLite connection belongs to that thread); the
event loop only awaits it. With a shared PostgreSQL database every gateway runs this loop; the
driver's lease lets one run at a time settle, and the others find nothing left to send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from pytoniq_core import Address

from cocoon.contracts.channel import ChannelParams
from cocoon.contracts.voucher import Voucher
from cocoon.runtime.errors import CocoonError

from ..db import Database
from ..ledger import Ledger
from ..settlement import Settlement, SettlementReport
from ..settlement.local import open_chain, open_settlement
from ..settlement.watcher import ChainWatcher, WatchReport
from .settings import GatewaySettings

log = logging.getLogger("cocoon.gateway.settlement")
T = TypeVar("T")
NO_PAYOUT_KEY = bytes(32)  # providers registered without a payout key: no cooperative close


def raw_address(address: str) -> str:
    try:
        return Address(address).to_str(is_user_friendly=False)
    except Exception:
        raise CocoonError("bad_request", "payout_address is not a TON address") from None


def settlement_for(
    settings: GatewaySettings, *, fee_bps: int | None = None, database: Database | None = None
) -> Settlement:
    """The settlement driver as the gateway's configuration describes it (chain, database, fee,
    thresholds, dispute window): the one place the gateway and ``cocoon settle`` open it."""
    return open_settlement(
        settings.home, database=database or settings.database_target,
        chain=open_chain(settings.chain_spec),
        fee_bps=settings.fee_bps if fee_bps is None else fee_bps,
        thresholds=settings.thresholds, dispute_window=settings.dispute_window_s,
        owns_chain=True,
    )


class SettlementRunner:
    def __init__(self, settings: GatewaySettings,
                 on_report: Callable[[SettlementReport], None] | None = None) -> None:
        self.settings = settings
        self.on_report = on_report  # e.g. the gateway's metrics
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settlement")
        self._settlement: Settlement | None = None
        self._db: Database | None = None
        self._watcher: ChainWatcher | None = None
        self._tasks: list[asyncio.Task[None]] = []

    def _database(self) -> Database:
        if self._db is None:
            self._db = Database(self.settings.database_target, pool_size=2)
        return self._db

    def _driver(self) -> Settlement:
        if self._settlement is None:
            self._settlement = settlement_for(self.settings, database=self._database())
        return self._settlement

    def _poll(self) -> WatchReport | None:
        if self._watcher is None:
            if self._database().one("SELECT 1 FROM settlement_clients LIMIT 1") is None:
                return None  # no client channel yet: nothing on chain to watch
            driver = self._driver()
            self._watcher = ChainWatcher(driver, Ledger(driver.db))
        return self._watcher.poll()

    async def watch(self) -> WatchReport | None:
        """One chain-watcher poll (None: no client channel registered yet)."""
        return await self._call(self._poll)

    async def _call(self, fn, *args):  # type: ignore[no-untyped-def]
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    async def run(self, force: bool = False) -> SettlementReport:
        report = await self._call(lambda: self._driver().run(force=force))
        if self.on_report is not None:
            self.on_report(report)
        return report

    async def register_provider(
        self, provider: str, payout_address: str, payout_key: str | None
    ) -> None:
        """Where the provider's earnings go (first registration wins). Without a payout key
        the provider's channel can still pay out, but not close cooperatively."""
        raw = raw_address(payout_address)
        key = bytes.fromhex(payout_key) if payout_key else NO_PAYOUT_KEY
        await self._call(lambda: self._driver().register_provider(provider, raw, key))

    async def provider_voucher(self, provider: str) -> tuple[Voucher, ChannelParams] | None:
        """The provider's newest platform-signed voucher and its channel's parameters (None:
        none signed yet), for the provider to hold (GET /v1/providers/{id}/voucher)."""
        def read() -> tuple[Voucher, ChannelParams] | None:
            driver = self._driver()
            voucher, info = driver.provider_voucher(provider), driver.provider(provider)
            if voucher is None or info is None:
                return None
            return voucher, driver._provider_params(info)

        return await self._call(read)

    async def call(self, fn: Callable[[Settlement], T]) -> T:
        """``fn(driver)`` on the settlement thread, where the driver's chain connection lives."""
        return await self._call(lambda: fn(self._driver()))

    def start(self) -> None:
        self._tasks.append(asyncio.create_task(self._watch_loop()))
        if self.settings.settle_interval_s > 0:
            self._tasks.append(asyncio.create_task(self._loop()))

    async def _watch_loop(self) -> None:
        while True:
            await asyncio.sleep(self.settings.watch_interval_s)
            try:
                report = await self.watch()
            except Exception as exc:  # keep watching; the next poll reads the chain afresh
                log.warning("chain watch failed: %s: %s", type(exc).__name__, exc)
                continue
            if report is None:
                continue
            for failure in report.failures:
                log.warning("chain watch: %s for %s failed: %s", failure.kind, failure.target,
                            failure.reason)
            if report.closing_claims:
                log.warning("claimed %d closing client channels", report.closing_claims)
            if report.stopped or report.busy:
                log.info("chain watch: claims wait for the next poll: %s",
                         report.stopped or report.busy)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.settings.settle_interval_s)
            try:
                report = await self.run()
            except Exception as exc:  # keep serving; the next pass re-derives everything
                log.warning("settlement pass failed: %s: %s", type(exc).__name__, exc)
                continue
            if report.onchain_messages:
                log.warning("settled: %d messages, gas %d nTON", report.onchain_messages,
                            report.gas)
            for failure in report.failures:
                log.warning("settlement: %s for %s failed: %s", failure.kind, failure.target,
                            failure.reason)
            if report.stopped:
                log.warning("settlement stopped early (the next pass resumes): %s",
                            report.stopped)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._settlement is not None:
            settlement = self._settlement
            await self._call(settlement.close)  # and its chain
        if self._db is not None:
            await self._call(self._db.close)
        self._pool.shutdown(wait=True)
