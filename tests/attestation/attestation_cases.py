"""Real attestation evidence, read from the project's own copy in ``tests/fixtures/attestation``.

A missing fixture is an error, never a skip: a suite that skips what it cannot find reports green
while testing nothing (see SOURCES.md there for where each file came from).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from cocoon.runtime.attestation import Evidence, Verdict
from cocoon.runtime.attestation.certs import load_certificates

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "attestation"

# Verification times inside the fixtures' windows (SOURCES.md).
TDX_AT = datetime(2025, 7, 1, tzinfo=UTC)
TDX_OUTDATED_AT = datetime(2026, 3, 1, tzinfo=UTC)
SNP_AT = datetime(2026, 11, 1, tzinfo=UTC)  # dstack VCEK valid from 2026-06-17
NVIDIA_AT = datetime(2026, 1, 1, tzinfo=UTC)

# The fixtures carry no AMD CRL and no NVIDIA OCSP response: AMD KDS and NVIDIA's OCSP responder
# cannot be reached offline, and their answers are not in any public repository we copied from.
# A production policy therefore refuses the SEV-SNP and NVIDIA fixtures ("revocation not
# checked"); tests about everything else verify them under this policy, which only warns.
# Revocation itself is tested in test_revocation.py.
NO_REVOCATION: dict = {"require_revocation": False}
# The production policy also refuses real evidence whose measurements are not allowlisted (fail
# closed). Tests about signatures, chains and TCB verify under this policy, which leaves
# measurements unpinned; the allowlist itself is tested in test_policy.py.
UNPINNED: dict = {"pin_measurements": False}


def fixture_path(relative: str) -> Path:
    path = FIXTURES / relative
    if not path.is_file():
        raise FileNotFoundError(f"attestation fixture {relative} missing from {FIXTURES}")
    return path


def read(relative: str) -> bytes:
    return fixture_path(relative).read_bytes()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def pem(der_or_pem: bytes) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode()
                   for c in load_certificates(der_or_pem))


@dataclass(frozen=True)
class Case:
    """One real piece of evidence and the time to verify it at."""

    name: str
    evidence: Evidence
    at: datetime


def tdx_v4() -> Case:
    return Case("tdx-v4", Evidence(
        kind="tdx", data=b64(read("tdx/dcap-qvl_tdx_quote.bin")),
        collateral=read("tdx/dcap-qvl_tdx_quote_collateral.json").decode()), TDX_AT)


def tdx_v5_outdated() -> Case:
    return Case("tdx-v5-outdated", Evidence(
        kind="tdx", data=b64(read("tdx/dcap-qvl_tdx_quote_outdated.bin")),
        collateral=read("tdx/dcap-qvl_tdx_quote_outdated_collateral.json").decode()),
        TDX_OUTDATED_AT)


def tdx_hex() -> Case:
    text = read("tdx/dcap-qvl_tdx-quote.hex").decode().strip().removeprefix("0x")
    return Case("tdx-hex", Evidence(kind="tdx", data=b64(bytes.fromhex(text))), TDX_AT)


def snp_milan() -> Case:
    return Case("snp-milan", Evidence(
        kind="sev-snp", data=b64(read("sev-snp/go-sev-guest_milan_report.bin")),
        chain=pem(read("sev-snp/go-sev-guest_milan_vcek.der"))), SNP_AT)


def snp_dstack() -> Case:
    return Case("snp-dstack", Evidence(
        kind="sev-snp", data=b64(read("sev-snp/dstack_snp_attestation_container.bin")),
        chain=read("sev-snp/dstack_vcek.pem").decode(), offset=4), SNP_AT)


def nvidia_h100() -> Case:
    text = read("nvidia/nvtrust_hopper_attestation_report.hex").decode().strip()
    return Case("nvidia-h100", Evidence(
        kind="nvidia", data=b64(bytes.fromhex(text)),
        chain=read("nvidia/nvtrust_hopper_cert_chain.pem").decode()), NVIDIA_AT)


# Evidence a production policy accepts (with debug allowed for the go-sev-guest report).
VALID_CASES = {"tdx-v4": tdx_v4, "snp-milan": snp_milan, "snp-dstack": snp_dstack,
               "nvidia-h100": nvidia_h100}
ALL_CASES = {**VALID_CASES, "tdx-v5-outdated": tdx_v5_outdated, "tdx-hex": tdx_hex}


# What a kind verifier says when the evidence itself does not hold (unreadable, a signature, a
# certificate chain), as opposed to policy, TCB status or missing collateral.
INTEGRITY_REASONS = {
    "tdx": ("unreadable TDX quote", "TDX quote signature does not verify", "QE report ",
            "PCK "),
    "sev-snp": ("unreadable SEV-SNP report", "SEV-SNP report signature does not verify",
                "report not signed by a VCEK", "reported TCB ", "report chip id "),
    "nvidia": ("unreadable NVIDIA SPDM evidence", "SPDM measurements signature does not verify"),
    "simulated": ("malformed simulated evidence", "not a simulated-TEE document",
                  "simulated evidence signature does not verify"),
}


def assert_integrity_rejection(kind: str, verdict: Verdict, *, starts: str = "") -> None:
    """The verdict is invalid and names an integrity failure (one starting with ``starts``, when
    given): a rejection for policy or missing collateral alone would not show tampering caught."""
    assert not verdict.valid, verdict
    prefixes = (starts,) if starts else INTEGRITY_REASONS[kind]
    assert any(r.startswith(prefixes) for r in verdict.reasons), verdict.reasons
