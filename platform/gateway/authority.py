"""The gateway's authorisation key: it signs the permission for each call it forwards.

An Ed25519 seed in ``<home>/gateway_authorisation_key`` (0600, hex), made on first start.
Gateways that share one database must share this file too (they do when they share a home;
otherwise copy it): providers learn its public half with each assignment and refuse calls
authorised by any other key. It opens no envelope; it only says "this call is paid for".
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE = "gateway_authorisation_key"


def load_authority(home: Path) -> Ed25519PrivateKey:
    path = home / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another gateway made it first
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    for _ in range(50):  # a gateway that made it may still be writing
        seed = path.read_text().strip()
        if len(seed) == 64:
            return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed))
        time.sleep(0.01)
    raise RuntimeError(f"{path} does not hold a 32-byte hex seed")


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes_raw().hex()
