"""``cocoon``: the command line for developers, clients and providers."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from cocoon.runtime.errors import CocoonError

from .. import embedded
from ..sdk import Client
from . import attest, money
from .output import console, err_console, handles_errors, print_json, progress, table, ton

app = typer.Typer(
    help="Cocoon: confidential AI functions on attested hardware, paid in Toncoin.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(attest.app, name="attest")
app.add_typer(money.wallet_app, name="wallet")
app.add_typer(money.channel_app, name="channel")
app.command("settle")(money.settle)
app.command("earnings")(money.earnings)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _client() -> Client:
    return Client()


# -- the embedded network ------------------------------------------------------------------------


@app.command()
@handles_errors
def up(
    detach: Annotated[bool, typer.Option("--detach", "-d", help="Return once ready.")] = False,
) -> None:
    """Start the embedded network: gateway + provider (local Ray, simulated TEE) on 127.0.0.1."""
    already = embedded.current()
    with progress("starting the embedded network") as update:
        state = embedded.up(update)
    verb = "already running" if already else "ready"
    console.print(f"[green]Cocoon network {verb}[/] at [bold]{state.gateway_url}[/]")
    console.print(f"state: {state.home}   stop it with: [bold]cocoon down[/]")
    if detach:
        return
    console.print("running in the foreground; Ctrl-C stops it")

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # also when started with SIGINT ignored (a script's &)
    try:
        while embedded.current() is not None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        with progress("stopping"):
            embedded.down()


@app.command()
@handles_errors
def down() -> None:
    """Stop the embedded network and everything it started."""
    with progress("stopping the embedded network"):
        stopped = embedded.down()
    console.print("stopped" if stopped else "nothing was running")


@app.command()
@handles_errors
def status(as_json: JsonFlag = False) -> None:
    """Is the embedded network running, and where."""
    state = embedded.current()
    if as_json:
        print_json({"running": state is not None, **(state.model_dump() if state else {})})
    elif state is None:
        console.print("not running ([bold]cocoon up[/] starts it)")
    else:
        console.print(f"running at [bold]{state.gateway_url}[/] (state in {state.home})")


# -- functions -----------------------------------------------------------------------------------


@app.command()
@handles_errors
def deploy(
    path: Annotated[Path, typer.Argument(help="Function folder with a cocoon.toml.")],
    wait: Annotated[bool, typer.Option(help="Wait until a provider serves it.")] = True,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a provider.")] = 300,
    as_json: JsonFlag = False,
) -> None:
    """Deploy a function folder; prints its name, version and endpoint."""
    with _client() as client:
        with progress(f"uploading {path}"):
            out = client.deploy(path)
        if wait:
            with progress(f"waiting for a provider to run {out.name} v{out.version}") as update:
                client.wait_served(out.name, out.digest, timeout_s=timeout, progress=update)
    if as_json:
        print_json(out)
        return
    state = "new version" if out.created else "unchanged (no-op)"
    table(
        "deployed",
        ["name", "version", "digest", "endpoint", ""],
        [[out.name, out.version, out.digest[:12], out.endpoint, state]],
    )


@app.command()
@handles_errors
def invoke(
    name: Annotated[str, typer.Argument(help="Function name.")],
    payload: Annotated[str, typer.Option("--json", help="The JSON payload to send.")],
    receipt: Annotated[bool, typer.Option("--receipt", help="Also print the receipt.")] = False,
    max_price: Annotated[int | None, typer.Option(help="Most nanotons to pay.")] = None,
) -> None:
    """Invoke a function end to end encrypted; prints its JSON result on stdout."""
    try:
        value = json.loads(payload)
    except ValueError:
        raise CocoonError("invalid_json", "--json is not valid JSON") from None
    with _client() as client:
        result = client.invoke(name, value, max_price=max_price)
    if receipt:
        print_json({"result": result.output, "receipt": result.signed_receipt})
    else:
        print_json(result.output)
    if result.simulated:
        err_console.print("[yellow]served by a simulated TEE (development only)[/]")


@app.command()
@handles_errors
def functions(as_json: JsonFlag = False) -> None:
    """Deployed functions (latest versions)."""
    with _client() as client:
        items = client.functions()
    if as_json:
        print_json(items)
        return
    rows = []
    for f in items:
        ready = sum(1 for p in f.placements if p.state == "ready")
        rows.append(
            [f.name, f.version, f.digest[:12], f"{ton(f.unit_price)}/{f.unit}", ready, f.endpoint]
        )
    table("functions", ["name", "version", "digest", "price", "providers", "endpoint"], rows)


@app.command()
@handles_errors
def providers(as_json: JsonFlag = False) -> None:
    """Providers on the network, their evidence and prices."""
    with _client() as client:
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


@app.command()
@handles_errors
def usage(
    limit: Annotated[int, typer.Option(help="How many recent receipts.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Your balance, spend per function and recent receipts."""
    with _client() as client:
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
    _receipts_table(out.receipts)


def _receipts_table(receipts: list[Any]) -> None:
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


@keys_app.command("create")
@handles_errors
def keys_create(
    role: Annotated[str, typer.Option(help="client or provider")] = "client",
    as_json: JsonFlag = False,
) -> None:
    """Create an API key for your account."""
    with _client() as client:
        resp = client._request("POST", "/v1/keys", json={"role": role})
    if as_json:
        print_json(resp.json())
    else:
        console.print(resp.json()["key"])


# -- the main job --------------------------------------------------------------------------------


@app.command()
@handles_errors
def demo(
    keep: Annotated[bool, typer.Option(help="Leave the network running afterwards.")] = False,
) -> None:
    """Start the embedded network, deploy echo and embeddings, invoke both, show receipts/cost."""
    started_here = embedded.current() is None
    with progress("starting the embedded network") as update:
        state = embedded.up(update)
    console.print(f"[green]network ready[/] at {state.gateway_url}")
    try:
        with Client() as client:
            for name in ("echo", "embeddings"):
                with progress(f"deploying templates/{name}") as update:
                    out = client.deploy(TEMPLATES / name)
                    client.wait_served(out.name, out.digest, progress=update)
                console.print(f"deployed [bold]{out.name}[/] v{out.version} -> {out.endpoint}")
            before = client.account()
            echo = client.invoke("echo", {"message": "hello from Cocoon", "n": 42})
            console.print("\n[bold]echo[/] ->", json.dumps(echo.output))
            texts = [
                "The cat sits on the mat.",
                "A kitten is resting on a rug.",
                "Stock markets fell sharply today.",
            ]
            emb = client.invoke("embeddings", {"texts": texts})
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
                ["", *[f"text {i}" for i in range(len(texts))]],
                [
                    [f"{i}: {t}", *[f"{s:.3f}" for s in row]]
                    for i, (t, row) in enumerate(zip(texts, sim, strict=True))
                ],
            )
            _receipts_table([echo.signed_receipt, emb.signed_receipt])
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
            _settlement_summary(after.id)
    finally:
        if started_here and not keep:
            with progress("stopping the embedded network"):
                embedded.down()
            console.print("network stopped ([bold]cocoon up --detach[/] keeps one running)")


def _settlement_summary(account: str) -> None:
    """Settle now on the embedded chain and show where the money went (demo only)."""
    from cocoon.contracts.channel import PaymentChannel

    with progress("settling on the embedded TON chain"):
        s = money.settlement()
        report = s.run(force=True)
        info = s.client(account)
        channel = PaymentChannel(s.chain, info.channel_address).state() if info else None
        voucher = s.latest_voucher(account) if info else None
        earned = s.earnings(embedded.PROVIDER_ID)
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
