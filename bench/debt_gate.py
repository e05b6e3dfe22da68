"""The debt gate at 64 client threads: honest clients are not throttled, a hostile one is held
to the bound.

The network of ``bench/gateway_load.py`` (gateway and provider agent in processes of their own,
SQLite, embedded chain, ``templates/echo`` at 1000 nTON a call), with the gateway's
``[gateway] max_unvouchered`` set to ``--bound``. Three phases of ``--seconds`` each, 64 threads
(one SDK ``Client`` per thread):

1. baseline: a plain-deposit account without a channel (no debt gate), same process, same
   gateway;
2. honest: the bootstrap account, whose channel the client signs (vouchers on, as ``cocoon up``
   configures them);
3. hostile: the same account, sending no vouchers and writing max price 1 TON.

Per phase: calls/s, p50/p99 latency of the calls served, the share of invoke requests answered
``402 voucher_required`` (the gateway's own count, from ``/metrics``: the SDK retries those
itself), and, for the channel account, the largest unvouchered debt (charged + reserved - newest
voucher) a sampler reading the database every few ms saw, against the bound.

Run: .venv/bin/python bench/debt_gate.py [--threads 64] [--seconds 5] [--bound 200000]
The last line printed is one JSON object with every figure. On a shared machine the figures
are noisy: compare within a run.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import threading
import time
from typing import Any

from gateway_load import local_network, percentile, refusals

HOSTILE_MAX_PRICE = 10**9  # 1 TON


def unvouchered(db, account: str) -> int:
    """The gate's figure: charged + reserved - the newest voucher held."""
    return db.one("SELECT charged + reserved - COALESCE((SELECT cumulative FROM "
                  "settlement_client_vouchers WHERE account = accounts.id), 0) FROM accounts "
                  "WHERE id = ?", account)[0]


def plain_account(db, amount: int) -> str:
    """A client key for a new account credited by a plain deposit (no channel, no gate)."""
    from cocoon.platform.ledger import Ledger
    from cocoon.platform.registry import Registry

    registry = Registry(db)
    account = registry.create_account("bench-plain")
    Ledger(db).deposit(account, amount, source="bench", ref=f"bench:{account}")
    return registry.create_key(account, "client")


def phase(url: str, key: str | None, threads: int, seconds: float, *, db=None,
          account: str | None = None, hostile: bool = False) -> dict[str, Any]:
    from cocoon.platform.sdk import Client
    from cocoon.runtime.errors import CocoonError

    clients = [Client(url, key, auto_voucher=not hostile) for _ in range(threads)]
    for c in clients:  # offers verified, account read, connection open: outside the window
        c.offers("echo")
    if hostile:
        with Client(url) as honest:
            honest.flush_voucher(cover_debt=True)  # start from no debt
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: collections.Counter[str] = collections.Counter()
    start, stop = threading.Barrier(threads + 2), threading.Event()
    worst = [0]

    def worker(i: int) -> None:
        client, mine = clients[i], latencies[i]
        payload = {"thread": i, "message": "hello from the debt gate benchmark"}
        max_price = HOSTILE_MAX_PRICE if hostile else None
        start.wait()
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                client.invoke("echo", payload, max_price=max_price)
                mine.append((time.perf_counter() - t0) * 1000)
            except CocoonError as exc:
                errors[exc.code] += 1
                if hostile:
                    time.sleep(0.01)  # refused at once: don't spin on a shared machine

    def sample() -> None:
        start.wait()
        while not stop.is_set():
            worst[0] = max(worst[0], unvouchered(db, account))
            time.sleep(0.003)

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    pool.append(threading.Thread(target=sample if db is not None else lambda: start.wait(),
                                 daemon=True))
    for t in pool:
        t.start()
    refused0 = refusals(url)
    start.wait()
    t0 = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    refused = refusals(url) - refused0
    at_end = unvouchered(db, account) if db is not None else None
    for c in clients:
        c.close()  # (a closing Client flushes a voucher for what it verified, hostile or not)
    flat = [x for lat in latencies for x in lat]
    requests = len(flat) + sum(refused.values())
    out: dict[str, Any] = {
        "calls": len(flat),
        "calls_per_s": round(len(flat) / elapsed, 1),
        "p50_ms": round(percentile(flat, 50), 1) if flat else None,
        "p99_ms": round(percentile(flat, 99), 1) if flat else None,
        "voucher_required_share": round(refused["voucher_required"] / max(requests, 1), 4),
        "errors_seen_by_clients": dict(errors),
        "gateway_refusals": dict(refused),
    }
    if db is not None:
        out["max_unvouchered"] = worst[0]
        out["unvouchered_at_end"] = at_end
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--bound", type=int, default=200_000,
                        help="[gateway] max_unvouchered, nanotons (echo: 1000 a call)")
    args = parser.parse_args()

    env = {"COCOON_GATEWAY_SETTLE_INTERVAL_S": "0",  # no settlement pass mid-phase
           "COCOON_GATEWAY_MAX_UNVOUCHERED": str(args.bound)}
    with local_network("cocoon-debt-", env) as (home, cfg, _):
        from cocoon.platform.db import Database

        url = cfg["client"]["gateway_url"]
        db = Database(home / "platform.db")
        plain_key = plain_account(db, 100 * 10**9)
        from cocoon.platform.sdk import Client

        with Client(url) as c:
            account = c.account().id
        results = {
            "baseline": phase(url, plain_key, args.threads, args.seconds),
            "honest": phase(url, None, args.threads, args.seconds, db=db, account=account),
            "hostile": phase(url, None, args.threads, args.seconds, db=db, account=account,
                             hostile=True),
        }
        db.close()
        for name, r in results.items():
            debt = (f"  max unvouchered {r['max_unvouchered']} nTON (bound {args.bound})"
                    if "max_unvouchered" in r else "")
            print(f"{name:>8}: {r['calls_per_s']:>7} calls/s  p50 {r['p50_ms']} ms  "
                  f"p99 {r['p99_ms']} ms  402 share {r['voucher_required_share']:.2%}{debt}",
                  flush=True)
        print(json.dumps({"bench": "debt_gate", "threads": args.threads,
                          "seconds": args.seconds, "bound": args.bound,
                          "cpus": os.cpu_count(), "phases": results}))


if __name__ == "__main__":
    main()
