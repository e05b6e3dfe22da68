"""The gateway's REST documents (client, CLI and gateway share these models)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from cocoon.runtime.wire import Offer, SignedReceipt


class AccountOut(BaseModel):
    id: str
    credited: int
    charged: int
    reserved: int
    available: int


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
    endpoint: str
    placements: list[Placement] = Field(default_factory=list)


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


class UsageOut(BaseModel):
    account: AccountOut
    summary: list[dict[str, int | str]]
    receipts: list[SignedReceipt]
