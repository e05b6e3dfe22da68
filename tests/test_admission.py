"""Who may be a provider: an operator approves providers; an unapproved one gets no
assignments, no bundles and no traffic; the platform places each version on a few admitted
providers only; endpoints are checked and the gateway never follows a provider's redirect."""

from __future__ import annotations

import base64
import http.server
import threading
import time
from pathlib import Path

import httpx
import pytest
from harness import ServerThread, free_port, running_network

from cocoon.platform.db import Database
from cocoon.platform.gateway.app import create_app
from cocoon.platform.gateway.endpoints import check_endpoint
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.registry import ProviderInfo, Registry
from cocoon.runtime import config
from cocoon.runtime.attestation import key_binding, simulated
from cocoon.runtime.envelope import RuntimeKeys
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import Manifest, bundle_files, load_folder
from cocoon.runtime.wire import ProviderRegistration

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def registration(provider_id: str, endpoint: str = "http://127.0.0.1:9",
                 price_multiplier: float = 1.0) -> str:
    keys = RuntimeKeys.generate()
    return ProviderRegistration(
        id=provider_id, endpoint=endpoint, hpke_public=keys.hpke_public.hex(),
        signing_public=keys.signing_public.hex(),
        evidence=[simulated.produce(key_binding(keys.hpke_public, keys.signing_public))],
        price_multiplier=price_multiplier,
    ).model_dump_json()


def error_code(resp: httpx.Response) -> str:
    return resp.json()["error"]["code"]


# -- the attack from the issue, through the gateway ----------------------------------------------


def test_a_client_minted_provider_is_inert_until_an_operator_approves_it(network):
    operator = config.read_file()["operator"]["api_key"]
    with network.http() as http:
        client_key = http.post("/v1/keys", json={"role": "client"}).json()["key"]
    with network.http(client_key) as http:  # an ordinary client key mints a provider key...
        rogue_key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    with network.http(rogue_key) as http:  # ...and registers a provider at 0.01x
        resp = http.post("/v1/providers", content=registration("rogue", price_multiplier=0.01))
        assert resp.status_code == 201 and resp.json()["approved"] is False
        # no assignments, so no bundle, however long it polls
        assert http.get("/v1/providers/rogue/assignments",
                        params={"wait": 0.2}).json()["assignments"] == []
        # it cannot make itself ready for a version it was never given
        digest = network.client().describe("echo").digest
        resp = http.post("/v1/providers/rogue/placements",
                         json={"digest": digest, "state": "ready", "detail": ""})
        assert resp.status_code == 403 and error_code(resp) == "forbidden"
        # nor approve itself
        assert error_code(http.post("/v1/providers/rogue/approve")) == "forbidden"
    client = network.client()
    assert "rogue" not in {p.id for p in client.providers()}  # clients see admitted ones only
    assert {o.offer.provider for o in client.offers("echo", refresh=True)[1]} == {"local"}
    for key in ("client", client_key, network.provider_key):  # admin keys are not operators
        with network.http(key) as http:
            assert error_code(http.post("/v1/providers/rogue/approve")) == "forbidden"
    with network.http(operator) as http:
        pending = http.get("/v1/providers", params={"pending": 1}).json()
        assert [(p["id"], p["approved"]) for p in pending] == [("rogue", False)]
        assert error_code(http.post("/v1/providers/nobody/approve")) == "unknown_provider"
        assert http.post("/v1/providers/rogue/approve").json() == {"id": "rogue",
                                                                    "approved": True}
        assert http.get("/v1/providers", params={"pending": 1}).json() == []
    with network.http(rogue_key) as http:  # approved: the platform places echo on it now
        [assignment] = http.get("/v1/providers/rogue/assignments").json()["assignments"]
        assert assignment["name"] == "echo" and base64.b64decode(assignment["bundle"])
    with network.http(operator) as http:
        assert http.post("/v1/providers/rogue/suspend").json()["approved"] is False
    with network.http(rogue_key) as http:
        assert http.get("/v1/providers/rogue/assignments").json()["assignments"] == []
    placements = {p.provider for p in network.client().describe("echo").placements}
    assert "rogue" not in placements  # suspending dropped its placements


