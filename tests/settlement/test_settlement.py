import pytest
from pytoniq_core import Builder, StateInit
from world import TON, World, add_receipts, key, open_channel, sign_vouchers

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.settlement import SettlementError, platform_fee
from cocoon.platform.settlement.client_side import (
    client_channel_params,
    open_client_channel,
    registration_signature,
)

DAY = 24 * 3600


def ledger(db):
    by_account = dict(db.all("SELECT account, SUM(amount) FROM receipts GROUP BY account"))
    by_provider = dict(db.all("SELECT provider, SUM(amount) FROM receipts GROUP BY provider"))
    return by_account, by_provider


def assert_settled_exactly(world: World, fee_bps: int = 500):
    s = world.settlement()
    by_account, by_provider = ledger(world.db)
    for account, owed in by_account.items():
        ch = PaymentChannel(world.chain, s.client(account).channel_address)
        assert ch.state().claimed == owed, account  # to the nanoton
    fees = 0
    for provider, gross in by_provider.items():
        ch = PaymentChannel(world.chain, s.provider(provider).channel_address)
        fee = platform_fee(gross, fee_bps)
        assert ch.state().claimed == gross - fee, provider
        fees += fee
    # client paid = provider received + platform fee
    assert sum(by_account.values()) == sum(
        PaymentChannel(world.chain, s.provider(p).channel_address).state().claimed
        for p in by_provider
    ) + fees


def test_ten_thousand_invocations_few_messages(world):
    add_receipts(world.db, 10_000, list(world.clients), list(world.providers),
                 world.chain.now())
    seq0 = world.chain.last_tx_seq()
    s = world.settlement()
    sign_vouchers(world, s)
    first = s.run()  # default thresholds: below amount thresholds, not yet due...
    # ...but each provider already holds a voucher for all it is owed, on a channel funded for it
    assert first.onchain_messages == first.channels_opened == first.provider_vouchers == 2
    assert first.client_claims == first.provider_payouts == first.paid_to_providers == 0
    for provider, gross in ledger(world.db)[1].items():
        held = s.provider_voucher(provider)
        channel = PaymentChannel(world.chain, held.channel).state()
        assert held.cumulative == gross - platform_fee(gross, 500) <= channel.deposit
        assert held.verify(world.platform.public) and channel.claimed == 0
    world.chain.advance(DAY)
    report = s.run()
    assert report.onchain_messages == 4  # 2 client claims + 2 provider payouts
    assert report.client_claims == 2 and report.provider_payouts == 2
    assert report.failures == []
    assert_settled_exactly(world)
    # conservation: everything that left the parties' accounts is exactly the gas on chain
    txs = world.chain.transactions(seq0)
    assert first.gas + report.gas == sum(t.cost for t in txs)
    again = s.run(force=True)
    assert again.onchain_messages == 0  # idempotent


def test_conservation_across_all_accounts(world):
    add_receipts(world.db, 500, list(world.clients), list(world.providers),
                 world.chain.now())
    s = world.settlement()
    accounts = [wallet_address(k.public) for k in [world.platform, *world.clients.values(),
                                                    *world.providers.values()]]
    accounts += [s.client(a).channel_address for a in world.clients]
    accounts += [s.provider(p).channel_address for p in world.providers]
    before = sum(world.chain.balance(a) for a in accounts)
    seq0 = world.chain.last_tx_seq()
    sign_vouchers(world, s)
    s.run(force=True)
    gas = sum(t.cost for t in world.chain.transactions(seq0))
    assert before - sum(world.chain.balance(a) for a in accounts) == gas
    assert_settled_exactly(world)


@pytest.mark.parametrize("crash_at", range(14))
def test_crash_anywhere_then_rerun(make_world, crash_at):
    world = make_world(fee_bps=250)
    add_receipts(world.db, 300, list(world.clients), list(world.providers),
                 world.chain.now())
    sign_vouchers(world, world.settlement())
    calls = []

    def checkpoint(name):
        calls.append(name)
        if len(calls) == crash_at + 1:
            raise KeyboardInterrupt(f"crash at {name}")

    with pytest.raises(KeyboardInterrupt):  # every crash point is actually reached
        world.settlement(checkpoint=checkpoint).run(force=True)
    add_receipts(world.db, 50, list(world.clients), list(world.providers),
                 world.chain.now(), seed=2)  # the ledger keeps growing meanwhile
    sign_vouchers(world, world.settlement())
    world.settlement().run(force=True)
    world.settlement().run(force=True)
    assert_settled_exactly(world, fee_bps=250)


def test_sdk_signed_vouchers(make_world):
    world = make_world()
    s = world.settlement()
    carol = world.clients["alice"]  # a key that is not dave's
    dave = key("dave")
    world.chain.fund(wallet_address(dave.public), 100 * TON)
    info = open_channel(s, "dave", dave, 10 * TON)
    add_receipts(world.db, 10, ["dave"], ["gpu-1"], world.chain.now())
    owed = ledger(world.db)[0]["dave"]
    with pytest.raises(SettlementError):
        s.accept_voucher("dave", Voucher.sign(carol, info.channel_address, info.channel_id, owed))
    s.accept_voucher("dave", Voucher.sign(dave, info.channel_address, info.channel_id, owed))
    s.run(force=True)
    assert PaymentChannel(world.chain, info.channel_address).state().claimed == owed


