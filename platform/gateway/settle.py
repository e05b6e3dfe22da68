"""Settlement inside the gateway: a background task on the thresholds, off the request path.

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

from ..settlement import Settlement, SettlementReport
from ..settlement.local import open_settlement
from .settings import GatewaySettings

log = logging.getLogger("cocoon.gateway.settlement")
T = TypeVar("T")
NO_PAYOUT_KEY = bytes(32)  # providers registered without a payout key: no cooperative close


def raw_address(address: str) -> str:
    try:
        return Address(address).to_str(is_user_friendly=False)
    except Exception:
        raise CocoonError("bad_request", "payout_address is not a TON address") from None


class SettlementRunner:
    def __init__(self, settings: GatewaySettings,
                 on_report: Callable[[SettlementReport], None] | None = None) -> None:
        self.settings = settings
        self.on_report = on_report  # e.g. the gateway's metrics
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settlement")
        self._settlement: Settlement | None = None
        self._task: asyncio.Task[None] | None = None

    def _driver(self) -> Settlement:
        if self._settlement is None:
            s = self.settings
            self._settlement = open_settlement(
                s.home, database=s.database_target, fee_bps=s.fee_bps, thresholds=s.thresholds
            )
        return self._settlement

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
        if self.settings.settle_interval_s > 0:
            self._task = asyncio.create_task(self._loop())

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

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._settlement is not None:
            settlement = self._settlement
            await self._call(settlement.close)
            await self._call(settlement.chain.close)
        self._pool.shutdown(wait=True)
