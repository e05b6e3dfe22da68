"""The browser SDK in real headless Chromium against the Python SDK, on one Ray-free network.

The network is the three-process one of ``bench/gateway_load.py`` (gateway, provider agent
with its in-process backend, this process), with ``templates/echo`` and
``tests/fixtures/counter`` deployed. Chromium is Debian's, driven by Playwright with the
launch flags of ``tests/browser/conftest.py``; every request a page makes to anything but
127.0.0.1 is aborted and counted (the run fails if there is one). Both SDKs sign vouchers with
the client's payer key (the browser: ``connect({payerKey})``; Python: ``[client] voucher_key``;
both send it in the ``x-cocoon-voucher`` header of the next call, no POST /v1/vouchers). The
two phases run one after the other (they share the account's channel: interleaved, their
cumulative vouchers would race).

Figures, each SDK timed on its own side (the page with ``performance.now()``, so no Playwright
round trip is counted; Python with ``time.perf_counter``):

- cold: ``connect`` + the first ``invoke`` of echo (offers fetched and their evidence
  verified, account read, voucher), ``--cold`` times, each with a fresh client (the browser:
  a fresh context, so the module's import, also shown, is cold too);
- warm: ``--rounds`` invokes of echo on one connected client, p50/p95;
- stream: ``counter`` yielding ``--items`` items, ``--rounds`` times after a warm-up: time to
  the first item and items/s to the checked receipt (medians);
- the Mini App: ``/app/`` in a fresh context to its sign-in form interactive (the API-key
  input in the DOM, the button enabled; ms from navigation start), and again in the same
  context (revalidated, 304s); the bytes each asset took on the wire (Resource Timing), and
  what gzip -6 makes of each body (the gateway gzips them for browsers that accept it: the
  wire figure shows what it sent).

Run: .venv/bin/python bench/browser_sdk.py [--rounds 50] [--cold 5] [--items 100]
The last line printed is one JSON object with every figure. On a shared machine the figures
are noisy: compare ratios from the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gateway_load import REPO, local_network, percentile

# the checkout's cocoon/ first (as `python -m pytest` from the root and the gateway process
# started in REPO find it: the editable link tree may lag behind new modules); the browser
# tests' launch flags and 127.0.0.1 rule, not a copy of them
sys.path[:0] = [str(REPO), str(REPO / "tests" / "browser"), str(REPO / "tests")]
from browser_support import CHROMIUM_ARGS, is_local  # noqa: E402

COUNTER = REPO / "tests" / "fixtures" / "counter"
PAYLOAD: dict[str, Any] = {"message": "hello from the browser benchmark", "n": 42, "ok": True}
TIMEOUT_MS = 60_000

# -- in the page -----------------------------------------------------------------------------

COLD = """async (args) => {
  const t0 = performance.now();
  const sdk = await import("/sdk/cocoon.js");
  const t1 = performance.now();
  const http = window.benchHttp = [];  // [path, ms to the answer's headers] per request
  const timed = async (input, init) => {
    const t = performance.now();
    try { return await fetch(input, init); }
    finally { http.push([new URL(String(input)).pathname, performance.now() - t]); }
  };
  const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key, fetch: timed,
                                     allowSimulated: true, payerKey: args.payer });
  const inv = await client.invoke("echo", args.payload);
  const t2 = performance.now();
  window.benchClient = client;
  const ok = JSON.stringify(inv.output) === JSON.stringify(args.payload) && inv.provider.valid;
  return { import_ms: t1 - t0, first_ms: t2 - t1, ok,
           voucher_error: client.voucherError?.code ?? null,
           payer: client.payerPublicKey() !== null && (await client.payer()) !== null };
}"""

WARM = """async (args) => {
  const client = window.benchClient, http = window.benchHttp, out = [], split = [];
  for (let i = 0; i < args.n; i++) {
    http.length = 0;
    const t = performance.now();
    const inv = await client.invoke("echo", args.payload);
    out.push(performance.now() - t);
    if (JSON.stringify(inv.output) !== JSON.stringify(args.payload)) throw new Error("output");
    const sum = (end) => http.filter(([p]) => p.endsWith(end)).reduce((n, [, ms]) => n + ms, 0);
    split.push([sum("/invoke"), sum("/v1/vouchers"), http.length]);
  }
  return { ms: out, split, voucher_error: client.voucherError?.code ?? null };
}"""

BARE = """async (args) => {  // the page's HTTP alone: GET /healthz, answer read
  const out = [];
  for (let i = 0; i < args.n; i++) {
    const t = performance.now();
    await (await fetch("/healthz")).arrayBuffer();
    out.push(performance.now() - t);
  }
  return out;
}"""

STREAM = """async (args) => {
  const client = window.benchClient, out = [];
  for (let r = 0; r < args.rounds + 1; r++) {  // the first is the warm-up
    const t = performance.now();
    let first = 0, k = 0;
    const s = client.stream("counter", { n: args.items });
    for await (const _ of s) { if (k++ === 0) first = performance.now() - t; }
    const total = performance.now() - t;
    if (k !== args.items || !s.receipt) throw new Error("stream incomplete");
    if (r) out.push([first, total]);
  }
  return out;
}"""

SIGN_IN_READY = """() => {
  const input = document.querySelector('[data-testid="api-key"]');
  const button = document.querySelector('[data-testid="sign-in-button"]');
  return input && button && !input.disabled && !button.disabled ? performance.now() : 0;
}"""

RESOURCES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return [nav, ...performance.getEntriesByType("resource")].map((e) => ({
    url: e.name, transfer: e.transferSize, encoded: e.encodedBodySize,
    decoded: e.decodedBodySize }));
}"""


