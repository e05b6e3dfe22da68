"""``cocoon channel``: your payment channel to the platform on the embedded chain."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import money
from .command import App
from .output import CliError, JsonFlag, emit

if TYPE_CHECKING:
    from cocoon.contracts.channel import PaymentChannel
    from cocoon.platform.settlement import Settlement

app = App(help="Your payment channel to the platform (embedded chain).")

Account = Annotated[
    str | None, typer.Option(help="Your client account id (default: [client] account, or local).")
]


def _shown(channel: PaymentChannel) -> dict[str, Any]:
    state = channel.state()
    return {"address": money.friendly(state.address, True), "raw_address": state.address,
            **state.model_dump(exclude={"address"}), "unclaimed": state.unclaimed}


def _channel(s: Settlement | None, account: str) -> PaymentChannel:
    """The account's channel as deployed on chain, or an error saying what to do."""
    from cocoon.contracts.channel import PaymentChannel

    info = s.client(account) if s is not None else None
    if info is None:
        raise CliError("not_found", f"no payment channel for account {account!r}",
                       hint="`cocoon channel open --deposit 10` (after `cocoon wallet fund`)")
    assert s is not None
    channel = PaymentChannel(s.chain, info.channel_address)
    if not channel.exists():
        raise CliError(
            "not_found",
            f"the channel of {account!r} is registered but not on chain (its opening failed)",
            hint="`cocoon wallet fund`, then `cocoon channel open --deposit N` again",
        )
    return channel


@app.command("open")
def open_(
    deposit: Annotated[str, typer.Option(help="Deposit in TON, e.g. 10 or 2.5.")],
    account: Account = None,
    as_json: JsonFlag = False,
) -> None:
    """Open a payment channel from your wallet to the platform, with a first deposit."""
    from cocoon.contracts.channel import OP_GAS, TOPUP_GAS_RESERVE, PaymentChannel

    nanotons = money.parse_ton(deposit, "--deposit")
    account = account or money.default_account()
    key = money.wallet_key()
    s = money.open_settlement()
    known = s.client(account)
    if known is not None and PaymentChannel(s.chain, known.channel_address).exists():
        raise CliError("conflict", f"account {account!r} has a channel already",
                       hint="`cocoon channel status` shows it")
    money.require_balance(s.chain, key, nanotons + TOPUP_GAS_RESERVE + OP_GAS + money.WALLET_GAS,
                          f"a deposit of {deposit} TON")
    info = s.open_client_channel(account, key, nanotons)
    emit(_shown(PaymentChannel(s.chain, info.channel_address)), as_json, "channel",
         money.AMOUNTS)


@app.command("status")
def status(account: Account = None, as_json: JsonFlag = False) -> None:
    """Show the channel's state on chain (creates nothing)."""
    channel = _channel(money.read_settlement(), account or money.default_account())
    emit(_shown(channel), as_json, "channel", money.AMOUNTS)


@app.command("close")
def close(account: Account = None, as_json: JsonFlag = False) -> None:
    """Start closing (a dispute window follows), or finish once the window has passed."""
    from cocoon.contracts.channel import OP_GAS

    account = account or money.default_account()
    channel = _channel(money.read_settlement(), account)
    key = money.wallet_key()
    state = channel.state()
    if state.payer != money.wallet_info(key, None)["raw_address"]:
        raise CliError("forbidden", "this channel was not opened from your wallet",
                       hint="import the wallet that opened it: `cocoon wallet import`")
    if state.status == "closed":
        raise CliError("conflict", "the channel is closed already",
                       hint="`cocoon channel status` shows what it paid out")
    money.require_balance(channel.chain, key, OP_GAS + money.WALLET_GAS, "closing")
    if state.status == "open":
        channel.start_close(key)
    else:
        ends = state.close_started_at + state.dispute_window
        if channel.chain.now() < ends:
            when = datetime.fromtimestamp(ends, UTC).isoformat(timespec="seconds")
            raise CliError("conflict", f"the dispute window is open until {when} (chain time)",
                           hint="run `cocoon channel close` again after that")
        channel.finish_close(key)
    emit(_shown(channel), as_json, "channel", money.AMOUNTS)
