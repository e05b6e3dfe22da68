"""Vouchers: the fast hash is the cell hash, and every field is signed: a voucher changed in
any field is refused off chain (with the gateway's reason) and on chain (with the contract's code).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytoniq_core import Address, Builder

from cocoon.contracts.channel import OP_CLAIM, OP_GAS
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer
from cocoon.contracts.voucher import (
    MAX_COINS,
    VOUCHER_TAG,
    CloseAgreement,
    Voucher,
    payload_cell,
    payload_hash,
)
from cocoon.platform.settlement.models import ClientChannel
from cocoon.platform.settlement.vouchers import check_voucher, parse_header
from cocoon.runtime.errors import CocoonError

TON = 10**9

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


# --- per-field tampering: every field is signed, each change refused with its reason ----------

CHANNEL = "0:" + "ab" * 32
GOOD = Voucher.sign(KEY, CHANNEL, 3, 12345)
PAYER_CHANNEL = ClientChannel(account="acct_1", channel_address=CHANNEL, channel_id=3,
                              payer_wallet="0:" + "cd" * 32, payer_key=KEY.public.hex())


def flip_bit(signature: str, bit: int) -> str:
    raw = bytearray(bytes.fromhex(signature))
    raw[bit // 8] ^= 1 << (bit % 8)
    return raw.hex()


@st.composite
def tampered(draw) -> tuple[str, Voucher]:
    """GOOD with one field changed after signing, and the field's name."""
    field = draw(st.sampled_from(["cumulative", "channel_id", "channel", "signature",
                                  "signature from another voucher"]))
    if field == "cumulative":
        value = draw(st.integers(0, MAX_COINS).filter(lambda v: v != GOOD.cumulative))
    elif field == "channel_id":
        value = draw(st.integers(0, 2**64 - 1).filter(lambda v: v != GOOD.channel_id))
    elif field == "channel":
        wc, h = draw(st.sampled_from([0, -1])), draw(st.binary(min_size=32, max_size=32))
        value = Address((wc, h)).to_str(is_user_friendly=False)
        value = value if value != CHANNEL else "-1:" + "ab" * 32
    elif field == "signature":
        value = flip_bit(GOOD.signature, draw(st.integers(0, 511)))
    else:
        other = Voucher.sign(KEY, CHANNEL, 3, draw(st.integers(0, MAX_COINS).filter(
            lambda v: v != GOOD.cumulative)))
        field, value = "signature", other.signature
    return field, GOOD.model_copy(update={field: value})


# check_voucher's reason for each tampered field (the gateway answers 400 invalid_voucher with it)
REASONS = {"cumulative": "voucher signature is invalid",
           "signature": "voucher signature is invalid",
           "channel": "voucher is for another channel",
           "channel_id": "voucher is for another channel"}


def test_good_voucher_is_accepted():
    assert GOOD.verify(KEY.public)
    assert check_voucher(PAYER_CHANNEL, GOOD) is None


@settings(max_examples=60, deadline=None, derandomize=True)
@given(tampered())
def test_tampered_voucher_is_rejected_with_its_reason(case):
    field, voucher = case
    assert voucher != GOOD
    assert not voucher.verify(KEY.public)  # the signature covers every field
    assert check_voucher(PAYER_CHANNEL, voucher) == REASONS[field]


@settings(max_examples=20, deadline=None, derandomize=True)
@given(st.binary(min_size=32, max_size=32).filter(lambda s: s != bytes(range(32))))
def test_voucher_signed_by_another_key_is_rejected(seed):
    forged = Voucher.sign(KeyPair(seed), CHANNEL, 3, 12345)
    assert not forged.verify(KEY.public)
    assert check_voucher(PAYER_CHANNEL, forged) == "voucher signature is invalid"


def test_voucher_signature_is_no_close_agreement():
    """Domain separation: a voucher's signature does not sign a close of the same amount."""
    close = CloseAgreement(channel=CHANNEL, channel_id=3, cumulative=12345)
    assert close.digest() != GOOD.digest()
    agreed = close.signed_by_payer(KEY)
    assert agreed.payer_signature != GOOD.signature
    assert not GOOD.model_copy(update={"signature": agreed.payer_signature}).verify(KEY.public)


@pytest.mark.parametrize("value", [
    "", "12345", ":" + GOOD.signature, "x:" + GOOD.signature, "-1:" + GOOD.signature,
    f"{MAX_COINS + 1}:{GOOD.signature}", "12345:" + GOOD.signature[:-2],
    "12345:" + GOOD.signature + "00", "12345:" + GOOD.signature.upper(),
    "12345:" + "zz" * 64,
])
def test_malformed_voucher_header_is_invalid_voucher(value):
    with pytest.raises(CocoonError) as exc:
        parse_header(value, PAYER_CHANNEL)
    assert (exc.value.code, exc.value.status) == ("invalid_voucher", 400)


def test_voucher_header_round_trip():
    parsed = parse_header(f"{GOOD.cumulative}:{GOOD.signature}", PAYER_CHANNEL)
    assert parsed == GOOD and check_voucher(PAYER_CHANNEL, parsed) is None


def test_tampered_vouchers_rejected_on_chain_by_code(chain, channel, payer, payee):
    """The channel contract on the TVM refuses each tampered field with its exit code."""
    good = Voucher.sign(payer.key, channel.address, 1, 3 * TON)
    other_channel = Address((0, bytes(32))).to_str(is_user_friendly=False)
    cases = {
        "cumulative": (good.model_copy(update={"cumulative": 4 * TON}), 403),
        "cumulative down": (good.model_copy(update={"cumulative": 2 * TON}), 403),
        "channel id": (good.model_copy(update={"channel_id": 2}), 402),
        "channel address": (good.model_copy(update={"channel": other_channel}), 402),
        "signature": (good.model_copy(update={"signature": flip_bit(good.signature, 77)}), 403),
        "signer": (Voucher.sign(payee.key, channel.address, 1, 3 * TON), 403),
    }
    for name, (voucher, code) in cases.items():
        tx = _channel_tx(channel.claim(payee.key, voucher), channel)
        assert tx.aborted and tx.exit_code == code, (name, tx)
    # A close agreement's cell and signature in a claim: not a voucher (its tag differs).
    close = CloseAgreement(channel=channel.address.to_str(is_user_friendly=False), channel_id=1,
                           cumulative=3 * TON).signed_by_payer(payer.key)
    body = (Builder().store_uint(OP_CLAIM, 32).store_uint(0, 64)
            .store_bytes(bytes.fromhex(close.payer_signature)).store_ref(close.cell()).end_cell())
    r = chain.transfer(payee.key, [Transfer(dest=channel.address, value=OP_GAS, body=body)])
    tx = _channel_tx(r, channel)
    assert tx.aborted and tx.exit_code == 63, tx  # Tolk: the struct's prefix differs
    assert channel.state().claimed == 0
    # The untampered voucher still pays: the refusals above were the tampering's doing.
    assert not _channel_tx(channel.claim(payee.key, good), channel).aborted
    assert channel.state().claimed == 3 * TON


def _channel_tx(result, channel):
    raw = channel.address.to_str(is_user_friendly=False)
    txs = [t for t in result.transactions if t.address == raw]
    assert len(txs) == 1
    return txs[0]
