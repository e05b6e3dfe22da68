"""The project's copy of the attestation fixtures is complete, unchanged and self-contained.

The files came byte for byte from vendor and open-source repositories (SOURCES.md); a test that
read a silently edited or missing fixture would prove nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from attestation_cases import FIXTURES, NO_REVOCATION, UNPINNED, fixture_path, pem, read, snp_dstack
from cryptography.hazmat.primitives import serialization

from cocoon.runtime.attestation import Policy, certs, verify_evidence

REPO = Path(__file__).resolve().parents[2]


def sums() -> dict[str, str]:
    lines = (FIXTURES / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def test_fixtures_live_inside_the_repository() -> None:
    assert FIXTURES.resolve().is_relative_to(REPO)
    for name in ("SOURCES.md", "LICENSES/Apache-2.0.txt", "LICENSES/MIT-dcap-qvl.txt"):
        assert (FIXTURES / name).is_file(), name


def test_every_fixture_matches_its_recorded_hash() -> None:
    recorded = sums()
    on_disk = {str(p.relative_to(FIXTURES)) for d in ("tdx", "sev-snp", "nvidia")
               for p in (FIXTURES / d).iterdir()}
    assert set(recorded) == on_disk
    for name, digest in recorded.items():
        assert hashlib.sha256(read(name)).hexdigest() == digest, name
        assert Path(name).name in (FIXTURES / "SOURCES.md").read_text(), name


def test_a_missing_fixture_is_an_error_not_a_skip() -> None:
    with pytest.raises(FileNotFoundError, match=r"tdx/absent\.bin"):
        fixture_path("tdx/absent.bin")


@pytest.mark.parametrize(("fixture", "pinned"), [
    ("tdx/intel_sgx_root_ca.der", certs.INTEL_SGX_ROOT),
    ("sev-snp/amd_ask_ark_milan.pem", certs.AMD_ASK_ARK["Milan"]),
    ("sev-snp/amd_ask_ark_genoa.pem", certs.AMD_ASK_ARK["Genoa"]),
    ("nvidia/nvidia_device_identity_root.pem", certs.NVIDIA_DEVICE_ROOT),
])
def test_pinned_roots_are_the_vendors_published_roots(fixture: str, pinned: str) -> None:
    """The runtime pins exactly the certificates the vendors' own verifiers ship."""
    der = [c.public_bytes(serialization.Encoding.DER) for c in certs.load_certificates(
        read(fixture))]
    assert der == [c.public_bytes(serialization.Encoding.DER) for c in certs.pinned(pinned)]


def test_intel_root_hash_as_sources_says() -> None:
    assert hashlib.sha256(read("tdx/intel_sgx_root_ca.der")).hexdigest() == (
        "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3")


def test_snp_with_the_ask_sent_after_the_vcek() -> None:
    """dstack ships the ASK beside its VCEK: sent with the report, it chains to the pinned ARK."""
    case = snp_dstack()
    chain = case.evidence.chain + pem(read("sev-snp/dstack_ask.pem"))
    verdict = verify_evidence(case.evidence.model_copy(update={"chain": chain}),
                              Policy(**NO_REVOCATION, **UNPINNED),
                              at=case.at, use_cache=False)
    assert verdict.valid, verdict.reasons
