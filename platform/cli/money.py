"""`cocoon wallet`, `cocoon channel`, `cocoon settle`, `cocoon earnings` on the embedded chain.

State lives under $COCOON_HOME (default ~/.cocoon): wallet.json (the user's mnemonic),
platform_key (the platform wallet's seed), chain/ (the embedded chain), platform.db (ledger);
see `cocoon.platform.settlement.local`. `cocoon up` creates the same wallet and channel.
"""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.embedded import EmbeddedChain
from cocoon.contracts.keys import KeyPair, load_key_file, new_mnemonic
from cocoon.contracts.messages import wallet_address
from cocoon.platform.settlement import Settlement, local
from cocoon.runtime import config

TON = 10**9
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable output")]
console = Console()

wallet_app = typer.Typer(help="Your TON wallet (WalletV4R2).", no_args_is_help=True)
channel_app = typer.Typer(help="Your payment channel to the platform.", no_args_is_help=True)
settle_app = typer.Typer(help="Settlement.")


def home() -> Path:
    return config.ensure_home()


def chain() -> EmbeddedChain:
    return EmbeddedChain(home() / "chain")


def platform_key() -> KeyPair:
    return local.platform_key(home())


def settlement(fee_bps: int = 500) -> Settlement:
    """The embedded chain's settlement; the faucet pays the platform wallet's gas."""
    return local.open_settlement(home(), fee_bps=fee_bps)


def wallet_key() -> KeyPair:
    path = local.wallet_path(home())
    if not path.exists():
        raise typer.BadParameter("no wallet yet: run `cocoon wallet create` (or `cocoon up`)")
    return load_key_file(path)


def _save_wallet(words: list[str]) -> KeyPair:
    return local.save_wallet(home(), words)


def default_account() -> str:
    """The account `cocoon up` created (config [client] account), else "local"."""
    return str(config.read_file().get("client", {}).get("account") or "local")


def _emit(data: dict, as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(json.dumps(data))
        return
    table = Table(title=title)
    table.add_column("field")
    table.add_column("value", justify="right")
    for k, v in data.items():
        shown = f"{v / TON:.9f} TON" if isinstance(v, int) and k.endswith(_AMOUNT_KEYS) else v
        table.add_row(k, str(shown))
    console.print(table)


_AMOUNT_KEYS = ("balance", "deposit", "claimed", "unclaimed", "gross", "fee", "owed", "vouchered",
                "paid", "gas", "total", "amount")


def _wallet_info(key: KeyPair) -> dict:
    addr = wallet_address(key.public)
    acc = chain().account(addr)
    return {"address": addr.to_str(), "raw_address": acc.address, "status": acc.status,
            "balance": acc.balance}


@wallet_app.command("create")
def wallet_create(as_json: JsonOpt = False) -> None:
    """Create a new wallet (24-word mnemonic, stored in $COCOON_HOME/wallet.json)."""
    if local.wallet_path(home()).exists():
        raise typer.BadParameter("a wallet exists already")
    words = new_mnemonic()
    key = _save_wallet(words)
    _emit({**_wallet_info(key), "mnemonic": " ".join(words)}, as_json, "new wallet")


@wallet_app.command("import")
def wallet_import(mnemonic: str, as_json: JsonOpt = False) -> None:
    """Import a wallet from its 24-word mnemonic."""
    try:
        key = _save_wallet(mnemonic.split())
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    _emit(_wallet_info(key), as_json, "wallet")


@wallet_app.command("show")
def wallet_show(as_json: JsonOpt = False) -> None:
    """Show the wallet's address and balance."""
    _emit(_wallet_info(wallet_key()), as_json, "wallet")


@wallet_app.command("fund")
def wallet_fund(
    amount: Annotated[float, typer.Option(help="TON from the embedded faucet")] = 100.0,
    as_json: JsonOpt = False,
) -> None:
    """Fund the wallet from the embedded chain's faucet."""
    key = wallet_key()
    chain().fund(wallet_address(key.public), round(amount * TON))
    _emit(_wallet_info(key), as_json, "wallet")


@channel_app.command("open")
def channel_open(
    deposit: Annotated[float, typer.Option(help="deposit in TON")],
    account: Annotated[str | None, typer.Option(help="your client account id")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Open a payment channel from your wallet to the platform."""
    s = settlement()
    info = s.open_client_channel(account or default_account(), wallet_key(), round(deposit * TON))
    _emit(PaymentChannel(s.chain, info.channel_address).state().model_dump(), as_json, "channel")


def _channel_of(s: Settlement, account: str | None) -> PaymentChannel:
    account = account or default_account()
    info = s.client(account)
    if info is None:
        raise typer.BadParameter(f"no channel for {account}: run `cocoon channel open`")
    return PaymentChannel(s.chain, info.channel_address)


@channel_app.command("status")
def channel_status(
    account: Annotated[str | None, typer.Option(help="your client account id")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the channel's state on chain."""
    ch = _channel_of(settlement(), account)
    st = ch.state()
    _emit({**st.model_dump(), "unclaimed": st.unclaimed}, as_json, "channel")


@channel_app.command("close")
def channel_close(
    account: Annotated[str | None, typer.Option(help="your client account id")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Start closing (dispute window), or finish once the window has passed."""
    ch = _channel_of(settlement(), account)
    st = ch.state()
    if st.status == "open":
        ch.start_close(wallet_key())
    elif st.status == "closing":
        if ch.chain.now() < st.close_started_at + st.dispute_window:
            raise typer.BadParameter("the dispute window is still open")
        ch.finish_close(wallet_key())
    _emit(ch.state().model_dump(), as_json, "channel")


def settle(
    force: Annotated[bool, typer.Option(help="ignore thresholds")] = True,
    fee_bps: Annotated[int, typer.Option(help="platform fee, basis points")] = 500,
    as_json: JsonOpt = False,
) -> None:
    """Run settlement now: vouchers, claims and provider payouts."""
    report = settlement(fee_bps).run(force=force)
    data = report.model_dump()
    data["shortfall"] = json.dumps(data["shortfall"])
    _emit(data if not as_json else report.model_dump(), as_json, "settlement")


def earnings(
    provider: Annotated[str, typer.Argument(help="provider id")],
    fee_bps: Annotated[int, typer.Option(help="platform fee, basis points")] = 500,
    as_json: JsonOpt = False,
) -> None:
    """Provider side: owed, vouchered, paid."""
    _emit(settlement(fee_bps).earnings(provider).model_dump(), as_json, "earnings")


settle_app.command("settle")(settle)
settle_app.command("earnings")(earnings)
