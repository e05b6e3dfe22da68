"""Live TON (testnet or mainnet) through pytoniq's LiteBalancer.

Only transport lives here: messages are built by the shared code in `cocoon.contracts.chain`
and `cocoon.contracts.messages`, exactly as for the embedded chain. The network is whatever the
global config (a file path, an http(s) URL, or `testnet` / `mainnet`) describes.

Unlike the embedded chain, a live network answers later than it is asked: a message is broadcast,
included in a block seconds after, and its internal messages land in further blocks. So
`send_external` waits until the wallet's transaction for this very message (matched by the
message's cell hash) is on chain, then follows every internal message of the trace to the
transaction that received it (matched by source and creation lt), and only then returns: the
`SendResult.transactions` (and `.aborted`) are what the chain did. A wallet spends one seqno per
message, so before building the next message from a wallet that has one in flight, the chain's
seqno must have passed it (or that message must have expired): two messages never share a seqno.
"""

import asyncio
import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, Field, ValidationError
from pytoniq_core import Account, Address, MessageAny, ShardAccount, Transaction

from cocoon.contracts.chain import (
    VALID_FOR_SECONDS,
    AccountState,
    Chain,
    ChainError,
    SendResult,
    TxRecord,
)
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import (
    Transfer,
    WalletOrder,
    wallet_address,
    wallet_external,
    wallet_order,
)

NAMED_CONFIGS = {
    "testnet": "https://ton.org/testnet-global.config.json",
    "mainnet": "https://ton.org/global-config.json",
}
PAGE = 16  # the most transactions one liteserver request returns
MAX_TRACE = 256


_Next = tuple[Address, Transaction] | None  # a transaction known to follow a rebuilt record


class InclusionTimeout(ChainError):
    """The message was accepted by the liteservers but not seen on chain in time."""


class LiteClientLike(Protocol):
    """The subset of pytoniq's LiteBalancer this backend uses (same names and arguments)."""

    async def raw_send_message(self, message: bytes) -> Any: ...

    async def raw_get_account_state(
        self, address: Address
    ) -> tuple[Account | None, ShardAccount | None]: ...

    async def get_transactions(
        self,
        address: Address,
        count: int,
        from_lt: int | None = None,
        from_hash: bytes | None = None,
        to_lt: int = 0,
    ) -> list[Transaction]: ...

    async def run_get_method(self, address: Address, method: str, stack: list[Any]) -> Any: ...


class _PublicKey(BaseModel):
    key: str = Field(min_length=1)


class _LiteServer(BaseModel):
    ip: int
    port: int = Field(gt=0, lt=65536)
    id: _PublicKey


class _BlockId(BaseModel):
    workchain: int
    shard: int
    seqno: int = Field(ge=0)
    root_hash: str
    file_hash: str


class _Validator(BaseModel):
    init_block: _BlockId


class GlobalConfig(BaseModel):
    """The parts of a TON global config that reaching liteservers needs (others pass through)."""

    liteservers: list[_LiteServer] = Field(min_length=1)
    validator: _Validator


def load_global_config(source: str | Path) -> dict[str, Any]:
    """Read a global config (file, URL or a name in NAMED_CONFIGS) and check its shape."""
    text = NAMED_CONFIGS.get(str(source), str(source))
    try:
        if text.startswith(("http://", "https://")):
            response = httpx.get(text, timeout=30)
            response.raise_for_status()
            data = response.json()
        else:
            data = json.loads(Path(text).read_text())
    except (OSError, ValueError, httpx.HTTPError) as exc:
        raise ChainError(f"cannot read the TON global config {text}: {exc}") from exc
    try:
        GlobalConfig.model_validate(data)
    except ValidationError as exc:
        raise ChainError(f"{text} is not a TON global config: {exc}") from exc
    return data


def _balancer(config: dict[str, Any], trust_level: int) -> Any:
    """pytoniq's LiteBalancer over every liteserver of the config (connects nothing yet)."""
    from pytoniq import LiteBalancer

    return LiteBalancer.from_config(config, trust_level)


def _raw(address: Address) -> str:
    return address.to_str(is_user_friendly=False)


