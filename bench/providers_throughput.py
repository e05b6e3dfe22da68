"""Throughput with 1, 2 and 3 providers, each its own real local Ray cluster (this machine).

For each count: `cocoon up --providers N --detach` in a fresh COCOON_HOME, deploy an echo copy
that every provider holds (one warm replica each), wait until all N offer it, then run
``--threads`` SDK clients (vouchers on, as `cocoon up` configures them) for ``--seconds``.
Each call is sealed for every provider; the gateway picks one per call by price and expected
wait. Prints calls/s, p50/p99 latency, the share of calls each provider served, errors by
code, and calls/s relative to one provider (the same run's baseline), then `cocoon down`.

On a machine with few cores the providers share them with the gateway and the clients, so
the ratio says how much routing over several clusters costs or gains here, not what N hosts
would give. The last line printed is one JSON object with every figure.

Run: .venv/bin/python bench/providers_throughput.py [--providers 1,2,3] [--threads 8]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "cocoon.platform.cli.main"]


def cocoon(home: Path, *args: str) -> str:
    env = {**os.environ, "COCOON_HOME": str(home), "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
    proc = subprocess.run([*CLI, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise SystemExit(f"cocoon {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def measure(home: Path, providers: int, threads: int, seconds: float) -> dict[str, Any]:
    folder = home / "busy"
    shutil.copytree(REPO / "templates" / "echo", folder)
    (folder / "cocoon.toml").write_text(
        'name = "busy"\n[resources]\ncpus = 0.1\nmin_replicas = 1\n'
        "max_concurrency = 16\n[pricing]\nunit_price = 1000\n")
    cocoon(home, "up", "--providers", str(providers), "--detach")
    try:
        cocoon(home, "deploy", str(folder))
        from cocoon.platform.sdk import Client

        with Client() as probe:
            deadline = time.monotonic() + 300
            while len(probe.offers("busy", refresh=True)[1]) < providers:
                if time.monotonic() > deadline:
                    raise SystemExit(f"not all {providers} providers offer the function")
                time.sleep(0.5)
        latencies: list[float] = []
        served: collections.Counter[str] = collections.Counter()
        errors: collections.Counter[str] = collections.Counter()
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def worker() -> None:
            from cocoon.runtime.errors import CocoonError

            with Client() as client:
                client.invoke("busy", 0)  # offers fetched and verified once per client
                while time.monotonic() < stop:
                    started = time.perf_counter()
                    try:
                        result = client.invoke("busy", 1)
                    except CocoonError as exc:
                        with lock:
                            errors[exc.code] += 1
                        continue
                    with lock:
                        latencies.append(time.perf_counter() - started)
                        served[result.receipt.provider] += 1

        began = time.monotonic()
        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        elapsed = time.monotonic() - began
        latencies.sort()
        n = len(latencies)
        return {
            "providers": providers,
            "calls": n,
            "calls_per_s": round(n / elapsed, 1),
            "p50_ms": round(latencies[n // 2] * 1000, 1) if n else None,
            "p99_ms": round(latencies[min(n - 1, int(n * 0.99))] * 1000, 1) if n else None,
            "share": {p: round(c / n, 2) for p, c in sorted(served.items())} if n else {},
            "errors": dict(errors),
        }
    finally:
        cocoon(home, "down")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--providers", default="1,2,3")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    results = []
    for count in (int(x) for x in args.providers.split(",")):
        home = Path(tempfile.mkdtemp(prefix=f"cocoon-tput{count}-"))
        os.environ["COCOON_HOME"] = str(home)  # the SDK clients of this round
        try:
            result = measure(home, count, args.threads, args.seconds)
        finally:
            shutil.rmtree(home, ignore_errors=True)
        base = results[0]["calls_per_s"] if results else result["calls_per_s"]
        result["vs_first"] = round(result["calls_per_s"] / base, 2) if base else None
        results.append(result)
        print(f"{count} provider(s): {result['calls_per_s']} calls/s "
              f"(x{result['vs_first']} vs {results[0]['providers']}), p50 {result['p50_ms']} ms, "
              f"p99 {result['p99_ms']} ms, share {result['share']}, errors {result['errors']}",
              flush=True)
    print(json.dumps({"threads": args.threads, "seconds": args.seconds, "results": results}))


if __name__ == "__main__":
    main()
