"""``cocoon demo``: the whole story in one command, on the embedded network."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..sdk import Client
from . import money, templates
from .account import receipts_table
from .output import console, progress, table, ton

DEMO_TEXTS = [
    "The cat sits on the mat.",
    "A kitten is resting on a rug.",
    "Stock markets fell sharply today.",
]


def demo(
    keep: Annotated[bool, typer.Option(help="Leave the network running afterwards.")] = False,
) -> None:
    """Start the embedded network, deploy echo and embeddings, invoke both, show receipts/cost."""
    from .. import embedded

    started_here = embedded.current() is None
    with progress("starting the embedded network") as update:
        state = embedded.up(update)
    console.print(f"[green]network ready[/] at {state.gateway_url}")
    try:
        with Client() as client:
            for name in ("echo", "embeddings"):
                with progress(f"deploying template {name}") as update, \
                        templates.extracted(name) as folder:
                    out = client.deploy(folder)
                    client.wait_served(out.name, out.digest, progress=update)
                console.print(f"deployed [bold]{out.name}[/] v{out.version} -> {out.endpoint}")
            before = client.account()
            echo = client.invoke("echo", {"message": "hello from Cocoon", "n": 42})
            console.print("\n[bold]echo[/] ->", json.dumps(echo.output))
            emb = client.invoke("embeddings", {"texts": DEMO_TEXTS})
            vectors = emb.output["vectors"]
            sim = [
                [sum(a * b for a, b in zip(u, v, strict=True)) for v in vectors] for u in vectors
            ]
            console.print(
                f"[bold]embeddings[/] -> {len(vectors)} vectors of "
                f"{emb.output['dim']} dimensions; cosine similarity:"
            )
            table(
                "",
                ["", *[f"text {i}" for i in range(len(DEMO_TEXTS))]],
                [
                    [f"{i}: {t}", *[f"{s:.3f}" for s in row]]
                    for i, (t, row) in enumerate(zip(DEMO_TEXTS, sim, strict=True))
                ],
            )
            receipts_table([echo.signed_receipt, emb.signed_receipt])
            after = client.account()
            for inv in (echo, emb):
                v = inv.provider.verdicts[0]
                console.print(
                    f"{inv.receipt.function}: provider {inv.receipt.provider}, evidence "
                    f"{v.kind} ({'valid' if v.valid else 'INVALID'}; binds "
                    f"{', '.join(v.binds)}), {inv.latency_ms:.1f} ms"
                )
            console.print(
                f"\ncost: {ton(after.charged - before.charged)}; balance {ton(after.available)}"
            )
            client.flush_voucher()
            _settlement_summary(after.id, embedded.PROVIDER_ID)
    finally:
        if started_here and not keep:
            with progress("stopping the embedded network"):
                embedded.down()
            console.print("network stopped ([bold]cocoon up --detach[/] keeps one running)")


def _settlement_summary(account: str, provider: str) -> None:
    """Settle now on the embedded chain and show where the money went."""
    from cocoon.contracts.channel import PaymentChannel

    with progress("settling on the embedded TON chain"):
        s = money.open_settlement(money.fee_bps())
        report = s.run(force=True)
        info = s.client(account)
        channel = PaymentChannel(s.chain, info.channel_address).state() if info else None
        voucher = s.latest_voucher(account) if info else None
        earned = s.earnings(provider)
    if channel is not None:
        console.print(
            f"channel {channel.address[:14]}…: deposit {ton(channel.deposit)}, "
            f"vouchered {ton(voucher.cumulative if voucher else 0)}, "
            f"claimed on chain {ton(channel.claimed)}"
        )
    console.print(
        f"provider {earned.provider}: paid {ton(earned.paid)} (fee {ton(earned.fee)}); "
        f"{report.onchain_messages} on-chain messages, gas {ton(report.gas)}"
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
