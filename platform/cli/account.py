"""Account commands: ``cocoon account create``, ``cocoon usage`` and ``cocoon keys``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from cocoon.runtime import config

from ..sdk import Client
from .command import App
from .output import JsonFlag, console, emit, note, print_json, table, ton

keys_app = App(help="API keys for your account.")
account_app = App(help="Your account on the gateway.")


@account_app.command("create")
def account_create(
    name: Annotated[str, typer.Option(help="A label for the account.")] = "",
    replace: Annotated[bool, typer.Option(
        "--replace", help="Save the new key even if [client] has one already.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Open an account on the gateway ([client] gateway_url; no key needed) and save its key.

    The account starts with no credit: open a channel from your wallet
    (`cocoon channel open --deposit N`) and what it holds on chain is credited."""
    from ..api import AccountCreated
    from ..sdk.client import ClientSettings

    settings = config.load(ClientSettings, "client").model_copy(update={"api_key": None})
    with Client(settings=settings) as client:
        created = AccountCreated.model_validate_json(
            client._request("POST", "/v1/accounts", json={"name": name}).content)
    current = config.read_file().get("client", {})
    save = replace or not current.get("api_key")
    if save:  # the channel pin was the old account's; the wallet may open the new one's
        kept = {k: v for k, v in current.items() if k != "channel"}
        config.write_section("client", {**kept, "gateway_url": settings.gateway_url,
                                        "api_key": created.api_key,
                                        "account": created.account.id})
    out = {"account": created.account.id, "api_key": created.api_key, "role": created.role,
           "credited": created.account.credited, "saved": save}
    note(f"saved as [client] api_key in {config.config_path()}" if save else
         "not saved: [client] has a key already (--replace saves this one instead)", as_json)
    emit(out, as_json, "new account (credit comes from your channel: `cocoon channel open`)",
         ("credited",))


def usage(
    limit: Annotated[int, typer.Option(help="How many recent receipts.", min=1, max=1000)] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Your balance, spend per function and recent receipts."""
    with Client() as client:
        out = client.usage(limit)
    if as_json:
        print_json(out)
        return
    a = out.account
    console.print(
        f"account [bold]{a.id}[/]: available {ton(a.available)}, "
        f"spent {ton(a.charged)} of {ton(a.credited)} credited"
    )
    table(
        "usage by function",
        ["function", "calls", "units", "amount"],
        [[s["function"], s["calls"], s["units"], ton(int(s["amount"]))] for s in out.summary],
    )
    receipts_table(out.receipts)


def receipts_table(receipts: list[Any]) -> None:
    rows = [
        [
            r.receipt.request_id[:12],
            r.receipt.function,
            r.receipt.provider,
            r.receipt.units,
            ton(r.receipt.amount),
            r.receipt.outcome,
            "simulated" if r.receipt.simulated else "attested",
        ]
        for r in receipts
    ]
    table(
        "receipts", ["request", "function", "provider", "units", "amount", "outcome", "TEE"], rows
    )


class Role(StrEnum):
    client = "client"
    provider = "provider"


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="What the key may do.")] = Role.client,
    as_json: JsonFlag = False,
) -> None:
    """Create an API key for your account."""
    with Client() as client:
        resp = client._request("POST", "/v1/keys", json={"role": role.value})
    if as_json:
        print_json(resp.json())
    else:
        console.print(resp.json()["key"])


def register(app: typer.Typer) -> None:
    app.command()(usage)
    app.add_typer(account_app, name="account")
    app.add_typer(keys_app, name="keys")
