"""The provider stake on the real TVM: deposit, unbonding withdrawal, penalties and forgeries."""

import hashlib

import pytest

from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer
from cocoon.contracts.stake import (
    REWARD_PERCENT,
    KeyCert,
    Proof,
    ProviderStake,
    SignedCommitment,
    StakeParams,
    commitment_cell,
    deposit_body,
)
from cocoon.runtime.wire import ReceiptCommitment

TON = 10**9
DELAY = 3 * 24 * 3600
REPLICA = KeyPair(hashlib.sha256(b"replica receipt key").digest())


def tx_of(result, stake):
    raw = stake.address.to_str(is_user_friendly=False)
    txs = [t for t in result.transactions if t.address == raw]
    assert len(txs) == 1
    return txs[0]


def ok(result, stake):
    tx = tx_of(result, stake)
    assert not tx.aborted, tx
    return tx


def rejected(result, stake, code):
    tx = tx_of(result, stake)
    assert tx.aborted and tx.exit_code == code, tx
    return tx


@pytest.fixture
def owner(payer):
    return payer


@pytest.fixture
def stake(chain, owner) -> ProviderStake:
    params = StakeParams(owner=owner.raw, owner_key=owner.key.public.hex(), stake_id=7,
                         unbonding_delay=DELAY)
    s, result = ProviderStake.open(chain, owner.key, params, 10 * TON)
    assert s.address == params.address
    ok(result, s)
    return s


def commitment(request: bytes = b"request", units: int = 3, unit_price: int = 1000,
               amount: int | None = None, output: bytes = b"output") -> ReceiptCommitment:
    return ReceiptCommitment(
        request_hash=hashlib.sha256(request).digest(),
        function_digest=hashlib.sha256(b"function").digest(),
        units=units, unit_price=unit_price,
        amount=units * unit_price if amount is None else amount,
        output_digest=hashlib.sha256(output).digest(),
    )


def signed(c: ReceiptCommitment, key: KeyPair = REPLICA) -> SignedCommitment:
    return SignedCommitment(c, key.sign(c.digest()).hex())


def cert(owner, stake, key: KeyPair = REPLICA) -> KeyCert:
    return KeyCert.sign(owner.key, stake.address, key.public.hex())


def mispriced(owner, stake) -> Proof:
    return Proof(cert(owner, stake), signed(commitment(amount=3001)))


def test_direct_hashes_equal_the_cells_the_contract_hashes(owner, stake):
    for c in (commitment(), commitment(units=2**64 - 1, unit_price=0, amount=2**63)):
        assert commitment_cell(c).hash == c.digest()
    kc = cert(owner, stake)
    assert kc.cell().hash == kc.digest() and kc.verify(owner.key.public)
    assert not kc.verify(REPLICA.public)
    with pytest.raises(ValueError):
        commitment(units=2**64).digest()


def test_deposit_only_from_the_owner_and_covering_its_gas(chain, stake, owner, stranger):
    st = stake.state()
    assert (st.status, st.amount, st.bonded, st.stake_id, st.owner) == (
        "active", 10 * TON, 10 * TON, 7, owner.raw)
    assert st.owner_key == owner.key.public.hex() and st.balance >= 10 * TON
    ok(stake.deposit(owner.key, 5 * TON), stake)
    assert stake.state().amount == 15 * TON
    rejected(stake.deposit(stranger.key, TON), stake, 401)
    low = chain.transfer(owner.key, [Transfer(dest=stake.address, value=TON,
                                              body=deposit_body(TON))])
    rejected(low, stake, 410)
    assert stake.state().amount == 15 * TON


