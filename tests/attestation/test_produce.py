"""Producing evidence through configfs-tsm, on a fake configfs tree fed with real evidence."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from attestation_cases import NO_REVOCATION, SNP_AT, TDX_AT, UNPINNED, read

from cocoon.runtime.attestation import Policy, key_binding, verify_evidence
from cocoon.runtime.attestation.produce import TeeUnavailable, produce, produce_all

VCEK_GUID = uuid.UUID("63da758d-e664-4564-adc5-f4b93be8accd").bytes_le


def fake_tsm(root: Path, entry: str, provider: str, outblob: bytes,
             auxblob: bytes | None = None) -> Path:
    """What the kernel shows in a report entry: the attribute files."""
    path = root / "report" / entry
    path.mkdir(parents=True)
    (path / "provider").write_text(provider + "\n")
    (path / "outblob").write_bytes(outblob)
    (path / "generation").write_text("1\n")
    if auxblob is not None:
        (path / "auxblob").write_bytes(auxblob)
    return path


def cert_table(vcek_der: bytes) -> bytes:
    """An SEV-SNP certificate table: one entry (GUID, offset, length), a zero entry, the cert."""
    offset = 2 * 24
    return (VCEK_GUID + offset.to_bytes(4, "little") + len(vcek_der).to_bytes(4, "little")
            + bytes(24) + vcek_der)


def test_tdx_through_configfs(tmp_path: Path) -> None:
    quote = read("tdx/dcap-qvl_tdx_quote.bin")
    entry = fake_tsm(tmp_path, "cocoon", "tdx_guest", quote)
    report_data = key_binding(b"h" * 32, b"s" * 32)
    evidence = produce(report_data, tsm_root=tmp_path, entry="cocoon")
    assert (entry / "inblob").read_bytes() == report_data
    assert evidence.kind == "tdx" and evidence.raw == quote
    with_collateral = evidence.model_copy(
        update={"collateral": read("tdx/dcap-qvl_tdx_quote_collateral.json").decode()})
    assert verify_evidence(with_collateral, Policy(**UNPINNED), at=TDX_AT).valid
    assert entry.is_dir()  # a named entry is reused, not removed


def test_snp_through_configfs_with_certificate_table(tmp_path: Path) -> None:
    report = read("sev-snp/go-sev-guest_milan_report.bin")
    vcek = read("sev-snp/go-sev-guest_milan_vcek.der")
    entry = fake_tsm(tmp_path, "e1", "sev_guest", report, cert_table(vcek))
    evidence = produce(b"short", tsm_root=tmp_path, entry="e1")
    assert (entry / "inblob").read_bytes() == b"short".ljust(64, b"\0")
    assert evidence.kind == "sev-snp" and evidence.raw == report
    assert evidence.chain and evidence.chain.startswith("-----BEGIN CERTIFICATE-----")
    verdict = verify_evidence(evidence, Policy(allow_debug=True, **NO_REVOCATION, **UNPINNED),
                              at=SNP_AT)
    assert verdict.valid, verdict.reasons


def test_snp_without_certificates_is_produced_but_not_verifiable(tmp_path: Path) -> None:
    fake_tsm(tmp_path, "e1", "sev_guest", read("sev-snp/go-sev-guest_milan_report.bin"), b"")
    evidence = produce(b"x", tsm_root=tmp_path, entry="e1")
    assert evidence.chain is None
    assert verify_evidence(evidence, Policy(allow_debug=True, **UNPINNED), at=SNP_AT).reasons == [
        "no VCEK supplied with the report"]


def test_configfs_errors_are_clear(tmp_path: Path) -> None:
    fake_tsm(tmp_path, "odd", "arm_cca_guest", b"\x01")
    with pytest.raises(TeeUnavailable, match="unsupported configfs-tsm provider"):
        produce(b"x", tsm_root=tmp_path, entry="odd")
    fake_tsm(tmp_path, "empty", "tdx_guest", b"")
    with pytest.raises(TeeUnavailable, match="empty report"):
        produce(b"x", tsm_root=tmp_path, entry="empty")
    # A fresh entry on a tree that is not configfs gets no attribute files from a kernel.
    with pytest.raises(TeeUnavailable, match="configfs-tsm report failed"):
        produce(b"x", tsm_root=tmp_path)
    with pytest.raises(ValueError, match="at most 64"):
        produce(b"x" * 65, tsm_root=tmp_path, entry="odd")


def test_no_tee(tmp_path: Path) -> None:
    with pytest.raises(TeeUnavailable, match="simulated TEEs are not allowed"):
        produce(b"x", tsm_root=tmp_path / "tsm", dev_root=tmp_path)
    evidence = produce(b"x" * 64, allow_simulated=True, tsm_root=tmp_path / "tsm",
                       dev_root=tmp_path)
    assert evidence.kind == "simulated"
    assert verify_evidence(evidence, Policy.embedded()).valid
    assert verify_evidence(evidence, Policy(**UNPINNED)).reasons == [
        "policy does not accept simulated evidence", "simulated TEE not allowed by policy"]
    assert [e.kind for e in produce_all(b"x", allow_simulated=True, tsm_root=tmp_path / "t",
                                        dev_root=tmp_path)][:1] == ["simulated"]


def test_device_without_configfs_is_unsupported(tmp_path: Path) -> None:
    (tmp_path / "sev-guest").touch()
    with pytest.raises(TeeUnavailable, match="ioctl is not supported"):
        produce(b"x", allow_simulated=True, tsm_root=tmp_path / "tsm", dev_root=tmp_path)
