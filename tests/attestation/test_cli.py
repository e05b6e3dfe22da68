"""``cocoon attest verify``: exit codes 0 valid / 1 rejected / 2 unusable, table and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attestation_cases import fixture_path
from typer.testing import CliRunner

from cocoon.platform.cli.attest import app

runner = CliRunner()
TDX_AT = "2025-07-01T00:00:00Z"


def no_revocation(tmp_path: Path, extra: str = "") -> str:
    """A policy file that only warns about unchecked revocation: the SEV-SNP and NVIDIA
    fixtures carry no AMD CRL / NVIDIA OCSP response (not fetchable offline). Measurements are
    not pinned either (a file without them would refuse all real evidence: fail closed)."""
    path = tmp_path / "policy.toml"
    path.write_text("require_revocation = false\npin_measurements = false\n" + extra)
    return str(path)


def run(*args: str):
    return runner.invoke(app, ["verify", *args])


def as_json(*args: str) -> tuple[int, dict]:
    result = run(*args, "--json")
    return result.exit_code, json.loads(result.stdout or result.stderr)  # errors: on stderr


def test_tdx_valid_json() -> None:
    code, out = as_json(str(fixture_path("tdx/dcap-qvl_tdx_quote.bin")), "--collateral",
                        str(fixture_path("tdx/dcap-qvl_tdx_quote_collateral.json")), "--at", TDX_AT)
    assert code == 0, out
    assert out["kind"] == "tdx" and out["valid"] and out["status"] == "UpToDate"
    assert out["reasons"] == []
    assert out["measurement"].startswith("91eb2b44") and out["report_data"].startswith("9a9d48e7")


def test_tdx_table() -> None:
    result = run(str(fixture_path("tdx/dcap-qvl_tdx_quote.bin")), "--collateral",
                 str(fixture_path("tdx/dcap-qvl_tdx_quote_collateral.json")), "--at", TDX_AT)
    assert result.exit_code == 0
    assert "VALID" in result.stdout and "UpToDate" in result.stdout


def test_tdx_outdated_rejected() -> None:
    code, out = as_json(str(fixture_path("tdx/dcap-qvl_tdx_quote_outdated.bin")), "--collateral",
                        str(fixture_path("tdx/dcap-qvl_tdx_quote_outdated_collateral.json")),
                        "--at", "2026-03-01T00:00:00+00:00")
    assert code == 1 and not out["valid"]
    assert any("No matching TCB level" in r for r in out["reasons"])


def test_tdx_hex_without_collateral() -> None:
    code, out = as_json(str(fixture_path("tdx/dcap-qvl_tdx-quote.hex")), "--at", TDX_AT)
    assert code == 1 and out["kind"] == "tdx"
    assert out["reasons"] == [
        "no collateral: CRLs, TCB info and QE identity not checked, TCB status unknown"]


def test_snp_milan_debug_rejected_by_default_then_allowed(tmp_path: Path) -> None:
    args = (str(fixture_path("sev-snp/go-sev-guest_milan_report.bin")), "--chain",
            str(fixture_path("sev-snp/go-sev-guest_milan_vcek.der")),
            "--at", "2026-11-01T00:00:00Z")
    code, out = as_json(*args)
    assert code == 1 and out["debug"] and out["reasons"] == [
        "revocation not checked: no AMD Milan CRL attached (the policy requires revocation "
        "collateral)", "debug mode enabled"]
    code, out = as_json(*args, "--policy", no_revocation(tmp_path))
    assert code == 1 and out["reasons"] == ["debug mode enabled"]
    code, out = as_json(*args, "--policy", no_revocation(tmp_path, "allow_debug = true\n"))
    assert code == 0 and out["valid"]
    assert out["warnings"] == ["revocation not checked: no AMD Milan CRL attached"]
    table = run(*args, "--policy", no_revocation(tmp_path, "allow_debug = true\n")).stdout
    assert "warning" in table and "revocation not checked" in table


def test_snp_dstack_container_detected_and_with_offset(tmp_path: Path) -> None:
    args = [str(fixture_path("sev-snp/dstack_snp_attestation_container.bin")), "--chain",
            str(fixture_path("sev-snp/dstack_vcek.pem")), "--at", "2026-11-01T00:00:00Z",
            "--policy", no_revocation(tmp_path)]
    code, out = as_json(*args)
    assert code == 0, out
    code, out = as_json(*args, "--offset", "4")
    assert code == 0 and out["kind"] == "sev-snp"
    code, out = as_json(*args, "--offset", "8")
    assert code == 2 and out["error"]["code"] == "invalid_evidence"


def test_nvidia_hex_with_nonce(tmp_path: Path) -> None:
    args = [str(fixture_path("nvidia/nvtrust_hopper_attestation_report.hex")), "--chain",
            str(fixture_path("nvidia/nvtrust_hopper_cert_chain.pem")), "--at",
            "2026-01-01T00:00:00Z", "--policy", no_revocation(tmp_path)]
    code, out = as_json(*args)
    assert code == 0 and out["kind"] == "nvidia"
    nonce = out["report_data"]
    assert as_json(*args, "--nonce", nonce)[0] == 0
    code, out = as_json(*args, "--nonce", "00" * 32)
    assert code == 1 and out["reasons"] == ["evidence nonce differs from the expected nonce"]


def test_production_policy_rejects_missing_chain() -> None:
    code, out = as_json(str(fixture_path("nvidia/nvtrust_hopper_attestation_report.hex")))
    assert code == 1 and out["reasons"] == ["no readable GPU certificate chain supplied"]


@pytest.mark.parametrize("extra", [["--at", "yesterday"], ["--nonce", "zz"],
                                   ["--chain", "/nonexistent.pem"], ["--policy", "/nonexistent"],
                                   ["--collateral", "/nonexistent.json"], ["--offset", "-1"]])
def test_unusable_options(extra: list[str]) -> None:
    result = run(str(fixture_path("tdx/dcap-qvl_tdx_quote.bin")), *extra)
    assert result.exit_code == 2, result.output


def test_unusable_files(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x07" * 300)
    code, out = as_json(str(garbage))
    assert code == 2 and out["error"]["code"] == "invalid_evidence"
    assert run(str(tmp_path / "absent.bin")).exit_code == 2
    not_cert = tmp_path / "chain.pem"
    not_cert.write_text("hello")
    assert run(str(fixture_path("sev-snp/go-sev-guest_milan_report.bin")), "--chain",
               str(not_cert)).exit_code == 2
    bad_policy = tmp_path / "p.yaml"
    bad_policy.write_text("allow_debug: maybe\n")
    result = run(str(fixture_path("tdx/dcap-qvl_tdx_quote.bin")), "--policy", str(bad_policy))
    assert result.exit_code == 2 and "invalid policy file" in result.output


def test_truncated_evidence_is_rejected_not_crashed(tmp_path: Path) -> None:
    cut = tmp_path / "cut.bin"
    cut.write_bytes(fixture_path("tdx/dcap-qvl_tdx_quote.bin").read_bytes()[:700])
    code, out = as_json(str(cut))
    assert code == 1 and out["reasons"][0].startswith("unreadable TDX quote")


def test_evidence_json_object(tmp_path: Path) -> None:
    from cocoon.runtime.attestation import simulated

    doc = tmp_path / "evidence.json"
    doc.write_text(simulated.produce(b"\1" * 64).model_dump_json())
    code, out = as_json(str(doc))
    assert code == 1 and out["simulated"]
    assert "simulated TEE not allowed by policy" in out["reasons"]
    embedded = tmp_path / "embedded.yaml"
    embedded.write_text("accept_kinds: [simulated]\nallow_simulated: true\n")
    assert as_json(str(doc), "--policy", str(embedded))[0] == 0


def test_revocation_collateral_file(tmp_path: Path) -> None:
    """--collateral takes a RevocationCollateral JSON for SEV-SNP: a CRL naming ARK-Milan but
    signed by our key (AMD's real CRL is not fetchable offline) is refused."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    from cocoon.runtime.attestation import certs
    from cocoon.runtime.attestation.revocation import RevocationCollateral, to_der_b64

    at = datetime(2026, 11, 1, tzinfo=UTC)
    ark = certs.pinned(certs.AMD_ASK_ARK["Milan"])[-1]
    crl = (x509.CertificateRevocationListBuilder().issuer_name(ark.subject)
           .last_update(at - timedelta(days=1)).next_update(at + timedelta(days=1))
           .sign(ec.generate_private_key(ec.SECP384R1()), hashes.SHA384()))
    doc = tmp_path / "revocation.json"
    doc.write_text(RevocationCollateral(crls=[to_der_b64(crl)]).model_dump_json())
    code, out = as_json(str(fixture_path("sev-snp/dstack_snp_attestation_container.bin")),
                        "--chain", str(fixture_path("sev-snp/dstack_vcek.pem")),
                        "--collateral", str(doc), "--at", "2026-11-01T00:00:00Z")
    assert code == 1
    assert any(r.startswith("AMD Milan CRL is not signed by 'ARK-Milan'") for r in out["reasons"])
