"""The root contract from Python: the network's attestation allowlist on chain.

One entry accepts one value of one named measurement of one kind of evidence, e.g. (tdx, mrtd,
48 bytes). The contract keys entries by the hash of their cell, so an entry's identity is its
content; the owner adds and removes entries and sets the flags (bit 0: development, simulated
evidence accepted), every change is appended to an on-chain history (seqno -> op, time, what
changed) that anyone reads with ``get_history``. Layouts: contracts/tolk/root.tolk.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator
from pytoniq_core import Address, Builder, Cell, HashMap, Slice, StateInit

from cocoon.contracts.artifacts import code_cell
from cocoon.contracts.chain import Chain, SendResult
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer

OP_ADD_ENTRY = 0x0C0C0101
OP_REMOVE_ENTRY = 0x0C0C0102
OP_SET_FLAGS = 0x0C0C0103
OP_CHANGE_OWNER = 0x0C0C0104

FLAG_DEVELOPMENT = 1
OP_GAS = 50_000_000  # attached to each change; the root keeps what is left for its storage
DEPLOY_VALUE = 200_000_000  # the first message: storage for many years of a small allowlist

ERRORS = {401: "not_owner", 411: "entry_exists", 412: "no_entry", 413: "bad_entry",
          414: "bad_owner", 63: "unknown_op", 9: "unknown_op"}

Kind = Literal["tdx", "sev-snp", "nvidia", "simulated"]
KIND_CODES: dict[str, int] = {"tdx": 1, "sev-snp": 2, "nvidia": 3, "simulated": 4}
_KINDS_BY_CODE = {v: k for k, v in KIND_CODES.items()}
EVENTS = {1: "add", 2: "remove", 3: "flags", 4: "owner"}
Event = Literal["add", "remove", "flags", "owner"]

_NAME = re.compile(r"^[a-z0-9_.-]{1,16}$")


class AllowEntry(BaseModel):
    """One accepted value of one measurement: ``(tdx, mrtd, <48 bytes hex>)``."""

    kind: Kind
    name: str = Field(description="measurement name: mrtd, rtmr0..3, measurement, an SPDM index")
    value: str = Field(description="the accepted value, hex (1 to 64 bytes)")

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        name = name.strip().lower()
        if not _NAME.match(name):
            raise ValueError("a measurement name is 1-16 of a-z 0-9 _ . -")
        return name

    @field_validator("value")
    @classmethod
    def _value(cls, value: str) -> str:
        value = value.strip().lower()
        try:
            raw = bytes.fromhex(value)
        except ValueError:
            raise ValueError("a measurement value is hex") from None
        if not 1 <= len(raw) <= 64:
            raise ValueError("a measurement value is 1 to 64 bytes")
        return raw.hex()

    def cell(self) -> Cell:
        name, value = self.name.encode(), bytes.fromhex(self.value)
        return (
            Builder()
            .store_uint(KIND_CODES[self.kind], 8)
            .store_uint(len(name), 8)
            .store_bytes(name)
            .store_uint(len(value), 8)
            .store_bytes(value)
            .end_cell()
        )

    @property
    def key(self) -> str:
        """The entry's id on chain: the hash of its cell (hex)."""
        return self.cell().hash.hex()

    @classmethod
    def from_cell(cls, cell: Cell) -> AllowEntry:
        cs = cell.begin_parse()
        kind = _KINDS_BY_CODE[cs.load_uint(8)]
        name = cs.load_bytes(cs.load_uint(8)).decode()
        value = cs.load_bytes(cs.load_uint(8)).hex()
        return cls(kind=kind, name=name, value=value)


class RootParams(BaseModel):
    """What fixes a root's address: its first owner, a nonce and its initial flags."""

    owner: str
    nonce: int = Field(default=0, ge=0, lt=1 << 32)
    flags: int = Field(default=0, ge=0, lt=1 << 16)

    def data_cell(self) -> Cell:
        return (
            Builder()
            .store_address(Address(self.owner))
            .store_uint(self.nonce, 32)
            .store_uint(0, 32)
            .store_uint(self.flags, 16)
            .store_maybe_ref(None)
            .store_maybe_ref(None)
            .end_cell()
        )

    def state_init(self) -> StateInit:
        return StateInit(code=code_cell("root"), data=self.data_cell())

    @property
    def address(self) -> Address:
        return Address((0, self.state_init().serialize().hash))


class RootState(BaseModel):
    """The allowlist as of ``seqno`` changes."""

    address: str
    owner: str
    nonce: int
    seqno: int
    flags: int
    entries: list[AllowEntry]

    @property
    def development(self) -> bool:
        return bool(self.flags & FLAG_DEVELOPMENT)


class HistoryEvent(BaseModel):
    """One change: ``entry`` for add/remove, ``flags`` or ``owner`` for the others."""

    seqno: int
    op: Event
    at: int
    entry: AllowEntry | None = None
    flags: int | None = None
    owner: str | None = None


