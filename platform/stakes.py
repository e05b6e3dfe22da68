"""Provider stakes as the gateway sees them: which stake contract answers for which provider,
and how much it holds on chain, read in the background and served from memory.

A provider names its stake with ``POST /v1/providers/{id}/stake`` and proves it is the stake's
owner by a signature of the stake's owner key (the key on chain, in the contract's data) over
:func:`registration_message`; one stake backs one provider. Routing asks
:meth:`StakeCache.bonded` for every candidate, so that answer is a dictionary lookup: the chain
is read on registration and re-read by one background thread every ``ttl_s`` seconds (a
withdrawal started or a stake slashed stops counting at the next read).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from cocoon.contracts.keys import verify_signature
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import ReplicaKey

from .db import Database

if TYPE_CHECKING:
    from cocoon.contracts.chain import Chain
    from cocoon.contracts.keys import KeyPair
    from cocoon.contracts.stake import StakeParams, StakeState

log = logging.getLogger("cocoon.stakes")
STAKE_TTL_S = 30.0


def registration_message(provider: str, address: str) -> bytes:
    """What the stake's owner key signs to name the stake as ``provider``'s."""
    return f"cocoon-provider-stake:{provider}:{address}".encode()


class StakeRegistration(BaseModel):
    """``POST /v1/providers/{id}/stake``: the stake contract and the owner key's signature of
    :func:`registration_message`."""

    address: str = Field(pattern=r"^-?\d+:[0-9a-f]{64}$", description="raw form 0:<hex>")
    signature: str = Field(pattern=r"^[0-9a-f]{128}$")


class StakeOut(BaseModel):
    provider: str
    address: str
    status: str
    amount: int = Field(description="nanotons staked")
    bonded: int = Field(description="what counts for admission: the amount while active")
    slashed: int
    unbonding_delay: int


def read_stake(chain: Chain, address: str) -> StakeState:
    """The stake at ``address``, refused (``invalid_stake``) unless it runs our stake code."""
    from cocoon.contracts.artifacts import artifact
    from cocoon.contracts.stake import ProviderStake

    account = chain.account(address)
    expected = artifact("provider_stake").codeHashHex.lower()
    if account.status != "active" or (account.code_hash or "").lower() != expected:
        raise CocoonError("invalid_stake", f"no provider stake contract at {address}")
    return ProviderStake(chain, address).state(account)


class StakeCache:
    """Registered stakes (database) and their bonded amounts (chain), cached in memory."""

    def __init__(self, db: Database, open_chain: Callable[[], AbstractContextManager[Chain]],
                 *, ttl_s: float = STAKE_TTL_S) -> None:
        self.db = db
        self.open_chain = open_chain
        self.ttl_s = ttl_s
        self._states: dict[str, StakeState] = {}
        self._read_at = float("-inf")
        self._lock = threading.Lock()
        self._refreshing = False

    def register(self, provider: str, reg: StakeRegistration) -> StakeOut:
        """Check the stake on chain and the owner's signature, then record it."""
        with self.open_chain() as chain:
            state = read_stake(chain, reg.address)
        if not verify_signature(state.owner_key, reg.signature,
                                registration_message(provider, reg.address)):
            raise CocoonError("bad_signature", "the signature is not the stake owner key's "
                              "over this provider and stake")
        with self.db.tx() as c:
            taken = c.execute("SELECT provider FROM provider_stakes WHERE address = ?",
                              (reg.address,)).fetchone()
            if taken is not None and taken["provider"] != provider:
                raise CocoonError("conflict", "this stake already backs another provider")
            c.execute("DELETE FROM provider_stakes WHERE provider = ?", (provider,))
            c.execute("INSERT INTO provider_stakes (provider, address, signature, registered_ms)"
                      " VALUES (?, ?, ?, ?)",
                      (provider, reg.address, reg.signature, int(time.time() * 1000)))
        self._states[provider] = state
        return stake_out(provider, state)

    def check_certs(self, provider: str, keys: Sequence[ReplicaKey]) -> None:
        """Refuse (``bad_signature``) a replica key whose stake cert is not the provider's
        stake owner's for this stake and key: a client must be able to use it as proof."""
        from cocoon.contracts.stake import KeyCert

        if all(k.stake_cert is None for k in keys):
            return
        state = self.state(provider)
        if state is None:  # not read yet (a gateway just started): read it now, off the loop
            self.refresh()
            state = self._states.get(provider)
        for k in keys:
            if k.stake_cert is None:
                continue
            if state is None or not KeyCert(stake=state.address, key=k.signing_public,
                                            signature=k.stake_cert).verify(
                                                bytes.fromhex(state.owner_key)):
                raise CocoonError("bad_signature", "a replica key's stake cert is not signed "
                                  "by the owner of the provider's stake")

    def addresses(self) -> dict[str, str]:
        return {r["provider"]: r["address"]
                for r in self.db.all("SELECT provider, address FROM provider_stakes")}

    def state(self, provider: str) -> StakeState | None:
        """The last state read (starting a background re-read when due); never waits."""
        self._refresh_if_due()
        return self._states.get(provider)

    def bonded(self, provider: str) -> int | None:
        """Nanotons that count for admission (None: no stake of this provider read)."""
        state = self.state(provider)
        return None if state is None else state.bonded

    def refresh(self) -> None:
        """Re-read every registered stake now (a failed read keeps nothing for that one)."""
        states: dict[str, StakeState] = {}
        addresses = self.addresses()
        if not addresses:  # nothing staked: no chain to open
            self._states, self._read_at = states, time.monotonic()
            return
        with self.open_chain() as chain:
            for provider, address in addresses.items():
                try:
                    states[provider] = read_stake(chain, address)
                except Exception as exc:  # one unreadable stake must not hide the others
                    log.warning("stake of %s unreadable: %s", provider, exc)
        self._states = states
        self._read_at = time.monotonic()

    def _refresh_if_due(self) -> None:
        if time.monotonic() < self._read_at + self.ttl_s:
            return
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True

        def job() -> None:
            try:
                self.refresh()
            except Exception as exc:  # an unreachable chain: keep what we had, retry later
                log.warning("stakes unreadable: %s", exc)
                self._read_at = time.monotonic()
            finally:
                self._refreshing = False

        threading.Thread(target=job, name="cocoon-stake-refresh", daemon=True).start()


