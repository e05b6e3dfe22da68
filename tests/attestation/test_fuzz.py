"""Parsers and verifiers meet random bytes and mutated real evidence: they reject, never crash.

Bounded: a fixed number of examples per property, no deadline, so the folder stays fast.
"""

from __future__ import annotations

import base64
import contextlib
from functools import cache

from attestation_cases import ALL_CASES, TDX_AT, Case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocoon.runtime.attestation import Evidence, detect, snp_report, spdm, tdx_quote
from cocoon.runtime.attestation.verify import kind_verifier

BOUNDED = settings(max_examples=150, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])
NAMES = sorted(ALL_CASES)


@cache
def case_named(name: str) -> Case:
    return ALL_CASES[name]()


@BOUNDED
@given(st.binary(max_size=6000))
def test_parsers_on_random_bytes(data: bytes) -> None:
    for parse, error in ((tdx_quote.parse, tdx_quote.QuoteFormatError),
                         (snp_report.parse, snp_report.ReportFormatError),
                         (spdm.parse, spdm.SpdmFormatError)):
        with contextlib.suppress(error):
            parse(data)
    with contextlib.suppress(detect.UnknownEvidence):
        detect.evidence_from_bytes(data)


@BOUNDED
@given(st.sampled_from(["tdx", "sev-snp", "nvidia", "simulated"]), st.binary(max_size=6000))
def test_kind_verifiers_on_random_bytes(kind: str, data: bytes) -> None:
    evidence = Evidence(kind=kind, data=base64.b64encode(data).decode())
    verdict = kind_verifier(kind)(evidence, TDX_AT)
    assert not verdict.valid and verdict.reasons


@BOUNDED
@given(st.sampled_from(NAMES), st.data())
def test_kind_verifiers_on_mutated_evidence(name: str, data: st.DataObject) -> None:
    case = case_named(name)
    raw = bytearray(case.evidence.raw)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    mutated = case.evidence.model_copy(update={"data": base64.b64encode(raw[:cut]).decode()})
    verdict = kind_verifier(case.evidence.kind)(mutated, case.at)
    assert verdict.valid == (not verdict.reasons)


@BOUNDED
@given(st.sampled_from(NAMES), st.binary(max_size=3000))
def test_kind_verifiers_on_random_chain_and_collateral(name: str, junk: bytes) -> None:
    case = case_named(name)
    text = junk.decode("latin-1")
    for update in ({"chain": text}, {"collateral": text},
                   {"chain": "-----BEGIN CERTIFICATE-----\n" + base64.b64encode(junk).decode()
                    + "\n-----END CERTIFICATE-----\n"}):
        verdict = kind_verifier(case.evidence.kind)(case.evidence.model_copy(update=update),
                                                    case.at)
        assert verdict.valid == (not verdict.reasons)
