"""The provider stake contract from Python: its data layout, key certs, proofs and a wrapper.

A provider stakes Toncoin in its own contract (provider_stake.tolk) to be routed to. The stake's
owner key certifies each replica's receipt-signing key with a :class:`KeyCert`; replicas sign a
:class:`~cocoon.runtime.wire.ReceiptCommitment` with every receipt. A :class:`Proof` (a cert
plus one commitment whose amount is not units x unit price, or two different commitments for one
request) takes the stake: 10 % to whoever submits it, the rest locked for good.

Both signed payloads are one cell without refs; their hashes are computed directly (as vouchers
are, :mod:`cocoon.contracts.voucher`), so certifying and checking costs microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field
from pytoniq_core import Address, Builder, Cell, Slice, StateInit

from cocoon.contracts.artifacts import code_cell
from cocoon.contracts.chain import AccountState, Chain, SendResult
from cocoon.contracts.keys import KeyPair, verify_signature
from cocoon.contracts.messages import Transfer
from cocoon.runtime.wire import COMMITMENT_TAG, ReceiptCommitment, cell_hash

OP_DEPOSIT = 0x0C0C0201
OP_START_WITHDRAW = 0x0C0C0202
OP_FINISH_WITHDRAW = 0x0C0C0203
OP_PENALISE_MISPRICED = 0x0C0C0204
OP_PENALISE_EQUIVOCATION = 0x0C0C0205
CERT_TAG = 0x6B636572

DEPOSIT_GAS_RESERVE = 10_000_000  # must equal DEPOSIT_GAS_RESERVE in provider_stake.tolk
REWARD_PERCENT = 10  # must equal REWARD_PERCENT in provider_stake.tolk
OP_GAS = 50_000_000  # attached to withdrawals and proofs; the unspent part comes back
DEFAULT_UNBONDING_DELAY = 7 * 24 * 3600

ERRORS = {
    401: "not_owner",
    402: "wrong_stake",
    403: "bad_signature",
    406: "not_active",
    408: "not_unbonding",
    409: "unbonding",
    410: "low_value",
    415: "no_fault",
    416: "nothing_staked",
    63: "unknown_op",
    9: "unknown_op",
}

Status = Literal["active", "unbonding", "withdrawn", "slashed"]
_STATUSES: tuple[Status, ...] = ("active", "unbonding", "withdrawn", "slashed")


def _raw(address: Address) -> str:
    return address.to_str(is_user_friendly=False)


def _addr(address: Address | str) -> Address:
    return address if isinstance(address, Address) else Address(address)


class StakeParams(BaseModel):
    """What fixes a stake's address: its owner wallet, owner key, id and unbonding delay."""

    owner: str
    owner_key: str = Field(pattern=r"^[0-9a-f]{64}$")
    stake_id: int = Field(default=0, ge=0, lt=1 << 64)
    unbonding_delay: int = Field(default=DEFAULT_UNBONDING_DELAY, ge=0, lt=1 << 32)

    def data_cell(self) -> Cell:
        return (
            Builder()
            .store_uint(0, 2)
            .store_uint(self.stake_id, 64)
            .store_address(Address(self.owner))
            .store_bytes(bytes.fromhex(self.owner_key))
            .store_uint(self.unbonding_delay, 32)
            .store_uint(0, 32)
            .store_coins(0)
            .store_coins(0)
            .end_cell()
        )

    def state_init(self) -> StateInit:
        return StateInit(code=code_cell("provider_stake"), data=self.data_cell())

    @property
    def address(self) -> Address:
        return Address((0, self.state_init().serialize().hash))


class StakeState(BaseModel):
    address: str
    status: Status
    stake_id: int
    owner: str
    owner_key: str
    unbonding_delay: int
    unbond_started_at: int
    amount: int
    slashed: int
    balance: int

    @property
    def bonded(self) -> int:
        """What counts for admission: the stake while active, nothing once withdrawing."""
        return self.amount if self.status == "active" else 0


class KeyCert(BaseModel):
    """The stake owner's word that ``key`` (a replica's receipt-signing key) answers for
    ``stake``: ``kcer#6b636572 stake:MsgAddressInt key:uint256``, signed by the owner key."""

    stake: str = Field(description="stake contract address, raw form 0:<hex>")
    key: str = Field(pattern=r"^[0-9a-f]{64}$")
    signature: str = Field(pattern=r"^[0-9a-f]{128}$")

    @staticmethod
    def digest_of(stake: Address | str, key: str) -> bytes:
        a = _addr(stake)
        value = (CERT_TAG << 2) | 0b10  # addr_std
        value = (value << 1 | 0) << 8 | (a.wc & 0xFF)  # no anycast, workchain
        value = (value << 256) | int.from_bytes(a.hash_part, "big")
        value = (value << 256) | int(key, 16)
        return cell_hash(value, 32 + 267 + 256)

    def digest(self) -> bytes:
        return self.digest_of(self.stake, self.key)

    def cell(self) -> Cell:
        return (Builder().store_uint(CERT_TAG, 32).store_address(Address(self.stake))
                .store_bytes(bytes.fromhex(self.key)).end_cell())

    def verify(self, owner_key: bytes) -> bool:
        return verify_signature(owner_key, self.signature, self.digest())

    @classmethod
    def sign(cls, owner_key: KeyPair, stake: Address | str, key: str) -> KeyCert:
        return cls(stake=_raw(_addr(stake)), key=key,
                   signature=owner_key.sign(cls.digest_of(stake, key)).hex())


