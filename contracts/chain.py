"""The chain interface: one base class, two transports (embedded emulator, live TON).

Subclasses implement the transport primitives (`_send`, `account`, `_run_get_method`, `now`);
everything that builds messages lives here or in `cocoon.contracts.messages`, so both backends
emit identical bytes for the same operation.
"""

from abc import ABC, abstractmethod
from typing import Any, Literal

from pydantic import BaseModel
from pytoniq_core import Address, Cell, MessageAny, ShardAccount, StateInit, Transaction

from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer, wallet_address, wallet_external

VALID_FOR_SECONDS = 60


class ChainError(Exception):
    """A chain operation failed (message rejected, get-method failed, account missing)."""


class AccountState(BaseModel):
    address: str
    status: Literal["nonexist", "uninit", "active", "frozen"]
    balance: int
    code_hash: str | None = None
    last_lt: int = 0

    @classmethod
    def from_shard(cls, address: str, shard: ShardAccount | None) -> "AccountState":
        """Read an account as both backends see it: the ShardAccount (None: never existed)."""
        if shard is None or shard.account is None:
            return cls(address=address, status="nonexist", balance=0)
        state = shard.account.storage.state
        status = {"account_active": "active", "account_frozen": "frozen"}.get(
            state.type_, "uninit"
        )
        code_hash = state.state_init.code.hash.hex() if status == "active" else None
        return cls(
            address=address,
            status=status,
            balance=shard.account.storage.balance.grams,
            code_hash=code_hash,
            last_lt=shard.last_trans_lt,
        )


class TxRecord(BaseModel):
    """One transaction of a message's trace, as read from the chain after inclusion."""

    address: str
    lt: int
    hash: str
    total_fees: int
    aborted: bool
    exit_code: int | None = None
    in_value: int = 0
    out_value: int = 0
    fwd_fees: int = 0  # carried by the outgoing messages, paid on top of total_fees
    compute_skipped: bool = False  # no code ran (e.g. value arriving at an uninitialised wallet)
    bounced: bool = False  # the incoming value went back to its sender

    @property
    def failed(self) -> bool:
        """Aborted and not merely a credit: TON marks a plain transfer that lands on a wallet not
        deployed yet `aborted` (nothing to run), though the value stays there; that is success."""
        return self.aborted and (self.bounced or not self.compute_skipped)

    @property
    def cost(self) -> int:
        return self.total_fees + self.fwd_fees

    @classmethod
    def from_transaction(cls, address: str, tx: Transaction) -> "TxRecord":
        """Summarise a transaction (pytoniq's, with its cell) the same way on every backend."""
        desc = tx.description
        compute = getattr(desc, "compute_ph", None)
        internal_out = [m for m in tx.out_msgs if m.is_internal]
        return cls(
            address=address,
            lt=tx.lt,
            hash=tx.cell.hash.hex(),
            total_fees=tx.total_fees.grams,
            aborted=bool(getattr(desc, "aborted", False)),
            exit_code=getattr(compute, "exit_code", None),
            compute_skipped=getattr(compute, "type_", None) == "skipped",
            bounced=getattr(desc, "bounce", None) is not None,
            in_value=tx.in_msg.info.value.grams if tx.in_msg and tx.in_msg.is_internal else 0,
            out_value=sum(m.info.value.grams for m in internal_out),
            fwd_fees=sum(m.info.fwd_fee for m in internal_out),
        )


class SendResult(BaseModel):
    message_hash: str
    boc: bytes
    transactions: list[TxRecord] = []

    @property
    def fees(self) -> int:
        return sum(t.cost for t in self.transactions)

    @property
    def aborted(self) -> list[TxRecord]:
        """The transactions of this message's trace that failed (rolled back, value bounced)."""
        return [t for t in self.transactions if t.failed]


class Chain(ABC):
    @abstractmethod
    def now(self) -> int: ...

    @abstractmethod
    def account(self, address: Address | str) -> AccountState: ...

    @abstractmethod
    def _send(self, message: MessageAny) -> SendResult: ...

    @abstractmethod
    def _run_get_method(self, address: Address, method: str, stack: list[Any]) -> list[Any]: ...

    @abstractmethod
    def close(self) -> None:
        """Let go of the chain's connection or state file (idempotent)."""

    def run_get_method(
        self, address: Address | str, method: str, stack: list[Any] | None = None
    ) -> list[Any]:
        return self._run_get_method(_addr(address), method, stack or [])

    def balance(self, address: Address | str) -> int:
        return self.account(address).balance

    def send_external(self, message: MessageAny) -> SendResult:
        return self._send(message)

    def wallet_seqno(self, address: Address | str) -> int:
        if self.account(address).status != "active":
            return 0
        return int(self.run_get_method(address, "seqno")[0])

    def build_transfer(self, key: KeyPair, transfers: list[Transfer]) -> MessageAny:
        seqno = self.wallet_seqno(wallet_address(key.public))
        return wallet_external(key, seqno, self.now() + VALID_FOR_SECONDS, transfers)

    def transfer(self, key: KeyPair, transfers: list[Transfer]) -> SendResult:
        """Have the wallet of `key` send internal messages (deploying the wallet if needed)."""
        return self._send(self.build_transfer(key, transfers))

    def deploy(
        self, key: KeyPair, state_init: StateInit, value: int, body: Cell | None = None
    ) -> tuple[Address, SendResult]:
        """Deploy a contract from the wallet of `key`, with its first internal message."""
        address = Address((0, state_init.serialize().hash))
        result = self.transfer(
            key, [Transfer(dest=address, value=value, body=body, state_init=state_init)]
        )
        return address, result


def _addr(address: Address | str) -> Address:
    return address if isinstance(address, Address) else Address(address)
