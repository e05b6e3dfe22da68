"""Two real gateways (uvicorn on 127.0.0.1) sharing one real PostgreSQL database, one provider
agent (in-process backend, as in harness.py), and a bounded load spread across both gateways:
every invocation charged exactly once, retries sent to either gateway never charged twice."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from harness import TEMPLATES, ServerThread, free_port
from pg import seed_account

from cocoon.platform.db import Database
from cocoon.platform.gateway.app import create_app
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.ledger import Ledger
from cocoon.platform.registry import Registry
from cocoon.platform.sdk import Client
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.attestation import Policy
from cocoon.runtime.backends import InProcessBackend
from cocoon.runtime.envelope import seal_request
from cocoon.runtime.wire import RoutingHeader

BALANCE = 10**12
CALLS = 200
THREADS = 8


@dataclass
class SharedNetwork:
    db: Database
    account: str
    client_key: str
    urls: list[str]

    def client(self, i: int) -> Client:
        return Client(self.urls[i % len(self.urls)], self.client_key, policy=Policy.embedded())

    def receipts(self) -> int:
        return self.db.one("SELECT COUNT(*) FROM receipts")[0]


def start_gateways(home: Path, url: str, n: int) -> list[ServerThread]:
    servers = []
    for _ in range(n):
        port = free_port()
        settings = GatewaySettings(port=port, database_url=url, database=home / "unused.db",
                                   allow_simulated=True, settlement=False)
        servers.append(ServerThread(create_app(settings), port))
    return servers


@pytest.fixture
def shared(tmp_path, postgres_url, monkeypatch) -> Iterator[SharedNetwork]:
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    db = Database(postgres_url)
    registry = Registry(db)
    account, client_key, provider_key = seed_account(registry, "load")
    Ledger(db).deposit(account, BALANCE, source="test", ref="deposit-1")
    gateways = start_gateways(tmp_path, postgres_url, 2)
    urls = [f"http://127.0.0.1:{g.server.config.port}" for g in gateways]
    agent = ProviderAgent(  # registers with the first gateway only: the database tells both
        AgentSettings(id="local", gateway_url=urls[0], token=provider_key, allow_simulated=True),
        backend=InProcessBackend(),
    )
    threading.Thread(target=agent.run, daemon=True).start()
    net = SharedNetwork(db, account, client_key, urls)
    try:
        with net.client(0) as c:
            out = c.deploy(TEMPLATES / "echo")
        for i in range(2):
            with net.client(i) as c:
                c.wait_served(out.name, out.digest, timeout_s=60)
        yield net
    finally:
        agent.shutdown()
        for g in gateways:
            g.stop()
        db.close()


def sealed(net: SharedNetwork, payload: dict) -> bytes:
    """An echo envelope built by hand, as a client would, to send the same bytes twice."""
    with net.client(0) as client:
        detail, offers = client.offers("echo")
    offer = offers[0].offer
    header = RoutingHeader(function="echo", version=detail.version, digest=detail.digest,
                           client=net.account, max_price=offer.unit_price * detail.max_units,
                           request_id=os.urandom(16).hex(), timestamp_ms=int(time.time() * 1000))
    envelope, _ = seal_request(header, json.dumps(payload).encode(), offer.recipients())
    return envelope


def post(url: str, key: str, body: bytes) -> httpx.Response:
    with httpx.Client(base_url=url, trust_env=False, timeout=30) as http:
        return http.post("/v1/functions/echo/invoke", content=body, headers={
            "authorization": f"Bearer {key}", "content-type": "application/octet-stream"})


def test_load_across_two_gateways_is_charged_exactly_once(shared):
    amounts: list[int] = []
    lock = threading.Lock()

    def worker(t: int) -> None:
        clients = [shared.client(0), shared.client(1)]
        try:
            for i in range(t, CALLS, THREADS):
                out = clients[i % 2].invoke("echo", {"i": i})  # alternate the gateways
                assert out.output == {"i": i}
                with lock:
                    amounts.append(out.receipt.amount)
        finally:
            for c in clients:
                c.close()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(worker, range(THREADS)))
    assert len(amounts) == CALLS
    assert shared.receipts() == CALLS
    balance = Ledger(shared.db).balance(shared.account)
    assert balance.charged == sum(amounts) > 0
    assert balance.credited == BALANCE and balance.reserved == 0
    total = shared.db.one("SELECT SUM(amount) FROM receipts WHERE account = ?", shared.account)
    assert total[0] == balance.charged
    assert shared.db.one("SELECT COUNT(*) FROM reservations")[0] == 0
    # both gateways served a share
    for url in shared.urls:
        with httpx.Client(base_url=url, trust_env=False) as http:
            usage = http.get("/v1/usage", params={"limit": 1},
                             headers={"authorization": f"Bearer {shared.client_key}"}).json()
        assert usage["account"]["charged"] == balance.charged  # one ledger seen by both


def test_a_retry_sent_to_the_other_gateway_is_never_charged_twice(shared):
    key, (a, b) = shared.client_key, shared.urls
    before = Ledger(shared.db).balance(shared.account).charged
    envelope = sealed(shared, {"retry": 1})
    first = post(a, key, envelope)
    assert first.status_code == 200, first.text
    again = post(b, key, envelope)  # the other gateway has no cache of it: the ledger decides
    assert again.status_code == 409 and again.json()["error"]["code"] == "replayed_request"
    assert post(a, key, envelope).content == first.content  # the first still answers its retry
    assert shared.receipts() == 1

    # The same request sent to both at once: one is served, the other refused, charged once.
    envelope = sealed(shared, {"retry": 2})
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda url: post(url, key, envelope), (a, b)))
    assert sorted(r.status_code for r in replies) == [200, 409], [r.text for r in replies]
    refused = next(r for r in replies if r.status_code == 409)
    assert refused.json()["error"]["code"] in ("conflict", "replayed_request")
    assert shared.receipts() == 2
    charged = Ledger(shared.db).balance(shared.account).charged
    amounts = shared.db.all("SELECT amount FROM receipts")
    assert charged - before == sum(r[0] for r in amounts)
    assert Ledger(shared.db).balance(shared.account).reserved == 0
