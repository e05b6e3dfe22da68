"""Real evidence is accepted (or rejected) as its source says, at the pinned times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from attestation_cases import (
    ALL_CASES,
    NO_REVOCATION,
    UNPINNED,
    assert_integrity_rejection,
    nvidia_h100,
    snp_dstack,
    snp_milan,
    tdx_hex,
    tdx_v4,
    tdx_v5_outdated,
)

from cocoon.runtime.attestation import Evidence, Policy, key_binding, verify_evidence
from cocoon.runtime.attestation.verify import kind_verifier

PROD = Policy(**NO_REVOCATION, **UNPINNED)  # see attestation_cases.NO_REVOCATION
DEBUG_OK = Policy(allow_debug=True, **NO_REVOCATION, **UNPINNED)


def test_tdx_v4_up_to_date() -> None:
    case = tdx_v4()
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    assert verdict.valid, verdict.reasons
    assert verdict.status == "UpToDate"
    assert not verdict.debug and not verdict.simulated
    assert verdict.measurement == verdict.measurements["mrtd"]
    assert verdict.measurement.startswith("91eb2b44d141d4ec")
    assert verdict.measurements["rtmr0"].startswith("44c0197b39157fdd")
    assert verdict.report_data.startswith("9a9d48e7f6799642")
    assert verdict.details["quote_version"] == "4"


def test_tdx_report_read_by_dcap_qvl_matches_the_layout() -> None:
    """The TD report comes from dcap-qvl's parsed report: its fields are where SOURCES.md says
    (v4 body at 48: MRTD at +136, RTMR0 at +328, REPORTDATA at +520), and its claims add the
    platform's PCK attributes (this fixture: a dynamic platform with cached keys and SMT)."""
    case = tdx_v4()
    raw = case.evidence.raw
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    assert verdict.measurements["mrtd"] == raw[48 + 136:48 + 184].hex()
    assert verdict.measurements["rtmr0"] == raw[48 + 328:48 + 376].hex()
    assert verdict.report_data == raw[48 + 520:48 + 584].hex()
    assert verdict.details["td_attributes"] == raw[48 + 120:48 + 128].hex()
    assert {k: v for k, v in verdict.details.items() if k.startswith("pck.")} == {
        "pck.dynamic_platform": "true", "pck.cached_keys": "true", "pck.smt_enabled": "true"}
    v5 = tdx_v5_outdated()  # TD 1.5 body, at 54
    assert verify_evidence(v5.evidence, PROD, at=v5.at).measurements["mrtd"] == (
        v5.evidence.raw[54 + 136:54 + 184].hex())


def test_tdx_v5_outdated_is_not_accepted() -> None:
    case = tdx_v5_outdated()
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    assert not verdict.valid
    assert any("No matching TCB level" in r for r in verdict.reasons), verdict.reasons
    assert verdict.status is None
    assert verdict.details["quote_version"] == "5"
    # Its signatures themselves hold: only the TCB evaluation fails.
    assert all(r.startswith("DCAP verification failed") for r in verdict.reasons)


def test_tdx_hex_without_collateral_is_honest() -> None:
    case = tdx_hex()
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    assert not verdict.valid
    assert verdict.reasons == [
        "no collateral: CRLs, TCB info and QE identity not checked, TCB status unknown"]
    assert verdict.status is None
    assert verdict.measurement.startswith("7ba9e262ce697908")


def test_snp_milan_debug_report_rejected_by_production_policy() -> None:
    case = snp_milan()
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    assert verdict.debug
    assert verdict.reasons == ["debug mode enabled"]
    allowed = verify_evidence(case.evidence, DEBUG_OK, at=case.at)
    assert allowed.valid, allowed.reasons
    assert allowed.details["policy"] == "0xb0000"
    assert allowed.report_data.startswith("0102030405")
    assert allowed.details["tcb.snp"] == "5" and allowed.details["tcb.microcode"] == "68"


def test_snp_dstack_container_at_offset() -> None:
    case = snp_dstack()
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    assert verdict.valid, verdict.reasons
    assert not verdict.debug
    assert bytes.fromhex(verdict.report_data).rstrip(b"\0") == b"attest-test-fixture-2026"
    assert verdict.measurements["host_data"] != "00" * 32
    assert verdict.details["report_version"] == "3"


def test_nvidia_h100() -> None:
    case = nvidia_h100()
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    assert verdict.valid, verdict.reasons
    assert verdict.report_data == (
        "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb")
    assert len(verdict.measurements) == 64
    assert verdict.details["driver_version"] == "550.90.07"


def test_nvidia_expected_nonce() -> None:
    case = nvidia_h100()
    good = case.evidence.model_copy(update={"nonce": verify_evidence(
        case.evidence, PROD, at=case.at).report_data.upper()})
    assert verify_evidence(good, PROD, at=case.at).valid
    bad = case.evidence.model_copy(update={"nonce": "00" * 32})
    verdict = verify_evidence(bad, PROD, at=case.at)
    assert verdict.reasons == ["evidence nonce differs from the expected nonce"]


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_keys_not_bound_by_fixtures(name: str) -> None:
    case = ALL_CASES[name]()
    verdict = verify_evidence(case.evidence, DEBUG_OK, keys=(b"h" * 32, b"s" * 32), at=case.at)
    assert "report_data does not bind the offered keys" in verdict.reasons
    assert verdict.binds == []


