"""Async jobs on the gateway: submit, status, cancel, list, and webhooks.

A job goes through the invoke path itself (:class:`~.invoke.Forwarder`): admitted at submit
(envelope checks, funds, debt gate, reservation: a refusal is the same 4xx invoke gives),
completed when one of ``[gateway] max_running_jobs`` slots frees (routing, failover, receipt
check, one charge). The job table (:mod:`cocoon.platform.jobs`) holds its state and sealed
result; the queue itself is this gateway's tasks.

A job waits queued only briefly by design: the runtime refuses a request sealed more than its
freshness window ago (``stale_request``, two minutes), so a job that waited longer fails
uncharged. Once it ends, its webhook (if any) is POSTed, signed (:mod:`cocoon.platform.webhooks`),
with the job document as body: the result still sealed. Redirects are never followed; a
non-2xx answer or a failed connection is retried ``webhook_attempts`` times with doubling
pauses. Results are deleted ``job_ttl_s`` after they end (a sweeper every minute or so).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import aiohttp
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import Limits
from cocoon.runtime.request_body import read_capped
from cocoon.runtime.wire import decode_request

from .. import webhooks
from ..jobs import WEBHOOK_HEADER, JobOut, JobStore, WebhookSecretOut
from ..ledger import RESERVATION_TTL_S
from ..registry import Principal, now_ms
from ..settlement.vouchers import HEADER as VOUCHER_HEADER
from .http import model_response, off_loop, query_int, query_seconds
from .invoke import DEADLINE_GRACE_S, Forwarder, _Admitted
from .settings import GatewaySettings

log = logging.getLogger("cocoon.gateway")
MAX_STATUS_WAIT_S = 60.0  # GET /v1/jobs/{id}?wait=
_POLL_S = 0.5  # a status wait reads the database this often (a job run by another gateway)
# A job queued or running this long was left by a gateway that stopped: no call runs longer
# (the manifest's largest limits.timeout_s, plus the forward's grace), and a queued one is stale.
MAX_TIMEOUT_S = max(getattr(m, "le", 0) or 0 for m in Limits.model_fields["timeout_s"].metadata)
ABANDONED_AFTER_S = max(RESERVATION_TTL_S, MAX_TIMEOUT_S + DEADLINE_GRACE_S) + 60.0


class JobRunner:
    """This gateway's job queue: a task per job, at most ``max_running_jobs`` forwarding."""

    def __init__(self, store: JobStore, forwarder: Forwarder, http: aiohttp.ClientSession,
                 settings: GatewaySettings) -> None:
        self.store, self.forwarder, self.http, self.settings = store, forwarder, http, settings
        self._slots: asyncio.Semaphore | None = None  # made on the running loop
        self._tasks: set[asyncio.Task] = set()
        self._ends: dict[str, asyncio.Event] = {}  # job id -> set when it ends here

    def _ended(self, job_id: str) -> None:
        event = self._ends.pop(job_id, None)
        if event is not None:
            event.set()

    async def wait_end(self, job_id: str, timeout: float) -> None:
        """Until the job ends on this gateway, or ``timeout`` (then the caller reads the
        database again: another gateway may run it)."""
        event = self._ends.setdefault(job_id, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            if not event.is_set() and len(self._ends) > 10_000:
                self._ends.clear()  # waits on jobs run elsewhere: they time out and poll

    def _spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def submit(self, name: str, principal: Principal, body: bytes,
                     raw_voucher: str | None, webhook: str | None) -> tuple[JobOut, bool]:
        """(the job, whether it is new): the same envelope sent again is the same job."""
        request_id = decode_request(body).header.request_id
        same = await off_loop(self.store.by_request, principal.account, request_id)
        if same is not None:
            return same, False
        if webhook is not None:
            await off_loop(webhooks.check_url, webhook, self.settings.webhook_allow_private)
        admitted = await self.forwarder.admit(name, principal, body, raw_voucher)
        if isinstance(admitted, tuple):  # served already, through invoke
            raise CocoonError("replayed_request", "this request id was already served")
        try:
            job = await off_loop(self.store.create, principal.account, name, request_id,
                                 webhook, admitted.reservation)
        except BaseException:
            await off_loop(self.forwarder.ledger.release, admitted.reservation)
            raise
        self._spawn(self._run(job.id, admitted, principal, body, time.monotonic()))
        return job, True

    async def _run(self, job_id: str, admitted: _Admitted, principal: Principal, body: bytes,
                   admitted_at: float) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.settings.max_running_jobs)
        ttl = self.settings.job_ttl_s
        async with self._slots:
            if not await off_loop(self.store.start, job_id):  # cancelled while queued:
                return  # its hold was released and its webhook sent at cancel
            admitted.deadline += time.monotonic() - admitted_at  # its time starts now
            try:
                frame, provider = await self.forwarder.complete(admitted, principal, body)
                job = await off_loop(self.store.finish, job_id, ttl, frame=frame,
                                     provider=provider)
            except CocoonError as exc:
                job = await off_loop(self.store.finish, job_id, ttl, error=exc)
            except Exception as exc:  # logged by type only: nothing of the request
                log.error("job %s: unexpected %s", job_id, type(exc).__name__)
                job = await off_loop(self.store.finish, job_id, ttl, error=CocoonError(
                    "internal", f"internal error ({type(exc).__name__})"))
        self._ended(job_id)
        await self._notify(job, principal.account)

    async def cancel(self, job_id: str, account: str) -> JobOut:
        job, held = await off_loop(self.store.cancel, job_id, account, self.settings.job_ttl_s)
        if held is not None:  # queued: never forwarded, never charged
            await off_loop(self.forwarder.ledger.release, held)
            self._ended(job_id)
            self._spawn(self._notify(job, account))
        return job

    # -- webhooks ------------------------------------------------------------------------------

    async def _notify(self, job: JobOut, account: str) -> None:
        if job.webhook is None:
            return
        delivered, attempts = await self.deliver(job, account)
        await off_loop(self.store.webhook_done, job.id, delivered, attempts)

    async def deliver(self, job: JobOut, account: str) -> tuple[bool, int]:
        """POST the signed job document to its webhook: (delivered, attempts made)."""
        assert job.webhook is not None
        s = self.settings
        secret = await off_loop(self.store.secret, account)
        body = job.model_dump_json().encode()
        timeout = aiohttp.ClientTimeout(total=s.webhook_timeout_s)
        for attempt in range(1, s.webhook_attempts + 1):
            try:
                await off_loop(webhooks.check_url, job.webhook, s.webhook_allow_private)
                async with self.http.post(
                    job.webhook, data=body, headers=webhooks.headers(secret, job.id, body),
                    timeout=timeout, allow_redirects=False,  # never followed, to any host
                ) as resp:
                    status = resp.status
            except CocoonError:
                return False, attempt  # the host now resolves somewhere refused
            except (aiohttp.ClientError, TimeoutError, OSError):
                status = 0
            if 200 <= status < 300:
                return True, attempt
            if 300 <= status < 400:
                return False, attempt  # a redirect is the receiver's answer: not retried
            if attempt < s.webhook_attempts:
                await asyncio.sleep(s.webhook_backoff_s * 2 ** (attempt - 1))
        return False, s.webhook_attempts

    # -- housekeeping --------------------------------------------------------------------------

    async def sweep_periodically(self) -> None:
        """Delete expired results; end jobs whose gateway stopped (older than any call)."""
        interval = min(60.0, max(self.settings.job_ttl_s / 4, 0.5))
        while True:
            await asyncio.sleep(interval)
            try:
                await self.sweep()
            except Exception as exc:  # a database hiccup: the next round tries again
                log.warning("job sweep failed: %s", type(exc).__name__)

    async def sweep(self) -> int:
        cutoff = now_ms() - int(ABANDONED_AFTER_S * 1000)
        for held in await off_loop(self.store.abandon, cutoff, self.settings.job_ttl_s):
            await off_loop(self.forwarder.ledger.release, held)
        return await off_loop(self.store.sweep)

    def start(self) -> None:
        self._spawn(self.sweep_periodically())

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


