"""Revocation: AMD CRLs (SEV-SNP) and NVIDIA OCSP responses (GPU chain) attached as collateral.

The real AMD KDS CRL and NVIDIA OCSP responses cannot be fetched offline, and none is in the
fixtures. So the tests that need a CRL or OCSP response the verifier must ACCEPT (or find a
revoked serial in) build their own with ``cryptography``, signed by a TEST CA that the test pins
as the vendor root in place of AMD's ARK / NVIDIA's device root (``certs.pinned`` patched); the
evidence is the real fixture's report or SPDM transcript, re-signed by a test VCEK / GPU key
under that test root (the VCEK keeps the real one's TCB and hardware-id extensions). Against the
REAL pinned roots only the refusal paths can be tested: a CRL or OCSP response we make is never
signed by AMD's or NVIDIA's key, so it must be refused ("not signed by"), and it is.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

import pytest
from attestation_cases import nvidia_h100, read, snp_dstack
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from cocoon.runtime.attestation import Evidence, Policy, certs, spdm, verify_evidence
from cocoon.runtime.attestation.revocation import RevocationCollateral, check_crls, to_der_b64
from cocoon.runtime.attestation.verify import kind_verifier


def _pins() -> dict[str, list[str]]:
    """The fixtures' own measurements: the policies below pin them, so that what is tested is
    revocation, not the measurement allowlist (re-signing leaves the measurements alone)."""
    return {case.evidence.kind: [kind_verifier(case.evidence.kind)(case.evidence, case.at)
                                 .measurement] for case in (snp_dstack(), nvidia_h100())}


PROD = Policy(measurements=_pins())  # production: revocation collateral required
DEV = Policy(measurements=_pins(), allow_debug=True, require_revocation=False)
ASK_SERIAL = 0xA5C


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject: str, issuer: x509.Name, key, signer, *, serial: int, ca: bool,
          at: datetime, extensions: list[x509.Extension] = (), eku=None) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(at - timedelta(days=30)).not_valid_after(at + timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    for ext in extensions:
        builder = builder.add_extension(ext.value, critical=ext.critical)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    return builder.sign(signer, hashes.SHA384())


def _key():
    return ec.generate_private_key(ec.SECP384R1())


def _crl(issuer: x509.Name, signer, at: datetime, revoked: list[int], *,
         next_update: datetime | None = None) -> x509.CertificateRevocationList:
    builder = (x509.CertificateRevocationListBuilder().issuer_name(issuer)
               .last_update(at - timedelta(days=1))
               .next_update(next_update or at + timedelta(days=7)))
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(at - timedelta(days=2)).build())
    return builder.sign(signer, hashes.SHA384())


def _with(evidence: Evidence, *, crls=(), responses=()) -> Evidence:
    doc = RevocationCollateral(crls=[to_der_b64(c) for c in crls],
                               ocsp=[to_der_b64(r) for r in responses])
    return evidence.model_copy(update={"collateral": doc.model_dump_json()})


# --- SEV-SNP: the dstack report re-signed under a test ARK -> ASK -> VCEK --------------------

@pytest.fixture
def snp(monkeypatch):
    """(evidence, test ARK, its key, test ASK): the test root pinned as ARK-Milan."""
    case = snp_dstack()
    at = case.at
    real_vcek = certs.load_certificates(read("sev-snp/dstack_vcek.pem"))[0]
    ark_key, ask_key, vcek_key = _key(), _key(), _key()
    ark = _cert("ARK-Milan", _name("ARK-Milan"), ark_key, ark_key, serial=1, ca=True, at=at)
    ask = _cert("SEV-Milan", ark.subject, ask_key, ark_key, serial=ASK_SERIAL, ca=True, at=at)
    amd = [e for e in real_vcek.extensions if e.oid.dotted_string.startswith("1.3.6.1.4.1.3704")]
    # Real VCEKs carry serial 0, which cryptography's builder refuses: the test VCEK has 1.
    vcek = _cert("SEV-VCEK", ask.subject, vcek_key, ask_key, serial=1, ca=False, at=at,
                 extensions=amd)
    raw, off = bytearray(case.evidence.raw), case.evidence.offset
    der = vcek_key.sign(bytes(raw[off:off + 0x2A0]), ec.ECDSA(hashes.SHA384()))
    r, s = utils.decode_dss_signature(der)
    raw[off + 0x2A0:off + 0x2A0 + 144] = r.to_bytes(72, "little") + s.to_bytes(72, "little")
    real_pinned = certs.pinned
    monkeypatch.setattr(certs, "pinned", lambda name: (ask, ark) if name == certs.AMD_ASK_ARK[
        "Milan"] else real_pinned(name))
    evidence = case.evidence.model_copy(update={
        "data": base64.b64encode(bytes(raw)).decode(),
        "chain": vcek.public_bytes(serialization.Encoding.PEM).decode()})
    return evidence, ark, ark_key, ask


def test_snp_crl_not_listing_the_chain_passes_production(snp) -> None:
    evidence, ark, ark_key, _ = snp
    at = snp_dstack().at
    verdict = verify_evidence(_with(evidence, crls=[_crl(ark.subject, ark_key, at, [7])]), PROD,
                              at=at, use_cache=False)
    assert verdict.valid, verdict.reasons
    assert verdict.revocation_unchecked is None and verdict.warnings == []


def test_snp_revoked_ask_refused(snp) -> None:
    evidence, ark, ark_key, _ = snp
    at = snp_dstack().at
    crl = _crl(ark.subject, ark_key, at, [7, ASK_SERIAL])
    for policy in (PROD, DEV):
        verdict = verify_evidence(_with(evidence, crls=[crl]), policy, at=at, use_cache=False)
        assert not verdict.valid
        assert verdict.reasons == [
            f"revoked: ASK serial {ASK_SERIAL:#x} listed in AMD Milan CRL (revoked "
            f"{(at - timedelta(days=2)).isoformat()})"]


def test_snp_crl_signed_by_the_wrong_key_refused(snp) -> None:
    evidence, ark, _, _ = snp
    at = snp_dstack().at
    forged = _crl(ark.subject, _key(), at, [])  # the ARK's name, another key
    verdict = verify_evidence(_with(evidence, crls=[forged]), DEV, at=at, use_cache=False)
    assert verdict.reasons == [
        "AMD Milan CRL is not signed by 'ARK-Milan' (issuer 'CN=ARK-Milan')"]


def test_snp_expired_crl_refused(snp) -> None:
    evidence, ark, ark_key, _ = snp
    at = snp_dstack().at
    stale = _crl(ark.subject, ark_key, at - timedelta(days=30), [],
                 next_update=at - timedelta(days=1))
    verdict = verify_evidence(_with(evidence, crls=[stale]), DEV, at=at, use_cache=False)
    assert len(verdict.reasons) == 1 and verdict.reasons[0].startswith("AMD Milan CRL not valid")
    assert verdict.reasons[0].endswith("stale or expired")


def test_snp_missing_crl_production_refuses_development_warns(snp) -> None:
    evidence, *_ = snp
    at = snp_dstack().at
    refused = verify_evidence(evidence, PROD, at=at, use_cache=False)
    assert refused.reasons == ["revocation not checked: no AMD Milan CRL attached (the policy "
                               "requires revocation collateral)"]
    warned = verify_evidence(evidence, DEV, at=at, use_cache=False)
    assert warned.valid and warned.warnings == [
        "revocation not checked: no AMD Milan CRL attached"]


def test_rsa_pss_crl_as_amd_signs_them() -> None:
    """AMD's ARKs sign with RSA-PSS (SHA-384, salt 48): such a CRL is read and checked."""
    at = snp_dstack().at
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ark = _cert("ARK-Milan", _name("ARK-Milan"), key, key, serial=1, ca=True, at=at)
    ask = _cert("SEV-Milan", ark.subject, _key(), key, serial=ASK_SERIAL, ca=True, at=at)
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(ark.subject)
           .last_update(at - timedelta(days=1)).next_update(at + timedelta(days=7))
           .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(ASK_SERIAL)
                                    .revocation_date(at - timedelta(days=1)).build())
           .sign(key, hashes.SHA384(), rsa_padding=pss))
    reasons = check_crls([crl], ark, [("ASK", ask)], at, "AMD Milan")
    assert len(reasons) == 1 and reasons[0].startswith(f"revoked: ASK serial {ASK_SERIAL:#x}")


