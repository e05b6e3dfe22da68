"""Gateway settings: the ``[gateway]`` table of config.toml, or ``COCOON_GATEWAY_*``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, model_validator

from cocoon.contracts.channel import DEFAULT_DISPUTE_WINDOW
from cocoon.platform.ledger import MAX_UNVOUCHERED
from cocoon.platform.settlement.models import DEFAULT_FEE_BPS, Thresholds, window_problem
from cocoon.runtime import config
from cocoon.runtime.attestation import Policy
from cocoon.runtime.attestation.chain_policy import EMBEDDED_PREFIX, PolicySource, policy_source

WATCHES_PER_WINDOW = 4  # the watcher looks at a closing channel at least this often in its window


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
        default=None, description="the TON chain of the root contract, stakes and settlement:"
        " embedded:<dir>, or a TON global config (file, URL, testnet, mainnet)"
        " (default: the embedded chain beside the database)")
    log_level: str = "warning"
    metrics_token: str | None = Field(
        default=None, description="GET /metrics also answers non-loopback callers with it"
    )
    settlement: bool = Field(default=True, description="settle on the chain (`chain`)")
    settle_interval_s: float = Field(default=60.0, ge=0, description="0: only on demand")
    fee_bps: int = Field(default=DEFAULT_FEE_BPS, ge=0, le=10_000,
                         description="platform fee, basis points (the one fee: CLI included)")
    dispute_window_s: int = Field(
        default=DEFAULT_DISPUTE_WINDOW, gt=0, lt=1 << 32, description="seconds a closing client"
        " channel stays claimable; client channels must be opened with it")
    watch_interval_s: float = Field(
        default=5.0, gt=0, description="how often the chain watcher credits deposits and claims"
        " channels found closing (at most a quarter of the dispute window)")
    max_unvouchered: int = Field(
        default=MAX_UNVOUCHERED, ge=0, description="nanotons a client-signed channel may owe"
        " without a voucher, calls in flight included (docs/settlement.md, the debt gate)")
    signup_burst: int = Field(default=10, ge=1, description="POST /v1/accounts a client address"
                              " may send at once (bad requests count too)")
    signups_per_minute: float = Field(default=10.0, gt=0, description="... and per minute after")
    thresholds: Thresholds = Field(default_factory=Thresholds)
    min_stake: int = Field(
        default=0, ge=0, description="nanotons a provider's stake contract must hold on chain"
        " to be routed to (0: no stake required; cocoon.platform.stakes)")
    job_ttl_s: float = Field(default=86_400.0, gt=0,
                             description="seconds an async job's result is kept once it ends")
    max_running_jobs: int = Field(default=16, ge=1, description="async jobs forwarded at once;"
                                  " the rest wait queued")
    webhook_allow_private: bool = Field(
        default=False, description="let webhooks target private and loopback addresses (the"
        " embedded network and tests)")
    webhook_attempts: int = Field(default=6, ge=1, le=20, description="deliveries tried")
    webhook_backoff_s: float = Field(default=1.0, gt=0, description="the first retry's pause,"
                                     " doubled for each next one")
    webhook_timeout_s: float = Field(default=10.0, gt=0, description="per delivery attempt")
    telegram_bot_token: SecretStr | None = Field(
        default=None, description="the Mini App's bot token (from @BotFather): POST"
        " /v1/telegram/session validates initData with it (unset: the route is off, 404)")
    telegram_max_age_s: int = Field(default=86_400, gt=0, description="initData older than this"
                                    " (its auth_date) is refused")
    telegram_session_s: int = Field(default=3_600, gt=0, description="how long a Telegram"
                                    " session's key is accepted")

    @model_validator(mode="after")
    def _claims_fit_the_window(self) -> GatewaySettings:
        """Refuse settings under which a closing client could take back what it signed over."""
        if problem := window_problem(self.thresholds.max_delay, self.dispute_window_s):
            raise ValueError(f"thresholds.{problem}")
        if self.watch_interval_s * WATCHES_PER_WINDOW > self.dispute_window_s:
            raise ValueError(
                f"watch_interval_s ({self.watch_interval_s} s) must be at most 1/"
                f"{WATCHES_PER_WINDOW} of dispute_window_s ({self.dispute_window_s} s)")
        return self

    def attestation_policy(self) -> Policy:
        if self.policy is not None:
            return Policy.load(self.policy)
        return Policy.embedded() if self.allow_simulated else Policy()

    def policy_source(self) -> PolicySource:
        """The policy in force: :meth:`attestation_policy` with the root contract's allowlist."""
        return policy_source(self.attestation_policy(), self.root_address, self.chain_spec)

    @property
    def chain_spec(self) -> str:
        """The chain everything on chain uses: ``chain``, else the embedded one by the database."""
        return self.chain or f"{EMBEDDED_PREFIX}{self.home / 'chain'}"

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
