"""One entry point for every kind of evidence: parse and check, then apply the policy.

Kind-specific verifiers (``tdx``, ``snp``, ``nvidia``, ``simulated``) check the evidence itself
(signatures, chains, TCB) and report what it says; this module applies what every kind shares:
accepted kinds, simulated/debug rules, TCB floor, accepted measurements, evidence age and the key
binding, and whether certificates left unchecked for revocation are refused or only warned
about (``require_revocation``). Verdicts are cached by the hash of (evidence, policy, keys,
time bucket).
"""

from __future__ import annotations

import hashlib
import importlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime

from .binding import key_binding
from .collateral import CollateralUnavailable, with_collateral
from .policy import Policy
from .verdict import Evidence, Verdict

KindVerifier = Callable[[Evidence, datetime], Verdict]

# kind -> "module:function"; imported on first use so the dev path never loads DCAP code.
_VERIFIERS: dict[str, str] = {
    "simulated": "cocoon.runtime.attestation.simulated:verify",
    "tdx": "cocoon.runtime.attestation.tdx:verify",
    "sev-snp": "cocoon.runtime.attestation.snp:verify",
    "nvidia": "cocoon.runtime.attestation.nvidia:verify",
}
_CACHE: OrderedDict[str, Verdict] = OrderedDict()
_CACHE_SIZE = 4096
_UNPINNED_BUCKET_S = 60


def kind_verifier(kind: str) -> KindVerifier:
    module, _, func = _VERIFIERS[kind].partition(":")
    return getattr(importlib.import_module(module), func)


def verify_evidence(
    evidence: Evidence,
    policy: Policy,
    *,
    keys: tuple[bytes, ...] | None = None,
    at: datetime | None = None,
    use_cache: bool = True,
) -> Verdict:
    """Verify ``evidence`` under ``policy``; ``keys`` = (HPKE public, signing public, then any
    scope parts: see binding.py) to bind.
    ``at`` pins the verification time (default now); ``use_cache=False`` re-verifies."""
    now = at or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if not use_cache:
        return _verify_uncached(evidence, policy, keys, now)
    bucket = now.isoformat() if at else str(int(now.timestamp()) // _UNPINNED_BUCKET_S)
    cache_key = hashlib.sha256(
        "|".join([evidence.digest(), policy.model_dump_json(),
                  ".".join(k.hex() for k in keys or ()), bucket]).encode()
    ).hexdigest()
    cached = _CACHE.get(cache_key)
    if cached is not None:
        _CACHE.move_to_end(cache_key)
        return cached
    verdict = _verify_uncached(evidence, policy, keys, now)
    _CACHE[cache_key] = verdict
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return verdict


def _verify_uncached(
    evidence: Evidence, policy: Policy, keys: tuple[bytes, ...] | None, now: datetime
) -> Verdict:
    try:
        evidence = with_collateral(evidence, policy.collateral)
        verdict = kind_verifier(evidence.kind)(evidence, now)
    except CollateralUnavailable as exc:
        verdict = Verdict(kind=evidence.kind, valid=False, reasons=[f"no collateral: {exc}"])
    except Exception as exc:  # a verifier must never crash its caller
        verdict = Verdict(kind=evidence.kind, valid=False,
                          reasons=[f"unusable evidence ({type(exc).__name__})"])
    if verdict.revocation_unchecked and not verdict.simulated:
        note = f"revocation not checked: {verdict.revocation_unchecked}"
        if policy.require_revocation:
            verdict = verdict.rejected(note + " (the policy requires revocation collateral)")
        else:
            verdict = verdict.model_copy(update={"warnings": [*verdict.warnings, note]})
    if evidence.kind not in policy.accept_kinds:
        verdict = verdict.rejected(f"policy does not accept {evidence.kind} evidence")
    if verdict.simulated and not policy.allow_simulated:
        verdict = verdict.rejected("simulated TEE not allowed by policy")
    if verdict.debug and not policy.allow_debug:
        verdict = verdict.rejected("debug mode enabled")
    if not verdict.simulated and verdict.status is not None and not policy.tcb_acceptable(
        verdict.status
    ):
        verdict = verdict.rejected(f"TCB status {verdict.status} below {policy.min_tcb_status}")
    if evidence.kind == "sev-snp":
        for component, floor in sorted(policy.snp_min_tcb.items()):
            svn = verdict.details.get(f"tcb.{component}")
            if svn is None or int(svn) < floor:
                verdict = verdict.rejected(f"SEV-SNP {component} SVN {svn} below {floor}")
    for reason in policy.measurement_reasons(evidence.kind, verdict.measurement,
                                             verdict.measurements):
        verdict = verdict.rejected(reason)
    if policy.max_age_s is not None and "issued_at" in verdict.details:
        age = now.timestamp() - int(verdict.details["issued_at"])
        if age > policy.max_age_s:
            verdict = verdict.rejected(f"evidence is {int(age)} s old (max {policy.max_age_s})")
    if keys is not None:
        expected = key_binding(*keys)
        got = bytes.fromhex(verdict.report_data or "")
        if got == expected or (evidence.kind == "nvidia" and got == expected[:32]):
            verdict = verdict.model_copy(update={"binds": ["hpke", "receipt-signing"]})
        else:
            verdict = verdict.rejected("report_data does not bind the offered keys")
    return verdict
