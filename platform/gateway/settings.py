"""Gateway settings: the ``[gateway]`` table of config.toml, or ``COCOON_GATEWAY_*``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from cocoon.platform.ledger import MAX_UNVOUCHERED
from cocoon.platform.settlement.models import Thresholds
from cocoon.runtime import config
from cocoon.runtime.attestation import Policy
from cocoon.runtime.attestation.chain_policy import EMBEDDED_PREFIX, PolicySource, policy_source


class GatewaySettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8470, ge=0, le=65535)
    database: Path | None = None
    database_url: str | None = Field(
        default=None,
        description="postgresql://user:password@host/db: gateways share this PostgreSQL"
        " database (default: the SQLite file `database`, for one gateway)",
        pattern=r"^postgres(ql)?://",
    )
    max_body_bytes: int = Field(default=8 << 20, gt=0)
    provider_timeout_s: float = Field(default=60.0, gt=0)
    allow_simulated: bool = Field(
        default=False, description="network policy: accept simulated TEEs"
    )
    policy: Path | None = Field(default=None, description="network attestation policy file")
    root_address: str | None = Field(
        default=None, description="root contract whose allowlist is the network's measurements")
    chain: str | None = Field(
        default=None, description="where the root lives: embedded:<dir> or a TON global config"
        " (default: the embedded chain beside the database)")
    log_level: str = "warning"
    metrics_token: str | None = Field(
        default=None, description="GET /metrics also answers non-loopback callers with it"
    )
    settlement: bool = Field(default=True, description="settle on the embedded chain")
    settle_interval_s: float = Field(default=60.0, ge=0, description="0: only on demand")
    fee_bps: int = Field(default=500, ge=0, le=10_000, description="platform fee, basis points")
    max_unvouchered: int = Field(
        default=MAX_UNVOUCHERED, ge=0, description="nanotons a client-signed channel may owe"
        " without a voucher, calls in flight included (docs/settlement.md, the debt gate)")
    thresholds: Thresholds = Field(default_factory=Thresholds)

    def attestation_policy(self) -> Policy:
        if self.policy is not None:
            return Policy.load(self.policy)
        return Policy.embedded() if self.allow_simulated else Policy()

    def policy_source(self) -> PolicySource:
        """The policy in force: :meth:`attestation_policy` with the root contract's allowlist."""
        chain = self.chain or f"{EMBEDDED_PREFIX}{self.home / 'chain'}"
        return policy_source(self.attestation_policy(), self.root_address, chain)

    @property
    def database_path(self) -> Path:
        return self.database or config.cocoon_home() / "platform.db"

    @property
    def database_target(self) -> Path | str:
        """What :class:`~cocoon.platform.db.Database` opens: the URL if set, else the file."""
        return self.database_url or self.database_path

    @property
    def home(self) -> Path:
        """Where the embedded chain and the platform key live: beside the database."""
        return self.database_path.parent

    @classmethod
    def load(cls, **overrides: object) -> GatewaySettings:
        return config.load(cls, "gateway", **overrides)
