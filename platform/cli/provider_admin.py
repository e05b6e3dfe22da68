"""``cocoon provider``: the operator's side of who may be a provider.

(The provider's own commands of the group, ``join``, ``leave`` and ``price``, are
:mod:`.provider_agent`'s.)

A registered provider gets no work until an operator approves it (see
``platform/admission.py``): ``cocoon provider list --pending`` shows those waiting, ``approve ID``
admits one, ``suspend ID`` withdraws the approval. These use the operator key, ``[operator]
api_key`` in config.toml (or ``COCOON_OPERATOR_API_KEY``), which ``cocoon up`` writes for the
embedded network.
"""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import BaseModel

from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError

from ..api import ProviderOut
from ..sdk import Client
from .command import App
from .output import JsonFlag, console, print_json, table

app = App(help="Providers: join, leave and price your own (provider key); approve, suspend "
          "and list them (operator key).")


class OperatorSettings(BaseModel):
    """The ``[operator]`` table of config.toml (``COCOON_OPERATOR_*``)."""

    gateway_url: str | None = None  # default: the client's
    api_key: str | None = None


def _operator() -> Client:
    s = config.load(OperatorSettings, "operator")
    if not s.api_key:
        raise CocoonError("unauthorized", "no operator key: set [operator] api_key in "
                          "config.toml or COCOON_OPERATOR_API_KEY")
    return Client(s.gateway_url, s.api_key)


@app.command("list")
def list_providers(
    pending: Annotated[bool, typer.Option("--pending", help="Only those awaiting approval.")]
    = False,
    as_json: JsonFlag = False,
) -> None:
    """Every registered provider, approved or not."""
    with _operator() as client:
        reply = client._request("GET", "/v1/providers" + ("?pending=1" if pending else ""))
    items = [ProviderOut.model_validate(p) for p in reply.json()]
    if as_json:
        print_json(items)
        return
    rows = [
        [p.id, "approved" if p.approved else "pending", "online" if p.online else "offline",
         ",".join(p.evidence_kinds) + (" (simulated)" if p.simulated else ""),
         f"x{p.price_multiplier:g}", p.endpoint]
        for p in items
    ]
    table("providers", ["id", "admission", "status", "evidence", "price", "endpoint"], rows)


def _decide(action: str, provider_id: str, as_json: bool) -> None:
    with _operator() as client:
        out = client._request("POST", f"/v1/providers/{provider_id}/{action}").json()
    if as_json:
        print_json(out)
    else:
        console.print(f"provider [bold]{out['id']}[/]: "
                      + ("approved" if out["approved"] else "suspended"))


@app.command()
def approve(provider_id: Annotated[str, typer.Argument(metavar="ID")],
            as_json: JsonFlag = False) -> None:
    """Admit a registered provider: it gets assignments and is routed to."""
    _decide("approve", provider_id, as_json)


@app.command()
def suspend(provider_id: Annotated[str, typer.Argument(metavar="ID")],
            as_json: JsonFlag = False) -> None:
    """Withdraw a provider's approval: its placements go, nothing is routed to it."""
    _decide("suspend", provider_id, as_json)
