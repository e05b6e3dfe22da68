"""The network's policy read from the root contract on chain, cached for a while.

The SDK and the gateway verify evidence against the allowlist the root contract publishes (see
``contracts/tolk/root.tolk``), not against a list someone typed into their configuration: what
the operator accepts shows on chain with its history. A verifier's own policy (file or defaults)
supplies everything else (TCB floor, debug, collateral); its measurements are replaced by the
chain's, and simulated evidence stays accepted only if both the verifier and the root's
development flag allow it.

Fail closed: until the root has been read once, and after reads have failed for longer than
``max_stale_s``, the policy in force pins nothing, so it accepts no real evidence.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .policy import Policy

if TYPE_CHECKING:
    from cocoon.contracts.chain import Chain
    from cocoon.contracts.root import RootState

log = logging.getLogger(__name__)

DEFAULT_TTL_S = 60.0
DEFAULT_MAX_STALE_S = 900.0
RETRY_S = 5.0  # after a failed read, verifications do not wait on the chain again before this
EMBEDDED_PREFIX = "embedded:"


class PolicySource(Protocol):
    """Where a verifier gets the policy in force now."""

    def policy(self) -> Policy: ...


class FixedPolicy:
    """A policy that does not change (a file, the defaults): no root contract configured."""

    def __init__(self, policy: Policy) -> None:
        self._policy = policy

    def policy(self) -> Policy:
        return self._policy


def allowlist(state: RootState) -> dict[str, list[str]]:
    """The root's entries as a policy's ``measurements`` (``kind -> ["name=hex", ...]``)."""
    out: dict[str, list[str]] = {}
    for entry in state.entries:
        out.setdefault(entry.kind, []).append(f"{entry.name}={entry.value}")
    return out


def _in_thread(job: Callable[[], None]) -> None:
    threading.Thread(target=job, name="cocoon-root-refresh", daemon=True).start()


class ChainPolicy:
    """``base`` with the allowlist of the root contract, re-read every ``ttl_s`` seconds.

    Only the first read waits on the chain. Later re-reads run in the background (``refresh``
    runs a job: a thread by default) while the copy in hand is served, so a verification on an
    event loop never waits for a liteserver; a copy older than ``max_stale_s`` is not served."""

    def __init__(self, base: Policy, read: Callable[[], RootState], *,
                 ttl_s: float = DEFAULT_TTL_S, max_stale_s: float = DEFAULT_MAX_STALE_S,
                 clock: Callable[[], float] = time.monotonic,
                 refresh: Callable[[Callable[[], None]], None] = _in_thread) -> None:
        self._base = base
        self._read = read
        self._ttl_s = ttl_s
        self._max_stale_s = max_stale_s
        self._clock = clock
        self._refresh = refresh
        self._lock = threading.Lock()
        self._refreshing = False
        self._policy: Policy | None = None
        self._read_at = 0.0
        self._failed_at: float | None = None
        self.state: RootState | None = None
        self.error: str | None = None

    def policy(self) -> Policy:
        now = self._clock()
        if self._policy is not None and now < self._read_at + self._ttl_s:
            return self._policy
        if self._policy is not None:  # due: re-read in the background, serve what we have
            self._start_refresh(now)
            return self._fallback(self._clock())
        with self._lock:  # the first read: nothing to serve meanwhile
            if self._policy is None:
                self._load(self._clock())
            return self._fallback(self._clock())

    def _start_refresh(self, now: float) -> None:
        with self._lock:
            if self._refreshing or (self._failed_at is not None
                                    and now < self._failed_at + RETRY_S):
                return
            self._refreshing = True

        def job() -> None:
            try:
                with self._lock:
                    self._load(self._clock())
            finally:
                self._refreshing = False

        self._refresh(job)

    def _load(self, now: float) -> None:
        """Read the root (holding the lock); a failure is remembered, never raised."""
        if self._failed_at is not None and now < self._failed_at + RETRY_S:
            return
        try:
            state = self._read()
        except Exception as exc:  # an unreachable chain must not crash verification
            self.error = f"root contract unreadable: {type(exc).__name__}: {exc}"[:300]
            self._failed_at = now
            log.warning("%s", self.error)
            return
        self.state, self.error, self._failed_at = state, None, None
        self._policy = self._base.with_allowlist(allowlist(state), development=state.development)
        self._read_at = self._clock()

    def _fallback(self, now: float) -> Policy:
        """While the root is unreadable: the last copy for a while, then nothing."""
        if self._policy is not None and now < self._read_at + self._max_stale_s:
            return self._policy
        return self.refusing()

    def refusing(self) -> Policy:
        """What is in force while the root cannot be read: nothing real, nothing simulated."""
        return self._base.with_allowlist({}, development=False)


def chain_opener(spec: str | Path) -> Callable[[], contextlib.AbstractContextManager[Chain]]:
    """``embedded:<state dir>`` (the embedded chain) or a TON global config (path or URL)."""
    text = str(spec)

    @contextlib.contextmanager
    def open_chain() -> Iterator[Chain]:
        chain: Chain
        if text.startswith(EMBEDDED_PREFIX):
            from cocoon.contracts.embedded_chain import EmbeddedChain

            folder = Path(text.removeprefix(EMBEDDED_PREFIX))
            if not (folder / "chain.db").is_file():
                raise FileNotFoundError(f"no embedded chain in {folder}")
            chain = EmbeddedChain(folder)
        else:
            from cocoon.contracts.live import LiveChain

            chain = LiveChain.connect(text)
        try:
            yield chain
        finally:
            chain.close()  # type: ignore[attr-defined]

    return open_chain


def root_reader(root_address: str, chain: str | Path) -> Callable[[], RootState]:
    """Read the root at ``root_address`` on ``chain`` (see :func:`chain_opener`), each call."""
    from cocoon.contracts.root import RootContract

    opener = chain_opener(chain)

    def read() -> RootState:
        with opener() as c:
            return RootContract(c, root_address).state()

    return read


def policy_source(base: Policy, root_address: str | None, chain: str | Path | None, *,
                  ttl_s: float = DEFAULT_TTL_S) -> PolicySource:
    """The verifier's policy: from the root contract when one is configured, else ``base``."""
    if not root_address:
        return FixedPolicy(base)
    if chain is None:
        raise ValueError("a root_address needs a chain (embedded:<dir> or a TON global config)")
    return ChainPolicy(base, root_reader(root_address, chain), ttl_s=ttl_s)
