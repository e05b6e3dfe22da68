"""Certificates: loading what evidence carries, pinned vendor roots, and chain checks.

Vendor roots live in ``roots/`` beside this module (public certificates, pinned by content).
Chains are checked link by link (signature, validity window, CA flag of each issuer) and must end
in a pinned root: the roots are compared by public key, never by name.
"""

from __future__ import annotations

import warnings
from datetime import datetime
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

ROOTS_DIR = Path(__file__).resolve().parent / "roots"
INTEL_SGX_ROOT = "intel_sgx_root_ca.der"
NVIDIA_DEVICE_ROOT = "nvidia_device_identity_root.pem"
# product -> file with the ASK then the ARK (AMD KDS cert_chain order)
# Product line -> pinned file: ASK then ARK, or the ARK alone (then the evidence carries the ASK).
# ARK-Turin: AMD KDS vcek/v1/Turin/cert_chain; SHA-256 of its DER
# 1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a.
AMD_ASK_ARK = {
    "Milan": "amd_milan_ask_ark.pem",
    "Genoa": "amd_genoa_ask_ark.pem",
    "Turin": "amd_turin_ark.pem",
}


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """PEM (one or more certificates) or a single DER certificate. AMD VCEKs carry serial 0,
    which ``cryptography`` warns about; the warning says nothing about validity here.

    ``cryptography`` parses names and keys lazily: they are read here, so a damaged certificate
    (unknown key type, malformed name) raises ``ValueError`` now, not later inside a check."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if b"-----BEGIN CERTIFICATE-----" in data:
                loaded = x509.load_pem_x509_certificates(data)
            else:
                loaded = [x509.load_der_x509_certificate(data)]
            for cert in loaded:
                cert.public_key()
                common_name(cert)
                cert.issuer.rfc4514_string()
        except (UnsupportedAlgorithm, x509.InvalidVersion) as exc:
            raise ValueError(f"unreadable certificate: {exc}") from None
    return loaded


@cache
def pinned(name: str) -> tuple[x509.Certificate, ...]:
    return tuple(load_certificates((ROOTS_DIR / name).read_bytes()))


@cache
def pinned_der(name: str) -> bytes:
    return pinned(name)[-1].public_bytes(serialization.Encoding.DER)


def public_key_der(cert: x509.Certificate) -> bytes:
    return cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def check_chain(
    chain: list[x509.Certificate], root: x509.Certificate, at: datetime, what: str
) -> list[str]:
    """Reasons why ``chain`` (leaf first; may or may not end with the root) does not lead to
    ``root`` at time ``at``; empty when it does."""
    reasons: list[str] = []
    certs = list(chain)
    if certs and public_key_der(certs[-1]) == public_key_der(root):
        certs = certs[:-1]
    certs.append(root)
    for i, cert in enumerate(certs):
        name = common_name(cert)
        if not cert.not_valid_before_utc <= at <= cert.not_valid_after_utc:
            reasons.append(f"{what}: certificate {name!r} not valid at {at.isoformat()} "
                           f"(valid {cert.not_valid_before_utc.date()} .. "
                           f"{cert.not_valid_after_utc.date()})")
        issuer = certs[i + 1] if i + 1 < len(certs) else root
        if i + 1 < len(certs) and not _is_ca(issuer):
            reasons.append(f"{what}: issuer {common_name(issuer)!r} is not a CA")
        try:
            cert.verify_directly_issued_by(issuer)
        except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
            target = "pinned root" if issuer is root else repr(common_name(issuer))
            reasons.append(f"{what}: certificate {name!r} is not signed by {target}")
    return reasons


def common_name(cert: x509.Certificate) -> str:
    """The certificate's CN (its whole subject when it has none): how reasons name it."""
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except (x509.ExtensionNotFound, ValueError):  # absent or malformed: not a CA
        return False
