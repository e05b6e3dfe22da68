"""Attestation policy: which evidence a verifier accepts, loadable from a TOML or YAML file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .verdict import EvidenceKind

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

    ``measurements`` maps a kind to accepted values: a plain hex value is matched against the
    verdict's ``measurement`` (TDX: MRTD, SEV-SNP: MEASUREMENT, NVIDIA: record digest); a
    ``name=hex`` entry against ``measurements[name]`` (``rtmr1=...``, NVIDIA ``12=...``); several
    entries of one name are alternatives.
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
        default_factory=dict, description="kind -> accepted measurement hex values; empty: any"
    )
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

    def measurement_reasons(self, kind: str, measurement: str | None,
                            named: dict[str, str]) -> list[str]:
        accepted = self.measurements.get(kind) or []
        plain = {m.lower() for m in accepted if "=" not in m}
        by_name: dict[str, set[str]] = {}
        for entry in accepted:
            if "=" in entry:
                name, _, value = entry.partition("=")
                by_name.setdefault(name.strip(), set()).add(value.strip().lower())
        reasons = []
        if plain and (measurement or "").lower() not in plain:
            reasons.append("measurement not in policy")
        for name, values in sorted(by_name.items()):
            if named.get(name, "").lower() not in values:
                reasons.append(f"measurement {name} not in policy")
        return reasons
