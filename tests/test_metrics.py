"""Prometheus metrics: the gateway's /metrics and the provider agent's listener, scraped over
real HTTP from the Ray-free network after real invocations."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
from harness import approve, free_port, running_network
from prometheus_client.parser import text_string_to_metric_families

from cocoon.platform.gateway.app import create_app
from cocoon.platform.gateway.metrics import GatewayMetrics
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.settlement.models import SettlementReport
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend
from cocoon.runtime.metrics import AgentMetrics


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    with running_network(tmp_path_factory.mktemp("metrics"), settle_interval_s=0.5) as net:
        yield net


def scrape(net) -> str:
    with net.http(None) as http:  # no API key: loopback callers may scrape
        resp = http.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain; version=")
    return resp.text


def test_invocation_counted_by_function_provider_outcome(net):
    ok = dict(function="echo", provider="local", outcome="ok")
    before = scrape(net)
    assert net.client().invoke("echo", {"n": 1}).output == {"n": 1}
    after = scrape(net)
    assert value(after, "cocoon_invocations_total", **ok) == \
        value(before, "cocoon_invocations_total", **ok) + 1
    count = "cocoon_invoke_duration_seconds_count"
    assert value(after, count, function="echo", result="ok") == \
        value(before, count, function="echo", result="ok") + 1
    fwd = "cocoon_forward_duration_seconds_count"
    assert value(after, fwd, provider="local", result="ok") >= 1
    assert value(after, "cocoon_invocations_in_flight") == 0
    assert value(after, "cocoon_forwards_in_flight", provider="local") == 0


def test_unknown_names_do_not_become_labels(net):
    with net.http() as http:
        resp = http.post("/v1/functions/made-up-name/invoke", content=b"not an envelope",
                         headers={"content-type": "application/octet-stream"})
    assert resp.status_code == 400
    text = scrape(net)
    assert "made-up-name" not in text
    code = resp.json()["error"]["code"]
    assert value(text, "cocoon_invocations_total", function="other", provider="",
                 outcome=code) >= 1


def test_settlement_pass_sets_debt_and_totals(net):
    net.client().invoke("echo", {"n": 2})
    deadline = time.monotonic() + 20
    while "cocoon_settlement_claimed_nanotons" not in (text := scrape(net)):
        assert time.monotonic() < deadline, "no settlement pass was observed"
        time.sleep(0.2)
    assert value(text, "cocoon_unvouchered_debt_nanotons") >= 0
    assert value(text, "cocoon_settlement_gas_nanotons_total") >= 0


def test_settlement_report_feeds_the_gauges():
    m = GatewayMetrics()
    report = SettlementReport(ledger_seq=1, ledger_total=9, onchain_messages=2, gas=5,
                              claimed_from_clients=70, paid_to_providers=60,
                              unvouchered={"a": 3, "b": 4}, shortfall={"c": 1})
    m.settled(report)
    m.settled(report.model_copy(update={"gas": 6, "unvouchered": {}}))
    text = m.exposition().decode()
    assert value(text, "cocoon_settlement_gas_nanotons_total") == 11
    assert value(text, "cocoon_settlement_messages_total") == 4
    assert value(text, "cocoon_unvouchered_debt_nanotons") == 0
    assert value(text, "cocoon_settlement_shortfall_nanotons") == 1
    assert value(text, "cocoon_settlement_claimed_nanotons") == 70
    assert value(text, "cocoon_settlement_paid_nanotons") == 60


def test_each_gateway_has_its_own_registry():
    a, b = GatewayMetrics(), GatewayMetrics()
    a.invoked("echo", "p", "ok", 0.01)
    assert value(a.exposition().decode(), "cocoon_invocations_total",
                 function="echo", provider="p", outcome="ok") == 1
    assert "echo" not in b.exposition().decode()


def test_non_loopback_callers_need_the_metrics_token(tmp_path):
    # An in-process ASGI call is the one way to arrive from a non-loopback address here
    # (tests use 127.0.0.1 only): httpx's ASGITransport with a documentation-range client.
    settings = GatewaySettings(database=tmp_path / "p.db", settlement=False,
                               metrics_token="s3cret")
    app = create_app(settings)

    async def scrape_from_afar() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as http:
                return [await http.get("/metrics", headers=h) for h in
                        ({}, {"authorization": "Bearer nope"},
                         {"authorization": "Bearer s3cret"})]

    denied, wrong, ok = asyncio.run(scrape_from_afar())
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
    assert wrong.status_code == 403
    assert ok.status_code == 200 and "cocoon_invocations_in_flight" in ok.text


def test_agent_listener_reports_deployments_polls_and_apply_latency(net):
    with net.http() as http:
        key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    agent = ProviderAgent(AgentSettings(id="metered", gateway_url=net.gateway_url, token=key,
                                        allow_simulated=True, metrics_port=0),
                          backend=InProcessBackend())
    threading.Thread(target=agent.run, daemon=True).start()
    try:
        approve(net, "metered")  # a new provider gets work once an operator approves it
        deadline = time.monotonic() + 20
        while agent.metrics_server is None or value(
                agent.metrics.exposition().decode(), "cocoon_agent_deployments",
                state="ready") < 1:
            assert time.monotonic() < deadline, "the agent never deployed echo"
            time.sleep(0.05)
        host, port = agent.metrics_server.server_address[:2]
        assert host == "127.0.0.1" and port > 0
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", trust_env=False).text
        assert value(text, "cocoon_agent_deployments", state="ready") == 1
        assert value(text, "cocoon_agent_deployments", state="failed") == 0
        assert value(text, "cocoon_agent_registrations_total") == 1
        assert value(text, "cocoon_agent_apply_duration_seconds_count", result="ok") == 1
        while value(agent.metrics.exposition().decode(), "cocoon_agent_polls_total",
                    result="ok") < 1:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        agent.shutdown()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/metrics", trust_env=False, timeout=2)


def test_agent_metrics_off_by_default_and_states_follow_reports():
    assert AgentSettings().metrics_port is None
    m = AgentMetrics()
    m.placed("d1", "ready")
    m.placed("d2", "failed")
    m.placed("d1", "retired")
    text = m.exposition().decode()
    assert value(text, "cocoon_agent_deployments", state="ready") == 0
    assert value(text, "cocoon_agent_deployments", state="failed") == 1


def test_agent_metrics_port_is_configurable(monkeypatch, tmp_path):
    from cocoon.runtime import config

    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    port = free_port()
    monkeypatch.setenv("COCOON_PROVIDER_METRICS_PORT", str(port))
    assert config.load(AgentSettings, "provider").metrics_port == port
