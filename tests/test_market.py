"""The market: each call's price fixed by the gateway at route time (the provider's quoted price
under its load), routing by price and expected wait with failures and evidence freshness, and a
max price under every offer refused with the lowest price named, nothing reserved or charged.

Unit tests drive the router's formulas; the rest run on tests/harness.py's Ray-free network
(real HTTP, real crypto, real SQLite)."""

from __future__ import annotations

import os
import random
import time

import pytest
from harness import extra_provider, running_network

from cocoon.platform.router import (
    EVIDENCE_MAX_AGE_S,
    FAILURE_MEMORY_S,
    MAX_LOAD_FACTOR,
    Quote,
    Router,
    effective_price,
    score,
)
from cocoon.platform.sdk.client import quoted_ceiling
from cocoon.runtime.backends import InProcessBackend
from cocoon.runtime.envelope import (
    RuntimeKeys,
    check_receipt,
    response_digest,
    seal_chunk,
    sign_receipt,
)
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import (
    CHUNK_FINAL,
    RoutingHeader,
    UsageReceipt,
    decode_response,
    encode_response,
)

NOW_MS = 1_800_000_000_000


# -- prices and ranking (unit) -----------------------------------------------------------------


def test_the_load_factor_rises_with_load_and_is_capped():
    assert effective_price(1000, 0, 8) == 1000  # idle: the quoted price
    assert effective_price(1000, 4, 8) == 1250
    assert effective_price(1000, 8, 8) == 1500  # every slot busy
    assert effective_price(1000, 16, 8) == 1000 * MAX_LOAD_FACTOR
    assert effective_price(1000, 1000, 8) == 1000 * MAX_LOAD_FACTOR  # the cap
    assert effective_price(1001, 1, 8) == 1064  # rounded up: never below the formula
    assert effective_price(0, 5, 1) == 0
    prices = [effective_price(700, n, 3) for n in range(10)]
    assert prices == sorted(prices)


def test_ranking_weighs_price_expected_wait_failures_and_evidence_age():
    router = Router()
    fresh = NOW_MS - 1000
    quotes = {"cheap": Quote(1000, 8, fresh), "dear": Quote(1500, 8, fresh)}
    assert [p for p, _ in router.rank(quotes, now_ms=NOW_MS)] == ["cheap", "dear"]
    # a long queue at the cheap one: its expected wait (in flight x latency) outweighs price
    for _ in range(4):
        router.started("cheap")
    router.finished("cheap", ok=True, latency_ms=2000)
    ranked = router.rank(quotes, now_ms=NOW_MS)
    assert [p for p, _ in ranked] == ["dear", "cheap"]
    assert dict(ranked)["cheap"] == effective_price(1000, 3, 8)  # priced under its load
    # a failure sends a provider after a healthy one, even a dearer one
    r2 = Router()
    r2.penalize("cheap")
    assert [p for p, _ in r2.rank(quotes, now_ms=NOW_MS)] == ["dear", "cheap"]
    # older evidence ranks lower at the same price; stale evidence is not routed at all
    old = NOW_MS - int(EVIDENCE_MAX_AGE_S * 1000 / 2)
    same = {"old": Quote(1000, 8, old), "new": Quote(1000, 8, fresh)}
    assert [p for p, _ in Router().rank(same, now_ms=NOW_MS)] == ["new", "old"]
    stale = {"stale": Quote(1, 8, NOW_MS - int(EVIDENCE_MAX_AGE_S * 1000) - 1)}
    assert Router().rank(stale, now_ms=NOW_MS) == []
    # the max price: only those whose effective price x max_units fits
    assert Router().rank(quotes, max_price=10_000, max_units=8, now_ms=NOW_MS) == [
        ("cheap", 1000)]


def test_failures_fade():
    router = Router()
    router.penalize("p")
    assert router.recent_failures("p") == 1
    assert router.recent_failures("p", now=time.monotonic() + FAILURE_MEMORY_S + 1) == 0