def add_entry_body(entry: AllowEntry, query_id: int = 0) -> Cell:
    return (Builder().store_uint(OP_ADD_ENTRY, 32).store_uint(query_id, 64)
            .store_ref(entry.cell()).end_cell())


def remove_entry_body(entry: AllowEntry, query_id: int = 0) -> Cell:
    return (Builder().store_uint(OP_REMOVE_ENTRY, 32).store_uint(query_id, 64)
            .store_ref(entry.cell()).end_cell())


def set_flags_body(flags: int, query_id: int = 0) -> Cell:
    return (Builder().store_uint(OP_SET_FLAGS, 32).store_uint(query_id, 64)
            .store_uint(flags, 16).end_cell())


def change_owner_body(owner: Address | str, query_id: int = 0) -> Cell:
    address = owner if isinstance(owner, Address) else Address(owner)
    return (Builder().store_uint(OP_CHANGE_OWNER, 32).store_uint(query_id, 64)
            .store_address(address).end_cell())


def _raw(address: Address) -> str:
    return address.to_str(is_user_friendly=False)


class RootContract:
    """A deployed (or about to be deployed) root on some chain backend."""

    def __init__(self, chain: Chain, address: Address | str) -> None:
        self.chain = chain
        self.address = address if isinstance(address, Address) else Address(address)

    @classmethod
    def deploy(cls, chain: Chain, owner_key: KeyPair, params: RootParams,
               value: int = DEPLOY_VALUE) -> tuple[RootContract, SendResult]:
        """Deploy from the owner's wallet (any wallet may pay; only ``params.owner`` rules)."""
        address, result = chain.deploy(owner_key, params.state_init(), value)
        return cls(chain, address), result

    def _send(self, key: KeyPair, body: Cell, gas: int) -> SendResult:
        return self.chain.transfer(key, [Transfer(dest=self.address, value=gas, body=body)])

    def add(self, owner_key: KeyPair, entry: AllowEntry, gas: int = OP_GAS) -> SendResult:
        return self._send(owner_key, add_entry_body(entry), gas)

    def remove(self, owner_key: KeyPair, entry: AllowEntry, gas: int = OP_GAS) -> SendResult:
        return self._send(owner_key, remove_entry_body(entry), gas)

    def set_flags(self, owner_key: KeyPair, flags: int, gas: int = OP_GAS) -> SendResult:
        return self._send(owner_key, set_flags_body(flags), gas)

    def change_owner(self, owner_key: KeyPair, owner: Address | str,
                     gas: int = OP_GAS) -> SendResult:
        return self._send(owner_key, change_owner_body(owner), gas)

    def exists(self) -> bool:
        return self.chain.account(self.address).status == "active"

    def state(self) -> RootState:
        owner, nonce, _, _ = self.chain.run_get_method(self.address, "get_root_data")
        seqno, flags, entries = self.chain.run_get_method(self.address, "get_allowlist")
        parsed = [AllowEntry.from_cell(v) for v in _dict(entries, 256, _ref).values()]
        parsed.sort(key=lambda e: (e.kind, e.name, e.value))
        return RootState(address=_raw(self.address), owner=_raw(_load_address(owner)),
                         nonce=int(nonce), seqno=int(seqno), flags=int(flags), entries=parsed)

    def history(self) -> list[HistoryEvent]:
        _, history = self.chain.run_get_method(self.address, "get_history")
        events = []
        for seqno, cs in sorted(_dict(history, 32, lambda s: s).items()):
            op, at, subject = EVENTS[cs.load_uint(8)], cs.load_uint(32), cs.load_ref()
            event = HistoryEvent(seqno=seqno, op=op, at=at)
            if op in ("add", "remove"):
                event.entry = AllowEntry.from_cell(subject)
            elif op == "flags":
                event.flags = subject.begin_parse().load_uint(16)
            else:
                event.owner = _raw(subject.begin_parse().load_address())
            events.append(event)
        return events


def _ref(cs: Slice) -> Cell:
    return cs.load_ref()


def _dict(item: Any, key_bits: int, value: Any) -> dict[int, Any]:
    """A get method's dict (a cell, or null when empty) as {int key: value(slice)}."""
    if item is None:
        return {}
    cell = item if isinstance(item, Cell) else item.to_cell()
    parsed = HashMap.parse(cell.begin_parse(), key_bits,
                           key_deserializer=_int_key,
                           value_deserializer=value)
    return parsed or {}


def _int_key(bits: Any) -> int:
    return int(bits if isinstance(bits, str) else bits.to01(), 2)


def _load_address(item: Slice | Cell) -> Address:
    cs = item.begin_parse() if isinstance(item, Cell) else item
    return cs.load_address()
