"""A replica's own keys: born inside the replica, never leaving it, rotated on a schedule.

Each replica of a function version (a Ray Serve replica, or a version in the in-process
backend) makes its own X25519 (HPKE) and Ed25519 (receipt-signing) key pair when it starts and
asks the TEE of the VM it runs in for evidence whose report_data binds both public keys, the
provider id and the function digest (:func:`~.attestation.binding.replica_binding`). Only the
public half and that evidence (:class:`~.wire.ReplicaKey`) ever leave the replica; the private
keys exist as ``cryptography`` key objects in this process's memory and nowhere else: not in
deployment arguments, Ray's object store or GCS, a log or a file.

Keys rotate every ``rotation_s`` (and on every restart, since a new replica makes new keys).
The previous pair still opens envelopes for ``grace_s``, so calls sealed to a slightly old offer
succeed; after that such an envelope gets ``stale_offer`` (retryable: the SDK refreshes its
offers and seals again).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .attestation.binding import replica_binding
from .attestation.produce import TeeUnavailable, produce_all
from .attestation.verdict import Evidence
from .envelope import RuntimeKeys
from .errors import CocoonError
from .wire import ReplicaKey, RequestEnvelope, provider_of, recipient_id

log = logging.getLogger("cocoon.runtime")
Producer = Callable[[bytes], list[Evidence]]
PUBLISH_EVERY_S = 5.0  # how often a replica re-announces its keys (and checks its schedule)


@dataclass
class _Held:
    keys: RuntimeKeys
    public: ReplicaKey | None
    until: float | None = None  # time.monotonic() after which it opens nothing; None: current


class KeyRing:
    """The key pairs one replica holds: the current one and, for a grace period, the last."""

    def __init__(self, provider: str, digest: str, *, produce: Producer | None,
                 rotation_s: float | None = None, grace_s: float = 60.0) -> None:
        """``produce`` makes evidence for a report_data (None: keys without evidence, for
        unit tests driving an :class:`~.invocation.Invoker` directly)."""
        self.provider, self.digest = provider, digest
        self.rotation_s, self.grace_s = rotation_s, grace_s
        self._produce = produce
        self._lock = threading.Lock()
        self._held: list[_Held] = []
        self._rotated_at = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.rotate()

    @classmethod
    def in_tee(cls, provider: str, digest: str, *, allow_simulated: bool,
               rotation_s: float | None = None, grace_s: float = 60.0) -> KeyRing:
        """Keys with evidence from the TEE this process runs in (simulated only if allowed)."""

        def produce(report_data: bytes) -> list[Evidence]:
            try:
                return produce_all(report_data, allow_simulated=allow_simulated)
            except TeeUnavailable as exc:
                raise CocoonError("invalid_evidence", str(exc)) from None

        return cls(provider, digest, produce=produce, rotation_s=rotation_s, grace_s=grace_s)

    @classmethod
    def of(cls, provider: str, digest: str, keys: RuntimeKeys) -> KeyRing:
        """A ring holding ``keys`` only, never rotated (tests and benchmarks)."""
        ring = cls(provider, digest, produce=None)
        ring._held = [_Held(keys, None)]
        return ring

    # -- the keys ------------------------------------------------------------------------------

    def rotate(self) -> ReplicaKey | None:
        """Make a new pair (with its evidence); the current one opens envelopes for
        ``grace_s`` more. Returns the new public half."""
        keys = RuntimeKeys.generate()
        public = None
        if self._produce is not None:
            binding = replica_binding(keys.hpke_public, keys.signing_public, self.provider,
                                      self.digest)
            public = ReplicaKey(hpke_public=keys.hpke_public.hex(),
                                signing_public=keys.signing_public.hex(),
                                evidence=self._produce(binding),
                                created_ms=int(time.time() * 1000))
        now = time.monotonic()
        with self._lock:
            for held in self._held:
                if held.until is None:
                    held.until = now + self.grace_s
            self._held = [h for h in self._held if h.until is None or h.until > now]
            self._held.insert(0, _Held(keys, public))
            self._rotated_at = now
        return public

    @property
    def current(self) -> ReplicaKey | None:
        return self._held[0].public

    @property
    def current_keys(self) -> RuntimeKeys:
        return self._held[0].keys

    @property
    def simulated(self) -> bool:
        public = self.current
        return public is not None and any(e.kind == "simulated" for e in public.evidence)

    def opener(self, envelope: RequestEnvelope) -> tuple[str, RuntimeKeys]:
        """(recipient id, keys) of the envelope's wrapped key meant for a pair this replica
        holds. ``wrong_provider`` when it names no key of this provider at all,
        ``stale_offer`` when it names only keys this replica does not (or no longer) hold."""
        now = time.monotonic()
        with self._lock:
            held = [h.keys for h in self._held if h.until is None or h.until > now]
        for keys in held:
            rid = recipient_id(self.provider, keys.hpke_public)
            if envelope.recipient(rid) is not None:
                return rid, keys
        if any(provider_of(r.provider) == self.provider for r in envelope.recipients):
            raise CocoonError("stale_offer", "envelope is sealed to keys this replica does not "
                              "hold (rotated or restarted): refresh the offers and seal again")
        raise CocoonError("wrong_provider", "envelope is not sealed for this provider")

    # -- the schedule --------------------------------------------------------------------------

    def start(self, publish: Callable[[ReplicaKey], None] | None = None,
              every_s: float = PUBLISH_EVERY_S) -> None:
        """Rotate on schedule in a thread of its own, calling ``publish`` with the current
        public key after each rotation and every ``every_s`` seconds."""

        def loop() -> None:
            while not self._stop.wait(self._next_wait(every_s)):
                try:
                    if self.rotation_s and time.monotonic() - self._rotated_at >= self.rotation_s:
                        self.rotate()
                    if publish is not None and self.current is not None:
                        publish(self.current)
                except Exception as exc:  # keep serving with the keys held
                    log.warning("key rotation or announcement failed: %s", type(exc).__name__)

        self._thread = threading.Thread(target=loop, name="cocoon-keyring", daemon=True)
        self._thread.start()

    def _next_wait(self, every_s: float) -> float:
        if not self.rotation_s:
            return every_s
        due = self._rotated_at + self.rotation_s - time.monotonic()
        return max(0.05, min(every_s, due))

    def close(self) -> None:
        """Stop the schedule and drop every private key."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        with self._lock:
            self._held.clear()
