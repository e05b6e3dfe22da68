"""Webhooks as Standard Webhooks (standardwebhooks.com) sign them, and where they may go.

Each account has one signing secret, ``whsec_`` + base64 of 32 random bytes, shown to its owner
(``GET /v1/webhooks/secret``, ``cocoon jobs secret``). A delivery carries three headers:
``webhook-id`` (the same on every retry of one message), ``webhook-timestamp`` (Unix seconds)
and ``webhook-signature``: ``v1,`` + base64 of HMAC-SHA256(secret, ``{id}.{timestamp}.{body}``).
A receiver checks the signature over the raw body and refuses old timestamps
(:func:`verify`, for receivers written in Python).

Where a webhook may be sent is checked when the job is submitted (a refusal is a 400) and
again before each delivery (names may resolve elsewhere by then): http(s) only, no credentials
in the URL, and every address the host resolves to public, unless the gateway's
``webhook_allow_private`` allows private and loopback ones (the embedded network and tests).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from cocoon.runtime.errors import CocoonError

SECRET_PREFIX = "whsec_"
MAX_URL_CHARS = 2048
TOLERANCE_S = 300  # how old (or early) a timestamp a receiver accepts


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not a whsec_ secret") from None


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for one message."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    mac = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def headers(secret: str, msg_id: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = int(time.time() if now is None else now)
    return {"webhook-id": msg_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(secret, msg_id, timestamp, body),
            "content-type": "application/json"}


def verify(secret: str, received: Mapping[str, str], body: bytes,
           now: float | None = None) -> bool:
    """A receiver's check: some ``v1`` signature matches and the timestamp is recent."""
    try:
        msg_id, timestamp = received["webhook-id"], int(received["webhook-timestamp"])
        offered = received["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > TOLERANCE_S:
        return False
    expected = signature(secret, msg_id, timestamp, body)
    return any(hmac.compare_digest(s, expected) for s in offered)


def check_url(url: str, allow_private: bool) -> str:
    """``url`` if a webhook may go there, else ``bad_request`` saying why (blocking: DNS)."""
    if len(url) > MAX_URL_CHARS:
        raise CocoonError("bad_request", f"webhook URL longer than {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise CocoonError("bad_request", "webhook URL is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CocoonError("bad_request", "webhook URL must be http(s)://host/...")
    if parts.username is not None or parts.password is not None:
        raise CocoonError("bad_request", "webhook URL must not carry credentials")
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise CocoonError("bad_request", "webhook host does not resolve") from None
    if not allow_private:
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
            if not address.is_global:
                raise CocoonError("bad_request", "webhook host resolves to a private or loopback"
                                  " address (the gateway's webhook_allow_private is off)")
    return url
