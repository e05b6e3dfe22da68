"""Ed25519 keys for wallets and vouchers: TON mnemonics in, raw 32-byte seeds inside."""

import json
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pytoniq_core.crypto.keys import mnemonic_is_valid, mnemonic_new, mnemonic_to_private_key


class KeyPair:
    """An Ed25519 key pair; `seed` is the 32-byte private key."""

    __slots__ = ("_private", "public", "seed")

    def __init__(self, seed: bytes) -> None:
        if len(seed) != 32:
            raise ValueError("an Ed25519 seed is 32 bytes")
        self.seed = seed
        self._private = Ed25519PrivateKey.from_private_bytes(seed)
        self.public = self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @classmethod
    def from_mnemonic(cls, words: list[str] | str) -> "KeyPair":
        words = words.split() if isinstance(words, str) else words
        if not mnemonic_is_valid(words):
            raise ValueError("not a valid 24-word TON mnemonic")
        _, secret = mnemonic_to_private_key(words)
        return cls(secret[:32])

    @property
    def public_int(self) -> int:
        return int.from_bytes(self.public, "big")

    def sign(self, digest: bytes) -> bytes:
        return self._private.sign(digest)


def verify_signature(public: bytes | str, signature: bytes | str, message: bytes) -> bool:
    """Whether ``signature`` is the Ed25519 signature of ``message`` by ``public`` (raw bytes or
    hex); malformed keys or signatures are simply not valid."""
    try:
        key = bytes.fromhex(public) if isinstance(public, str) else public
        sig = bytes.fromhex(signature) if isinstance(signature, str) else signature
        Ed25519PublicKey.from_public_bytes(key).verify(sig, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def load_key_file(path: Path) -> KeyPair:
    """A wallet/voucher key file: wallet.json (`{"mnemonic": ...}`) or a hex seed."""
    text = path.read_text().strip()
    if text.startswith("{"):
        return KeyPair.from_mnemonic(json.loads(text)["mnemonic"])
    return KeyPair(bytes.fromhex(text))


def new_mnemonic() -> list[str]:
    return mnemonic_new(24)
