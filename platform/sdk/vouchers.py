"""The client's side of its payment channel: sign cumulative vouchers for verified receipts only.

Trust: the SDK never signs an amount the gateway merely claims. A process starts from the newest
voucher the gateway holds, and only after checking that voucher carries this key's own signature
for this channel (so the gateway can report nothing the key did not sign before); from then on it
adds the amount of each receipt it verified itself (runtime signature, request id, max price).
The state is shared by every `Client` of one process using the same channel.

Consequences: one signing process per key at a time is exact. Two processes signing for the same
channel at once each add only their own receipts to their own base, so the gateway (which keeps
the highest) can hold less than was charged: never more. A crash loses the last unsent amount.
Either shows up as unvouchered debt; the gateway serves an account up to its bound on that debt
(calls in flight included: `[gateway] max_unvouchered`, docs/settlement.md) and then answers
`voucher_required`. `Client.flush_voucher(cover_debt=True)` is the explicit way out:
it signs what the gateway says was charged, trusting the gateway for that difference.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from cocoon.contracts.keys import KeyPair
from cocoon.contracts.voucher import Voucher

from ..api import AccountOut


@dataclass
class _ChannelState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    signed: int = 0  # newest cumulative this key signed (seen by this process)
    unsigned: int = 0  # verified receipts not yet in a voucher
    undelivered: bool = False  # `signed` may not have reached the gateway yet


_STATES: dict[str, _ChannelState] = {}
_STATES_LOCK = threading.Lock()


class Payer:
    """Signs vouchers on one client -> platform channel."""

    def __init__(self, key: KeyPair, channel: str, channel_id: int) -> None:
        self.key, self.channel, self.channel_id = key, channel, channel_id
        with _STATES_LOCK:
            self._state = _STATES.setdefault(channel, _ChannelState())

    @classmethod
    def for_account(cls, key: KeyPair, account: AccountOut, pinned: str | None) -> Payer | None:
        """A payer if the account's channel is signed by `key` (and is the pinned one)."""
        ch = account.channel
        if ch is None or not ch.client_signs or ch.payer_key != key.public.hex():
            return None
        if pinned is not None and pinned != ch.address:
            return None
        payer = cls(key, ch.address, ch.channel_id)
        payer.observe(account.voucher)
        return payer

    def observe(self, voucher: Voucher | None) -> None:
        """Raise the base to a voucher the gateway holds, if this key really signed it."""
        if voucher is None or (voucher.channel, voucher.channel_id) != (
            self.channel,
            self.channel_id,
        ):
            return
        if not voucher.verify(self.key.public):
            return
        with self._state.lock:
            self._state.signed = max(self._state.signed, voucher.cumulative)

    def verified(self, amount: int) -> None:
        with self._state.lock:
            self._state.unsigned += amount

    @property
    def pending(self) -> int:
        return self._state.unsigned

    @property
    def signed(self) -> int:
        return self._state.signed

    def next_voucher(self, *, at_least: int = 0) -> Voucher | None:
        """A voucher covering everything verified so far, or None if nothing is new."""
        with self._state.lock:
            st = self._state
            cumulative = max(st.signed + st.unsigned, at_least)
            if cumulative <= st.signed:
                return None
            st.signed, st.unsigned, st.undelivered = cumulative, 0, True
        return Voucher.sign(self.key, self.channel, self.channel_id, cumulative)

    def undelivered(self) -> Voucher | None:
        """The newest signed voucher again, if the gateway may not have it."""
        with self._state.lock:
            if not self._state.undelivered:
                return None
            cumulative = self._state.signed
        return Voucher.sign(self.key, self.channel, self.channel_id, cumulative)

    def delivered(self, cumulative: int) -> None:
        with self._state.lock:
            if cumulative >= self._state.signed:
                self._state.undelivered = False


def header_value(voucher: Voucher) -> str:
    """`x-cocoon-voucher: <cumulative>:<signature hex>` (the gateway knows the channel)."""
    return f"{voucher.cumulative}:{voucher.signature}"
