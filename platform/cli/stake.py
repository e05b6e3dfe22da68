"""``cocoon provider stake``: a provider's stake on chain, from its own wallet.

``deposit AMOUNT`` deploys the provider's stake contract from the payout wallet (or adds to it)
and names it to the gateway (``POST /v1/providers/{id}/stake``, signed by the wallet's key, the
stake's owner key); ``show`` reads it from the chain; ``withdraw`` starts the unbonding delay and
``withdraw --finish`` takes the stake back after it. With ``[gateway] min_stake`` set a provider
is routed to only while its stake holds that much (cocoon.platform.stakes).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import httpx
import typer

from cocoon.contracts.keys import KeyPair
from cocoon.contracts.stake import ProviderStake
from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError

from ..sdk import Client
from ..stakes import stake_for, stake_params
from . import money
from .command import App
from .output import CliError, JsonFlag, emit

if TYPE_CHECKING:
    from cocoon.runtime.agent import AgentSettings

app = App(help="Your provider's stake on chain: deposit, show, withdraw.")
AMOUNTS = ("amount", "bonded", "slashed", "balance")

ProviderOpt = Annotated[str | None, typer.Option(
    "--id", help="The provider's id [default: [provider] id].")]
KeyOpt = Annotated[Path | None, typer.Option(
    "--key-file", help="The owner wallet's key (a hex seed or a wallet.json); default "
    "$COCOON_HOME/provider_payout.")]


def _provider(provider_id: str | None) -> tuple[str, AgentSettings]:
    from cocoon.runtime.agent import AgentSettings  # the [provider] table; needs the extra

    settings = config.load(AgentSettings, "provider")
    return provider_id or settings.id, settings


@app.command()
def deposit(
    amount: Annotated[str, typer.Argument(help="TON to stake, e.g. 10 or 2.5.")],
    provider_id: ProviderOpt = None,
    key_file: KeyOpt = None,
    delay: Annotated[int | None, typer.Option(
        help="Unbonding delay in seconds of a new stake [default: 7 days].")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Stake AMOUNT for the provider (deploying its stake contract the first time) and name the
    stake to the gateway."""
    nanotons = money.parse_ton(amount, "stake")
    provider, settings = _provider(provider_id)
    key = money.payout_key(key_file)
    chain = money.open_chain()
    try:
        money.require_balance(chain, key, nanotons + 100_000_000, "stake")
        state, registration = stake_for(chain, key, provider, nanotons, delay)
    finally:
        chain.close()
    data: dict[str, Any] = {"provider": provider, **state.model_dump(), "bonded": state.bonded}
    if not settings.token:
        raise CliError("unauthorized", "staked, but no provider key to name the stake to the "
                       "gateway", hint="[provider] token in config.toml, then deposit again")
    with Client(settings.gateway_url, settings.token) as client:
        client._request("POST", f"/v1/providers/{provider}/stake",
                        json=registration.model_dump())
    data["registered"] = True
    emit(data, as_json, f"stake of {provider}", AMOUNTS)


@app.command()
def show(provider_id: ProviderOpt = None, key_file: KeyOpt = None,
         as_json: JsonFlag = False) -> None:
    """The provider's stake as the chain has it."""
    provider, settings = _provider(provider_id)
    with _stake(provider, settings, key_file) as (stake, _key):
        state = stake.state()
    emit({"provider": provider, **state.model_dump(), "bonded": state.bonded}, as_json,
         f"stake of {provider}", AMOUNTS)


@app.command()
def withdraw(
    finish: Annotated[bool, typer.Option(
        "--finish", help="Take the stake back (after the unbonding delay).")] = False,
    provider_id: ProviderOpt = None,
    key_file: KeyOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Start withdrawing (the stake stops counting at once; routing stops with min_stake), or
    with --finish take it back once the unbonding delay is over."""
    provider, settings = _provider(provider_id)
    with _stake(provider, settings, key_file) as (stake, key):
        result = stake.finish_withdraw(key) if finish else stake.start_withdraw(key)
        if result.aborted:
            codes = {t.exit_code for t in result.aborted}
            hint = ("the unbonding delay is not over" if 409 in codes
                    else "start with `cocoon provider stake withdraw` first" if 408 in codes
                    else None)
            raise CliError("invalid_stake", f"the stake refused (exit {sorted(codes)})", hint=hint)
        state = stake.state()
    emit({"provider": provider, **state.model_dump(), "bonded": state.bonded}, as_json,
         f"stake of {provider}", AMOUNTS)


def _address(provider: str, settings: AgentSettings, key: KeyPair) -> str:
    """The stake the gateway knows for the provider; without a gateway, the stake this wallet
    would have deployed with the default unbonding delay."""
    try:
        with Client(settings.gateway_url, settings.token) as client:
            return client._request("GET", f"/v1/providers/{provider}/stake").json()["address"]
    except (CocoonError, httpx.HTTPError, KeyError, TypeError, ValueError):
        return stake_params(key, provider).address.to_str(is_user_friendly=False)


class _stake:
    """The provider's stake contract on the local chain, and the owner key (context manager)."""

    def __init__(self, provider: str, settings: AgentSettings, key_file: Path | None) -> None:
        self.key = money.payout_key(key_file)
        address = _address(provider, settings, self.key)
        self.chain = money.open_chain()
        self.stake = ProviderStake(self.chain, address)

    def __enter__(self) -> tuple[ProviderStake, KeyPair]:
        if not self.stake.exists():
            self.chain.close()
            raise CocoonError("not_found", "no stake deployed for this provider and wallet "
                              "(cocoon provider stake deposit AMOUNT)")
        return self.stake, self.key

    def __exit__(self, *exc: object) -> None:
        self.chain.close()