def test_withdraw_only_after_the_unbonding_delay(chain, stake, owner, stranger):
    rejected(stake.start_withdraw(stranger.key), stake, 401)
    rejected(stake.finish_withdraw(owner.key), stake, 408)  # not unbonding yet
    ok(stake.start_withdraw(owner.key), stake)
    st = stake.state()
    assert st.status == "unbonding" and st.bonded == 0 and st.amount == 10 * TON
    rejected(stake.deposit(owner.key, TON), stake, 406)
    rejected(stake.start_withdraw(owner.key), stake, 406)
    chain.advance(DELAY - 10)
    rejected(stake.finish_withdraw(owner.key), stake, 409)  # the delay is not over
    rejected(stake.finish_withdraw(stranger.key), stake, 401)
    chain.advance(10)
    before = chain.balance(owner.address)
    r = stake.finish_withdraw(owner.key)
    ok(r, stake)
    st = stake.state()
    assert st.status == "withdrawn" and st.amount == 0 and st.balance == 0
    assert chain.balance(owner.address) - before > 10 * TON - 50_000_000
    rejected(stake.finish_withdraw(owner.key), stake, 408)


def test_mispriced_receipt_takes_the_stake(chain, stake, owner, stranger):
    proof = mispriced(owner, stake)
    assert proof.fault() == "mispriced"
    before = chain.balance(stranger.address)
    r = stake.penalise(stranger.key, proof)
    tx = ok(r, stake)
    reward = 10 * TON * REWARD_PERCENT // 100
    assert tx.out_value >= reward
    st = stake.state()
    assert (st.status, st.amount, st.slashed, st.bonded) == (
        "slashed", 0, 10 * TON - reward, 0)
    assert st.balance >= st.slashed  # the rest stays locked in the contract
    gained = chain.balance(stranger.address) - before
    assert reward - 50_000_000 < gained < reward
    # nothing left to take, nothing to withdraw, nothing to top up
    rejected(stake.penalise(stranger.key, proof), stake, 416)
    rejected(stake.start_withdraw(owner.key), stake, 406)
    rejected(stake.deposit(owner.key, TON), stake, 406)


def test_two_commitments_for_one_request_take_the_stake(chain, stake, owner, stranger):
    a, b = commitment(output=b"one answer"), commitment(output=b"another answer")
    proof = Proof(cert(owner, stake), signed(a), signed(b))
    assert proof.fault() == "equivocation"
    ok(stake.start_withdraw(owner.key), stake)  # leaving does not escape: the delay is for this
    ok(stake.penalise(stranger.key, proof), stake)
    assert stake.state().status == "slashed"
    chain.advance(DELAY)
    rejected(stake.finish_withdraw(owner.key), stake, 408)


def test_forged_or_empty_proofs_change_nothing(chain, stake, owner, stranger):
    good_cert = cert(owner, stake)
    honest = signed(commitment())
    other_key = KeyPair(hashlib.sha256(b"someone else").digest())
    other_stake = ProviderStake(chain, StakeParams(owner=owner.raw,
                                                   owner_key=owner.key.public.hex(),
                                                   stake_id=8).address)
    bad = signed(commitment(amount=1))
    cases = [
        (Proof(good_cert, honest), 415),  # an honest receipt proves nothing
        (Proof(good_cert, honest, honest), 415),  # the same commitment twice
        (Proof(good_cert, honest, signed(commitment(request=b"other", output=b"x"))), 415),
        (Proof(KeyCert.sign(stranger.key, stake.address, REPLICA.public.hex()), bad), 403),
        (Proof(cert(owner, other_stake), bad), 402),  # a cert for another stake
        (Proof(good_cert, signed(commitment(amount=1), other_key)), 403),  # uncertified key
        (Proof(good_cert, SignedCommitment(commitment(amount=1), honest.signature)), 403),
        (Proof(good_cert.model_copy(update={"key": other_key.public.hex()}),
               signed(commitment(amount=1), other_key)), 403),  # the cert was altered
    ]
    for proof, code in cases:
        assert proof.fault() is None or code in (402, 403)
        rejected(stake.penalise(stranger.key, proof), stake, code)
    st = stake.state()
    assert (st.status, st.amount, st.slashed) == ("active", 10 * TON, 0)


def test_self_report_gains_nothing(chain, stake, owner):
    before = chain.balance(owner.address) + stake.state().amount
    r = stake.penalise(owner.key, mispriced(owner, stake))
    ok(r, stake)
    after = chain.balance(owner.address)
    # the owner gets back a tenth of its stake: 90 % are gone for good
    assert before - after > 9 * TON - 1
    assert stake.state().status == "slashed"
