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


class AccountOut(BaseModel):
    id: str
    credited: int
    charged: int
    reserved: int
    available: int
    vouchered: int = Field(default=0, description="covered by the newest client voucher")
    channel: ChannelOut | None = None
    voucher: Voucher | None = Field(default=None, description="the newest voucher held")


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


class UsageOut(BaseModel):
    account: AccountOut
    summary: list[dict[str, int | str]]
    receipts: list[SignedReceipt]
