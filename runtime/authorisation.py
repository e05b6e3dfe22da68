"""Call authorisations: the platform's signed permission for one call to one provider.

The gateway reserves the call's maximum price, then signs a :class:`~.wire.CallAuthorisation`
(request id, function digest, provider, max price, unit price, expiry) with its Ed25519 key
and sends it with the envelope in ``x-cocoon-authorisation``: ``<base64url of canonical
JSON>.<signature hex>``. The replica checks it, against the gateway's public key that came
with the assignment, before it opens the envelope; anything else is refused with
``unauthorized_call`` and nothing runs. So an envelope POSTed straight to a provider, or an
authorisation copied to another request, another provider or past its expiry, is never
served (and never charged).

The authorisation also fixes the call's price: ``unit_price`` is the provider's effective price
when the gateway routed the call (docs/protocol.md, "Prices"), and the replica charges
exactly that, so a provider's price changes take effect on the next call without restarting
its replicas. A changed price breaks the signature like any other field.
"""

from __future__ import annotations

import base64
import binascii
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError

from .errors import CocoonError
from .wire import CallAuthorisation, RoutingHeader, canonical_json

AUTHORISATION_LABEL = b"cocoon/v1/call-authorisation"
AUTHORISATION_TTL_MS = 60_000  # long enough for queueing at the provider, short for a replay
MAX_HEADER_BYTES = 1024


def _signed_bytes(auth: CallAuthorisation) -> bytes:
    return AUTHORISATION_LABEL + canonical_json(auth.model_dump())


def sign_authorisation(key: Ed25519PrivateKey, auth: CallAuthorisation) -> str:
    """The header value for ``auth``."""
    doc = base64.urlsafe_b64encode(canonical_json(auth.model_dump())).decode().rstrip("=")
    return f"{doc}.{key.sign(_signed_bytes(auth)).hex()}"


def authorise(key: Ed25519PrivateKey, header: RoutingHeader, provider: str, *, unit_price: int,
              now_ms: int | None = None, ttl_ms: int = AUTHORISATION_TTL_MS) -> str:
    """The gateway's side: authorise ``header``'s call on ``provider`` at ``unit_price``
    (nanotons per unit) for ``ttl_ms``."""
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    return sign_authorisation(key, CallAuthorisation(
        request_id=header.request_id, function_digest=header.digest, provider=provider,
        max_price=header.max_price, unit_price=unit_price, expires_ms=now_ms + ttl_ms))


def check_authorisation(value: str | None, gateway_key: Ed25519PublicKey, header: RoutingHeader,
                        provider: str, now_ms: int | None = None) -> CallAuthorisation:
    """The replica's side: the authorisation must be the gateway's, for this very request on
    this provider at this max price, and unexpired. Raises ``unauthorized_call``."""
    if not value:
        raise CocoonError("unauthorized_call", "no platform authorisation: calls reach a "
                          "provider only through the platform")
    try:
        if len(value) > MAX_HEADER_BYTES:
            raise ValueError
        doc, _, signature = value.partition(".")
        raw = base64.urlsafe_b64decode(doc + "=" * (-len(doc) % 4))
        auth = CallAuthorisation.model_validate_json(raw)
        gateway_key.verify(bytes.fromhex(signature), _signed_bytes(auth))
    except (ValueError, binascii.Error, ValidationError, InvalidSignature):
        raise CocoonError("unauthorized_call", "authorisation is not the platform's") from None
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    if (auth.request_id != header.request_id or auth.function_digest != header.digest
            or auth.max_price != header.max_price):
        raise CocoonError("unauthorized_call", "authorisation is for another request")
    if auth.provider != provider:
        raise CocoonError("unauthorized_call", "authorisation is for another provider")
    if auth.expires_ms < now_ms:
        raise CocoonError("unauthorized_call", "authorisation has expired")
    return auth
