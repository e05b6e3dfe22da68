"""Settlement boundary models. All amounts are integers in nanotons."""

from pydantic import BaseModel, Field

from cocoon.contracts.channel import ChannelParams

TON = 10**9
REGISTRATION_PREFIX = b"cocoon-channel-registration:"


def registration_message(account: str, channel_address: str) -> bytes:
    """What a channel's payer signs (Ed25519, its voucher key) to register the channel for
    ``account``: proves the account's owner holds the channel's key, so nobody can attach
    someone else's channel (and its deposit) to their account. ``channel_address``: raw form."""
    return REGISTRATION_PREFIX + account.encode() + b":" + channel_address.encode()


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
    max_delay: int = Field(default=24 * 3600, ge=0)  # seconds an amount may wait at most
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
    vouchered: int  # covered by platform-signed vouchers
    paid: int  # claimed on chain, in the provider's wallet


class SettlementReport(BaseModel):
    ledger_seq: int
    ledger_total: int
    provider_vouchers: int = 0  # platform-signed vouchers issued to providers this run
    client_claims: int = 0
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
