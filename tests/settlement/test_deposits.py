"""Account credit comes from the chain only (platform/settlement/deposits.py), on the real TVM
(embedded chain) and on SQLite and PostgreSQL: a channel's deposit is credited once, a top-up
once it is on chain, a failed top-up never, a restart or a second gateway never twice."""

import threading

import pytest

from cocoon.contracts.channel import TOPUP_GAS_RESERVE, PaymentChannel, top_up_body
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.messages import Transfer
from cocoon.platform.ledger import Ledger
from cocoon.platform.settlement import Settlement, deposits
from cocoon.platform.settlement.deposits import channel_ref, credit_deposits
from cocoon.platform.settlement.vouchers import VoucherBook
from cocoon.runtime.errors import CocoonError

TON = 10**9

pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def ledger_world(world):
    """The world's alice and bob as ledger accounts (their channels hold 50 TON each)."""
    with world.db.tx() as c:
        for account in world.clients:
            c.execute("INSERT INTO accounts (id, name, created_ms) VALUES (?, ?, 0)",
                      (account, account))
    return world


def credited(world, account) -> int:
    return Ledger(world.db).balance(account).credited


def channel_of(world, account) -> PaymentChannel:
    return PaymentChannel(world.chain, world.settlement().client(account).channel_address)


def test_deposit_and_top_up_are_credited_once(ledger_world):
    w = ledger_world
    s, ledger = w.settlement(), Ledger(w.db)
    first = credit_deposits(s, ledger)
    assert sorted((c.account, c.amount) for c in first) == [("alice", 50 * TON),
                                                            ("bob", 50 * TON)]
    assert credit_deposits(s, ledger) == []  # nothing new on chain: nothing credited
    channel_of(w, "alice").top_up(w.clients["alice"], 7 * TON)
    again = credit_deposits(s, ledger)
    assert [(c.account, c.amount, c.deposit) for c in again] == [("alice", 7 * TON, 57 * TON)]
    assert credited(w, "alice") == 57 * TON and credited(w, "bob") == 50 * TON
    address = channel_of(w, "alice").state().address
    refs = [r[0] for r in w.db.all("SELECT ref FROM deposits WHERE account = 'alice'"
                                   " ORDER BY seq")]
    assert refs == [channel_ref(address, 0), channel_ref(address, 50 * TON)]
    # a restart: a new driver and ledger on the same database credit nothing again
    assert credit_deposits(w.settlement(), Ledger(w.db)) == []
    assert credited(w, "alice") == 57 * TON


def test_failed_top_ups_credit_nothing_and_a_foreign_one_only_its_owner(ledger_world):
    """The forged "top-up notification": whatever a message claims, only the chain's deposit
    counts. A top-up from a wallet that is not the channel's payer (exit 401) and one with too
    little value attached (exit 410) fail on chain, bounce, and credit nobody."""
    w = ledger_world
    s, ledger = w.settlement(), Ledger(w.db)
    credit_deposits(s, ledger)
    alice = channel_of(w, "alice")
    stranger = w.clients["bob"]  # bob's wallet, aiming a top-up at alice's channel
    sent = w.chain.transfer(stranger, [Transfer(dest=alice.address, value=5 * TON
                                                + TOPUP_GAS_RESERVE, body=top_up_body(5 * TON))])
    assert sent.aborted  # rolled back on chain, the value bounced to bob
    short = w.chain.transfer(w.clients["alice"], [Transfer(dest=alice.address, value=TON,
                                                          body=top_up_body(5 * TON))])
    assert short.aborted
    assert alice.state().deposit == 50 * TON
    assert credit_deposits(s, ledger) == []
    assert (credited(w, "alice"), credited(w, "bob")) == (50 * TON, 50 * TON)
    # alice tops up her own channel: alice is credited, bob is not
    alice.top_up(w.clients["alice"], 3 * TON)
    assert [(c.account, c.amount) for c in credit_deposits(s, ledger)] == [("alice", 3 * TON)]
    assert (credited(w, "alice"), credited(w, "bob")) == (53 * TON, 50 * TON)


def test_a_stale_reader_never_credits_twice(ledger_world, monkeypatch):
    """Two gateways: one credited 0 -> 50; the other read the ledger before that (0) and the
    chain after a top-up (57). Its credit starts from level 0, which is spent: a no-op. (The
    stale read is forced by a stand-in for `credited_for`, the race's losing interleaving.)"""
    w = ledger_world
    s, ledger = w.settlement(), Ledger(w.db)
    credit_deposits(s, ledger)
    channel_of(w, "alice").top_up(w.clients["alice"], 7 * TON)
    monkeypatch.setattr(deposits, "credited_for", lambda db, account, address: 0)
    assert credit_deposits(s, ledger) == []
    assert credited(w, "alice") == 50 * TON
    monkeypatch.undo()
    assert [c.amount for c in credit_deposits(s, ledger)] == [7 * TON]
    assert credited(w, "alice") == 57 * TON


def test_two_watchers_at_once_credit_each_deposit_once(ledger_world, tmp_path):
    """Four gateways' watchers on one database, each with its own chain connection."""
    w = ledger_world
    channel_of(w, "alice").top_up(w.clients["alice"], 1 * TON)
    errors: list[BaseException] = []

    def watch():
        chain = EmbeddedChain(tmp_path / "chain")
        s = Settlement(w.target, chain, w.platform)
        try:
            for _ in range(3):
                credit_deposits(s, Ledger(s.db))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            s.close()
            chain.close()

    threads = [threading.Thread(target=watch) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert (credited(w, "alice"), credited(w, "bob")) == (51 * TON, 50 * TON)


def test_an_upgraded_state_keeps_its_old_credit(ledger_world):
    """`cocoon up` used to credit the starting deposit under ref `channel:<address>`: that
    counts, so the watcher's first pass on such a state credits only what came after it."""
    w = ledger_world
    address = channel_of(w, "alice").state().address
    Ledger(w.db).deposit("alice", 50 * TON, source="channel", ref=f"channel:{address}")
    credits = credit_deposits(w.settlement(), Ledger(w.db))
    assert [(c.account, c.amount) for c in credits] == [("bob", 50 * TON)]
    assert credited(w, "alice") == 50 * TON


def test_unknown_accounts_are_skipped(world):
    """Channels registered for accounts the ledger does not hold: nothing to credit."""
    assert credit_deposits(world.settlement(), Ledger(world.db)) == []


def test_a_closing_channel_is_refused_new_calls(ledger_world):
    w = ledger_world
    s, ledger = w.settlement(), Ledger(w.db)
    book = VoucherBook(w.db)
    credit_deposits(s, ledger)
    book.require_open("alice")  # open: served
    channel_of(w, "alice").start_close(w.clients["alice"])
    credit_deposits(s, ledger)
    with pytest.raises(CocoonError) as refused:
        book.require_open("alice")
    assert refused.value.code == "channel_closing" and refused.value.status == 402
    book.require_open("bob")  # bob's channel is still open
    assert deposits.channel_status(w.db, "alice") == "closing"
