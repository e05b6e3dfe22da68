"""One settlement run at a time per database, across processes and gateways: a lease row.

A run holds the row ``settlement_lease(name='settlement')`` until it ends; the row carries the
holder's random id and an expiry. Taking it is one upsert that succeeds only when the row is
absent, expired, or already ours, so it works the same on SQLite and PostgreSQL through
:class:`~cocoon.platform.db.Database` (no file lock, no connection held for the run) and for
any number of gateway processes on one database.

Why a lease and not a lock held by a live connection: a holder that crashes, or hangs, stops
renewing, and after ``ttl_s`` the next run takes over (a crashed holder never blocks settlement
for longer than that). A holder that wakes up after losing its lease must not send anything:
the driver renews the lease in the same transaction that records a wallet message before it is
sent (:meth:`Lease.renew` with that transaction), so a message is recorded, and then sent, only
while its run holds the lease. The expiry is the holders' wall clock (milliseconds); gateways
sharing a database are assumed to agree on the time to well within ``ttl_s``.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cocoon.platform.db import Connection, Database

NAME = "settlement"
POLL_S = 0.1


class LeaseLost(Exception):
    """Another run holds the lease (ours expired, or we never had it)."""


class Lease:
    def __init__(
        self, db: Database, ttl_s: float = 120.0, *, name: str = NAME,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = db
        self.ttl_ms = int(ttl_s * 1000)
        self.name = name
        self.holder = secrets.token_hex(16)
        self._clock = clock
        self._renewed_ms = 0

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def try_acquire(self) -> bool:
        """Take the lease if nobody holds it, its holder let it expire, or it is already ours."""
        now = self._now_ms()
        with self.db.tx() as c:
            cur = c.execute(
                "INSERT INTO settlement_lease (name, holder, expires_ms) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
                " expires_ms = excluded.expires_ms"
                " WHERE settlement_lease.expires_ms <= ? OR settlement_lease.holder = ?",
                (self.name, self.holder, now + self.ttl_ms, now, self.holder),
            )
            if cur.rowcount != 1:
                return False
        self._renewed_ms = now
        return True

    def acquire(self, wait_s: float) -> None:
        """Take the lease, waiting up to ``wait_s`` for the current holder to end or expire."""
        deadline = time.monotonic() + wait_s
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                raise LeaseLost("another settlement run holds the lease; try again later")
            time.sleep(POLL_S)

    def renew(self, c: Connection | None = None) -> None:
        """Push the expiry back; raises :class:`LeaseLost` if another run took the lease.

        With ``c`` (an open transaction) the check always runs and commits or rolls back with
        that transaction's change; without, it is skipped while the last renewal is recent
        (under a quarter of the lifetime ago), so a run over many accounts stays cheap."""
        now = self._now_ms()
        if c is None:
            if now - self._renewed_ms < self.ttl_ms // 4:
                return
            with self.db.tx() as c:
                self.renew(c)
            return
        cur = c.execute(
            "UPDATE settlement_lease SET expires_ms = ? WHERE name = ? AND holder = ?",
            (now + self.ttl_ms, self.name, self.holder),
        )
        if cur.rowcount != 1:
            raise LeaseLost("the settlement lease passed to another run")
        self._renewed_ms = now

    def release(self) -> None:
        with self.db.tx() as c:
            c.execute("DELETE FROM settlement_lease WHERE name = ? AND holder = ?",
                      (self.name, self.holder))

    @contextmanager
    def held(self, wait_s: float) -> Iterator[Lease]:
        self.acquire(wait_s)
        try:
            yield self
        finally:
            self.release()
