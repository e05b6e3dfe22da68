"""A provider's own claim on its earnings: the platform-signed vouchers it holds itself.

The platform pays a provider through a payment channel (platform wallet -> the provider's payout
wallet, docs/settlement.md). A voucher signed by the platform for that channel is money the
provider can take on chain alone, with a `claim` from its payout wallet, whenever it wants. So a
provider that keeps the newest voucher loses nothing if the platform stops pushing payouts or
disappears altogether: this module is what it keeps and how it decides to keep it.

What the gateway answers (``GET /v1/providers/{id}/voucher``) is checked offline, against facts
the provider does not take from that answer alone: the channel's address is recomputed from its
parameters (so the voucher is for a channel whose payee is this provider's payout wallet and key),
the signature must be the platform key's (``GET /v1/network``) and the payer the platform
key's wallet. A voucher is kept only if its cumulative is higher than the one held: a lower or
equal one (a stale or lying answer) never replaces it. The file is private (0600) and replaced
atomically, so a crash mid-write leaves the previous voucher.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pytoniq_core import Address
from pytoniq_core.boc.address import AddressError

from cocoon.contracts.channel import ChannelParams
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.voucher import Voucher

from .errors import CocoonError

log = logging.getLogger("cocoon.payout")


def raw(address: str) -> str:
    """An address in raw form (``0:<hex>``), whatever form it was written in."""
    try:
        return Address(address).to_str(is_user_friendly=False)
    except Exception:
        raise CocoonError("bad_request", f"{address!r} is not a TON address") from None


class ProviderVoucher(BaseModel):
    """The newest platform-signed voucher for a provider's channel, with what it takes to check
    it offline and to claim it: the channel's parameters fix its address (payer = the platform's
    wallet, ``payer_key`` = the platform key, payee = the provider's payout wallet)."""

    provider: str
    channel_address: str
    params: ChannelParams
    voucher: Voucher

    @property
    def platform_key(self) -> str:
        return self.params.payer_key


def voucher_problem(held: ProviderVoucher, *, platform_key: str, payout_address: str | None,
                    payout_key: str | None = None) -> str | None:
    """Why ``held`` is not a voucher this provider can claim alone (None: it is).

    ``platform_key``: hex, as the network publishes it; ``payout_address``/``payout_key``: the
    provider's own payout wallet (address in any form) and its public key (hex), if it has one."""
    try:
        return _problem(held, platform_key, payout_address, payout_key)
    except (CocoonError, AddressError, ValueError, TypeError) as exc:  # unparsable
        return f"malformed: {exc}"


def _problem(held: ProviderVoucher, platform_key: str, payout_address: str | None,
             payout_key: str | None) -> str | None:
    p, v = held.params, held.voucher
    address = p.address.to_str(is_user_friendly=False)
    if raw(held.channel_address) != address or raw(v.channel) != address:
        return "the channel address is not the one its parameters give"
    if v.channel_id != p.channel_id:
        return "the voucher is for another channel id"
    if p.payer_key != platform_key.lower():
        return "the channel's payer key is not the platform key the network publishes"
    if raw(p.payer) != wallet_address(bytes.fromhex(platform_key)).to_str(
            is_user_friendly=False):
        return "the channel's payer is not the platform's wallet"
    if payout_address is None or raw(p.payee) != raw(payout_address):
        return "the channel does not pay this provider's payout wallet"
    if payout_key is not None and p.payee_key != payout_key.lower():
        return "the channel's payee key is not this provider's payout key"
    if not v.verify(bytes.fromhex(p.payer_key)):
        return "the voucher is not signed by the platform key"
    return None


class VoucherStore:
    """The newest verified voucher of one provider, in a private file (one writer: its agent;
    readers: ``cocoon earnings --claim``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def of(cls, folder: Path, provider: str) -> VoucherStore:
        """``folder/provider-vouchers/<provider>.json`` (provider ids are ``[a-z0-9-]``)."""
        if not provider or "/" in provider or provider.startswith("."):
            raise CocoonError("bad_request", f"{provider!r} is not a provider id")
        return cls(folder / "provider-vouchers" / f"{provider}.json")

    def load(self) -> ProviderVoucher | None:
        try:
            return ProviderVoucher.model_validate_json(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError, ValueError) as exc:
            raise CocoonError("bad_request", f"{self.path} is not a voucher file ({exc})"
                              ) from None

    def keep(self, new: ProviderVoucher) -> bool:
        """Save ``new`` (already verified) if it beats the one held; True if it was saved.
        Another channel than the held one's is refused (the held voucher is never dropped)."""
        held = self.load()
        if held is not None:
            if raw(held.channel_address) != raw(new.channel_address):
                raise CocoonError("conflict", "a voucher for another channel than the one held")
            if new.voucher.cumulative <= held.voucher.cumulative:
                return False
        self._write(new.model_dump_json(indent=1).encode())
        return True

    def _write(self, data: bytes) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".voucher.", suffix=".tmp")
        try:  # mkstemp makes it 0600
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


class VoucherKeeper:
    """Fetch the provider's newest voucher from the gateway, check it, keep it if newer.

    ``get(path)`` is the caller's authenticated GET (the agent's client, or the CLI's): it
    returns the JSON answer or raises :class:`CocoonError` / ``httpx.TransportError``. The
    platform key is read from ``GET /v1/network`` once and then pinned for this keeper's life:
    a gateway that later publishes another key gets its vouchers refused."""

    def __init__(self, store: VoucherStore, provider: str, payout_address: str | None,
                 payout_key: str | None, get: Callable[[str], Any]) -> None:
        self.store = store
        self.provider = provider
        self.payout_address = payout_address
        self.payout_key = payout_key
        self._get = get
        self._platform_key: str | None = None

    def platform_key(self) -> str:
        if self._platform_key is None:
            key = self._get("/v1/network").get("platform_key")
            if not isinstance(key, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", key):
                raise CocoonError("not_found", "the network publishes no platform key")
            self._platform_key = key.lower()
        return self._platform_key

    def refresh(self) -> ProviderVoucher | None:
        """The newest voucher held after asking the gateway (the held one if the answer is
        missing, older or does not verify: a refusal is logged, never trusted)."""
        try:
            answer = ProviderVoucher.model_validate(
                self._get(f"/v1/providers/{self.provider}/voucher"))
        except CocoonError as exc:
            if exc.code != "no_voucher":
                raise
            return self.store.load()
        except ValidationError:
            log.warning("the gateway's voucher answer is malformed: kept the held one")
            return self.store.load()
        problem = voucher_problem(answer, platform_key=self.platform_key(),
                                  payout_address=self.payout_address,
                                  payout_key=self.payout_key)
        if problem is not None:
            log.warning("refused the platform's voucher: %s", problem)
            return self.store.load()
        if self.store.keep(answer):
            log.info("holding a voucher for %d nTON on channel %s", answer.voucher.cumulative,
                     answer.channel_address)
        return self.store.load()
