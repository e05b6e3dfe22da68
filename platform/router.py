"""The router: which providers may run a version (placement), and the order of the providers a
client sealed for, best first.

Placement: a version whose manifest asks for GPUs goes only to a provider whose NVIDIA evidence
verifies, under the network's policy, for that many GPUs (``placement_refusal``), and each of
its replicas must report such evidence of its own (``replica_refusal``); otherwise the placement
is recorded as failed with the reason, which ``cocoon functions`` shows.

Ranking: providers that failed recently go last (the penalty fades over a minute), then the
lower price, then fewer requests in flight, then lower recent latency.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from cocoon.runtime.attestation import Evidence, Policy, verify_evidence
from cocoon.runtime.attestation.binding import replica_binding_keys
from cocoon.runtime.attestation.gpu import gpu_refusal
from cocoon.runtime.manifest import Manifest
from cocoon.runtime.wire import ReplicaKey

FAILURE_MEMORY_S = 60.0


@dataclass
class _Stats:
    in_flight: int = 0
    failures: list[float] = field(default_factory=list)
    latency_ms: float = 0.0


def placement_refusal(manifest: Manifest, evidence: list[Evidence], policy: Policy,
                      at: datetime | None = None) -> str | None:
    """Why a provider with this evidence may not run a version with this manifest (None: it
    may). Blocking: verifying evidence may fetch collateral (verdicts are cached)."""
    if manifest.resources.gpus <= 0:
        return None
    verdicts = [verify_evidence(e, policy, at=at) for e in evidence if e.kind == "nvidia"]
    why = gpu_refusal(manifest.resources.gpus, verdicts)
    return f"not placed: {why}" if why else None


def replica_refusal(manifest: Manifest, key: ReplicaKey, provider: str, digest: str,
                    policy: Policy) -> str | None:
    """Why a replica of a GPU version may not serve it: its own evidence (the VM it runs in,
    a worker VM perhaps, not the agent's) must hold verified NVIDIA evidence for its GPUs,
    bound to its key. None: it may (or the version needs no GPU)."""
    if manifest.resources.gpus <= 0:
        return None
    bound = replica_binding_keys(bytes.fromhex(key.hpke_public), bytes.fromhex(key.signing_public),
                                 provider, digest)
    verdicts = [verify_evidence(e, policy, keys=bound) for e in key.evidence if e.kind == "nvidia"]
    why = gpu_refusal(manifest.resources.gpus, verdicts)
    return f"replica key {key.key_id}: GPU function: {why}" if why else None


class Router:
    def __init__(self) -> None:
        self._stats: dict[str, _Stats] = {}

    def _get(self, provider: str) -> _Stats:
        return self._stats.setdefault(provider, _Stats())

    def recent_failures(self, provider: str) -> int:
        s = self._get(provider)
        cutoff = time.monotonic() - FAILURE_MEMORY_S
        s.failures = [t for t in s.failures if t > cutoff]
        return len(s.failures)

    def rank(self, candidates: dict[str, int]) -> list[str]:
        """``candidates``: provider id -> unit price. Returns provider ids, best first."""

        def key(pid: str) -> tuple[int, int, int, float]:
            s = self._get(pid)
            return (self.recent_failures(pid), candidates[pid], s.in_flight, s.latency_ms)

        return sorted(candidates, key=key)

    def started(self, provider: str) -> None:
        self._get(provider).in_flight += 1

    def penalize(self, provider: str) -> None:
        """A failure found after the call itself returned (a bad answer, a bad receipt)."""
        self._get(provider).failures.append(time.monotonic())

    def finished(self, provider: str, *, ok: bool, latency_ms: float) -> None:
        s = self._get(provider)
        s.in_flight = max(0, s.in_flight - 1)
        if ok:
            s.latency_ms = latency_ms if not s.latency_ms else 0.8 * s.latency_ms + 0.2 * latency_ms
        else:
            s.failures.append(time.monotonic())
