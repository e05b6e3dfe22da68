"""``cocoon channel``: your payment channel to the platform on the embedded chain."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cocoon.contracts.keys import KeyPair
from cocoon.runtime import config
from cocoon.runtime.errors import ERROR_STATUS

from . import money
from .command import App
from .output import CliError, JsonFlag, emit, note, progress, ton

if TYPE_CHECKING:
    from cocoon.contracts.channel import PaymentChannel
    from cocoon.contracts.embedded_chain import EmbeddedChain
    from cocoon.platform.sdk import Client
    from cocoon.platform.settlement import ClientTerms, Settlement

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
    """Open a payment channel from your wallet to the platform, with a first deposit.

    Your wallet signs and sends the deploy itself; the platform gets the channel's address and a
    signature by its key (never the wallet's secret) and credits what the chain shows."""
    nanotons = money.parse_ton(deposit, "--deposit")
    key = money.wallet_key()
    gateway = money.gateway()
    if gateway is None:
        out = _open_locally(key, account or money.default_account(), nanotons)
    else:
        with gateway:
            out = _open_through(gateway, key, nanotons)
    note(f"credited {ton(out['credited'])} to account {out['account']}"
         if out["registered_via"] == "gateway" or out["credited"]
         else "registered; credited once the gateway's chain watcher sees it", as_json)
    emit(out, as_json, "channel", (*money.AMOUNTS, "credited"))


def _deploy(chain: EmbeddedChain, terms: ClientTerms, key: KeyPair, account: str,
            deposit: int) -> str:
    """The channel on chain, deployed from the wallet (or found: a run that died before the
    registration left it there; its id derives from the account and the key)."""
    from cocoon.contracts.channel import OP_GAS, TOPUP_GAS_RESERVE, PaymentChannel
    from cocoon.platform.settlement.client_side import channel_id_for, client_channel_params

    params = client_channel_params(terms, key, channel_id_for(account, key))
    channel = PaymentChannel(chain, params.address)
    if channel.exists():
        status = channel.state().status
        if status != "open":
            raise CliError("conflict", f"your channel for {account!r} is {status}",
                           hint="`cocoon channel status` shows it")
        return channel.state().address
    money.require_balance(chain, key, deposit + TOPUP_GAS_RESERVE + OP_GAS + money.WALLET_GAS,
                          f"a deposit of {ton(deposit)}")
    _, sent = PaymentChannel.open(chain, key, params, deposit)
    if sent.aborted or not channel.exists():
        raise CliError("conflict", "the chain refused the channel's deploy (its value bounced)",
                       hint="`cocoon wallet show`; then try again")
    return channel.state().address


def _open_through(gateway: Client, key: KeyPair, deposit: int) -> dict[str, Any]:
    """Open on chain under the gateway's terms, register through its API, save the channel
    in [client] so the SDK signs vouchers for it."""
    from cocoon.contracts.channel import PaymentChannel
    from cocoon.platform.api import AccountOut, NetworkOut
    from cocoon.platform.settlement import ClientTerms
    from cocoon.platform.settlement.client_side import registration_signature

    net = NetworkOut.model_validate(gateway._request("GET", "/v1/network").json())
    if net.platform_wallet is None:
        raise CliError("not_found", f"the gateway at {gateway.gateway_url} does not settle on"
                       " chain", hint="ask its operator; channels need `[gateway] settlement`")
    if net.chain != "embedded":
        raise CliError("bad_request", "this gateway settles on TON; `cocoon channel` drives the"
                       " embedded chain", hint="open the channel with the gateway's terms "
                       "(GET /v1/network) from a TON wallet, then POST /v1/account/channel")
    mine = gateway.account()
    if mine.channel is not None:
        raise CliError("conflict", f"account {mine.id!r} has a channel already",
                       hint="`cocoon channel status` shows it")
    terms = ClientTerms.model_validate(net.model_dump())
    chain = money.open_chain()
    address = _deploy(chain, terms, key, mine.id, deposit)
    body = {"channel_address": address,
            "signature": registration_signature(key, mine.id, address)}
    out = AccountOut.model_validate_json(
        gateway._request("POST", "/v1/account/channel", json=body).content)
    config.write_section("client", {**config.read_file().get("client", {}),
                                    "account": mine.id, "channel": address,
                                    "voucher_key": str(money.wallet_path())})
    return {**_shown(PaymentChannel(chain, address)), "account": mine.id,
            "credited": out.credited, "registered_via": "gateway"}


def _open_locally(key: KeyPair, account: str, deposit: int) -> dict[str, Any]:
    """No gateway answers: register with the embedded platform's state here, as `cocoon up`
    does (the gateway is not up), and credit what the chain shows."""
    from cocoon.contracts.channel import PaymentChannel
    from cocoon.platform.ledger import Ledger
    from cocoon.platform.settlement import SettlementError
    from cocoon.platform.settlement.client_side import registration_signature
    from cocoon.platform.settlement.deposits import credit_deposits

    s = money.open_settlement()
    try:
        known = s.client(account)
        if known is not None:
            raise CliError("conflict", f"account {account!r} has a channel already",
                           hint="`cocoon channel status` shows it")
        address = _deploy(s.chain, s.client_terms(), key, account, deposit)
        try:
            s.register_client_channel(account, address,
                                      registration_signature(key, account, address))
        except SettlementError as exc:
            raise CliError(exc.code if exc.code in ERROR_STATUS else "bad_request",
                           exc.message) from None
        credits = credit_deposits(s, Ledger(s.db))
        return {**_shown(PaymentChannel(s.chain, address)), "account": account,
                "credited": sum(c.amount for c in credits if c.account == account),
                "registered_via": "local"}
    finally:
        s.close()


@app.command("top-up")
def top_up(
    amount: Annotated[str, typer.Argument(help="TON to add to the channel, e.g. 5 or 0.5.")],
    wait: Annotated[float, typer.Option(help="Seconds to wait for the credit (0: don't).",
                                        min=0, max=600)] = 30.0,
    account: Account = None,
    as_json: JsonFlag = False,
) -> None:
    """Add to your channel's deposit from your wallet; credited once the chain shows it."""
    from cocoon.contracts.channel import OP_GAS, TOPUP_GAS_RESERVE

    nanotons = money.parse_ton(amount, "AMOUNT")
    key = money.wallet_key()
    gateway = money.gateway()
    if gateway is not None:
        with gateway:
            _top_up_through(gateway, key, nanotons, wait, as_json)
        return
    account = account or money.default_account()
    s = money.open_settlement()
    try:
        channel = _channel(s, account)
        _check_payer(channel, key)
        money.require_balance(channel.chain, key, nanotons + TOPUP_GAS_RESERVE + OP_GAS,
                              f"a top-up of {ton(nanotons)}")
        _send_top_up(channel, key, nanotons)
        from cocoon.platform.ledger import Ledger
        from cocoon.platform.settlement.deposits import credit_deposits

        credited = sum(c.amount for c in credit_deposits(s, Ledger(s.db))
                       if c.account == account)
        emit({**_shown(channel), "account": account, "credited": credited}, as_json,
             "channel", (*money.AMOUNTS, "credited"))
    finally:
        s.close()


def _check_payer(channel: PaymentChannel, key: KeyPair) -> None:
    if channel.state().payer != money.wallet_info(key, None)["raw_address"]:
        raise CliError("forbidden", "this channel was not opened from your wallet",
                       hint="import the wallet that opened it: `cocoon wallet import`")


def _send_top_up(channel: PaymentChannel, key: KeyPair, amount: int) -> None:
    before = channel.state().deposit
    sent = channel.top_up(key, amount)
    if sent.aborted or channel.state().deposit != before + amount:
        raise CliError("conflict", "the chain refused the top-up (its value bounced back)",
                       hint="`cocoon channel status`: a closing channel takes no top-ups")


def _top_up_through(gateway: Client, key: KeyPair, amount: int, wait: float,
                    as_json: bool) -> None:
    from cocoon.contracts.channel import OP_GAS, TOPUP_GAS_RESERVE, PaymentChannel

    mine = gateway.account()
    if mine.channel is None:
        raise CliError("not_found", f"account {mine.id!r} has no payment channel",
                       hint="`cocoon channel open --deposit 10` (after `cocoon wallet fund`)")
    channel = PaymentChannel(money.open_chain(), mine.channel.address)
    _check_payer(channel, key)
    money.require_balance(channel.chain, key, amount + TOPUP_GAS_RESERVE + OP_GAS,
                          f"a top-up of {ton(amount)}")
    _send_top_up(channel, key, amount)
    target = mine.credited + amount
    credited = mine.credited
    deadline = time.monotonic() + wait
    with progress("waiting for the gateway to see the top-up on chain", as_json) as update:
        while credited < target and time.monotonic() < deadline:
            time.sleep(0.5)
            credited = gateway.account().credited
            update(f"credited {ton(credited)} of {ton(target)}")
    seen = credited >= target
    note(f"credited: {ton(credited)} in all" if seen else
         f"sent; the gateway credits {ton(amount)} once its chain watcher sees it", as_json)
    emit({**_shown(channel), "account": mine.id, "credited": credited, "seen": seen}, as_json,
         "channel", (*money.AMOUNTS, "credited"))


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
