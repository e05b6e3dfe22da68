"""Intel TDX DCAP quote v4/v5: its signature data, and its signature chain checked without
collateral (attestation key -> QE report -> PCK certificate -> pinned Intel root).

The TD report itself is read by dcap-qvl (``tdx.py`` uses its parsed ``report``); this parser is
kept only for what dcap-qvl does not expose: the signed bytes, the quote signature, attestation
key, QE report and its signature, QE auth data and the PCK chain, so that a quote is checked
(and tampering named) even where no collateral is at hand.

Layout (all little-endian): 48-byte header (version u16, attestation key type u16, TEE type u32,
..., QE vendor id at 12). v4: TD report body (584 B) at 48. v5: body type u16 and body size u32 at
48, body at 54 (type 2: TD 1.0, 584 B; type 3: TD 1.5, 648 B). Then the signature data length
u32 and the signature data: ECDSA-P256 signature (64) over header+body, attestation public key
(64), certification data type 6 holding the QE report (384), its signature (64), QE auth data
(u16 length + bytes) and certification data type 5: the PCK chain in PEM.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

from . import certs

HEADER_LEN = 48
TD10_BODY_LEN = 584
TD15_BODY_LEN = 648
QE_REPORT_LEN = 384
TEE_TYPE_TDX = 0x81
ATT_KEY_ECDSA_P256 = 2


class QuoteFormatError(ValueError):
    """The bytes are not a TDX quote this module can read."""


@dataclass(frozen=True)
class TdxQuote:
    version: int
    body: bytes
    signed: bytes  # header + body: what the attestation key signs
    signature: bytes
    attestation_key: bytes
    qe_report: bytes
    qe_report_signature: bytes
    qe_auth_data: bytes
    pck_chain_pem: bytes


class _Reader:
    def __init__(self, data: bytes, pos: int) -> None:
        self.data, self.pos = data, pos

    def take(self, n: int, what: str) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise QuoteFormatError(f"quote truncated in {what}")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def u16(self, what: str) -> int:
        return int.from_bytes(self.take(2, what), "little")

    def u32(self, what: str) -> int:
        return int.from_bytes(self.take(4, what), "little")


def parse(data: bytes) -> TdxQuote:
    r = _Reader(data, 0)
    header = r.take(HEADER_LEN, "header")
    version = int.from_bytes(header[0:2], "little")
    key_type = int.from_bytes(header[2:4], "little")
    tee_type = int.from_bytes(header[4:8], "little")
    if tee_type != TEE_TYPE_TDX:
        raise QuoteFormatError(f"not a TDX quote (TEE type {tee_type:#x})")
    if key_type != ATT_KEY_ECDSA_P256:
        raise QuoteFormatError(f"unsupported attestation key type {key_type}")
    if version == 4:
        body = r.take(TD10_BODY_LEN, "TD report body")
    elif version == 5:
        body_type, body_size = r.u16("body type"), r.u32("body size")
        expected = {2: TD10_BODY_LEN, 3: TD15_BODY_LEN}.get(body_type)
        if expected is None or body_size != expected:
            raise QuoteFormatError(f"unsupported v5 body type {body_type} ({body_size} B)")
        body = r.take(body_size, "TD report body")
    else:
        raise QuoteFormatError(f"unsupported quote version {version}")
    signed = data[:r.pos]
    sig_len = r.u32("signature data length")
    sig = _Reader(r.take(sig_len, "signature data"), 0)
    signature = sig.take(64, "quote signature")
    attestation_key = sig.take(64, "attestation key")
    if sig.u16("certification data type") != 6:
        raise QuoteFormatError("certification data is not a QE report (type 6)")
    outer = _Reader(sig.take(sig.u32("certification data size"), "certification data"), 0)
    qe_report = outer.take(QE_REPORT_LEN, "QE report")
    qe_report_signature = outer.take(64, "QE report signature")
    qe_auth_data = outer.take(outer.u16("QE auth data size"), "QE auth data")
    if outer.u16("PCK certification data type") != 5:
        raise QuoteFormatError("QE certification data is not a PCK chain (type 5)")
    pck_chain = outer.take(outer.u32("PCK chain size"), "PCK chain")
    return TdxQuote(version, body, signed, signature, attestation_key, qe_report,
                    qe_report_signature, qe_auth_data, pck_chain.rstrip(b"\x00"))


def check_signatures(quote: TdxQuote, at: datetime) -> list[str]:
    """Reasons the quote's own signature chain fails (empty when it holds): quote signature by
    the attestation key, QE report signed by the PCK key and binding the attestation key, PCK
    chain up to the pinned Intel SGX root. CRLs, TCB and QE identity need collateral."""
    reasons: list[str] = []
    try:
        att_key = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), b"\x04" + quote.attestation_key)
        _verify_p256(att_key, quote.signature, quote.signed)
    except (InvalidSignature, ValueError):
        reasons.append("TDX quote signature does not verify with its attestation key")
    expected = hashlib.sha256(quote.attestation_key + quote.qe_auth_data).digest() + bytes(32)
    if quote.qe_report[320:384] != expected:
        reasons.append("QE report does not bind the attestation key")
    try:
        chain = certs.load_certificates(quote.pck_chain_pem)
    except ValueError:
        return [*reasons, "PCK certificate chain unreadable"]
    if not chain:
        return [*reasons, "PCK certificate chain missing"]
    root = certs.pinned(certs.INTEL_SGX_ROOT)[-1]
    reasons += certs.check_chain(chain, root, at, "PCK chain")
    try:
        pck_key = chain[0].public_key()
        if not isinstance(pck_key, ec.EllipticCurvePublicKey):
            raise ValueError("PCK key is not EC")
        _verify_p256(pck_key, quote.qe_report_signature, quote.qe_report)
    except (InvalidSignature, ValueError):
        reasons.append("QE report signature does not verify with the PCK certificate")
    return reasons


def _verify_p256(key: ec.EllipticCurvePublicKey, raw_sig: bytes, message: bytes) -> None:
    r, s = int.from_bytes(raw_sig[:32], "big"), int.from_bytes(raw_sig[32:], "big")
    key.verify(utils.encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
