"""The metering ledger: deposits in, runtime-signed receipts out, reservations in between.

Receipts and deposits are append-only rows (triggers refuse updates and deletes); each account's
``credited`` and ``charged`` totals are updated in the same transaction as the row they sum, so
they can always be recomputed and checked. A receipt is appended at most once per request id,
so a retried request is never charged twice, whichever gateway it reaches.

Reservations live in the database too (``reservations`` rows, summed in ``accounts.reserved``):
gateways sharing one database then share one view of what is in flight, and two of them can
never together hold more than an account's balance. A reservation is taken by one conditional
update (``available >= amount``), so no read-then-write window exists on either backend. One
left behind by a gateway that crashed mid-call holds its funds only until it expires
(``reservation_ttl_s``, far longer than any call may run), then the next reservation that would
otherwise fail (funds or debt limit) clears it; nothing was charged for it, so nothing is lost.

The debt gate rides on the same update. An account that pays by client-signed vouchers has an
**unvouchered debt**: ``charged + reserved - vouchered`` (``vouchered``: the newest voucher held,
``settlement_client_vouchers``), what it was charged or may still be charged for calls in flight
beyond what it signed. A reservation with a ``debt_limit`` also requires that debt, this hold
included, to stay within ``max(debt_limit, amount)``: checked and held in one statement, so no
number of concurrent calls, on any number of gateways sharing the database, takes it past the
limit. Charges only turn holds into charges (a receipt never charges more than its hold) and
vouchers only lower it, so the bound holds at every moment, not only at admission.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from pydantic import BaseModel

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import SignedReceipt

from .db import Connection, Database
from .registry import now_ms

RESERVATION_TTL_S = 600.0
# What a client-signed channel may owe without a voucher, calls in flight included (nanotons):
# [gateway] max_unvouchered. 0.1 TON: at 1000 nTON a call, 100,000 calls in flight or in transit.
MAX_UNVOUCHERED = 100_000_000
# The update's debt clause: charged + reserved + the new hold - the newest voucher <= limit.
_DEBT = ("charged + reserved + ? - COALESCE((SELECT cumulative FROM settlement_client_vouchers"
         " WHERE account = accounts.id), 0)")


@dataclass(frozen=True)
class _Short:
    """Why a reservation was refused: the balance, else the debt limit."""

    funds: bool
    debt: int  # unvouchered debt before this hold


class _NotCovered(Exception):
    """Raised inside the reservation transaction to roll back its insert."""

    def __init__(self, short: _Short) -> None:
        super().__init__()
        self.short = short


def _drop(c: Connection, account: str, request_id: str, token: str, amount: int) -> int:
    """Delete one reservation (by id and token) and take it off the account's total."""
    cur = c.execute(
        "DELETE FROM reservations WHERE request_id = ? AND token = ?", (request_id, token)
    )
    if cur.rowcount:
        c.execute(
            "UPDATE accounts SET reserved = reserved - ? WHERE id = ?", (amount, account)
        )
    return cur.rowcount


class Balance(BaseModel):
    account: str
    credited: int
    charged: int
    reserved: int

    @property
    def available(self) -> int:
        return self.credited - self.charged - self.reserved


@dataclass
class Reservation:
    account: str
    request_id: str
    amount: int
    token: str = field(default_factory=lambda: secrets.token_hex(8))  # this hold, not its id's
    settled: bool = field(default=False, compare=False)  # released or charged already


