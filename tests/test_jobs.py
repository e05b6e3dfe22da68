"""Async jobs and webhooks on the Ray-free network: one job slot (so a second job stays queued
while a gated one runs), a real webhook receiver on 127.0.0.1, real SQLite ledger."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from harness import Network, running_network

from cocoon.platform.webhooks import check_url
from cocoon.runtime.errors import CocoonError

# Sleeps as long as it is told (the function's sandbox sees no file of the test's).
NAP = ("import time\nfrom cocoon.runtime import function\n\n\n@function\n"
       "def nap(payload):\n    time.sleep(payload['s'])\n    return {'slept': payload['s']}\n")


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    with running_network(tmp_path_factory.mktemp("jobs"), max_running_jobs=1,
                         webhook_allow_private=True, webhook_backoff_s=0.05,
                         webhook_timeout_s=2.0) as network:
        folder = tmp_path_factory.mktemp("nap")
        (folder / "cocoon.toml").write_text('name = "nap"\n')
        (folder / "main.py").write_text(NAP)
        network.deploy_and_wait(folder)
        yield network


class Receiver:
    """A webhook receiver: answers each POST with the next scripted status, records it."""

    def __init__(self, statuses: list[int], location: str = "") -> None:
        self.statuses, self.got = list(statuses), []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                outer.got.append((dict(self.headers.items()), body))
                status = outer.statuses.pop(0) if outer.statuses else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("location", location)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, n: int, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while len(self.got) < n:
            assert time.monotonic() < deadline, f"only {len(self.got)} deliveries"
            time.sleep(0.02)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def standard_webhooks_valid(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """The receiver's check, written from the Standard Webhooks spec (not the gateway's code)."""
    h = {k.lower(): v for k, v in headers.items()}
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{h['webhook-id']}.{h['webhook-timestamp']}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    fresh = abs(time.time() - int(h["webhook-timestamp"])) < 300
    return fresh and any(hmac.compare_digest(s, expected) for s in h["webhook-signature"].split())


def balance(net: Network):
    return net.state.ledger.balance(net.client().account().id)


def wait_status(job, status: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while job.status().status != status:
        assert time.monotonic() < deadline, job.out
        time.sleep(0.02)


def test_a_job_cancelled_while_queued_is_never_charged(net: Network):
    client = net.client()
    before = balance(net)
    running = client.submit("nap", {"s": 2})
    wait_status(running, "running")  # holds the one slot
    receiver = Receiver([])
    queued = client.submit("echo", {"hello": "queued"}, webhook=receiver.url)
    assert queued.out.status == "queued"
    time.sleep(0.2)
    assert queued.status().status == "queued"
    assert balance(net).reserved > before.reserved  # both held
    out = queued.cancel()
    assert out.status == "cancelled" and out.frame is None
    receiver.wait(1)  # told at once, not when a slot frees
    assert json.loads(receiver.got[0][1])["status"] == "cancelled"
    receiver.close()
    result = running.result(timeout=20)
    assert result.output == {"slept": 2}
    after = balance(net)
    assert after.reserved == before.reserved  # every hold released
    assert after.charged - before.charged == result.receipt.amount  # only the job that ran
    assert not net.state.ledger.already_charged(queued.out.request_id)
    with pytest.raises(CocoonError) as err:
        queued.result(timeout=1)
    assert err.value.code == "conflict"
    assert net.client().submit("echo", 1).result(timeout=10).output == 1  # the queue moves


def test_a_running_job_cancelled_is_charged_for_its_receipt(net: Network):
    client = net.client()
    before = balance(net)
    job = client.submit("nap", {"s": 1})
    wait_status(job, "running")
    assert job.cancel().status == "running"  # cannot stop it at the provider
    out = job.status(wait=10)
    assert out.status == "cancelled" and out.receipt is not None and out.frame
    assert job.result().output == {"slept": 1}  # paid for: still opens
    assert balance(net).charged - before.charged == out.receipt.receipt.amount


def test_job_result_opens_and_is_listed(net: Network):
    client = net.client()
    job = client.submit("echo", {"text": "sealed"})
    assert job.id.startswith("job_")
    result = job.result(timeout=10)
    assert result.output == {"text": "sealed"}
    out = job.status()
    assert out.status == "succeeded" and out.provider == result.receipt.provider
    assert out.receipt.receipt.request_id == out.request_id == result.receipt.request_id
    assert b"sealed" not in base64.b64decode(out.frame)  # the gateway keeps ciphertext
    with net.http() as http:
        listed = http.get("/v1/jobs").json()
    assert job.id in [j["id"] for j in listed] and all(j["frame"] is None for j in listed)
    assert net.state.ledger.already_charged(out.request_id)


def test_a_function_that_fails_ends_the_job_failed_with_its_sealed_error(net: Network):
    job = net.client().submit("nap", {"s": "not a number"})  # time.sleep(str) raises
    out = job.status(wait=10)
    assert out.status == "failed" and out.frame and out.error is None  # the gateway can't read it
    assert out.receipt.receipt.outcome == "error"
    with pytest.raises(CocoonError) as err:
        job.result()
    assert err.value.code == "function_error"


def test_submit_is_admitted_like_invoke_and_refused_before_anything_is_queued(net: Network):
    client = net.client()
    before, jobs_before = balance(net), len(client._request("GET", "/v1/jobs").json())
    with pytest.raises(CocoonError) as err:
        client.submit("echo", 1, max_price=1)  # below every offer: refused at submit
    assert err.value.code == "price_above_max"
    with pytest.raises(CocoonError) as err:
        client.submit("nope", 1)
    assert err.value.code in ("unknown_function", "not_found")
    assert len(client._request("GET", "/v1/jobs").json()) == jobs_before
    after = balance(net)
    assert (after.reserved, after.charged) == (before.reserved, before.charged)


def test_the_same_envelope_sent_again_is_the_same_job(net: Network):
    client = net.client()
    sealed = client._seal("echo", 7, None, refresh=False)
    first = client._send("echo", sealed.envelope, "jobs")
    again = client._send("echo", sealed.envelope, "jobs")
    assert first.status_code == 202 and again.status_code == 200
    assert json.loads(first.content)["id"] == json.loads(again.content)["id"]


def test_webhook_is_signed_and_retried_after_a_500(net: Network):
    receiver = Receiver([500, 200])
    try:
        client = net.client()
        job = client.submit("echo", {"hook": 1}, webhook=receiver.url)
        receiver.wait(2)
        with net.http() as http:
            secret = http.get("/v1/webhooks/secret").json()["secret"]
        assert secret.startswith("whsec_")
        for headers, body in receiver.got:
            assert standard_webhooks_valid(secret, headers, body)
            doc = json.loads(body)
            assert doc["id"] == job.id and doc["status"] == "succeeded" and doc["frame"]
        assert receiver.got[0][0]["webhook-id"] == receiver.got[1][0]["webhook-id"]
        tampered = receiver.got[1][1].replace(b"succeeded", b"failed")
        assert not standard_webhooks_valid(secret, receiver.got[1][0], tampered)
        deadline = time.monotonic() + 5
        while job.status().webhook_status != "delivered":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert job.result().output == {"hook": 1}
    finally:
        receiver.close()


def test_webhook_redirect_is_not_followed(net: Network):
    elsewhere = Receiver([])
    receiver = Receiver([307], location=elsewhere.url)
    try:
        job = net.client().submit("echo", 2, webhook=receiver.url)
        receiver.wait(1)
        deadline = time.monotonic() + 5
        while job.status().webhook_status != "failed":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.2)
        assert len(receiver.got) == 1 and elsewhere.got == []
    finally:
        receiver.close()
        elsewhere.close()


def test_webhook_targets_are_checked_at_submit(net: Network):
    client = net.client()
    for url in ("ftp://127.0.0.1/x", "http://user:pw@127.0.0.1/x", "not a url", "http:///x"):
        with pytest.raises(CocoonError) as err:
            client.submit("echo", 1, webhook=url)
        assert err.value.code == "bad_request", url
    for private in ("http://127.0.0.1/", "http://10.1.2.3/", "http://[::1]/", "http://localhost/"):
        with pytest.raises(CocoonError) as err:
            check_url(private, allow_private=False)
        assert err.value.code == "bad_request"
    assert check_url("http://127.0.0.1:9/", allow_private=True)


def test_another_account_cannot_see_or_cancel_a_job(net: Network):
    job = net.client().submit("echo", 3)
    with net.http(None) as http:
        other = http.post("/v1/accounts", json={"name": "other"}).json()["api_key"]
    with net.http(other) as http:
        assert http.get(f"/v1/jobs/{job.id}").json()["error"]["code"] == "not_found"
        assert http.delete(f"/v1/jobs/{job.id}").json()["error"]["code"] == "not_found"
        assert http.get("/v1/jobs").json() == []
    assert job.result(timeout=10).output == 3


def test_bad_requests_get_4xx(net: Network):
    with net.http() as http:
        assert http.post("/v1/functions/echo/jobs", content=b"junk").status_code == 400
        assert http.get("/v1/jobs/nope").status_code == 404
        assert http.get("/v1/jobs/x?wait=abc").status_code == 400
        assert http.get("/v1/jobs?limit=0").status_code == 400
    with net.http(None) as http:
        assert http.get("/v1/jobs").status_code == 401


def test_expired_results_are_deleted(net: Network):
    job = net.client().submit("echo", 4)
    out = job.status(wait=10)
    assert out.done and out.expires_ms - out.finished_ms == 86_400_000  # job_ttl_s, 1 day
    store = net.state.jobs.store
    store.sweep(now=out.expires_ms - 1)
    assert job.status().status == "succeeded"  # kept until it expires
    assert store.sweep(now=out.expires_ms + 1) >= 1
    with pytest.raises(CocoonError) as err:
        job.status()
    assert err.value.code == "not_found"


def test_cli_invoke_async_then_jobs_show_and_cancel(net: Network):
    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app

    def run(*args: str):
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
        return result

    job = json.loads(run("invoke", "echo", "-d", '{"cli": true}', "--async", "--json").stdout)
    assert job["status"] == "queued" and job["id"].startswith("job_")
    shown = json.loads(run("jobs", "show", job["id"], "--wait", "10", "--json").stdout)
    assert shown["job"]["status"] == "succeeded" and shown["output"] == {"cli": True}
    assert shown["job"]["frame"] is None
    listed = json.loads(run("jobs", "--json").stdout)
    assert job["id"] in [j["id"] for j in listed]
    assert job["id"] in run("jobs").stdout
    cancelled = json.loads(run("jobs", "cancel", job["id"], "--json").stdout)
    assert cancelled["status"] == "succeeded"  # it had ended: left as it was
    assert run("jobs", "secret").stdout.startswith("whsec_")
    missing = CliRunner().invoke(app, ["jobs", "show", "job_nope", "--json"])
    assert missing.exit_code == 1 and json.loads(missing.stderr)["error"]["code"] == "not_found"


def test_job_store_transitions_on_both_backends(target):
    """Each transition is one conditional update: a cancel after the start only marks the job;
    a job its gateway abandoned ends failed and its hold is returned to be released."""
    from cocoon.platform.db import Database
    from cocoon.platform.jobs import JobStore
    from cocoon.platform.ledger import Ledger
    from cocoon.platform.registry import Registry

    db = Database(target)
    account = Registry(db).create_account("jobs")
    ledger, store = Ledger(db), JobStore(db)
    ledger.deposit(account, 10_000, source="test", ref="d")
    queued = store.create(account, "echo", "r1", None, ledger.reserve(account, "r1", 1_000))
    out, held = store.cancel(queued.id, account, ttl_s=60)
    assert out.status == "cancelled" and held is not None and not store.start(queued.id)
    ledger.release(held)
    assert ledger.balance(account).reserved == 0

    running = store.create(account, "echo", "r2", None, ledger.reserve(account, "r2", 1_000))
    assert store.start(running.id) and not store.start(running.id)
    out, held = store.cancel(running.id, account, ttl_s=60)
    assert out.status == "running" and held is None
    done = store.finish(running.id, 60, error=CocoonError("provider_failed", "gone"))
    assert done.status == "cancelled" and done.error.code == "provider_failed"

    stuck = store.create(account, "echo", "r3", None, ledger.reserve(account, "r3", 1_000))
    assert store.abandon(stuck.created_ms, ttl_s=60) == []  # not older than the cutoff
    (hold,) = store.abandon(stuck.created_ms + 1, ttl_s=60)
    ledger.release(hold)
    assert store.get(stuck.id, account).status == "failed"
    assert ledger.balance(account).reserved == 1_000  # r2's hold: its gateway charges it
    assert store.secret(account) == store.secret(account) != store.secret("another")
    assert store.sweep(now=store.get(stuck.id, account).expires_ms + 1) == 3
    assert store.list(account) == []
    db.close()
