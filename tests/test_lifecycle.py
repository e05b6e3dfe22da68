"""The provider lifecycle with real agents (the harness's Ray-free network): a stuck deploy
fails alone after its deadline while the provider stays online and its other functions serve;
a provider gone stale has its versions placed elsewhere; a leaving provider drains and exits;
delete, rollback and a live price change through the routes."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import TEMPLATES, Network, approve, running_network, start_network

from cocoon.platform import registry as registry_module
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend
from cocoon.runtime.errors import CocoonError

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def wait_for(predicate, timeout: float = 20, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while not (out := predicate()):
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)
    return out


def join(net: Network, provider_id: str, **settings) -> tuple[ProviderAgent, threading.Thread]:
    """Another provider agent (its own key, in-process backend), approved."""
    with net.http() as http:
        key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    agent = ProviderAgent(AgentSettings(id=provider_id, gateway_url=net.gateway_url, token=key,
                                        allow_simulated=True, **settings),
                          backend=InProcessBackend())
    thread = threading.Thread(target=agent.run, daemon=True)
    thread.start()
    approve(net, provider_id)
    return agent, thread


def placements(net: Network, name: str) -> dict[str, tuple[str, str]]:
    return {p.provider: (p.state, p.detail) for p in net.client().describe(name).placements}


def copy_echo(tmp_path: Path, name: str, body: str = "payload") -> Path:
    folder = tmp_path / name
    shutil.copytree(TEMPLATES / "echo", folder, dirs_exist_ok=True)
    toml = (folder / "cocoon.toml").read_text().replace('name = "echo"', f'name = "{name}"')
    (folder / "cocoon.toml").write_text(toml)
    (folder / "main.py").write_text("from cocoon.runtime import function\n\n\n@function\n"
                                    f"def echo(payload):\n    return {body}\n")
    return folder


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> Iterator[Network]:
    with running_network(tmp_path_factory.mktemp("lifecycle")) as network:
        network.agent.settings.deploy_timeout_s = 3.0
        yield network


def test_a_stuck_deploy_fails_alone_and_the_provider_stays_online(net):
    client = net.client()
    out = client.deploy(FIXTURES / "slow_import")  # its import takes 20 s; the deadline is 3
    started = time.monotonic()
    served = 0
    while placements(net, "slow-import").get("local", ("",))[0] != "failed":
        assert client.invoke("echo", {"n": served}).output == {"n": served}  # others serve
        served += 1
        with net.http() as http:
            assert all(p["online"] for p in http.get("/v1/providers").json())
        assert time.monotonic() - started < 20, "the stuck deploy never failed"
    _, detail = placements(net, "slow-import")["local"]
    assert detail.startswith("not ready after 3 s"), detail
    assert served > 3
    with pytest.raises(CocoonError) as err:
        client.wait_served(out.name, out.digest, timeout_s=5)
    assert err.value.code == "provider_failed" and "not ready after 3 s" in err.value.message
    assert client.invoke("echo", "after").output == "after"


def test_delete_and_rollback(net, tmp_path):
    client = net.client()
    v1 = client.deploy(copy_echo(tmp_path / "1", "versions", "{'v': 1}"))
    client.wait_served("versions", v1.digest, timeout_s=20)
    v2 = client.deploy(copy_echo(tmp_path / "2", "versions", "{'v': 2}"))
    client.wait_served("versions", v2.digest, timeout_s=20)
    assert wait_for(lambda: placements(net, "versions") == {"local": ("ready", "")})
    wait_for(lambda: v1.digest[:16] not in net.backend.functions, what="v1 retired")
    with net.http() as http:
        resp = http.post("/v1/functions/versions/rollback", json={"version": None})
        assert resp.status_code == 200 and resp.json()["version"] == 1
        client.wait_served("versions", v1.digest, timeout_s=20)
        wait_for(lambda: client.invoke("versions", {}).output == {"v": 1}, what="v1 serves")
        wait_for(lambda: v2.digest[:16] not in net.backend.functions, what="v2 retired")
        assert http.post("/v1/functions/versions/rollback",
                         json={"version": 7}).json()["error"]["code"] == "not_found"
    with net.http() as http:
        resp = http.delete("/v1/functions/versions")
        assert resp.status_code == 200 and resp.json() == {"name": "versions", "deleted": True}
        resp = http.get("/v1/functions/versions")
        assert resp.status_code == 404 and resp.json()["error"]["code"] == "unknown_function"
        assert "versions" not in {f["name"] for f in http.get("/v1/functions").json()}
        assert http.delete("/v1/functions/versions").json()["error"]["code"] == \
            "unknown_function"
    wait_for(lambda: not {v1.digest[:16], v2.digest[:16]} & set(net.backend.functions),
             what="every version retired")
    with pytest.raises(CocoonError) as err:
        client.invoke("versions", {})
    assert err.value.code == "unknown_function"


def test_live_price(net):
    client = net.client()
    before = {o.offer.provider: o.offer.unit_price
              for o in client.offers("echo", refresh=True)[1]}["local"]
    with net.http(net.provider_key) as http:
        resp = http.post("/v1/providers/local/price", json={"price_multiplier": 3})
        assert resp.status_code == 200 and resp.json() == {"id": "local", "price_multiplier": 3}
        for bad in (0, 101, "x"):
            resp = http.post("/v1/providers/local/price", json={"price_multiplier": bad})
            assert resp.status_code == 400, bad
    after = {o.offer.provider: o.offer.unit_price
             for o in client.offers("echo", refresh=True)[1]}["local"]
    assert after == before * 3
    with net.http() as http:
        client_key = http.post("/v1/keys", json={"role": "client"}).json()["key"]
    with net.http(client_key) as http:  # a client key is not the provider's
        assert http.post("/v1/providers/local/price",
                         json={"price_multiplier": 1}).status_code == 403
    with net.http(net.provider_key) as http:
        assert http.post("/v1/providers/local/price", json={"price_multiplier": 1}).is_success


def test_leave_drains_and_exits(net):
    agent, thread = join(net, "leaver")
    client = net.client()
    wait_for(lambda: "leaver" in {o.offer.provider for o in
                                  client.offers("echo", refresh=True)[1]}, what="leaver serves")
    with net.http(agent.settings.token) as http:
        resp = http.post("/v1/providers/leaver/leave")
        assert resp.status_code == 200 and resp.json() == {"id": "leaver", "state": "draining"}
    assert "leaver" not in {o.offer.provider for o in client.offers("echo", refresh=True)[1]}
    thread.join(timeout=20)
    assert not thread.is_alive() and agent.left  # drained, told the gateway, returned
    registry = net.state.registry
    assert registry.provider("leaver").state == "left"
    assert client.invoke("echo", "still").output == "still"  # local serves on
    with net.http() as http:
        client_key = http.post("/v1/keys", json={"role": "client"}).json()["key"]
    with net.http(client_key) as http:  # a client's key may not make a provider leave
        assert http.post("/v1/providers/local/leave").status_code == 403
    agent.shutdown()


def test_a_leave_survives_the_agent_registering_again(net):
    """The agent dies, the owner makes it leave, a supervisor restarts the agent before any
    drain: its registration does not undo the leave; its first poll says drain, it exits,
    and the provider has left. A provider that left and joins again is active."""
    first, thread = join(net, "phoenix")
    wait_for(lambda: "phoenix" in {o.offer.provider for o in
                                   net.client().offers("echo", refresh=True)[1]},
             what="phoenix serves")
    first.shutdown()
    thread.join(timeout=20)
    with net.http(first.settings.token) as http:
        assert http.post("/v1/providers/phoenix/leave").json()["state"] == "draining"
    registry = net.state.registry

    def restarted() -> tuple[ProviderAgent, threading.Thread]:
        agent = ProviderAgent(first.settings.model_copy(), backend=InProcessBackend())
        return agent, threading.Thread(target=agent.run, daemon=True)

    again, thread = restarted()
    thread.start()
    wait_for(lambda: registry.provider("phoenix").endpoint != first.backend.endpoint(),
             what="the restarted agent registered")
    thread.join(timeout=20)
    assert not thread.is_alive() and again.left
    assert registry.provider("phoenix").state == "left"
    back, thread = restarted()  # joining after leaving: active again
    thread.start()
    wait_for(lambda: registry.provider("phoenix").state == "active", what="active again")
    with net.http(first.settings.token) as http:  # and gone for good: it holds nothing more
        http.post("/v1/providers/phoenix/leave").raise_for_status()
    thread.join(timeout=20)
    assert not thread.is_alive() and back.left and registry.provider("phoenix").state == "left"


def test_a_stale_provider_is_replaced(tmp_path, monkeypatch):
    """Heartbeats stop (the agent is gone): within the stale window the platform places its
    version on another provider, which serves it."""
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    monkeypatch.setattr(registry_module, "PROVIDER_STALE_MS", 2000)
    net = start_network(tmp_path)
    try:
        net.agent.shutdown()  # this test's providers are the two below
        net.state.registry.placement_target = 1
        agents = dict(join(net, pid, heartbeat_s=0.3) for pid in ("p-one", "p-two"))
        by_id = {a.settings.id: a for a in agents}
        client = net.client()
        out = client.deploy(copy_echo(tmp_path / "solo", "solo"))
        client.wait_served("solo", out.digest, timeout_s=20)
        [holder] = [p for p, (s, _) in placements(net, "solo").items() if s == "ready"]
        other = ({"p-one", "p-two"} - {holder}).pop()
        by_id[holder].shutdown()
        wait_for(lambda: placements(net, "solo").get(other, ("",))[0] == "ready",
                 timeout=15, what="re-placed on the other provider")
        assert wait_for(lambda: client.invoke("solo", {"k": 1}).output == {"k": 1})
        assert {o.offer.provider for o in client.offers("solo", refresh=True)[1]} == {other}
        by_id[other].shutdown()
    finally:
        net.stop()


def test_the_cli_deletes_and_rolls_back(net, tmp_path):
    """`cocoon functions` shows each placement; `cocoon rollback` and `cocoon delete`."""
    import json

    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app

    def cocoon(*args: str):
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})
        assert "Traceback" not in result.output
        return result

    client = net.client()
    for body in ("1", "2"):
        out = client.deploy(copy_echo(tmp_path / body, "clif", body))
        client.wait_served("clif", out.digest, timeout_s=20)
    listed = cocoon("functions")
    assert listed.exit_code == 0 and "local: ready" in listed.output, listed.output
    out = cocoon("rollback", "clif", "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["version"] == 1
    out = cocoon("rollback", "clif", "2")
    assert out.exit_code == 0 and "runs v2" in out.output, out.output
    assert cocoon("delete", "clif", "--yes").exit_code == 0
    gone = cocoon("delete", "clif", "--yes", "--json")
    assert gone.exit_code != 0 and "unknown_function" in gone.output
    assert "clif" not in cocoon("functions").output


def test_an_init_that_raises_fails_with_its_reason(net, tmp_path):
    folder = copy_echo(tmp_path, "broken")
    (folder / "main.py").write_text("raise RuntimeError('no model file')\n")
    client = net.client()
    out = client.deploy(folder)
    with pytest.raises(CocoonError) as err:
        client.wait_served(out.name, out.digest, timeout_s=20)
    assert err.value.code == "provider_failed" and "local: " in err.value.message
    state, detail = placements(net, "broken")["local"]
    assert state == "failed" and "no model file" in detail, detail
    assert client.invoke("echo", 1).output == 1
