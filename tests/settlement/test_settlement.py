import pytest
from conftest import TON, World, add_receipts, key, open_channel, sign_vouchers

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.settlement import SettlementError, platform_fee

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
    report = s.run()  # default thresholds: below amount thresholds, not yet due
    assert report.onchain_messages == 0
    world.chain.advance(DAY)
    report = s.run()
    assert report.onchain_messages <= 4  # 2 client claims + 2 provider payouts (with deploy)
    assert report.client_claims == 2 and report.provider_payouts == 2
    assert_settled_exactly(world)
    # conservation: everything that left the parties' accounts is exactly the gas on chain
    txs = world.chain.transactions(seq0)
    assert report.gas == sum(t.cost for t in txs)
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
