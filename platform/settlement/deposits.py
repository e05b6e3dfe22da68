"""Account credit from the chain: what each registered client channel holds, credited once.

The only way money enters an account is here: for every client channel registered with the
settlement, the channel's ``deposit`` as the chain reports it (its get-method, never a number a
client or an operator types) is compared with what the ledger has credited for that channel, and
the difference is credited to the account that registered it. A top-up that failed on chain
(wrong sender, too little value, a closed channel: the contract throws and the value bounces)
never raises ``deposit``, so it credits nothing; a top-up sent to someone else's channel raises
that channel's deposit and so credits its owner only.

Exactly once, across restarts and several gateways on one database, with nothing but the
deposits table's unique ``ref``: each credit is keyed by the level it starts from,
``channel:<address>:from:<credited before>``. The levels a channel was credited from form one
chain (0, then the deposit seen first, then the next...), so a gateway that read a stale total
tries to insert a ``from`` level that another gateway's credit already left, and its insert is a
no-op (a ref keyed by the *target* level would let a stale reader credit 0 -> 150 beside another
reader's 0 -> 100). Rows with the pre-chain-watcher ref ``channel:<address>`` (``cocoon up``'s
old starting credit) count towards the total, so an existing state upgrades without a double
credit.

Each pass also records the channel's on-chain status (``client_channel_status``): the gateway
refuses new invocations on a channel that is closing or closed (402 ``channel_closing``), since
its client could take back what it has not signed over yet.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pydantic import BaseModel

from cocoon.contracts.chain import ChainError
from cocoon.contracts.channel import ChannelState, PaymentChannel
from cocoon.platform.db import Database
from cocoon.platform.ledger import Ledger
from cocoon.platform.registry import now_ms

if TYPE_CHECKING:  # the driver imports the voucher book, which reads channel_status from here
    from cocoon.platform.settlement.driver import Settlement

log = logging.getLogger("cocoon.settlement.deposits")
SOURCE = "channel"


class Credit(BaseModel):
    """One credit made by a pass: ``amount`` nanotons to ``account`` from its channel."""

    account: str
    channel: str  # raw address
    amount: int
    deposit: int  # the channel's deposit on chain, now all credited


def channel_ref(address: str, credited_before: int) -> str:
    """The ledger ref of the credit that raises ``address``'s total above ``credited_before``."""
    return f"{SOURCE}:{address}:from:{credited_before}"


def credited_for(db: Database, account: str, address: str) -> int:
    """What the ledger has credited ``account`` from the channel at ``address`` so far."""
    return db.one(
        "SELECT COALESCE(SUM(amount), 0) FROM deposits WHERE account = ? AND source = ?"
        " AND (ref = ? OR ref LIKE ?)",
        account, SOURCE, f"{SOURCE}:{address}", f"{SOURCE}:{address}:%",
    )[0]


def _record_status(db: Database, account: str, state: ChannelState) -> None:
    with db.tx(durable=False) as c:
        c.execute(
            "INSERT INTO client_channel_status (channel_address, account, status, deposit,"
            " claimed, close_started_at, seen_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (channel_address) DO UPDATE SET account = excluded.account,"
            " status = excluded.status, deposit = excluded.deposit, claimed = excluded.claimed,"
            " close_started_at = excluded.close_started_at, seen_ms = excluded.seen_ms",
            (state.address, account, state.status, state.deposit, state.claimed,
             state.close_started_at, now_ms()),
        )


def _record_gone(db: Database, account: str, address: str) -> None:
    """A registered channel no longer on chain (closed and emptied): closed for the gate."""
    with db.tx(durable=False) as c:
        c.execute(
            "INSERT INTO client_channel_status (channel_address, account, status, deposit,"
            " claimed, close_started_at, seen_ms) VALUES (?, ?, 'closed', 0, 0, 0, ?)"
            " ON CONFLICT (channel_address) DO UPDATE SET status = 'closed',"
            " seen_ms = excluded.seen_ms", (address, account, now_ms()),
        )


def credit_channel(settlement: Settlement, ledger: Ledger, account: str,
                   address: str) -> Credit | None:
    """Read one client channel on chain, record its status, credit what is new (or None)."""
    channel = PaymentChannel(settlement.chain, address)
    if not channel.exists():
        _record_gone(ledger.db, account, address)
        return None
    state = channel.state()
    _record_status(ledger.db, account, state)
    before = credited_for(ledger.db, account, address)
    if state.deposit <= before:
        return None
    amount = state.deposit - before
    if not ledger.deposit(account, amount, source=SOURCE, ref=channel_ref(address, before)):
        return None  # another pass (here or on another gateway) credited from this level
    return Credit(account=account, channel=address, amount=amount, deposit=state.deposit)


def credit_deposits(settlement: Settlement, ledger: Ledger) -> list[Credit]:
    """Credit every registered client channel's new on-chain deposit, once; returns the credits.

    Blocking (chain reads and database writes): run it where the settlement's chain lives (the
    gateway's settlement thread). A channel whose chain read fails is skipped this pass (logged)
    and read again on the next; the others are credited meanwhile. A channel registered for an
    account the ledger does not know is skipped too (nothing to credit)."""
    credits: list[Credit] = []
    rows = settlement.db.all(
        "SELECT c.account, c.channel_address FROM settlement_clients c"
        " JOIN accounts a ON a.id = c.account ORDER BY c.account"
    )
    for account, address in rows:
        try:
            credit = credit_channel(settlement, ledger, account, address)
        except ChainError as exc:
            log.warning("reading client channel %s failed: %s", address, exc)
            continue
        if credit is not None:
            log.info("credited %s nTON to %s from channel %s", credit.amount, account, address)
            credits.append(credit)
    return credits


def channel_status(db: Database, account: str) -> str | None:
    """The on-chain status of the account's channel as last seen (None: not seen yet)."""
    row = db.one(
        "SELECT s.status FROM client_channel_status s JOIN settlement_clients c"
        " ON c.channel_address = s.channel_address WHERE c.account = ?", account,
    )
    return row[0] if row else None
