"""Collateral: what a verifier needs beside the evidence itself.

Verifier side (``with_collateral``): TDX collateral for evidence that carries none, from the
policy's source: a QuoteCollateralV3 JSON file, a local cache directory (``<FMSPC>.json``,
upper-case hex) or a PCCS/PCS URL. A fetched collateral is written to the cache directory when
one is configured, so a verifier that fetched once verifies offline until the collateral expires.

Provider side (``CollateralFetcher.attach``, called where evidence is produced): the provider
attaches Intel PCS collateral to its TDX quotes, the AMD KDS CRL to its SEV-SNP reports and
NVIDIA OCSP responses to its GPU evidence, so that clients verify everything offline, revocation
included (``revocation.py``).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from . import certs
from .policy import CollateralSource
from .revocation import RevocationCollateral
from .verdict import Evidence

log = logging.getLogger("cocoon.attestation")


class CollateralUnavailable(Exception):
    """No collateral could be had from the configured source."""


def with_collateral(evidence: Evidence, source: CollateralSource | None) -> Evidence:
    """``evidence`` with collateral filled in from ``source`` (unchanged if it has some, is not
    TDX, or no source is configured)."""
    if evidence.kind != "tdx" or evidence.collateral or source is None:
        return evidence
    return evidence.model_copy(update={"collateral": fetch(evidence.raw, source)})


def fetch(quote: bytes, source: CollateralSource) -> str:
    import dcap_qvl  # only where TDX evidence is verified

    if source.file:
        try:
            return Path(source.file).read_text()
        except OSError as exc:
            raise CollateralUnavailable(f"collateral file unreadable ({exc.strerror})") from None
    try:
        fmspc = dcap_qvl.parse_quote(quote).fmspc().upper()
    except ValueError:
        raise CollateralUnavailable("cannot read the quote's FMSPC") from None
    cached = Path(source.cache_dir) / f"{fmspc}.json" if source.cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_text()
    if not source.pccs_url:
        raise CollateralUnavailable(f"no collateral for FMSPC {fmspc} in the cache")
    try:
        collateral = _fetch_pccs(source.pccs_url, quote)
    except (ValueError, RuntimeError, OSError) as exc:
        detail = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise CollateralUnavailable(f"PCCS fetch failed: {detail}") from None
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(collateral)
    return collateral


def _fetch_pccs(url: str, quote: bytes) -> str:
    import dcap_qvl

    async def get() -> str:  # the binding needs a running loop when it is called
        return (await dcap_qvl.get_collateral(url, quote)).to_json()

    def run() -> str:
        return asyncio.run(get())

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    with ThreadPoolExecutor(1) as pool:  # called from async code: its loop cannot be reused
        return pool.submit(run).result()


# -- attaching collateral to evidence, on the provider (the agent and each replica) ------------

Fetch = Callable[[str, bytes | None], bytes]
"""GET ``url`` (``body`` None) or POST ``body`` to it (an OCSP request); the response body."""

AMD_KDS_URL = "https://kdsintf.amd.com"
NVIDIA_OCSP_URL = "https://ocsp.ndis.nvidia.com/"
INTEL_PCS_URL = "https://api.trustedservices.intel.com"
FETCH_TIMEOUT_S = 15.0
CRL_REFRESH = timedelta(hours=1)  # a cached CRL is fetched again this long before its nextUpdate


def http_fetch(url: str, body: bytes | None = None) -> bytes:
    """The network fetcher: plain HTTPS, no proxies from the environment, no redirects."""
    import httpx

    with httpx.Client(timeout=FETCH_TIMEOUT_S, trust_env=False, follow_redirects=False) as http:
        if body is None:
            resp = http.get(url)
        else:
            resp = http.post(url, content=body,
                             headers={"content-type": "application/ocsp-request"})
    if resp.status_code != 200:
        raise CollateralUnavailable(f"{url} answered HTTP {resp.status_code}")
    return resp.content


def default_cache_dir() -> Path:
    from ..config import cocoon_home

    return cocoon_home() / "cache" / "collateral"


@dataclass
class CollateralFetcher:
    """Fetches what verifiers need beside the evidence, so that they never go to the network:
    TDX: Intel PCS collateral through dcap-qvl (cached per FMSPC); SEV-SNP: the AMD KDS CRL of
    the VCEK's product line (cached until shortly before its nextUpdate); NVIDIA: one OCSP
    response per device-chain certificate, with the evidence's nonce (never cached: a fresh
    nonce each time). ``fetch`` and ``tdx_get`` are the seams tests inject (no network here).

    A fetch that fails leaves the evidence without collateral (logged): the verifier's policy
    then refuses it or warns, which says more than failing to produce evidence at all."""

    fetch: Fetch = http_fetch
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    pccs_url: str = INTEL_PCS_URL
    tdx_get: Callable[[str, bytes], str] | None = None  # (PCCS URL, quote) -> collateral JSON
    kds_url: str = AMD_KDS_URL
    ocsp_url: str = NVIDIA_OCSP_URL

    def attach(self, evidence: Evidence, at: datetime | None = None) -> Evidence:
        if evidence.collateral or evidence.kind == "simulated":
            return evidence
        try:
            if evidence.kind == "tdx":
                text = self._intel(evidence, at)
            elif evidence.kind == "sev-snp":
                text = RevocationCollateral(crls=[self._amd_crl(evidence, at)]).model_dump_json()
            else:
                text = RevocationCollateral(ocsp=self._nvidia_ocsp(evidence)).model_dump_json()
        except (CollateralUnavailable, ValueError, OSError) as exc:
            log.warning("no %s collateral attached: %s", evidence.kind, _first_line(exc))
            return evidence
        return evidence.model_copy(update={"collateral": text})

    def _intel(self, evidence: Evidence, at: datetime | None) -> str:
        """Intel PCS collateral for the quote; the cached copy (per FMSPC) while its TCB info
        and QE identity are more than ``CRL_REFRESH`` from their nextUpdate."""
        import dcap_qvl

        try:
            fmspc = dcap_qvl.parse_quote(evidence.raw).fmspc().upper()
        except ValueError:
            raise CollateralUnavailable("cannot read the quote's FMSPC") from None
        cached = self.cache_dir / f"{fmspc}.json" if self.cache_dir else None
        if cached is not None and cached.is_file():
            text = cached.read_text()
            try:
                if (at or datetime.now(UTC)) < _intel_next_update(text) - CRL_REFRESH:
                    return text
            except ValueError:
                pass  # unreadable: fetched again
        try:
            text = (self.tdx_get or _fetch_pccs)(self.pccs_url, evidence.raw)
        except (ValueError, RuntimeError, OSError) as exc:
            raise CollateralUnavailable(f"PCS fetch failed: {_first_line(exc)}") from None
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            cached.write_text(text)
        return text

    def _amd_crl(self, evidence: Evidence, at: datetime | None) -> str:
        from . import snp

        chain = certs.load_certificates((evidence.chain or "").encode("latin-1"))
        if not chain:
            raise CollateralUnavailable("no VCEK to name the product line")
        product = snp.product_line(chain[0])
        if product not in certs.AMD_ASK_ARK:
            raise CollateralUnavailable(f"unknown AMD product line {product!r}")
        now = at or datetime.now(UTC)
        cached = self.cache_dir / f"amd-{product}.crl" if self.cache_dir else None
        if cached is not None and cached.is_file():
            try:
                crl = x509.load_der_x509_crl(cached.read_bytes())
                if crl.next_update_utc is not None and now < crl.next_update_utc - CRL_REFRESH:
                    return base64.b64encode(cached.read_bytes()).decode()
            except ValueError:
                pass  # unreadable: fetched again
        der = self.fetch(f"{self.kds_url}/vcek/v1/{product}/crl", None)
        x509.load_der_x509_crl(der)  # readable, or ValueError
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            cached.write_bytes(der)
        return base64.b64encode(der).decode()

    def _nvidia_ocsp(self, evidence: Evidence) -> list[str]:
        from . import spdm

        nonce = spdm.parse(evidence.raw[evidence.offset:]).nonce
        chain = certs.load_certificates((evidence.chain or "").encode("latin-1"))
        root = certs.pinned(certs.NVIDIA_DEVICE_ROOT)[-1]
        if chain and certs.public_key_der(chain[-1]) == certs.public_key_der(root):
            chain = chain[:-1]
        full = [*chain, root]
        out = []
        for cert, issuer in pairwise(full[1:]):  # not the leaf, not the root
            request = (ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA384())
                       .add_extension(x509.OCSPNonce(nonce), critical=False).build())
            der = self.fetch(self.ocsp_url, request.public_bytes(serialization.Encoding.DER))
            ocsp.load_der_ocsp_response(der)  # readable, or ValueError
            out.append(base64.b64encode(der).decode())
        if not out:
            raise CollateralUnavailable("no NVIDIA certificate to ask OCSP about")
        return out


def _intel_next_update(collateral: str) -> datetime:
    """The earlier nextUpdate of the collateral's TCB info and QE identity (``ValueError``)."""
    try:
        doc = json.loads(collateral)
        dates = [json.loads(doc[part])["nextUpdate"] for part in ("tcb_info", "qe_identity")]
        return min(datetime.fromisoformat(d.replace("Z", "+00:00")) for d in dates)
    except (KeyError, TypeError, json.JSONDecodeError):
        raise ValueError("cached Intel collateral unreadable") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
