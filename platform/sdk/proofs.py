"""Proofs against a provider's stake, from receipts the SDK verified.

Every receipt carries a commitment signed by the replica key that served the call
(:class:`~cocoon.runtime.wire.ReceiptCommitment`); every replica key of a staked provider
carries the stake owner's key cert in the offer (``ReplicaKey.stake_cert``). The SDK keeps the
commitment on each :class:`~.client.Invocation`, and keeps a receipt it refused whose commitment
charges other than units x unit price in ``Client.bad_receipts``. :func:`proof` turns one such
record (or two for the same request that differ) into the
:class:`~cocoon.contracts.stake.Proof` the stake contract takes:
``ProviderStake(chain, stake).penalise(wallet_key, proof)`` pays its submitter a share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from cocoon.contracts.stake import KeyCert, Proof, SignedCommitment
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import ReceiptCommitment, SignedReceipt

if TYPE_CHECKING:
    from .client import Client, VerifiedOffer


class Committed(Protocol):
    """An :class:`~.client.Invocation` or a :class:`BadReceipt`."""

    provider: VerifiedOffer
    signed_receipt: SignedReceipt
    commitment: ReceiptCommitment | None


@dataclass(frozen=True)
class BadReceipt:
    """A receipt the SDK refused although its commitment verified: evidence to keep."""

    provider: VerifiedOffer
    signed_receipt: SignedReceipt
    commitment: ReceiptCommitment

    @property
    def mispriced(self) -> bool:
        c = self.commitment
        return c.amount != c.units * c.unit_price


def stake_address(client: Client, provider: str) -> str:
    """The stake the gateway knows for ``provider`` (check it on chain before relying on it)."""
    return client._request("GET", f"/v1/providers/{provider}/stake").json()["address"]


def signed_commitment(item: Committed) -> SignedCommitment:
    if item.commitment is None or item.signed_receipt.commitment is None:
        raise CocoonError("not_found", "this receipt carries no commitment")
    return SignedCommitment(item.commitment, item.signed_receipt.commitment)


def key_cert(item: Committed, stake: str) -> KeyCert:
    """The stake owner's cert of the key that signed ``item``, from the offer it was sent to."""
    signer = item.signed_receipt.signer
    key = next((k for k in item.provider.offer.keys if k.signing_public == signer), None)
    if key is None or key.stake_cert is None:
        raise CocoonError("not_found", "the offer holds no stake cert for the receipt's key")
    return KeyCert(stake=stake, key=signer, signature=key.stake_cert)


def proof(stake: str, first: Committed, second: Committed | None = None) -> Proof:
    """The proof for ``stake``; :meth:`Proof.fault` says what it shows (None: nothing)."""
    if second is not None and second.signed_receipt.signer != first.signed_receipt.signer:
        raise CocoonError("bad_request", "two commitments prove something only from one key")
    return Proof(key_cert(first, stake), signed_commitment(first),
                 None if second is None else signed_commitment(second))
