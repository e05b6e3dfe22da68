"""Revocation: AMD KDS CRLs for SEV-SNP and NVIDIA OCSP responses for the GPU chain, checked
from collateral the provider attached to its evidence.

The provider's agent fetches them (``collateral.attach``: ``kdsintf.amd.com/vcek/v1/<product>
/crl``, NVIDIA's OCSP responder); the verifier never goes to the network: it checks what it was
given with ``cryptography``, against the pinned vendor roots and the verification time passed in.
Collateral that is attached but does not hold (wrong signer, out of its validity window, about
another certificate, status unknown) is a reason to refuse; collateral that is absent is not
checked here: the verdict says so (``revocation_unchecked``) and the policy decides
(``require_revocation``: production requires it, development warns).

AMD: the KDS CRL is issued and signed by the product's ARK (RSA-PSS); it lists revoked ASKs
(VCEKs carry serial 0 and are not listed in practice, but their serial is looked up too).
NVIDIA: each certificate of the device chain between the leaf and the root needs a response
(the leaf attestation certificate is made by the GPU firmware and has no OCSP entry, as in
NVIDIA's own verifier), signed by its issuer or by a responder certificate with the OCSPSigning
extended key usage that its issuer or the pinned NVIDIA root certified (RFC 6960 4.2.2.2). A
response that carries a nonce must carry the evidence's nonce.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.x509 import ocsp
from pydantic import BaseModel, ConfigDict, Field

from . import certs

CLOCK_SKEW = timedelta(minutes=5)
OCSP_MAX_AGE = timedelta(days=7)  # a response without nextUpdate is fresh this long


class RevocationCollateral(BaseModel):
    """What ``Evidence.collateral`` holds for SEV-SNP and NVIDIA evidence (JSON)."""

    model_config = ConfigDict(extra="forbid")

    crls: list[str] = Field(default_factory=list, description="base64 DER CRLs (AMD KDS)")
    ocsp: list[str] = Field(default_factory=list, description="base64 DER OCSP responses")

    @classmethod
    def parse(cls, text: str | None) -> RevocationCollateral:
        """The attached collateral (empty when none); ``ValueError`` when unreadable."""
        if not text:
            return cls()
        try:
            return cls.model_validate(json.loads(text))
        except (ValueError, TypeError):
            raise ValueError("revocation collateral is not a RevocationCollateral JSON") from None

    def crl_objects(self) -> list[x509.CertificateRevocationList]:
        try:
            return [x509.load_der_x509_crl(base64.b64decode(c, validate=True)) for c in self.crls]
        except (ValueError, TypeError):
            raise ValueError("an attached CRL is unreadable") from None

    def ocsp_objects(self) -> list[ocsp.OCSPResponse]:
        try:
            return [ocsp.load_der_ocsp_response(base64.b64decode(r, validate=True))
                    for r in self.ocsp]
        except (ValueError, TypeError):
            raise ValueError("an attached OCSP response is unreadable") from None


def check_crls(
    crls: list[x509.CertificateRevocationList],
    issuer: x509.Certificate,
    subjects: list[tuple[str, x509.Certificate]],
    at: datetime,
    what: str,
) -> list[str]:
    """Reasons the CRLs (all must be ``issuer``'s, signed by its key, current at ``at``) refuse
    ``subjects`` ((label, certificate) pairs looked up by serial); empty when none is listed."""
    reasons: list[str] = []
    name = certs.common_name(issuer)
    for crl in crls:
        if crl.issuer != issuer.subject or not _crl_signed_by(crl, issuer):
            reasons.append(f"{what} CRL is not signed by {name!r} (issuer "
                           f"{crl.issuer.rfc4514_string()!r})")
            continue
        last, nxt = crl.last_update_utc, crl.next_update_utc
        if nxt is None or not last - CLOCK_SKEW <= at <= nxt:
            until = nxt.isoformat() if nxt else "never"
            reasons.append(f"{what} CRL not valid at {at.isoformat()} (issued "
                           f"{last.isoformat()}, next update {until}): stale or expired")
            continue
        for label, cert in subjects:
            entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
            if entry is not None:
                reasons.append(f"revoked: {label} serial {cert.serial_number:#x} listed in "
                               f"{what} CRL (revoked {entry.revocation_date_utc.isoformat()})")
    return reasons


def check_ocsp(
    responses: list[ocsp.OCSPResponse],
    chain: list[x509.Certificate],
    root: x509.Certificate,
    at: datetime,
    what: str,
    nonce: bytes | None = None,
) -> tuple[list[str], list[str]]:
    """(reasons to refuse, certificates left unchecked) for ``chain`` (leaf first, with or
    without ``root``) from ``responses``. Every single response must be about a certificate of
    the chain and hold; each certificate between the leaf and the root needs one."""
    full = list(chain)
    if full and certs.public_key_der(full[-1]) == certs.public_key_der(root):
        full = full[:-1]
    full.append(root)
    pairs = [(full[i], full[i + 1]) for i in range(1, len(full) - 1)]
    reasons: list[str] = []
    covered: set[int] = set()
    for response in responses:
        if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
            reasons.append(f"{what} OCSP response status {response.response_status.name}")
            continue
        for single in response.responses:
            match = next((i for i, (cert, issuer) in enumerate(pairs)
                          if _is_about(single, cert, issuer)), None)
            if match is None:
                reasons.append(f"{what} OCSP response about serial {single.serial_number:#x}, "
                               "which is no certificate of the chain")
                continue
            cert, issuer = pairs[match]
            problems = _ocsp_reasons(response, single, cert, issuer, root, at, what, nonce)
            reasons += problems
            if not problems:
                covered.add(match)
    unchecked = [repr(certs.common_name(cert)) for i, (cert, _) in enumerate(pairs)
                 if i not in covered]
    return reasons, unchecked


def _ocsp_reasons(
    response: ocsp.OCSPResponse,
    single: ocsp.OCSPSingleResponse,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    root: x509.Certificate,
    at: datetime,
    what: str,
    nonce: bytes | None,
) -> list[str]:
    name = certs.common_name(cert)
    signer = _responder(response, issuer)
    if signer is None:
        return [f"{what} OCSP response for {name!r} is not signed by its issuer or a responder "
                "it authorised"]
    if not _authorised(signer, issuer, root, at):
        return [f"{what} OCSP responder {certs.common_name(signer)!r} is neither the issuer of "
                f"{name!r} nor certified by it or the pinned root for OCSP signing"]
    reasons: list[str] = []
    this, nxt = single.this_update_utc, single.next_update_utc
    fresh_until = nxt if nxt is not None else this + OCSP_MAX_AGE
    if not this - CLOCK_SKEW <= at <= fresh_until:
        reasons.append(f"{what} OCSP response for {name!r} not valid at {at.isoformat()} "
                       f"(this update {this.isoformat()}, good until {fresh_until.isoformat()})")
    if nonce is not None:
        try:
            got = response.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
        except x509.ExtensionNotFound:
            got = None
        if got is not None and got != nonce:
            reasons.append(f"{what} OCSP response for {name!r} carries another nonce")
    status = single.certificate_status
    if status == ocsp.OCSPCertStatus.REVOKED:
        when = single.revocation_time_utc.isoformat() if single.revocation_time_utc else "?"
        why = single.revocation_reason.name if single.revocation_reason else "unspecified"
        reasons.append(f"revoked: {what} certificate {name!r} serial {cert.serial_number:#x} "
                       f"revoked at {when} ({why}, OCSP)")
    elif status == ocsp.OCSPCertStatus.UNKNOWN:
        reasons.append(f"{what} OCSP status unknown for {name!r} serial {cert.serial_number:#x}")
    return reasons


def _is_about(single: ocsp.OCSPSingleResponse, cert: x509.Certificate,
              issuer: x509.Certificate) -> bool:
    if single.serial_number != cert.serial_number:
        return False
    try:
        expected = ocsp.OCSPRequestBuilder().add_certificate(
            cert, issuer, single.hash_algorithm).build()
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return (expected.issuer_key_hash == single.issuer_key_hash
            and expected.issuer_name_hash == single.issuer_name_hash)


def _responder(response: ocsp.OCSPResponse,
               issuer: x509.Certificate) -> x509.Certificate | None:
    """The certificate whose key signed the response (the issuer or one the response carries)."""
    for candidate in [issuer, *response.certificates]:
        if response.responder_name is not None and candidate.subject != response.responder_name:
            continue
        if response.responder_key_hash is not None and response.responder_key_hash != (
                x509.SubjectKeyIdentifier.from_public_key(candidate.public_key()).digest):
            continue
        if _signed_by(candidate.public_key(), response.signature, response.tbs_response_bytes,
                      response.signature_hash_algorithm):
            return candidate
    return None


def _authorised(signer: x509.Certificate, issuer: x509.Certificate, root: x509.Certificate,
                at: datetime) -> bool:
    if certs.public_key_der(signer) == certs.public_key_der(issuer):
        return True
    try:
        usages = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (x509.ExtensionNotFound, ValueError):
        return False
    if x509.ExtendedKeyUsageOID.OCSP_SIGNING not in usages:
        return False
    if not signer.not_valid_before_utc <= at <= signer.not_valid_after_utc:
        return False
    try:
        signer.verify_directly_issued_by(issuer)
        return True
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        pass
    return not certs.check_chain([signer], root, at, "OCSP responder")


def _crl_signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    """``cryptography`` checks RSA-PSS (AMD's ARK), RSA PKCS#1 and ECDSA CRL signatures."""
    try:
        return crl.is_signature_valid(issuer.public_key())  # type: ignore[arg-type]
    except (TypeError, ValueError, UnsupportedAlgorithm):
        return False


def _signed_by(key: object, signature: bytes, data: bytes,
               algorithm: hashes.HashAlgorithm | None) -> bool:
    try:
        if isinstance(key, ec.EllipticCurvePublicKey) and algorithm is not None:
            key.verify(signature, data, ec.ECDSA(algorithm))
        elif isinstance(key, rsa.RSAPublicKey) and algorithm is not None:
            key.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
            key.verify(signature, data)
        else:
            return False
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True


def to_der_b64(obj: x509.CertificateRevocationList | ocsp.OCSPResponse) -> str:
    """How a CRL or OCSP response travels in ``RevocationCollateral``."""
    return base64.b64encode(obj.public_bytes(serialization.Encoding.DER)).decode()
