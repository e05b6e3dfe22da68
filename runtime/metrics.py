"""The provider agent's Prometheus metrics, on a small listener of its own.

The agent has no HTTP server (it connects out to the gateway), so with ``metrics_port`` set it
serves ``/metrics`` from prometheus-client's threaded listener on ``metrics_host`` (127.0.0.1
unless said otherwise: a provider's cluster stays on private addresses). One registry per
agent, so several agents in one process (tests) keep their own counts. Labels are fixed sets
(states, results); names are listed in docs/operations.md.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

STATES = ("ready", "failed")
_APPLY_SECONDS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)


class AgentMetrics:
    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.deployments = Gauge(
            "cocoon_agent_deployments", "Function versions on this provider by state",
            ["state"], registry=r)
        self.polls = Counter(
            "cocoon_agent_polls", "Assignment long polls, the agent's heartbeat, by result",
            ["result"], registry=r)
        self.registrations = Counter(
            "cocoon_agent_registrations", "Registrations with the gateway", registry=r)
        self.apply_seconds = Histogram(
            "cocoon_agent_apply_duration_seconds", "Applying one assignment (unpack, deploy, "
            "report), by result", ["result"], buckets=_APPLY_SECONDS, registry=r)
        self._states: dict[str, str] = {}  # digest -> state
        self._lock = threading.Lock()
        for state in STATES:
            self.deployments.labels(state).set(0)

    def placed(self, digest: str, state: str) -> None:
        """A placement report the agent sent (ready, failed or retired)."""
        with self._lock:
            if state in STATES:
                self._states[digest] = state
            else:
                self._states.pop(digest, None)
            for s in STATES:
                self.deployments.labels(s).set(sum(1 for v in self._states.values() if v == s))

    @contextlib.contextmanager
    def applying(self) -> Iterator[None]:
        """Times one assignment's apply; an exception counts it as failed."""
        started, result = time.perf_counter(), "failed"
        try:
            yield
            result = "ok"
        finally:
            self.apply_seconds.labels(result).observe(time.perf_counter() - started)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def serve(self, host: str, port: int) -> Any:
        """Start the listener (port 0: an ephemeral port); returns the server (``.shutdown()``,
        ``.server_port``)."""
        from prometheus_client import start_http_server

        server, _ = start_http_server(port, addr=host, registry=self.registry)
        return server
