"""`cocoon provider join | leave | price`, the provider's own commands, against a live (Ray-free)
network: join's checks fail fast and clearly before any Ray cluster starts (gateway
unreachable, key refused or missing, id online already) and never print the key; `price` and
`leave` call the gateway's routes with the provider key (contracts 1 and 2); `leave` of an
agent detached on this machine stops it (here a stand-in process: the real agent with its Ray
cluster is tried in test_local_networks.py)."""

from __future__ import annotations

import json
import sys

import pytest
from harness import extra_provider, free_port
from typer.testing import CliRunner

from cocoon.platform import supervisor
from cocoon.platform.cli import provider_agent
from cocoon.platform.cli.main import app
from cocoon.platform.cli.provider_agent import DetachedAgent
from cocoon.runtime import config
from cocoon.runtime.backends import InProcessBackend

runner = CliRunner()


@pytest.fixture
def home(network, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(network.home))
    monkeypatch.delenv("COCOON_PROVIDER_TOKEN", raising=False)
    return network.home


def run(*args: str, env: dict[str, str] | None = None):
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    assert "Traceback" not in result.output
    return result


def test_join_says_when_the_gateway_is_unreachable(home):
    url = f"http://127.0.0.1:{free_port()}"
    result = run("provider", "join", "--gateway", url, "--token", "ck_p_x", "--id", "p9")
    assert result.exit_code == 1
    assert "gateway_unreachable" in result.stderr and url in result.stderr


def test_join_refuses_a_bad_or_missing_key_without_printing_it(home, network):
    secret = "ck_p_" + "s3cr3t" * 8
    result = run("provider", "join", "--gateway", network.gateway_url, "--token", secret,
                 "--id", "p9", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    err = json.loads(result.stderr)["error"]
    assert err["code"] == "unauthorized" and "401" in err["message"]
    assert secret not in result.output
    config.write_section("provider", {**config.read_file()["provider"], "token": ""})
    try:
        result = run("provider", "join", "--id", "p9")
        assert result.exit_code == 1 and "no provider key" in result.stderr
    finally:
        config.write_section("provider", {**config.read_file()["provider"],
                                          "token": network.provider_key})


def test_join_refuses_an_id_already_online(home, network):
    """The key comes from COCOON_PROVIDER_TOKEN (accepted: the id check comes after)."""
    result = run("provider", "join", "--id", "local", "--gateway", network.gateway_url,
                 env={"COCOON_PROVIDER_TOKEN": network.provider_key})
    assert result.exit_code == 1
    assert "conflict" in result.stderr and "online" in result.stderr
    assert network.provider_key not in result.output


def test_price_changes_the_multiplier_live(home, network):
    result = run("provider", "price", "local", "2.5", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"id": "local", "price_multiplier": 2.5}
    listed = json.loads(run("providers", "--json").stdout)
    assert next(p for p in listed if p["id"] == "local")["price_multiplier"] == 2.5
    assert "x1.5" in run("provider", "price", "local", "1.5").stdout
    bad = run("provider", "price", "local", "0")
    assert bad.exit_code != 0 and "bad_request" in bad.stderr
    run("provider", "price", "local", "1")


def test_leave_drains_and_stops_the_agent_detached_here(home, network):
    """`leave` posts the drain with the provider key, then stops the local agent recorded
    for the id (a stand-in that never exits by itself: stopped after --timeout)."""
    with network.http() as http:
        key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    stand_in = supervisor.spawn([sys.executable, "-c", "import time; time.sleep(120)"],
                                home / "stand-in.out", {}, "agent/leaver/test")
    record = DetachedAgent(id="leaver", gateway_url=network.gateway_url, proc=stand_in,
                           marker="agent/leaver/test", log="-", out="-")
    with extra_provider(network, "leaver", InProcessBackend(), 1.0):
        provider_agent._save(record)
        result = run("provider", "leave", "leaver", "--token", key, "--timeout", "1",
                     "--json")
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        assert out["id"] == "leaver" and out["state"] in ("draining", "left")
        assert out["agent_stopped"] is True
    assert not stand_in.alive() and provider_agent.detached("leaver") is None
    missing = run("provider", "leave", "nobody", "--token", key)
    assert missing.exit_code == 1 and "unknown_provider" in missing.stderr


def test_the_commands_are_in_the_provider_group():
    text = run("provider", "--help").stdout
    for command in ("join", "leave", "price", "approve", "suspend", "list"):
        assert command in text


def test_a_detached_agent_that_exits_at_start_is_reported_by_its_error(tmp_path):
    """The agent's last line (an uncaught CocoonError) becomes the command's error."""
    out = tmp_path / "agent.out"
    out.write_text("Traceback (most recent call last):\n  ...\n"
                   "cocoon.runtime.errors.CocoonError: forbidden: provider id 'p' is taken\n")
    agent = DetachedAgent(id="p", gateway_url="http://127.0.0.1:1",
                          proc=supervisor.Proc(pid=1, start=0, started_ms=0), marker="agent/p/x",
                          log=str(tmp_path / "agent.log"), out=str(out))
    err = provider_agent._refused(provider_agent._exit_reason(agent), "p")
    assert err.code == "forbidden" and "another account" in err.message
    out.write_text("Segmentation fault\n")
    err = provider_agent._refused(provider_agent._exit_reason(agent), "p")
    assert err.code == "internal" and "Segmentation fault" in err.message


def test_up_takes_one_to_sixteen_providers(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path / "never"))
    result = run("up", "--providers", "0", "--detach")
    assert result.exit_code == 2 and "bad_request" in result.stderr
    assert "--providers" in run("up", "--help").stdout
    assert not (tmp_path / "never").exists()
