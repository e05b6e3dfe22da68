"""Live TON (testnet or mainnet) through pytoniq's LiteBalancer.

Only transport lives here: messages are built by the shared code in `cocoon.contracts.chain`
and `cocoon.contracts.messages`, exactly as for the embedded chain. The network is whatever the
global config (a file path or an http(s) URL) describes; nothing network-specific is built in.
"""

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import httpx
from pytoniq_core import Address, MessageAny

from cocoon.contracts.chain import AccountState, Chain, ChainError, SendResult


class LiteClientLike(Protocol):
    """The subset of pytoniq's LiteBalancer this backend uses."""

    async def raw_send_message(self, message: bytes) -> Any: ...

    async def get_account_state(self, address: Address) -> Any: ...

    async def run_get_method(self, address: Address, method: str, stack: list[Any]) -> Any: ...


def load_global_config(source: str | Path) -> dict[str, Any]:
    text = str(source)
    if text.startswith(("http://", "https://")):
        response = httpx.get(text, timeout=30)
        response.raise_for_status()
        return response.json()
    return json.loads(Path(text).read_text())


class LiveChain(Chain):
    def __init__(
        self,
        client: LiteClientLike,
        clock: Callable[[], int] | None = None,
    ) -> None:
        self._client = client
        self._clock = clock or (lambda: int(time.time()))
        self._loop = asyncio.new_event_loop()

    @classmethod
    def connect(cls, global_config: str | Path, trust_level: int = 2) -> "LiveChain":
        from pytoniq import LiteBalancer

        balancer = LiteBalancer.from_config(load_global_config(global_config), trust_level)
        chain = cls(balancer)
        chain._loop.run_until_complete(balancer.start_up())
        return chain

    def close(self) -> None:
        close_all = getattr(self._client, "close_all", None)
        if close_all is not None:
            self._loop.run_until_complete(close_all())
        self._loop.close()

    def now(self) -> int:
        return self._clock()

    def account(self, address: Address | str) -> AccountState:
        addr = address if isinstance(address, Address) else Address(address)
        raw = addr.to_str(is_user_friendly=False)
        acc = self._loop.run_until_complete(self._client.get_account_state(addr))
        state = getattr(acc, "state", None)
        if acc is None or state is None:
            return AccountState(address=raw, status="nonexist", balance=0)
        status = {"active": "active", "frozen": "frozen"}.get(state.type_, "uninit")
        code_hash = state.state_init.code.hash.hex() if status == "active" else None
        return AccountState(address=raw, status=status, balance=acc.balance, code_hash=code_hash)

    def _send(self, message: MessageAny) -> SendResult:
        cell = message.serialize()
        boc = cell.to_boc()
        try:
            self._loop.run_until_complete(self._client.raw_send_message(boc))
        except Exception as exc:  # the liteserver's refusal, in its own words
            raise ChainError(f"liteserver refused the message: {exc}") from exc
        return SendResult(message_hash=cell.hash.hex(), boc=boc)

    def _run_get_method(self, address: Address, method: str, stack: list[Any]) -> list[Any]:
        try:
            return self._loop.run_until_complete(
                self._client.run_get_method(address, method, stack)
            )
        except Exception as exc:
            raise ChainError(f"{method} failed: {exc}") from exc
