"""Provider stake in the gateway: with ``[gateway] min_stake`` set, only providers whose stake
contract holds that much on the (embedded) chain are routed to; ``cocoon up``'s own provider
stakes at bootstrap; the stake route checks the chain and the owner's signature."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest
from harness import approve, start_network

from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.stake import ProviderStake
from cocoon.platform.stakes import registration, stake_for
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend

TON = 10**9
MIN_STAKE = 5 * TON
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def wait_for(condition, timeout: float = 20, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


@pytest.fixture(scope="module")
def staked_network(tmp_path_factory):
    home = tmp_path_factory.mktemp("stake-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COCOON_HOME", str(home))
        mp.setenv("COCOON_GATEWAY_MIN_STAKE", str(MIN_STAKE))  # what `cocoon up` reads
        net = start_network(home, min_stake=MIN_STAKE)
        net.state.stakes.ttl_s = 0.2  # re-read the chain often, for the test's sake
        try:
            net.deploy_and_wait(TEMPLATES / "echo")
            yield net
        finally:
            net.stop()


def offered(net, provider: str) -> bool:
    return provider in {v.offer.provider for v in net.client().offers("echo", refresh=True)[1]}


def test_bootstrap_stakes_its_provider_which_serves_with_commitments(staked_network):
    net = staked_network
    client = net.client()
    local = {p.id: p for p in client.providers()}["local"]
    assert local.stake == MIN_STAKE
    result = client.invoke("echo", {"x": 1})
    assert result.provider.offer.provider == "local" and result.commitment is not None
    c = result.commitment
    assert (c.units, c.unit_price, c.amount) == (result.receipt.units, result.receipt.unit_price,
                                                 result.receipt.amount)
    with net.http() as http:
        out = http.get("/v1/providers/local/stake").json()
    assert (out["status"], out["bonded"]) == ("active", MIN_STAKE)


def test_an_unstaked_provider_is_not_routed_to_until_it_stakes_enough(staked_network):
    net = staked_network
    with net.http() as http:
        token = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    agent = ProviderAgent(AgentSettings(id="bare", gateway_url=net.gateway_url, token=token,
                                        allow_simulated=True), backend=InProcessBackend())
    threading.Thread(target=agent.run, daemon=True).start()
    chain = EmbeddedChain(net.home / "chain")
    owner = KeyPair(hashlib.sha256(b"bare's owner").digest())
    chain.fund(wallet_address(owner.public), 20 * TON)
    try:
        approve(net, "bare")  # approved by the operator, but no stake
        time.sleep(1.0)
        assert not offered(net, "bare")
        assert "bare" not in {p.id for p in net.client().providers()}
        with net.http(token) as http:  # no assignment, so nothing to serve
            assert http.get("/v1/providers/bare/assignments",
                            params={"wait": 0.2}).json()["assignments"] == []
        # too little: still not routed
        _, reg = stake_for(chain, owner, "bare", 2 * TON, unbonding_delay=3600)
        with net.http(token) as http:
            resp = http.post("/v1/providers/bare/stake", json=reg.model_dump())
            assert resp.status_code == 201 and resp.json()["bonded"] == 2 * TON
        time.sleep(0.5)
        assert not offered(net, "bare")
        # enough: placed, offered, routed to
        _, reg = stake_for(chain, owner, "bare", 3 * TON, unbonding_delay=3600)
        wait_for(lambda: offered(net, "bare"), what="bare never offered after staking")
        assert {p.id: p.stake for p in net.client().providers()}["bare"] == MIN_STAKE
        # withdrawing stops the routing at the next read of the chain
        stake = ProviderStake(chain, reg.address)
        assert not stake.start_withdraw(owner).aborted
        wait_for(lambda: not offered(net, "bare"), what="bare still offered while withdrawing")
    finally:
        agent.shutdown()
        chain.close()


def test_the_stake_route_checks_the_chain_and_the_owner(staked_network):
    net = staked_network
    chain = EmbeddedChain(net.home / "chain")
    owner = KeyPair(hashlib.sha256(b"squatter").digest())
    chain.fund(wallet_address(owner.public), 20 * TON)
    try:
        with net.http() as http:
            local_stake = http.get("/v1/providers/local/stake").json()["address"]
            token = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
        _, mine = stake_for(chain, owner, "local", TON, unbonding_delay=60)
        cases = [
            # someone else's stake, signed by a key that does not own it
            (registration(owner, "local", local_stake), 400, "bad_signature"),
            # the owner's signature, but for another provider id
            (registration(owner, "other", mine.address), 400, "bad_signature"),
            # no stake contract there (the owner's plain wallet)
            (registration(owner, "local",
                          wallet_address(owner.public).to_str(is_user_friendly=False)),
             400, "invalid_stake"),
        ]
        with net.http(token) as http:  # the provider key of the account that owns "local"
            for reg, status, code in cases:
                resp = http.post("/v1/providers/local/stake", json=reg.model_dump())
                assert (resp.status_code, resp.json()["error"]["code"]) == (status, code)
            resp = http.post("/v1/providers/local/stake", json={"address": "x", "signature": 1})
            assert resp.status_code == 400
        with net.http() as http:
            other = http.post("/v1/accounts", json={"name": "stranger"})
        if other.status_code == 201:  # another account's key cannot name local's stake
            with net.http(other.json()["api_key"]) as http:
                resp = http.post("/v1/providers/local/stake", json=mine.model_dump())
                assert resp.json()["error"]["code"] == "forbidden"
        with net.http() as http:
            assert http.get("/v1/providers/local/stake").json()["address"] == local_stake
            assert http.get("/v1/providers/nobody/stake").json()["error"]["code"] == "not_found"
    finally:
        chain.close()
