"""What kind of evidence some bytes are: binary, hex text (``0x`` optional), or JSON (a whole
``Evidence`` object or a simulated-TEE document)."""

from __future__ import annotations

import base64
import json
import re

from . import snp_report, spdm
from .verdict import Evidence, EvidenceKind

_HEX_TEXT = re.compile(rb"\s*(0x)?([0-9a-fA-F\s]+)\s*")
SNP_SCAN_LIMIT = 64  # container prefixes searched for an SNP report when no offset is given


class UnknownEvidence(ValueError):
    """The bytes are no kind of evidence Cocoon knows."""


def decode_text(data: bytes) -> bytes:
    """Hex text (as the NVIDIA and TDX hex samples are) to bytes; anything else unchanged."""
    match = _HEX_TEXT.fullmatch(data)
    if match and data.strip():
        digits = re.sub(rb"\s+", b"", match.group(2))
        if len(digits) % 2 == 0:
            return bytes.fromhex(digits.decode())
    return data


def detect_kind(raw: bytes, offset: int | None = None) -> tuple[EvidenceKind, int]:
    """(kind, offset of the report) for binary evidence; raises ``UnknownEvidence``."""
    if offset is None and _looks_tdx(raw):
        return "tdx", 0
    if offset is None and _looks_nvidia(raw):
        return "nvidia", 0
    for start in [offset] if offset is not None else range(SNP_SCAN_LIMIT + 1):
        try:
            snp_report.parse(raw, start)
            return "sev-snp", start
        except snp_report.ReportFormatError:
            continue
    if offset is not None and _looks_tdx(raw[offset:]):
        return "tdx", offset
    if offset is not None and _looks_nvidia(raw[offset:]):
        return "nvidia", offset
    raise UnknownEvidence("not a TDX quote, SEV-SNP report or NVIDIA SPDM transcript")


def evidence_from_bytes(data: bytes, offset: int | None = None) -> Evidence:
    """Evidence from a file's bytes: an ``Evidence`` JSON object, a simulated-TEE document,
    binary evidence or its hex text. Raises ``UnknownEvidence``."""
    stripped = data.strip()
    if stripped.startswith(b"{"):
        try:
            doc = json.loads(stripped)
        except (ValueError, UnicodeDecodeError):
            raise UnknownEvidence("unreadable JSON") from None
        if isinstance(doc, dict) and "kind" in doc and "data" in doc:
            try:
                return Evidence.model_validate(doc)
            except ValueError:
                raise UnknownEvidence("JSON is not a valid Evidence object") from None
        if isinstance(doc, dict) and str(doc.get("format", "")).startswith("cocoon-simulated"):
            return Evidence(kind="simulated", data=base64.b64encode(stripped).decode())
        raise UnknownEvidence("JSON is neither Evidence nor a simulated-TEE document")
    raw = decode_text(data)
    kind, start = detect_kind(raw, offset)
    if kind == "tdx" and start:
        raw, start = raw[start:], 0  # the TDX verifier reads a bare quote
    return Evidence(kind=kind, data=base64.b64encode(raw).decode(), offset=start)


def _looks_tdx(raw: bytes) -> bool:
    return (len(raw) >= 48 and int.from_bytes(raw[0:2], "little") in (4, 5)
            and int.from_bytes(raw[4:8], "little") == 0x81)


def _looks_nvidia(raw: bytes) -> bool:
    return (len(raw) > spdm.REQUEST_LEN + 2 and 0x10 <= raw[0] <= 0x13
            and raw[1] == spdm.GET_MEASUREMENTS and raw[spdm.REQUEST_LEN + 1] == spdm.MEASUREMENTS)
