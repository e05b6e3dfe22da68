"""``cocoon settle``: settlement of the embedded network's ledger.

The platform fee is the gateway's: as the configured gateway reports it (``GET /v1/network``),
else from its configuration (``[gateway] fee_bps``); there is no CLI default for it. The rest
(thresholds, dispute window, database) is the gateway's configuration too
(:func:`cocoon.platform.gateway.settle.settlement_for`). A message that failed on chain is listed
under ``failures`` (and in ``settlement_ops``); the next run retries it from the chain's state.
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
    from cocoon.platform.gateway.settle import settlement_for

    money.require_ledger()
    with settlement_for(money.gateway_settings(), fee_bps=money.fee_bps()) as settlement:
        report = settlement.run(force=force)
    data = report.model_dump()
    if not as_json:
        for owed in ("shortfall", "unvouchered"):
            data[owed] = ", ".join(f"{k}: {ton(v)}" for k, v in data[owed].items()) or "-"
        data["failures"] = "; ".join(f"{f.kind} {f.target}: {f.reason}"
                                     for f in report.failures) or "-"
        data["stopped"] = data["stopped"] or "-"
    emit(data, as_json, "settlement", money.AMOUNTS)
    if report.failures or report.stopped:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(settle)  # `cocoon earnings`: platform/cli/earnings.py
