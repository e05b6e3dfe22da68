"""The root contract on the real TVM (pytvm's emulator): owner-only changes, history, getters."""

import pytest
from pydantic import ValidationError
from pytoniq_core import Builder

from cocoon.contracts.root import (
    ERRORS,
    OP_ADD_ENTRY,
    OP_CHANGE_OWNER,
    AllowEntry,
    RootContract,
    RootParams,
)

MRTD = AllowEntry(kind="tdx", name="mrtd", value="91" * 48)
RTMR1 = AllowEntry(kind="tdx", name="rtmr1", value="a5" * 48)
SNP = AllowEntry(kind="sev-snp", name="measurement", value="b0" * 48)


def failures(result) -> list[str]:
    return [ERRORS.get(t.exit_code, str(t.exit_code)) for t in result.transactions if t.aborted]


@pytest.fixture
def owner(chain, make_party):
    return make_party(chain, b"root owner")


@pytest.fixture
def root(chain, owner) -> RootContract:
    contract, result = RootContract.deploy(chain, owner.key, RootParams(owner=owner.raw))
    assert not failures(result)
    return contract


def test_deploy_starts_empty(root, owner):
    state = root.state()
    assert state.owner == owner.raw and state.seqno == 0 and state.entries == []
    assert not state.development and root.history() == []
    dev, _ = RootContract.deploy(root.chain, owner.key, RootParams(owner=owner.raw, flags=1))
    assert dev.address != root.address and dev.state().development


def test_owner_adds_and_removes(root, owner, chain):
    for entry in (MRTD, RTMR1, SNP):
        assert not failures(root.add(owner.key, entry))
    state = root.state()
    assert state.seqno == 3
    assert state.entries == sorted([MRTD, RTMR1, SNP], key=lambda e: (e.kind, e.name, e.value))
    assert chain.run_get_method(root.address, "is_allowed", [int(MRTD.key, 16)])[0] != 0
    assert not failures(root.remove(owner.key, RTMR1))
    assert root.state().entries == [SNP, MRTD]
    assert chain.run_get_method(root.address, "is_allowed", [int(RTMR1.key, 16)])[0] == 0


def test_duplicates_missing_and_malformed_entries_refused(root, owner):
    assert not failures(root.add(owner.key, MRTD))
    assert failures(root.add(owner.key, MRTD)) == ["entry_exists"]
    assert failures(root.remove(owner.key, SNP)) == ["no_entry"]
    bad = Builder().store_uint(9, 8).store_uint(1, 8).store_bytes(b"x").end_cell()  # kind 9
    body = Builder().store_uint(OP_ADD_ENTRY, 32).store_uint(0, 64).store_ref(bad).end_cell()
    assert failures(root._send(owner.key, body, 50_000_000)) == ["bad_entry"]
    none_owner = (Builder().store_uint(OP_CHANGE_OWNER, 32).store_uint(0, 64)
                  .store_address(None).end_cell())  # addr_none would lock the root for good
    assert failures(root._send(owner.key, none_owner, 50_000_000)) == ["bad_owner"]
    assert root.state().seqno == 1 and len(root.history()) == 1


def test_strangers_change_nothing(root, owner, stranger):
    assert not failures(root.add(owner.key, MRTD))
    before = root.state()
    assert failures(root.add(stranger.key, SNP)) == ["not_owner"]
    assert failures(root.remove(stranger.key, MRTD)) == ["not_owner"]
    assert failures(root.set_flags(stranger.key, 1)) == ["not_owner"]
    assert failures(root.change_owner(stranger.key, stranger.raw)) == ["not_owner"]
    assert root.state() == before and len(root.history()) == 1


def test_history_records_every_change_in_order(root, owner, stranger, chain):
    root.add(owner.key, MRTD)
    root.add(owner.key, SNP)
    root.remove(owner.key, MRTD)
    root.set_flags(owner.key, 1)
    root.change_owner(owner.key, stranger.raw)
    assert failures(root.add(owner.key, RTMR1)) == ["not_owner"]  # the old owner is out
    assert not failures(root.add(stranger.key, RTMR1))
    history = root.history()
    assert [(e.seqno, e.op) for e in history] == [
        (0, "add"), (1, "add"), (2, "remove"), (3, "flags"),
        (4, "owner"), (5, "add")]
    assert [e.entry for e in history if e.entry] == [MRTD, SNP, MRTD, RTMR1]
    assert history[3].flags == 1 and history[4].owner == stranger.raw
    times = [e.at for e in history]
    assert times == sorted(times) and times[-1] <= chain.now()
    state = root.state()
    assert state.seqno == 6 and state.owner == stranger.raw and state.development
    assert state.entries == [SNP, RTMR1]


def test_anyone_may_pay_storage(root, stranger, chain):
    before = chain.balance(root.address)
    chain.fund(root.address, 10**9)
    assert chain.balance(root.address) > before and root.state().seqno == 0


def test_entry_values_are_checked():
    assert AllowEntry(kind="tdx", name=" MRTD ", value="AB" * 48).name == "mrtd"
    for bad in ({"name": "", "value": "00"}, {"name": "x" * 17, "value": "00"},
                {"name": "mrtd", "value": "zz"}, {"name": "mrtd", "value": "00" * 65},
                {"name": "mrtd", "value": ""}):
        with pytest.raises(ValidationError):
            AllowEntry(kind="tdx", **bad)
    assert AllowEntry.from_cell(MRTD.cell()) == MRTD and MRTD.key != SNP.key


def test_every_change_is_also_an_external_log_message(root, owner, chain):
    """What an indexer sees: the root's transaction for a change emits one external message
    (dest addr_none) carrying seqno + the history record. Emulated on the root's current state
    with pytvm's transaction emulator directly, since the embedded chain keeps no out messages."""
    from pytoniq.contract.contract import Contract
    from pytoniq_core import Cell, Transaction

    from cocoon.contracts.root import add_entry_body

    root.add(owner.key, MRTD)
    row = chain._db.execute("SELECT shard_account FROM chain_accounts WHERE address = ?",
                            (root.address.to_str(is_user_friendly=False),)).fetchone()
    message = Contract.create_internal_msg(src=owner.address, dest=root.address,
                                           value=50_000_000, body=add_entry_body(SNP))
    chain._emulator.set_unixtime(chain.now())
    res = chain._emulator.raw_emulate_transaction(Cell.one_from_boc(row[0]),
                                                  message.serialize())
    tx = Transaction.deserialize(Cell.one_from_boc(res["transaction"]).begin_parse())
    logs = [m for m in tx.out_msgs if not m.is_internal]
    assert len(logs) == 1
    body = logs[0].body.begin_parse()
    assert (body.load_uint(32), body.load_uint(8), body.load_uint(32)) == (1, 1, chain.now())
    assert AllowEntry.from_cell(body.load_ref()) == SNP
