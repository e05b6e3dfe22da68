"""What running function code outside the replica costs (Ray-free, CPU only).

Every function runs in a worker process of its own (runtime/isolation.py): the replica writes
the payload to the worker's pipe and reads the outcome back. This measures, for the echo
template:

- starting a worker (once per replica, and after a timeout or a memory_limit kill): spawn,
  confine (as root: mount namespace, own uid), import, load the function;
- one call through the worker (``ProcessRunner.run``), without and with ``memory_mb`` (the
  watchdog reads the worker's RSS while a call runs), next to the same call on a thread of the
  replica itself (``ThreadRunner``: what hosts did before, with no isolation).

Run: .venv/bin/python bench/worker_hop.py [--iterations 3000]
The last line printed is one JSON object (microseconds: p50 and p99; start: milliseconds).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from cocoon.runtime.function import load_handler
from cocoon.runtime.isolation import ProcessRunner, ThreadRunner

ECHO = Path(__file__).resolve().parent.parent / "templates" / "echo"
PAYLOAD = json.dumps({"hello": "world", "n": list(range(20))}).encode()


def timed(runner, iterations: int) -> dict[str, float]:
    for _ in range(200):
        runner.run(PAYLOAD)
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        runner.run(PAYLOAD)
        samples.append(time.perf_counter() - started)
    samples.sort()
    return {"p50_us": round(statistics.median(samples) * 1e6, 1),
            "p99_us": round(samples[int(len(samples) * 0.99)] * 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=3000)
    args = parser.parse_args()
    started = time.perf_counter()
    worker = ProcessRunner(ECHO, "main", max_units=1, timeout_s=30, memory_mb=None, name="echo")
    start_ms = round((time.perf_counter() - started) * 1e3, 1)
    watched = ProcessRunner(ECHO, "main", max_units=1, timeout_s=30, memory_mb=256, name="echo")
    thread = ThreadRunner(load_handler(ECHO, "main"), max_units=1, timeout_s=30, name="echo")
    try:
        out = {"worker_start_ms": start_ms, "in_replica_thread": timed(thread, args.iterations),
               "worker": timed(worker, args.iterations),
               "worker_memory_mb": timed(watched, args.iterations)}
    finally:
        for runner in (worker, watched, thread):
            runner.close()
    for name, figures in out.items():
        print(f"{name:20} {figures}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
