"""What streaming costs per call and per item, model aside.

``tests/fixtures/counter`` (a generator yielding small JSON items at once) on the three-process
Ray-free network of ``bench/gateway_load.py`` (gateway, provider agent with its in-process
backend, the function in its own worker process), called from this process:

- ``invoke`` of one item: a whole call answered as one frame (the baseline);
- ``stream`` of one item: time to the first item in hand (request sent -> item opened) and to
  the checked receipt;
- ``stream`` of ``--items`` items: items/s end to end, and the per-item cost
  ((whole call - one-item call) / extra items): worker pipe, seal, replica -> gateway -> SDK
  records, open;
- ``invoke`` of the same items joined in one frame, for comparison.

Medians over ``--rounds`` rounds after one warm-up each.

Run: .venv/bin/python bench/stream_overhead.py [--rounds 20] [--items 100]
The last line printed is one JSON object with every figure. On a shared machine the figures
are noisy: compare within a run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from gateway_load import REPO, local_network

COUNTER = REPO / "tests" / "fixtures" / "counter"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--items", type=int, default=100)  # counter: max_units 100
    args = parser.parse_args()

    from cocoon.platform.sdk import Client

    with local_network("cocoon-bench-stream-", {}) as (_, cfg, _), \
            Client(cfg["client"]["gateway_url"], cfg["client"]["api_key"]) as client:
        out = client.deploy(COUNTER)
        client.wait_served(out.name, out.digest, timeout_s=60)
        figures = measure(client, args.rounds, args.items)
    for k, v in figures.items():
        print(f"{k:32} {v}")
    print(json.dumps(figures))


def measure(client: Any, rounds: int, items: int) -> dict[str, Any]:
    def invoke(n: int) -> float:
        t = time.perf_counter()
        assert len(client.invoke("counter", {"n": n}).output) == n
        return time.perf_counter() - t

    def stream(n: int) -> tuple[float, float]:
        t = time.perf_counter()
        first = 0.0
        with client.stream("counter", {"n": n}) as s:
            for i, _ in enumerate(s):
                if i == 0:
                    first = time.perf_counter() - t
        assert s.receipt is not None and len(s.items) == n
        return first, time.perf_counter() - t

    invoke(1), stream(1), stream(items), invoke(items)  # warm-up: offers, voucher, worker
    one_invoke, one_first, one_total, many_first, many_total, many_invoke = ([] for _ in range(6))
    for _ in range(rounds):
        one_invoke.append(invoke(1))
        first, total = stream(1)
        one_first.append(first)
        one_total.append(total)
        first, total = stream(items)
        many_first.append(first)
        many_total.append(total)
        many_invoke.append(invoke(items))
    med = statistics.median
    ms = lambda xs: round(med(xs) * 1000, 2)  # noqa: E731
    per_item_us = (med(many_total) - med(one_total)) / (items - 1) * 1e6
    return {
        "rounds": rounds, "items": items,
        "invoke_1_ms": ms(one_invoke),
        "stream_1_first_item_ms": ms(one_first),
        "stream_1_total_ms": ms(one_total),
        "stream_n_first_item_ms": ms(many_first),
        "stream_n_total_ms": ms(many_total),
        "stream_n_items_per_s": round(items / med(many_total)),
        "stream_per_item_us": round(per_item_us, 1),
        "invoke_n_joined_ms": ms(many_invoke),
    }


if __name__ == "__main__":
    main()
