"""The embedded network's money state under ``$COCOON_HOME``, as the money commands see it.

Files (see :mod:`cocoon.platform.settlement.local`): ``wallet.json`` (the user's mnemonic),
``platform_key``, ``chain/`` (the embedded TON chain) and the ledger ``platform.db``, whose
place and fee come from the gateway's configuration (``[gateway]``). Read commands go through
the ``read_*`` helpers, which never create anything: a fresh ``COCOON_HOME`` stays empty.
The chain and settlement need the server extras; they are imported on first use.
"""

from __future__ import annotations

import os
import sqlite3
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cocoon.contracts.keys import KeyPair, load_key_file
from cocoon.contracts.messages import wallet_address
from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError

from .output import NANO, CliError

if TYPE_CHECKING:
    from cocoon.contracts.embedded_chain import EmbeddedChain
    from cocoon.platform.gateway.settings import GatewaySettings
    from cocoon.platform.settlement import Settlement

    from ..sdk import Client

AMOUNTS = ("balance", "deposit", "claimed", "unclaimed", "gross", "fee", "owed", "vouchered",
           "paid", "gas", "platform_fees", "ledger_total", "claimed_from_clients",
           "paid_to_providers")
MAX_NANOTONS = 2**120  # TON amounts are VarUInteger 16 on chain
FEE_PROBE_TIMEOUT_S = 5.0
WALLET_GAS = 100_000_000  # what a wallet keeps back for its own message fees (0.1 TON)


def home() -> Path:
    return config.cocoon_home()


def gateway_settings() -> GatewaySettings:
    from cocoon.platform.gateway.settings import GatewaySettings

    return GatewaySettings.load()


def fee_bps() -> int:
    """The platform fee: as the configured gateway reports it, else from its configuration."""
    from ..sdk import Client
    from ..sdk.client import ClientSettings

    try:
        settings = config.load(ClientSettings, "client", timeout_s=FEE_PROBE_TIMEOUT_S)
        with Client(settings=settings) as client:
            return int(client._request("GET", "/v1/network").json()["fee_bps"])
    except (CocoonError, KeyError, TypeError, ValueError):
        return gateway_settings().fee_bps


def gateway() -> Client | None:
    """The gateway ``[client]`` names (config file or ``COCOON_CLIENT_GATEWAY_URL``) if it
    answers, else None: then the money commands act on the embedded platform's state here."""
    from ..sdk import Client
    from ..sdk.client import ClientSettings

    if not (os.environ.get("COCOON_CLIENT_GATEWAY_URL")
            or config.read_file().get("client", {}).get("gateway_url")):
        return None
    client = Client(settings=config.load(ClientSettings, "client", timeout_s=FEE_PROBE_TIMEOUT_S))
    try:
        client._request("GET", "/healthz")
    except CocoonError as exc:
        client.close()
        if exc.code == "gateway_unreachable":
            return None
        raise
    return client


def parse_ton(text: str, what: str) -> int:
    """A positive amount of TON ("1.5") as nanotons, exactly."""
    try:
        amount = Decimal(text) * NANO
    except InvalidOperation:
        amount = Decimal(0)
    if (not amount.is_finite() or amount <= 0 or amount >= MAX_NANOTONS
            or amount != amount.to_integral_value()):
        raise CliError("bad_request", f"{what} {text!r} is not a positive amount of TON",
                       hint=f"e.g. {what} 1.5 (at most 9 decimals)")
    return int(amount)


# -- the wallet ----------------------------------------------------------------------------------


def wallet_path() -> Path:
    return home() / "wallet.json"


def wallet_key() -> KeyPair:
    return key_from_file(wallet_path(), missing_hint="`cocoon wallet create`, or `cocoon wallet "
                         "import` (or `cocoon up`)", bad_hint="move it away, then `cocoon wallet "
                         "import` your mnemonic")


def payout_key(key_file: Path | None) -> KeyPair:
    """The provider's payout wallet key (also its stake's owner): ``--key-file`` or the one
    ``cocoon up`` keeps in $COCOON_HOME/provider_payout."""
    return key_from_file(key_file or home() / "provider_payout",
                         missing_hint="--key-file PATH (the payout wallet's hex seed or "
                         "wallet.json)", bad_hint="--key-file: a hex seed or a wallet.json")


