"""The chain watcher: deposits credited from the chain, closing client channels claimed at once
(thresholds ignored) before their dispute window ends, failures reported and retried; and the
settings that refuse a max_delay or a watch interval the dispute window cannot absorb.

Driver-level tests run on the real embedded chain (TVM) and a real SQLite/PostgreSQL ledger; the
last test runs a real gateway whose own watcher loop claims a channel its client closed right
after its last call, and the provider is still paid.
"""

from __future__ import annotations

import time

import pytest
from harness import running_network
from pydantic import ValidationError
from world import TON, World, add_receipts, key, open_channel

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import load_key_file
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.gateway.settle import settlement_for
from cocoon.platform.ledger import Ledger
from cocoon.platform.settlement import Thresholds, platform_fee
from cocoon.platform.settlement.watcher import ChainWatcher
from cocoon.runtime.errors import CocoonError

LAZY = Thresholds(claim_min_amount=10_000 * TON, payout_min_amount=10_000 * TON)


def owed(world: World, account: str) -> int:
    return world.db.one("SELECT SUM(amount) FROM receipts WHERE account = ?", account)[0]


def vouch(world: World, s, account: str, cumulative: int) -> Voucher:
    channel = s.client(account)
    voucher = Voucher.sign(world.clients[account], channel.channel_address, channel.channel_id,
                           cumulative)
    s.accept_voucher(account, voucher)
    return voucher


def ops(world: World) -> list[tuple]:
    return [tuple(r) for r in world.db.all(
        "SELECT kind, target, status, exit_code FROM settlement_ops ORDER BY id")]


def add_accounts(world: World, *names: str) -> None:
    """Ledger accounts for the world's channels (deposits are credited to them)."""
    with world.db.tx() as c:
        for name in names:
            c.execute("INSERT INTO accounts (id, name, created_ms) VALUES (?, ?, 0)",
                      (name, name))


@pytest.fixture
def lazy_world(make_world) -> World:
    """Thresholds no run reaches: only the watcher claims (or a closing channel)."""
    world = make_world(fee_bps=500, thresholds=LAZY)
    add_accounts(world, *world.clients)
    return world


def test_the_watcher_credits_deposits_and_claims_a_closing_channel_at_once(lazy_world):
    world = lazy_world
    s = world.settlement()
    watcher = ChainWatcher(s, Ledger(world.db))
    first = watcher.poll()
    assert first.credited == 2 * 50 * TON and first.closing_claims == 0
    assert watcher.poll().credited == 0  # exactly once
    add_receipts(world.db, 40, ["alice", "bob"], ["gpu-1"], world.chain.now())
    vouch(world, s, "alice", owed(world, "alice"))
    vouch(world, s, "bob", owed(world, "bob"))
    assert s.run().client_claims == 0  # below every threshold: nothing claimed
    assert watcher.poll().closing_claims == 0  # open channels are the settlement run's
    alice = world.clients["alice"]
    channel = PaymentChannel(world.chain, s.client("alice").channel_address)
    channel.start_close(alice)
    report = watcher.poll()
    assert report.closing_claims == 1 and report.failures == [] and report.busy is None
    state = channel.state()
    assert state.status == "closing" and state.claimed == owed(world, "alice")
    assert state.close_started_at + state.dispute_window > world.chain.now()  # in the window
    assert watcher.poll().closing_claims == 0  # nothing newer to claim
    bob = PaymentChannel(world.chain, s.client("bob").channel_address).state()
    assert bob.claimed == 0  # untouched: still open
    # the window ends: alice takes back exactly the rest; the provider is still paid in full
    world.chain.advance(state.dispute_window + 1)
    before = world.chain.balance(wallet_address(alice.public))
    left = channel.state().balance  # the unclaimed deposit (and the gas reserves left over)
    assert left >= 50 * TON - owed(world, "alice")
    channel.finish_close(alice)
    refund = world.chain.balance(wallet_address(alice.public)) - before
    assert abs(refund - left) < TON // 10  # less the close message's fees
    assert channel.state().status == "closed" and channel.state().claimed == owed(world, "alice")
    vouch(world, s, "bob", owed(world, "bob"))
    s.run(force=True)
    gross = world.db.one("SELECT SUM(amount) FROM receipts")[0]
    provider = PaymentChannel(world.chain, s.provider("gpu-1").channel_address).state()
    assert provider.claimed == gross - platform_fee(gross, 500)


def test_a_failed_claim_is_reported_and_retried_on_the_next_poll(lazy_world):
    world = lazy_world
    s = world.settlement()
    watcher = ChainWatcher(s, Ledger(world.db))
    add_receipts(world.db, 10, ["alice"], ["gpu-1"], world.chain.now())
    vouch(world, s, "alice", 50 * TON + 1)  # more than the channel holds: the contract refuses
    alice = world.clients["alice"]
    channel = PaymentChannel(world.chain, s.client("alice").channel_address)
    channel.start_close(alice)
    report = watcher.poll()
    assert report.closing_claims == 0
    [failure] = report.failures
    assert (failure.kind, failure.target, failure.exit_code) == ("closing_claim", "alice", 405)
    assert "above_deposit" in failure.reason
    assert ops(world)[-1] == ("closing_claim", "alice", "failed", 405)  # not marked sent
    assert channel.state().claimed == 0
    # the same voucher fails again (reported each poll); a claimable one is claimed
    assert [f.exit_code for f in watcher.poll().failures] == [405]
    with world.db.tx() as c:  # the client's correct voucher (the gateway keeps only newer ones)
        c.execute("DELETE FROM settlement_client_vouchers WHERE account = 'alice'")
    vouch(world, s, "alice", owed(world, "alice"))
    report = watcher.poll()
    assert report.closing_claims == 1 and report.failures == []
    assert channel.state().claimed == owed(world, "alice")