def test_ranking_is_the_score_order_under_random_load_and_failures():
    """Under random starts, finishes, failures: rank gives the candidates under the max price
    in the order of their scores, computed here from the router's recorded state."""
    rng = random.Random(7)
    router = Router()
    ids = [f"p{i}" for i in range(300)]
    quotes = {pid: Quote(rng.choice([500, 1000, 1500, 2000]), rng.randint(1, 16),
                         NOW_MS - rng.randint(0, 48 * 3600_000)) for pid in ids}
    for step in range(2000):
        pid = rng.choice(ids)
        event = rng.random()
        if event < 0.45:
            router.started(pid)
        elif event < 0.9:
            router.finished(pid, ok=rng.random() > 0.05, latency_ms=rng.uniform(1, 500))
        else:
            router.penalize(pid)
        if step % 100 == 0:
            sealed = {p: quotes[p] for p in rng.sample(ids, 30)}
            ranked = router.rank(sealed, max_price=3000, max_units=1, now_ms=NOW_MS)
            expected = []
            for p, q in sealed.items():
                in_flight, latency = router.load(p)
                price = effective_price(q.price, in_flight, q.slots)
                if price <= 3000:
                    expected.append((score(price, in_flight, latency, router.recent_failures(p),
                                           (NOW_MS - q.evidence_ms) // 3600_000), p, price))
            assert [(p, price) for _, p, price in sorted(expected)] == ranked
            assert ranked and all(price <= 3000 for _, price in ranked)


# -- receipts: the client takes the gateway's price, the gateway its own -----------------------


def test_check_receipt_at_the_gateways_price_or_any_price_within_max():
    keys = RuntimeKeys.generate()
    h = RoutingHeader(function="f", version=1, digest="ab" * 32, client="acct_1", max_price=3000,
                      request_id=os.urandom(16).hex(), timestamp_ms=1)
    chunk = seal_chunk(os.urandom(32), h.request_id, 0, CHUNK_FINAL, b"out").encode()

    def frame(unit_price: int, units: int = 2):
        r = UsageReceipt(request_id=h.request_id, client="acct_1", function="f",
                         function_digest=h.digest, provider="p", units=units,
                         unit_price=unit_price, amount=units * unit_price, time_ms=1,
                         outcome="ok", response_digest=response_digest(chunk), simulated=True)
        return decode_response(encode_response(sign_receipt(r, keys.signing), chunk))

    check = dict(header=h, provider="p", signers={keys.signing_public.hex()}, max_units=4)
    assert check_receipt(frame(1200), unit_price=None, **check).amount == 2400  # the client
    assert check_receipt(frame(1200), unit_price=1200, **check).unit_price == 1200  # gateway
    for bad, price in ((frame(1200), 1000), (frame(1600), None)):  # not authorised; > max
        with pytest.raises(CocoonError) as exc:
            check_receipt(bad, unit_price=price, **check)
        assert exc.value.code == "provider_failed"


# -- on a network ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    with running_network(tmp_path_factory.mktemp("market-home")) as net, extra_provider(
        net, "dear", InProcessBackend(), price_multiplier=3.0
    ):
        yield net


def receipts(net) -> int:
    return len(net.state.ledger.receipts(net.client().account().id, limit=10_000))


def test_a_max_price_under_every_offer_is_refused_naming_the_lowest_and_nothing_is_charged(
        market):
    client = market.client()
    before, held = client.account(), receipts(market)
    with pytest.raises(CocoonError) as exc:
        client.invoke("echo", {"x": 1}, max_price=999)  # local: 1000, dear: 3000
    assert exc.value.code == "price_above_max" and exc.value.status == 402
    assert "1000 nTON per unit" in exc.value.message  # the lowest effective price on offer
    after = client.account()
    assert (after.charged, after.reserved) == (before.charged, 0)
    assert receipts(market) == held
    # at exactly the lowest price it runs, on the cheapest provider
    ok = client.invoke("echo", {"x": 2}, max_price=1000)
    assert ok.receipt.provider == "local" and ok.receipt.amount == 1000


def test_the_default_max_price_leaves_room_for_the_load_factor(market):
    client = market.client()
    _, offers = client.offers("echo", refresh=True)
    by = {v.offer.provider: v.offer for v in offers}
    assert by["local"].quoted_price == 1000 and by["dear"].quoted_price == 3000
    # the default max price: max_units at the dearest chosen offer at the load factor's cap
    assert quoted_ceiling(by["dear"]) == 3000 * MAX_LOAD_FACTOR
    result = client.invoke("echo", {"n": 1})
    assert result.receipt.provider == "local"
    assert result.receipt.unit_price == 1000  # idle: the quoted price


def test_offers_show_the_effective_price_and_calls_are_charged_it(market):
    gw = market.state
    client = market.client()
    for _ in range(8):  # the local provider busy (8 calls in flight through this gateway)
        gw.router.started("local")
    try:
        _, offers = client.offers("echo", refresh=True)
        local = next(v.offer for v in offers if v.offer.provider == "local")
        assert local.quoted_price == 1000 and local.unit_price == effective_price(1000, 8, 8)
        result = client.invoke("echo", {"busy": True}, max_price=2000)
        assert result.receipt.provider == "local"  # 1500 still beats 3000
        assert result.receipt.unit_price == 1500 and result.receipt.amount == 1500
    finally:
        for _ in range(8):
            gw.router.finished("local", ok=True, latency_ms=0.0)


def test_cocoon_providers_shows_the_market(market):
    """`cocoon providers` (and --json): effective prices, load, latency, evidence status and
    age, functions, state and what each provider earned (from the ledger)."""
    import json

    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app

    client = market.client()
    client.invoke("echo", {"paid": 1})
    earned = {}
    for r in market.state.ledger.receipts(client.account().id, limit=10_000):
        earned[r.receipt.provider] = earned.get(r.receipt.provider, 0) + r.receipt.amount
    out = CliRunner().invoke(app, ["providers", "--json"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    rows = {p["id"]: p for p in json.loads(out.output)}
    local, dear = rows["local"], rows["dear"]
    assert local["prices"] == {"echo": 1000} and dear["prices"] == {"echo": 3000}
    assert local["in_flight"] == 0 and local["latency_ms"] > 0
    assert local["state"] == "active" and local["functions_ready"] == 1
    assert 0 <= local["evidence_age_s"] < 600 and local["simulated"]
    assert local["earned"] == earned["local"] and local["calls"] >= 1
    assert dear["earned"] == earned.get("dear", 0)
    shown = CliRunner().invoke(app, ["providers"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    for text in ("x1: echo 1000", "x3: echo 3000", "simulated (simulated", "active", "TON"):
        assert text in shown.output, text


def test_cocoon_invoke_max_price(market):
    """`cocoon invoke --max-price N`: under every offer, the lowest price is named and nothing
    is charged; at it, the call runs."""
    import json

    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app

    before = market.client().account()
    out = CliRunner().invoke(app, ["invoke", "echo", "-d", "{}", "--max-price", "10", "--json"],
                             env={"COLUMNS": "200"})
    assert out.exit_code != 0
    assert "price_above_max" in out.output and "1000 nTON per unit" in out.output
    assert market.client().account().charged == before.charged
    ok = CliRunner().invoke(app, ["invoke", "echo", "-d", '{"a": 1}', "--max-price", "1000",
                                  "--json"], env={"COLUMNS": "200"})
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["receipt"]["receipt"]["amount"] == 1000


def test_a_live_price_change_applies_to_the_next_call_without_a_restart(market):
    client = market.client()
    invoker = market.backend.functions[next(iter(market.backend.functions))].invoker
    started_at = invoker.function.unit_price
    with market.http(market.provider_key) as http:
        resp = http.post("/v1/providers/local/price", json={"price_multiplier": 4.0})
        assert resp.status_code == 200, resp.text
    try:
        result = client.invoke("echo", {"after": "change"}, max_price=10_000)
        assert result.receipt.provider == "dear"  # local is now the dearer one
        _, offers = client.offers("echo", refresh=True)
        assert {v.offer.provider: v.offer.quoted_price for v in offers}["local"] == 4000
        gw = market.state
        for _ in range(100):  # make the dear one slow and busy: local is chosen, at 4000
            gw.router.started("dear")
        try:
            busy = client.invoke("echo", {"x": 3}, max_price=8_000)
        finally:
            for _ in range(100):
                gw.router.finished("dear", ok=True, latency_ms=0.0)
        assert busy.receipt.provider == "local" and busy.receipt.unit_price == 4000
        assert invoker.function.unit_price == started_at  # the replica was not restarted
    finally:
        with market.http(market.provider_key) as http:
            http.post("/v1/providers/local/price", json={"price_multiplier": 1.0})
