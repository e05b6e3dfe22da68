"""Async jobs in the SDK: ``client.submit(...)`` returns a :class:`Job` at once.

    job = cocoon.submit("echo", {"text": "hi"}, webhook="https://example.com/hook")
    print(job.status().status)          # queued, running, succeeded, failed, cancelled
    result = job.result(timeout=60)     # an Invocation, opened and checked like invoke's
    job.cancel()                        # queued: never charged; running: charged per receipt

The request is sealed here exactly as for ``invoke`` (same offers, verification, retries on
stale offers); the gateway keeps the answer sealed. Opening it needs the response key made
when sealing: it lives in the :class:`Job` object, and :meth:`Job.save` / :func:`load` keep it
in a file of the caller's (the CLI's ``$COCOON_HOME/jobs/``) so another process can open it.
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import Offer, RoutingHeader

from ..jobs import WEBHOOK_HEADER, JobOut
from .client import Sealed, VerifiedOffer

if TYPE_CHECKING:
    from .client import Client, Invocation

MAX_WAIT_S = 30.0  # one status request waits at most this long (the gateway allows 60)


class Job:
    """One submitted job: its last known document, and what opening its result takes."""

    def __init__(self, client: Client, out: JobOut, sealed: Sealed | None = None) -> None:
        self.client, self.out, self.sealed = client, out, sealed

    @property
    def id(self) -> str:
        return self.out.id

    def status(self, wait: float = 0) -> JobOut:
        """The job now (``wait``: up to that long for it to end)."""
        params = {"wait": f"{wait:.1f}"} if wait > 0 else None
        self.out = JobOut.model_validate_json(
            self.client._request("GET", f"/v1/jobs/{self.id}", params=params).content)
        return self.out

    def cancel(self) -> JobOut:
        self.out = JobOut.model_validate_json(
            self.client._request("DELETE", f"/v1/jobs/{self.id}").content)
        return self.out

    def result(self, timeout: float | None = None) -> Invocation:
        """Wait for the job to end and open its result as ``invoke`` does (receipt checked;
        ``function_error`` if the function failed). Raises the job's error if it failed
        without a result, ``TimeoutError`` if it has not ended within ``timeout``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        out = self.out
        while not out.done:
            left = MAX_WAIT_S if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"job {self.id} is still {out.status}")
            out = self.status(wait=min(left, MAX_WAIT_S))
        if out.frame is None:
            if out.error is not None:
                raise CocoonError.from_dict({"error": out.error.model_dump()}, status=400)
            raise CocoonError("conflict", f"job {self.id} was cancelled before it ran")
        if self.sealed is None:
            raise CocoonError("bad_request", f"job {self.id} was sealed elsewhere: its response"
                              " key is not here (Job.save / jobs.load)")
        return self.client._open(self.sealed, base64.b64decode(out.frame))

    def save(self, path: Path) -> None:
        """Keep what opening the result takes (the response key: a secret) in ``path``."""
        assert self.sealed is not None
        s = self.sealed
        doc = {"id": self.id, "header": s.header.model_dump(mode="json"),
               "response_key": s.response_key.hex(), "max_units": s.max_units,
               "weights": list(s.weights),
               "offers": [v.offer.model_dump(mode="json") for v in s.chosen.values()]}
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(doc, f)


def load(client: Client, job_id: str, path: Path | None = None) -> Job:
    """The job ``job_id`` as the gateway has it; able to open its result if ``path`` holds
    what :meth:`Job.save` kept for it."""
    out = JobOut.model_validate_json(client._request("GET", f"/v1/jobs/{job_id}").content)
    sealed = None
    if path is not None and path.is_file():
        doc = json.loads(path.read_text())
        offers = [Offer.model_validate(o) for o in doc["offers"]]
        sealed = Sealed(RoutingHeader.model_validate(doc["header"]), b"",
                        bytes.fromhex(doc["response_key"]),
                        {o.provider: VerifiedOffer(o, []) for o in offers},  # verified then
                        doc["max_units"], time.perf_counter(),
                        tuple(doc.get("weights", (1, 1))))
    return Job(client, out, sealed)


def submit(client: Client, name: str, payload: Any, *, webhook: str | None = None,
           max_price: int | None = None) -> Job:
    def call(refresh: bool) -> Job:
        sealed = client._seal(name, payload, max_price, refresh=refresh)
        extra = {WEBHOOK_HEADER: webhook} if webhook else None
        resp = client._send(name, sealed.envelope, "jobs", extra)
        return Job(client, JobOut.model_validate_json(resp.content), sealed)

    return client._with_fresh_offers(call)
