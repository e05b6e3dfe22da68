"""The dashboard's reads: usage over time (GET /v1/usage/history), the caller's own providers
(GET /v1/providers?mine=1) and a provider's earnings (GET /v1/providers/{id}/earnings), on the
Ray-free network (real gateway, agent, ledger and embedded chain), the bucketing on real SQLite
and real PostgreSQL."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import TEMPLATES, Network, running_network

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.db import Database
from cocoon.platform.gateway import dashboard
from cocoon.platform.ledger import Ledger
from cocoon.platform.registry import Registry
from cocoon.platform.settlement import local, platform_fee
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend
from cocoon.runtime.envelope import RuntimeKeys, sign_receipt
from cocoon.runtime.wire import UsageReceipt

TON = 10**9
HOUR_MS = 3_600_000
KEYS = RuntimeKeys.generate()


# -- the ledger's GROUP BY, on both backends ---------------------------------------------------


def charge(ledger: Ledger, account: str, rid: str, function: str, units: int, t_ms: int) -> None:
    signed = sign_receipt(UsageReceipt(
        request_id=rid, client=account, function=function, function_digest="d" * 64,
        provider="p", units=units, unit_price=10, amount=units * 10, time_ms=t_ms,
        outcome="ok", response_digest="0" * 64, simulated=True), KEYS.signing)
    assert ledger.charge(ledger.reserve(account, rid, units * 10), signed)


def test_history_groups_by_bucket_and_function(target):
    db = Database(target)
    try:
        registry, ledger = Registry(db), Ledger(db)
        account, other = registry.create_account("a"), registry.create_account("b")
        for acct in (account, other):
            ledger.deposit(acct, 10**6, source="test", ref=f"dep-{acct}")
        base = 1_800_000_000_000 // HOUR_MS * HOUR_MS  # an hour's start, 13 digits
        charge(ledger, account, "r1", "echo", 1, base + 5)
        charge(ledger, account, "r2", "echo", 2, base + HOUR_MS - 1)  # same hour
        charge(ledger, account, "r3", "chat", 7, base + 10)
        charge(ledger, account, "r4", "echo", 3, base + HOUR_MS)  # the next hour
        charge(ledger, account, "r5", "echo", 4, base + 5 * HOUR_MS)  # outside the window
        charge(ledger, other, "r6", "echo", 9, base + 5)  # another account's
        rows = ledger.usage_history(account, HOUR_MS, base, base + 5 * HOUR_MS, 100)
        assert rows == [
            {"t_ms": base, "function": "chat", "calls": 1, "units": 7, "amount": 70},
            {"t_ms": base, "function": "echo", "calls": 2, "units": 3, "amount": 30},
            {"t_ms": base + HOUR_MS, "function": "echo", "calls": 1, "units": 3, "amount": 30},
        ]
        assert all(type(v) is int for r in rows for k, v in r.items() if k != "function")
        day = ledger.usage_history(account, 24 * HOUR_MS, base, base + 6 * HOUR_MS, 100)
        assert [(r["function"], r["calls"], r["amount"]) for r in day] == [
            ("chat", 1, 70), ("echo", 4, 100)]
        assert len(ledger.usage_history(account, 60_000, 0, base + 6 * HOUR_MS, 2)) == 2
        assert ledger.usage_history(account, HOUR_MS, base + 6 * HOUR_MS, base + 7 * HOUR_MS,
                                    100) == []
    finally:
        db.close()


# -- the routes, on the Ray-free network -------------------------------------------------------


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    # no settlement loop: the tests settle when they mean to
    with running_network(tmp_path_factory.mktemp("dashboard-home"), settle_interval_s=0) as n:
        yield n


@pytest.fixture(scope="module")
def stranger(net: Network) -> str:
    """An admin key of another account."""
    registry = net.state.registry
    return registry.create_key(registry.create_account("stranger"), "admin")


def deploy_copy(net: Network, folder: Path, name: str) -> None:
    """templates/echo under another name: a second function to split usage by."""
    shutil.copytree(TEMPLATES / "echo", folder)
    manifest = folder / "cocoon.toml"
    manifest.write_text(manifest.read_text().replace('name = "echo"', f'name = "{name}"'))
    net.deploy_and_wait(folder)


def get(net: Network, path: str, key: str | None = "client", **params) -> tuple[int, dict]:
    with net.http(key) as http:
        resp = http.get(path, params=params)
    return resp.status_code, resp.json()


def settle(net: Network) -> None:
    """The client's voucher flushed, one settlement pass on the thresholds (as the gateway's
    loop runs it): the provider's voucher is signed, its payout not pushed (far below
    payout_min_amount)."""
    net.client().flush_voucher()
    with local.open_settlement(net.home) as s:
        s.run()


def test_history_sums_to_the_usage_summary_per_function(net: Network, tmp_path: Path):
    deploy_copy(net, tmp_path / "echo2", "echo2")
    client = net.client()
    for i in range(3):
        client.invoke("echo", {"i": i})
    client.invoke("echo2", {"i": 0})
    status, usage = get(net, "/v1/usage")
    assert status == 200
    for bucket_s in (60, 3600, 604800):
        status, body = get(net, "/v1/usage/history", bucket_s=bucket_s)
        assert status == 200, body
        assert body["account"] == usage["account"]["id"] and body["bucket_s"] == bucket_s
        assert body["until_ms"] - body["since_ms"] == 7 * 24 * HOUR_MS  # the default window
        points = body["points"]
        assert points == sorted(points, key=lambda p: (p["t_ms"], p["function"]))
        assert all(p["t_ms"] % (bucket_s * 1000) == 0 for p in points)
        summed: dict[str, dict[str, int]] = {}
        for p in points:
            s = summed.setdefault(p["function"], {"calls": 0, "units": 0, "amount": 0})
            for k in s:
                s[k] += p[k]
        assert summed == {r["function"]: {k: r[k] for k in ("calls", "units", "amount")}
                          for r in usage["summary"]}
        assert summed["echo2"] == {"calls": 1, "units": 1, "amount": 1000}
        assert summed["echo"]["calls"] >= 3
    now = int(time.time() * 1000)
    # a session of the account (a Mini App's: a client key that expires) reads the same
    registry = net.state.registry
    session = registry.create_key(usage["account"]["id"], "client", expires_ms=now + HOUR_MS)
    window = {"since_ms": now - HOUR_MS, "until_ms": now + 1}
    assert get(net, "/v1/usage/history", session, **window) == get(net, "/v1/usage/history",
                                                                  **window)
    assert [p["id"] for p in get(net, "/v1/providers", session, mine="1")[1]] == ["local"]
    # a window that ends before the calls: nothing
    status, body = get(net, "/v1/usage/history", since_ms=0, until_ms=now - 7 * 24 * HOUR_MS)
    assert status == 200 and body["points"] == []


@pytest.mark.parametrize("params", [
    {"bucket_s": "59"}, {"bucket_s": "604801"}, {"bucket_s": "abc"}, {"bucket_s": "-60"},
    {"bucket_s": "9" * 5000}, {"since_ms": "-1"}, {"since_ms": "1e3"}, {"until_ms": "1.5"},
    {"until_ms": "9" * 16}, {"since_ms": "2000", "until_ms": "2000"},
    {"since_ms": "3000", "until_ms": "2000"},
])
def test_bad_history_parameters_are_400(net: Network, params: dict):
    status, body = get(net, "/v1/usage/history", **params)
    assert status == 400 and body["error"]["code"] == "bad_request", body


def test_too_many_points_is_400_telling_to_widen_the_bucket(net: Network,
                                                            monkeypatch: pytest.MonkeyPatch):
    net.client().invoke("echo", {"x": 1})
    # the cap lowered in the running gateway (same process): 2000 real points would take
    # 2000 calls; the ledger's LIMIT itself is tested on both backends above
    monkeypatch.setattr(dashboard, "MAX_POINTS", 1)
    status, body = get(net, "/v1/usage/history", bucket_s=604800, since_ms=0)
    assert status == 400 and body["error"]["code"] == "bad_request"
    assert "widen bucket_s" in body["error"]["message"]


def test_another_account_sees_none_of_it(net: Network, stranger: str):
    net.client().invoke("echo", {"x": 2})
    status, body = get(net, "/v1/usage/history", stranger)
    assert status == 200 and body["points"] == []
    assert get(net, "/v1/usage/history", None)[0] == 401
    status, body = get(net, "/v1/providers", stranger, mine="1")
    assert status == 200 and body == []
    status, body = get(net, "/v1/providers/local/earnings", stranger)
    assert status == 403 and body["error"]["code"] == "forbidden"
    status, body = get(net, "/v1/providers/nobody/earnings")
    assert status == 404 and body["error"]["code"] == "unknown_provider"
    assert get(net, "/v1/providers/local/earnings", None)[0] == 401
    with net.http() as http:
        client_only = http.post("/v1/keys", json={"role": "client"}).json()["key"]
    status, body = get(net, "/v1/providers/local/earnings", client_only)
    assert status == 403 and body["error"]["code"] == "forbidden"  # as for its voucher


def test_mine_lists_the_accounts_own_providers_in_any_state(net: Network, stranger: str):
    registry = net.state.registry
    account = registry.authenticate(stranger).account
    key = registry.create_key(account, "provider")
    agent = ProviderAgent(AgentSettings(id="strangers", gateway_url=net.gateway_url, token=key,
                                        allow_simulated=True), backend=InProcessBackend())
    threading.Thread(target=agent.run, daemon=True).start()
    try:
        deadline = time.monotonic() + 20
        while "strangers" not in {p.id for p in registry.providers()}:
            assert time.monotonic() < deadline, "the second provider never registered"
            time.sleep(0.05)
        status, body = get(net, "/v1/providers", mine="1")
        assert status == 200 and [p["id"] for p in body] == ["local"]
        status, body = get(net, "/v1/providers", stranger, mine="1")
        assert [(p["id"], p["approved"]) for p in body] == [("strangers", False)]  # unapproved
        everyone = {p["id"] for p in get(net, "/v1/providers", stranger)[1]}
        assert "local" in everyone and "strangers" not in everyone  # unchanged without mine
        assert {p["id"] for p in get(net, "/v1/providers", stranger, mine="false")[1]} == everyone
        for flag in ("yes", "2", "", "TRUE"):  # a typo is refused, not read as "no"
            status, body = get(net, "/v1/providers", stranger, mine=flag)
            assert status == 400 and body["error"]["code"] == "bad_request", (flag, body)
    finally:
        agent.shutdown()


def test_earnings_follow_the_ledger_the_settlement_and_the_chain(net: Network):
    client = net.client()
    for i in range(3):
        client.invoke("echo", {"i": i})
    calls, gross = net.state.ledger.provider_earnings("local")
    status, body = get(net, "/v1/providers/local/earnings", net.provider_key)
    assert status == 200, body
    assert (body["calls"], body["gross"]) == (calls, gross) and gross >= 3000
    settle(net)
    status, body = get(net, "/v1/providers/local/earnings")  # the account's admin key too
    assert status == 200, body
    fee = platform_fee(body["gross"], net.state.settings.fee_bps)
    assert body["fee"] == fee > 0
    assert body["owed"] == body["vouchered"] == body["gross"] - fee > 0
    assert body["paid"] == 0 and body["deposit"] >= body["vouchered"]
    voucher = Voucher.model_validate(get(net, "/v1/providers/local/voucher")[1]["voucher"])
    assert body["channel"] == voucher.channel
    # the provider claims its voucher on chain from its payout wallet
    payout = local.provider_payout_key(net.home)
    chain = EmbeddedChain(net.home / "chain")
    try:
        chain.fund(wallet_address(payout.public), TON // 10)  # the claim's gas
        result = PaymentChannel(chain, voucher.channel).claim(payout, voucher)
        assert not result.aborted
        claimed = PaymentChannel(chain, voucher.channel).state().claimed
    finally:
        chain.close()
    status, after = get(net, "/v1/providers/local/earnings")
    assert status == 200
    assert after["paid"] == claimed == voucher.cumulative == body["vouchered"]
    assert after["deposit"] == body["deposit"]


# -- without settlement: the ledger's figures alone ----------------------------------------------


def test_earnings_without_settlement_are_the_ledgers(tmp_path: Path):
    with running_network(tmp_path / "home", settlement=False) as n:
        n.client().invoke("echo", {"x": 1})
        status, body = get(n, "/v1/providers/local/earnings", n.provider_key)
        assert status == 200, body
        assert body == {"provider": "local", "calls": 1, "gross": 1000, "fee": 0, "owed": 0,
                        "vouchered": 0, "paid": 0, "deposit": 0, "channel": None}
