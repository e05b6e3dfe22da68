"""The one error model of Cocoon.

Every failure a caller can cause is a :class:`CocoonError` with a stable machine-readable
``code`` and an HTTP status. It serialises to ``{"error": {"code", "message"}}``. Messages never
carry payload bytes: they describe what was wrong, not what was sent.
"""

from __future__ import annotations

import json
from typing import Any

# code -> HTTP status. Adding a code here is the only way to make a new kind of error.
ERROR_STATUS: dict[str, int] = {
    "bad_request": 400,
    "invalid_json": 400,
    "malformed_envelope": 400,
    "envelope_rejected": 400,
    "stale_request": 400,
    "wrong_provider": 400,
    "invalid_manifest": 400,
    "invalid_bundle": 400,
    "invalid_endpoint": 400,
    "invalid_evidence": 400,
    "invalid_voucher": 400,
    "invalid_channel": 400,
    "invalid_stake": 400,
    "bad_signature": 400,
    "unauthorized": 401,
    "invalid_init_data": 401,
    "unauthorized_call": 403,
    "insufficient_funds": 402,
    "voucher_required": 402,
    "channel_closing": 402,
    "price_above_max": 402,
    "forbidden": 403,
    "not_found": 404,
    "unknown_function": 404,
    "unknown_provider": 404,
    "no_voucher": 404,
    "method_not_allowed": 405,
    "replayed_request": 409,
    "conflict": 409,
    "stale_voucher": 409,
    "stale_offer": 409,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    "function_error": 422,
    "attestation_rejected": 422,
    "rate_limited": 429,
    "internal": 500,
    "provider_failed": 502,
    "no_provider": 503,
    "gateway_unreachable": 503,
    "provider_timeout": 504,
    "function_timeout": 504,
}


class CocoonError(Exception):
    """A failure with a code from :data:`ERROR_STATUS` and a payload-free message."""

    def __init__(self, code: str, message: str, *, status: int | None = None) -> None:
        if code not in ERROR_STATUS:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status if status is not None else ERROR_STATUS[code]

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}

    @classmethod
    def from_response(cls, content: bytes, *, status: int) -> CocoonError:
        """Rebuild an error from a peer's HTTP error response (body bytes, maybe not JSON)."""
        try:
            body = json.loads(content)
        except ValueError:
            body = None
        return cls.from_dict(body, status=status)

    @classmethod
    def from_dict(cls, body: Any, *, status: int) -> CocoonError:
        """Rebuild an error from a peer's JSON body; anything unreadable becomes ``internal``."""
        try:
            err = body["error"]
            code, message = str(err["code"]), str(err["message"])
            if code in ERROR_STATUS:
                return cls(code, message, status=status)
        except (KeyError, TypeError):
            pass
        return cls("internal", f"unexpected response (HTTP {status})", status=status)
