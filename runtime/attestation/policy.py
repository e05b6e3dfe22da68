"""Attestation policy: which evidence a verifier accepts."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .verdict import EvidenceKind

TCB_ORDER = ["UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
             "ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded",
             "Revoked"]


class Policy(BaseModel):
    """A verifier's policy. The defaults are a production policy: no simulated TEEs, no debug."""

    accept_kinds: list[EvidenceKind] = Field(default_factory=lambda: ["tdx", "sev-snp", "nvidia"])
    allow_simulated: bool = False
    allow_debug: bool = False
    min_tcb_status: str = "UpToDate"
    measurements: dict[str, list[str]] = Field(
        default_factory=dict, description="kind -> accepted measurement hex values; empty: any"
    )
    max_age_s: int | None = None

    @classmethod
    def embedded(cls) -> Policy:
        """The embedded network's policy: like production, but simulated TEEs are accepted."""
        return cls(accept_kinds=["tdx", "sev-snp", "nvidia", "simulated"], allow_simulated=True)

    def tcb_acceptable(self, status: str | None) -> bool:
        if status is None or status not in TCB_ORDER:
            return False
        floor = TCB_ORDER.index(self.min_tcb_status) if self.min_tcb_status in TCB_ORDER else 0
        return TCB_ORDER.index(status) <= floor and status != "Revoked"
