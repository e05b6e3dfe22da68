"""AMD SEV-SNP verifier: report signature by the VCEK, VCEK -> ASK -> ARK with the AMD roots
pinned in ``roots/``, the VCEK's TCB and hardware-id extensions against the report.

The VCEK (DER or PEM) comes in ``Evidence.chain``, optionally followed by the ASK (and ARK); the
ASK and ARK of the VCEK's product line (from its issuer, ``SEV-Milan`` etc.) are pinned.
Pinned: Milan and Genoa. SEV-SNP has no TCB-status feed like Intel's: the verdict's ``status``
stays unset and the reported TCB SVNs are given in ``details`` (``tcb.<component>``) for the
policy's ``snp_min_tcb``.

Revocation: the AMD KDS CRL of the product line (signed by its ARK) comes attached in
``Evidence.collateral`` (``revocation.RevocationCollateral``); the ASK's and VCEK's serials are
looked up in it (``revocation.check_crls``). Without one the verdict says revocation is unchecked.
"""

from __future__ import annotations

from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

from . import certs, revocation, snp_report
from .verdict import Evidence, Verdict

OID_TCB = "1.3.6.1.4.1.3704.1.3."
OID_HWID = "1.3.6.1.4.1.3704.1.4"
# VCEK extension (1.3.6.1.4.1.3704.1.3.N) -> TCB component
TCB_OIDS = {1: "bootloader", 2: "tee", 3: "snp", 8: "microcode", 9: "fmc"}


def verify(evidence: Evidence, at: datetime) -> Verdict:
    verdict = Verdict(kind="sev-snp", valid=True)
    try:
        report = snp_report.parse(evidence.raw, evidence.offset)
    except snp_report.ReportFormatError as exc:
        return verdict.rejected(f"unreadable SEV-SNP report: {exc}")
    details = {"report_version": str(report.version), "policy": f"{report.policy:#x}",
               "vmpl": str(report.vmpl), "guest_svn": str(report.guest_svn)}
    verdict = verdict.model_copy(update={
        "measurement": report.measurement.hex(),
        "measurements": {"measurement": report.measurement.hex(),
                         "host_data": report.host_data.hex()},
        "report_data": report.report_data.hex(),
        "debug": report.debug,
        "details": details,
    })
    if report.signing_key != 0:
        return verdict.rejected("report not signed by a VCEK (VLEK reports are not supported)")
    if not evidence.chain:
        return verdict.rejected("no VCEK supplied with the report")
    try:
        chain = certs.load_certificates(evidence.chain.encode("latin-1"))
    except ValueError:
        return verdict.rejected("VCEK certificate unreadable")
    if not chain:
        return verdict.rejected("no VCEK supplied with the report")
    vcek = chain[0]
    reasons, tcb_ext, hwid = _chain_reasons(chain, at), {}, None
    unchecked = None
    try:
        unchecked = _revocation(evidence, chain, at, reasons)
    except ValueError as exc:
        reasons.append(f"AMD revocation collateral: {exc}")
    try:
        tcb_ext, hwid = _vcek_extensions(vcek)
    except ValueError:
        reasons.append("VCEK extensions unreadable")
    turin = "fmc" in tcb_ext or report.cpuid_family == snp_report.TURIN_FAMILY
    reported = report.tcb_components(turin)
    details.update({f"tcb.{name}": str(svn) for name, svn in reported.items()})
    for name, svn in reported.items():
        if name in tcb_ext and tcb_ext[name] != svn:
            reasons.append(f"reported TCB {name} SVN {svn} differs from the VCEK's "
                           f"{tcb_ext[name]}")
    if hwid is None:
        reasons.append("VCEK has no hardware id")
    else:
        chip = report.chip_id[:8] if turin else report.chip_id
        if hwid[:len(chip)] != chip:
            reasons.append("report chip id does not match the VCEK hardware id")
    try:
        key = vcek.public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise ValueError("VCEK key is not EC")
        r, s = report.signature_rs
        key.verify(utils.encode_dss_signature(r, s), report.signed, ec.ECDSA(hashes.SHA384()))
    except (InvalidSignature, ValueError):
        reasons.append("SEV-SNP report signature does not verify with the VCEK")
    verdict = verdict.model_copy(update={"details": details, "revocation_unchecked": unchecked})
    for reason in reasons:
        verdict = verdict.rejected(reason)
    return verdict


def product_line(vcek: x509.Certificate) -> str:
    """The VCEK's product line from its issuer (``SEV-Milan`` -> ``Milan``); '' if unnamed."""
    issuer = vcek.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(issuer[0].value).removeprefix("SEV-") if issuer else ""


def _amd_chain(chain: list[x509.Certificate]) -> tuple[str, list[x509.Certificate],
                                                       x509.Certificate] | str:
    """(product, VCEK then ASK, pinned ARK), or why there is none."""
    product = product_line(chain[0])
    if product not in certs.AMD_ASK_ARK:
        return f"no pinned AMD root for product {product or 'unknown'!r}"
    *asks, ark = certs.pinned(certs.AMD_ASK_ARK[product])
    if len(chain) == 1 and not asks:
        return f"no pinned AMD {product} ASK: send the ASK after the VCEK"
    return product, (list(chain) if len(chain) > 1 else [chain[0], *asks]), ark


def _chain_reasons(chain: list[x509.Certificate], at: datetime) -> list[str]:
    found = _amd_chain(chain)
    if isinstance(found, str):
        return [found]
    product, full, ark = found
    return certs.check_chain(full, ark, at, f"AMD {product} chain")


def _revocation(evidence: Evidence, chain: list[x509.Certificate], at: datetime,
                reasons: list[str]) -> str | None:
    """Checks the attached AMD CRL (adding to ``reasons``); returns why revocation stays
    unchecked, or None. ``ValueError`` when the collateral is unreadable."""
    found = _amd_chain(chain)
    if isinstance(found, str):
        return "no AMD chain to check"
    product, full, ark = found
    crls = revocation.RevocationCollateral.parse(evidence.collateral).crl_objects()
    if not crls:
        return f"no AMD {product} CRL attached"
    subjects = [("VCEK", full[0])] + ([("ASK", full[1])] if len(full) > 1 else [])
    reasons += revocation.check_crls(crls, ark, subjects, at, f"AMD {product}")
    return None


def _vcek_extensions(vcek: x509.Certificate) -> tuple[dict[str, int], bytes | None]:
    tcb: dict[str, int] = {}
    hwid = None
    for ext in vcek.extensions:
        oid = ext.oid.dotted_string
        value = getattr(ext.value, "value", None)
        if not isinstance(value, bytes):
            continue
        if oid == OID_HWID:
            hwid = value
        elif oid.startswith(OID_TCB):
            component = TCB_OIDS.get(int(oid.removeprefix(OID_TCB)))
            if component:
                tcb[component] = _der_uint(value)
    return tcb, hwid


def _der_uint(value: bytes) -> int:
    if len(value) < 3 or value[0] != 0x02 or value[1] != len(value) - 2:
        raise ValueError("not a DER INTEGER")
    return int.from_bytes(value[2:], "big")
