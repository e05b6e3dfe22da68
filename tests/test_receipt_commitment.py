"""Receipt commitments: what the runtime signs beside each receipt, what the client checks, and
that a commitment a runtime signed is a proof the stake contract takes on the real TVM."""

from __future__ import annotations

import hashlib
import os

import pytest

from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.stake import (
    KeyCert,
    Proof,
    ProviderStake,
    SignedCommitment,
    StakeParams,
    commitment_cell,
)
from cocoon.runtime.envelope import RuntimeKeys, sign_receipt, verify_commitment
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import RoutingHeader, UsageReceipt, canonical_json

TON = 10**9


def header(**kw) -> RoutingHeader:
    base = dict(function="f", version=1, digest="ab" * 32, client="acct_1", max_price=9000,
                request_id=os.urandom(16).hex(), timestamp_ms=1)
    return RoutingHeader(**{**base, **kw})


def receipt(h: RoutingHeader, units: int = 3, unit_price: int = 1000, amount: int | None = None,
            output: bytes = b"out") -> UsageReceipt:
    return UsageReceipt(request_id=h.request_id, client=h.client, function="f",
                        function_digest=h.digest, provider="p", units=units,
                        unit_price=unit_price,
                        amount=units * unit_price if amount is None else amount, time_ms=1,
                        outcome="ok", response_digest=hashlib.sha256(output).hexdigest(),
                        simulated=True)


def test_the_client_checks_the_commitment_against_its_own_request():
    keys, h = RuntimeKeys.generate(), header()
    signed = sign_receipt(receipt(h), keys.signing, canonical_json(h.model_dump()))
    c = verify_commitment(signed, h)
    assert commitment_cell(c).hash == c.digest()  # the cell the contract hashes
    assert (c.units, c.unit_price, c.amount) == (3, 1000, 3000)
    assert c.request_hash == hashlib.sha256(canonical_json(h.model_dump())).digest()
    for bad in (
        sign_receipt(receipt(h), keys.signing),  # none
        signed.model_copy(update={"commitment": "00" * 64}),  # not a signature
        sign_receipt(receipt(h), keys.signing,  # signed for another request
                     canonical_json(header(request_id=h.request_id, max_price=1).model_dump())),
        signed.model_copy(update={"signer": RuntimeKeys.generate().signing_public.hex()}),
    ):
        with pytest.raises(CocoonError) as exc:
            verify_commitment(bad, h)
        assert exc.value.code == "provider_failed"


@pytest.fixture
def staked(tmp_path):
    chain = EmbeddedChain(tmp_path / "chain")
    owner = KeyPair(hashlib.sha256(b"provider owner").digest())
    chain.fund(wallet_address(owner.public), 100 * TON)
    params = StakeParams(owner=wallet_address(owner.public).to_str(is_user_friendly=False),
                         owner_key=owner.public.hex(), unbonding_delay=3600)
    stake, _ = ProviderStake.open(chain, owner, params, 20 * TON)
    hunter = KeyPair(hashlib.sha256(b"client hunting bad receipts").digest())
    chain.fund(wallet_address(hunter.public), 10 * TON)
    yield owner, stake, hunter
    chain.close()


def _proof(owner, stake, keys: RuntimeKeys, *signed) -> Proof:
    cert = KeyCert.sign(owner, stake.address, keys.signing_public.hex())
    items = [SignedCommitment(verify_commitment(s, h), s.commitment) for s, h in signed]
    return Proof(cert, *items)


def test_a_runtime_key_that_answers_one_request_twice_loses_the_stake(staked):
    owner, stake, hunter = staked
    keys, h = RuntimeKeys.generate(), header()
    hb = canonical_json(h.model_dump())
    honest = sign_receipt(receipt(h), keys.signing, hb)
    proof = _proof(owner, stake, keys, (honest, h))
    assert proof.fault() is None
    r = stake.penalise(hunter, proof)
    assert [t.exit_code for t in r.aborted] == [415]  # an honest receipt proves nothing
    other = sign_receipt(receipt(h, output=b"another answer"), keys.signing, hb)
    proof = _proof(owner, stake, keys, (honest, h), (other, h))
    assert proof.fault() == "equivocation"
    assert not stake.penalise(hunter, proof).aborted
    assert stake.state().status == "slashed"


def test_a_mispriced_receipt_is_a_proof_on_chain(staked):
    owner, stake, hunter = staked
    keys, h = RuntimeKeys.generate(), header()
    bad = sign_receipt(receipt(h, amount=2999), keys.signing, canonical_json(h.model_dump()))
    proof = _proof(owner, stake, keys, (bad, h))
    assert proof.fault() == "mispriced"
    assert not stake.penalise(hunter, proof).aborted
    st = stake.state()
    assert (st.status, st.amount, st.slashed) == ("slashed", 0, 18 * TON)
