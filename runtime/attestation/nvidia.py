"""NVIDIA H100/H200 GPU verifier: SPDM GET_MEASUREMENTS evidence signed by the GPU's attestation
key, whose certificate chain (``Evidence.chain``, PEM, leaf first) must lead to the pinned NVIDIA
Device Identity CA.

The request's 32-byte nonce is the evidence's report_data (Cocoon puts the key binding there);
``Evidence.nonce``, when given, must equal it. Measurements are the SPDM blocks by index
(``measurements["<index>"]``); ``measurement`` is SHA-384 over the whole measurement record, so
a policy can pin either one digest or per-index golden values (``"<index>=<hex>"``).

Revocation: NVIDIA OCSP responses for the device chain come attached in ``Evidence.collateral``
(``revocation.RevocationCollateral``) and are checked by ``revocation.check_ocsp``; a response
that carries a nonce must carry the evidence's nonce. Without them the verdict says revocation
is unchecked.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

from . import certs, gpu, revocation, spdm
from .verdict import Evidence, Verdict

OPAQUE_DRIVER_VERSION = 3
OPAQUE_VBIOS_VERSION = 6


def verify(evidence: Evidence, at: datetime) -> Verdict:
    verdict = Verdict(kind="nvidia", valid=True)
    try:
        transcript = spdm.parse(evidence.raw[evidence.offset:])
    except spdm.SpdmFormatError as exc:
        return verdict.rejected(f"unreadable NVIDIA SPDM evidence: {exc}")
    details: dict[str, str] = {"measurement_blocks": str(len(transcript.blocks))}
    if driver := transcript.opaque.get(OPAQUE_DRIVER_VERSION):
        details["driver_version"] = driver.rstrip(b"\x00").decode("ascii", "replace")
    if vbios := transcript.opaque.get(OPAQUE_VBIOS_VERSION):
        details["vbios_version"] = vbios.hex()
    verdict = verdict.model_copy(update={
        "measurement": hashlib.sha384(transcript.record).hexdigest(),
        "measurements": {str(i): value.hex() for i, value in sorted(transcript.blocks.items())},
        "report_data": transcript.nonce.hex(),
        "details": details,
    })
    reasons: list[str] = []
    if evidence.nonce is not None and evidence.nonce.lower() != transcript.nonce.hex():
        reasons.append("evidence nonce differs from the expected nonce")
    try:
        chain = certs.load_certificates((evidence.chain or "").encode("latin-1"))
    except ValueError:
        chain = []
    if not chain:
        return verdict.rejected("no readable GPU certificate chain supplied")
    # which GPU this is (its attestation certificate): GPU functions count distinct devices
    details["device"] = chain[0].fingerprint(hashes.SHA256()).hex()
    if chip := gpu.chip_of(certs.common_name(chain[0])):
        details["model"] = chip  # the GPU's chip, for a manifest's gpu_kind
    verdict = verdict.model_copy(update={"details": details})
    root = certs.pinned(certs.NVIDIA_DEVICE_ROOT)[-1]
    reasons += certs.check_chain(chain, root, at, "NVIDIA device chain")
    unchecked = None
    try:
        responses = revocation.RevocationCollateral.parse(evidence.collateral).ocsp_objects()
    except ValueError as exc:
        responses = []
        reasons.append(f"NVIDIA revocation collateral: {exc}")
    problems, missing = revocation.check_ocsp(responses, chain, root, at, "NVIDIA",
                                              nonce=transcript.nonce)
    reasons += problems
    if missing:
        unchecked = "no NVIDIA OCSP response for " + ", ".join(missing)
    verdict = verdict.model_copy(update={"revocation_unchecked": unchecked})
    try:
        key = chain[0].public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise ValueError("attestation key is not EC")
        sig = transcript.signature
        der = utils.encode_dss_signature(int.from_bytes(sig[:48], "big"),
                                         int.from_bytes(sig[48:], "big"))
        key.verify(der, transcript.signed, ec.ECDSA(hashes.SHA384()))
    except (InvalidSignature, ValueError):
        reasons.append("SPDM measurements signature does not verify with the GPU certificate")
    for reason in reasons:
        verdict = verdict.rejected(reason)
    return verdict
