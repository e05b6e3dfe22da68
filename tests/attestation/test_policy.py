"""Policies: defaults, files (TOML, YAML), collateral sources."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from attestation_cases import TDX_AT, fixture_path, tdx_v4
from pydantic import ValidationError

from cocoon.runtime.attestation import Policy, verify_evidence
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
    assert verify_evidence(bare, Policy(), at=TDX_AT).reasons == [
        "no collateral: CRLs, TCB info and QE identity not checked, TCB status unknown"]
    source = str(fixture_path("tdx/dcap-qvl_tdx_quote_collateral.json"))
    from_file = Policy(collateral=CollateralSource(file=source))
    assert verify_evidence(bare, from_file, at=TDX_AT).valid
    cache = tmp_path / "collateral"
    cache.mkdir()
    (cache / "B0C06F000000.json").write_text(case.evidence.collateral)
    assert verify_evidence(bare, Policy(collateral=CollateralSource(cache_dir=str(cache))),
                           at=TDX_AT).valid
    empty = Policy(collateral=CollateralSource(cache_dir=str(tmp_path / "none")))
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
