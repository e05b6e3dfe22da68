"""What evidence is (as carried in offers) and what a verifier concludes about it."""

from __future__ import annotations

import base64
import hashlib
from typing import Literal

from pydantic import BaseModel, Field

EvidenceKind = Literal["tdx", "sev-snp", "nvidia", "simulated"]


class Evidence(BaseModel):
    """One piece of TEE evidence plus whatever the verifier needs beside it.

    ``data`` is the raw evidence (quote, report, SPDM transcript or simulated document),
    base64-encoded. ``collateral`` (TDX: QuoteCollateralV3 JSON) and ``chain`` (PEM
    certificates: SNP VCEK[/ASK], NVIDIA device chain) are optional; vendor roots are pinned.
    """

    kind: EvidenceKind
    data: str
    collateral: str | None = None
    chain: str | None = None
    nonce: str | None = Field(default=None, description="hex; NVIDIA evidence nonce")

    @property
    def raw(self) -> bytes:
        return base64.b64decode(self.data)

    def digest(self) -> str:
        """Stable hash of everything a verdict depends on (the verdict cache key)."""
        h = hashlib.sha256()
        for part in (self.kind, self.data, self.collateral or "", self.chain or "", self.nonce or ""):
            h.update(part.encode())
            h.update(b"\x00")
        return h.hexdigest()


class Verdict(BaseModel):
    """The result of verifying evidence against a policy.

    ``valid`` is true only when ``reasons`` is empty. ``binds`` names the keys whose hash the
    evidence's report_data carries (filled in when the caller supplied the keys to check).
    """

    kind: EvidenceKind
    valid: bool
    reasons: list[str] = Field(default_factory=list)
    status: str | None = None
    measurement: str | None = None
    measurements: dict[str, str] = Field(default_factory=dict)
    report_data: str | None = None
    binds: list[str] = Field(default_factory=list)
    simulated: bool = False
    debug: bool = False
    details: dict[str, str] = Field(default_factory=dict)

    def rejected(self, reason: str) -> Verdict:
        """A copy with one more reason, hence invalid."""
        return self.model_copy(update={"valid": False, "reasons": [*self.reasons, reason]})
