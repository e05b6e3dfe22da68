"""The simulated TEE: evidence for machines without TEE hardware.

It is honest about itself: the document says ``simulated``, its signing key is self-asserted (no
hardware root vouches for it), and a verifier accepts it only under a policy that allows
simulated TEEs. Its integrity signature only proves the document was not altered in transit.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .verdict import Evidence, Verdict

FORMAT = "cocoon-simulated-tee/v1"


def runtime_measurement() -> str:
    """SHA-384 over the runtime package's Python sources: what a simulated TEE 'measures'."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha384()
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def produce(report_data: bytes, *, measurement: str | None = None) -> Evidence:
    import base64

    key = Ed25519PrivateKey.generate()
    body = {
        "format": FORMAT,
        "report_data": report_data.hex(),
        "measurement": measurement or runtime_measurement(),
        "issued_at": int(time.time()),
        "platform_key": key.public_key().public_bytes_raw().hex(),
    }
    signed = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    doc = {**body, "signature": key.sign(signed).hex()}
    raw = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
    return Evidence(kind="simulated", data=base64.b64encode(raw).decode())


def verify(evidence: Evidence, at: datetime) -> Verdict:
    verdict = Verdict(kind="simulated", valid=True, simulated=True, status="Simulated")
    try:
        doc = json.loads(evidence.raw)
        signature = bytes.fromhex(doc.pop("signature"))
        if doc.get("format") != FORMAT:
            return verdict.rejected("not a simulated-TEE document")
        signed = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(doc["platform_key"]))
        report_data, measurement = bytes.fromhex(doc["report_data"]), str(doc["measurement"])
        issued_at = int(doc["issued_at"])
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):  # 1e999 -> inf
        return verdict.rejected("malformed simulated evidence")
    try:
        key.verify(signature, signed)
    except InvalidSignature:
        return verdict.rejected("simulated evidence signature does not verify")
    return verdict.model_copy(update={
        "report_data": report_data.hex(),
        "measurement": measurement,
        "details": {"issued_at": str(issued_at)},
    })