def test_snp_real_ark_refuses_a_crl_we_signed() -> None:
    """Against the real pinned ARK-Milan only the refusal can be tested: a CRL naming the ARK
    but signed by our key (AMD's real CRL is not fetchable offline)."""
    case = snp_dstack()
    ark = certs.pinned(certs.AMD_ASK_ARK["Milan"])[-1]
    forged = _crl(ark.subject, _key(), case.at, [])
    verdict = verify_evidence(_with(case.evidence, crls=[forged]), DEV, at=case.at)
    assert not verdict.valid
    assert any(r.startswith("AMD Milan CRL is not signed by 'ARK-Milan'")
               for r in verdict.reasons), verdict.reasons


# --- NVIDIA: the H100 transcript re-signed under a test root -> identity CA -> GPU key --------

class Gpu:
    def __init__(self, evidence: Evidence, root, root_key, ca, ca_key, leaf, nonce: bytes):
        self.evidence, self.root, self.root_key = evidence, root, root_key
        self.ca, self.ca_key, self.leaf, self.nonce = ca, ca_key, leaf, nonce

    def response(self, status=ocsp.OCSPCertStatus.GOOD, *, cert=None, signer=None,
                 responder=None, include: bool = True, nonce: bytes | None = None,
                 next_update=True, this_update: datetime | None = None) -> ocsp.OCSPResponse:
        at = nvidia_h100().at
        this = this_update or at - timedelta(hours=1)
        responder = responder or self.root
        builder = ocsp.OCSPResponseBuilder().add_response(
            cert=cert or self.ca, issuer=self.root, algorithm=hashes.SHA256(),
            cert_status=status, this_update=this,
            next_update=this + timedelta(days=1) if next_update else None,
            revocation_time=at - timedelta(days=3)
            if status == ocsp.OCSPCertStatus.REVOKED else None,
            revocation_reason=x509.ReasonFlags.key_compromise
            if status == ocsp.OCSPCertStatus.REVOKED else None,
        ).responder_id(ocsp.OCSPResponderEncoding.HASH, responder)
        if responder is not self.root and include:
            builder = builder.certificates([responder])
        if nonce is not None:
            builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
        return builder.sign(signer or self.root_key, hashes.SHA384())