def stake_out(provider: str, state: StakeState) -> StakeOut:
    return StakeOut(provider=provider, address=state.address, status=state.status,
                    amount=state.amount, bonded=state.bonded, slashed=state.slashed,
                    unbonding_delay=state.unbonding_delay)



def stake_params(key: KeyPair, provider: str, unbonding_delay: int | None = None) -> StakeParams:
    """The stake of ``provider`` owned by ``key``'s wallet: one address per (owner, provider)."""
    from cocoon.contracts.messages import wallet_address
    from cocoon.contracts.stake import DEFAULT_UNBONDING_DELAY, StakeParams

    stake_id = int.from_bytes(hashlib.sha256(provider.encode()).digest()[:8], "big")
    return StakeParams(owner=wallet_address(key.public).to_str(is_user_friendly=False),
                       owner_key=key.public.hex(), stake_id=stake_id,
                       unbonding_delay=(DEFAULT_UNBONDING_DELAY if unbonding_delay is None
                                        else unbonding_delay))


def stake_for(chain: Chain, key: KeyPair, provider: str, amount: int,
              unbonding_delay: int | None = None) -> tuple[StakeState, StakeRegistration]:
    """Deploy ``provider``'s stake from ``key``'s wallet with ``amount``, or add ``amount`` to
    it; returns its state and the registration the gateway takes (signed by ``key``)."""
    from cocoon.contracts.stake import ProviderStake

    params = stake_params(key, provider, unbonding_delay)
    stake = ProviderStake(chain, params.address)
    if stake.exists():
        result = stake.deposit(key, amount)
    else:
        stake, result = ProviderStake.open(chain, key, params, amount)
    if result.aborted:
        codes = [t.exit_code for t in result.aborted]
        raise CocoonError("invalid_stake", f"the stake transaction failed on chain (exit {codes})")
    address = stake.address.to_str(is_user_friendly=False)
    return stake.state(), registration(key, provider, address)


def registration(key: KeyPair, provider: str, address: str) -> StakeRegistration:
    return StakeRegistration(address=address,
                             signature=key.sign(registration_message(provider, address)).hex())


def stake_own_providers(home: Path, db: Database, providers: Sequence[str],
                        min_stake: int) -> None:
    """``cocoon up`` with ``[gateway] min_stake``: the embedded network's own providers stake
    ``min_stake`` each from the local payout wallet (the faucet funds it) and their stakes are
    recorded, so they are routed to like any staked provider. Idempotent."""
    if min_stake <= 0:
        return
    from cocoon.contracts.messages import wallet_address
    from cocoon.contracts.stake import OP_GAS, ProviderStake

    from .settlement import local

    chain = local.embedded_chain(home)
    try:
        key = local.provider_payout_key(home)
        wallet = wallet_address(key.public)
        cache = StakeCache(db, lambda: contextlib.nullcontext(chain))
        for provider in providers:
            stake = ProviderStake(chain, stake_params(key, provider).address)
            bonded = stake.state().bonded if stake.exists() else 0
            if bonded < min_stake:
                needed = min_stake - bonded
                if chain.balance(wallet) < needed + 2 * OP_GAS:
                    chain.fund(wallet, needed + 2 * OP_GAS)
                _, reg = stake_for(chain, key, provider, needed)
            else:
                reg = registration(key, provider, stake.address.to_str(is_user_friendly=False))
            cache.register(provider, reg)
    finally:
        chain.close()
