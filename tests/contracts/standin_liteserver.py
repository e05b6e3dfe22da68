"""A liteserver stand-in: pytoniq's LiteBalancer API answered from an EmbeddedChain.

We cannot reach a real TON network from the test machines, so `LiveChain` talks to this object
in place of a `LiteBalancer`. It keeps the balancer's method names, arguments and return types
(`raw_send_message` -> 1, `raw_get_account_state` -> (Account, ShardAccount) or (None, None),
`get_transactions` -> list[Transaction] newest first, `run_get_method` -> a stack that went
through VmStack's wire form) and, above all, a live network's timing: a message sent is checked
against the current state (a wrong seqno or signature is refused at once, as liteservers do) and
then waits in a mempool; it is included only `delay` requests later. So a client that reads
results right after sending sees the state before its message, and a second message built on the
same seqno passes the check but is dropped at inclusion, exactly as on TON.

LiveChain runs pytoniq's event loop in a thread of its own, so the stand-in opens the chain's
state once per thread (SQLite connections stay in their thread), all on the same chain.db.
"""

import threading
from typing import Any

from pytoniq.liteclient.client import LiteServerError, RunGetMethodError
from pytoniq_core import Account, Address, Cell, MessageAny, ShardAccount, Transaction, VmStack

from cocoon.contracts.chain import ChainError
from cocoon.contracts.embedded_chain import EmbeddedChain


def _addr(address: Address | str) -> Address:
    return address if isinstance(address, Address) else Address(address)


class EmbeddedLiteServer:
    def __init__(self, chain: EmbeddedChain, delay: int = 3) -> None:
        self._state_dir = chain.state_dir
        self._local = threading.local()
        self._local.chain = chain
        self.delay = delay
        self.paused = False  # True: nothing is included (a stalled network)
        self.lagging = 0  # n > 0: every n-th get_transactions fails (a peer behind the others)
        self._listings = 0
        self.requests = 0
        self.sent: list[bytes] = []  # every message accepted for broadcast, as bytes
        self.dropped: list[bytes] = []  # accepted but not applicable at inclusion
        self._mempool: list[tuple[int, bytes]] = []

    @property
    def chain(self) -> EmbeddedChain:
        """The chain as this thread sees it (the same state, its own connection)."""
        if not hasattr(self._local, "chain"):
            self._local.chain = EmbeddedChain(self._state_dir)
        return self._local.chain

    def now(self) -> int:
        """The network's time (LiveChain's clock in tests), read from any thread."""
        return self.chain.now()

    async def close_all(self) -> None:
        """LiteBalancer's close: here, the event loop thread's connection."""
        self.chain.close()

    # -- the network's clock: every request is a moment; blocks include what is due ----------

    def _tick(self) -> None:
        self.requests += 1
        if self.paused:
            return
        due = [m for m in self._mempool if m[0] <= self.requests]
        self._mempool = [m for m in self._mempool if m[0] > self.requests]
        for _, boc in due:
            try:
                self.chain.send_external(_message(boc))
            except ChainError:
                self.dropped.append(boc)

    def include_all(self) -> None:
        """Produce blocks until the mempool is empty (what a network does, given time)."""
        self.paused = False
        while self._mempool:
            self._tick()

    @property
    def pending(self) -> int:
        return len(self._mempool)

    # -- the LiteBalancer API -------------------------------------------------------------------

    async def raw_send_message(self, message: bytes, **kwargs: Any) -> int:
        self._tick()
        try:
            self.chain.check_external(_message(message))
        except ChainError as exc:
            refusal = f"cannot apply external message to current state: {exc}"
            raise LiteServerError(0, refusal) from exc
        if all(boc != message for _, boc in self._mempool):
            self.sent.append(message)
            self._mempool.append((self.requests + self.delay, message))
        return 1

    async def raw_get_account_state(
        self, address: Address | str, block: Any = None, **kwargs: Any
    ) -> tuple[Account | None, ShardAccount | None]:
        self._tick()
        shard = self.chain.shard_account(_addr(address))
        if shard is None or shard.account is None:
            return None, None
        return shard.account, shard

    async def get_transactions(
        self,
        address: Address | str,
        count: int,
        from_lt: int | None = None,
        from_hash: bytes | None = None,
        to_lt: int = 0,
        **kwargs: Any,
    ) -> list[Transaction]:
        self._tick()
        self._listings += 1
        if self.lagging and self._listings % self.lagging == 0:
            raise LiteServerError(651, "cannot load block: not applied yet")
        if not from_lt or not from_hash:
            shard = self.chain.shard_account(_addr(address))
            from_lt, from_hash = shard.last_trans_lt, shard.last_trans_hash  # type: ignore
        txs = self.chain.account_transactions(address, count, from_lt, to_lt)
        if txs and txs[0].lt == from_lt and txs[0].cell.hash != from_hash:
            raise LiteServerError(0, "transaction hash mismatch")
        return txs

    async def run_get_method(
        self, address: Address | str, method: str, stack: list, block: Any = None, **kwargs: Any
    ) -> list:
        self._tick()
        wire = VmStack.deserialize(VmStack.serialize(stack).begin_parse())
        try:
            result = self.chain.run_get_method(address, method, wire)
        except ChainError as exc:
            raise RunGetMethodError(address=address, method=method, exit_code=-1) from exc
        return VmStack.deserialize(VmStack.serialize(result).begin_parse())


def _message(boc: bytes) -> MessageAny:
    return MessageAny.deserialize(Cell.one_from_boc(boc).begin_parse())