@pytest.fixture
def gpu(monkeypatch) -> Gpu:
    case = nvidia_h100()
    at = case.at
    root_key, ca_key, leaf_key = _key(), _key(), _key()
    root = _cert("Test Device Identity CA", _name("Test Device Identity CA"), root_key, root_key,
                 serial=1, ca=True, at=at)
    ca = _cert("Test GH100 Identity", root.subject, ca_key, root_key, serial=0x1D, ca=True, at=at)
    leaf = _cert("Test GSP FMC LF", ca.subject, leaf_key, ca_key, serial=0x1EAF, ca=False, at=at)
    raw = case.evidence.raw
    transcript = spdm.parse(raw)
    r, s = utils.decode_dss_signature(leaf_key.sign(transcript.signed,
                                                    ec.ECDSA(hashes.SHA384())))
    resigned = transcript.signed + r.to_bytes(48, "big") + s.to_bytes(48, "big")
    real_pinned = certs.pinned
    monkeypatch.setattr(certs, "pinned", lambda name: (root,) if name == certs.NVIDIA_DEVICE_ROOT
                        else real_pinned(name))
    chain = "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in (leaf, ca))
    evidence = case.evidence.model_copy(update={
        "data": base64.b64encode(resigned).decode(), "chain": chain})
    return Gpu(evidence, root, root_key, ca, ca_key, leaf, transcript.nonce)


def _gpu_verdict(gpu: Gpu, *responses: ocsp.OCSPResponse, policy: Policy = PROD):
    return verify_evidence(_with(gpu.evidence, responses=responses), policy,
                           at=nvidia_h100().at, use_cache=False)


def test_nvidia_good_ocsp_passes_production(gpu) -> None:
    verdict = _gpu_verdict(gpu, gpu.response(nonce=gpu.nonce))
    assert verdict.valid, verdict.reasons
    assert verdict.revocation_unchecked is None


def test_nvidia_delegated_responder_with_ocsp_signing(gpu) -> None:
    at = nvidia_h100().at
    key = _key()
    responder = _cert("Test OCSP Responder", gpu.root.subject, key, gpu.root_key, serial=0x5,
                      ca=False, at=at, eku=[ExtendedKeyUsageOID.OCSP_SIGNING])
    assert _gpu_verdict(gpu, gpu.response(signer=key, responder=responder)).valid
    plain = _cert("Test Not A Responder", gpu.root.subject, key, gpu.root_key, serial=0x6,
                  ca=False, at=at)
    verdict = _gpu_verdict(gpu, gpu.response(signer=key, responder=plain))
    assert verdict.reasons[0] == (
        "NVIDIA OCSP responder 'Test Not A Responder' is neither the issuer of 'Test GH100 "
        "Identity' nor certified by it or the pinned root for OCSP signing")


def test_nvidia_revoked_refused(gpu) -> None:
    verdict = _gpu_verdict(gpu, gpu.response(ocsp.OCSPCertStatus.REVOKED), policy=DEV)
    assert not verdict.valid
    when = (nvidia_h100().at - timedelta(days=3)).isoformat()
    assert verdict.reasons[0] == (
        f"revoked: NVIDIA certificate 'Test GH100 Identity' serial 0x1d revoked at {when} "
        "(key_compromise, OCSP)")


def test_nvidia_unknown_status_refused(gpu) -> None:
    verdict = _gpu_verdict(gpu, gpu.response(ocsp.OCSPCertStatus.UNKNOWN), policy=DEV)
    assert verdict.reasons[0] == "NVIDIA OCSP status unknown for 'Test GH100 Identity' serial 0x1d"


