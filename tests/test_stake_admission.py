"""Provider stake in the gateway: with ``[gateway] min_stake`` set, only providers whose stake
contract holds that much on the (embedded) chain are routed to; ``cocoon up``'s own provider
stakes at bootstrap; the stake route checks the chain and the owner's signature."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from pathlib import Path

import pytest
from harness import approve, start_network

from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair, load_key_file
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.stake import Proof, ProviderStake, SignedCommitment
from cocoon.platform.sdk.proofs import key_cert, proof
from cocoon.platform.stakes import registration, stake_for
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend, _prefix

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


def test_an_unstaked_provider_is_not_routed_to_until_it_stakes_and_loses_it_when_caught(
        staked_network, tmp_path):
    net = staked_network
    chain = EmbeddedChain(net.home / "chain")
    owner = KeyPair(hashlib.sha256(b"bare's owner").digest())
    chain.fund(wallet_address(owner.public), 20 * TON)
    key_file = tmp_path / "stake_key"
    key_file.write_text(owner.seed.hex())
    with net.http() as http:
        token = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    backend = InProcessBackend()
    agent = ProviderAgent(AgentSettings(id="bare", gateway_url=net.gateway_url, token=token,
                                        allow_simulated=True, price_multiplier=0.5,
                                        stake_key=str(key_file), key_sync_s=0.2),
                          backend=backend)
    threading.Thread(target=agent.run, daemon=True).start()
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
        # enough: placed, offered with certified replica keys, routed to
        stake_for(chain, owner, "bare", 3 * TON, unbonding_delay=3600)
        client = net.client()

        def certified() -> bool:
            mine = [v.offer for v in client.offers("echo", refresh=True)[1]
                    if v.offer.provider == "bare"]
            return bool(mine) and all(k.stake_cert for k in mine[0].keys)

        wait_for(certified, what="bare never offered with certified keys")
        assert {p.id: p.stake for p in client.providers()}["bare"] == MIN_STAKE
        inv = next((i for i in (client.invoke("echo", {"n": n}) for n in range(20))
                    if i.provider.offer.provider == "bare"), None)
        assert inv is not None, "the cheaper staked provider never served"
        cert = key_cert(inv, reg.address)
        assert cert.verify(owner.public)
        honest = proof(reg.address, inv)
        assert honest.fault() is None
        # a runtime that signs a second, different result for the same request: simulated with
        # the replica's own key taken from the in-process backend (a real runtime never does)
        keys = backend.functions[_prefix(client.describe("echo").digest)].keys.current_keys
        assert keys.signing_public.hex() == inv.signed_receipt.signer
        other = dataclasses.replace(inv.commitment, output_digest=bytes(32))
        cheat = Proof(cert, honest.first, SignedCommitment(other,
                                                           keys.signing.sign(other.digest()).hex()))
        assert cheat.fault() == "equivocation"
        hunter = KeyPair(hashlib.sha256(b"a client who kept its receipts").digest())
        chain.fund(wallet_address(hunter.public), TON)
        before = chain.balance(wallet_address(hunter.public))
        stake = ProviderStake(chain, reg.address)
        assert stake.penalise(hunter, honest).aborted  # an honest receipt proves nothing
        assert not stake.penalise(hunter, cheat).aborted
        assert stake.state().status == "slashed"
        assert chain.balance(wallet_address(hunter.public)) - before > MIN_STAKE // 10 - 2 * 10**8
        # slashed: no longer routed to, at the next read of the chain
        wait_for(lambda: not offered(net, "bare"), what="bare still offered once slashed")
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


def test_replica_keys_without_a_stake_cert_are_not_offered(staked_network):
    """With min_stake, a receipt must be provable against the stake: an uncertified key (an
    agent that has not certified it yet) is not offered, so no client seals to it."""
    net = staked_network
    registry = net.state.registry
    digest = net.client().describe("echo").digest
    local = registry.provider("local")
    certified = registry.replica_keys("local", digest)
    assert certified and all(k.stake_cert for k in certified)

    def placed(keys) -> None:
        registry.set_placement(local, digest, "ready", "", keys)
        net.state.forwarder.invalidate()

    placed([k.model_copy(update={"stake_cert": None}) for k in certified])
    try:
        assert not offered(net, "local")
    finally:
        placed(certified)
    assert offered(net, "local")


def test_the_cli_stakes_shows_and_withdraws(staked_network):
    """Last in this module: it leaves the network's own provider unbonding (not routed)."""
    import json

    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app

    runner = CliRunner()

    def cli(*args: str) -> dict:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return json.loads(result.output) if "--json" in args else result.output

    chain = EmbeddedChain(staked_network.home / "chain")
    payout = load_key_file(staked_network.home / "provider_payout")
    chain.fund(wallet_address(payout.public), 2 * TON)  # what `cocoon wallet fund` would do
    chain.close()
    out = cli("provider", "stake", "deposit", "1.5", "--json")  # adds to the bootstrap's stake
    assert (out["provider"], out["status"], out["amount"], out["registered"]) == (
        "local", "active", MIN_STAKE + 1_500_000_000, True)
    assert cli("provider", "stake", "show", "--json")["bonded"] == MIN_STAKE + 1_500_000_000
    assert "6.5 TON" in cli("providers")
    bad = runner.invoke(app, ["provider", "stake", "deposit", "-1", "--json"])
    assert bad.exit_code != 0 and "bad_request" in bad.output
    out = cli("provider", "stake", "withdraw", "--json")
    assert (out["status"], out["bonded"]) == ("unbonding", 0)
    early = runner.invoke(app, ["provider", "stake", "withdraw", "--finish"])
    assert early.exit_code != 0 and "unbonding delay is not over" in early.output
    wait_for(lambda: not offered(staked_network, "local"),
             what="local still offered while unbonding")
