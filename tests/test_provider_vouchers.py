"""Providers hold their own vouchers: the gateway serves each provider the newest
platform-signed voucher for its channel (its own keys only), the agent checks it offline and keeps
the newest in a private file, and `cocoon earnings --claim` takes the money on chain from the
payout wallet with the platform gone (gateway stopped, its database deleted). Real gateway, real
agent code, real embedded chain (TVM), real signatures."""

from __future__ import annotations

import json
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import Network, running_network
from typer.testing import CliRunner

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.cli.main import app
from cocoon.platform.settlement import local
from cocoon.runtime import config
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.payout import ProviderVoucher, VoucherKeeper, VoucherStore, voucher_problem

TON = 10**9
runner = CliRunner()


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    # no settlement loop: the tests settle when they mean to
    with running_network(tmp_path_factory.mktemp("payout-home"), settle_interval_s=0) as n:
        yield n


def provider_cfg() -> dict:
    return config.read_file()["provider"]


def cli(home: Path, *args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"], env={"COCOON_HOME": str(home)})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def earn_and_settle(net: Network, calls: int) -> None:
    """Paid calls, the client's voucher flushed, one settlement pass on the thresholds: the
    provider's voucher is signed, its payout is not pushed (far below payout_min_amount)."""
    client = net.client()
    for i in range(calls):
        client.invoke("echo", {"i": i})
    client.flush_voucher()
    with local.open_settlement(net.home) as s:
        s.run()


def get_voucher(net: Network, key: str | None) -> tuple[int, dict]:
    with net.http(key) as http:
        resp = http.get("/v1/providers/local/voucher")
        return resp.status_code, resp.json()


def agent_for(net: Network, **settings) -> ProviderAgent:
    """The local provider's agent as `cocoon up` configures it (its payout wallet announced);
    only its voucher keeping runs here: the harness's agent serves the calls."""
    cfg = provider_cfg()
    return ProviderAgent(AgentSettings(id="local", gateway_url=net.gateway_url, token=cfg["token"],
                                       payout_address=cfg["payout_address"],
                                       payout_key=cfg["payout_key"], **settings),
                         backend=InProcessBackend())


def test_no_voucher_before_the_first_settlement_then_the_platforms(net: Network):
    status, body = get_voucher(net, net.provider_key)
    assert status == 404 and body["error"]["code"] == "no_voucher"
    earn_and_settle(net, 3)
    status, body = get_voucher(net, net.provider_key)
    assert status == 200, body
    held = ProviderVoucher.model_validate(body)
    platform = local.platform_key(net.home)
    cfg = provider_cfg()
    assert voucher_problem(held, platform_key=platform.public.hex(),
                           payout_address=cfg["payout_address"],
                           payout_key=cfg["payout_key"]) is None
    assert held.voucher.verify(platform.public) and held.platform_key == platform.public.hex()
    with local.open_settlement(net.home) as s:
        owed = s.earnings("local").owed
    assert held.voucher.cumulative == owed > 0
    # the account's admin key may read it too (the harness's client key is the admin key)
    assert get_voucher(net, net.client_key)[0] == 200


def test_only_the_providers_own_account_reads_its_voucher(net: Network):
    with net.http() as http:
        client_only = http.post("/v1/keys", json={"role": "client"}).json()["key"]
    registry = net.state.registry
    stranger = registry.create_key(registry.create_account("stranger"), "provider")
    assert get_voucher(net, client_only)[1]["error"]["code"] == "forbidden"
    status, body = get_voucher(net, stranger)
    assert status == 403 and body["error"]["code"] == "forbidden"
    assert get_voucher(net, None)[0] == 401
    with net.http(net.provider_key) as http:
        missing = http.get("/v1/providers/nobody/voucher")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_provider"


def test_the_agent_keeps_the_newest_voucher_in_a_private_file(net: Network, tmp_path: Path):
    agent = agent_for(net, state_dir=str(tmp_path), voucher_s=0.05)
    keeping = threading.Thread(target=agent.keep_vouchers, daemon=True)
    keeping.start()
    try:
        path = tmp_path / "provider-vouchers" / "local.json"
        served = ProviderVoucher.model_validate(get_voucher(net, net.provider_key)[1])
        wait_for(lambda: path.is_file() and VoucherStore(path).load() == served)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        earn_and_settle(net, 2)  # more earned: the next fetch holds the higher voucher
        wait_for(lambda: VoucherStore(path).load().voucher.cumulative > served.voucher.cumulative)
    finally:
        agent.stop.set()
        keeping.join(5)
        agent.shutdown()


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


# -- what the agent refuses: one test per kind of tampering (a hostile gateway's answers) --------


def signed(platform: KeyPair, payee: KeyPair, cumulative: int, **changes) -> ProviderVoucher:
    """A voucher on a real channel's parameters; ``changes`` alter the parameters after."""
    from cocoon.contracts.channel import ChannelParams

    params = ChannelParams(
        payer=wallet_address(platform.public).to_str(is_user_friendly=False),
        payee=wallet_address(payee.public).to_str(is_user_friendly=False),
        payer_key=platform.public.hex(), payee_key=payee.public.hex(), channel_id=7,
        dispute_window=3600)
    address = params.address.to_str(is_user_friendly=False)
    voucher = Voucher.sign(platform, address, 7, cumulative)
    return ProviderVoucher(provider="p", channel_address=address,
                           params=params.model_copy(update=changes), voucher=voucher)


PLATFORM, PAYEE, OTHER = (KeyPair(bytes([n]) * 32) for n in (1, 2, 3))
PAYOUT = wallet_address(PAYEE.public).to_str(is_user_friendly=False)


def problem(held: ProviderVoucher, platform: KeyPair = PLATFORM) -> str | None:
    return voucher_problem(held, platform_key=platform.public.hex(), payout_address=PAYOUT,
                           payout_key=PAYEE.public.hex())


def test_a_good_voucher_passes():
    assert problem(signed(PLATFORM, PAYEE, 5000)) is None
    friendly = wallet_address(PAYEE.public).to_str(is_user_friendly=True)
    assert voucher_problem(signed(PLATFORM, PAYEE, 5000), platform_key=PLATFORM.public.hex(),
                           payout_address=friendly) is None  # any address form


@pytest.mark.parametrize("tamper, why", [
    (lambda: signed(OTHER, PAYEE, 5000), "payer key"),  # another key's channel and signature
    (lambda: signed(PLATFORM, OTHER, 5000), "payout wallet"),  # pays someone else
    (lambda: signed(PLATFORM, PAYEE, 5000, channel_id=8), "address"),  # params != the channel
    (lambda: signed(PLATFORM, PAYEE, 5000, payee_key=OTHER.public.hex()), "address"),
    (lambda: signed(PLATFORM, PAYEE, 5000).model_copy(update={"voucher": Voucher.sign(
        OTHER, signed(PLATFORM, PAYEE, 1).channel_address, 7, 5000)}), "not signed"),
    (lambda: signed(PLATFORM, PAYEE, 5000).model_copy(update={"channel_address": "nonsense"}),
     "malformed"),
])
def test_tampered_vouchers_are_refused(tamper, why):
    assert why in (problem(tamper()) or "")


def test_a_lower_or_refused_voucher_never_replaces_the_held_one(tmp_path: Path):
    store = VoucherStore.of(tmp_path, "p")
    answers = [signed(PLATFORM, PAYEE, 5000), signed(PLATFORM, PAYEE, 4000),
               signed(OTHER, PAYEE, 9000), signed(PLATFORM, PAYEE, 6000)]

    def gateway(path: str) -> dict:
        """A hostile gateway's answers, in turn (the seam the agent fetches through)."""
        if path == "/v1/network":
            return {"platform_key": PLATFORM.public.hex()}
        return answers.pop(0).model_dump()

    keeper = VoucherKeeper(store, "p", PAYOUT, PAYEE.public.hex(), gateway)
    assert keeper.refresh().voucher.cumulative == 5000
    assert keeper.refresh().voucher.cumulative == 5000  # lower: ignored
    assert keeper.refresh().voucher.cumulative == 5000  # another signer: refused
    assert keeper.refresh().voucher.cumulative == 6000
    assert store.load().voucher.cumulative == 6000
    other_channel = signed(PLATFORM, PAYEE, 9000, channel_id=9)
    other_channel = other_channel.model_copy(update={
        "channel_address": other_channel.params.address.to_str(is_user_friendly=False)})
    with pytest.raises(CocoonError) as exc:
        store.keep(other_channel)
    assert exc.value.code == "conflict" and store.load().voucher.cumulative == 6000


# -- the platform disappears: last, it stops the module's network -------------------------------


def test_the_provider_claims_alone_after_the_platform_is_gone(net: Network):
    agent = agent_for(net)  # the default state folder: $COCOON_HOME
    held = agent.vouchers.refresh()
    assert held is not None
    agent.shutdown()
    home = net.home
    before = cli(home, "earnings", "local")
    assert before["held"] == held.voucher.cumulative and before["claimable"] > 0
    assert before["deposit"] >= held.voucher.cumulative  # funded: the provider can claim alone
    net.stop()
    for name in ("platform.db", "platform.db-wal", "platform.db-shm"):
        (home / name).unlink(missing_ok=True)
    payout = local.provider_payout_key(home)
    wallet = wallet_address(payout.public)
    chain = EmbeddedChain(home / "chain")
    try:
        chain.fund(wallet, TON // 10)  # a little TON for the claim's gas
        paid_before = PaymentChannel(chain, held.channel_address).state().claimed
        balance_before = chain.balance(wallet)
        channel_before = chain.balance(held.channel_address)
    finally:
        chain.close()
    offline = cli(home, "earnings", "local")  # gateway and ledger gone: what it holds stands
    assert offline["held"] == held.voucher.cumulative and "gross" not in offline
    out = cli(home, "earnings", "local", "--claim")
    assert out["claimed_now"] == held.voucher.cumulative - paid_before > 0
    assert out["paid"] == held.voucher.cumulative and out["claimable"] == 0
    chain = EmbeddedChain(home / "chain")
    try:
        assert PaymentChannel(chain, held.channel_address).state().claimed == (
            held.voucher.cumulative)
        # the wallet got what was vouchered less the claim's gas: every nanoton the channel
        # gave up and the wallet did not get is gas on chain (the channel pays its storage fee)
        got = chain.balance(wallet) - balance_before
        assert 0 < out["claimed_now"] - got <= out["gas"]
        assert got + chain.balance(held.channel_address) - channel_before == -out["gas"]
    finally:
        chain.close()
    again = cli(home, "earnings", "local", "--claim", "--chain", f"embedded:{home / 'chain'}")
    assert again["claimed_now"] == 0 and again["paid"] == held.voucher.cumulative  # not twice
