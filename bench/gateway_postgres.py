"""Gateway throughput on shared PostgreSQL: one gateway process, then two gateway processes on
one database, with one SQLite gateway as the baseline, all in the same run.

Each scenario starts its own state (a fresh PostgreSQL database on a throwaway server started
here with the `pgserver` package, or a fresh SQLite file), an account with a deposit, its
gateway process(es) (``python -m cocoon.platform.gateway``, settlement off) and a provider agent
process serving ``templates/echo`` with the Ray-free in-process backend. Load comes from client
processes (several SDK clients each, on threads), every client alternating between the
scenario's gateways call by call; each call is a full invocation (seal, route, reserve, forward,
run, receipt check, charge, open). At the end the ledger is checked: one receipt per call.

Everything listens on 127.0.0.1 (PostgreSQL on a unix socket only); everything started here is
stopped, even on failure. The clients and the provider share the machine with the gateways, so
on a small machine they, not the gateways, may bound the figures: the core count is printed.

Run: .venv/bin/python bench/gateway_postgres.py [--calls 1500] [--clients 4] [--threads 4]
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
PAYLOAD = {"message": "hello from the postgres benchmark", "n": 42}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@contextmanager
def postgres(root: Path) -> Iterator[str]:
    """A PostgreSQL server for this run (unix socket in ``root``), stopped on exit."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    server = pgserver.get_server(root / "pgdata", cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server._cleanup()


def create_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.replace("/postgres?", f"/{name}?", 1)


def seed(target: str | Path) -> tuple[str, str, str]:
    """An account with a deposit and its client and provider keys."""
    from cocoon.platform.db import Database
    from cocoon.platform.ledger import Ledger
    from cocoon.platform.registry import Registry

    db = Database(target)
    try:
        registry = Registry(db)
        account = registry.create_account("bench")
        Ledger(db).deposit(account, 10**15, source="bench", ref="bench-deposit")
        registry.preapprove_provider("bench", account, operator=account)
        return account, registry.create_key(account, "admin"), registry.create_key(
            account, "provider")
    finally:
        db.close()


def receipts(target: str | Path) -> int:
    from cocoon.platform.db import Database

    db = Database(target)
    try:
        return db.one("SELECT COUNT(*) FROM receipts")[0]
    finally:
        db.close()


