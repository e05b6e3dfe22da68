"""Parsers and verifiers meet random bytes and mutated real evidence: anything that changes what
the evidence says is rejected with an integrity reason, never accepted and never a crash.

The oracle for a mutation: parse the original and the mutant into what a signature covers (signed
bytes, signature, keys, certificates). Where that content differs, the verdict must be invalid and
name an integrity failure (unreadable, signature, chain); where it is the same (padding past the
signed structure, a reserved field, an equivalent PEM spelling), the verdict must be the original's.

Bounded: a fixed number of examples per property, no deadline, so the folder stays fast.
"""

from __future__ import annotations

import base64
import json
from functools import cache

from attestation_cases import ALL_CASES, TDX_AT, Case, assert_integrity_rejection
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocoon.runtime.attestation import (
    Evidence,
    certs,
    detect,
    simulated,
    snp_report,
    spdm,
    tdx_quote,
)
from cocoon.runtime.attestation.revocation import RevocationCollateral
from cocoon.runtime.attestation.verdict import Verdict
from cocoon.runtime.attestation.verify import kind_verifier

BOUNDED = settings(max_examples=150, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])
SIMULATED = "simulated"
NAMES = [*sorted(ALL_CASES), SIMULATED]

# What a verifier says about a chain or collateral it cannot use.
UNUSABLE_CHAIN = {
    "sev-snp": ("VCEK certificate unreadable", "no VCEK supplied with the report"),
    "nvidia": ("no readable GPU certificate chain supplied",),
}
UNUSABLE_COLLATERAL = ("unreadable TDX collateral", "no collateral: ")


@cache
def case_named(name: str) -> Case:
    if name == SIMULATED:
        return Case(SIMULATED, simulated.produce(b"\x42" * 64), TDX_AT)
    return ALL_CASES[name]()


@cache
def baseline(name: str) -> Verdict:
    case = case_named(name)
    return kind_verifier(case.evidence.kind)(case.evidence, case.at)


def with_raw(evidence: Evidence, raw: bytes) -> Evidence:
    return evidence.model_copy(update={"data": base64.b64encode(raw).decode()})


def _pck_chain(pem_text: bytes) -> tuple[bytes, ...]:
    """The PCK chain's certificates (DER) short of a trailing copy of the pinned Intel root:
    the verifier uses its own pinned root, so a damaged or missing copy changes nothing."""
    chain = certs.load_certificates(pem_text)
    root = certs.pinned(certs.INTEL_SGX_ROOT)[-1]
    if chain and certs.public_key_der(chain[-1]) == certs.public_key_der(root):
        chain = chain[:-1]
    return tuple(c.public_bytes(serialization.Encoding.DER) for c in chain)


def signed_content(evidence: Evidence) -> tuple[object, ...] | None:
    """What the evidence's signatures cover, as the verifier reads it; None when unreadable."""
    raw = evidence.raw
    try:
        if evidence.kind == "tdx":
            q = tdx_quote.parse(raw)
            return (q.signed, q.signature, q.attestation_key, q.qe_report,
                    q.qe_report_signature, q.qe_auth_data, _pck_chain(q.pck_chain_pem))
        if evidence.kind == "sev-snp":
            r = snp_report.parse(raw, evidence.offset)
            return r.signed, r.signature_rs
        if evidence.kind == "nvidia":
            t = spdm.parse(raw[evidence.offset:])
            sig = t.signature
            return t.signed, int.from_bytes(sig[:48], "big"), int.from_bytes(sig[48:], "big")
        doc = json.loads(raw)
        signature = bytes.fromhex(doc.pop("signature"))
        return json.dumps(doc, sort_keys=True, separators=(",", ":")), signature
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