def test_an_unapproved_agent_never_receives_a_bundle(network):
    """A real agent: registered but unapproved, it polls and gets nothing; approved, it
    serves echo."""
    from harness import approve

    from cocoon.runtime.agent import AgentSettings, ProviderAgent
    from cocoon.runtime.backends import InProcessBackend

    with network.http() as http:
        key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    backend = InProcessBackend()
    agent = ProviderAgent(AgentSettings(id="late", gateway_url=network.gateway_url, token=key,
                                        allow_simulated=True), backend=backend)
    threading.Thread(target=agent.run, daemon=True).start()
    try:
        operator = config.read_file()["operator"]["api_key"]
        deadline = time.monotonic() + 20
        with network.http(operator) as http:
            while "late" not in {p["id"] for p in http.get("/v1/providers").json()}:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        time.sleep(0.5)  # a few polls' worth
        assert backend.functions == {}  # nothing was deployed: no bundle reached it
        approve(network, "late")
        client = network.client()
        while "late" not in {v.offer.provider for v in client.offers("echo", refresh=True)[1]}:
            assert time.monotonic() < deadline + 20, "approved provider never served echo"
            time.sleep(0.05)
        assert backend.functions
    finally:
        agent.shutdown()


# -- placement decided by the platform (registry on SQLite) --------------------------------------


def _provider(registry: Registry, account: str, provider_id: str, cpus: float = 4.0,
              seen_ms: int | None = None) -> ProviderInfo:
    info = ProviderInfo(id=provider_id, endpoint="http://127.0.0.1:1", hpke_public="aa" * 32,
                        signing_public="bb" * 32, evidence=[], simulated=True,
                        price_multiplier=1.0, payout_address=None, capacity_cpus=cpus,
                        last_seen_ms=0)
    registry.register_provider(account, info)
    if seen_ms is None:
        registry.touch_provider(provider_id)
    return registry.provider(provider_id)


def _function(registry: Registry, account: str, name: str, cpus: float) -> str:
    manifest = Manifest.build({"name": name, "resources": {"cpus": cpus}})
    bundle = bundle_files({"cocoon.toml": manifest.to_toml().encode(), "main.py": b"x = 1\n"})
    return registry.deploy(account, manifest, bundle)[0].digest


def _assigned(registry: Registry, provider_id: str) -> list[str]:
    """What the provider's poll would be given now (after the placement pass)."""
    registry.place()
    return [v.digest for v in registry.poll(registry.provider(provider_id), set(), 0)[0]]


def test_versions_go_only_to_admitted_providers_with_room(tmp_path):
    db = Database(tmp_path / "platform.db")
    registry = Registry(db, placement_target=1)
    account = registry.create_account("dev")
    echo = registry.deploy(account, *load_folder(TEMPLATES / "echo"))[0].digest
    _provider(registry, account, "a", cpus=4.0)
    _provider(registry, account, "b", cpus=2.0)
    assert _assigned(registry, "a") == [] and _assigned(registry, "b") == []
    registry.approve_provider("a", operator=account)
    registry.approve_provider("b", operator=account)
    assert _assigned(registry, "a") == [echo]  # the one with the most room
    assert _assigned(registry, "a") == [echo]  # a poll reads: asked again, answered again
    assert _assigned(registry, "b") == []  # the target (1 provider) is met
    assert registry.is_placed("a", echo) and not registry.is_placed("b", echo)
    # a suspended provider loses its placements; the version moves on
    registry.suspend_provider("a")
    assert not registry.is_placed("a", echo)
    assert _assigned(registry, "b") == [echo]
    # capacity: a version that does not fit what is left is not placed
    _provider(registry, account, "small", cpus=0.2)
    registry.approve_provider("small", operator=account)
    big = _function(registry, account, "big", cpus=0.5)
    assert _assigned(registry, "small") == []
    assert big in _assigned(registry, "b")
    db.close()


def test_an_offline_holder_does_not_count(tmp_path):
    db = Database(tmp_path / "platform.db")
    registry = Registry(db, placement_target=1)
    account = registry.create_account("dev")
    echo = registry.deploy(account, *load_folder(TEMPLATES / "echo"))[0].digest
    for pid, cpus in (("gone", 4.0), ("here", 2.0)):
        _provider(registry, account, pid, cpus=cpus)
        registry.approve_provider(pid, operator=account)
    assert _assigned(registry, "gone") == [echo]
    with db.tx() as c:
        c.execute("UPDATE providers SET last_seen_ms = 0 WHERE id = 'gone'")
    assert _assigned(registry, "here") == [echo]
    db.close()


def test_an_approval_is_for_one_account(tmp_path):
    """Pre-approving an id (as bootstrap does for the local provider) admits that account's
    provider only: a squatter registering the id under another account stays inert."""
    db = Database(tmp_path / "platform.db")
    registry = Registry(db)
    owner, squatter = registry.create_account("owner"), registry.create_account("squatter")
    registry.preapprove_provider("local", owner, operator=owner)
    provider = _provider(registry, squatter, "local")
    assert not provider.approved and not registry.admits(provider)
    with pytest.raises(CocoonError) as exc:
        _provider(registry, owner, "local")
    assert exc.value.code == "forbidden"  # the id is taken; still nothing admitted
    db.close()


