"""A provider killed under load, on two real local Ray clusters (`cocoon up --providers 2`).

Six client threads call a function that takes ~0.2 s, each call sealed for both providers.
Mid-run, one provider is killed outright: its agent and every process of its Ray cluster
(raylet, GCS, Serve proxy, the replicas running calls) get SIGKILL. The calls in flight there
are retried by the gateway on the other provider (the envelope carries a key for each), so:

- every invocation the clients made completes, with its own output;
- each is charged exactly once: the account's receipts hold each request id once, their sum is
  the account's charge, and every receipt is the surviving provider's or was made before the
  kill;
- the killed provider is routed around (every call after the kill is served by the other one)
  and drops offline at the gateway.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import re
import signal
import threading
import time

import httpx
import pytest
from test_local_networks import _ready_on, _wait_for, cocoon

from cocoon.platform import supervisor
from cocoon.platform.embedded import NetworkState

pytestmark = pytest.mark.ray
THREADS = 6
SLOW = """
import time

from cocoon.runtime import function


@function
def slow(payload):
    time.sleep(0.2)
    return {"echo": payload}
"""


def test_a_provider_killed_under_load_loses_and_doubles_nothing(tmp_path, monkeypatch):
    home = tmp_path / "home"
    folder = tmp_path / "slow"
    folder.mkdir()
    (folder / "main.py").write_text(SLOW)
    (folder / "cocoon.toml").write_text(
        'name = "slow"\n[resources]\ncpus = 0.1\nmin_replicas = 1\nmax_concurrency = 16\n'
        "[pricing]\nunit_price = 1000\n")
    try:
        cocoon(home, "up", "--providers", "2", "--detach")
        state = NetworkState.model_validate_json((home / "run" / "network.json").read_text())
        cocoon(home, "deploy", str(folder))
        _wait_for(lambda: _ready_on(home, "slow") == {"local", "local-2"}, 180,
                  "slow ready on both providers")
        monkeypatch.setenv("COCOON_HOME", str(home))
        from cocoon.platform.sdk import Client

        with Client() as probe:
            _wait_for(lambda: len(probe.offers("slow", refresh=True)[1]) == 2, 60,
                      "both offers")
            charged_before = probe.account().charged

        outcomes: list[tuple[int, int, str, str, float]] = []  # thread, seq, provider, id, at
        failures: list[BaseException] = []
        lock = threading.Lock()
        stop = threading.Event()

        def client_thread(n: int) -> None:
            with Client() as client:
                seq = 0
                while not stop.is_set():
                    try:
                        result = client.invoke("slow", [n, seq])
                        assert result.output == {"echo": [n, seq]}
                    except BaseException as exc:  # reported below
                        with lock:
                            failures.append(exc)
                        return
                    with lock:
                        outcomes.append((n, seq, result.receipt.provider,
                                         result.receipt.request_id, time.monotonic()))
                    seq += 1

        threads = [threading.Thread(target=client_thread, args=(n,)) for n in range(THREADS)]
        for t in threads:
            t.start()
        _wait_for(lambda: len({o[2] for o in outcomes}) == 2 or len(outcomes) > 200, 60,
                  "calls served by both providers")
        victim = next(p for p in state.providers if p.id == "local-2")
        doomed = supervisor.members([state.scope(victim.component)])
        assert victim.proc.pid in doomed and len(doomed) > 3  # the agent and its cluster
        killed_at = time.monotonic()
        # the host dies at once: every process frozen first, then killed, so no survivor sees
        # another die (a replica outliving its worker answers "the function's process died",
        # the runtime's honest report when only a function's process dies)
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in doomed:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
        time.sleep(4)  # load goes on past the kill
        stop.set()
        for t in threads:
            t.join(60)
        assert not failures, f"calls failed: {failures[:3]}"

        served = collections.Counter(o[2] for o in outcomes)
        assert served["local-2"] > 0 and served["local"] > 0
        # after the kill (and any call already in flight there), only the survivor serves
        settle = killed_at + 1.0
        assert {o[2] for o in outcomes if o[4] > settle} == {"local"}
        per_thread = collections.defaultdict(list)
        for n, seq, *_ in outcomes:
            per_thread[n].append(seq)
        assert all(seqs == list(range(len(seqs))) for seqs in per_thread.values())

        # calls were at local-2 when it died, and were served again elsewhere: the gateway
        # counted failed forwards there while no client call failed
        metrics = httpx.get(state.gateway_url + "/metrics", timeout=10, trust_env=False).text
        failed_there = re.search(r'cocoon_forward_duration_seconds_count\{provider="local-2",'
                                 r'result="error"\} ([0-9.]+)', metrics)
        assert failed_there and float(failed_there.group(1)) >= 1

        with Client() as auditor:
            usage = auditor.usage(limit=1000)
            ids = [o[3] for o in outcomes]
            receipts = [r.receipt for r in usage.receipts if r.receipt.function == "slow"]
            by_id = collections.Counter(r.request_id for r in receipts)
            assert len(ids) == len(set(ids)) < 1000
            assert set(by_id) == set(ids) and all(by_id[i] == 1 for i in ids)
            total = sum(r.amount for r in receipts)
            assert usage.account.charged - charged_before == total
            assert total >= 1000 * len(ids)

            def offline() -> bool:
                listed = json.loads(cocoon(home, "providers", "--json").stdout)
                return {p["id"]: p["online"] for p in listed}.get("local-2") is False

            _wait_for(offline, 60, "local-2 offline at the gateway")
    finally:
        cocoon(home, "down", check=False)
