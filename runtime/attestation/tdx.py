"""Intel TDX verifier: ``dcap-qvl`` checks the quote against Intel collateral (PCK chain to the
pinned Intel root, CRLs, TCB info, QE identity, TCB status); Cocoon parses the TD report body
itself for what its policy needs (debug attribute, MRTD/RTMRs, report_data).

Without collateral only the quote's own signature chain can be checked: the verdict says so
and is not valid, since revocation and TCB status are unknown.
"""

from __future__ import annotations

from datetime import datetime

import dcap_qvl

from . import certs, tdx_quote
from .verdict import Evidence, Verdict

MEASUREMENT_FIELDS = ("mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "mrseam", "mrconfigid",
                      "mrowner", "mrownerconfig")


def verify(evidence: Evidence, at: datetime) -> Verdict:
    verdict = Verdict(kind="tdx", valid=True)
    raw = evidence.raw
    try:
        quote = tdx_quote.parse(raw)
    except tdx_quote.QuoteFormatError as exc:
        return verdict.rejected(f"unreadable TDX quote: {exc}")
    verdict = verdict.model_copy(update={
        "measurement": quote.field("mrtd").hex(),
        "measurements": {name: quote.field(name).hex() for name in MEASUREMENT_FIELDS},
        "report_data": quote.field("report_data").hex(),
        "debug": quote.debug,
        "details": {"quote_version": str(quote.version),
                    "td_attributes": quote.field("td_attributes").hex(),
                    "tee_tcb_svn": quote.field("tee_tcb_svn").hex()},
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
    try:
        report = dcap_qvl.verify_with_root_ca(
            raw, collateral, certs.pinned_der(certs.INTEL_SGX_ROOT), int(at.timestamp()))
    except BaseException as exc:  # a Rust panic is a BaseException
        _reraise_interrupts(exc)
        return verdict.rejected(f"DCAP verification failed: {_first_line(exc)}")
    details = dict(verdict.details)
    if report.advisory_ids:
        details["advisory_ids"] = ",".join(report.advisory_ids)
    return verdict.model_copy(update={"status": report.status, "details": details})


def _reraise_interrupts(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