def test_earnings(world):
    add_receipts(world.db, 100, list(world.clients), ["gpu-1"], world.chain.now())
    s = world.settlement()
    e = s.earnings("gpu-1")
    assert e.paid == 0 and e.owed == e.gross - e.fee and e.fee == platform_fee(e.gross, 500)
    sign_vouchers(world, s)
    s.run(force=True)
    e = s.earnings("gpu-1")
    assert e.paid == e.owed == e.vouchered


# -- client channels: opened by the client, registered with proof ------------------------------


def _opened(world: World, name: str, deposit: int = 5 * TON, **changes):
    """A channel ``name``'s key opens from its own wallet (terms changed by ``changes``)."""
    payer = key(name)
    world.chain.fund(wallet_address(payer.public), 20 * TON)
    s = world.settlement()
    terms = s.client_terms().model_copy(update=changes)
    params = open_client_channel(world.chain, terms, payer, deposit)
    return s, payer, params.address.to_str(is_user_friendly=False)


def _refused(call, code: str) -> str:
    with pytest.raises(SettlementError) as info:
        call()
    assert info.value.code == code, info.value
    return str(info.value)


def test_register_client_channel_checks_the_chain_and_the_signature(world):
    s, payer, address = _opened(world, "erin")
    # another key's signature, or erin's for another account: refused, nothing registered
    assert "signature" in _refused(lambda: s.register_client_channel(
        "erin", address, registration_signature(key("mallory"), "erin", address)),
        "bad_signature")
    _refused(lambda: s.register_client_channel(
        "erin", address, registration_signature(payer, "mallory", address)), "bad_signature")
    _refused(lambda: s.register_client_channel("erin", address, "zz"), "bad_signature")
    assert s.client("erin") is None
    signature = registration_signature(payer, "erin", address)
    channel = s.register_client_channel("erin", address, signature)
    assert (channel.channel_address, channel.payer_key) == (address, payer.public.hex())
    assert s.register_client_channel("erin", address, signature) == channel  # idempotent
    # one account per channel, one channel per account
    _refused(lambda: s.register_client_channel(
        "mallory", address, registration_signature(payer, "mallory", address)), "conflict")
    _, payer2, second = _opened(world, "erin-2")
    _refused(lambda: s.register_client_channel(
        "erin", second, registration_signature(payer2, "erin", second)), "conflict")
    assert s.client("erin") == channel and s.client("mallory") is None


REASONS = {
    "not deployed": "no contract is deployed", "a wallet": "not Cocoon's payment-channel",
    "other payee": "payee is not this platform's", "other payee key": "payee is not this",
    "other window": "dispute window is 60 s", "closing": "the channel is closing",
    "forged data": "does not derive from its parameters", "not an address": "not a TON address",
}


@pytest.mark.parametrize("case", list(REASONS))
def test_register_refuses_channels_the_platform_cannot_claim_from(world, case):
    s = world.settlement()
    other = key("elsewhere")
    if case == "not deployed":
        payer = key("frank")
        params = client_channel_params(s.client_terms(), payer)
        address = params.address.to_str(is_user_friendly=False)
    elif case == "a wallet":
        payer = world.clients["alice"]
        address = wallet_address(payer.public).to_str(is_user_friendly=False)
    elif case == "other payee":
        s, payer, address = _opened(world, "frank", platform_wallet=wallet_address(
            other.public).to_str(is_user_friendly=False))
    elif case == "other payee key":
        s, payer, address = _opened(world, "frank", platform_key=other.public.hex())
    elif case == "other window":
        s, payer, address = _opened(world, "frank", dispute_window=60)
    elif case == "closing":
        s, payer, address = _opened(world, "frank")
        PaymentChannel(world.chain, address).start_close(payer)
    elif case == "forged data":  # our code, but data claiming a deposit that was never paid
        payer = key("frank")
        world.chain.fund(wallet_address(payer.public), 20 * TON)
        params = client_channel_params(s.client_terms(), payer)
        cs = params.data_cell().begin_parse()
        data = (Builder().store_uint(cs.load_uint(2), 2).store_uint(cs.load_uint(64), 64)
                .store_address(cs.load_address()).store_address(cs.load_address())
                .store_uint(cs.load_uint(32), 32).store_uint(cs.load_uint(32), 32)
                .store_coins(1000 * TON).store_coins(0).store_ref(cs.load_ref()).end_cell())
        init = StateInit(code=params.state_init().code, data=data)
        forged, _ = world.chain.deploy(payer, init, TON)
        address = forged.to_str(is_user_friendly=False)
        assert PaymentChannel(world.chain, address).state().deposit == 1000 * TON
    else:
        payer, address = key("frank"), "not-an-address"
    message = _refused(lambda: s.register_client_channel(
        "frank", address, registration_signature(payer, "frank", address)), "invalid_channel")
    assert s.client("frank") is None
    assert REASONS[case] in message


