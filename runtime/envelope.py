"""Envelope cryptography: the safe recipes over :mod:`cocoon.runtime.wire`'s layouts.

A request's payload is encrypted once under a fresh 256-bit content key (AES-256-GCM); that key
is wrapped with HPKE (RFC 9180: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM) for each
provider the client verified, with the routing header's hash and the provider id in HPKE's
``info``. The AEAD's associated data is the whole envelope prefix, so the gateway can neither
change the routing header nor add or drop a recipient. Response chunks are sealed under the
client's response key with the chunk index as nonce and (request id, index, flags) as
associated data, so chunks cannot be reordered, truncated or moved between requests.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Collection
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from cocoon.contracts.keys import verify_signature

from .errors import CocoonError
from .wire import (
    KEY_SIZE,
    NONCE_SIZE,
    Chunk,
    ReceiptCommitment,
    RequestEnvelope,
    ResponseFrame,
    RoutingHeader,
    SignedReceipt,
    UsageReceipt,
    WrappedKey,
    canonical_json,
    encode_inner,
    encode_request_prefix,
)

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_WRAP_LABEL = b"cocoon/v1/wrap"
_CHUNK_AAD = struct.Struct(">16sIB")


@dataclass(frozen=True)
class RuntimeKeys:
    """A key pair set: HPKE for opening envelopes, Ed25519 for signing receipts.

    There is no way to export one: a replica's pairs are made in the replica and die with it
    (see :mod:`cocoon.runtime.keyring`); only the public halves are ever serialised."""

    hpke: X25519PrivateKey
    signing: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> RuntimeKeys:
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    @property
    def hpke_public(self) -> bytes:
        return self.hpke.public_key().public_bytes_raw()

    @property
    def signing_public(self) -> bytes:
        return self.signing.public_key().public_bytes_raw()


def _wrap_info(header_bytes: bytes, provider: str) -> bytes:
    return _WRAP_LABEL + hashlib.sha256(header_bytes).digest() + provider.encode()


def seal_request(
    header: RoutingHeader, payload: bytes, recipients: list[tuple[str, bytes]]
) -> tuple[bytes, bytes]:
    """Encrypt ``payload`` for each (recipient id, HPKE public key): a replica key of a
    provider is named ``<provider>/<key id>`` (``Offer.recipients()`` lists them).

    Returns (envelope bytes, response key).
    """
    content_key, response_key = AESGCM.generate_key(256), os.urandom(KEY_SIZE)
    header_bytes = canonical_json(header.model_dump())
    wrapped = [
        WrappedKey(
            pid,
            _SUITE.encrypt(
                content_key,
                X25519PublicKey.from_public_bytes(pub),
                info=_wrap_info(header_bytes, pid),
            ),
        )
        for pid, pub in recipients
    ]
    nonce = os.urandom(NONCE_SIZE)
    prefix = encode_request_prefix(header, wrapped, nonce)
    ciphertext = AESGCM(content_key).encrypt(nonce, encode_inner(response_key, payload), prefix)
    return prefix + ciphertext, response_key


def open_request(envelope: RequestEnvelope, provider: str, key: X25519PrivateKey) -> bytes:
    """Unwrap the content key wrapped for recipient ``provider`` and decrypt the inner
    plaintext."""
    mine = envelope.recipient(provider)
    if mine is None:
        raise CocoonError("wrong_provider", "envelope is not sealed for this provider")
    try:
        content_key = _SUITE.decrypt(
            mine.wrapped, key, info=_wrap_info(envelope.header_bytes, provider)
        )
        return AESGCM(content_key).decrypt(envelope.nonce, envelope.ciphertext, envelope.aad)
    except (InvalidTag, ValueError):
        raise CocoonError(
            "envelope_rejected", "envelope does not decrypt (wrong key or altered)"
        ) from None


def _chunk_aad(request_id: str, index: int, flags: int) -> bytes:
    return _CHUNK_AAD.pack(bytes.fromhex(request_id), index, flags)


def _chunk_nonce(index: int) -> bytes:
    return index.to_bytes(NONCE_SIZE, "big")


def seal_chunk(response_key: bytes, request_id: str, index: int, flags: int, data: bytes) -> Chunk:
    ct = AESGCM(response_key).encrypt(
        _chunk_nonce(index), data, _chunk_aad(request_id, index, flags)
    )
    return Chunk(index, flags, ct)


class StreamOpener:
    """Opens a response chunk by chunk as it arrives (a streamed one, or a frame's chunks):
    chunk ``i`` must carry index ``i`` and decrypt under (request id, ``i``, its flags), and
    nothing may follow the FINAL chunk. :attr:`digest` is the response digest of the chunks
    opened so far (the receipt must name it once the stream is over)."""

    def __init__(self, response_key: bytes, request_id: str) -> None:
        self._aead = AESGCM(response_key)
        self.request_id = request_id
        self.next_index = 0
        self.final: Chunk | None = None
        self._digest = hashlib.sha256()

    def open(self, chunk: Chunk) -> bytes:
        if self.final is not None or chunk.index != self.next_index:
            raise CocoonError("envelope_rejected", "response chunks missing or out of order")
        try:
            plaintext = self._aead.decrypt(_chunk_nonce(chunk.index), chunk.ciphertext,
                                           _chunk_aad(self.request_id, chunk.index, chunk.flags))
        except InvalidTag:
            raise CocoonError("envelope_rejected", "response chunk does not decrypt") from None
        self._digest.update(chunk.encode())
        self.next_index += 1
        if chunk.final:
            self.final = chunk
        return plaintext

    @property
    def finished(self) -> bool:
        return self.final is not None

    @property
    def digest(self) -> str:
        return self._digest.hexdigest()


class StreamSealer:
    """The runtime's side of :class:`StreamOpener`: seals chunk after chunk, numbered from 0,
    and keeps the response digest of what it sealed."""

    def __init__(self, response_key: bytes, request_id: str) -> None:
        self.response_key, self.request_id = response_key, request_id
        self.next_index = 0
        self._digest = hashlib.sha256()

    def seal(self, data: bytes, flags: int = 0) -> bytes:
        """The encoded chunk (index, flags, ciphertext) of ``data``."""
        encoded = seal_chunk(self.response_key, self.request_id, self.next_index, flags,
                             data).encode()
        self._digest.update(encoded)
        self.next_index += 1
        return encoded

    @property
    def digest(self) -> str:
        return self._digest.hexdigest()


def open_chunks(response_key: bytes, request_id: str, chunks: tuple[Chunk, ...]) -> list[bytes]:
    """Decrypt a complete response: chunks numbered 0.., the last one (and only it) final."""
    if not chunks:
        raise CocoonError("envelope_rejected", "empty response")
    opener = StreamOpener(response_key, request_id)
    out = [opener.open(chunk) for chunk in chunks]
    if not opener.finished:
        raise CocoonError("envelope_rejected", "response chunks missing or out of order")
    return out


def sign_receipt(receipt: UsageReceipt, key: Ed25519PrivateKey,
                 header_bytes: bytes | None = None) -> SignedReceipt:
    """Sign the receipt and, given the request's routing header bytes, its
    :class:`ReceiptCommitment` (what a provider's stake answers for)."""
    commitment = None
    if header_bytes is not None:
        commitment = key.sign(ReceiptCommitment.of(receipt, header_bytes).digest()).hex()
    return SignedReceipt(
        receipt=receipt,
        signer=key.public_key().public_bytes_raw().hex(),
        signature=key.sign(canonical_json(receipt.model_dump())).hex(),
        commitment=commitment,
    )


def verify_commitment(signed: SignedReceipt, header: RoutingHeader) -> ReceiptCommitment:
    """The receipt's commitment, checked to be signed by the receipt's signer for this request:
    kept by a client, it proves a bad receipt against the provider's stake on chain."""
    if signed.commitment is None:
        raise CocoonError("provider_failed", "receipt carries no commitment")
    try:
        commitment = ReceiptCommitment.of(signed.receipt, canonical_json(header.model_dump()))
        digest = commitment.digest()
    except ValueError:  # a digest that is no hash, or an amount the cell cannot hold
        raise CocoonError("provider_failed", "receipt commitment does not verify") from None
    if not verify_signature(signed.signer, signed.commitment, digest):
        raise CocoonError("provider_failed", "receipt commitment does not verify")
    return commitment


def verify_receipt(signed: SignedReceipt, signer: str | None = None) -> UsageReceipt:
    """Check the signature (and, if given, that ``signer`` made it); returns the receipt."""
    if signer is not None and signed.signer != signer:
        raise CocoonError("provider_failed", "receipt signed by an unexpected key")
    if not verify_signature(signed.signer, signed.signature,
                            canonical_json(signed.receipt.model_dump())):
        raise CocoonError("provider_failed", "receipt signature does not verify")
    return signed.receipt


def check_receipt(
    frame: ResponseFrame,
    header: RoutingHeader,
    *,
    provider: str,
    signers: Collection[str],
    unit_price: int | None,
    max_units: int,
    weights: tuple[int, int] = (1, 1),
) -> UsageReceipt:
    """What both the gateway and the client require of a response's receipt: signed by one of
    the replica keys (``signers``, hex) of the provider they chose, for this very request and
    response, for at most ``max_units`` units, adding up (and, with prompt and completion
    counts, units weighed from them with the manifest's ``weights``), within the header's max
    price.

    ``unit_price``: the gateway passes the price it authorised the call at (the receipt must
    charge exactly that); the client passes None: the gateway fixed the price at route time,
    within the client's max price, so any unit price whose amount adds up is accepted.
    Raises ``provider_failed`` otherwise."""
    return check_signed_receipt(frame.receipt, header, digest=response_digest(frame.chunk_bytes),
                                provider=provider, signers=signers, unit_price=unit_price,
                                max_units=max_units, weights=weights)


def check_signed_receipt(
    signed: SignedReceipt,
    header: RoutingHeader,
    *,
    digest: str,
    provider: str,
    signers: Collection[str],
    unit_price: int | None,
    max_units: int,
    weights: tuple[int, int] = (1, 1),
) -> UsageReceipt:
    """:func:`check_receipt` for a response whose chunks were read one by one (a stream):
    ``digest`` is their response digest (:attr:`StreamOpener.digest`)."""
    if signed.signer not in signers:
        raise CocoonError("provider_failed", "receipt signed by an unexpected key")
    r = verify_receipt(signed)
    if (
        r.request_id != header.request_id
        or r.client != header.client
        or r.provider != provider
        or r.function_digest != header.digest
        or (unit_price is not None and r.unit_price != unit_price)
        or r.units > max_units
        or r.amount != r.units * r.unit_price
        or not r.adds_up(weights)
        or r.amount > header.max_price
        or r.response_digest != digest
    ):
        raise CocoonError("provider_failed", "receipt does not match the request or the offer")
    return r


def response_digest(chunk_bytes: bytes) -> str:
    """SHA-256 of every encoded chunk, in order: a frame's chunk bytes, or a stream's chunks
    as they came (the same value for the same chunks)."""
    return hashlib.sha256(chunk_bytes).hexdigest()
