"""The metering ledger: deposits in, runtime-signed receipts out, reservations in between.

Receipts and deposits are append-only rows (triggers refuse updates and deletes); each account's
``credited`` and ``charged`` totals are updated in the same transaction as the row they sum, so
they can always be recomputed and checked. Reservations live in memory: they guard in-flight
invocations, and a crash that drops one loses nothing, since nothing was charged for it yet.
A receipt is appended at most once per request id, so a retried request is never charged twice.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from pydantic import BaseModel

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import SignedReceipt

from .db import Database
from .registry import now_ms


class Balance(BaseModel):
    account: str
    credited: int
    charged: int
    reserved: int

    @property
    def available(self) -> int:
        return self.credited - self.charged - self.reserved


@dataclass(frozen=True)
class Reservation:
    account: str
    request_id: str
    amount: int


class Ledger:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._reserved: dict[str, int] = {}  # account -> nanotons held by in-flight requests
        self._in_flight: dict[str, Reservation] = {}

    def deposit(self, account: str, amount: int, *, source: str, ref: str) -> bool:
        """Credit ``amount``; a repeated ``ref`` is a no-op (returns False)."""
        if amount <= 0:
            raise CocoonError("bad_request", "deposit must be positive")
        with self.db.tx() as c:
            cur = c.execute(
                "INSERT OR IGNORE INTO deposits (account, amount, source, ref, time_ms)"
                " VALUES (?, ?, ?, ?, ?)",
                (account, amount, source, ref, now_ms()),
            )
            if cur.rowcount == 0:
                return False
            c.execute("UPDATE accounts SET credited = credited + ? WHERE id = ?", (amount, account))
        return True

    def balance(self, account: str) -> Balance:
        row = self.db.one("SELECT credited, charged FROM accounts WHERE id = ?", account)
        if row is None:
            raise CocoonError("not_found", f"no account {account}")
        return Balance(
            account=account,
            credited=row["credited"],
            charged=row["charged"],
            reserved=self._reserved.get(account, 0),
        )

    def reserve(
        self, account: str, request_id: str, amount: int, *, charged: Balance | None = None
    ) -> Reservation:
        """Hold ``amount`` for an in-flight request (``charged``: a balance just read, to spare
        a second read; reservations are counted afresh either way)."""
        with self._lock:
            if request_id in self._in_flight:
                raise CocoonError("conflict", "a request with this id is in flight")
            bal = charged or self.balance(account)
            if bal.credited - bal.charged - self._reserved.get(account, 0) < amount:
                raise CocoonError(
                    "insufficient_funds",
                    f"balance does not cover this request's max price ({amount} nTON)",
                )
            reservation = Reservation(account, request_id, amount)
            self._in_flight[request_id] = reservation
            self._reserved[account] = self._reserved.get(account, 0) + amount
        return reservation

    def release(self, reservation: Reservation) -> None:
        with self._lock:
            if self._in_flight.get(reservation.request_id) is not reservation:
                return  # released already (a later reservation may hold the same id)
            del self._in_flight[reservation.request_id]
            left = self._reserved.get(reservation.account, 0) - reservation.amount
            if left:
                self._reserved[reservation.account] = left
            else:
                self._reserved.pop(reservation.account, None)

    def charge(self, reservation: Reservation, signed: SignedReceipt) -> bool:
        """Append the receipt and charge its amount, then release the reservation.

        Returns False (and charges nothing) if this request id was already charged.
        """
        r = signed.receipt
        try:
            if r.amount > reservation.amount:
                raise CocoonError("provider_failed", "receipt charges more than the reserved max")
            with self.db.tx() as c:
                cur = c.execute(
                    "INSERT OR IGNORE INTO receipts (request_id, account, provider, function, "
                    "function_digest, units, unit_price, amount, time, receipt) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        r.request_id,
                        reservation.account,
                        r.provider,
                        r.function,
                        r.function_digest,
                        r.units,
                        r.unit_price,
                        r.amount,
                        r.time_ms,
                        signed.model_dump_json(),
                    ),
                )
                if cur.rowcount:
                    c.execute(
                        "UPDATE accounts SET charged = charged + ? WHERE id = ?",
                        (r.amount, reservation.account),
                    )
                return bool(cur.rowcount)
        finally:
            self.release(reservation)

    def already_charged(self, request_id: str) -> bool:
        return self.db.one("SELECT 1 FROM receipts WHERE request_id = ?", request_id) is not None

    def receipts(self, account: str, limit: int = 100) -> list[SignedReceipt]:
        rows = self.db.all(
            "SELECT receipt FROM receipts WHERE account = ? ORDER BY seq DESC LIMIT ?",
            account,
            limit,
        )
        return [SignedReceipt.model_validate_json(row["receipt"]) for row in rows]

    def usage_summary(self, account: str) -> list[dict[str, int | str]]:
        rows = self.db.all(
            "SELECT function, COUNT(*) AS calls, SUM(units) AS units, "
            "SUM(amount) AS amount FROM receipts WHERE account = ? "
            "GROUP BY function ORDER BY function",
            account,
        )
        return [dict(row) for row in rows]
