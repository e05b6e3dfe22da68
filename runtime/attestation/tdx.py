"""Intel TDX verifier. ``dcap-qvl`` reads the TD report (its parsed ``report``: MRTD, RTMRs,
attributes, report_data) and, with Intel collateral, checks the quote (PCK chain to the pinned
Intel root, CRLs, TCB info, QE identity) and returns its claims: TCB status, advisory ids and
the platform's PCK attributes. It runs with ``QuotePolicy.claims_only``: the TCB floor and the
rest of Cocoon's policy are applied in ``verify.py``, one rule for every kind of evidence.

``tdx_quote`` (Cocoon's own parser) is kept only for what dcap-qvl does not expose: the quote's
signature data, so that without collateral the quote's own chain (attestation key -> QE report
-> PCK certificate -> pinned root) is still checked and a tampered quote is named precisely.
Without collateral the verdict is not valid: revocation and TCB status are unknown.
"""

from __future__ import annotations

import json
from datetime import datetime

import dcap_qvl

from . import certs, tdx_quote
from .verdict import Evidence, Verdict

# Cocoon's measurement names -> dcap-qvl's TD report attributes (TD 1.0 and 1.5 alike).
MEASUREMENT_FIELDS = {"mrtd": "mr_td", "rtmr0": "rt_mr0", "rtmr1": "rt_mr1", "rtmr2": "rt_mr2",
                      "rtmr3": "rt_mr3", "mrseam": "mr_seam", "mrconfigid": "mr_config_id",
                      "mrowner": "mr_owner", "mrownerconfig": "mr_owner_config"}
PCK_FLAGS = ("dynamic_platform", "cached_keys", "smt_enabled")


def verify(evidence: Evidence, at: datetime) -> Verdict:
    verdict = Verdict(kind="tdx", valid=True)
    raw = evidence.raw
    try:
        quote = tdx_quote.parse(raw)
        report = dcap_qvl.parse_quote(raw).report
    except tdx_quote.QuoteFormatError as exc:
        return verdict.rejected(f"unreadable TDX quote: {exc}")
    except BaseException as exc:  # a Rust panic is a BaseException
        _reraise_interrupts(exc)
        return verdict.rejected(f"unreadable TDX quote: {_first_line(exc)}")
    if not hasattr(report, "mr_td"):
        return verdict.rejected("unreadable TDX quote: it holds no TD report")
    attributes = bytes(report.td_attributes)
    verdict = verdict.model_copy(update={
        "measurement": bytes(report.mr_td).hex(),
        "measurements": {name: bytes(getattr(report, attr)).hex()
                         for name, attr in MEASUREMENT_FIELDS.items()},
        "report_data": bytes(report.report_data).hex(),
        "debug": bool(attributes[0] & 1),
        "details": {"quote_version": str(quote.version), "td_attributes": attributes.hex(),
                    "tee_tcb_svn": bytes(report.tee_tcb_svn).hex()},
    })
    for reason in tdx_quote.check_signatures(quote, at):
        verdict = verdict.rejected(reason)
    if not evidence.collateral:
        return verdict.rejected(
            "no collateral: CRLs, TCB info and QE identity not checked, TCB status unknown")
    try:
        collateral = dcap_qvl.QuoteCollateralV3.from_json(evidence.collateral)
    except BaseException as exc:  # a Rust panic is a BaseException
        _reraise_interrupts(exc)
        return verdict.rejected(f"unreadable TDX collateral ({_first_line(exc)})")
    now = int(at.timestamp())
    try:
        verifier = dcap_qvl.QuoteVerifier(certs.pinned_der(certs.INTEL_SGX_ROOT))
        claims = json.loads(verifier.verify_with_policy(
            raw, collateral, now, dcap_qvl.QuotePolicy.claims_only(now)).to_json())
        tcb = claims["tcb"]
    except BaseException as exc:  # a Rust panic is a BaseException
        _reraise_interrupts(exc)
        return verdict.rejected(f"DCAP verification failed: {_first_line(exc)}")
    details = dict(verdict.details)
    if tcb.get("advisory_ids"):
        details["advisory_ids"] = ",".join(tcb["advisory_ids"])
    pck = (claims.get("platform") or {}).get("pck") or {}
    details.update({f"pck.{flag}": str(pck[flag]).lower() for flag in PCK_FLAGS if flag in pck})
    return verdict.model_copy(update={"status": tcb.get("status"), "details": details})


def _reraise_interrupts(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
