"""A per-caller token bucket for the gateway's unauthenticated writes (``POST /v1/accounts``).

Creating an account needs no key, so it is bounded per client address: ``burst`` at once, then
``per_minute``. The table of callers is bounded too (``max_callers``): when full, the callers
idle longest are forgotten (a forgotten caller starts with a full bucket again, so memory, not
the limit, is what a flood of addresses can exhaust: neither grows without bound). One process's
view: gateways sharing a database each keep their own.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from cocoon.runtime.errors import CocoonError


class RateLimiter:
    def __init__(self, per_minute: float, burst: int, max_callers: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_callers = max_callers
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # caller -> tokens, t
        self._lock = threading.Lock()

    def take(self, caller: str) -> None:
        """Spend one token of ``caller``'s, or raise 429 ``rate_limited``."""
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.pop(caller, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[caller] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > self.max_callers:
                self._buckets.popitem(last=False)
        if not allowed:
            wait = (1.0 - tokens) / self.rate if self.rate else float("inf")
            raise CocoonError("rate_limited", f"too many requests from this address: retry in"
                              f" {wait:.0f} s")
