"""Limits that hold, over real HTTP on 127.0.0.1 (Ray-free network: see harness.py).

Every route refuses absurd input with a 4xx; a slow database call does not hold up the event
loop; provider answers, the retry cache and the deploy body are bounded; a function's
``timeout_s`` and ``memory_mb`` end the call with a clear code and the provider keeps serving.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_gateway import post_invoke, receipts_count, sealed

from cocoon.platform.gateway import invoke as gateway_invoke
from cocoon.platform.gateway.app import ROUTES
from cocoon.platform.gateway.functions import MAX_DEPLOY_BODY_BYTES
from cocoon.platform.gateway.invoke import RetryCache
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import MAX_BUNDLE_BYTES

NESTED = [b"[" * 1000, b"[" * 1000 + b"]" * 1000, b'{"a":' * 1000 + b"1" + b"}" * 1000,
          b"[" * 100_000]
ABSURD_QUERY = {"limit": "9" * 5000, "wait": "9" * 5000}


def function_folder(tmp_path: Path, name: str, body: str, toml: str = "") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "cocoon.toml").write_text(f'name = "{name}"\n{toml}')
    (folder / "main.py").write_text(
        "import time\nfrom cocoon.runtime import function\n\n\n@function\n"
        f"def handler(payload):\n{body}")
    return folder


def test_every_route_gives_4xx_for_nested_json_and_absurd_queries(network):
    count = receipts_count(network)
    for key in ("client", network.provider_key):
        with network.http(key) as http:
            for route in ROUTES:
                for method in sorted(route.methods or {"GET"}):
                    if method == "HEAD":
                        continue
                    # routes that act without a body (delete, leave) aim at nobody's names
                    acts = method == "DELETE" or route.path.endswith(("/leave", "/left"))
                    path = re.sub(r"\{provider\}", "ghost" if acts else "local",
                                  re.sub(r"\{name\}", "ghost" if acts else "echo", route.path))
                    resp = http.request(method, path, params=ABSURD_QUERY)
                    assert resp.status_code < 500, (method, path, resp.text)
                    for body in NESTED if method == "POST" else []:
                        resp = http.request(method, path, content=body,
                                            headers={"content-type": "application/json"})
                        assert resp.status_code < 500, (method, path, resp.text)
                        if resp.status_code >= 400:
                            assert resp.json()["error"]["code"]
    with network.http() as http:
        resp = http.get("/v1/usage", params={"limit": "9" * 5000})
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "bad_request"
        resp = http.post("/v1/keys", content=b"[" * 1000)
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "invalid_json"
    assert receipts_count(network) == count


def test_a_slow_database_call_does_not_hold_up_health_checks(network):
    """Another connection holds SQLite's write lock for 1.5 s: a write through the gateway
    waits for it (busy timeout), on a worker thread; /healthz answers meanwhile."""
    blocker = sqlite3.connect(network.database, isolation_level=None)
    done: list[int] = []
    with network.http() as http, network.http(None) as probe:
        writer = threading.Thread(target=lambda: done.append(
            http.post("/v1/keys", json={"role": "client"}).status_code))
        blocker.execute("BEGIN IMMEDIATE")
        try:
            writer.start()
            time.sleep(0.3)  # the write is waiting on the lock now
            started = time.perf_counter()
            assert probe.get("/healthz").status_code == 200
            elapsed = time.perf_counter() - started
            assert writer.is_alive() and not done  # still blocked on the database
            time.sleep(1.2)
        finally:
            blocker.execute("COMMIT")
            blocker.close()
        writer.join(10)
    assert elapsed < 0.8, f"/healthz took {elapsed:.2f} s behind a blocked write"
    assert done == [201]


def test_two_identical_envelopes_at_once_are_served_and_charged_once(network):
    network.client().flush_voucher()
    envelope = sealed(network, {"twice": True})
    count = receipts_count(network)
    barrier = threading.Barrier(8)

    def send(_: int):
        barrier.wait()
        return post_invoke(network, envelope)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))
    ok = [a for a in answers if a.status_code == 200]
    assert ok and all(a.content == ok[0].content for a in ok)  # retries get the same frame
    assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
    assert receipts_count(network) == count + 1


def test_retry_cache_is_bounded_by_bytes_and_age():
    cache = RetryCache(max_bytes=1000, ttl_s=10)
    for i in range(20):
        cache.put(f"r{i}", "acct", b"x" * 200, "p", now=0)
    assert cache.bytes <= 1000 and len(cache) == 5
    assert cache.get("r19", "acct", now=1) == (b"x" * 200, "p", False)
    assert cache.get("r0", "acct", now=1) is None  # evicted, least recently used first
    assert cache.get("r19", "someone-else", now=1) is None
    cache.put("huge", "acct", b"x" * 600, "p", now=1)  # over a quarter of the budget
    assert cache.get("huge", "acct", now=1) is None
    assert cache.get("r19", "acct", now=11) is None  # expired
    assert cache.bytes == 0 and len(cache) == 0


def test_retry_cache_holds_no_more_than_its_budget_in_a_running_gateway(network, tmp_path):
    folder = function_folder(tmp_path, "big", "    return 'x' * payload\n",
                             "[limits]\nmax_payload_bytes = 1024\n")
    network.deploy_and_wait(folder)
    gw = network.state
    old = gw.forwarder.retry_cache
    gw.forwarder.retry_cache = cache = RetryCache(max_bytes=2 << 20)
    try:
        client = network.client()
        for _ in range(12):
            assert len(client.invoke("big", 300_000).output) == 300_000
            assert cache.bytes <= 2 << 20
        assert 0 < len(cache) < 12
    finally:
        gw.forwarder.retry_cache = old


def test_a_provider_answer_over_the_frame_limit_is_the_providers_fault(network, monkeypatch):
    monkeypatch.setattr(gateway_invoke, "MAX_FRAME_BYTES", 4096)
    with pytest.raises(CocoonError) as exc:
        network.client().invoke("echo", {"pad": "y" * 10_000})
    assert exc.value.code == "provider_failed" and "larger than" in exc.value.message
    monkeypatch.undo()  # penalised, but the only provider: still tried, and it serves
    assert network.client().invoke("echo", {"ok": 1}).output == {"ok": 1}


def test_deploy_limits_match_the_sdks_bundle_limit(network):
    # the largest bundle the SDK builds fits the gateway's deploy body, base64 and all
    assert len('{"bundle":""}') + 4 * -(-MAX_BUNDLE_BYTES // 3) <= MAX_DEPLOY_BODY_BYTES
    with network.http() as http:
        resp = http.post("/v1/functions", content=b"x" * (MAX_DEPLOY_BODY_BYTES + 1))
    assert resp.status_code == 413 and resp.json()["error"]["code"] == "payload_too_large"


def test_timeout_ends_the_call_with_504_and_a_timeout_receipt(network, tmp_path):
    folder = function_folder(
        tmp_path, "sleepy-limit", "    time.sleep(payload)\n    return payload\n",
        "[limits]\ntimeout_s = 0.5\n")
    network.deploy_and_wait(folder)
    client = network.client()
    assert client.invoke("sleepy-limit", 0).output == 0
    started = time.perf_counter()
    with pytest.raises(CocoonError) as exc:
        client.invoke("sleepy-limit", 3)
    assert exc.value.code == "function_timeout" and exc.value.status == 504
    assert time.perf_counter() - started < 2.5  # ended at the limit, not after 3 s
    receipts = client.usage(limit=5).receipts
    timed_out = [r.receipt for r in receipts if r.receipt.outcome == "timeout"]
    assert len(timed_out) == 1 and timed_out[0].amount == 0 and timed_out[0].units == 0
    assert client.invoke("sleepy-limit", 0).output == 0  # the next call works


def test_memory_limit_fails_the_call_and_the_next_one_works(network, tmp_path):
    folder = function_folder(
        tmp_path, "hungry",
        "    block = bytearray(payload << 20)\n    return len(block)\n",
        "[resources]\nmemory_mb = 64\n")
    network.deploy_and_wait(folder)
    client = network.client()
    assert client.invoke("hungry", 8).output == 8 << 20
    with pytest.raises(CocoonError) as exc:
        client.invoke("hungry", 1500)  # 1.5 GB under a 64 MB limit
    assert exc.value.code == "function_error" and "memory_limit" in exc.value.message
    assert client.invoke("hungry", 8).output == 8 << 20  # a fresh worker serves the next call
    assert client.invoke("echo", {"alive": 1}).output == {"alive": 1}


def test_a_retired_version_leaves_no_unpacked_bundle(network, tmp_path):
    folder = function_folder(tmp_path, "retiring", "    return 1\n")
    network.deploy_and_wait(folder)
    loaded = [f for f in network.backend.functions.values() if f.manifest.name == "retiring"]
    workdir = loaded[0].sandbox.root
    assert workdir.is_dir()
    (folder / "main.py").write_text((folder / "main.py").read_text() + "# v2\n")
    network.deploy_and_wait(folder)
    deadline = time.monotonic() + 20
    while workdir.exists():
        assert time.monotonic() < deadline, "v1's unpacked bundle was never removed"
        time.sleep(0.05)
