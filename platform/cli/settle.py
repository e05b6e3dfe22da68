"""``cocoon settle``: settlement of the embedded network's ledger.

The platform fee is the gateway's: as the configured gateway reports it (``GET /v1/network``),
else from its configuration (``[gateway] fee_bps``); there is no CLI default for it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from . import money
from .output import JsonFlag, emit, ton


def settle(
    force: Annotated[bool, typer.Option(help="Settle everything, ignoring thresholds.")] = True,
    as_json: JsonFlag = False,
) -> None:
    """Run settlement now: vouchers, claims and provider payouts."""
    money.require_ledger()
    report = money.open_settlement(money.fee_bps()).run(force=force)
    data = report.model_dump()
    if not as_json:
        for owed in ("shortfall", "unvouchered"):
            data[owed] = ", ".join(f"{k}: {ton(v)}" for k, v in data[owed].items()) or "-"
    emit(data, as_json, "settlement", money.AMOUNTS)


def register(app: typer.Typer) -> None:
    app.command()(settle)  # `cocoon earnings`: platform/cli/earnings.py
