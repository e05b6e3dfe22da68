from hypothesis import given, settings
from hypothesis import strategies as st
from pytoniq_core import Address

from cocoon.contracts.keys import KeyPair
from cocoon.contracts.voucher import MAX_COINS, VOUCHER_TAG, Voucher, payload_cell, payload_hash

KEY = KeyPair(bytes(range(32)))


@settings(max_examples=200, deadline=None)
@given(
    wc=st.sampled_from([0, -1]),
    h=st.binary(min_size=32, max_size=32),
    cid=st.integers(0, 2**64 - 1),
    amount=st.integers(0, MAX_COINS),
)
def test_fast_hash_equals_cell_hash(wc, h, cid, amount):
    addr = Address((wc, h))
    assert payload_hash(VOUCHER_TAG, addr, cid, amount) == payload_cell(
        VOUCHER_TAG, addr, cid, amount
    ).hash


def test_sign_verify_and_tamper():
    v = Voucher.sign(KEY, "0:" + "ab" * 32, 3, 12345)
    assert v.verify(KEY.public)
    assert not v.model_copy(update={"cumulative": 12346}).verify(KEY.public)
    assert not v.model_copy(update={"channel_id": 4}).verify(KEY.public)
    assert not v.verify(KeyPair(b"\x01" * 32).public)
    assert Voucher.model_validate_json(v.model_dump_json()) == v
