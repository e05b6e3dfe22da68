"""The routes issue 7 added, used by strangers: another account's client and provider keys
against this network's functions and providers, and absurd values. Every attempt gets a 4xx
with a code, and changes nothing (Ray-free network, real HTTP and SQLite)."""

from __future__ import annotations

import pytest
from harness import Network

BAD_MULTIPLIERS = [0, -1, 101, "1e309", "NaN", "x", None, [], {"a": 1}]


@pytest.fixture(scope="module")
def mallory(network: Network) -> dict[str, str]:
    """Keys of another account: a client and a provider."""
    registry = network.state.registry
    account = registry.create_account("mallory")
    return {role: registry.create_key(account, role) for role in ("client", "provider")}


def _code(resp) -> tuple[int, str]:
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.text)
    return resp.status_code, resp.json()["error"]["code"]


def test_strangers_cannot_touch_another_accounts_functions(network: Network, mallory):
    before = network.client().describe("echo")
    with network.http(mallory["client"]) as http:
        assert _code(http.delete("/v1/functions/echo")) == (403, "forbidden")
        assert _code(http.post("/v1/functions/echo/rollback", json={"version": 1})) == (
            403, "forbidden")
    with network.http(mallory["provider"]) as http:  # a provider key deletes nothing
        assert _code(http.delete("/v1/functions/echo"))[0] in (401, 403)
    after = network.client().describe("echo")
    assert (after.version, after.digest, after.status) == (before.version, before.digest,
                                                           before.status)
    assert network.client().invoke("echo", {"still": "mine"}).output == {"still": "mine"}


def test_strangers_cannot_price_or_drain_another_accounts_provider(network: Network, mallory):
    for key in (mallory["provider"], mallory["client"]):  # (the network's own key is admin)
        with network.http(key) as http:
            assert _code(http.post("/v1/providers/local/price",
                                   json={"price_multiplier": 0.01}))[0] in (401, 403)
            assert _code(http.post("/v1/providers/local/leave"))[0] in (401, 403)
            assert _code(http.post("/v1/providers/local/left"))[0] in (401, 403)
    local = next(p for p in network.client().providers() if p.id == "local")
    assert local.state == "active" and local.price_multiplier == 1.0


def test_absurd_values_are_refused_with_a_code(network: Network):
    with network.http(network.provider_key) as http:
        for value in BAD_MULTIPLIERS:
            status, code = _code(http.post("/v1/providers/local/price",
                                           json={"price_multiplier": value}))
            assert status in (400, 422) and code, value
        assert _code(http.post("/v1/providers/local/price", content=b"{"))[0] == 400
        for params in ({"since": "-1"}, {"since": "9" * 40},
                       {"have": ",".join(str(i) for i in range(2000))}, {"wait": "nan"}):
            resp = http.get("/v1/providers/local/assignments", params=params)
            assert _code(resp)[0] == 400, params
        # empty names between commas are ignored, as a poll that has nothing
        assert http.get("/v1/providers/local/assignments",
                        params={"have": "," * 5000}).status_code == 200
        assert _code(http.get("/v1/providers/nobody/assignments"))[0] in (403, 404)
    with network.http() as http:
        for version in (0, -3, 10**30, "two"):
            status, _ = _code(http.post("/v1/functions/echo/rollback",
                                        json={"version": version}))
            assert status in (400, 404, 422), version
        assert _code(http.post("/v1/functions/echo/rollback", json={"version": 999})) == (
            404, "not_found")
        assert _code(http.delete("/v1/functions/no-such-function"))[1] == "unknown_function"
        assert _code(http.get("/v1/functions/echo", params={"wait": "forever"}))[0] == 400
    local = next(p for p in network.client().providers() if p.id == "local")
    assert local.state == "active" and local.price_multiplier == 1.0
    assert network.client().describe("echo").version == 1
