"""The chain watcher: what the platform must see on chain within seconds, not at settlement.

Each :meth:`ChainWatcher.poll` (the gateway runs one every ``watch_interval_s``)

1. credits new channel deposits to their accounts
   (:func:`cocoon.platform.settlement.deposits.credit_deposits`: the chain's own numbers, each
   credited once, across restarts and gateways), and
2. claims, at once and whatever the thresholds, the newest voucher of every client channel found
   ``closing``: from ``close_started_at + dispute_window`` on, its client may finish the close and
   take back everything not claimed yet (:meth:`Settlement.claim_closing`).

A claim that fails (aborted on chain, refused by the chain, or the settlement lease busy with a
run, which itself claims closing channels first) is reported and tried again on the next poll;
everything is derived from the chain's state again, so retrying never claims twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from cocoon.platform.settlement.deposits import credit_deposits
from cocoon.platform.settlement.driver import Settlement, SettlementError
from cocoon.platform.settlement.models import OpFailure

if TYPE_CHECKING:
    from cocoon.platform.ledger import Ledger

LEASE_WAIT_S = 1.0  # a settlement run holds the lease: it claims closing channels itself


class WatchReport(BaseModel):
    credited: int = 0  # nanotons credited to accounts from their channels' deposits
    credits: int = 0  # how many channels had new deposits
    closing_claims: int = 0
    failures: list[OpFailure] = []
    busy: str | None = None  # why no claims were tried this poll (the lease was taken)
    stopped: str | None = None  # the chain refused a message: the rest waits for the next poll


class ChainWatcher:
    def __init__(self, settlement: Settlement, ledger: Ledger,
                 lease_wait_s: float = LEASE_WAIT_S) -> None:
        self.settlement = settlement
        self.ledger = ledger
        self.lease_wait_s = lease_wait_s

    def poll(self) -> WatchReport:
        report = WatchReport()
        for credit in credit_deposits(self.settlement, self.ledger):
            report.credits += 1
            report.credited += credit.amount
        try:
            claims = self.settlement.claim_closing(wait_s=self.lease_wait_s)
        except SettlementError as exc:
            report.busy = exc.message
            return report
        report.closing_claims = claims.closing_claims
        report.failures = claims.failures
        report.stopped = claims.stopped
        return report
