"""How a runtime's keys are bound into its evidence.

report_data (64 bytes in TDX and SEV-SNP) = SHA-512(label || each part, length-prefixed).
The parts are the HPKE public key and the receipt-signing public key, and for a replica's keys
(:func:`replica_binding`) also the provider id and the function digest they serve: a key
pair is bound to one function version on one provider, so evidence of one cannot be offered
for another. NVIDIA evidence carries a 32-byte nonce: the first 32 bytes of the same value.
Whoever verifies evidence recomputes this from the keys (and scope) in the offer.
"""

from __future__ import annotations

import hashlib

BINDING_LABEL = b"cocoon/v1/runtime-keys"


def key_binding(hpke_public: bytes, signing_public: bytes, *scope: bytes) -> bytes:
    h = hashlib.sha512(BINDING_LABEL)
    for part in (hpke_public, signing_public, *scope):
        h.update(len(part).to_bytes(2, "big"))
        h.update(part)
    return h.digest()


def replica_scope(provider: str, digest: str) -> tuple[bytes, bytes]:
    """What a replica's key binding adds to its two keys: the provider and the version."""
    return provider.encode(), bytes.fromhex(digest)


def replica_binding(hpke_public: bytes, signing_public: bytes, provider: str,
                    digest: str) -> bytes:
    """report_data of a replica's evidence (see :func:`replica_binding_keys`)."""
    return key_binding(hpke_public, signing_public, *replica_scope(provider, digest))


def replica_binding_keys(hpke_public: bytes, signing_public: bytes, provider: str,
                         digest: str) -> tuple[bytes, ...]:
    """The ``keys`` argument of ``verify_evidence`` that checks a replica's binding."""
    return (hpke_public, signing_public, *replica_scope(provider, digest))


def nonce_binding(hpke_public: bytes, signing_public: bytes) -> bytes:
    return key_binding(hpke_public, signing_public)[:32]
