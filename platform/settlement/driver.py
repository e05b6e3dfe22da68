"""The settlement driver: ledger receipts -> cumulative vouchers -> a few on-chain messages.

Everything is derived from cumulative totals, never from increments: a client owes the sum of its
receipts up to a ledger position, a provider is owed the sum of its receipts less the platform's
fee on that sum, and channels on chain hold cumulative `claimed` amounts that only grow. So a run
that dies at any point and is run again computes the same totals, reads what already reached the
chain, and sends only what is missing: every nanoton is accounted for exactly once.

Each on-chain message goes through the :class:`~cocoon.platform.settlement.outbox.Outbox`:
recorded before it is sent, checked on chain after (aborted transactions are failures, reported
and retried by the next run from the chain's state), resent by the next run if a crash left it
pending (the wallet's seqno makes a second delivery a no-op).

Providers hold their own vouchers: every run signs, for each provider, a voucher for all it is
owed but never beyond what its channel holds on chain, and funds the channel first when it holds
less, so what a provider holds it can claim alone. Client channels found closing are claimed at
once (:meth:`Settlement.claim_closing`, called by the chain watcher), before their dispute window
ends.

The state lives in the gateway's :class:`~cocoon.platform.db.Database` (a SQLite file or a
PostgreSQL database shared by several gateways); one run at a time per database holds the
settlement lease (:mod:`cocoon.platform.settlement.lease`), renewed in the very transaction that
records each wallet message, so two gateways never both send.
"""

import logging
import secrets
from collections.abc import Callable
from pathlib import Path

from pytoniq_core import Address

from cocoon.contracts.chain import Chain, ChainError
from cocoon.contracts.channel import (
    DEFAULT_DISPUTE_WINDOW,
    OP_GAS,
    TOPUP_GAS_RESERVE,
    ChannelParams,
    ChannelState,
    PaymentChannel,
    claim_body,
    top_up_body,
)
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer, wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.db import Database
from cocoon.platform.settlement.lease import Lease, LeaseLost
from cocoon.platform.settlement.models import (
    DEFAULT_FEE_BPS,
    ClientChannel,
    ClientTerms,
    Earnings,
    OpFailure,
    ProviderChannel,
    SettlementError,
    SettlementReport,
    Thresholds,
    window_problem,
)
from cocoon.platform.settlement.outbox import Outbox, SendStopped
from cocoon.platform.settlement.registration import acceptable_channel, check_registration
from cocoon.platform.settlement.vouchers import check_voucher

BPS = 10_000
log = logging.getLogger("cocoon.settlement")


def _raw(address: Address) -> str:
    return address.to_str(is_user_friendly=False)


def platform_fee(gross: int, fee_bps: int) -> int:
    """The fee on a cumulative gross amount, rounded down (in the provider's favour)."""
    return gross * fee_bps // BPS


