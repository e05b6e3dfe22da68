"""Settlement boundary models. All amounts are integers in nanotons."""

from pydantic import BaseModel, Field

TON = 10**9


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
    payer_key: str
    platform_signs: bool  # embedded network: the platform holds the client's voucher key


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
    client_vouchers: int = 0
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
