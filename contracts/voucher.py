"""Cumulative payment vouchers: the exact cell the channel contract checks, signed with Ed25519.

A voucher says "the payee of channel <address, id> may have `cumulative` nanotons in total". The
signature covers the representation hash of the cell

    voucher#766f7563 channel:MsgAddressInt channel_id:uint64 cumulative:Coins

and a cooperative close agreement is the same layout under tag 0x63636c6f. The hash of such a
one-cell, no-ref cell is computed directly here (and checked against pytoniq in the tests), which
keeps signing and verifying in the tens of microseconds.
"""

import hashlib

from pydantic import BaseModel, Field
from pytoniq_core import Address, Builder, Cell

from cocoon.contracts.keys import KeyPair, verify_signature

VOUCHER_TAG = 0x766F7563
CLOSE_TAG = 0x63636C6F
MAX_COINS = (1 << 120) - 1


def _payload_bits(tag: int, channel: Address, channel_id: int, cumulative: int) -> tuple[int, int]:
    """(value, bit length) of the payload as an unsigned big integer."""
    if not 0 <= cumulative <= MAX_COINS:
        raise ValueError("cumulative amount out of range")
    if not 0 <= channel_id < 1 << 64:
        raise ValueError("channel id out of range")
    nbytes = (cumulative.bit_length() + 7) // 8
    value = tag
    value = (value << 2) | 0b10  # addr_std
    value = (value << 1) | 0  # no anycast
    value = (value << 8) | (channel.wc & 0xFF)
    value = (value << 256) | int.from_bytes(channel.hash_part, "big")
    value = (value << 64) | channel_id
    value = (value << 4) | nbytes
    value = (value << (8 * nbytes)) | cumulative
    return value, 32 + 267 + 64 + 4 + 8 * nbytes


def payload_hash(tag: int, channel: Address, channel_id: int, cumulative: int) -> bytes:
    """Representation hash of the payload cell (ordinary cell, no refs, level 0)."""
    value, bits = _payload_bits(tag, channel, channel_id, cumulative)
    d2 = (bits + 7) // 8 + bits // 8
    if bits % 8:  # completion tag: a 1 bit then zeros up to the byte boundary
        pad = 8 - bits % 8
        value = (value << pad) | (1 << (pad - 1))
    data = value.to_bytes((bits + 7) // 8, "big")
    return hashlib.sha256(bytes((0, d2)) + data).digest()


def payload_cell(tag: int, channel: Address, channel_id: int, cumulative: int) -> Cell:
    return (
        Builder()
        .store_uint(tag, 32)
        .store_address(channel)
        .store_uint(channel_id, 64)
        .store_coins(cumulative)
        .end_cell()
    )


class Voucher(BaseModel):
    """A payer-signed claim on a channel; `signature` is hex (64 bytes)."""

    channel: str = Field(description="channel contract address, raw form 0:<hex>")
    channel_id: int = Field(ge=0, lt=1 << 64)
    cumulative: int = Field(ge=0, le=MAX_COINS)
    signature: str = Field(pattern=r"^[0-9a-f]{128}$")

    @property
    def address(self) -> Address:
        return Address(self.channel)

    def digest(self) -> bytes:
        return payload_hash(VOUCHER_TAG, self.address, self.channel_id, self.cumulative)

    def cell(self) -> Cell:
        return payload_cell(VOUCHER_TAG, self.address, self.channel_id, self.cumulative)

    def verify(self, public_key: bytes) -> bool:
        return verify_signature(public_key, self.signature, self.digest())

    @classmethod
    def sign(
        cls, key: KeyPair, channel: Address | str, channel_id: int, cumulative: int
    ) -> "Voucher":
        addr = channel if isinstance(channel, Address) else Address(channel)
        digest = payload_hash(VOUCHER_TAG, addr, channel_id, cumulative)
        return cls(
            channel=addr.to_str(is_user_friendly=False),
            channel_id=channel_id,
            cumulative=cumulative,
            signature=key.sign(digest).hex(),
        )


class CloseAgreement(BaseModel):
    """Both sides' signatures over the final cumulative amount (cooperative close)."""

    channel: str
    channel_id: int = Field(ge=0, lt=1 << 64)
    cumulative: int = Field(ge=0, le=MAX_COINS)
    payer_signature: str | None = None
    payee_signature: str | None = None

    def digest(self) -> bytes:
        return payload_hash(CLOSE_TAG, Address(self.channel), self.channel_id, self.cumulative)

    def cell(self) -> Cell:
        return payload_cell(CLOSE_TAG, Address(self.channel), self.channel_id, self.cumulative)

    def signed_by_payer(self, key: KeyPair) -> "CloseAgreement":
        return self.model_copy(update={"payer_signature": key.sign(self.digest()).hex()})

    def signed_by_payee(self, key: KeyPair) -> "CloseAgreement":
        return self.model_copy(update={"payee_signature": key.sign(self.digest()).hex()})
