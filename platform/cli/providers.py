"""``cocoon providers``: who serves the network, with what evidence and at what price.

(Approved providers only; an operator approves and lists the others with ``cocoon provider``,
:mod:`.provider_admin`.)"""

from __future__ import annotations

import typer

from ..sdk import Client
from . import provider_admin
from .output import JsonFlag, print_json, table


def providers(as_json: JsonFlag = False) -> None:
    """Providers on the network, their evidence and prices."""
    with Client() as client:
        items = client.providers()
    if as_json:
        print_json(items)
        return
    rows = [
        [
            p.id,
            "online" if p.online else "offline",
            ",".join(p.evidence_kinds) + (" (simulated)" if p.simulated else ""),
            f"x{p.price_multiplier:g}",
            f"{p.capacity_cpus:g}",
            p.functions_ready,
            p.endpoint,
        ]
        for p in items
    ]
    table("providers", ["id", "status", "evidence", "price", "cpus", "functions", "endpoint"], rows)


def register(app: typer.Typer) -> None:
    app.command()(providers)
    app.add_typer(provider_admin.app, name="provider")
