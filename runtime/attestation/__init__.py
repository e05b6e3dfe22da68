"""TEE evidence: producing it, verifying it, and binding runtime keys into it."""

from .binding import key_binding, nonce_binding
from .policy import CollateralSource, Policy
from .verdict import Evidence, EvidenceKind, Verdict
from .verify import verify_evidence

__all__ = ["CollateralSource", "Evidence", "EvidenceKind", "Policy", "Verdict", "key_binding",
           "nonce_binding", "verify_evidence"]