@BOUNDED
@given(st.binary(max_size=6000))
def test_parsers_on_random_bytes(data: bytes) -> None:
    """Random bytes raise the parser's own format error; should one ever parse, its kind
    verifier must still reject it for integrity."""
    for kind, parse, error in (("tdx", tdx_quote.parse, tdx_quote.QuoteFormatError),
                               ("sev-snp", snp_report.parse, snp_report.ReportFormatError),
                               ("nvidia", spdm.parse, spdm.SpdmFormatError)):
        try:
            parse(data)
        except error:
            continue
        evidence = Evidence(kind=kind, data=base64.b64encode(data).decode())
        assert_integrity_rejection(kind, kind_verifier(kind)(evidence, TDX_AT))
    try:
        evidence = detect.evidence_from_bytes(data)
    except detect.UnknownEvidence:
        return
    assert_integrity_rejection(evidence.kind, kind_verifier(evidence.kind)(evidence, TDX_AT))


@BOUNDED
@given(st.sampled_from(["tdx", "sev-snp", "nvidia", "simulated"]), st.binary(max_size=6000))
def test_kind_verifiers_on_random_bytes(kind: str, data: bytes) -> None:
    evidence = Evidence(kind=kind, data=base64.b64encode(data).decode())
    assert_integrity_rejection(kind, kind_verifier(kind)(evidence, TDX_AT))


@BOUNDED
@given(st.sampled_from(NAMES), st.data())
def test_kind_verifiers_on_mutated_evidence(name: str, data: st.DataObject) -> None:
    case = case_named(name)
    raw = bytearray(case.evidence.raw)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.one_of(st.just(len(raw)), st.integers(0, len(raw))))  # often none
    mutated = with_raw(case.evidence, bytes(raw[:cut]))
    verdict = kind_verifier(case.evidence.kind)(mutated, case.at)
    if signed_content(mutated) == signed_content(case.evidence):
        # Only bytes nothing signs changed (padding, reserved, PEM spelling): same verdict.
        original = baseline(name)
        assert (verdict.valid, verdict.reasons) == (original.valid, original.reasons)
    else:
        assert_integrity_rejection(case.evidence.kind, verdict)


def _readable_revocation(text: str) -> bool:
    try:
        collateral = RevocationCollateral.parse(text)
        collateral.crl_objects(), collateral.ocsp_objects()
    except ValueError:
        return False
    return True


@BOUNDED
@given(st.sampled_from(sorted(ALL_CASES)), st.binary(max_size=3000))
def test_kind_verifiers_on_random_chain_and_collateral(name: str, junk: bytes) -> None:
    """Junk where the kind reads its chain (SEV-SNP VCEK, NVIDIA device chain) or its collateral
    (TDX; SEV-SNP and NVIDIA: revocation collateral) is rejected as unusable; junk in a field
    the kind does not read changes nothing."""
    case = case_named(name)
    kind = case.evidence.kind
    verify = kind_verifier(kind)
    original = baseline(name)
    armoured = ("-----BEGIN CERTIFICATE-----\n" + base64.b64encode(junk).decode()
                + "\n-----END CERTIFICATE-----\n")
    for chain in (junk.decode("latin-1"), armoured):
        verdict = verify(case.evidence.model_copy(update={"chain": chain}), case.at)
        if kind in UNUSABLE_CHAIN:
            assert not verdict.valid
            assert any(r.startswith(UNUSABLE_CHAIN[kind]) for r in verdict.reasons), (
                verdict.reasons)
        else:
            assert (verdict.valid, verdict.reasons) == (original.valid, original.reasons)
    verdict = verify(case.evidence.model_copy(update={"collateral": junk.decode("latin-1")}),
                     case.at)
    if kind == "tdx":
        assert not verdict.valid
        assert any(r.startswith(UNUSABLE_COLLATERAL) for r in verdict.reasons), verdict.reasons
    elif kind != SIMULATED and not _readable_revocation(junk.decode("latin-1")):
        assert not verdict.valid  # SEV-SNP and NVIDIA read revocation collateral there
        assert any("revocation collateral: " in r for r in verdict.reasons), verdict.reasons
    else:
        assert (verdict.valid, verdict.reasons) == (original.valid, original.reasons)
