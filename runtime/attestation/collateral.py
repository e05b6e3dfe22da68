"""TDX collateral for evidence that carries none, from the policy's source: a QuoteCollateralV3
JSON file, a local cache directory (``<FMSPC>.json``, upper-case hex) or a PCCS/PCS URL.

A fetched collateral is written to the cache directory when one is configured, so a verifier
that fetched once verifies offline until the collateral expires.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .policy import CollateralSource
from .verdict import Evidence


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
