"""Accounts through the API, credited only from the chain, on the Ray-free network (real HTTP,
real SQLite, the embedded chain on the real TVM): `POST /v1/accounts` opens an empty account,
its client opens a channel from its own wallet under `GET /v1/network`'s terms and registers it
(`POST /v1/account/channel`); the deposit is credited once, a top-up once the chain shows it,
and nothing else credits anything."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from harness import Network, running_network
from typer.testing import CliRunner

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.keys import KeyPair, load_key_file
from cocoon.contracts.messages import wallet_address
from cocoon.platform.cli.main import app
from cocoon.platform.gateway.ratelimit import RateLimiter
from cocoon.platform.ledger import Ledger
from cocoon.platform.settlement import ClientTerms, local
from cocoon.platform.settlement.client_side import open_client_channel, registration_signature
from cocoon.platform.settlement.deposits import credit_deposits
from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError

TON = 10**9


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    with running_network(tmp_path_factory.mktemp("accounts-home")) as network:
        yield network


def new_account(net: Network, name: str) -> tuple[str, str]:
    with net.http(None) as http:
        resp = http.post("/v1/accounts", json={"name": name})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    return body["account"]["id"], body["api_key"]


def terms(net: Network) -> ClientTerms:
    with net.http(None) as http:
        return ClientTerms.model_validate(http.get("/v1/network").json())


def watcher_pass(net: Network) -> list:
    """One pass of the chain watcher, as a second gateway on this state would run it."""
    with local.open_settlement(net.home) as s:
        return credit_deposits(s, Ledger(s.db))


def funded_wallet(net: Network, seed: bytes, amount: int) -> KeyPair:
    key = KeyPair(seed)
    chain = local.embedded_chain(net.home)
    chain.fund(wallet_address(key.public), amount)
    chain.close()
    return key


def register(net: Network, api_key: str, address: str, signature: str) -> httpx.Response:
    with net.http(api_key) as http:
        return http.post("/v1/account/channel",
                         json={"channel_address": address, "signature": signature})


def test_network_terms_say_how_to_open_a_channel(net: Network):
    with net.http(None) as http:
        body = http.get("/v1/network").json()
    assert body["fee_bps"] == 500 and body["chain"] == "embedded"
    platform = local.platform_key(net.home)
    assert body["platform_key"] == platform.public.hex()
    assert body["platform_wallet"] == wallet_address(platform.public).to_str(
        is_user_friendly=False)
    assert body["dispute_window"] > 0


def test_a_new_account_is_empty_until_its_channel_is_on_chain(net: Network):
    account, api_key = new_account(net, "alice")
    assert api_key.startswith("ck_a_")  # admin: client and provider calls, more keys
    with net.http(api_key) as http:
        acct = http.get("/v1/account").json()
        assert (acct["id"], acct["credited"], acct["channel"]) == (account, 0, None)
        assert http.post("/v1/keys", json={"role": "provider"}).status_code == 201
    key = funded_wallet(net, b"a" * 32, 20 * TON)
    chain = local.embedded_chain(net.home)
    params = open_client_channel(chain, terms(net), key, 5 * TON)
    address = params.address.to_str(is_user_friendly=False)
    resp = register(net, api_key, address, registration_signature(key, account, address))
    assert resp.status_code == 201, resp.text
    acct = resp.json()
    assert acct["credited"] == 5 * TON and acct["channel"]["address"] == address
    assert acct["channel"]["payer_key"] == key.public.hex() and acct["channel"]["status"] == "open"
    again = register(net, api_key, address, registration_signature(key, account, address))
    assert again.status_code == 201 and again.json()["credited"] == 5 * TON  # once
    # a top-up from the wallet: credited when the chain watcher sees it, exactly once
    PaymentChannel(chain, address).top_up(key, 2 * TON)
    chain.close()
    assert [(c.account, c.amount) for c in watcher_pass(net)] == [(account, 2 * TON)]
    assert watcher_pass(net) == []
    with net.http(api_key) as http:
        assert http.get("/v1/account").json()["credited"] == 7 * TON


def test_forged_registrations_and_top_up_notifications_credit_nothing(net: Network):
    account, api_key = new_account(net, "mallory")
    victim, victim_key = new_account(net, "bob")
    bob = funded_wallet(net, b"b" * 32, 20 * TON)
    chain = local.embedded_chain(net.home)
    params = open_client_channel(chain, terms(net), bob, 3 * TON)
    chain.close()
    address = params.address.to_str(is_user_friendly=False)
    # bob's channel claimed by mallory: bob's signature is for bob's account, mallory's key is
    # not the channel's
    for signature in (registration_signature(bob, victim, address),
                      registration_signature(KeyPair(b"m" * 32), account, address)):
        resp = register(net, api_key, address, signature)
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "bad_signature"
    # an address where no channel is, a malformed one, a malformed signature
    nowhere = wallet_address(KeyPair(b"n" * 32).public).to_str(is_user_friendly=False)
    sig = registration_signature(bob, account, nowhere)
    assert register(net, api_key, nowhere, sig).json()["error"]["code"] == "invalid_channel"
    assert register(net, api_key, "not-an-address", sig).json()["error"]["code"] == (
        "invalid_channel")
    assert register(net, api_key, address, "zz").json()["error"]["code"] == "bad_request"
    # there is no route that takes a deposit or a notification of one
    with net.http(api_key) as http:
        for path in ("/v1/account/top-up", "/v1/account/deposit", "/v1/deposits"):
            assert http.post(path, json={"amount": 10 * TON}).status_code in (404, 405)
        assert http.get("/v1/account").json()["credited"] == 0
    # bob registers his own channel: bob is credited, mallory is not
    assert register(net, victim_key, address,
                    registration_signature(bob, victim, address)).json()["credited"] == 3 * TON
    taken = register(net, api_key, address, registration_signature(bob, account, address))
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "conflict"
    with net.http(api_key) as http:
        assert http.get("/v1/account").json()["credited"] == 0


def test_a_closing_channel_is_refused_new_calls(net: Network):
    client = net.client()
    assert client.invoke("echo", {"x": 1}).output == {"x": 1}
    wallet = load_key_file(net.home / "wallet.json")
    with net.http() as http:
        address = http.get("/v1/account").json()["channel"]["address"]
    chain = local.embedded_chain(net.home)
    PaymentChannel(chain, address).start_close(wallet)
    chain.close()
    watcher_pass(net)
    with net.http() as http:
        assert http.get("/v1/account").json()["channel"]["status"] == "closing"
    with pytest.raises(CocoonError) as refused:
        client.invoke("echo", {"x": 2})
    assert refused.value.code == "channel_closing" and refused.value.status == 402


def test_the_cli_opens_an_account_and_its_channel_through_the_gateway(net: Network):
    """`cocoon account create`, `channel open`, `channel top-up` against the running gateway:
    the key is saved, the wallet (this home's) deploys and signs, the gateway credits from the
    chain (the top-up once its chain watcher sees it)."""
    runner = CliRunner()

    def run(*args: str) -> dict:
        result = runner.invoke(app, [*args, "--json"], env={"COCOON_HOME": str(net.home)})
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    created = run("account", "create", "--name", "dana", "--replace")
    assert created["saved"] and created["credited"] == 0
    assert config.read_file()["client"]["api_key"] == created["api_key"]
    run("wallet", "fund", "--amount", "10")
    opened = run("channel", "open", "--deposit", "3")
    assert opened["registered_via"] == "gateway" and opened["account"] == created["account"]
    assert opened["credited"] == 3 * TON and opened["deposit"] == 3 * TON
    assert config.read_file()["client"]["channel"] == opened["raw_address"]
    topped = run("channel", "top-up", "1", "--wait", "30")
    assert topped["seen"] and topped["credited"] == 4 * TON and topped["deposit"] == 4 * TON


def test_account_creation_is_bounded(net: Network):
    net.state.signups._buckets.clear()  # earlier tests here spent this address's burst
    with net.http(None) as http:
        big = http.post("/v1/accounts", content=b'{"name": "' + b"x" * 10_000 + b'"}',
                        headers={"content-type": "application/json"})
        assert big.status_code == 413 and big.json()["error"]["code"] == "payload_too_large"
        bad = http.post("/v1/accounts", json={"name": "<script>"})
        assert bad.status_code == 400
        burst = net.state.settings.signup_burst
        codes = [http.post("/v1/accounts", json={"name": "n"}).status_code
                 for _ in range(burst)]
    # a burst per address (the two refused above count too), then 429 rate_limited
    assert codes == [201] * (burst - 2) + [429] * 2
    with net.http(None) as http:
        refused = http.post("/v1/accounts", json={"name": "n"}).json()["error"]
    assert refused["code"] == "rate_limited" and "retry in" in refused["message"]


def test_the_limiter_refills_and_forgets_the_idlest_callers():
    now = [0.0]
    limiter = RateLimiter(per_minute=6, burst=2, max_callers=2, clock=lambda: now[0])
    limiter.take("a")
    limiter.take("a")
    with pytest.raises(CocoonError):
        limiter.take("a")
    now[0] += 10  # one token a 10 s
    limiter.take("a")
    limiter.take("b")
    limiter.take("c")  # three callers, room for two: "a" (idlest) is forgotten
    assert list(limiter._buckets) == ["b", "c"]
