"""``cocoon earnings``: a provider's earnings, and its own claim on them, with or without the
platform.

The figures come from the platform's settlement where it runs here (the embedded network:
gross, fee, owed, vouchered) and always from what the provider holds itself: the newest
platform-signed voucher its agent keeps (``<state_dir>/provider-vouchers/<id>.json``,
:mod:`cocoon.runtime.payout`), refreshed from the gateway when it answers, and the channel on
chain (paid = what the channel has paid out). ``--claim`` sends that voucher's claim from the
provider's payout wallet: the channel pays the payout wallet what the voucher allows beyond what
it paid, whatever became of the gateway and its database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import httpx
import typer

from cocoon.contracts.chain import Chain
from cocoon.contracts.channel import OP_GAS, PaymentChannel
from cocoon.contracts.messages import wallet_address
from cocoon.runtime import config
from cocoon.runtime.attestation.chain_policy import chain_opener
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.payout import ProviderVoucher, VoucherKeeper, VoucherStore, voucher_problem

from . import money
from .output import NANO, CliError, JsonFlag, emit

if TYPE_CHECKING:
    from cocoon.runtime.agent import AgentSettings

AMOUNTS = (*money.AMOUNTS, "held", "claimable", "claimed_now")
GATEWAY_TIMEOUT_S = 5.0


def earnings(
    provider: Annotated[str, typer.Argument(help="Provider id.")],
    claim: Annotated[bool, typer.Option(
        "--claim", help="Claim the held voucher on chain from the provider's payout wallet.")
    ] = False,
    key_file: Annotated[Path | None, typer.Option(
        help="The payout wallet's key (a hex seed or a wallet.json); default "
             "$COCOON_HOME/provider_payout.")] = None,
    chain_spec: Annotated[str | None, typer.Option(
        "--chain", help="The chain: a TON global config (path or URL) or embedded:<folder>; "
                        "default the embedded chain of $COCOON_HOME.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Provider side: earned, the platform's fee, vouchered, held, claimable and paid (it
    changes nothing but the held voucher, refreshed from the gateway when it answers); --claim
    takes the held voucher's money on chain."""
    from cocoon.runtime.agent import AgentSettings  # the [provider] table; needs the extra

    settings = config.load(AgentSettings, "provider")
    held = _held_voucher(provider, settings)
    data = _platform_figures(provider)
    if data is None and held is None:
        raise CliError("not_found", f"no earnings of {provider} known here: nothing settled, "
                       "no voucher held", hint="`cocoon settle` (or wait for the gateway's next "
                       "settlement pass and the agent's next voucher fetch)")
    data = data or {"provider": provider}
    with _chain(chain_spec) as chain:
        if held is not None:
            data.update(_held_figures(held, chain))
        if claim:
            data.update(_claim(held, chain, key_file))
    emit(data, as_json, "earnings", AMOUNTS)


@contextlib.contextmanager
def _chain(spec: str | None) -> Iterator[Chain | None]:
    """The chain named, else the embedded chain here (None: there is none)."""
    if spec is not None:
        with chain_opener(spec)() as chain:
            yield chain
        return
    chain = money.read_chain()
    try:
        yield chain
    finally:
        if chain is not None:
            chain.close()


def _held_voucher(provider: str, settings: AgentSettings) -> ProviderVoucher | None:
    """The voucher this provider holds, refreshed from the gateway if it answers (the gateway
    may be gone: then the held file is all there is, and all that is needed)."""
    folder = Path(settings.state_dir) if settings.state_dir else config.cocoon_home()
    store = VoucherStore.of(folder, provider)
    if not (settings.token and settings.payout_address):
        return store.load()
    with httpx.Client(base_url=settings.gateway_url, timeout=GATEWAY_TIMEOUT_S, trust_env=False,
                      headers={"authorization": f"Bearer {settings.token}"}) as http:

        def get(path: str) -> Any:
            resp = http.get(path)
            if resp.status_code >= 400:
                raise CocoonError.from_response(resp.content, status=resp.status_code)
            return resp.json()

        keeper = VoucherKeeper(store, provider, settings.payout_address, settings.payout_key,
                               get)
        try:
            return keeper.refresh()
        except (httpx.TransportError, CocoonError, ValueError):
            return store.load()  # the gateway is down, or not ours: what we hold stands


def _platform_figures(provider: str) -> dict[str, Any] | None:
    """The platform's view (its ledger and settlement), where it runs here."""
    try:
        money.require_ledger()
    except CliError:
        return None
    fee = money.fee_bps()
    s = money.read_settlement(fee)
    if s is None:
        return None
    with s:
        return {**s.earnings(provider).model_dump(), "fee_bps": fee}


def _held_figures(held: ProviderVoucher, chain: Chain | None) -> dict[str, Any]:
    out: dict[str, Any] = {"channel": held.channel_address, "held": held.voucher.cumulative}
    if chain is not None:
        channel = PaymentChannel(chain, held.channel_address)
        state = channel.state() if channel.exists() else None
        paid, deposit = (state.claimed, state.deposit) if state else (0, 0)
        # the channel pays at most its deposit: a voucher beyond it is not (yet) claimable
        out.update(paid=paid, deposit=deposit,
                   claimable=max(min(held.voucher.cumulative, deposit) - paid, 0))
    return out


def _claim(held: ProviderVoucher | None, chain: Chain | None,
           key_file: Path | None) -> dict[str, Any]:
    """Send the held voucher's claim from the payout wallet; what the channel paid for it."""
    if held is None:
        raise CliError("not_found", "no voucher held: nothing to claim",
                       hint="the provider agent fetches one after each settlement pass")
    if chain is None:
        raise CliError("not_found", "no chain here to claim on",
                       hint="--chain (a TON global config), or COCOON_HOME: the network's")
    key = money.payout_key(key_file)
    payout = wallet_address(key.public).to_str(is_user_friendly=False)
    payee_key = held.params.payee_key if int(held.params.payee_key, 16) else None
    problem = voucher_problem(held, platform_key=held.platform_key, payout_address=payout,
                              payout_key=payee_key and key.public.hex())
    if problem:
        raise CliError("invalid_voucher", f"the held voucher is not this wallet's to claim: "
                       f"{problem}", hint="--key-file: the payout wallet the provider announced")
    channel = PaymentChannel(chain, held.channel_address)
    if not channel.exists():
        raise CliError("not_found", "the channel is not on chain yet: nothing to claim")
    before = channel.state().claimed
    if held.voucher.cumulative <= before:
        return {"claimed_now": 0, "gas": 0, "paid": before, "claimable": 0}
    balance = chain.balance(wallet_address(key.public))
    if balance < OP_GAS:
        raise CliError("insufficient_funds", f"the payout wallet {payout} holds "
                       f"{Decimal(balance) / NANO} TON; a claim attaches "
                       f"{Decimal(OP_GAS) / NANO} TON of gas (the unspent part comes back)",
                       hint="send it a little TON first")
    result = channel.claim(key, held.voucher)
    if result.aborted:
        codes = ", ".join(str(t.exit_code) for t in result.aborted)
        raise CliError("conflict", f"the claim failed on chain (exit code {codes})")
    after = channel.state().claimed
    return {"claimed_now": after - before, "gas": result.fees, "paid": after,
            "claimable": max(held.voucher.cumulative - after, 0)}


def register(app: typer.Typer) -> None:
    app.command()(earnings)
