"""Replay protection: a request id is served at most once within the freshness window.

Requests older than the window are refused as stale, so the guard only needs to remember ids
for that long; memory is bounded by (request rate x window). Check-and-record is one step under
a lock: a replica serves calls on several threads, and two copies of one envelope arriving at
once must not both find the id unseen.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from .errors import CocoonError


class ReplayGuard:
    """Remembers ids in this process: exact when one replica serves the version."""

    local = True  # remember() never waits on another process

    def __init__(self, window_ms: int = 120_000) -> None:
        self.window_ms = window_ms
        self._seen: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def check_fresh(self, timestamp_ms: int, now_ms: int | None = None) -> None:
        now = now_ms if now_ms is not None else int(time.time() * 1000)
        if abs(now - timestamp_ms) > self.window_ms:
            raise CocoonError(
                "stale_request",
                f"request timestamp is outside the {self.window_ms // 1000} s window",
            )

    def remember(self, request_id: str, now_ms: int | None = None) -> None:
        """Record ``request_id``; raises ``replayed_request`` if it was seen in the window."""
        now = now_ms if now_ms is not None else int(time.time() * 1000)
        with self._lock:
            while self._seen:
                oldest, seen_at = next(iter(self._seen.items()))
                if now - seen_at <= 2 * self.window_ms:
                    break
                del self._seen[oldest]
            if request_id in self._seen:
                raise CocoonError("replayed_request", "request id was already served")
            self._seen[request_id] = now
