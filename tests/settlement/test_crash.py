"""Crash tests: the settlement driver and the chain watcher killed at every checkpoint, then run
again, end exactly where an uninterrupted history ends: no nanoton lost or paid twice, the chain
and the ledger agree.

One history, on the real embedded chain (TVM) and a real SQLite ledger: provider channels funded
and vouchered before any payout is due, topped up as earnings grow, a client that closes its
channel right after its last call (the watcher claims it in the window), then payouts. The history
is played once to list its checkpoints (after a message is built, recorded, sent; after a
provider voucher is stored), then once per checkpoint with a crash there: the step that crashed
is run again by a fresh driver on the same database and chain, and the final state must equal
the uninterrupted one. In-process crashes unwind (the lease is released); the last tests kill a
real process with ``os._exit`` (nothing released, the lease must run out first).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from world import TON, World, add_receipts, sign_vouchers

from cocoon.contracts.channel import PaymentChannel
from cocoon.platform.ledger import Ledger
from cocoon.platform.settlement import Settlement, Thresholds, platform_fee
from cocoon.platform.settlement.watcher import ChainWatcher

FEE = 250
# no threshold reached before the forced runs; provider channels funded in small steps
THRESHOLDS = Thresholds(claim_min_amount=10_000 * TON, payout_min_amount=10_000 * TON,
                        provider_deposit=TON // 20)


class Crash(BaseException):
    """The process dies here (nothing in the driver catches a BaseException)."""


def _receipts(seed: int, accounts: list[str]) -> Callable[[World], None]:
    def prepare(world: World) -> None:
        add_receipts(world.db, 120, accounts, list(world.providers), world.chain.now(),
                     seed=seed)
        sign_vouchers(world, world.settlement())
    return prepare


def _close_alice(world: World) -> None:
    s = world.settlement()
    PaymentChannel(world.chain, s.client("alice").channel_address).start_close(
        world.clients["alice"])


def _nothing(world: World) -> None:
    pass


def _watch(world: World, s: Settlement) -> None:
    ChainWatcher(s, Ledger(world.db)).poll()


STEPS: list[tuple[Callable[[World], None], Callable[[World, Settlement], object]]] = [
    (_receipts(1, ["alice", "bob"]), lambda w, s: s.run()),  # channels funded + vouchered
    (_receipts(2, ["alice", "bob"]), lambda w, s: s.run()),  # topped up as earnings grow
    (_close_alice, _watch),  # alice closes after her last call: claimed at once
    (_receipts(3, ["bob"]), lambda w, s: s.run(force=True)),  # payouts
    (_nothing, lambda w, s: s.run(force=True)),  # nothing left to do
]


def snapshot(world: World) -> dict:
    """Everything that holds money: channels on chain, vouchers held, credits in the ledger."""
    s = world.settlement()
    out: dict = {}
    for account in world.clients:
        st = PaymentChannel(world.chain, s.client(account).channel_address).state()
        out[account] = (st.status, st.deposit, st.claimed)
    for provider in world.providers:
        st = PaymentChannel(world.chain, s.provider(provider).channel_address).state()
        out[provider] = (st.deposit, st.claimed, s.provider_voucher(provider).cumulative)
    out["credited"] = sorted(tuple(r) for r in world.db.all("SELECT id, credited FROM accounts"))
    return out


def check_books(world: World) -> None:
    """The chain agrees with the ledger to the nanoton."""
    s = world.settlement()
    for account, owed in world.db.all("SELECT account, SUM(amount) FROM receipts GROUP BY"
                                      " account"):
        st = PaymentChannel(world.chain, s.client(account).channel_address).state()
        assert st.claimed == owed, account
        credited = world.db.one("SELECT credited FROM accounts WHERE id = ?", account)[0]
        assert credited == st.deposit, account  # credited once, exactly the deposit
    for provider, gross in world.db.all("SELECT provider, SUM(amount) FROM receipts GROUP BY"
                                        " provider"):
        st = PaymentChannel(world.chain, s.provider(provider).channel_address).state()
        assert st.claimed == s.provider_voucher(provider).cumulative == (
            gross - platform_fee(gross, FEE)), provider
        assert st.deposit - st.claimed < THRESHOLDS.provider_deposit + TON  # no extra top-up


def play(world: World, crash_at: int | None) -> list[str]:
    seen: list[str] = []

    def checkpoint(name: str) -> None:
        seen.append(name)
        if crash_at is not None and len(seen) == crash_at + 1:
            raise Crash(name)

    with world.db.tx() as c:
        for account in world.clients:
            c.execute("INSERT INTO accounts (id, name, created_ms) VALUES (?, ?, 0)",
                      (account, account))
    for prepare, act in STEPS:
        prepare(world)
        try:
            act(world, world.settlement(checkpoint=checkpoint))
        except Crash:
            act(world, world.settlement())  # restarted: a fresh driver, same database and chain
    return seen


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> tuple[dict, list[str]]:
    world = World(tmp_path_factory.mktemp("baseline"), fee_bps=FEE, thresholds=THRESHOLDS)
    try:
        names = play(world, None)
        check_books(world)
        return snapshot(world), names
    finally:
        world.close()


def test_the_history_reaches_every_kind_of_checkpoint(uninterrupted):
    _, names = uninterrupted
    for kind in ("provider_funding", "closing_claim", "client_claim", "provider_payout"):
        for when in ("built", "recorded", "sent"):
            assert f"{kind}_{when}" in names
    assert "provider_voucher_signed" in names


def test_a_crash_at_any_checkpoint_changes_nothing(uninterrupted, tmp_path):
    final, names = uninterrupted
    for crash_at, name in enumerate(names):
        world = World(tmp_path / str(crash_at), fee_bps=FEE, thresholds=THRESHOLDS)
        try:
            play(world, crash_at)
            check_books(world)
            assert snapshot(world) == final, f"crash at #{crash_at} {name}"
            statuses = {r[0] for r in world.db.all("SELECT status FROM settlement_ops")}
            assert statuses <= {"sent", "superseded"}, name  # nothing failed, none left pending
        finally:
            world.close()


# -- a real process, killed -----------------------------------------------------------------------

KILLED = """
import os, sys
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.platform.settlement import Settlement, Thresholds

