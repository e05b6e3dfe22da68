"""Routing decision time with 10,000 registered providers, against the former ranking.

    .venv/bin/python bench/routing.py [--providers N] [--decisions N]

The router holds load, latency and failures for every registered provider; each decision
follows one routing event (a call started or finished somewhere, at random, with some
failures), as on a busy gateway. The gateway decides per call among the providers the client
sealed for (the SDK seals for at most 3 by default), so that is the decision timed:

- ``sealed-for``: :meth:`Router.rank` over 1, 3 and 10 sealed-for providers (effective prices,
  the max price, the score), with 10,000 providers in its state;
- ``former``: the ranking the gateway had before the market (recent failures, price, in flight,
  latency) over the same 3, the baseline of the ratio;
- ``all``: :meth:`Router.rank` over every registered provider, for scale: what a decision would
  cost if a gateway chose among all of them (it never does).

Target: under 50 µs per decision with 10,000 providers registered.
"""

from __future__ import annotations

import argparse
import random
import time

from cocoon.platform.router import FAILURE_MEMORY_S, Quote, Router


def naive_rank(router: Router, candidates: dict[str, int]) -> list[str]:
    """The gateway's ranking before the market (recent failures, price, in flight, latency)."""
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
    quotes = {pid: Quote(round(1000 * rng.choice([0.5, 0.8, 1.0, 1.2, 1.5, 2.0])),
                         rng.choice([1, 4, 8, 16]), now_ms - rng.randint(0, 72 * 3600_000))
              for pid in ids}
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

    def sealed_for(size: int) -> float:
        sets = [{p: quotes[p] for p in rng.sample(ids, size)} for _ in range(64)]
        k = iter(range(10**9))
        return timed(lambda: router.rank(sets[next(k) % 64], 2000, 1), args.decisions)

    sealed = {size: sealed_for(size) for size in (1, 3, 10)}
    sets = [{p: quotes[p].price for p in rng.sample(ids, 3)} for _ in range(64)]
    k = iter(range(10**9))
    former = timed(lambda: naive_rank(router, sets[next(k) % 64]), args.decisions)
    every = timed(lambda: router.rank(quotes, 2000, 1), max(20, args.decisions // 1000))
    print(f"providers registered:               {args.providers}")
    for size, us in sealed.items():
        print(f"decision over {size:2d} sealed-for:         {us:8.2f} µs  (target < 50 µs)")
    print(f"former ranking over 3 sealed-for:   {former:8.2f} µs  "
          f"(market ranking x{sealed[3] / former:.2f})")
    print(f"rank of all {args.providers} (never done):  {every:8.2f} µs")

if __name__ == "__main__":
    main()