def commitment_cell(c: ReceiptCommitment) -> Cell:
    return (
        Builder()
        .store_uint(COMMITMENT_TAG, 32)
        .store_bytes(c.request_hash)
        .store_bytes(c.function_digest)
        .store_uint(c.units, 64)
        .store_uint(c.unit_price, 64)
        .store_uint(c.amount, 64)
        .store_bytes(c.output_digest)
        .end_cell()
    )


@dataclass(frozen=True)
class SignedCommitment:
    commitment: ReceiptCommitment
    signature: str  # hex, by the certified receipt key

    def verify(self, key: bytes) -> bool:
        return verify_signature(key, self.signature, self.commitment.digest())

    def cell(self) -> Cell:
        return (Builder().store_bytes(bytes.fromhex(self.signature))
                .store_ref(commitment_cell(self.commitment)).end_cell())


@dataclass(frozen=True)
class Proof:
    """Evidence against a stake: a cert and one mispriced commitment, or two commitments for
    the same request that differ (``second`` set)."""

    cert: KeyCert
    first: SignedCommitment
    second: SignedCommitment | None = None

    def fault(self) -> str | None:
        """What the proof shows, checked as the contract will (None: nothing provable)."""
        key = bytes.fromhex(self.cert.key)
        if not self.first.verify(key):
            return None
        if self.second is None:
            c = self.first.commitment
            return "mispriced" if c.amount != c.units * c.unit_price else None
        if not self.second.verify(key):
            return None
        a, b = self.first.commitment, self.second.commitment
        return "equivocation" if a.request_hash == b.request_hash and a != b else None

    def body(self, query_id: int = 0) -> Cell:
        op = OP_PENALISE_MISPRICED if self.second is None else OP_PENALISE_EQUIVOCATION
        b = (Builder().store_uint(op, 32).store_uint(query_id, 64)
             .store_bytes(bytes.fromhex(self.cert.signature)).store_ref(self.cert.cell())
             .store_ref(self.first.cell()))
        if self.second is not None:
            b = b.store_ref(self.second.cell())
        return b.end_cell()


def deposit_body(amount: int, query_id: int = 0) -> Cell:
    return (Builder().store_uint(OP_DEPOSIT, 32).store_uint(query_id, 64)
            .store_coins(amount).end_cell())


def start_withdraw_body(query_id: int = 0) -> Cell:
    return Builder().store_uint(OP_START_WITHDRAW, 32).store_uint(query_id, 64).end_cell()


def finish_withdraw_body(query_id: int = 0) -> Cell:
    return Builder().store_uint(OP_FINISH_WITHDRAW, 32).store_uint(query_id, 64).end_cell()


class ProviderStake:
    """A deployed (or about to be deployed) stake on some chain backend."""

    def __init__(self, chain: Chain, address: Address | str) -> None:
        self.chain = chain
        self.address = _addr(address)

    @classmethod
    def open(cls, chain: Chain, owner_key: KeyPair, params: StakeParams,
             amount: int) -> tuple[ProviderStake, SendResult]:
        """Deploy the stake from the owner's wallet with its first deposit."""
        address, result = chain.deploy(owner_key, params.state_init(),
                                       amount + DEPOSIT_GAS_RESERVE, deposit_body(amount))
        return cls(chain, address), result

    def _send(self, key: KeyPair, body: Cell, value: int) -> SendResult:
        return self.chain.transfer(key, [Transfer(dest=self.address, value=value, body=body)])

    def deposit(self, owner_key: KeyPair, amount: int) -> SendResult:
        return self._send(owner_key, deposit_body(amount), amount + DEPOSIT_GAS_RESERVE)

    def start_withdraw(self, owner_key: KeyPair, gas: int = OP_GAS) -> SendResult:
        return self._send(owner_key, start_withdraw_body(), gas)

    def finish_withdraw(self, owner_key: KeyPair, gas: int = OP_GAS) -> SendResult:
        return self._send(owner_key, finish_withdraw_body(), gas)

    def penalise(self, submitter_key: KeyPair, proof: Proof, gas: int = OP_GAS) -> SendResult:
        return self._send(submitter_key, proof.body(), gas)

    def exists(self) -> bool:
        return self.chain.account(self.address).status == "active"

    def state(self, account: AccountState | None = None) -> StakeState:
        """The stake's data; ``account``: its account as just read (spares reading it again
        for the balance)."""
        s = self.chain.run_get_method(self.address, "get_stake_data")
        return StakeState(
            address=_raw(self.address),
            status=_STATUSES[int(s[0])],
            stake_id=int(s[1]),
            owner=_raw(_load_address(s[2])),
            owner_key=f"{int(s[3]):064x}",
            unbonding_delay=int(s[4]),
            unbond_started_at=int(s[5]),
            amount=int(s[6]),
            slashed=int(s[7]),
            balance=(account or self.chain.account(self.address)).balance,
        )


def _load_address(item: Slice | Cell) -> Address:
    cs = item.begin_parse() if isinstance(item, Cell) else item
    return cs.load_address()