def spawn(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with open(log_path, "ab") as out:
        return subprocess.Popen([sys.executable, *args], cwd=REPO, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_http(url: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", trust_env=False, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not come up")


@contextmanager
def scenario(home: Path, target: str | Path, gateways: int) -> Iterator[tuple[list[str], str]]:
    """``gateways`` gateway processes on ``target`` and one provider agent; echo deployed.
    Yields (gateway URLs, client key)."""
    from cocoon.platform.sdk import Client
    from cocoon.runtime.attestation import Policy

    home.mkdir(parents=True, exist_ok=True)
    _, client_key, provider_key = seed(target)
    base = {**os.environ, "COCOON_HOME": str(home), "PYTHONUNBUFFERED": "1",
            "COCOON_GATEWAY_ALLOW_SIMULATED": "true", "COCOON_GATEWAY_SETTLEMENT": "false"}
    if isinstance(target, str):
        base["COCOON_GATEWAY_DATABASE_URL"] = target
        base["COCOON_GATEWAY_DATABASE"] = str(home / "unused.db")
    else:
        base["COCOON_GATEWAY_DATABASE"] = str(target)
    with ExitStack() as stack:
        urls = []
        for i in range(gateways):
            port = free_port()
            proc = spawn(["-m", "cocoon.platform.gateway"],
                         {**base, "COCOON_GATEWAY_PORT": str(port)}, home / f"gateway{i}.log")
            stack.callback(stop, proc)
            urls.append(f"http://{LOOPBACK}:{port}")
        for url in urls:
            wait_http(url)
        agent = spawn([__file__, "--provider", urls[0], provider_key], base, home / "agent.log")
        stack.callback(stop, agent)
        with Client(urls[0], client_key, policy=Policy.embedded()) as client:
            out = client.deploy(REPO / "templates" / "echo")
        for url in urls:
            with Client(url, client_key, policy=Policy.embedded()) as client:
                client.wait_served(out.name, out.digest, timeout_s=120)
        yield urls, client_key


def run_provider(gateway_url: str, token: str) -> None:
    """The provider agent process: in-process backend (no Ray), simulated TEE."""
    import signal

    from cocoon.runtime.agent import AgentSettings, ProviderAgent
    from cocoon.runtime.backends import InProcessBackend

    agent = ProviderAgent(AgentSettings(id="bench", gateway_url=gateway_url, token=token,
                                        allow_simulated=True), backend=InProcessBackend())
    signal.signal(signal.SIGTERM, lambda *_: agent.shutdown())
    agent.run()


def client_process(urls: list[str], key: str, calls: int, threads: int, barrier: Any,
                   results: Any) -> None:
    """``threads`` SDK clients (one per thread), each alternating between ``urls``."""
    from cocoon.platform.sdk import Client
    from cocoon.runtime.attestation import Policy

    clients = [[Client(u, key, policy=Policy.embedded()) for u in urls] for _ in range(threads)]
    for pair in clients:  # connect, fetch offers, verify evidence: outside the timed window
        for c in pair:
            c.invoke("echo", PAYLOAD)
    counts = [calls // threads + (1 if t < calls % threads else 0) for t in range(threads)]
    errors: list[str] = []

    def work(t: int) -> None:
        for i in range(counts[t]):
            try:
                if clients[t][i % len(urls)].invoke("echo", PAYLOAD).output != PAYLOAD:
                    errors.append("wrong output")
            except Exception as exc:  # counted, not fatal: the figure says how many failed
                errors.append(type(exc).__name__)

    barrier.wait()
    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    warm = threads * len(urls)
    results.put((sum(counts) - len(errors), len(errors), started, time.perf_counter(), warm))
    for pair in clients:
        for c in pair:
            c.close()


def load(urls: list[str], key: str, calls: int, clients: int, threads: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(clients), ctx.Queue()
    share = [calls // clients + (1 if i < calls % clients else 0) for i in range(clients)]
    procs = [ctx.Process(target=client_process, args=(urls, key, share[i], threads, barrier,
                                                      results)) for i in range(clients)]
    for p in procs:
        p.start()
    out = [results.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(30)
    ok, failed = sum(o[0] for o in out), sum(o[1] for o in out)
    elapsed = max(o[3] for o in out) - min(o[2] for o in out)
    return {"calls": ok, "failed": failed, "seconds": round(elapsed, 2),
            "calls_per_s": round(ok / elapsed, 1), "warmup_calls": sum(o[4] for o in out)}


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--provider":
        run_provider(sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=1500, help="timed calls per scenario")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--threads", type=int, default=4, help="SDK clients per process")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="cocoon-bench-pg-"))
    result: dict[str, Any] = {"cpus": os.cpu_count(), "calls": args.calls,
                              "clients": args.clients * args.threads}
    try:
        with postgres(root) as server:
            plans = [("sqlite_1_gateway", root / "sqlite" / "platform.db", 1),
                     ("postgres_1_gateway", create_database(server, "bench1"), 1),
                     ("postgres_2_gateways", create_database(server, "bench2"), 2)]
            for name, target, gateways in plans:
                log(f"{name}: starting")
                with scenario(root / name, target, gateways) as (urls, key):
                    before = receipts(target)
                    figures = load(urls, key, args.calls, args.clients, args.threads)
                    figures["receipts"] = receipts(target) - before
                    charged = figures["calls"] + figures.pop("warmup_calls")
                    figures["exactly_once"] = figures["receipts"] == charged
                result[name] = figures
                log(f"{name}: {figures['calls_per_s']} calls/s ({figures['calls']} calls,"
                    f" {figures['failed']} failed, one receipt each: {figures['exactly_once']})")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    one, two = result["postgres_1_gateway"], result["postgres_2_gateways"]
    result["ratio_2_over_1"] = round(two["calls_per_s"] / one["calls_per_s"], 2)
    result["postgres_1_over_sqlite"] = round(
        one["calls_per_s"] / result["sqlite_1_gateway"]["calls_per_s"], 2)
    print(f"cpus {result['cpus']}: sqlite 1 gateway {result['sqlite_1_gateway']['calls_per_s']}"
          f" calls/s; postgres 1 gateway {one['calls_per_s']} calls/s; postgres 2 gateways"
          f" {two['calls_per_s']} calls/s; 2/1 = {result['ratio_2_over_1']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