def test_nvidia_response_for_another_serial_refused(gpu) -> None:
    at = nvidia_h100().at
    other = _cert("Another GPU", gpu.root.subject, _key(), gpu.root_key, serial=0xBAD, ca=True,
                  at=at)
    verdict = _gpu_verdict(gpu, gpu.response(cert=other), policy=DEV)
    assert not verdict.valid
    assert verdict.reasons[0] == (
        "NVIDIA OCSP response about serial 0xbad, which is no certificate of the chain")


def _imposter(cert: x509.Certificate, key) -> x509.Certificate:
    """A self-signed certificate with ``cert``'s name and another key."""
    return _cert(certs.common_name(cert), cert.subject, key, key, serial=9, ca=True,
                 at=nvidia_h100().at)


def test_nvidia_response_signed_by_the_wrong_key_refused(gpu) -> None:
    key = _key()
    imposter = _imposter(gpu.root, key)
    verdict = _gpu_verdict(gpu, gpu.response(signer=key, responder=imposter, include=False),
                           policy=DEV)
    assert verdict.reasons[0] == ("NVIDIA OCSP response for 'Test GH100 Identity' is not signed "
                                  "by its issuer or a responder it authorised")
    carried = _gpu_verdict(gpu, gpu.response(signer=key, responder=imposter), policy=DEV)
    assert carried.reasons[0].startswith(
        "NVIDIA OCSP responder 'Test Device Identity CA' is neither the issuer")


def test_nvidia_expired_response_and_wrong_nonce_refused(gpu) -> None:
    at = nvidia_h100().at
    old = gpu.response(this_update=at - timedelta(days=3))
    assert _gpu_verdict(gpu, old, policy=DEV).reasons[0].startswith(
        "NVIDIA OCSP response for 'Test GH100 Identity' not valid at")
    no_next = gpu.response(this_update=at - timedelta(days=8), next_update=False)
    assert not _gpu_verdict(gpu, no_next, policy=DEV).valid
    verdict = _gpu_verdict(gpu, gpu.response(nonce=b"\x00" * 32), policy=DEV)
    assert verdict.reasons == [
        "NVIDIA OCSP response for 'Test GH100 Identity' carries another nonce"]


def test_nvidia_missing_ocsp_production_refuses_development_warns(gpu) -> None:
    refused = _gpu_verdict(gpu)
    assert refused.reasons == [
        "revocation not checked: no NVIDIA OCSP response for 'Test GH100 Identity' (the policy "
        "requires revocation collateral)"]
    warned = _gpu_verdict(gpu, policy=DEV)
    assert warned.valid and warned.warnings


def test_nvidia_real_root_refuses_a_response_we_signed() -> None:
    """Against the real NVIDIA chain only the refusal can be tested: a response about its real
    'NVIDIA GH100 Identity' certificate, signed by our key (NVIDIA's OCSP responder is not
    reachable offline)."""
    case = nvidia_h100()
    chain = certs.load_certificates(case.evidence.chain.encode())
    identity, root = chain[3], certs.pinned(certs.NVIDIA_DEVICE_ROOT)[-1]
    key = _key()
    forged = (ocsp.OCSPResponseBuilder().add_response(
        cert=identity, issuer=root, algorithm=hashes.SHA256(),
        cert_status=ocsp.OCSPCertStatus.GOOD, this_update=case.at - timedelta(hours=1),
        next_update=case.at + timedelta(days=1), revocation_time=None, revocation_reason=None)
        .responder_id(ocsp.OCSPResponderEncoding.NAME, _imposter(root, key))
        .sign(key, hashes.SHA384()))
    verdict = verify_evidence(_with(case.evidence, responses=[forged]), DEV, at=case.at)
    assert not verdict.valid
    assert ("NVIDIA OCSP response for 'NVIDIA GH100 Identity' is not signed by its issuer or a "
            "responder it authorised") in verdict.reasons


def test_real_fixtures_need_revocation_collateral_in_production() -> None:
    for case in (snp_dstack(), nvidia_h100()):
        verdict = verify_evidence(case.evidence, PROD, at=case.at)
        assert not verdict.valid
        assert verdict.reasons[-1].startswith("revocation not checked: no ")
        assert verify_evidence(case.evidence, Policy.embedded(), at=case.at).warnings


def test_unreadable_collateral_is_a_reason() -> None:
    case = snp_dstack()
    bad = case.evidence.model_copy(update={"collateral": '{"crls": ["bm90IGEgQ1JM"]}'})
    verdict = verify_evidence(bad, DEV, at=case.at)
    assert "AMD revocation collateral: an attached CRL is unreadable" in verdict.reasons
