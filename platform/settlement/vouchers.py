"""The gateway's request-path view of client channels: accept vouchers (the debt gate they feed is
the ledger's reservation, `Ledger.reserve(debt_limit=...)`).

It shares the settlement tables (`settlement_clients`, `settlement_client_vouchers`) with the
driver but runs on the gateway's own connection, so the event loop never waits on a settlement
run (which talks to the TVM in a worker thread).
"""

from cocoon.contracts.voucher import Voucher
from cocoon.platform.api import VOUCHER_HEADER
from cocoon.platform.db import Database
from cocoon.platform.settlement.deposits import channel_status
from cocoon.platform.settlement.models import ClientChannel
from cocoon.runtime.errors import CocoonError

HEADER = VOUCHER_HEADER


def check_voucher(client: ClientChannel, voucher: Voucher) -> str | None:
    """Why `voucher` is not a valid voucher on the client's channel, or None."""
    if (voucher.channel, voucher.channel_id) != (client.channel_address, client.channel_id):
        return "voucher is for another channel"
    if not voucher.verify(bytes.fromhex(client.payer_key)):
        return "voucher signature is invalid"
    return None


def parse_header(value: str, client: ClientChannel) -> Voucher:
    """`x-cocoon-voucher: <cumulative>:<signature hex>`; the channel is the account's own."""
    cumulative, _, signature = value.strip().partition(":")
    try:
        return Voucher(channel=client.channel_address, channel_id=client.channel_id,
                       cumulative=int(cumulative), signature=signature)
    except ValueError:
        raise CocoonError(
            "invalid_voucher", f"{HEADER} must be <cumulative nanotons>:<128 hex digit signature>"
        ) from None


class VoucherBook:
    def __init__(self, db: Database) -> None:
        self.db = db  # its tables come with the database's migrations
        self._channels: dict[str, ClientChannel] = {}  # channels never change once opened

    def channel(self, account: str) -> ClientChannel | None:
        cached = self._channels.get(account)
        if cached is not None:
            return cached
        row = self.db.one(
            "SELECT account, channel_address, channel_id, payer_wallet, payer_key"
            " FROM settlement_clients WHERE account = ?",
            account,
        )
        if row is None:
            return None
        channel = ClientChannel(
            account=row[0], channel_address=row[1], channel_id=row[2], payer_wallet=row[3],
            payer_key=row[4],
        )
        self._channels[account] = channel
        return channel

    def require_open(self, account: str) -> None:
        """Refuse new calls on a channel the chain watcher saw closing or closed: its client can
        take back, once the dispute window ends, whatever it has not signed over by then."""
        if self.channel(account) is None:
            return
        status = channel_status(self.db, account)
        if status is not None and status != "open":
            raise CocoonError(
                "channel_closing",
                f"your payment channel is {status} on chain: no new calls are served on it",
            )

    def latest(self, account: str) -> Voucher | None:
        channel = self.channel(account)
        row = self.db.one(
            "SELECT cumulative, signature FROM settlement_client_vouchers WHERE account = ?",
            account,
        )
        if channel is None or row is None:
            return None
        return Voucher(channel=channel.channel_address, channel_id=channel.channel_id,
                       cumulative=row[0], signature=row[1])

    def vouchered(self, account: str) -> int:
        row = self.db.one(
            "SELECT cumulative FROM settlement_client_vouchers WHERE account = ?", account
        )
        return row[0] if row else 0

    def accept(self, account: str, voucher: Voucher, charged: int, *, stale_ok: bool) -> int:
        """Store a client-signed voucher if it is newer; returns the cumulative now held.

        A voucher for more than the ledger has charged is refused: the platform claims exactly
        what it is owed. An older voucher is a no-op with `stale_ok` (concurrent invocations
        may deliver theirs out of order), a 409 otherwise.
        """
        channel = self.channel(account)
        if channel is None:
            raise CocoonError("invalid_voucher", "this account has no payment channel")
        problem = check_voucher(channel, voucher)
        if problem:
            raise CocoonError("invalid_voucher", problem)
        if voucher.cumulative > charged:
            raise CocoonError(
                "invalid_voucher",
                f"voucher covers {voucher.cumulative} nTON but only {charged} nTON were charged",
            )
        with self.db.tx() as c:
            row = c.execute(
                "SELECT cumulative FROM settlement_client_vouchers WHERE account = ?", (account,)
            ).fetchone()
            held = row[0] if row else 0
            if row is not None and voucher.cumulative < held:
                if stale_ok:
                    return held
                raise CocoonError(
                    "stale_voucher", f"a newer voucher ({held} nTON) is held already"
                )
            c.execute(
                "INSERT INTO settlement_client_vouchers VALUES (?, ?, ?, 0) ON CONFLICT(account)"
                " DO UPDATE SET cumulative = excluded.cumulative, signature = excluded.signature"
                " WHERE excluded.cumulative > settlement_client_vouchers.cumulative",
                (account, voucher.cumulative, voucher.signature),
            )
        return max(held, voucher.cumulative)