chain_dir, database, seed, at, thresholds = sys.argv[1:]
def checkpoint(name):
    if name == at:
        os._exit(9)  # killed: no finally, no lease released, nothing flushed
Settlement(database, EmbeddedChain(chain_dir), KeyPair(bytes.fromhex(seed)), fee_bps=250,
           thresholds=Thresholds.model_validate_json(thresholds), lease_s=1,
           checkpoint=checkpoint).run(force=True)
raise SystemExit("the checkpoint was never reached")
"""


@pytest.mark.parametrize("at", ["client_claim_sent", "provider_payout_recorded"])
def test_a_killed_settlement_process_is_finished_by_the_next_run(tmp_path, at):
    world = World(tmp_path, fee_bps=FEE, thresholds=THRESHOLDS)
    try:
        with world.db.tx() as c:
            for account in world.clients:
                c.execute("INSERT INTO accounts (id, name, created_ms) VALUES (?, ?, 0)",
                          (account, account))
        ChainWatcher(world.settlement(), Ledger(world.db)).poll()  # credits the deposits
        _receipts(1, ["alice", "bob"])(world)
        env = {**os.environ, "PYTHONPATH": os.getcwd()}
        done = subprocess.run(
            [sys.executable, "-c", KILLED, str(tmp_path / "chain"), str(world.target),
             world.platform.seed.hex(), at, THRESHOLDS.model_dump_json()],
            env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 9, done.stderr
        pending = world.db.all("SELECT kind FROM settlement_ops WHERE status = 'pending'")
        assert pending  # it died with a message recorded, maybe sent, not marked
        report = world.settlement().run(force=True, wait_s=10)  # after the dead lease expired
        assert report.failures == [] and report.stopped is None
        check_books(world)
        assert world.db.one("SELECT COUNT(*) FROM settlement_ops WHERE status = 'pending'")[0] == 0
    finally:
        world.close()
