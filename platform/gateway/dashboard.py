"""Routes the dashboard reads: an account's usage over time, and a provider's earnings.

Both are views of what the gateway already keeps (the ledger's receipts, the settlement's
vouchers, the provider channel on chain); neither changes anything. Usage is the caller's own
account only; earnings only the provider's own account (as its voucher: GET .../voucher).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from cocoon.contracts.chain import ChainError
from cocoon.contracts.channel import PaymentChannel
from cocoon.runtime.errors import CocoonError

from ..api import EarningsOut, UsageHistoryOut, UsagePoint
from ..settlement import Settlement, platform_fee
from .http import model_response, off_loop, query_int
from .state import gateway_of

DAY_MS = 86_400_000
DEFAULT_WINDOW_MS = 7 * DAY_MS
MIN_BUCKET_S, MAX_BUCKET_S = 60, 7 * 86_400
MAX_POINTS = 2000
MAX_MS = 10**15 - 1  # ms since the epoch: 13 digits until the year 2286


async def usage_history(request: Request) -> Response:
    """The account's receipts per (time bucket, function): any key of the account, sessions
    included. ``bucket_s`` 60..604800 (3600); ``since_ms`` (7 days ago) ``<= t <`` ``until_ms``
    (now); at most 2000 points, else 400 (a wider bucket or a shorter window)."""
    gw = gateway_of(request)
    account = (await gw.auth.check(request)).account
    bucket_s = query_int(request, "bucket_s", 3600, MIN_BUCKET_S, MAX_BUCKET_S)
    until_ms = query_int(request, "until_ms", int(time.time() * 1000), 0, MAX_MS)
    since_ms = query_int(request, "since_ms", max(until_ms - DEFAULT_WINDOW_MS, 0), 0, MAX_MS)
    if since_ms >= until_ms:
        raise CocoonError("bad_request", "since_ms must be before until_ms")
    rows = await off_loop(gw.ledger.usage_history, account, bucket_s * 1000, since_ms,
                          until_ms, MAX_POINTS + 1)
    if len(rows) > MAX_POINTS:
        raise CocoonError("bad_request", f"more than {MAX_POINTS} points: widen bucket_s or "
                          "shorten the window (since_ms, until_ms)")
    return model_response(UsageHistoryOut(
        account=account, bucket_s=bucket_s, since_ms=since_ms, until_ms=until_ms,
        points=[UsagePoint.model_validate(r) for r in rows]))


def _settled(provider: str, out: EarningsOut) -> Callable[[Settlement], EarningsOut]:
    """What the settlement driver adds to the ledger's figures (run on its thread, where its
    chain connection lives): its fee on the ledger's gross, vouchered from its records, paid
    and deposit from the provider's channel on chain (0 while it is not deployed)."""

    def read(driver: Settlement) -> EarningsOut:
        e = driver.earnings(provider)
        info = driver.provider(provider)
        deposit = 0
        if info is not None:
            channel = PaymentChannel(driver.chain, info.channel_address)
            deposit = channel.state().deposit if channel.exists() else 0
        fee = platform_fee(out.gross, driver.fee_bps)
        return out.model_copy(update={
            "fee": fee, "owed": out.gross - fee, "vouchered": e.vouchered, "paid": e.paid,
            "deposit": deposit, "channel": info.channel_address if info else None})

    return read


async def provider_earnings(request: Request) -> Response:
    """A provider's earnings: the owning account's provider or admin keys (as its voucher)."""
    gw = gateway_of(request)
    principal = await gw.auth.check(request, "provider")  # or the account's admin key
    provider = request.path_params["provider"]
    await off_loop(gw.registry.provider_owned_by, provider, principal.account)
    calls, gross = await off_loop(gw.ledger.provider_earnings, provider)
    out = EarningsOut(provider=provider, calls=calls, gross=gross, fee=0, owed=0,
                      vouchered=0, paid=0, deposit=0)
    if gw.settlement is not None:
        try:
            out = await gw.settlement.call(_settled(provider, out))
        except ChainError:
            raise CocoonError("gateway_unreachable", "the chain did not answer: the "
                              "provider's channel could not be read; try again") from None
    return model_response(out)
