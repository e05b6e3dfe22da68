"""What per-replica keys and call authorisations cost (Ray-free, CPU only).

- a replica's key pair with simulated-TEE evidence binding it (what each replica does when it
  starts and at each rotation; real TEEs add a configfs-tsm quote);
- sealing one request to 1, 2, 4 and 8 replica keys (the SDK seals to every key of a provider);
- verifying an offer of 1 and 4 replica keys (simulated evidence, cache off);
- the gateway signing a call authorisation and a replica checking it.

Run: .venv/bin/python bench/replica_keys.py [--iterations 200]
The last line printed is one JSON object with every figure (median microseconds).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cocoon.platform.sdk.client import verify_offer
from cocoon.runtime.attestation import Policy
from cocoon.runtime.authorisation import authorise, check_authorisation
from cocoon.runtime.envelope import seal_request
from cocoon.runtime.keyring import KeyRing
from cocoon.runtime.wire import Offer, RoutingHeader

DIGEST = "ab" * 32


def median_us(fn: Callable[[], object], iterations: int) -> float:
    samples = []
    for _ in range(iterations):
        t0 = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - t0) / 1000)
    return round(statistics.median(samples), 1)


def header() -> RoutingHeader:
    return RoutingHeader(function="echo", version=1, digest=DIGEST, client="acct_bench",
                         max_price=1000, request_id=os.urandom(16).hex(),
                         timestamp_ms=int(time.time() * 1000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    n = parser.parse_args().iterations
    out: dict[str, float] = {}
    rings = [KeyRing.in_tee("local", DIGEST, allow_simulated=True) for _ in range(8)]
    out["replica_keys_with_evidence_us"] = median_us(
        lambda: KeyRing.in_tee("local", DIGEST, allow_simulated=True), max(n // 10, 5))
    offer = Offer(provider="local", function_digest=DIGEST, unit_price=1000, simulated=True,
                  keys=[r.current for r in rings])
    payload = b'{"hello":"world"}'
    for k in (1, 2, 4, 8):
        recipients = offer.recipients()[:k]
        out[f"seal_{k}_keys_us"] = median_us(lambda r=recipients: seal_request(header(), payload,
                                                                               r), n)
    fresh = itertools.count(10**9)  # a new policy each time: no cached verdict
    for k in (1, 4):
        sub = offer.model_copy(update={"keys": offer.keys[:k]})
        out[f"verify_offer_{k}_keys_us"] = median_us(
            lambda s=sub: verify_offer(s, Policy.embedded().model_copy(
                update={"max_age_s": next(fresh)})), max(n // 10, 5))
    gateway = Ed25519PrivateKey.generate()
    h = header()
    out["authorise_us"] = median_us(lambda: authorise(gateway, h, "local"), n)
    value = authorise(gateway, h, "local")
    public = gateway.public_key()
    out["check_authorisation_us"] = median_us(
        lambda: check_authorisation(value, public, h, "local"), n)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
