"""``cocoon providers``: who serves the network, with what evidence, at what price and load,
and what it earned.

(Approved providers only; an operator approves and lists the others with ``cocoon provider``,
:mod:`.provider_admin`.)"""

from __future__ import annotations

import typer

from ..api import ProviderOut
from ..sdk import Client
from . import provider_admin, stake
from .output import JsonFlag, print_json, table, ton


def providers(as_json: JsonFlag = False) -> None:
    """Providers on the network: state, effective prices, load, latency, evidence, functions,
    earnings and stake (bonded on chain)."""
    with Client() as client:
        items = client.providers()
    if as_json:
        print_json(items)
        return
    rows = [
        [
            p.id,
            p.state if p.online else f"{p.state}, offline",
            _prices(p),
            p.in_flight,
            "-" if p.latency_ms is None else f"{p.latency_ms:.0f} ms",
            _evidence(p),
            p.functions_ready,
            f"{ton(p.earned)} ({p.calls} calls)",
            "-" if p.stake is None else ton(p.stake),
        ]
        for p in items
    ]
    table("providers", ["id", "state", "price (nTON/unit)", "in flight", "latency", "evidence",
                        "functions", "earned", "stake"], rows)


def _prices(p: ProviderOut) -> str:
    """Each offered function's effective price now, after the provider's multiplier."""
    offered = " ".join(f"{name} {price}" for name, price in sorted(p.prices.items()))
    return f"x{p.price_multiplier:g}" + (f": {offered}" if offered else "")


def _evidence(p: ProviderOut) -> str:
    kinds = ",".join(p.evidence_kinds) or "none"
    status = "simulated" if p.simulated else "verified"
    age = "" if p.evidence_age_s is None else f", {_age(p.evidence_age_s)} old"
    return f"{kinds} ({status}{age})"


def _age(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"


def register(app: typer.Typer) -> None:
    app.command()(providers)
    app.add_typer(provider_admin.app, name="provider")
    provider_admin.app.add_typer(stake.app, name="stake")