def key_from_file(path: Path, *, missing_hint: str, bad_hint: str) -> KeyPair:
    """A wallet key file (wallet.json or a hex seed), or a CLI error that says what to do."""
    if not path.is_file():
        raise CliError("not_found", f"no wallet key at {path}", hint=missing_hint)
    try:
        return load_key_file(path)
    except (ValueError, KeyError, TypeError) as exc:
        raise CliError("bad_request", f"{path} is not a wallet key file ({exc})",
                       hint=bad_hint) from None


def friendly(address: Any, deployed: bool) -> str:
    """User-friendly form: bounceable for a deployed contract, non-bounceable for a wallet that
    is not initialised yet (so a transfer to it is not bounced back)."""
    from pytoniq_core import Address

    addr = address if isinstance(address, Address) else Address(address)
    return addr.to_str(is_user_friendly=True, is_bounceable=deployed)


def wallet_info(key: KeyPair, chain: EmbeddedChain | None) -> dict[str, Any]:
    addr = wallet_address(key.public)
    raw = addr.to_str(is_user_friendly=False)
    status, balance = "nonexist", 0
    if chain is not None:
        account = chain.account(addr)
        status, balance = account.status, account.balance
    return {"address": friendly(addr, status == "active"), "raw_address": raw,
            "status": status, "balance": balance}


def require_balance(chain: EmbeddedChain, key: KeyPair, needed: int, doing: str) -> None:
    balance = chain.balance(wallet_address(key.public))
    if balance < needed:
        short = Decimal(needed - balance) / NANO
        raise CliError(
            "insufficient_funds",
            f"{doing} needs {Decimal(needed) / NANO} TON in your wallet, which holds "
            f"{Decimal(balance) / NANO} TON",
            hint=f"`cocoon wallet fund --amount {short.normalize():f}` (or more)",
        )


# -- chain and settlement ------------------------------------------------------------------------


def _chain_dir(settings: GatewaySettings) -> Path:
    return settings.home / "chain"


def read_chain() -> EmbeddedChain | None:
    """The embedded chain if one exists here (None: nothing was ever sent)."""
    folder = _chain_dir(gateway_settings())
    if not (folder / "chain.db").is_file():
        return None
    from cocoon.contracts.embedded_chain import EmbeddedChain

    return EmbeddedChain(folder)


def open_chain() -> EmbeddedChain:
    from cocoon.contracts.embedded_chain import EmbeddedChain

    return EmbeddedChain(_chain_dir(gateway_settings()))


def read_settlement(fee: int | None = None) -> Settlement | None:
    """The settlement state if the platform has any here; opens nothing new."""
    s = gateway_settings()
    key_file = s.home / "platform_key"
    if not (s.database_path.is_file() and key_file.is_file()):
        return None
    chain = read_chain()
    if chain is None:
        return None
    from cocoon.platform.settlement import Settlement

    key = KeyPair(bytes.fromhex(key_file.read_text().strip()))
    return Settlement(s.database_path, chain, key, fee_bps=s.fee_bps if fee is None else fee,
                      thresholds=s.thresholds, dispute_window=s.dispute_window_s,
                      owns_chain=True)


def open_settlement(fee: int | None = None) -> Settlement:
    """The embedded chain's settlement (created if need be); the faucet pays platform gas."""
    from cocoon.platform.settlement.local import open_settlement as open_local

    s = gateway_settings()
    return open_local(s.home, database=s.database_target, fee_bps=s.fee_bps if fee is None else fee,
                      thresholds=s.thresholds, dispute_window=s.dispute_window_s)


def require_ledger() -> Path:
    """The gateway's ledger, which settlement reads; it exists once a gateway has run here."""
    path = gateway_settings().database_path
    if path.is_file():
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'receipts'"
            ).fetchone()
        finally:
            db.close()
        if found:
            return path
    raise CliError("not_found", f"no ledger at {path}: no gateway has run with this state",
                   hint="`cocoon up` starts the embedded network (set COCOON_HOME to use another)")


def default_account() -> str:
    """The account `cocoon up` created (config [client] account), else "local"."""
    return str(config.read_file().get("client", {}).get("account") or "local")
