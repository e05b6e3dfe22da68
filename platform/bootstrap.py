"""The embedded network's state under ``$COCOON_HOME``, created once and reused by every ``up``.

A local account with its client, provider and operator API keys (database ``platform.db``; the
network's own providers approved by that operator, see :mod:`.admission`), and on the
embedded TON chain: the client's wallet funded from the faucet, its payment channel to the
platform opened from that wallet on the client's side and registered with a signature (the
platform never holds the wallet's key), and the provider's payout wallet. The account's credit
is what the channel holds on chain, credited by :func:`.settlement.deposits.credit_deposits`
(the gateway's chain watcher does the same for every later top-up): no balance is written here. Then
``config.toml`` is (re)written so that the gateway, the provider agent and the client all use
the same loopback addresses. Starting and stopping processes is :mod:`.embedded`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.runtime import config

from . import network_root
from .db import Database
from .embedded import LOOPBACK, PROVIDER_ID
from .ledger import Ledger
from .registry import Registry
from .settlement import Settlement, local
from .settlement.client_side import (
    channel_id_for,
    client_channel_params,
    registration_signature,
)
from .settlement.deposits import credit_deposits

STARTING_BALANCE = 100 * 10**9  # nanotons the client deposits into its channel at `cocoon up`
WALLET_GAS = 10 * 10**9  # the faucet also pays the client wallet's gas


class Money(BaseModel):
    channel: str
    voucher_key: str
    payout_address: str
    payout_key: str


def private_home() -> Path:
    """``$COCOON_HOME``, created private to the user (it holds keys, the ledger, the config)."""
    home = config.ensure_home()
    home.chmod(0o700)  # also when an older version made it
    return home


def _open_money(home: Path, account: str) -> Money:
    """Client wallet + channel (deposit = balance) and provider payout wallet; idempotent."""
    from .gateway.settings import GatewaySettings  # the window the gateway will accept

    window = GatewaySettings.load().dispute_window_s
    with local.open_settlement(home, dispute_window=window) as settlement:
        key = local.load_or_create_wallet(home)
        known = settlement.client(account)
        channel = known.channel_address if known else _open_channel(settlement, key, account)
        credit_deposits(settlement, Ledger(settlement.db))  # what the channel holds on chain
        payout_key = local.provider_payout_key(home)
        payout_raw = wallet_address(payout_key.public).to_str(is_user_friendly=False)
        settlement.register_provider(PROVIDER_ID, payout_raw, payout_key.public)
        return Money(channel=channel, voucher_key=str(local.wallet_path(home)),
                     payout_address=payout_raw, payout_key=payout_key.public.hex())


def _open_channel(settlement: Settlement, key: KeyPair, account: str) -> str:
    """As the client: open the channel from the local wallet (once: its id derives from the
    account, so a rerun after a crash finds the same address), register it with a signature."""
    params = client_channel_params(settlement.client_terms(), key, channel_id_for(account, key))
    address = params.address.to_str(is_user_friendly=False)
    if not PaymentChannel(settlement.chain, address).exists():
        wallet = wallet_address(key.public)
        if settlement.chain.balance(wallet) < STARTING_BALANCE + WALLET_GAS:
            settlement.chain.fund(wallet, STARTING_BALANCE + WALLET_GAS)
        PaymentChannel.open(settlement.chain, key, params, STARTING_BALANCE)
    settlement.register_client_channel(account, address,
                                       registration_signature(key, account, address))
    return address


def bootstrap(gateway_port: int, serve_port: int, providers: Sequence[str] = (PROVIDER_ID,)
              ) -> None:
    """Create (once) the local account, its keys, wallet and channel; (re)write config.toml.
    ``providers``: the ids of the network's own providers, approved from the start; the first
    is the one config.toml's ``[provider]`` table names."""
    home = private_home()
    existing = config.read_file()
    db = Database(home / "platform.db")
    try:
        registry = Registry(db)
        client_key = existing.get("client", {}).get("api_key")
        provider_key = existing.get("provider", {}).get("token")
        principal = registry.authenticate(client_key) if client_key else None
        if principal is None:
            account = registry.create_account("local")
            client_key = registry.create_key(account, "admin")
            provider_key = registry.create_key(account, "provider")
        else:
            account = principal.account
            if not provider_key or registry.authenticate(provider_key) is None:
                provider_key = registry.create_key(account, "provider")
        operator_key = existing.get("operator", {}).get("api_key")
        if not operator_key or registry.authenticate(operator_key) is None:
            operator_key = registry.create_key(account, "operator")
        # the network's own providers are admitted from the start (others wait for an operator)
        for provider_id in providers:
            registry.preapprove_provider(provider_id, account, operator=account)
        money = _open_money(home, account)
        staking = _stake(home, db, providers)
        root_address = network_root.embedded_root(home)  # the allowlist verifiers read
    finally:
        db.close()
    gateway_url = f"http://{LOOPBACK}:{gateway_port}"
    _update("operator", existing, {"gateway_url": gateway_url, "api_key": operator_key})
    _update("gateway", existing, {"host": LOOPBACK, "port": gateway_port, "allow_simulated": True,
                                  "root_address": root_address, "webhook_allow_private": True},
            drop=("database", "database_url", "chain"))  # the ledger is platform.db, made above
    _update(
        "client",
        existing,
        {
            "gateway_url": gateway_url,
            "api_key": client_key,
            "allow_simulated": True,
            "account": account,
            "voucher_key": money.voucher_key,
            "channel": money.channel,
            "root_address": root_address,
            "chain": network_root.chain_spec(home),
        },
    )
    _update(
        "provider",
        existing,
        {
            "id": providers[0],
            "gateway_url": gateway_url,
            "token": provider_key,
            "serve_host": LOOPBACK,
            "serve_port": serve_port,
            "allow_simulated": True,
            "payout_address": money.payout_address,
            "payout_key": money.payout_key,
            **staking,
        },
        # the agent starts its own cluster, in a temp dir chosen per run (see embedded.py)
        drop=("ray_address", "ray_temp_dir", "endpoint"),
    )


def _stake(home: Path, db: Database, providers: Sequence[str]) -> dict[str, str]:
    """With ``[gateway] min_stake`` the network's own providers stake it (see .stakes); their
    agents certify replica keys with the stake's owner key: ``[provider] stake_key``."""
    from .gateway.settings import GatewaySettings
    from .stakes import stake_own_providers

    min_stake = GatewaySettings.load().min_stake
    stake_own_providers(home, db, providers, min_stake)
    return {"stake_key": str(home / "provider_payout")} if min_stake > 0 else {}


def _update(section: str, existing: dict, values: dict, drop: tuple[str, ...] = ()) -> None:
    """Set the fields the embedded network owns; keep the user's other settings there."""
    kept = {k: v for k, v in existing.get(section, {}).items() if k not in drop}
    config.write_section(section, {**kept, **values})
