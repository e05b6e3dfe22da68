"""Time to verify each kind of real evidence, cold (cache bypassed) and cached.

    .venv/bin/python bench/attestation_verify.py [--iterations N]

Reads the project's fixtures (``tests/fixtures/attestation``) at their pinned times. "cold"
runs the kind verifier plus policy for every call (no verdict cache); "cached" calls
``verify_evidence`` again with the same evidence, policy and time. Targets: TDX with collateral
< 20 ms cold, any cached verdict < 50 µs.
"""

from __future__ import annotations

import argparse
import base64
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from cocoon.runtime.attestation import Evidence, Policy, verify_evidence

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "attestation"


def read(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def cases() -> dict[str, tuple[Evidence, Policy, datetime]]:
    nvidia_hex = read("nvidia/nvtrust_hopper_attestation_report.hex").decode().strip()
    return {
        "tdx (v4 + collateral)": (Evidence(
            kind="tdx", data=b64(read("tdx/dcap-qvl_tdx_quote.bin")),
            collateral=read("tdx/dcap-qvl_tdx_quote_collateral.json").decode()),
            Policy(), datetime(2025, 7, 1, tzinfo=UTC)),
        "sev-snp (dstack, Milan)": (Evidence(
            kind="sev-snp", data=b64(read("sev-snp/dstack_snp_attestation_container.bin")),
            chain=read("sev-snp/dstack_vcek.pem").decode(), offset=4),
            Policy(), datetime(2026, 11, 1, tzinfo=UTC)),
        "nvidia (H100 SPDM)": (Evidence(
            kind="nvidia", data=b64(bytes.fromhex(nvidia_hex)),
            chain=read("nvidia/nvtrust_hopper_cert_chain.pem").decode()),
            Policy(), datetime(2026, 1, 1, tzinfo=UTC)),
    }


def timings(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return sorted(out)


def fmt(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:8.1f} µs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()
    if not FIXTURES.is_dir():
        print(f"fixtures not found at {FIXTURES.resolve()}", file=sys.stderr)
        return 2
    print(f"{'kind':26} {'mode':7} {'median':>11} {'p99':>11}  n")
    failed = False
    for name, (evidence, policy, at) in cases().items():
        verdict = verify_evidence(evidence, policy, at=at)  # warm imports and the cache
        if not verdict.valid:
            print(f"{name}: unexpectedly rejected: {verdict.reasons}", file=sys.stderr)
            return 1
        for mode, fn, n in (
            ("cold", lambda e=evidence, p=policy, t=at: verify_evidence(
                e, p, at=t, use_cache=False), args.iterations),
            ("cached", lambda e=evidence, p=policy, t=at: verify_evidence(e, p, at=t),
             args.iterations * 50),
        ):
            ts = timings(fn, n)
            p99 = ts[min(len(ts) - 1, int(len(ts) * 0.99))]
            print(f"{name:26} {mode:7} {fmt(statistics.median(ts))} {fmt(p99)}  {n}")
            target = 20e-3 if mode == "cold" and name.startswith("tdx") else (
                50e-6 if mode == "cached" else None)
            if target is not None and statistics.median(ts) > target:
                print(f"  over target ({fmt(target).strip()})")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
