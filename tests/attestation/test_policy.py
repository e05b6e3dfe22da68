"""Policies: defaults, files (TOML, YAML), collateral sources."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from attestation_cases import (
    NO_REVOCATION,
    TDX_AT,
    UNPINNED,
    fixture_path,
    nvidia_h100,
    snp_dstack,
    tdx_v4,
)
from pydantic import ValidationError

from cocoon.runtime.attestation import Policy, key_binding, verify_evidence
from cocoon.runtime.attestation import simulated as simulated_tee
from cocoon.runtime.attestation.policy import CollateralSource


def test_default_is_production() -> None:
    policy = Policy()
    assert not policy.allow_simulated and not policy.allow_debug
    assert "simulated" not in policy.accept_kinds
    assert policy.min_tcb_status == "UpToDate"
    embedded = Policy.embedded()
    assert embedded.allow_simulated and "simulated" in embedded.accept_kinds
    assert not embedded.allow_debug


def test_tcb_floor() -> None:
    assert Policy().tcb_acceptable("UpToDate")
    assert not Policy().tcb_acceptable("SWHardeningNeeded")
    assert Policy(min_tcb_status="OutOfDate").tcb_acceptable("SWHardeningNeeded")
    assert not Policy(min_tcb_status="Revoked").tcb_acceptable("Revoked")
    assert not Policy().tcb_acceptable(None)
    with pytest.raises(ValidationError):
        Policy(min_tcb_status="Great")


TOML = """
[policy]
accept_kinds = ["tdx", "nvidia"]
allow_debug = false
allow_simulated = false
min_tcb_status = "SWHardeningNeeded"
max_age_s = 600
snp_min_tcb = { snp = 8, microcode = 200 }

[policy.measurements]
tdx = ["91eb2b44", "rtmr3=00"]

[policy.collateral]
cache_dir = "/var/cache/cocoon/collateral"
"""

YAML = """
accept_kinds: [sev-snp]
allow_debug: true
measurements:
  sev-snp: ["b07af962"]
collateral:
  pccs_url: https://pccs.example/
"""


def test_load_toml_and_yaml(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(TOML)
    policy = Policy.load(tmp_path / "p.toml")
    assert policy.accept_kinds == ["tdx", "nvidia"]
    assert policy.min_tcb_status == "SWHardeningNeeded" and policy.max_age_s == 600
    assert policy.snp_min_tcb == {"snp": 8, "microcode": 200}
    assert policy.measurements["tdx"] == ["91eb2b44", "rtmr3=00"]
    assert policy.collateral == CollateralSource(cache_dir="/var/cache/cocoon/collateral")
    (tmp_path / "p.yaml").write_text(YAML)
    policy = Policy.load(tmp_path / "p.yaml")
    assert policy.accept_kinds == ["sev-snp"] and policy.allow_debug
    assert policy.collateral.pccs_url == "https://pccs.example/"


@pytest.mark.parametrize("text", ["accept_kinds: [sgx]", "alow_debug: true", "[1, 2]",
                                  "min_tcb_status: Best", ": : :"])
def test_bad_policy_files(tmp_path: Path, text: str) -> None:
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(ValueError):
        Policy.load(tmp_path / "bad.yaml")


def test_collateral_from_file_and_cache_dir(tmp_path: Path) -> None:
    case = tdx_v4()
    bare = case.evidence.model_copy(update={"collateral": None})
    assert verify_evidence(bare, Policy(**UNPINNED), at=TDX_AT).reasons == [
        "no collateral: CRLs, TCB info and QE identity not checked, TCB status unknown"]
    source = str(fixture_path("tdx/dcap-qvl_tdx_quote_collateral.json"))
    from_file = Policy(collateral=CollateralSource(file=source), **UNPINNED)
    assert verify_evidence(bare, from_file, at=TDX_AT).valid
    cache = tmp_path / "collateral"
    cache.mkdir()
    (cache / "B0C06F000000.json").write_text(case.evidence.collateral)
    assert verify_evidence(bare, Policy(collateral=CollateralSource(cache_dir=str(cache)),
                                        **UNPINNED), at=TDX_AT).valid
    empty = Policy(collateral=CollateralSource(cache_dir=str(tmp_path / "none")), **UNPINNED)
    assert verify_evidence(bare, empty, at=TDX_AT).reasons == [
        "no collateral: no collateral for FMSPC B0C06F000000 in the cache"]
    missing = Policy(collateral=CollateralSource(file=str(tmp_path / "absent.json")))
    assert verify_evidence(bare, missing, at=TDX_AT).reasons[0].startswith(
        "no collateral: collateral file unreadable")


def test_collateral_from_unreachable_pccs(tmp_path: Path) -> None:
    bare = tdx_v4().evidence.model_copy(update={"collateral": None})
    policy = Policy(collateral=CollateralSource(pccs_url="http://127.0.0.1:9",
                                                cache_dir=str(tmp_path)))
    reasons = verify_evidence(bare, policy, at=TDX_AT).reasons
    assert reasons[0].startswith("no collateral: PCCS fetch failed"), reasons
    assert list(tmp_path.iterdir()) == []

    async def from_async_code() -> list[str]:  # a verifier called inside a running loop
        return verify_evidence(bare, policy, at=TDX_AT.replace(second=1)).reasons

    assert asyncio.run(from_async_code())[0].startswith("no collateral: PCCS fetch failed")


def test_policy_roundtrip_json() -> None:
    policy = Policy(measurements={"tdx": ["aa"]}, collateral=CollateralSource(file="x.json"))
    assert Policy.model_validate(json.loads(policy.model_dump_json())) == policy


# -- the allowlist: fail closed ------------------------------------------------------------------


def _observed(case) -> dict[str, str]:
    """The fixture's measurements as a verifier reads them (nothing pinned)."""
    return verify_evidence(case.evidence, Policy(**UNPINNED, **NO_REVOCATION),
                           at=case.at).measurements


