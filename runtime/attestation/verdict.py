"""What evidence is (as carried in offers) and what a verifier concludes about it."""

from __future__ import annotations

import base64
import hashlib
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

EvidenceKind = Literal["tdx", "sev-snp", "nvidia", "simulated"]


class Evidence(BaseModel):
    """One piece of TEE evidence plus whatever the verifier needs beside it.

    ``data`` is the raw evidence (quote, report, SPDM transcript or simulated document),
    base64-encoded. ``chain`` (PEM certificates: SNP VCEK[/ASK], NVIDIA device chain) is
    optional; vendor roots are pinned. ``collateral`` is what the provider fetched for the
    verifier: TDX: Intel's QuoteCollateralV3 JSON (TCB info, QE identity, CRLs); SEV-SNP and
    NVIDIA: a ``RevocationCollateral`` JSON (``revocation.py``: the AMD KDS CRL, the NVIDIA OCSP
    responses). ``nonce`` (hex) is the nonce the verifier expects in NVIDIA evidence.
    """

    kind: EvidenceKind
    data: str
    collateral: str | None = None
    chain: str | None = None
    nonce: str | None = Field(default=None, description="hex; NVIDIA evidence nonce")
    offset: int = Field(default=0, ge=0, description="where the report starts in ``data`` "
                        "(evidence wrapped in a container)")

    # (the field values it was computed from, digest): reused while the same objects are set
    _digest: tuple[tuple[object, ...], str] | None = PrivateAttr(default=None)

    @property
    def raw(self) -> bytes:
        return base64.b64decode(self.data)

    def digest(self) -> str:
        """Stable hash of everything a verdict depends on (the verdict cache key)."""
        parts = (self.kind, self.data, self.collateral, self.chain, self.nonce, self.offset)
        if self._digest is not None and all(
            a is b for a, b in zip(self._digest[0], parts, strict=True)
        ):
            return self._digest[1]
        h = hashlib.sha256()
        for part in parts:
            h.update(str(part or "").encode())
            h.update(b"\x00")
        self._digest = (parts, h.hexdigest())
        return self._digest[1]


class Verdict(BaseModel):
    """The result of verifying evidence against a policy.

    ``valid`` is true only when ``reasons`` is empty. ``binds`` names the keys whose hash the
    evidence's report_data carries (filled in when the caller supplied the keys to check).
    ``revocation_unchecked`` says why a kind verifier could not check its certificates for
    revocation (no CRL/OCSP attached); the policy then refuses the evidence or, in development,
    accepts it with a ``warnings`` entry.
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
    revocation_unchecked: str | None = None
    warnings: list[str] = Field(default_factory=list)

    def rejected(self, reason: str) -> Verdict:
        """A copy with one more reason, hence invalid."""
        return self.model_copy(update={"valid": False, "reasons": [*self.reasons, reason]})
