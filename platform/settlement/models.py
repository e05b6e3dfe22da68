"""Settlement boundary models. All amounts are integers in nanotons."""

from pydantic import BaseModel, Field

from cocoon.contracts.channel import DEFAULT_DISPUTE_WINDOW, ChannelParams

TON = 10**9
DEFAULT_FEE_BPS = 500  # the platform fee's one default (the gateway's `fee_bps`)
REGISTRATION_PREFIX = b"cocoon-channel-registration:"


def registration_message(account: str, channel_address: str) -> bytes:
    """What a channel's payer signs (Ed25519, its voucher key) to register the channel for
    ``account``: proves the account's owner holds the channel's key, so nobody can attach
    someone else's channel (and its deposit) to their account. ``channel_address``: raw form."""
    return REGISTRATION_PREFIX + account.encode() + b":" + channel_address.encode()


class SettlementError(Exception):
    """A settlement request refused; ``code`` is a wire error code (runtime/errors.py)."""

    def __init__(self, message: str, code: str = "bad_request") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def window_problem(max_delay: int, dispute_window: int) -> str | None:
    """Why ``max_delay`` is not comfortably shorter than the dispute window, or None.

    A client that closes its channel takes back, when the window ends, whatever the platform
    has not claimed: the driver claims at most ``max_delay`` after a voucher (and the watcher at
    once), so ``max_delay`` at most half the window leaves the other half for a driver that was
    down or slow."""
    if max_delay * 2 > dispute_window:
        return (f"max_delay ({max_delay} s) must be at most half the dispute window"
                f" ({dispute_window} s)")
    return None



class ClientTerms(BaseModel):
    """What a client needs to open a channel the platform accepts (``GET /v1/network``)."""

    platform_wallet: str = Field(description="the payee: the platform wallet, raw address")
    platform_key: str = Field(description="the payee key (hex): signs provider vouchers")
    dispute_window: int = Field(description="seconds between start_close and finish_close")

    def channel_params(self, payer_wallet: str, payer_key: str, channel_id: int) -> ChannelParams:
        """The parameters of a client channel under these terms (the client picks the id)."""
        return ChannelParams(
            payer=payer_wallet, payee=self.platform_wallet, payer_key=payer_key,
            payee_key=self.platform_key, channel_id=channel_id,
            dispute_window=self.dispute_window,
        )


class Thresholds(BaseModel):
    """When off-chain vouchers turn into on-chain messages."""

    claim_min_amount: int = Field(default=100 * TON, ge=0)  # client -> platform claims
    payout_min_amount: int = Field(default=100 * TON, ge=0)  # platform -> provider payouts
    # seconds an amount may wait at most; at most half the dispute window (checked where both
    # are known: GatewaySettings, Settlement), so claims land in time even without the watcher
    max_delay: int = Field(default=DEFAULT_DISPUTE_WINDOW // 2, ge=0)
    provider_deposit: int = Field(default=100 * TON, gt=0)  # first/next provider channel funding


class ClientChannel(BaseModel):
    account: str
    channel_address: str
    channel_id: int
    payer_wallet: str
    payer_key: str  # the client's voucher key (hex); the platform never holds its secret


class ProviderChannel(BaseModel):
    provider: str
    payout_address: str
    payee_key: str
    channel_address: str
    channel_id: int


class Earnings(BaseModel):
    provider: str
    gross: int  # what clients paid for this provider's work (ledger)
    fee: int  # the platform's fee on it
    owed: int  # gross - fee
    vouchered: int  # covered by platform-signed vouchers (each within the channel's deposit)
    paid: int  # claimed on chain, in the provider's wallet
    claimable: int = 0  # vouchered - paid: the provider can claim it itself, at any time


class OpFailure(BaseModel):
    """A wallet message that did not do what it was sent for (retried where safe)."""

    kind: str  # client_claim, closing_claim, provider_funding, provider_payout
    target: str  # the account or provider
    op_id: int | None = None  # settlement_ops row
    exit_code: int | None = None  # of the first aborted transaction of its trace
    reason: str


class SettlementReport(BaseModel):
    ledger_seq: int
    ledger_total: int
    provider_vouchers: int = 0  # platform-signed vouchers issued to providers this run
    client_claims: int = 0
    closing_claims: int = 0  # claims on channels found closing (their dispute window runs)
    provider_payouts: int = 0
    channels_opened: int = 0
    top_ups: int = 0
    onchain_messages: int = 0
    gas: int = 0
    claimed_from_clients: int = 0  # cumulative, on chain
    paid_to_providers: int = 0  # cumulative, on chain
    platform_fees: int = 0  # cumulative fee on the ledger so far
    shortfall: dict[str, int] = {}  # account -> owed beyond its channel deposit
    unvouchered: dict[str, int] = {}  # account -> owed, within the deposit, not yet vouchered
    failures: list[OpFailure] = []  # what went wrong on chain this run (see settlement_ops)
    stopped: str | None = None  # why the run ended early (the chain refused a message)