# -- provider vouchers: always within the deposit on chain -------------------------------------


def test_provider_vouchers_never_exceed_what_the_channel_holds(make_world):
    """Funding the platform wallet cannot pay for is reported, and no voucher beyond the
    deposit on chain is handed out; once the wallet is funded, the next run catches up."""
    from cocoon.platform.settlement import Thresholds

    world = make_world(thresholds=Thresholds(provider_deposit=5000 * TON))  # > the wallet's
    s = world.settlement()
    add_receipts(world.db, 50, ["alice"], ["gpu-1"], world.chain.now())
    report = s.run()
    assert report.provider_vouchers == 0 and s.provider_voucher("gpu-1") is None
    [failure] = report.failures
    assert failure.kind == "provider_funding" and failure.target == "gpu-1"
    assert "holds 0 nTON" in failure.reason
    assert not PaymentChannel(world.chain, s.provider("gpu-1").channel_address).exists()
    world.chain.fund(wallet_address(world.platform.public), 6000 * TON)
    report = s.run()
    assert report.failures == [] and report.channels_opened == 1
    gross = ledger(world.db)[1]["gpu-1"]
    held = s.provider_voucher("gpu-1")
    state = PaymentChannel(world.chain, held.channel).state()
    assert held.cumulative == gross - platform_fee(gross, 500) <= state.deposit == 5000 * TON
    earnings = s.earnings("gpu-1")
    assert earnings.claimable == earnings.vouchered == held.cumulative and earnings.paid == 0


def test_an_aborted_claim_is_failed_not_sent_and_retried(world):
    s = world.settlement()
    add_receipts(world.db, 20, ["alice"], ["gpu-1"], world.chain.now())
    alice = s.client("alice")
    s.accept_voucher("alice", Voucher.sign(world.clients["alice"], alice.channel_address,
                                           alice.channel_id, 50 * TON + 1))  # above deposit
    report = s.run(force=True)
    [failure] = report.failures
    assert (failure.kind, failure.exit_code, report.client_claims) == ("client_claim", 405, 0)
    row = world.db.one("SELECT status, exit_code, detail FROM settlement_ops WHERE id = ?",
                       failure.op_id)
    assert tuple(row) == ("failed", 405, "exit code 405 (above_deposit)")
    assert PaymentChannel(world.chain, alice.channel_address).state().claimed == 0
    assert [f.exit_code for f in s.run(force=True).failures] == [405]  # tried again


def test_a_provider_channel_that_is_closing_is_paid_up_to_its_deposit(make_world):
    from cocoon.platform.settlement import Thresholds

    world = make_world(thresholds=Thresholds(provider_deposit=TON // 100))
    s = world.settlement()
    add_receipts(world.db, 20, ["alice"], ["gpu-1"], world.chain.now())
    s.run()  # the channel is funded for what is owed so far
    provider = world.providers["gpu-1"]
    world.chain.fund(wallet_address(provider.public), TON)
    channel = PaymentChannel(world.chain, s.provider("gpu-1").channel_address)
    channel.start_close(provider)  # the provider leaves
    deposit = channel.state().deposit
    add_receipts(world.db, 20, ["alice"], ["gpu-1"], world.chain.now(), seed=2)
    report = s.run(force=True)  # no top-up into a closing channel; paid what it holds
    assert report.failures == [] and report.top_ups == 0 and report.provider_payouts == 1
    assert channel.state().claimed == deposit == s.provider_voucher("gpu-1").cumulative


def test_cocoon_settle_lists_what_failed_on_chain_and_exits_1(tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app

    world = World(tmp_path, fee_bps=500)  # laid out as a $COCOON_HOME: platform.db, chain/
    try:
        (tmp_path / "platform_key").write_text(world.platform.seed.hex())
        add_receipts(world.db, 5, ["alice"], ["gpu-1"], world.chain.now())
        alice = world.settlement().client("alice")
        world.settlement().accept_voucher("alice", Voucher.sign(
            world.clients["alice"], alice.channel_address, alice.channel_id, 50 * TON + 1))
        env = {"COCOON_HOME": str(tmp_path), "COCOON_CLIENT_GATEWAY_URL": "http://127.0.0.1:9"}
        result = CliRunner().invoke(app, ["settle", "--json"], env=env)
        assert result.exit_code == 1, result.output
        report = json.loads(result.stdout)
        assert [(f["kind"], f["target"], f["exit_code"]) for f in report["failures"]] == [
            ("client_claim", "alice", 405)]
        assert report["provider_payouts"] == 1  # the rest was settled
        table = CliRunner().invoke(app, ["settle"], env=env)
        assert "client_claim alice: exit code 405 (above_deposit)" in table.output
    finally:
        world.close()
