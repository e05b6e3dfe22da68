"""Attestation policy: which evidence a verifier accepts, loadable from a TOML or YAML file.

Measurements fail closed: real evidence (TDX, SEV-SNP, NVIDIA) is accepted only when the policy
pins its measurements and they match; a policy with no entries for a kind accepts no evidence of
that kind. The network's entries come from the root contract on chain
(:mod:`cocoon.runtime.attestation.chain_policy`); a policy file may name its own.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .verdict import EvidenceKind

REAL_KINDS = ("tdx", "sev-snp", "nvidia")
# The measurement a plain (unnamed) entry pins, per kind (Verdict.measurement).
PRIMARY = {"tdx": "mrtd", "sev-snp": "measurement", "nvidia": "record", "simulated": "runtime"}
# What must be pinned before real evidence of a kind is accepted: MRTD is only the firmware;
# the kernel, initrd and command line are in RTMR1/2 (RTMR3 is the runtime's to extend).
DEFAULT_REQUIRED = {"tdx": ["mrtd", "rtmr0", "rtmr1", "rtmr2"], "sev-snp": ["measurement"]}

TCB_ORDER = ["UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
             "ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded",
             "Revoked"]


class CollateralSource(BaseModel):
    """Where TDX collateral comes from when the evidence carries none (first set wins)."""

    model_config = ConfigDict(extra="forbid")

    file: str | None = Field(default=None, description="QuoteCollateralV3 JSON file")
    cache_dir: str | None = Field(default=None, description="dir of <FMSPC>.json collateral")
    pccs_url: str | None = Field(default=None, description="PCCS/PCS base URL")


class Policy(BaseModel):
    """A verifier's policy. The defaults are a production policy: no simulated TEEs, no debug.

    ``measurements`` maps a kind to its allowlist: a plain hex value is matched against the
    verdict's ``measurement`` (TDX: MRTD, SEV-SNP: MEASUREMENT, NVIDIA: record digest); a
    ``name=hex`` entry against ``measurements[name]`` (``rtmr1=...``, NVIDIA ``12=...``); several
    entries of one name are alternatives, every pinned name must match. It fails closed: real
    evidence of a kind with no entries is refused, and so is evidence whose ``required``
    measurements (default: TDX MRTD and RTMR0-2, SEV-SNP MEASUREMENT) are not all pinned.
    Simulated evidence needs no entries, but only a development policy accepts it at all.
    """

    model_config = ConfigDict(extra="forbid")

    accept_kinds: list[EvidenceKind] = Field(default_factory=lambda: ["tdx", "sev-snp", "nvidia"])
    allow_simulated: bool = False
    allow_debug: bool = False
    min_tcb_status: str = "UpToDate"
    snp_min_tcb: dict[str, int] = Field(
        default_factory=dict, description="SEV-SNP component -> minimum SVN "
        "(bootloader, tee, snp, microcode, fmc)")
    measurements: dict[str, list[str]] = Field(
        default_factory=dict, description="kind -> allowlisted measurements (hex or name=hex);"
        " a real kind with none is refused (fail closed)")
    required: dict[str, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_REQUIRED.items()},
        description="kind -> measurement names that must be pinned before evidence is accepted")
    pin_measurements: bool = Field(
        default=True, description="false: real evidence of a kind without entries is not refused "
        "for that (inspecting a quote's signatures and TCB only; never a serving policy)")
    max_age_s: int | None = None
    collateral: CollateralSource | None = None
    require_revocation: bool = Field(
        default=True, description="refuse SEV-SNP/NVIDIA evidence whose certificates cannot be "
        "checked for revocation (no AMD CRL / NVIDIA OCSP attached); false: accept with a warning")

    @model_validator(mode="after")
    def _known_tcb_status(self) -> Policy:
        if self.min_tcb_status not in TCB_ORDER:
            raise ValueError(f"min_tcb_status must be one of {', '.join(TCB_ORDER)}")
        return self

    @classmethod
    def embedded(cls) -> Policy:
        """The embedded network's policy: like production, but simulated TEEs are accepted."""
        return cls(accept_kinds=["tdx", "sev-snp", "nvidia", "simulated"], allow_simulated=True,
                   require_revocation=False)

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        """Read a policy file: ``.toml``, or YAML (``.yaml``/``.yml``); keys as the fields.
        Raises ``ValueError`` (pydantic's ``ValidationError`` included) on a bad file."""
        path = Path(path)
        text = path.read_text()
        data: Any
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        else:
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise ValueError(f"policy file is not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise ValueError("policy file must hold a mapping")
        return cls.model_validate(data.get("policy", data))

    def tcb_acceptable(self, status: str | None) -> bool:
        if status is None or status not in TCB_ORDER:
            return False
        return TCB_ORDER.index(status) <= TCB_ORDER.index(self.min_tcb_status) and (
            status != "Revoked")

    def pinned(self, kind: str) -> dict[str, set[str]]:
        """The allowlist of ``kind`` by measurement name (plain entries under ``PRIMARY``)."""
        by_name: dict[str, set[str]] = {}
        for entry in self.measurements.get(kind) or []:
            name, _, value = entry.rpartition("=")
            by_name.setdefault(name.strip().lower() or PRIMARY.get(kind, ""), set()).add(
                value.strip().lower())
        return by_name

    def measurement_reasons(self, kind: str, measurement: str | None,
                            named: dict[str, str]) -> list[str]:
        """Why these measurements are not accepted (empty: accepted). Fails closed."""
        by_name = self.pinned(kind)
        if not by_name:
            if kind in REAL_KINDS and self.pin_measurements:
                return [f"no {kind} measurements are allowlisted by the policy (fail closed)"]
            return []
        required = self.required.get(kind, []) if self.pin_measurements else []
        reasons = [f"{kind} {name} is not pinned by the policy (fail closed)"
                   for name in required if name not in by_name]
        primary = PRIMARY.get(kind, "")
        for name, values in sorted(by_name.items()):
            got = measurement if name == primary else named.get(name)
            if (got or "").lower() not in values:
                reasons.append(f"{kind} {name} {_short(got)} is not on the allowlist")
        return reasons

    def with_allowlist(self, measurements: dict[str, list[str]], *, development: bool) -> Policy:
        """This policy with the network's allowlist; simulated TEEs only if both say development."""
        allow = self.allow_simulated and development
        kinds = [k for k in self.accept_kinds if k != "simulated" or allow]
        return self.model_copy(update={"measurements": measurements, "allow_simulated": allow,
                                       "accept_kinds": kinds, "pin_measurements": True})


def _short(value: str | None) -> str:
    return "(absent)" if not value else value[:16] + ("..." if len(value) > 16 else "")