def test_key_binding_checked_against_report_data() -> None:
    # The kind verifier's report_data is what the binding is checked against: rebuild a verdict
    # path with evidence whose report_data is the binding (the simulated kind produces any).
    from cocoon.runtime.attestation import simulated

    keys = (b"h" * 32, b"s" * 32)
    evidence = simulated.produce(key_binding(*keys))
    verdict = verify_evidence(evidence, Policy.embedded(), keys=keys)
    assert verdict.valid and verdict.binds == ["hpke", "receipt-signing"]


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_wrong_kind_label_never_crashes(name: str) -> None:
    case = ALL_CASES[name]()
    for kind in ("tdx", "sev-snp", "nvidia", "simulated"):
        if kind == case.evidence.kind:
            continue
        evidence = case.evidence.model_copy(update={"kind": kind})
        verdict = verify_evidence(evidence, Policy.embedded(), at=case.at)
        unreadable = "malformed" if kind == "simulated" else "unreadable"
        assert_integrity_rejection(kind, verdict, starts=unreadable)


def test_measurement_policy() -> None:  # the allowlist itself: test_policy.py
    case = tdx_v4()
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    pinned = Policy(measurements={"tdx": [verdict.measurement] + [
        f"{n}={verdict.measurements[n]}" for n in ("rtmr0", "rtmr1", "rtmr2")]})
    assert verify_evidence(case.evidence, pinned, at=case.at).valid
    other = Policy(measurements={"tdx": ["00" * 48]}, required={})
    assert verify_evidence(case.evidence, other, at=case.at).reasons == [
        f"tdx mrtd {verdict.measurement[:16]}... is not on the allowlist"]
    rtmr = Policy(measurements={"tdx": ["rtmr2=" + "11" * 48, "rtmr2=" + "22" * 48]},
                  required={})
    assert verify_evidence(case.evidence, rtmr, at=case.at).reasons == [
        f"tdx rtmr2 {verdict.measurements['rtmr2'][:16]}... is not on the allowlist"]


def test_nvidia_golden_measurements() -> None:
    case = nvidia_h100()
    verdict = verify_evidence(case.evidence, PROD, at=case.at)
    golden = [f"{i}={v}" for i, v in verdict.measurements.items()]
    assert verify_evidence(case.evidence, Policy(measurements={"nvidia": golden},
                                                 **NO_REVOCATION), at=case.at).valid
    index = golden[2].split("=")[0]
    golden[2] = f"{index}={'ab' * 48}"
    rejected = verify_evidence(case.evidence, Policy(measurements={"nvidia": golden},
                                                     **NO_REVOCATION), at=case.at)
    got = verdict.measurements[index][:16]
    assert rejected.reasons == [f"nvidia {index} {got}... is not on the allowlist"]


def test_snp_min_tcb() -> None:
    case = snp_dstack()
    assert verify_evidence(case.evidence, Policy(snp_min_tcb={"snp": 23}, **NO_REVOCATION,
                                                 **UNPINNED), at=case.at).valid
    verdict = verify_evidence(case.evidence, Policy(snp_min_tcb={"snp": 24}, **NO_REVOCATION,
                                                    **UNPINNED), at=case.at)
    assert verdict.reasons == ["SEV-SNP snp SVN 23 below 24"]


def test_kind_not_accepted() -> None:
    case = tdx_v4()
    verdict = verify_evidence(case.evidence, Policy(accept_kinds=["sev-snp"], **UNPINNED),
                              at=case.at)
    assert verdict.reasons == ["policy does not accept tdx evidence"]


def test_unpinned_time_uses_now() -> None:
    # The v4 collateral expired in 2025: verified now, it is rejected, not crashed.
    verdict = verify_evidence(tdx_v4().evidence, PROD)
    assert not verdict.valid
    assert any("expired" in r.lower() for r in verdict.reasons), verdict.reasons


def test_verifier_returns_verdict_for_naive_time() -> None:
    case = snp_dstack()
    verdict = verify_evidence(case.evidence, PROD, at=case.at.replace(tzinfo=None))
    assert verdict.valid


def test_kind_verifiers_take_evidence_and_time() -> None:
    case = nvidia_h100()
    assert kind_verifier("nvidia")(case.evidence, datetime(2026, 1, 1, tzinfo=UTC)).valid
    assert isinstance(case.evidence, Evidence)


def _self_made_cert(subject_cn: str, issuer_cn: str, key, signer):
    from datetime import timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    now = datetime(2026, 1, 1, tzinfo=UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_cn)]))
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(signer, hashes.SHA384())
    )


def test_pinned_amd_arks_are_self_signed_roots() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    from cocoon.runtime.attestation import certs

    for product, name in certs.AMD_ASK_ARK.items():
        ark = certs.pinned(name)[-1]
        assert ark.subject == ark.issuer and f"ARK-{product}" in ark.subject.rfc4514_string()
        ark.public_key().verify(ark.signature, ark.tbs_certificate_bytes,
                                padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48),
                                hashes.SHA384())
    turin = certs.pinned(certs.AMD_ASK_ARK["Turin"])[-1]
    assert turin.fingerprint(hashes.SHA256()).hex() == (
        "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a")


def test_turin_chain_needs_an_ask_signed_by_the_pinned_ark() -> None:
    """No Turin evidence exists in the fixtures: a self-made VCEK/ASK pair stands in, and must
    be refused for want of an ASK, then for an ASK that ARK-Turin did not sign."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    from cocoon.runtime.attestation.snp import _chain_reasons

    ask_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    vcek_key = ec.generate_private_key(ec.SECP384R1())
    vcek = _self_made_cert("SEV-VCEK", "SEV-Turin", vcek_key, ask_key)
    ask = _self_made_cert("SEV-Turin", "ARK-Turin", ask_key, ask_key)
    at = datetime(2026, 6, 1, tzinfo=UTC)
    assert any("send the ASK" in r for r in _chain_reasons([vcek], at))
    reasons = _chain_reasons([vcek, ask], at)
    assert reasons and not any("no pinned" in r for r in reasons)
