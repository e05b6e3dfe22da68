"""Account commands: ``cocoon usage`` and ``cocoon keys``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from ..sdk import Client
from .command import App
from .output import JsonFlag, console, print_json, table, ton

keys_app = App(help="API keys for your account.")


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
    app.add_typer(keys_app, name="keys")