def test_a_busy_lease_defers_the_claim_to_the_next_poll(lazy_world):
    world = lazy_world
    s = world.settlement()
    add_receipts(world.db, 10, ["alice"], ["gpu-1"], world.chain.now())
    vouch(world, s, "alice", owed(world, "alice"))
    PaymentChannel(world.chain, s.client("alice").channel_address).start_close(
        world.clients["alice"])
    running = world.settlement()
    assert running.lease.try_acquire()  # a settlement run elsewhere holds the lease
    watcher = ChainWatcher(s, Ledger(world.db), lease_wait_s=0)
    report = watcher.poll()
    assert report.busy and report.closing_claims == 0
    running.lease.release()
    assert watcher.poll().closing_claims == 1


def test_a_settlement_run_claims_closing_channels_whatever_the_thresholds(lazy_world):
    world = lazy_world
    s = world.settlement()
    add_receipts(world.db, 10, ["alice", "bob"], ["gpu-1"], world.chain.now())
    vouch(world, s, "alice", owed(world, "alice"))
    vouch(world, s, "bob", owed(world, "bob"))
    PaymentChannel(world.chain, s.client("bob").channel_address).start_close(
        world.clients["bob"])
    report = s.run()
    assert (report.closing_claims, report.client_claims) == (1, 0)
    assert PaymentChannel(world.chain, s.client("bob").channel_address).state().claimed == (
        owed(world, "bob"))


# -- settings ------------------------------------------------------------------------------------


def test_settings_refuse_a_max_delay_the_dispute_window_cannot_absorb(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    (tmp_path / "config.toml").write_text(
        "[gateway]\ndispute_window_s = 3600\n[gateway.thresholds]\nmax_delay = 3000\n")
    with pytest.raises(CocoonError, match=r"max_delay \(3000 s\) must be at most half"):
        GatewaySettings.load()
    monkeypatch.setenv("COCOON_GATEWAY_THRESHOLDS__MAX_DELAY", "1800")
    assert GatewaySettings.load().dispute_window_s == 3600  # half the window: accepted
    monkeypatch.setenv("COCOON_GATEWAY_WATCH_INTERVAL_S", "1000")
    with pytest.raises(CocoonError, match=r"watch_interval_s \(1000.0 s\) must be at most"):
        GatewaySettings.load()
    with pytest.raises(ValidationError, match="max_delay"):
        GatewaySettings(dispute_window_s=600)
    defaults = GatewaySettings()  # the defaults themselves pass
    assert defaults.thresholds.max_delay * 2 <= defaults.dispute_window_s
    with pytest.raises(ValueError, match="max_delay"):
        World(tmp_path / "w", dispute_window=600, thresholds=Thresholds(max_delay=301))


def test_the_gateway_driver_uses_the_configured_window_and_fee(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    settings = GatewaySettings(database=tmp_path / "platform.db", dispute_window_s=7200,
                               fee_bps=123, thresholds=Thresholds(max_delay=3600))
    with settlement_for(settings) as s:
        assert s.client_terms().dispute_window == 7200 and s.fee_bps == 123


# -- on a running gateway ----------------------------------------------------------------------


def test_a_client_closing_right_after_its_last_call_is_claimed_and_the_provider_paid(tmp_path):
    home = tmp_path / "home"
    with running_network(home, settle_interval_s=0, watch_interval_s=0.2) as net:
        client = net.client()
        for i in range(3):
            client.invoke("echo", {"i": i})
        client.flush_voucher()
        with net.http() as http:
            acct = http.get("/v1/account").json()
        charged = acct["charged"]
        assert charged > 0 and acct["vouchered"] == charged
        wallet = load_key_file(home / "wallet.json")
        chain = EmbeddedChain(home / "chain")
        try:
            channel = PaymentChannel(chain, acct["channel"]["address"])
            channel.start_close(wallet)  # right after the last call
            deadline = time.monotonic() + 30
            while channel.state().claimed < charged:  # the gateway's own watcher claims
                assert time.monotonic() < deadline, "the watcher did not claim"
                time.sleep(0.1)
            state = channel.state()
            assert state.claimed == charged and state.status == "closing"
            assert chain.now() < state.close_started_at + state.dispute_window
        finally:
            chain.close()
    # the gateway is gone; the settlement (as `cocoon settle` opens it) pays the provider
    settings = GatewaySettings(database=home / "platform.db")
    with settlement_for(settings) as s:
        s.run(force=True)
        paid = PaymentChannel(s.chain, s.provider("local").channel_address).state().claimed
        assert paid == charged - platform_fee(charged, settings.fee_bps)


def test_the_runner_opens_no_chain_before_a_client_channel_is_registered(tmp_path):
    import asyncio

    from cocoon.platform.gateway.settle import SettlementRunner

    settings = GatewaySettings(database=tmp_path / "platform.db")

    async def poll_twice() -> list:
        runner = SettlementRunner(settings)
        try:
            nothing = await runner.watch()
            assert not (tmp_path / "chain").exists()  # no chain opened, none created
            s = await runner.call(lambda d: d)
            payer = key("late")
            await runner.call(lambda d: d.chain.fund(wallet_address(payer.public), 10 * TON))
            with s.db.tx() as c:
                c.execute("INSERT INTO accounts (id, name, created_ms) VALUES ('late', 'l', 0)")
            await runner.call(lambda d: open_channel(d, "late", payer, 3 * TON))
            return [nothing, await runner.watch(), await runner.watch()]
        finally:
            await runner.close()

    nothing, first, again = asyncio.run(poll_twice())
    assert nothing is None
    assert (first.credits, first.credited, again.credited) == (1, 3 * TON, 0)
