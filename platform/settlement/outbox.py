"""The platform wallet's outgoing messages: recorded, sent, then checked on chain.

Every wallet message is written to ``settlement_ops`` (``pending``) before it is sent, in the
transaction that renews the settlement lease, so only the lease holder sends and a crash between
recording and sending leaves a message that the next run resends (the wallet's seqno makes a
second delivery a no-op). After sending, the message's trace is read: a transaction that aborted
(the channel refused a claim, a top-up bounced) marks the op ``failed`` with the exit code and
is reported; nothing is marked ``sent`` without looking. A message the chain did not take at all
stays ``pending`` with the error, and the run stops: the next run resends or supersedes it, then
re-derives everything from the chain's state, so a retry never pays twice.

Statuses: ``pending`` -> ``sent`` | ``failed`` | ``superseded`` (a pending message the chain
no longer accepts: applied already, or expired).
"""

from __future__ import annotations

from collections.abc import Callable

from pytoniq_core import Cell, MessageAny

from cocoon.contracts.chain import Chain, ChainError, SendResult
from cocoon.contracts.channel import ERRORS
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer
from cocoon.platform.db import Database
from cocoon.platform.settlement.lease import Lease
from cocoon.platform.settlement.models import OpFailure, SettlementReport


class SendStopped(Exception):
    """The chain did not take a message: the run stops here (the op stays pending)."""


def describe(exit_code: int | None) -> str:
    if exit_code is None:
        return "aborted"
    return f"exit code {exit_code} ({ERRORS.get(exit_code, 'unknown')})"


class Outbox:
    def __init__(
        self, db: Database, chain: Chain, key: KeyPair, lease: Lease,
        checkpoint: Callable[[str], None], clock: Callable[[], int],
    ) -> None:
        self.db, self.chain, self.key, self.lease = db, chain, key, lease
        self._checkpoint, self._clock = checkpoint, clock

    def submit(
        self, kind: str, target: str, transfers: list[Transfer], report: SettlementReport
    ) -> bool:
        """Record, send and check one wallet message; True if every transaction of its trace
        succeeded. Raises :class:`SendStopped` when the chain refused the message itself."""
        message = self.chain.build_transfer(self.key, transfers)
        boc = message.serialize().to_boc()
        self._checkpoint(f"{kind}_built")
        with self.db.tx() as c:
            self.lease.renew(c)  # recorded (and so sent) only while this run holds the lease
            op_id = c.execute(
                "INSERT INTO settlement_ops (kind, target, boc, status, created_at)"
                " VALUES (?, ?, ?, 'pending', ?) RETURNING id",
                (kind, target, boc, self._clock()),
            ).fetchone()[0]
        self._checkpoint(f"{kind}_recorded")
        try:
            result = self.chain.send_external(message)
        except ChainError as exc:
            self._update(op_id, "pending", detail=str(exc)[:500])
            report.failures.append(OpFailure(op_id=op_id, kind=kind, target=target,
                                             reason=f"not sent: {exc}"))
            raise SendStopped(str(exc)) from None
        self._checkpoint(f"{kind}_sent")
        return self._finish(op_id, kind, target, result, report)

    def resend_pending(self, report: SettlementReport) -> None:
        """Send again what a crashed run recorded but may not have sent."""
        for op_id, kind, target, boc in self.db.all(
            "SELECT id, kind, target, boc FROM settlement_ops WHERE status = 'pending'"
            " ORDER BY id"
        ):
            message = MessageAny.deserialize(Cell.one_from_boc(bytes(boc)).begin_parse())
            try:
                result = self.chain.send_external(message)
            except ChainError as exc:
                # applied already (the seqno moved on) or expired: the chain state decides
                self._update(op_id, "superseded", detail=str(exc)[:500])
                continue
            self._finish(op_id, kind, target, result, report)

    def _finish(
        self, op_id: int, kind: str, target: str, result: SendResult, report: SettlementReport
    ) -> bool:
        report.onchain_messages += 1
        report.gas += result.fees
        aborted = result.aborted
        if not aborted:
            self._update(op_id, "sent", gas=result.fees)
            return True
        code = aborted[0].exit_code
        self._update(op_id, "failed", gas=result.fees, exit_code=code, detail=describe(code))
        report.failures.append(OpFailure(op_id=op_id, kind=kind, target=target, exit_code=code,
                                         reason=describe(code)))
        return False

    def _update(self, op_id: int, status: str, *, gas: int = 0, exit_code: int | None = None,
                detail: str = "") -> None:
        with self.db.tx() as c:
            c.execute("UPDATE settlement_ops SET status = ?, gas = ?, exit_code = ?, detail = ?"
                      " WHERE id = ?", (status, gas, exit_code, detail, op_id))

    def gas_spent(self) -> int:
        return self.db.one("SELECT COALESCE(SUM(gas), 0) FROM settlement_ops")[0]
