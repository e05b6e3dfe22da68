"""Routing decision time over 10,000 registered providers, against the former naive ranking.

    .venv/bin/python bench/routing.py [--providers N] [--decisions N]

Each decision follows one routing event (a call started or finished somewhere, at random, with
some failures), as on a busy gateway:

- ``indexed``: :meth:`Router.best` — the best provider of all registered, from the router's
  lazily maintained heap (the event pushes one entry; the decision pops superseded ones);
- ``naive``: the ranking the gateway had before (every provider's key computed, recent failures
  pruned, a full sort of all of them), on the same state;
- ``sealed-for``: :meth:`Router.rank` over the 3 providers a client sealed for (what the gateway
  decides per call), prices and the max price included.

Target: under 50 µs per decision over 10,000 providers.
"""

from __future__ import annotations

import argparse
import random
import time

from cocoon.platform.router import FAILURE_MEMORY_S, Quote, Router


def naive_rank(router: Router, candidates: dict[str, int]) -> list[str]:
    """The gateway's ranking before the market (recent failures, price, in flight, latency):
    a sort of every candidate per decision."""
    now = time.monotonic()

    def key(pid: str) -> tuple[int, int, int, float]:
        s = router._get(pid)
        cutoff = now - FAILURE_MEMORY_S
        fails = [t for t in s.failures if t > cutoff]
        return (len(fails), candidates[pid], s.in_flight, s.latency_ms)

    return sorted(candidates, key=key)


def event(router: Router, rng: random.Random, ids: list[str]) -> None:
    pid = rng.choice(ids)
    r = rng.random()
    if r < 0.5:
        router.started(pid)
    elif r < 0.99:
        router.finished(pid, ok=True, latency_ms=rng.uniform(5, 200))
    else:
        router.finished(pid, ok=False, latency_ms=rng.uniform(5, 200))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=10_000)
    parser.add_argument("--decisions", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(1)
    router = Router()
    now_ms = int(time.time() * 1000)
    ids = [f"provider-{i}" for i in range(args.providers)]
    prices = {}
    for pid in ids:
        multiplier = rng.choice([0.5, 0.8, 1.0, 1.2, 1.5, 2.0])
        prices[pid] = round(1000 * multiplier)
        router.observe(pid, multiplier=multiplier, slots=rng.choice([1, 4, 8, 16]),
                       evidence_ms=now_ms - rng.randint(0, 72 * 3600_000))
    for _ in range(args.providers):  # warm: load and latency everywhere
        event(router, rng, ids)

    def timed(decide, n: int) -> float:
        """µs per (event + decision), minus µs per event alone."""
        t0 = time.perf_counter()
        for _ in range(n):
            event(router, rng, ids)
        events = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(n):
            event(router, rng, ids)
            decide()
        return ((time.perf_counter() - t0) - events) / n * 1e6

    naive_n = max(20, args.decisions // 1000)
    indexed = timed(lambda: router.best(1), args.decisions)
    naive = timed(lambda: naive_rank(router, prices), naive_n)
    sealed = [rng.sample(ids, 3) for _ in range(64)]
    quotes = [{p: Quote(prices[p], 8, now_ms - 3600_000) for p in s} for s in sealed]
    k = iter(range(10**9))
    sealed_us = timed(lambda: router.rank(quotes[next(k) % 64], 2000, 1), args.decisions)
    print(f"providers registered:            {args.providers}")
    print(f"indexed decision (Router.best):  {indexed:8.2f} µs  (target < 50 µs)")
    print(f"naive decision (sort of all):    {naive:8.2f} µs  ({naive_n} decisions)")
    print(f"speed-up indexed vs naive:       {naive / indexed:8.0f}x")
    print(f"sealed-for decision (3 offers):  {sealed_us:8.2f} µs")


if __name__ == "__main__":
    main()
