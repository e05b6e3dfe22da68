"""The provider attaches collateral where it produces evidence: Intel PCS collateral to TDX
quotes (through dcap-qvl), the AMD KDS CRL to SEV-SNP reports, NVIDIA OCSP responses to GPU
evidence; cached where that is sound; a failed fetch leaves the evidence without collateral.

Intel, AMD and NVIDIA cannot be reached from here: the fetch is injected. For TDX it answers
with the real fixture collateral (so the attached evidence verifies); for AMD and NVIDIA, whose
real answers are not in the fixtures, it answers with a CRL / OCSP response we signed, which
the verifier must then refuse for not being signed by the vendor (the attach path is what is
tested here; accepting a vendor-signed answer is tested with a test root in test_revocation.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from attestation_cases import NO_REVOCATION, SNP_AT, TDX_AT, UNPINNED, nvidia_h100, read
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp
from test_produce import cert_table, fake_tsm

from cocoon.runtime.attestation import Policy, certs, spdm, verify_evidence
from cocoon.runtime.attestation.collateral import CollateralFetcher
from cocoon.runtime.attestation.produce import produce_all
from cocoon.runtime.attestation.revocation import RevocationCollateral

TDX_COLLATERAL = read("tdx/dcap-qvl_tdx_quote_collateral.json").decode()


class Recorder:
    """An injected fetch: records each (url, body) and answers from ``answer``."""

    def __init__(self, answer) -> None:
        self.calls: list[tuple[str, bytes | None]] = []
        self.answer = answer

    def __call__(self, url: str, body: bytes | None) -> bytes:
        self.calls.append((url, body))
        return self.answer(url, body)


def _offline(url: str, body: bytes | None) -> bytes:
    raise OSError("network unreachable (test)")


def test_tdx_quote_gets_intel_collateral_through_dcap_qvl(tmp_path: Path) -> None:
    fake_tsm(tmp_path / "tsm", "e1", "tdx_guest", read("tdx/dcap-qvl_tdx_quote.bin"))
    asked: list[str] = []

    def pcs(url: str, quote: bytes) -> str:
        asked.append(url)
        return TDX_COLLATERAL

    fetcher = CollateralFetcher(fetch=_offline, cache_dir=tmp_path / "cache", tdx_get=pcs)
    [evidence] = produce_all(b"x", tsm_root=tmp_path / "tsm", entry="e1", collateral=fetcher)
    assert evidence.kind == "tdx" and evidence.collateral == TDX_COLLATERAL
    assert asked == ["https://api.trustedservices.intel.com"]
    assert verify_evidence(evidence, Policy(**UNPINNED), at=TDX_AT).valid
    # cached per FMSPC: the next quote is served from the cache, not the network
    assert (tmp_path / "cache" / "B0C06F000000.json").read_text() == TDX_COLLATERAL
    bare = evidence.model_copy(update={"collateral": None})
    again = CollateralFetcher(fetch=_offline, cache_dir=tmp_path / "cache",
                              tdx_get=lambda url, quote: pytest.fail("fetched, not cached"))
    assert again.attach(bare, at=TDX_AT).collateral == TDX_COLLATERAL
    # an hour before the TCB info's nextUpdate (2025-07-19T10:16:03Z) it is fetched again
    fresh = CollateralFetcher(fetch=_offline, cache_dir=tmp_path / "cache", tdx_get=pcs)
    assert fresh.attach(bare, at=datetime(2025, 7, 19, 9, 30, tzinfo=UTC)).collateral
    assert len(asked) == 2
    (tmp_path / "cache" / "B0C06F000000.json").write_text("not json")  # damaged: fetched again
    assert fresh.attach(bare, at=TDX_AT).collateral == TDX_COLLATERAL and len(asked) == 3


def _crl_we_signed(at, next_update) -> bytes:
    ark = certs.pinned(certs.AMD_ASK_ARK["Milan"])[-1]
    key = ec.generate_private_key(ec.SECP384R1())
    return (x509.CertificateRevocationListBuilder().issuer_name(ark.subject)
            .last_update(at - timedelta(days=1)).next_update(next_update)
            .sign(key, hashes.SHA384()).public_bytes(serialization.Encoding.DER))


def test_snp_report_gets_the_amd_crl_of_its_product_line(tmp_path: Path) -> None:
    fake_tsm(tmp_path / "tsm", "e1", "sev_guest", read("sev-snp/go-sev-guest_milan_report.bin"),
             cert_table(read("sev-snp/go-sev-guest_milan_vcek.der")))
    fetch = Recorder(lambda url, body: _crl_we_signed(SNP_AT, SNP_AT + timedelta(days=7)))
    fetcher = CollateralFetcher(fetch=fetch, cache_dir=tmp_path / "cache")
    evidence = fetcher.attach(produce_all(b"x", tsm_root=tmp_path / "tsm", entry="e1",
                                          collateral=CollateralFetcher(fetch=_offline))[0],
                              at=SNP_AT)
    assert fetch.calls == [("https://kdsintf.amd.com/vcek/v1/Milan/crl", None)]
    assert len(RevocationCollateral.parse(evidence.collateral).crl_objects()) == 1
    verdict = verify_evidence(evidence, Policy(allow_debug=True, **UNPINNED), at=SNP_AT)
    assert [r for r in verdict.reasons if "CRL" in r] == [
        "AMD Milan CRL is not signed by 'ARK-Milan' (issuer 'CN=ARK-Milan,O=Advanced Micro "
        "Devices,ST=CA,L=Santa Clara,C=US,OU=Engineering')"]
    # cached until shortly before its nextUpdate
    bare = evidence.model_copy(update={"collateral": None})
    assert fetcher.attach(bare, at=SNP_AT).collateral == evidence.collateral
    assert len(fetch.calls) == 1
    fetcher.attach(bare, at=SNP_AT + timedelta(days=7) - timedelta(minutes=30))
    assert len(fetch.calls) == 2


def test_gpu_evidence_gets_ocsp_responses_with_its_nonce() -> None:
    evidence = nvidia_h100().evidence
    nonce = spdm.parse(evidence.raw).nonce
    chain = certs.load_certificates(evidence.chain.encode())
    key = ec.generate_private_key(ec.SECP384R1())

    def responder(url: str, body: bytes | None) -> bytes:
        request = ocsp.load_der_ocsp_request(body)
        cert = next(c for c in chain if c.serial_number == request.serial_number)
        issuer = chain[chain.index(cert) + 1]
        imposter = (x509.CertificateBuilder().subject_name(issuer.subject)
                    .issuer_name(issuer.subject).public_key(key.public_key()).serial_number(5)
                    .not_valid_before(nvidia_h100().at - timedelta(days=1))
                    .not_valid_after(nvidia_h100().at + timedelta(days=1))
                    .sign(key, hashes.SHA384()))
        return (ocsp.OCSPResponseBuilder().add_response(
            cert=cert, issuer=issuer, algorithm=hashes.SHA384(),
            cert_status=ocsp.OCSPCertStatus.GOOD, this_update=nvidia_h100().at,
            next_update=nvidia_h100().at + timedelta(days=1), revocation_time=None,
            revocation_reason=None).responder_id(ocsp.OCSPResponderEncoding.HASH, imposter)
            .add_extension(request.extensions.get_extension_for_class(x509.OCSPNonce).value,
                           critical=False)
            .sign(key, hashes.SHA384()).public_bytes(serialization.Encoding.DER))

    fetch = Recorder(responder)
    attached = CollateralFetcher(fetch=fetch, cache_dir=None).attach(evidence)
    asked = [ocsp.load_der_ocsp_request(body) for _, body in fetch.calls]
    # every certificate between the leaf and the root, each with the evidence's nonce
    assert [r.serial_number for r in asked] == [c.serial_number for c in chain[1:4]]
    assert {r.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
            for r in asked} == {nonce}
    assert {url for url, _ in fetch.calls} == {"https://ocsp.ndis.nvidia.com/"}
    assert len(RevocationCollateral.parse(attached.collateral).ocsp) == 3
    verdict = verify_evidence(attached, Policy(**UNPINNED), at=nvidia_h100().at)
    assert ("NVIDIA OCSP response for 'GH100 A01 GSP BROM' is not signed by its issuer or a "
            "responder it authorised") in verdict.reasons


def test_a_failed_fetch_leaves_evidence_bare_and_the_policy_decides(tmp_path, caplog) -> None:
    fake_tsm(tmp_path / "tsm", "e1", "sev_guest", read("sev-snp/go-sev-guest_milan_report.bin"),
             cert_table(read("sev-snp/go-sev-guest_milan_vcek.der")))
    with caplog.at_level(logging.WARNING, logger="cocoon.attestation"):
        [evidence] = produce_all(b"x", tsm_root=tmp_path / "tsm", entry="e1",
                                 collateral=CollateralFetcher(fetch=_offline, cache_dir=None))
    assert evidence.collateral is None
    assert "no sev-snp collateral attached: network unreachable (test)" in caplog.text
    production = verify_evidence(evidence, Policy(allow_debug=True, **UNPINNED), at=SNP_AT)
    assert production.reasons == ["revocation not checked: no AMD Milan CRL attached (the "
                                  "policy requires revocation collateral)"]
    development = Policy(allow_debug=True, **NO_REVOCATION, **UNPINNED)
    assert verify_evidence(evidence, development, at=SNP_AT).valid


def test_simulated_evidence_fetches_nothing() -> None:
    fetch = Recorder(_offline)
    [evidence] = produce_all(b"x", allow_simulated=True, tsm_root=Path("/nonexistent"),
                             dev_root=Path("/nonexistent"),
                             collateral=CollateralFetcher(fetch=fetch))
    assert evidence.kind == "simulated" and fetch.calls == []