class Ledger:
    def __init__(self, db: Database, *, reservation_ttl_s: float = RESERVATION_TTL_S) -> None:
        self.db = db
        self.reservation_ttl_ms = int(reservation_ttl_s * 1000)

    def deposit(self, account: str, amount: int, *, source: str, ref: str) -> bool:
        """Credit ``amount``; a repeated ``ref`` is a no-op (returns False)."""
        if amount <= 0:
            raise CocoonError("bad_request", "deposit must be positive")
        with self.db.tx() as c:
            cur = c.execute(
                "INSERT INTO deposits (account, amount, source, ref, time_ms)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (ref) DO NOTHING",
                (account, amount, source, ref, now_ms()),
            )
            if cur.rowcount == 0:
                return False
            c.execute("UPDATE accounts SET credited = credited + ? WHERE id = ?", (amount, account))
        return True

    def balance(self, account: str) -> Balance:
        row = self.db.one(
            "SELECT credited, charged, reserved FROM accounts WHERE id = ?", account
        )
        if row is None:
            raise CocoonError("not_found", f"no account {account}")
        return Balance(
            account=account, credited=row[0], charged=row[1], reserved=row[2]
        )

    def reserve(
        self,
        account: str,
        request_id: str,
        amount: int,
        *,
        debt_limit: int | None = None,
    ) -> Reservation:
        """Hold ``amount`` for an in-flight request. The check and the hold are one conditional
        update in the database, so concurrent reservations (from any gateway) never overspend.

        ``debt_limit`` (an account paying by client-signed vouchers): the same update keeps its
        unvouchered debt, this hold included, within ``max(debt_limit, amount)`` (one call on
        a fully vouchered account always fits), else 402 ``voucher_required``."""
        reservation = Reservation(account, request_id, amount)
        limit = None if debt_limit is None else max(debt_limit, amount)
        short = self._try_reserve(reservation, limit)
        if short is not None and self._expire_stale(account):  # a crashed gateway's holds
            short = self._try_reserve(reservation, limit)
        if short is None:
            return reservation
        if short.funds:
            raise CocoonError(
                "insufficient_funds",
                f"balance does not cover this request's cost ({amount} nTON)",
            )
        raise CocoonError(
            "voucher_required",
            f"{short.debt} nTON charged or in flight without a voucher, plus this call's "
            f"{amount} nTON, exceeds this account's limit ({limit} nTON): send a voucher "
            "(x-cocoon-voucher header or POST /v1/vouchers)",
        )

    def _try_reserve(self, r: Reservation, limit: int | None) -> _Short | None:
        """None if held; else why not (funds, or the debt limit), read in the same
        transaction as the refused update."""
        debt_clause = "" if limit is None else f" AND {_DEBT} <= ?"
        params = (r.amount, r.account, r.amount) + (() if limit is None else (r.amount, limit))
        try:
            with self.db.tx(durable=False) as c:  # a hold: lost with its call in a power cut
                cur = c.execute(
                    "INSERT INTO reservations (request_id, token, account, amount, created_ms)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
                    (r.request_id, r.token, r.account, r.amount, now_ms()),
                )
                if cur.rowcount == 0:
                    raise CocoonError("conflict", "a request with this id is in flight")
                cur = c.execute(
                    "UPDATE accounts SET reserved = reserved + ? WHERE id = ?"
                    " AND credited - charged - reserved >= ?" + debt_clause,
                    params,
                )
                if cur.rowcount == 1:
                    return None
                row = c.execute(
                    f"SELECT credited - charged - reserved, {_DEBT} FROM accounts WHERE id = ?",
                    (0, r.account),
                ).fetchone()
                if row is None:
                    raise CocoonError("not_found", f"no account {r.account}")
                raise _NotCovered(_Short(funds=row[0] < r.amount, debt=row[1]))  # rolls back
        except _NotCovered as exc:
            return exc.short

    def _expire_stale(self, account: str) -> bool:
        """Drop this account's reservations older than the TTL; True if any went."""
        cutoff = now_ms() - self.reservation_ttl_ms
        stale = self.db.all(
            "SELECT request_id, token, amount FROM reservations WHERE account = ?"
            " AND created_ms < ?",
            account,
            cutoff,
        )
        if not stale:
            return False
        with self.db.tx() as c:
            return sum(_drop(c, account, r[0], r[1], r[2]) for r in stale) > 0

    def release(self, reservation: Reservation) -> None:
        """Free a reservation; a no-op once it was released or charged (so a late duplicate
        release never frees a newer reservation that reuses the request id)."""
        if reservation.settled:
            return
        with self.db.tx(durable=False) as c:
            _drop(c, reservation.account, reservation.request_id, reservation.token,
                  reservation.amount)
        reservation.settled = True

    def charge(self, reservation: Reservation, signed: SignedReceipt) -> bool:
        """Append the receipt, charge its amount and release the reservation, in one
        transaction.

        Returns False (and charges nothing) if this request id was already charged.
        """
        r = signed.receipt
        if r.amount > reservation.amount:
            self.release(reservation)
            raise CocoonError("provider_failed", "receipt charges more than the reserved max")
        try:
            with self.db.tx() as c:
                held = 0
                if not reservation.settled:
                    held = reservation.amount * c.execute(
                        "DELETE FROM reservations WHERE request_id = ? AND token = ?",
                        (reservation.request_id, reservation.token),
                    ).rowcount
                cur = c.execute(
                    "INSERT INTO receipts (request_id, account, provider, function, "
                    "function_digest, units, unit_price, amount, time, receipt) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
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
                inserted = cur.rowcount == 1
                charged = r.amount if inserted else 0
                if charged or held:  # one update for both totals: one round trip fewer
                    c.execute(
                        "UPDATE accounts SET charged = charged + ?, reserved = reserved - ?"
                        " WHERE id = ?",
                        (charged, held, reservation.account),
                    )
            reservation.settled = True
            return inserted
        finally:
            self.release(reservation)  # if the transaction failed: free the hold anyway

    def already_charged(self, request_id: str) -> bool:
        return self.db.one("SELECT 1 FROM receipts WHERE request_id = ?", request_id) is not None

    def receipts(self, account: str, limit: int = 100) -> list[SignedReceipt]:
        rows = self.db.all(
            "SELECT receipt FROM receipts WHERE account = ? ORDER BY seq DESC LIMIT ?",
            account,
            limit,
        )
        return [SignedReceipt.model_validate_json(row["receipt"]) for row in rows]

    def earnings(self) -> dict[str, tuple[int, int]]:
        """provider -> (calls charged, nanotons earned): what its receipts charged clients."""
        rows = self.db.all("SELECT provider, COUNT(*) AS calls, SUM(amount) AS amount "
                           "FROM receipts GROUP BY provider")
        return {row["provider"]: (row["calls"], row["amount"] or 0) for row in rows}

    def provider_earnings(self, provider: str) -> tuple[int, int]:
        """(calls charged, nanotons earned) of one provider."""
        row = self.db.one("SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM receipts "
                          "WHERE provider = ?", provider)
        return row[0], row[1]

    def usage_history(self, account: str, bucket_ms: int, since_ms: int, until_ms: int,
                      limit: int) -> list[dict[str, int | str]]:
        """The account's receipts with ``since_ms <= time < until_ms`` per (bucket, function):
        ``t_ms`` (the bucket's start: buckets are aligned on the epoch), calls, units, amount;
        ordered by t_ms then function; at most ``limit`` rows. ``time`` is the receipt's
        ``time_ms``. Positional GROUP/ORDER BY: PostgreSQL would not match the bucket expression
        with its own parameters to the selected one."""
        rows = self.db.all(
            "SELECT (time / ?) * ? AS t_ms, function, COUNT(*) AS calls, SUM(units) AS units, "
            "SUM(amount) AS amount FROM receipts WHERE account = ? AND time >= ? AND time < ? "
            "GROUP BY 1, 2 ORDER BY 1, 2 LIMIT ?",
            bucket_ms, bucket_ms, account, since_ms, until_ms, limit,
        )
        return [dict(row) for row in rows]

    def usage_summary(self, account: str) -> list[dict[str, int | str]]:
        rows = self.db.all(
            "SELECT function, COUNT(*) AS calls, SUM(units) AS units, "
            "SUM(amount) AS amount FROM receipts WHERE account = ? "
            "GROUP BY function ORDER BY function",
            account,
        )
        return [dict(row) for row in rows]