# -- routes ------------------------------------------------------------------------------------


def gateway_of(request: Request):
    """The gateway's state (:func:`.state.gateway_of`; state.py imports this module)."""
    return request.app.state.gateway


async def submit_job(request: Request) -> Response:
    """POST /v1/functions/{name}/jobs: a sealed envelope as for invoke -> 202 the job."""
    gw = gateway_of(request)
    principal = await gw.auth.check(request, "client")
    body = await read_capped(request, gw.settings.max_body_bytes)
    job, new = await gw.jobs.submit(request.path_params["name"], principal, body,
                                    request.headers.get(VOUCHER_HEADER),
                                    request.headers.get(WEBHOOK_HEADER))
    return model_response(job, 202 if new else 200)


async def get_job(request: Request) -> Response:
    """GET /v1/jobs/{id}: the job; ``?wait=S`` (up to 60) waits for it to end."""
    gw = gateway_of(request)
    account = (await gw.auth.check(request)).account
    wait = query_seconds(request, "wait", 0.0, MAX_STATUS_WAIT_S)
    job_id = request.path_params["id"]
    deadline = time.monotonic() + wait
    job = await off_loop(gw.jobs.store.get, job_id, account)
    while not job.done and (left := deadline - time.monotonic()) > 0:
        await gw.jobs.wait_end(job_id, min(left, _POLL_S))
        job = await off_loop(gw.jobs.store.get, job_id, account)
    return model_response(job)


async def cancel_job(request: Request) -> Response:
    """DELETE /v1/jobs/{id}: cancel (queued: never charged; running: charged per receipt)."""
    gw = gateway_of(request)
    account = (await gw.auth.check(request)).account
    return model_response(await gw.jobs.cancel(request.path_params["id"], account))


async def list_jobs(request: Request) -> Response:
    """GET /v1/jobs: the caller's jobs, newest first, without their frames (``?limit=``)."""
    gw = gateway_of(request)
    account = (await gw.auth.check(request)).account
    limit = query_int(request, "limit", 50, 1, 500)
    return model_response(await off_loop(gw.jobs.store.list, account, limit))


async def webhook_secret(request: Request) -> Response:
    """GET /v1/webhooks/secret: the caller's signing secret for its jobs' webhooks."""
    gw = gateway_of(request)
    account = (await gw.auth.check(request, "client")).account
    return JSONResponse(WebhookSecretOut(
        secret=await off_loop(gw.jobs.store.secret, account)).model_dump(),
        headers={"cache-control": "no-store"})