# -- registration on a production gateway -------------------------------------------------------


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A gateway whose policy is production's (no simulated TEEs), and a provider key."""
    home = tmp_path_factory.mktemp("production")
    db = Database(home / "platform.db")
    registry = Registry(db)
    key = registry.create_key(registry.create_account("p"), "provider")
    db.close()
    port = free_port()
    settings = GatewaySettings(port=port, database=home / "platform.db", allow_simulated=False,
                               settlement=False)
    with pytest.MonkeyPatch.context() as mp:  # while it starts (the module's network's
        mp.setenv("COCOON_HOME", str(home))  # home stays the tests' COCOON_HOME)
        server = ServerThread(create_app(settings), port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False,
                          headers={"authorization": f"Bearer {key}"}) as http:
            yield http
    finally:
        server.stop()


@pytest.mark.parametrize("endpoint", [
    "http://127.0.0.1:8471", "http://provider.example.com", "https://127.0.0.1:443",
    "https://10.1.2.3", "https://[::1]:8443", "https://169.254.169.254/latest",
    "https://user:pw@provider.example.com", "https://provider.example.com/#x",
    "https://provider.example.com/?next=http://evil", "ftp://provider.example.com",
    "https://", "file:///etc/passwd",
])
def test_production_refuses_bad_endpoints(production, endpoint):
    resp = production.post("/v1/providers", content=registration("p1", endpoint))
    assert resp.status_code == 400 and error_code(resp) == "invalid_endpoint", resp.text


def test_production_refuses_simulated_evidence(production):
    resp = production.post("/v1/providers",
                           content=registration("p1", "https://provider.example.com"))
    assert resp.status_code == 422 and error_code(resp) == "attestation_rejected", resp.text


def test_endpoint_rules():
    assert check_endpoint("http://127.0.0.1:8471/", development=True) == "http://127.0.0.1:8471"
    assert check_endpoint("http://localhost:1", development=True)
    assert check_endpoint("https://gpu.example.com/cocoon", development=False)
    assert check_endpoint("https://203.0.113.9:8443", development=True)
    for url, development in [
        ("http://192.168.1.5:8471", True),  # plain http only to loopback, even in development
        ("http://gpu.example.com", True),
        ("https://gpu.example.com:0", False),
        ("https://gpu.example.com:99999", False),
        ("https://gpu.example.com\n.evil", False),
        ("https://localhost", False),
        ("//gpu.example.com", False),
        ("https://a@b", True),
    ]:
        with pytest.raises(CocoonError) as exc:
            check_endpoint(url, development=development)
        assert exc.value.code == "invalid_endpoint", url


# -- the forwarder never follows a redirect -------------------------------------------------------


class _Redirector(http.server.BaseHTTPRequestHandler):
    target = ""
    hits = 0

    def do_POST(self) -> None:
        type(self).hits += 1
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(307)
        self.send_header("location", type(self).target + self.path)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_the_gateway_does_not_follow_a_providers_redirect(tmp_path):
    """The provider's endpoint answers 307 to its real ingress: followed, the call would
    succeed; the gateway treats the redirect as a failed answer instead."""
    from cocoon.runtime.backends import InProcessBackend

    backend_port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirector)
    _Redirector.target = f"http://127.0.0.1:{backend_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with running_network(tmp_path / "home", backend=InProcessBackend(port=backend_port),
                             endpoint=f"http://127.0.0.1:{server.server_address[1]}") as net:
            client = net.client()
            before = client.account().charged
            with pytest.raises(CocoonError) as exc:
                client.invoke("echo", {"x": 1})
            assert exc.value.code == "provider_failed"
            assert _Redirector.hits >= 1
            assert client.account().charged == before
    finally:
        server.shutdown()
        server.server_close()


def test_the_operator_cli(network):
    """`cocoon provider list --pending | approve | suspend` with the operator key that
    `cocoon up` (bootstrap) wrote to config.toml."""
    import json

    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app

    def cocoon(*args: str):
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
        assert "Traceback" not in result.output
        return result

    with network.http() as http:
        key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    with network.http(key) as http:
        assert http.post("/v1/providers", content=registration("waiting")).status_code == 201
    out = cocoon("provider", "list", "--pending", "--json")
    assert out.exit_code == 0, out.output
    listed = json.loads(out.stdout)
    assert "waiting" in {p["id"] for p in listed} and not any(p["approved"] for p in listed)
    table = cocoon("provider", "list").stdout
    assert "waiting" in table and "pending" in table and "approved" in table  # local: approved
    assert json.loads(cocoon("provider", "approve", "waiting", "--json").stdout) == {
        "id": "waiting", "approved": True}
    assert "suspended" in cocoon("provider", "suspend", "waiting").stdout
    missing = cocoon("provider", "approve", "nobody")
    assert missing.exit_code == 1 and "unknown_provider" in missing.stderr