# Chromium itself resolves no host but 127.0.0.1 (IP literals included: a fetch to 127.0.0.2
# or localhost fails too), so no request leaves and none waits on this process. The tests'
# per-request routing (--intercept) pauses every request for a round trip to Playwright's
# handler here, which would be counted in every figure.
BLOCK_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"

PROBE = """async (args) => {
  const tries = [fetch("https://example.com/x"), fetch(args.other), fetch("/healthz")];
  const settled = await Promise.allSettled(tries);
  const ws = new WebSocket("wss://bridge.tonapi.io/bridge");
  const closed = await new Promise((done) => { ws.onclose = () => done(true);
                                               ws.onopen = () => done(false); });
  return [...settled.map((r) => r.status), closed];
}"""


class Guard:
    """What the pages tried that fails the run: another host, an uncaught error, a console
    error."""

    def __init__(self, intercept: bool) -> None:
        self.intercept = intercept
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def check(self) -> None:
        if self.foreign or self.errors:
            raise SystemExit(f"the pages misbehaved: foreign={self.foreign} errors={self.errors}")


@contextmanager
def local_page(browser: Any, guard: Guard) -> Iterator[Any]:
    """A fresh context and page; a request to another host than 127.0.0.1 is recorded (and
    fails in Chromium; with ``guard.intercept`` it is aborted by routing, as in
    tests/browser/conftest.py's ``page`` fixture)."""
    context = browser.new_context(service_workers="block", viewport={"width": 420, "height": 860})

    def route(r: Any) -> None:
        if is_local(r.request.url):
            r.continue_()
        else:
            r.abort("blockedbyclient")

    def route_ws(ws: Any) -> None:
        if is_local(ws.url):
            ws.connect_to_server()
        else:  # a WebSocket routed here fires no "websocket" event: recorded here
            guard.foreign.append(ws.url)
            ws.close()

    if guard.intercept:
        context.route("**/*", route)
        context.route_web_socket(re.compile(".*"), route_ws)
    page = context.new_page()
    page.on("request", lambda r: is_local(r.url) or guard.foreign.append(r.url))
    page.on("websocket", lambda w: is_local(w.url) or guard.foreign.append(w.url))
    page.on("console", lambda m: m.type == "error" and not m.location.get(
        "url", "").endswith("/favicon.ico") and guard.errors.append(  # /healthz has none
            f"{m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda e: guard.errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()


def probe(browser: Any, guard: Guard, url: str) -> None:
    """Before measuring: a page cannot reach another host (a name, 127.0.0.2, a WebSocket),
    and does reach the gateway."""
    other = url.replace("127.0.0.1", "127.0.0.2") + "/healthz"
    with local_page(browser, guard) as page:
        page.goto(url + "/healthz")
        out = page.evaluate(PROBE, {"other": other})
    assert out == ["rejected", "rejected", "fulfilled", True], out
    expected = {"https://example.com/x", other, "wss://bridge.tonapi.io/bridge"}
    assert set(guard.foreign) == expected, guard.foreign
    guard.foreign.clear()
    guard.errors.clear()  # the refusals' console lines


# -- the two SDKs ----------------------------------------------------------------------------


def browser_figures(browser: Any, guard: Guard, url: str, key: str, payer: str | None,
                    rounds: int, cold: int, items: int) -> dict[str, Any]:
    args = {"url": url, "key": key, "payer": payer, "payload": PAYLOAD}
    colds: list[dict[str, Any]] = []
    warm: list[float] = []
    split: list[list[float]] = []
    streams: list[list[float]] = []
    bare: list[float] = []
    for i in range(cold):
        with local_page(browser, guard) as page:
            page.goto(url + "/healthz")  # the gateway's origin, nothing on it
            out = page.evaluate(COLD, args)
            assert out["ok"] and out["voucher_error"] is None, out
            colds.append(out)
            if i == cold - 1:  # the last client goes on warm
                w = page.evaluate(WARM, {**args, "n": rounds})
                assert w["voucher_error"] is None, w
                warm, split = w["ms"], w["split"]
                streams = page.evaluate(STREAM, {"rounds": rounds, "items": items})
                bare = page.evaluate(BARE, {"n": rounds})
    return {"import": [c["import_ms"] for c in colds], "first": [c["first_ms"] for c in colds],
            "warm": warm, "split": split, "stream": streams, "bare": bare,
            "vouchers": all(c["payer"] for c in colds)}


def python_figures(url: str, key: str, rounds: int, cold: int, items: int) -> dict[str, Any]:
    from cocoon.platform.sdk import Client

    firsts, warm, streams = [], [], []
    vouchers = True
    for i in range(cold):
        t = time.perf_counter()
        client = Client(url, key)
        inv = client.invoke("echo", PAYLOAD)
        firsts.append((time.perf_counter() - t) * 1000)
        assert inv.output == PAYLOAD and inv.provider.valid
        vouchers = vouchers and client.payer is not None
        if i < cold - 1:
            client.close()
    with client:
        for _ in range(rounds):
            t = time.perf_counter()
            assert client.invoke("echo", PAYLOAD).output == PAYLOAD
            warm.append((time.perf_counter() - t) * 1000)
        for r in range(rounds + 1):
            t = time.perf_counter()
            first = 0.0
            with client.stream("counter", {"n": items}) as s:
                for k, _ in enumerate(s):
                    if k == 0:
                        first = (time.perf_counter() - t) * 1000
            total = (time.perf_counter() - t) * 1000
            assert s.receipt is not None and len(s.items) == items
            if r:
                streams.append([first, total])
        bare = []  # the SDK's own transport alone, as the page's fetch above
        for _ in range(rounds):
            t = time.perf_counter()
            client._http.request("GET", "/healthz")
            bare.append((time.perf_counter() - t) * 1000)
    return {"first": firsts, "warm": warm, "stream": streams, "bare": bare,
            "vouchers": vouchers}


# -- the Mini App ----------------------------------------------------------------------------


def app_figures(browser: Any, guard: Guard, url: str, rounds: int) -> dict[str, Any]:
    """/app/ to its sign-in form, cold (fresh context) and revalidated (same context); the
    cold load's resources."""
    cold, warm, resources = [], [], []
    for _ in range(rounds):
        with local_page(browser, guard) as page:
            for times in (cold, warm):
                page.goto(url + "/app/", wait_until="commit")
                times.append(page.wait_for_function(SIGN_IN_READY, timeout=TIMEOUT_MS,
                                                    polling="raf").json_value())
                if times is cold and not resources:
                    page.wait_for_load_state("load")
                    resources = page.evaluate(RESOURCES)
    return {"cold": cold, "warm": warm, "resources": resources}


def gzip_sizes(resources: list[dict[str, Any]]) -> dict[str, int]:
    """What gzip -6 would send for each static asset (JSON answers aside)."""
    import httpx

    out = {}
    with httpx.Client(trust_env=False, timeout=30) as http:
        for r in resources:
            if "/v1/" not in r["url"]:
                out[r["url"]] = len(gzip.compress(http.get(r["url"]).content, 6))
    return out


# -- report ----------------------------------------------------------------------------------


def summary(b: dict[str, Any], p: dict[str, Any], app: dict[str, Any], gz: dict[str, int],
            items: int) -> dict[str, Any]:
    med = statistics.median

    def pair(bs: list[float], ps: list[float] | None, f: Any = med) -> list[float | None]:
        bv = f(bs)
        pv = f(ps) if ps else None
        return [round(bv, 2), None if pv is None else round(pv, 2),
                None if not pv else round(bv / pv, 2)]

    p50 = lambda xs: percentile(xs, 50)  # noqa: E731
    p95 = lambda xs: percentile(xs, 95)  # noqa: E731
    rate = lambda s: [items / (t / 1000) for _, t in s]  # noqa: E731
    assets = {urlsplit(r["url"]).path: {
        "transfer_bytes": r["transfer"], "body_bytes": r["decoded"],
        "compressed": r["encoded"] != r["decoded"], "gzip6_bytes": gz.get(r["url"])}
        for r in app["resources"]}
    return {
        "rows": {
            "sdk module import, cold (ms)": [round(med(b["import"]), 2), None, None],
            "connect + first invoke, cold (ms)": pair(b["first"], p["first"]),
            "warm invoke p50 (ms)": pair(b["warm"], p["warm"], p50),
            "warm invoke p95 (ms)": pair(b["warm"], p["warm"], p95),
            "  of which POST .../invoke (ms)": [round(med(x[0] for x in b["split"]), 2),
                                                None, None],
            "  of which POST /v1/vouchers (ms)": [round(med(x[1] for x in b["split"]), 2),
                                                  None, None],
            "  of which in the page (ms)": [round(med(
                t - x[0] - x[1] for t, x in zip(b["warm"], b["split"], strict=True)), 2),
                None, None],
            "bare GET /healthz p50 (ms)": pair(b["bare"], p["bare"], p50),
            f"stream {items}: first item (ms)": pair([f for f, _ in b["stream"]],
                                                     [f for f, _ in p["stream"]]),
            f"stream {items}: items/s": pair(rate(b["stream"]), rate(p["stream"])),
            "/app/ to sign-in form, cold (ms)": [round(med(app["cold"]), 2), None, None],
            "/app/ to sign-in form, revalidated (ms)": [round(med(app["warm"]), 2), None, None],
        },
        "vouchers": {"browser": b["vouchers"], "python": p["vouchers"]},
        "assets": assets,
        "assets_transfer_bytes": sum(a["transfer_bytes"] for a in assets.values()),
        "assets_gzip6_bytes": sum(a["gzip6_bytes"] or 0 for a in assets.values()),
    }


def print_table(s: dict[str, Any], args: argparse.Namespace) -> None:
    fmt = lambda v: "-" if v is None else f"{v:g}"  # noqa: E731
    print(f"rounds={args.rounds} cold={args.cold} items={args.items} "
          f"intercept={args.intercept}  (medians unless p95)")
    print(f"{'figure':44} {'browser':>10} {'python':>10} {'browser/py':>10}")
    for name, (bv, pv, ratio) in s["rows"].items():
        print(f"{name:44} {fmt(bv):>10} {fmt(pv):>10} {fmt(ratio):>10}")
    print(f"\n{'/app/ cold load, asset (headers: 300 B)':44} {'on wire B':>10} {'body B':>10} "
          f"{'gzip -6 B':>10}")
    for name, a in s["assets"].items():
        print(f"{name:44} {a['transfer_bytes']:>10} {a['body_bytes']:>10} "
              f"{fmt(a['gzip6_bytes']):>10}")
    print(f"{'total':44} {s['assets_transfer_bytes']:>10} {'':>10} "
          f"{s['assets_gzip6_bytes']:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="warm invokes, streams, loads")
    parser.add_argument("--cold", type=int, default=5, help="fresh clients (connect + invoke)")
    parser.add_argument("--items", type=int, default=100)  # counter: max_units 100
    parser.add_argument("--intercept", action="store_true",
                        help="route every request through Playwright, as the browser tests do")
    args = parser.parse_args()
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("Chromium is needed: sudo apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    from cocoon.contracts.keys import load_key_file
    from cocoon.platform.sdk import Client

    guard = Guard(args.intercept)
    with local_network("cocoon-bench-browser-", {}) as (_, cfg, _):
        url, key = cfg["client"]["gateway_url"], cfg["client"]["api_key"]
        voucher_key = cfg["client"].get("voucher_key")
        payer = load_key_file(Path(voucher_key)).seed.hex() if voucher_key else None
        with Client(url, key) as client:
            out = client.deploy(COUNTER)
            client.wait_served(out.name, out.digest, timeout_s=60)
        python = python_figures(url, key, args.rounds, args.cold, args.items)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable,
                                                 args=[*CHROMIUM_ARGS, BLOCK_OTHER_HOSTS])
            try:
                probe(browser, guard, url)
                chromium = browser_figures(browser, guard, url, key, payer, args.rounds,
                                           args.cold, args.items)
                app = app_figures(browser, guard, url, args.rounds)
            finally:
                browser.close()
        guard.check()
        figures = summary(chromium, python, app, gzip_sizes(app["resources"]), args.items)
    print_table(figures, args)
    print(json.dumps({"rounds": args.rounds, "cold": args.cold, "items": args.items,
                      "intercept": args.intercept, **figures}))


if __name__ == "__main__":
    main()