class Settlement:
    def __init__(
        self,
        database: Database | Path | str,
        chain: Chain,
        platform_key: KeyPair,
        fee_bps: int = DEFAULT_FEE_BPS,
        thresholds: Thresholds | None = None,
        dispute_window: int = DEFAULT_DISPUTE_WINDOW,
        checkpoint: Callable[[str], None] | None = None,
        clock: Callable[[], int] | None = None,
        lease_s: float = 120.0,
        owns_chain: bool = False,
    ) -> None:
        """``database``: an open Database (shared, left open by :meth:`close`), or what to open
        (a SQLite path or a ``postgresql://`` URL). ``lease_s``: how long a run that stopped
        renewing (crashed, hung) keeps others from settling. ``owns_chain``: the chain was
        opened for this driver, and :meth:`close` closes it too."""
        if not 0 <= fee_bps <= BPS:
            raise ValueError("fee_bps must be within 0..10000")
        self._owns_db = not isinstance(database, Database)
        self.db = Database(database, pool_size=2) if self._owns_db else database
        self.lease = Lease(self.db, lease_s)
        self.chain = chain
        self._owns_chain = owns_chain
        self.platform_key = platform_key
        self.platform_wallet = wallet_address(platform_key.public)
        self.fee_bps = fee_bps
        self.thresholds = thresholds or Thresholds()
        if problem := window_problem(self.thresholds.max_delay, dispute_window):
            raise ValueError(problem)
        self.dispute_window = dispute_window
        self._checkpoint = checkpoint or (lambda _name: None)
        self._clock = clock or chain.now
        self.outbox = Outbox(self.db, chain, platform_key, self.lease, self._checkpoint,
                             self._clock)

    # -- registration -------------------------------------------------------------------------

    def client_terms(self) -> ClientTerms:
        """The terms a client channel must have for this platform to accept it."""
        return ClientTerms(
            platform_wallet=_raw(self.platform_wallet),
            platform_key=self.platform_key.public.hex(),
            dispute_window=self.dispute_window,
        )

    def register_client_channel(
        self, account: str, channel_address: str, signature: str
    ) -> ClientChannel:
        """Accept a channel the client opened from its own wallet as ``account``'s channel.

        The platform never holds the client's key: the channel must already be on chain, with
        our payment-channel code, open, paying the platform wallet under the platform key and our
        dispute window, and ``signature`` (hex) must be its payer key's Ed25519 signature over
        :func:`.models.registration_message`. One account per channel and one channel per account;
        registering the same pair again returns it. Raises :class:`SettlementError` with a code
        (``invalid_channel``, ``bad_signature``, ``conflict``)."""
        try:
            address = _raw(Address(channel_address))
        except Exception:
            raise SettlementError("channel_address is not a TON address",
                                  "invalid_channel") from None
        existing = self.client(account)
        if existing is not None and existing.channel_address == address:
            check_registration(existing.payer_key, account, address, signature)
            return existing
        if existing is not None:
            raise SettlementError(
                f"account {account} already has channel {existing.channel_address}", "conflict")
        state = acceptable_channel(self.chain, self.client_terms(), address)
        check_registration(state.payer_key, account, address, signature)
        with self.db.tx() as c:
            # ON CONFLICT without a target: the account (primary key) or the channel (unique)
            c.execute(
                "INSERT INTO settlement_clients (account, channel_address, channel_id,"
                " payer_wallet, payer_key, platform_signs, last_claim_time)"
                " VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT DO NOTHING",
                (account, address, state.channel_id, state.payer, state.payer_key,
                 self._clock()),
            )
        registered = self.client(account)
        if registered is None or registered.channel_address != address:
            owner = self.db.one(
                "SELECT account FROM settlement_clients WHERE channel_address = ?", address)
            what = (f"channel {address} belongs to another account" if owner
                    else f"account {account} already has another channel")
            raise SettlementError(what, "conflict")
        return registered

    def register_provider(self, provider: str, payout_address: str, payee_key: bytes) -> None:
        """Where a provider's earnings go; its channel is opened on the first payout."""
        params = ChannelParams(
            payer=_raw(self.platform_wallet),
            payee=_raw(Address(payout_address)),
            payer_key=self.platform_key.public.hex(),
            payee_key=payee_key.hex(),
            channel_id=secrets.randbits(63),
            dispute_window=self.dispute_window,
        )
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO settlement_providers (provider, payout_address, payee_key,"
                " channel_address, channel_id, last_payout_time) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (provider) DO NOTHING",
                (provider, params.payee, params.payee_key, _raw(params.address),
                 params.channel_id, self._clock()),
            )

    def client(self, account: str) -> ClientChannel | None:
        row = self.db.one(
            "SELECT account, channel_address, channel_id, payer_wallet, payer_key"
            " FROM settlement_clients WHERE account = ?",
            account,
        )
        if row is None:
            return None
        return ClientChannel(
            account=row[0], channel_address=row[1], channel_id=row[2], payer_wallet=row[3],
            payer_key=row[4],
        )

    def provider(self, provider: str) -> ProviderChannel | None:
        row = self.db.one(
            "SELECT provider, payout_address, payee_key, channel_address, channel_id"
            " FROM settlement_providers WHERE provider = ?",
            provider,
        )
        if row is None:
            return None
        return ProviderChannel(
            provider=row[0], payout_address=row[1], payee_key=row[2], channel_address=row[3],
            channel_id=row[4],
        )

    # -- vouchers -----------------------------------------------------------------------------

    def accept_voucher(self, account: str, voucher: Voucher, ledger_seq: int = 0) -> None:
        """Store a client-signed voucher (from the SDK) if it is valid and newer."""
        problem = check_voucher(self._require_client(account), voucher)
        if problem:
            raise SettlementError(problem, "invalid_voucher")
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO settlement_client_vouchers (account, cumulative, signature,"
                " ledger_seq) VALUES (?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET"
                " cumulative = excluded.cumulative, signature = excluded.signature,"
                " ledger_seq = excluded.ledger_seq"
                " WHERE excluded.cumulative > settlement_client_vouchers.cumulative",
                (account, voucher.cumulative, voucher.signature, ledger_seq),
            )

    def provider_voucher(self, provider: str) -> Voucher | None:
        """The newest platform-signed voucher on the provider's channel: the provider can claim
        it on chain by itself, with or without the platform."""
        info = self.provider(provider)
        row = self.db.one(
            "SELECT cumulative, signature FROM settlement_provider_vouchers WHERE provider = ?",
            provider,
        )
        if info is None or row is None:
            return None
        return Voucher(channel=info.channel_address, channel_id=info.channel_id,
                       cumulative=row[0], signature=row[1])

    def latest_voucher(self, account: str) -> Voucher | None:
        client = self._require_client(account)
        row = self.db.one(
            "SELECT cumulative, signature FROM settlement_client_vouchers WHERE account = ?",
            account,
        )
        if row is None:
            return None
        return Voucher(
            channel=client.channel_address, channel_id=client.channel_id, cumulative=row[0],
            signature=row[1],
        )

    # -- the run ------------------------------------------------------------------------------

    def close(self) -> None:
        if self._owns_db:
            self.db.close()
        if self._owns_chain:
            self.chain.close()

    def __enter__(self) -> "Settlement":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, force: bool = False, wait_s: float | None = None) -> SettlementReport:
        """One settlement pass; `force` settles everything regardless of thresholds.

        Waits up to ``wait_s`` (default: the lease's lifetime, so a crashed holder's lease
        runs out meanwhile) for a run elsewhere on this database to end."""
        return self._leased(lambda report: self._run(force, report), wait_s)

    def claim_closing(self, wait_s: float = 1.0) -> SettlementReport:
        """Claim the newest voucher of every client channel found closing on chain, at once
        (thresholds ignored): its client takes back whatever is unclaimed when the dispute
        window ends. The chain watcher calls this every few seconds: it takes the settlement
        lease only when some closing channel has an unclaimed voucher."""
        if not self._closing_unclaimed():
            return SettlementReport(ledger_seq=0, ledger_total=0)
        return self._leased(self._claim_closing, wait_s)

    def _leased(
        self, body: Callable[[SettlementReport], None], wait_s: float | None
    ) -> SettlementReport:
        wait = self.lease.ttl_ms / 1000 + 5 if wait_s is None else wait_s
        report = SettlementReport(ledger_seq=0, ledger_total=0)
        try:
            with self.lease.held(wait):
                self.outbox.resend_pending(report)
                body(report)
        except LeaseLost as exc:
            raise SettlementError(str(exc), "conflict") from None
        except SendStopped as exc:
            report.stopped = str(exc)
        return report

    def _run(self, force: bool, report: SettlementReport) -> None:
        hi, total = self.db.one("SELECT COALESCE(MAX(seq), 0), COALESCE(SUM(amount), 0)"
                                " FROM receipts")
        report.ledger_seq, report.ledger_total = hi, total
        now = self._clock()
        for account, owed in self.db.all(
            "SELECT account, SUM(amount) FROM receipts WHERE seq <= ? GROUP BY account ORDER BY"
            " account", hi
        ):
            self.lease.renew()
            self._settle_client(account, owed, now, force, report)
        for provider, gross in self.db.all(
            "SELECT provider, SUM(amount) FROM receipts WHERE seq <= ? GROUP BY provider ORDER BY"
            " provider", hi
        ):
            self.lease.renew()
            self._pay_provider(provider, gross, hi, now, force, report)
            report.platform_fees += platform_fee(gross, self.fee_bps)

    def _closing_unclaimed(self) -> list[tuple[ClientChannel, Voucher]]:
        """Client channels closing on chain with a newer voucher than they paid out."""
        found = []
        for (account,) in self.db.all("SELECT account FROM settlement_clients ORDER BY account"):
            client = self.client(account)
            voucher = self.latest_voucher(account)
            if client is None or voucher is None:
                continue
            try:
                state = PaymentChannel(self.chain, client.channel_address).state()
            except ChainError as exc:  # this one is read again next poll; the others go on
                log.warning("reading client channel %s failed: %s", client.channel_address, exc)
                continue
            if state.status == "closing" and voucher.cumulative > state.claimed:
                found.append((client, voucher))
        return found

    def _claim_closing(self, report: SettlementReport) -> None:
        for client, voucher in self._closing_unclaimed():  # read again, under the lease
            self.lease.renew()
            self._claim(client, voucher, "closing_claim", self._clock(), report)

    def _settle_client(
        self, account: str, owed: int, now: int, force: bool, report: SettlementReport
    ) -> None:
        client = self.client(account)
        if client is None:
            report.shortfall[account] = owed
            return
        state = PaymentChannel(self.chain, client.channel_address).state()
        covered = min(owed, state.deposit)
        if owed > covered:
            report.shortfall[account] = owed - covered
        voucher = self.latest_voucher(account)
        report.unvouchered[account] = covered - (voucher.cumulative if voucher else 0)
        if voucher is None or voucher.cumulative <= state.claimed or state.status == "closed":
            report.claimed_from_clients += state.claimed
            return
        last = self.db.one(
            "SELECT last_claim_time FROM settlement_clients WHERE account = ?", account
        )[0]
        t = self.thresholds
        due = (voucher.cumulative - state.claimed >= t.claim_min_amount
               or now - last >= t.max_delay or state.status == "closing")
        if not (force or due):
            report.claimed_from_clients += state.claimed
            return
        kind = "closing_claim" if state.status == "closing" else "client_claim"
        report.claimed_from_clients += self._claim(client, voucher, kind, now, report)

    def _claim(
        self, client: ClientChannel, voucher: Voucher, kind: str, now: int,
        report: SettlementReport,
    ) -> int:
        """Send the client's voucher to its channel; returns the channel's claimed total."""
        channel = PaymentChannel(self.chain, client.channel_address)
        transfer = Transfer(dest=channel.address, value=OP_GAS, body=claim_body(voucher))
        if self.outbox.submit(kind, client.account, [transfer], report):
            with self.db.tx() as c:
                c.execute("UPDATE settlement_clients SET last_claim_time = ? WHERE account = ?",
                          (now, client.account))
            if kind == "closing_claim":
                report.closing_claims += 1
            else:
                report.client_claims += 1
        return channel.state().claimed

    def _pay_provider(
        self, provider: str, gross: int, hi: int, now: int, force: bool, report: SettlementReport
    ) -> None:
        """Keep the provider's channel funded for all it is owed, hand it a voucher for that
        (within the deposit on chain: claimable by the provider alone), and push the payout on
        chain when the thresholds say so."""
        info = self.provider(provider)
        if info is None:
            return  # not registered for payouts yet: it stays owed in the ledger
        owed = gross - platform_fee(gross, self.fee_bps)
        channel = PaymentChannel(self.chain, info.channel_address)
        state = channel.state() if channel.exists() else None
        deposit, paid = (state.deposit, state.claimed) if state else (0, 0)
        if state is not None and state.status == "closed":
            report.failures.append(OpFailure(
                kind="provider_payout", target=provider,
                reason=f"the provider's channel is closed; {owed - paid} nTON stay owed"))
            report.paid_to_providers += paid
            return
        last = self.db.one(
            "SELECT last_payout_time FROM settlement_providers WHERE provider = ?", provider
        )[0]
        transfers = self._fund_provider_channel(info, state, owed, report)
        funding = bool(transfers)
        # what the channel will hold: all that is owed if funded (or funding goes with the
        # payout), else its deposit (a channel that is closing takes no top-up)
        payable = owed if funding or deposit >= owed else deposit
        t = self.thresholds
        due = payable > paid and (force or payable - paid >= t.payout_min_amount
                                  or now - last >= t.max_delay)
        if due:  # funding and payout go in one wallet message
            voucher = Voucher.sign(self.platform_key, channel.address, info.channel_id, payable)
            transfers.append(Transfer(dest=channel.address, value=OP_GAS,
                                      body=claim_body(voucher)))
        if transfers:
            kind = "provider_payout" if due else "provider_funding"
            if self.outbox.submit(kind, provider, transfers, report) and due:
                with self.db.tx() as c:
                    c.execute("UPDATE settlement_providers SET last_payout_time = ?"
                              " WHERE provider = ?", (now, provider))
                report.provider_payouts += 1
            state = channel.state() if channel.exists() else None
            deposit, paid = (state.deposit, state.claimed) if state else (0, 0)
            if funding and deposit < owed:
                report.failures.append(OpFailure(
                    kind=kind, target=provider,
                    reason=f"the channel holds {deposit} nTON of the {owed} nTON owed"))
        self._store_provider_voucher(provider, info, min(owed, deposit), hi, report)
        report.paid_to_providers += paid

    def _store_provider_voucher(
        self, provider: str, info: ProviderChannel, cumulative: int, hi: int,
        report: SettlementReport,
    ) -> None:
        """Sign the provider's voucher for ``cumulative`` if that is more than it holds (a held
        voucher never shrinks)."""
        if cumulative <= 0:
            return
        voucher = Voucher.sign(self.platform_key, info.channel_address, info.channel_id,
                               cumulative)
        with self.db.tx() as c:
            stored = c.execute(
                "INSERT INTO settlement_provider_vouchers (provider, cumulative, signature,"
                " ledger_seq) VALUES (?, ?, ?, ?) ON CONFLICT (provider) DO UPDATE SET"
                " cumulative = excluded.cumulative, signature = excluded.signature,"
                " ledger_seq = excluded.ledger_seq"
                " WHERE excluded.cumulative > settlement_provider_vouchers.cumulative",
                (provider, cumulative, voucher.signature, hi),
            ).rowcount
        if stored:
            report.provider_vouchers += 1
            self._checkpoint("provider_voucher_signed")

    def _fund_provider_channel(
        self, info: ProviderChannel, state: ChannelState | None, owed: int,
        report: SettlementReport,
    ) -> list[Transfer]:
        """What makes the channel hold at least ``owed`` (deployed with its first deposit, or
        topped up by at least ``provider_deposit``), derived from its state on chain."""
        size = self.thresholds.provider_deposit
        address = Address(info.channel_address)
        if state is None:
            if owed <= 0:
                return []
            deposit = max(size, owed)
            report.channels_opened += 1
            return [Transfer(dest=address, value=deposit + TOPUP_GAS_RESERVE,
                             body=top_up_body(deposit),
                             state_init=self._provider_params(info).state_init())]
        if state.deposit >= owed or state.status != "open":
            return []
        extra = max(size, owed - state.deposit)
        report.top_ups += 1
        return [Transfer(dest=address, value=extra + TOPUP_GAS_RESERVE, body=top_up_body(extra))]

    # -- reporting ----------------------------------------------------------------------------

    def earnings(self, provider: str) -> Earnings:
        gross = self.db.one(
            "SELECT COALESCE(SUM(amount), 0) FROM receipts WHERE provider = ?", provider
        )[0]
        fee = platform_fee(gross, self.fee_bps)
        row = self.db.one(
            "SELECT cumulative FROM settlement_provider_vouchers WHERE provider = ?", provider
        )
        info = self.provider(provider)
        paid = 0
        if info is not None:
            channel = PaymentChannel(self.chain, info.channel_address)
            paid = channel.state().claimed if channel.exists() else 0
        vouchered = row[0] if row else 0
        return Earnings(
            provider=provider, gross=gross, fee=fee, owed=gross - fee, vouchered=vouchered,
            paid=paid, claimable=max(vouchered - paid, 0),
        )

    def gas_spent(self) -> int:
        return self.outbox.gas_spent()

    # -- internals ----------------------------------------------------------------------------

    def _require_client(self, account: str) -> ClientChannel:
        client = self.client(account)
        if client is None:
            raise SettlementError(f"{account}: no channel registered", "not_found")
        return client

    def _provider_params(self, info: ProviderChannel) -> ChannelParams:
        return ChannelParams(
            payer=_raw(self.platform_wallet), payee=info.payout_address,
            payer_key=self.platform_key.public.hex(), payee_key=info.payee_key,
            channel_id=info.channel_id, dispute_window=self.dispute_window,
        )