def _tdx_allowlist(values: dict[str, str]) -> list[str]:
    return [f"{name}={values[name]}" for name in ("mrtd", "rtmr0", "rtmr1", "rtmr2")]


def test_production_refuses_real_evidence_without_an_allowlist() -> None:
    for case, kind in ((tdx_v4(), "tdx"), (snp_dstack(), "sev-snp"), (nvidia_h100(), "nvidia")):
        verdict = verify_evidence(case.evidence, Policy(**NO_REVOCATION), at=case.at)
        assert verdict.reasons == [
            f"no {kind} measurements are allowlisted by the policy (fail closed)"]
        # the development policy is no way around it: only simulated evidence skips the list
        dev = verify_evidence(case.evidence, Policy.embedded(), at=case.at)
        assert f"no {kind} measurements are allowlisted by the policy (fail closed)" in dev.reasons
    assert Policy().pin_measurements and Policy.embedded().pin_measurements


def test_allowlisted_tdx_accepted_any_other_refused() -> None:
    case = tdx_v4()
    values = _observed(case)
    allowed = Policy(measurements={"tdx": _tdx_allowlist(values)})
    assert verify_evidence(case.evidence, allowed, at=case.at).valid
    # one more accepted alternative per register changes nothing
    wider = Policy(measurements={"tdx": [*_tdx_allowlist(values), "rtmr1=" + "00" * 48]})
    assert verify_evidence(case.evidence, wider, at=case.at).valid
    other = [e if not e.startswith("rtmr1=") else "rtmr1=" + "11" * 48
             for e in _tdx_allowlist(values)]
    verdict = verify_evidence(case.evidence, Policy(measurements={"tdx": other}), at=case.at)
    assert verdict.reasons == [f"tdx rtmr1 {values['rtmr1'][:16]}... is not on the allowlist"]


def test_tdx_needs_its_kernel_registers_pinned() -> None:
    case = tdx_v4()
    values = _observed(case)
    only_mrtd = Policy(measurements={"tdx": [values["mrtd"]]})  # a plain entry pins MRTD
    assert verify_evidence(case.evidence, only_mrtd, at=case.at).reasons == [
        f"tdx {name} is not pinned by the policy (fail closed)"
        for name in ("rtmr0", "rtmr1", "rtmr2")]
    relaxed = only_mrtd.model_copy(update={"required": {}})
    assert verify_evidence(case.evidence, relaxed, at=case.at).valid


def test_allowlisted_snp_and_gpu_accepted_any_other_refused() -> None:
    snp = snp_dstack()
    measurement = _observed(snp)["measurement"]
    ok = Policy(measurements={"sev-snp": [f"measurement={measurement}"]}, **NO_REVOCATION)
    assert verify_evidence(snp.evidence, ok, at=snp.at).valid
    bad = Policy(measurements={"sev-snp": ["measurement=" + "00" * 48]}, **NO_REVOCATION)
    assert verify_evidence(snp.evidence, bad, at=snp.at).reasons == [
        f"sev-snp measurement {measurement[:16]}... is not on the allowlist"]
    gpu = nvidia_h100()
    golden = [f"{i}={v}" for i, v in _observed(gpu).items()]
    assert verify_evidence(gpu.evidence, Policy(measurements={"nvidia": golden}, **NO_REVOCATION),
                           at=gpu.at).valid
    refused = verify_evidence(gpu.evidence, Policy(measurements={"nvidia": ["ab" * 48]},
                                                   **NO_REVOCATION), at=gpu.at)
    assert refused.reasons[0].startswith("nvidia record ") and not refused.valid


def test_simulated_evidence_only_where_the_policy_says_development() -> None:
    evidence = simulated_tee.produce(key_binding(b"\x01" * 32, b"\x02" * 32))
    assert verify_evidence(evidence, Policy.embedded()).valid
    assert not verify_evidence(evidence, Policy()).valid
    # the network's flag and the verifier's own setting must both say development
    dev = Policy.embedded().with_allowlist({}, development=True)
    assert verify_evidence(evidence, dev).valid
    for policy in (Policy.embedded().with_allowlist({}, development=False),
                   Policy().with_allowlist({}, development=True)):
        assert not policy.allow_simulated and "simulated" not in policy.accept_kinds
        assert not verify_evidence(evidence, policy).valid


def test_with_allowlist_replaces_measurements_and_pins() -> None:
    base = Policy(measurements={"tdx": ["aa"]}, pin_measurements=False, min_tcb_status="OutOfDate")
    policy = base.with_allowlist({"sev-snp": ["measurement=bb"]}, development=False)
    assert policy.measurements == {"sev-snp": ["measurement=bb"]} and policy.pin_measurements
    assert policy.min_tcb_status == "OutOfDate"