class LiveChain(Chain):
    def __init__(
        self,
        client: LiteClientLike,
        clock: Callable[[], int] | None = None,
        *,
        timeout_s: float = 120.0,
        poll_s: float = 2.0,
    ) -> None:
        self._client = client
        self._clock = clock or (lambda: int(time.time()))
        # pytoniq's connections ping and reconnect in background tasks: the loop runs all the
        # time in its own thread; callers (any thread) hand it coroutines, one at a time
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="cocoon-live-chain", daemon=True
        )
        self._thread.start()
        self._lock = threading.RLock()  # one operation at a time (seqno decisions included)
        self.timeout_s = timeout_s
        self.poll_s = poll_s
        self._in_flight: dict[str, tuple[int, int]] = {}  # wallet -> (seqno, valid_until)

    @classmethod
    def connect(
        cls, global_config: str | Path, trust_level: int = 2, **options: Any
    ) -> "LiveChain":
        """Reach the network the global config describes (`trust_level` as in pytoniq: 2 trusts
        the liteservers' answers, 1 checks shard proofs, 0 also block proofs)."""
        config = load_global_config(global_config)
        chain = cls(_balancer(config, trust_level), **options)
        try:
            chain._run(chain._client.start_up())  # type: ignore[attr-defined]
            if not chain._client.alive_peers_num:  # type: ignore[attr-defined]
                raise ConnectionError("none is alive")  # pytoniq starts up with no peer at all
        except Exception as exc:
            chain.close()
            raise ChainError(f"no liteserver of {global_config} answered: {exc}") from exc
        return chain

    def close(self) -> None:
        if self._loop.is_closed():
            return
        close_all = getattr(self._client, "close_all", None)
        if close_all is not None:
            with contextlib.suppress(Exception):  # closing what never fully opened
                self._run(close_all())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def _run(self, coro: Any) -> Any:
        with self._lock:
            return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    # -- reads --------------------------------------------------------------------------------

    def now(self) -> int:
        return self._clock()

    def account(self, address: Address | str) -> AccountState:
        addr = address if isinstance(address, Address) else Address(address)
        try:
            shard = self._run(self._shard(addr))
        except Exception as exc:
            raise ChainError(f"reading {_raw(addr)} failed: {exc}") from exc
        return AccountState.from_shard(_raw(addr), shard)

    def _run_get_method(self, address: Address, method: str, stack: list[Any]) -> list[Any]:
        try:
            return self._run(self._client.run_get_method(address, method, stack))
        except Exception as exc:
            raise ChainError(f"{method} failed: {exc}") from exc

    async def _shard(self, address: Address) -> ShardAccount | None:
        _, shard = await self._client.raw_get_account_state(address)
        return shard

    # -- seqno ----------------------------------------------------------------------------------

    def build_transfer(self, key: KeyPair, transfers: list[Transfer]) -> MessageAny:
        """Like every backend, but never reuse the seqno of a message still in flight."""
        with self._lock:
            seqno = self._next_seqno(wallet_address(key.public))
            return wallet_external(key, seqno, self.now() + VALID_FOR_SECONDS, transfers)

    def _next_seqno(self, wallet: Address) -> int:
        deadline = time.monotonic() + self.timeout_s
        while True:
            pending = self._in_flight.get(_raw(wallet))
            try:
                seqno = self.wallet_seqno(wallet)
            except ChainError:
                if pending is None or time.monotonic() > deadline:
                    raise
                time.sleep(self.poll_s)  # a liteserver behind or gone: ask again
                continue
            if pending is None or seqno > pending[0]:
                self._in_flight.pop(_raw(wallet), None)
                return seqno
            if self.now() > pending[1]:  # expired unseen: it can never be included now
                self._in_flight.pop(_raw(wallet), None)
                return seqno
            if time.monotonic() > deadline:
                raise InclusionTimeout(
                    f"wallet {_raw(wallet)}: its message with seqno {pending[0]} is not on chain"
                    f" after {self.timeout_s:.0f} s; not building another on the same seqno"
                )
            time.sleep(self.poll_s)

    # -- writes ---------------------------------------------------------------------------------

    def _send(self, message: MessageAny) -> SendResult:
        return self._run(self._send_and_follow(message))

    async def _send_and_follow(self, message: MessageAny) -> SendResult:
        cell = message.serialize()
        boc = cell.to_boc()
        dest: Address = message.info.dest
        try:
            before = await self._shard(dest)
        except Exception as exc:  # nothing sent yet
            raise ChainError(f"reading {_raw(dest)} failed: {exc}") from exc
        since_lt = before.last_trans_lt if before is not None else 0
        try:
            await self._client.raw_send_message(boc)
        except Exception as exc:  # the liteserver's refusal, in its own words
            raise ChainError(f"liteserver refused the message: {exc}") from exc
        order = wallet_order(message)
        if order is not None:
            self._in_flight[_raw(dest)] = (order.seqno, order.valid_until)
        deadline = time.monotonic() + self.timeout_s

        def ours(tx: Transaction) -> bool:
            return (
                tx.in_msg is not None
                and not tx.in_msg.is_internal
                and tx.cell.refs[0].refs[0].hash == cell.hash
            )

        first, _ = await self._poll(
            dest, since_lt, ours, deadline, f"no transaction for the message on {_raw(dest)}",
            order=order,
        )
        records = await self._trace(dest, first, deadline)  # type: ignore[arg-type]
        return SendResult(message_hash=cell.hash.hex(), boc=boc, transactions=records)

    async def _trace(self, address: Address, first: Transaction, deadline: float) -> list[TxRecord]:
        """Every transaction the first one caused, in delivery order (as the embedded chain)."""
        records: list[TxRecord] = []
        queue: deque[tuple[Address, Transaction | TxRecord, _Next]] = deque(
            [(address, first, None)]
        )
        while queue:
            if len(records) >= MAX_TRACE:
                raise ChainError("trace too long to follow")
            account, tx, then = queue.popleft()
            if isinstance(tx, TxRecord):  # rebuilt: see _bounced_from_nowhere
                records.append(tx)
                if then is not None:
                    queue.append((then[0], then[1], None))
                continue
            records.append(TxRecord.from_transaction(_raw(account), tx))
            for out in tx.out_msgs:
                if out.is_internal:
                    queue.append((out.info.dest, *await self._delivery(account, out, deadline)))
        return records

    async def _delivery(
        self, source: Address, out: MessageAny, deadline: float
    ) -> tuple[Transaction | TxRecord, _Next]:
        """The transaction that received `out`: same source, same creation lt (unique)."""
        dest: Address = out.info.dest
        return await self._poll(
            dest, out.info.created_lt, _delivers(source, out), deadline,
            f"no transaction on {_raw(dest)} for the message from {_raw(source)}"
            f" (lt {out.info.created_lt})",
            when_absent=(lambda: self._bounced_from_nowhere(source, out))
            if out.info.bounce else None,
        )

    async def _poll(
        self,
        address: Address,
        after_lt: int,
        match: Callable[[Transaction], bool],
        deadline: float,
        missing: str,
        *,
        order: WalletOrder | None = None,
        when_absent: Callable[[], Awaitable[tuple[TxRecord, _Next] | None]] | None = None,
    ) -> tuple[Transaction | TxRecord, _Next]:
        """Poll the account until a transaction after `after_lt` matches. A liteserver behind
        the others, or one gone, is asked again until the deadline."""
        seen = after_lt
        last_error = ""
        while True:
            try:
                shard = await self._shard(address)
                if shard is not None and shard.last_trans_lt > seen:
                    for tx in await self._newer(address, shard, seen):
                        if match(tx):
                            return tx, None
                    seen = shard.last_trans_lt
                elif shard is None and when_absent is not None:
                    found = await when_absent()
                    if found is not None:
                        return found
            except Exception as exc:
                last_error = f" (last error: {type(exc).__name__}: {exc})"
            if order is not None and self.now() > order.valid_until + VALID_FOR_SECONDS:
                raise InclusionTimeout(
                    f"message to {_raw(address)} expired (seqno {order.seqno}) without inclusion"
                )
            if time.monotonic() > deadline:
                raise InclusionTimeout(f"{missing} after {self.timeout_s:.0f} s{last_error}")
            await asyncio.sleep(self.poll_s)

    async def _bounced_from_nowhere(
        self, source: Address, out: MessageAny
    ) -> tuple[TxRecord, _Next] | None:
        """A bounceable message to an address with no account bounces, and the account stays
        empty, so a liteserver has no last transaction to list from. The bounce coming back to
        the source proves what happened there; the record is rebuilt from it (all of the value
        is accounted for: what came in = what bounced + its forwarding fee + the fees), without
        the transaction's hash, which only a block scan would give."""
        dest: Address = out.info.dest
        shard = await self._shard(source)
        if shard is None:
            return None
        for tx in await self._newer(source, shard, out.info.created_lt):
            back = tx.in_msg
            if (
                back is not None
                and back.is_internal
                and back.info.bounced
                and back.info.src == dest
                and back.info.created_lt > out.info.created_lt
            ):
                in_value = out.info.value.grams
                bounced = back.info.value.grams
                record = TxRecord(
                    address=_raw(dest), lt=back.info.created_lt - 1, hash="",
                    total_fees=in_value - bounced - back.info.fwd_fee, aborted=True,
                    in_value=in_value, out_value=bounced, fwd_fees=back.info.fwd_fee,
                    compute_skipped=True, bounced=True,
                )
                return record, (source, tx)
        return None

    async def _newer(
        self, address: Address, shard: ShardAccount, after_lt: int
    ) -> list[Transaction]:
        """The account's transactions with lt > after_lt, oldest first, page by page."""
        found: list[Transaction] = []
        from_lt, from_hash = shard.last_trans_lt, shard.last_trans_hash
        while from_lt > after_lt:
            page = await self._client.get_transactions(
                address, PAGE, from_lt=from_lt, from_hash=from_hash, to_lt=after_lt
            )
            if not page:
                break
            found.extend(page)
            from_lt, from_hash = page[-1].prev_trans_lt, page[-1].prev_trans_hash
        return list(reversed(found))


def _delivers(source: Address, out: MessageAny) -> Callable[[Transaction], bool]:
    """A transaction received `out`: same source, same creation lt (unique per message)."""

    def match(tx: Transaction) -> bool:
        msg = tx.in_msg
        return (
            msg is not None
            and msg.is_internal
            and msg.info.created_lt == out.info.created_lt
            and msg.info.src == source
        )

    return match
