"""The gateway's REST documents (client, CLI and gateway share these models)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from cocoon.contracts.voucher import Voucher
from cocoon.runtime.wire import Offer, SignedReceipt

VOUCHER_HEADER = "x-cocoon-voucher"  # on invoke: "<cumulative nanotons>:<signature hex>"


class ChannelOut(BaseModel):
    """The account's payment channel to the platform (TON), as the gateway knows it."""

    address: str = Field(description="channel contract, raw form 0:<hex>")
    channel_id: int
    payer_wallet: str
    payer_key: str = Field(description="hex Ed25519 key that signs this channel's vouchers")
    client_signs: bool = Field(description="vouchers come from the client (else the platform)")
    status: str | None = Field(default=None, description="on chain, as the chain watcher last "
                               "saw it: open | closing | closed (None: not read yet)")


class AccountOut(BaseModel):
    id: str
    credited: int
    charged: int
    reserved: int
    available: int
    vouchered: int = Field(default=0, description="covered by the newest client voucher")
    channel: ChannelOut | None = None
    voucher: Voucher | None = Field(default=None, description="the newest voucher held")


class NetworkOut(BaseModel):
    """The network's public terms (``GET /v1/network``): what a client needs to open a channel
    the platform accepts. The channel fields are None on a gateway that does not settle."""

    fee_bps: int = Field(description="the platform's fee on provider earnings, basis points")
    chain: str = Field(description="embedded (this machine's emulated chain) | ton")
    platform_wallet: str | None = Field(default=None, description="the channels' payee, raw")
    platform_key: str | None = Field(default=None, description="the payee key, hex Ed25519")
    dispute_window: int | None = Field(default=None, description="seconds a closing channel "
                                       "stays claimable")


class AccountRequest(BaseModel):
    name: str = Field(default="", max_length=64, pattern=r"^[\w .@-]*$",
                      description="a label for the account (letters, digits, ' .@_-')")


class AccountCreated(BaseModel):
    """A new account (no credit: it comes from its channel on chain) and its first key."""

    account: AccountOut
    api_key: str = Field(description="admin key: client and provider calls, more keys")
    role: str = "admin"


class ChannelRegistration(BaseModel):
    """A channel the client opened from its own wallet (``POST /v1/account/channel``)."""

    channel_address: str = Field(max_length=100, description="the channel contract's address")
    signature: str = Field(pattern=r"^[0-9a-fA-F]{128}$", description="hex Ed25519 signature by "
                           "the channel's payer key over registration_message(account, address)")


class KeyRequest(BaseModel):
    role: str = Field(default="client", pattern=r"^(client|provider)$")


class KeyOut(BaseModel):
    key: str
    account: str
    role: str


class DeployRequest(BaseModel):
    bundle: str = Field(description="base64 of the function folder's reproducible tar.gz")


class DeployOut(BaseModel):
    name: str
    version: int
    digest: str
    created: bool
    endpoint: str


class Placement(BaseModel):
    provider: str
    state: str
    unit_price: int
    detail: str = ""


class FunctionOut(BaseModel):
    name: str
    version: int
    digest: str
    description: str
    unit: str
    unit_price: int
    max_units: int
    prompt_weight: int = Field(default=1, description="units per prompt token (pricing)")
    completion_weight: int = Field(default=1, description="units per completion token")
    max_payload_bytes: int
    gpus: float = Field(default=0, description="GPUs each replica asks for: offers need "
                        "verified NVIDIA evidence for them")
    endpoint: str
    placements: list[Placement] = Field(default_factory=list)
    status: str = Field(default="", description="why the platform placed it nowhere "
                        "(\"not placed: ...\"), else empty")


class FunctionDetail(FunctionOut):
    offers: list[Offer]


class ProviderOut(BaseModel):
    id: str
    endpoint: str
    online: bool
    simulated: bool
    evidence_kinds: list[str]
    price_multiplier: float
    capacity_cpus: float
    functions_ready: int
    last_seen_ms: int
    approved: bool = Field(default=True, description="admitted by an operator (else inert)")
    state: str = Field(default="active", description="active | draining | left")
    # the market, as the gateway sees it now (docs/protocol.md section 14)
    prices: dict[str, int] = Field(default_factory=dict, description="function -> effective "
                                   "unit price (nanotons) of each one it offers")
    in_flight: int = Field(default=0, description="calls the gateway has in flight there")
    latency_ms: float | None = Field(default=None, description="moving average of its answers")
    evidence_age_s: float | None = Field(default=None, description="age of its oldest current "
                                         "replica key's evidence (None: no offer)")
    calls: int = Field(default=0, description="calls charged on its receipts")
    earned: int = Field(default=0, description="nanotons its receipts charged")
    stake: int | None = Field(default=None, description="nanotons bonded in its stake contract, "
                              "as last read from the chain (None: it named no stake)")


class UsageOut(BaseModel):
    account: AccountOut
    summary: list[dict[str, int | str]]
    receipts: list[SignedReceipt]


class UsagePoint(BaseModel):
    """One function's calls in one time bucket (receipts' times, bucketed from the epoch)."""

    t_ms: int = Field(description="the bucket's start, ms since the epoch")
    function: str
    calls: int
    units: int
    amount: int = Field(description="nanotons charged")


class UsageHistoryOut(BaseModel):
    """``GET /v1/usage/history``: the account's receipts per (bucket, function), oldest first."""

    account: str
    bucket_s: int
    since_ms: int
    until_ms: int = Field(description="exclusive")
    points: list[UsagePoint]


class EarningsOut(BaseModel):
    """``GET /v1/providers/{id}/earnings``: what the provider earned and how much of it is
    secured or paid (nanotons). Without settlement: the ledger's figures, the rest 0/None."""

    provider: str
    calls: int = Field(description="calls charged on its receipts")
    gross: int = Field(description="nanotons its receipts charged clients")
    fee: int = Field(description="the platform's fee on gross")
    owed: int = Field(description="gross - fee")
    vouchered: int = Field(description="covered by the newest platform-signed voucher")
    paid: int = Field(description="claimed from its channel on chain")
    deposit: int = Field(description="what the platform deposited in its channel on chain")
    channel: str | None = Field(default=None, description="its channel's address, raw")
