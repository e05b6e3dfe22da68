"""Async jobs: the ``jobs`` table's owner (migration 11).

A job is an invocation whose answer is picked up later: the gateway admits the sealed request
at submit (every check of invoke, and the reservation), keeps it ``queued`` until a slot frees,
forwards it exactly as invoke does (``running``), and stores the provider's still sealed
response frame and its receipt (``succeeded``; ``failed`` with an error, or with a frame whose
receipt says the function failed). A queued job cancelled is never forwarded and its
reservation is released (never charged); a running one cannot be stopped at the provider: it is
charged for what its receipt says and ends ``cancelled`` with its frame.

Every transition is one conditional update (``queued -> running`` only if still queued, and so
on), so a cancel and a start racing on two gateways sharing the database end one way only.
Finished jobs are kept until ``expires_ms`` (``[gateway] job_ttl_s`` after they end), then
:meth:`JobStore.sweep` deletes them. Nothing here is plaintext: the frame is the runtime's
ciphertext, the receipt is what the ledger keeps anyway.
"""

from __future__ import annotations

import base64
import secrets
from typing import Literal

from pydantic import BaseModel

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import SignedReceipt, decode_response

from .db import Database
from .ledger import Reservation
from .registry import now_ms
from .webhooks import new_secret

WEBHOOK_HEADER = "x-cocoon-webhook"  # on a job's submit: where to POST it when it ends
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
TERMINAL: frozenset[str] = frozenset({"succeeded", "failed", "cancelled"})
MAX_LIST = 500


class JobError(BaseModel):
    code: str
    message: str


class JobOut(BaseModel):
    """What ``GET /v1/jobs/{id}`` answers, and the body a webhook carries."""

    id: str
    function: str
    status: JobStatus
    request_id: str
    created_ms: int
    started_ms: int | None = None
    finished_ms: int | None = None
    expires_ms: int | None = None  # when the result is deleted
    provider: str | None = None
    webhook: str | None = None
    webhook_status: str = ""  # "" (none), pending, delivered, failed
    frame: str | None = None  # the sealed response frame, base64 (docs/protocol.md)
    receipt: SignedReceipt | None = None
    error: JobError | None = None

    @property
    def done(self) -> bool:
        return self.status in TERMINAL


class WebhookSecretOut(BaseModel):
    secret: str


_COLUMNS = ("id, function, status, request_id, created_ms, started_ms, finished_ms, expires_ms,"
            " provider, webhook, webhook_status, frame, receipt, error_code, error_message")


def _out(row) -> JobOut:
    return JobOut(
        id=row[0], function=row[1], status=row[2], request_id=row[3], created_ms=row[4],
        started_ms=row[5], finished_ms=row[6], expires_ms=row[7], provider=row[8],
        webhook=row[9], webhook_status=row[10],
        frame=base64.b64encode(bytes(row[11])).decode() if row[11] is not None else None,
        receipt=SignedReceipt.model_validate_json(row[12]) if row[12] else None,
        error=JobError(code=row[13], message=row[14] or "") if row[13] else None,
    )


class JobStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, account: str, function: str, request_id: str, webhook: str | None,
               reservation: Reservation) -> JobOut:
        job_id = "job_" + secrets.token_hex(12)
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO jobs (id, account, function, request_id, status, webhook,"
                " reservation_token, reserved, webhook_status, created_ms)"
                " VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)",
                (job_id, account, function, request_id, webhook, reservation.token,
                 reservation.amount, "pending" if webhook else "", now_ms()),
            )
        return self.get(job_id, account)

    def by_request(self, account: str, request_id: str) -> JobOut | None:
        row = self.db.one(f"SELECT {_COLUMNS} FROM jobs WHERE request_id = ? AND account = ?",
                          request_id, account)
        return _out(row) if row else None

    def get(self, job_id: str, account: str) -> JobOut:
        """The job, if it is this account's (another's is as unknown as a missing one)."""
        row = self.db.one(f"SELECT {_COLUMNS} FROM jobs WHERE id = ? AND account = ?",
                          job_id, account)
        if row is None:
            raise CocoonError("not_found", "no such job (or its result expired)")
        return _out(row)

    def list(self, account: str, limit: int = 50) -> list[JobOut]:
        """This account's jobs, newest first (frames left out: fetch a job for its result)."""
        rows = self.db.all(
            f"SELECT {_COLUMNS.replace(' frame,', ' NULL,')} FROM jobs WHERE account = ?"
            " ORDER BY created_ms DESC, id LIMIT ?", account, min(limit, MAX_LIST))
        return [_out(r) for r in rows]

    def start(self, job_id: str) -> bool:
        """``queued -> running``; False if it is not queued any more (cancelled)."""
        with self.db.tx() as c:
            return c.execute("UPDATE jobs SET status = 'running', started_ms = ? WHERE id = ?"
                             " AND status = 'queued'", (now_ms(), job_id)).rowcount == 1

    def finish(self, job_id: str, ttl_s: float, *, frame: bytes | None = None,
               provider: str | None = None, error: CocoonError | None = None) -> JobOut:
        """A running job's end: its frame and receipt, or its error. ``cancelled`` if a
        cancel came while it ran, else ``failed`` for an error or a receipt saying the function
        failed, else ``succeeded``."""
        receipt = decode_response(frame).receipt if frame is not None else None
        failed = error is not None or (receipt is not None and receipt.receipt.outcome != "ok")
        now = now_ms()
        with self.db.tx() as c:
            c.execute(
                "UPDATE jobs SET status = CASE WHEN cancel_requested = 1 THEN 'cancelled'"
                " ELSE ? END, finished_ms = ?, expires_ms = ?, provider = ?, frame = ?,"
                " receipt = ?, error_code = ?, error_message = ? WHERE id = ?"
                " AND status = 'running'",
                ("failed" if failed else "succeeded", now, now + int(ttl_s * 1000), provider,
                 frame, receipt.model_dump_json() if receipt else None,
                 error.code if error else None, error.message if error else None, job_id),
            )
        row = self.db.one(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", job_id)
        return _out(row)

    def cancel(self, job_id: str, account: str, ttl_s: float) -> tuple[JobOut, Reservation | None]:
        """Cancel this account's job: a queued one ends now (returned: its reservation, to
        release); a running one is marked and ends ``cancelled`` when its receipt comes; a
        finished one is left as it is."""
        now = now_ms()
        with self.db.tx() as c:
            queued = c.execute(
                "UPDATE jobs SET status = 'cancelled', finished_ms = ?, expires_ms = ?"
                " WHERE id = ? AND account = ? AND status = 'queued'",
                (now, now + int(ttl_s * 1000), job_id, account)).rowcount == 1
            if not queued:
                c.execute("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND account = ?"
                          " AND status = 'running'", (job_id, account))
        held = None
        if queued:
            row = self.db.one("SELECT request_id, reserved, reservation_token FROM jobs"
                              " WHERE id = ?", job_id)
            held = Reservation(account, row[0], row[1], token=row[2])
        return self.get(job_id, account), held

    def webhook_done(self, job_id: str, delivered: bool, attempts: int) -> None:
        with self.db.tx() as c:
            c.execute("UPDATE jobs SET webhook_status = ?, webhook_attempts = ? WHERE id = ?",
                      ("delivered" if delivered else "failed", attempts, job_id))

    def sweep(self, now: int | None = None) -> int:
        """Delete the jobs whose results expired; returns how many went."""
        with self.db.tx() as c:
            return c.execute("DELETE FROM jobs WHERE expires_ms IS NOT NULL AND expires_ms < ?",
                             (now_ms() if now is None else now,)).rowcount

    def abandon(self, older_than_ms: int, ttl_s: float) -> list[Reservation]:
        """Jobs queued or running since before ``older_than_ms`` (their gateway stopped:
        no call runs that long) end ``failed``; returns their reservations to release."""
        rows = self.db.all("SELECT id, account, request_id, reserved, reservation_token FROM jobs"
                           " WHERE status IN ('queued', 'running')"
                           " AND COALESCE(started_ms, created_ms) < ?", older_than_ms)
        now, held = now_ms(), []
        for r in rows:
            with self.db.tx() as c:
                if c.execute(
                    "UPDATE jobs SET status = 'failed', finished_ms = ?, expires_ms = ?,"
                    " error_code = 'internal', error_message = ? WHERE id = ?"
                    " AND status IN ('queued', 'running')",
                    (now, now + int(ttl_s * 1000), "the gateway running this job stopped; it"
                     " was charged only if /v1/usage lists its request id", r[0])).rowcount:
                    held.append(Reservation(r[1], r[2], r[3], token=r[4]))
        return held

    def secret(self, account: str) -> str:
        """The account's webhook signing secret (made on first use)."""
        with self.db.tx() as c:
            c.execute("INSERT INTO webhook_secrets (account, secret, created_ms) VALUES (?, ?, ?)"
                      " ON CONFLICT (account) DO NOTHING", (account, new_secret(), now_ms()))
        return self.db.one("SELECT secret FROM webhook_secrets WHERE account = ?", account)[0]
