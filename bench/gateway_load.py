"""Gateway under load: a client-thread sweep (1, 4, 16, 64 by default) through the whole path.

The network is the Ray-free one the tests use, but in three processes, as deployed: the
gateway (``python -m cocoon.platform.gateway``, SQLite, embedded chain), a provider agent
serving ``templates/echo`` from its in-process backend, and this process with the clients (one
SDK ``Client`` per thread, vouchers on, as ``cocoon up`` configures them). Everything is on
127.0.0.1 under a temporary ``$COCOON_HOME`` and is stopped at the end, even on failure.

Per level: calls/s, p50/p99 latency, errors by code, and the gateway's CPU per call (its
process's user+system time from ``/proc/<pid>/stat`` over the level, divided by the calls),
plus calls/s relative to one thread (the same run's baseline).

Run: .venv/bin/python bench/gateway_load.py [--threads 1,4,16,64] [--seconds 6]
The last line printed is one JSON object with every figure. On a shared machine the figures
are noisy: compare within a run.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PROVIDER = """
import sys, threading
from cocoon.runtime import config
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend
cfg = config.read_file()["provider"]
agent = ProviderAgent(AgentSettings(id="local", gateway_url=cfg["gateway_url"],
                                    token=cfg["token"], allow_simulated=True),
                      backend=InProcessBackend())
threading.Thread(target=agent.run, daemon=True).start()
sys.stdin.read()  # until the bench closes our stdin
agent.shutdown()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * p // 100) - 1))]


def bootstrap(gateway_port: int) -> None:
    try:
        from cocoon.platform.bootstrap import bootstrap as run
    except ImportError:  # older trees kept it in embedded.py
        from cocoon.platform.embedded import bootstrap as run
    run(gateway_port, free_port())


def wait_ready(url: str, key: str, deadline_s: float = 60) -> None:
    from cocoon.platform.sdk import Client
    from cocoon.runtime.errors import CocoonError

    deadline = time.monotonic() + deadline_s
    with Client(url, key) as client:
        while True:
            try:
                out = client.deploy(REPO / "templates" / "echo")
                break
            except CocoonError:  # the gateway is still starting
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        client.wait_served(out.name, out.digest, timeout_s=deadline_s)


@contextlib.contextmanager
def local_network(prefix: str, env: dict[str, str]) -> Iterator[tuple[Path, dict[str, Any], int]]:
    """The three-process network under a temporary ``$COCOON_HOME`` (``env``: the gateway's
    settings): yields (home, config, gateway pid), everything stopped and removed at the end."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.update({"COCOON_HOME": str(home), **env})
    procs: list[subprocess.Popen[bytes]] = []
    try:
        bootstrap(free_port())
        from cocoon.runtime import config

        cfg = config.read_file()
        procs.append(subprocess.Popen([sys.executable, "-m", "cocoon.platform.gateway"],
                                      stdin=subprocess.DEVNULL, cwd=REPO))
        procs.append(subprocess.Popen([sys.executable, "-c", PROVIDER], stdin=subprocess.PIPE,
                                      cwd=REPO))
        wait_ready(cfg["client"]["gateway_url"], cfg["client"]["api_key"])
        yield home, cfg, procs[0].pid
    finally:
        for p in reversed(procs):
            if p.stdin is not None:
                p.stdin.close()
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(home, ignore_errors=True)


def refusals(url: str) -> collections.Counter[str]:
    """Invoke answers other than ok, by code, from the gateway's /metrics (if it has one):
    the SDK retries ``voucher_required`` itself, so the clients never see those."""
    import urllib3

    out: collections.Counter[str] = collections.Counter()
    try:
        text = urllib3.request("GET", url + "/metrics", timeout=5).data.decode()
    except urllib3.exceptions.HTTPError:
        return out
    for line in text.splitlines():
        if line.startswith("cocoon_invocations_total{") and 'outcome="ok"' not in line:
            code = line.split('outcome="', 1)[1].split('"', 1)[0]
            out[code] += int(float(line.rsplit(" ", 1)[1]))
    return out


def level(url: str, threads: int, seconds: float, gateway_pid: int) -> dict[str, Any]:
    from cocoon.platform.sdk import Client
    from cocoon.runtime.errors import CocoonError

    clients = [Client(url) for _ in range(threads)]
    for c in clients:  # offers verified, account read, connection open: outside the window
        c.invoke("echo", {"warm": True})
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: collections.Counter[str] = collections.Counter()
    start, stop = threading.Barrier(threads + 1), threading.Event()

    def worker(i: int) -> None:
        client, mine = clients[i], latencies[i]
        payload = {"thread": i, "message": "hello from the load benchmark"}
        start.wait()
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                client.invoke("echo", payload)
                mine.append((time.perf_counter() - t0) * 1000)
            except CocoonError as exc:
                errors[exc.code] += 1

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    refused0 = refusals(url)
    cpu0 = cpu_seconds(gateway_pid)
    start.wait()
    t0 = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds(gateway_pid) - cpu0
    refused = refusals(url) - refused0
    for c in clients:
        c.close()
    flat = [x for lat in latencies for x in lat]
    calls = len(flat)
    return {
        "threads": threads,
        "calls": calls,
        "calls_per_s": round(calls / elapsed, 1),
        "p50_ms": round(percentile(flat, 50), 1) if flat else None,
        "p99_ms": round(percentile(flat, 99), 1) if flat else None,
        "errors": dict(errors),
        "gateway_refusals": dict(refused),
        "gateway_cpu_ms_per_call": round(cpu * 1000 / max(calls, 1), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", default="1,4,16,64")
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    sweep = [int(t) for t in args.threads.split(",")]

    with local_network("cocoon-load-", {"COCOON_GATEWAY_SETTLE_INTERVAL_S": "0"}) as (
            _, cfg, gateway_pid):  # no settlement pass mid-level
        url = cfg["client"]["gateway_url"]
        results = []
        for threads in sweep:
            r = level(url, threads, args.seconds, gateway_pid)
            results.append(r)
            print(f"{threads:>3} threads: {r['calls_per_s']:>7} calls/s  p50 {r['p50_ms']} ms  "
                  f"p99 {r['p99_ms']} ms  errors {r['errors'] or 0}  refused+retried "
                  f"{r['gateway_refusals'] or 0}  gateway CPU "
                  f"{r['gateway_cpu_ms_per_call']} ms/call", flush=True)
        base = results[0]["calls_per_s"] or 1
        for r in results:
            r["vs_1_thread"] = round(r["calls_per_s"] / base, 2)
        print(json.dumps({"bench": "gateway_load", "seconds": args.seconds,
                          "cpus": os.cpu_count(), "levels": results}))


if __name__ == "__main__":
    main()
