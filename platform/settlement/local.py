"""Keys and settlement state kept under $COCOON_HOME, shared by `cocoon up`, the gateway and CLI.

    wallet.json        the client's TON wallet (24-word mnemonic); its key also signs vouchers
    platform_key       the platform wallet's seed (hex): signs provider payouts, claims vouchers
    provider_payout    the local provider's payout wallet seed (hex)
    chain/             the embedded TON chain (unless the gateway's `chain` names a TON network)
    platform.db        ledger + settlement tables (unless the gateway has a `database_url`)
"""

import json
import secrets
from pathlib import Path

from cocoon.contracts.chain import Chain
from cocoon.contracts.channel import DEFAULT_DISPUTE_WINDOW
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair, load_key_file, new_mnemonic
from cocoon.contracts.messages import wallet_address
from cocoon.platform.db import Database
from cocoon.platform.settlement.driver import Settlement
from cocoon.platform.settlement.models import DEFAULT_FEE_BPS, Thresholds

TON = 10**9
PLATFORM_GAS_FLOOR = 10 * TON  # the embedded faucet tops the platform wallet up below this
PLATFORM_GAS_TOP_UP = 1000 * TON


def _seed_file(path: Path) -> KeyPair:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return KeyPair(bytes.fromhex(path.read_text().strip()))


def platform_key(home: Path) -> KeyPair:
    return _seed_file(home / "platform_key")


def provider_payout_key(home: Path) -> KeyPair:
    return _seed_file(home / "provider_payout")


def wallet_path(home: Path) -> Path:
    return home / "wallet.json"


def save_wallet(home: Path, words: list[str]) -> KeyPair:
    key = KeyPair.from_mnemonic(words)
    path = wallet_path(home)
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(json.dumps({"mnemonic": " ".join(words)}))
    return key


def load_or_create_wallet(home: Path) -> KeyPair:
    path = wallet_path(home)
    if path.exists():
        return load_key_file(path)
    return save_wallet(home, new_mnemonic())


def embedded_chain(home: Path) -> EmbeddedChain:
    return EmbeddedChain(home / "chain")


def open_chain(spec: str) -> Chain:
    """``embedded:<dir>`` (created when missing) or a TON global config (path, URL, ``testnet``,
    ``mainnet``): the chain settlement runs on, as the gateway's ``chain`` setting names it."""
    from cocoon.runtime.attestation.chain_policy import EMBEDDED_PREFIX

    if spec.startswith(EMBEDDED_PREFIX):
        return EmbeddedChain(Path(spec.removeprefix(EMBEDDED_PREFIX)))
    from cocoon.contracts.live import LiveChain

    return LiveChain.connect(spec)


def fund_platform_gas(chain: EmbeddedChain, key: KeyPair) -> None:
    """Embedded chain only: the faucet pays the platform wallet's gas."""
    address = wallet_address(key.public)
    if chain.balance(address) < PLATFORM_GAS_FLOOR:
        chain.fund(address, PLATFORM_GAS_TOP_UP)


def open_settlement(
    home: Path,
    *,
    database: Database | Path | str | None = None,
    fee_bps: int = DEFAULT_FEE_BPS,
    thresholds: Thresholds | None = None,
    chain: Chain | None = None,
    dispute_window: int = DEFAULT_DISPUTE_WINDOW,
    owns_chain: bool | None = None,
) -> Settlement:
    """The settlement driver with the platform key of ``home``. ``chain``: default the embedded
    chain in ``home``; on an embedded chain the faucet pays the platform wallet's gas, on a TON
    network the operator funds that wallet. ``owns_chain``: whether closing the driver closes
    the chain (default: when it opened the embedded one itself).

    ``database``: the gateway's database (an open Database, a SQLite path or a PostgreSQL URL);
    default ``home/platform.db``."""
    if owns_chain is None:
        owns_chain = chain is None
    chain = chain or embedded_chain(home)
    key = platform_key(home)
    if isinstance(chain, EmbeddedChain):
        fund_platform_gas(chain, key)
    return Settlement(database or home / "platform.db", chain, key, fee_bps=fee_bps,
                      thresholds=thresholds, dispute_window=dispute_window,
                      owns_chain=owns_chain)
