"""The provider's side of its stake: certify each replica's receipt-signing key.

A replica key's receipt commitments prove a bad receipt against the provider's stake only with
a key cert, the stake owner key's signature of (stake address, signing key)
(:class:`cocoon.contracts.stake.KeyCert`). The agent holds the owner key (``[provider]
stake_key``, a hex seed or wallet.json file) and certifies every key it reports; the stake's
address is the one the gateway knows for this provider (``GET /v1/providers/{id}/stake``, set
by ``cocoon provider stake deposit``). Until a stake is known the keys go uncertified.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from cocoon.contracts.keys import load_key_file
from cocoon.contracts.stake import KeyCert

from .errors import CocoonError
from .wire import ReplicaKey

log = logging.getLogger("cocoon.agent")
ASK_EVERY_S = 10.0  # while no stake is known, ask the gateway at most this often


class KeyCertifier:
    def __init__(self, owner_key_file: Path, provider: str, get: Callable[[str], Any]) -> None:
        self.owner = load_key_file(owner_key_file)
        self.provider = provider
        self.get = get
        self.stake: str | None = None
        self._asked = float("-inf")

    def _stake(self) -> str | None:
        if self.stake is None and time.monotonic() >= self._asked + ASK_EVERY_S:
            self._asked = time.monotonic()
            try:
                self.stake = self.get(f"/v1/providers/{self.provider}/stake")["address"]
            except (CocoonError, httpx.HTTPError, KeyError, TypeError) as exc:
                log.info("no stake known for %s yet: keys go uncertified (%s)", self.provider,
                         exc)
        return self.stake

    def certify(self, keys: list[ReplicaKey]) -> list[ReplicaKey]:
        """``keys`` with their certs (unchanged while no stake is known)."""
        stake = self._stake()
        if stake is None:
            return keys
        return [k.model_copy(update={"stake_cert": KeyCert.sign(
            self.owner, stake, k.signing_public).signature}) for k in keys]
