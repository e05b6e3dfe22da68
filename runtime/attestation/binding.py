"""How a runtime's keys are bound into its evidence.

report_data (64 bytes in TDX and SEV-SNP) = SHA-512(label || len-prefixed HPKE public key ||
len-prefixed receipt-signing public key). NVIDIA evidence carries a 32-byte nonce: the first
32 bytes of the same value. Whoever verifies evidence recomputes this from the keys in the offer.
"""

from __future__ import annotations

import hashlib

BINDING_LABEL = b"cocoon/v1/runtime-keys"


def key_binding(hpke_public: bytes, signing_public: bytes) -> bytes:
    h = hashlib.sha512(BINDING_LABEL)
    for key in (hpke_public, signing_public):
        h.update(len(key).to_bytes(2, "big"))
        h.update(key)
    return h.digest()


def nonce_binding(hpke_public: bytes, signing_public: bytes) -> bytes:
    return key_binding(hpke_public, signing_public)[:32]
