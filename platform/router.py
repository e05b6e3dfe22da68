"""The router: which providers may run a version (placement), what each charges now (the
market) and which of the providers a client sealed for gets a call, best first.

Placement: a version whose manifest asks for GPUs goes only to a provider whose NVIDIA evidence
verifies, under the network's policy, for that many GPUs (``placement_refusal``), and each of
its replicas must report such evidence of its own (``replica_refusal``); otherwise the placement
is recorded as failed with the reason, which ``cocoon functions`` shows.

Prices (docs/protocol.md section 14): a placement's quoted unit price q (manifest price x the
provider's multiplier, from the registry) times a load factor that rises with the calls the
gateway has in flight there (n) relative to what the version's replicas serve at once
(S = replicas x ``max_concurrency``)::

    effective = ceil(q x (1 + min(n, 2S) / 2S))     # x1 idle, x1.5 full, x2 at most

Ranking, one score (lower is better), over the sealed-for providers whose effective price x
``max_units`` fits the client's max price::

    score = (effective + 1) x (1 + n x latency_ms / WAIT_SCALE_MS)
                            x (1 + FAILURE_WEIGHT x failures in the last FAILURE_MEMORY_S)
                            x (1 + AGE_WEIGHT x evidence age in whole hours / MAX_AGE_H)

where ``n x latency`` is the expected wait (Cocoon's "smallest running x average time"), a
failure is forgotten after FAILURE_MEMORY_S, and evidence (the oldest current replica key's) older
than EVIDENCE_MAX_AGE_S excludes the provider. Per-provider state is kept up to date as calls
start and finish, so a decision costs a few multiplications per provider the client sealed for
(at most a handful), however many providers are registered (bench/routing.py).
"""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass, field
from datetime import datetime

from cocoon.runtime.attestation import Evidence, Policy, verify_evidence
from cocoon.runtime.attestation.binding import replica_binding_keys
from cocoon.runtime.attestation.gpu import gpu_refusal
from cocoon.runtime.manifest import Manifest
from cocoon.runtime.wire import ReplicaKey

MAX_LOAD_FACTOR = 2  # the load factor's cap: reached at twice the calls the replicas serve at once
WAIT_SCALE_MS = 1000.0  # one second of expected wait weighs as much as doubling the price
FAILURE_MEMORY_S = 60.0  # a failure counts against a provider this long
FAILURE_WEIGHT = 10.0  # each recent failure: x11 (a failed provider goes after healthy ones)
EVIDENCE_MAX_AGE_S = 7 * 24 * 3600.0  # older evidence (replica keys never rotated): not routed
AGE_WEIGHT = 0.25  # evidence at the bound weighs as a 25% higher price
_HOUR_S = 3600.0


def effective_price(quote: int, in_flight: int, slots: int) -> int:
    """The quoted unit price under load: x(1 + min(n, 2S)/2S), rounded up (nanotons)."""
    span = (MAX_LOAD_FACTOR - 1) * 2 * max(slots, 1)  # calls in flight that reach the cap
    return -(-quote * (span + min(in_flight, span)) // span)


def score(price: int, in_flight: int, latency_ms: float, failures: int,
          age_hours: int) -> float:
    """The ranking score (lower is better): the module docstring's formula."""
    return ((price + 1) * (1 + in_flight * latency_ms / WAIT_SCALE_MS)
            * (1 + FAILURE_WEIGHT * failures)
            * (1 + AGE_WEIGHT * age_hours * _HOUR_S / EVIDENCE_MAX_AGE_S))


@dataclass(frozen=True)
class Quote:
    """What the router needs of one offer: its quoted unit price (nanotons), the calls its
    replicas serve at once, and when its oldest current replica key was made (Unix ms)."""

    price: int
    slots: int = 1
    evidence_ms: int | None = None


@dataclass
class _Stats:
    in_flight: int = 0
    failures: collections.deque[float] = field(default_factory=collections.deque)
    latency_ms: float = 0.0


class Router:
    def __init__(self) -> None:
        self._stats: dict[str, _Stats] = {}

    def _get(self, provider: str) -> _Stats:
        s = self._stats.get(provider)
        if s is None:
            s = self._stats[provider] = _Stats()
        return s

    def recent_failures(self, provider: str, now: float | None = None) -> int:
        s = self._get(provider)
        cutoff = (time.monotonic() if now is None else now) - FAILURE_MEMORY_S
        while s.failures and s.failures[0] <= cutoff:
            s.failures.popleft()
        return len(s.failures)

    def load(self, provider: str) -> tuple[int, float]:
        """(calls in flight, recent latency in ms) at ``provider``."""
        s = self._stats.get(provider)
        return (0, 0.0) if s is None else (s.in_flight, s.latency_ms)

    def price(self, provider: str, quote: Quote) -> int:
        """``provider``'s effective unit price for an offer quoted ``quote`` (now)."""
        return effective_price(quote.price, self._get(provider).in_flight, quote.slots)

    def rank(self, candidates: dict[str, Quote], max_price: int | None = None,
             max_units: int = 1, now_ms: int | None = None) -> list[tuple[str, int]]:
        """(provider, effective unit price) of the ``candidates`` whose evidence is fresh
        enough and whose price x ``max_units`` fits ``max_price`` (None: any), best first."""
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        now = time.monotonic()
        scored = []
        for pid, quote in candidates.items():
            age = _age_hours(quote.evidence_ms, now_ms)
            if age is None:
                continue
            s = self._get(pid)
            price = effective_price(quote.price, s.in_flight, quote.slots)
            if max_price is not None and price * max_units > max_price:
                continue
            scored.append((score(price, s.in_flight, s.latency_ms,
                                 self.recent_failures(pid, now), age), pid, price))
        scored.sort()
        return [(pid, price) for _, pid, price in scored]

    # -- events ------------------------------------------------------------------------------

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


def _age_hours(evidence_ms: int | None, now_ms: int) -> int | None:
    """Evidence age in whole hours (0 when unknown); None when older than the bound."""
    if evidence_ms is None:
        return 0
    age_s = max(0, now_ms - evidence_ms) / 1000
    return None if age_s > EVIDENCE_MAX_AGE_S else int(age_s // _HOUR_S)


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
