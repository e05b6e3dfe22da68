"""Invocation latency: ``echo`` through the whole Cocoon path against bare Ray Serve over HTTP.

One run, one machine: first a Ray-free breakdown of Cocoon's per-request work (SDK seal, runtime
open+run+seal+sign, SDK open+verify, and the gateway's own steps on a real platform database),
then two paths up at the same time, each on its own local Ray cluster: the embedded network
(gateway process + provider agent, simulated TEE, state in a temporary ``$COCOON_HOME``) with
``templates/echo`` deployed, and bare Ray Serve serving a plain echo deployment with the same
replica resources (1 replica, 0.25 CPU, max 8 ongoing requests). Sequential latency is measured
alternating request by request between the two paths; then a concurrent phase per path
(requests/s, one client per thread). Everything listens on 127.0.0.1; everything started here
is stopped, even on failure.

Run: .venv/bin/python bench/invoke_latency.py [--requests 300] [--concurrency 4] [--warmup 50]
The last line printed is one JSON object with every figure. On a shared machine the figures are
noisy: compare ratios from the same run, not absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"

REPO = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
PAYLOAD: dict[str, Any] = {"message": "hello from the latency benchmark", "n": 42, "ok": True}
REPLICA_CPUS = 0.25  # templates/echo/cocoon.toml
MAX_ONGOING = 8  # the manifest's default max_concurrency


# ---------------------------------------------------------------------------- statistics


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def latency_summary(samples_ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples_ms, 50), 3),
        "p99_ms": round(percentile(samples_ms, 99), 3),
        "mean_ms": round(statistics.fmean(samples_ms), 3),
        "min_ms": round(min(samples_ms), 3),
        "max_ms": round(max(samples_ms), 3),
    }


def sequential(call: Callable[[], None], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def concurrent(
    make_call: Callable[[], tuple[Callable[[], None], Callable[[], None]]], threads: int, total: int
) -> dict[str, float]:
    """``total`` calls over ``threads`` threads, each with its own client (``make_call`` returns
    (call, close)). Returns requests/s and the latency spread under load."""
    per_thread = max(1, total // threads)
    clients = [make_call() for _ in range(threads)]
    for call, _ in clients:  # connect and warm each client outside the timed window
        call()
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[BaseException] = []
    start = threading.Barrier(threads + 1)

    def worker(i: int) -> None:
        call = clients[i][0]
        start.wait()
        try:
            latencies[i] = sequential(call, per_thread)
        except BaseException as exc:  # reported after the join
            errors.append(exc)

    workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for w in workers:
        w.start()
    start.wait()
    t0 = time.perf_counter()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - t0
    for _, close in clients:
        close()
    if errors:
        raise errors[0]
    flat = [x for lat in latencies for x in lat]
    return {
        "requests": len(flat),
        "threads": threads,
        "requests_per_s": round(len(flat) / elapsed, 1),
        **{f"loaded_{k}": v for k, v in latency_summary(flat).items() if k != "min_ms"},
    }


def median_us(fn: Callable[[int], None], iterations: int) -> float:
    samples = []
    for i in range(iterations):
        t0 = time.perf_counter_ns()
        fn(i)
        samples.append((time.perf_counter_ns() - t0) / 1000)
    return round(statistics.median(samples), 1)


# ---------------------------------------------------------------------------- Ray-free breakdown


def breakdown(iterations: int) -> dict[str, float]:
    """Median microseconds of each CPU step of one Cocoon invocation, outside any server."""
    from cocoon.runtime.envelope import (
        RuntimeKeys,
        open_chunks,
        response_digest,
        seal_request,
        verify_receipt,
    )
    from cocoon.runtime.invocation import FunctionIdentity, Invoker
    from cocoon.runtime.wire import RoutingHeader, decode_request, decode_response, recipient_id

    keys = RuntimeKeys.generate()
    fn = FunctionIdentity("echo", 1, "ab" * 32, 1000)
    invoker = Invoker(provider="local", keys=keys, function=fn, handler=lambda p: p,
                      simulated=True, gateway_key=None)
    hpke_pub, signer = keys.hpke_public, keys.signing_public.hex()

    def seal() -> tuple[RoutingHeader, bytes, bytes]:
        header = RoutingHeader(
            function="echo",
            version=1,
            digest=fn.digest,
            client="acct_bench",
            max_price=1000,
            request_id=os.urandom(16).hex(),
            timestamp_ms=int(time.time() * 1000),
        )
        body = json.dumps(PAYLOAD, separators=(",", ":")).encode()
        envelope, response_key = seal_request(header, body,
                                              [(recipient_id("local", hpke_pub), hpke_pub)])
        return header, envelope, response_key

    sealed = [seal() for _ in range(iterations)]
    frames = [invoker.handle(env) for _, env, _ in sealed]
    sealed_fresh = [seal() for _ in range(iterations)]

    def sdk_open(i: int) -> None:
        header, _, response_key = sealed[i]
        frame = decode_response(frames[i])
        receipt = verify_receipt(frame.receipt, signer)
        assert receipt.response_digest == response_digest(frame.chunk_bytes)
        assert receipt.request_id == header.request_id
        output = json.loads(b"".join(open_chunks(response_key, header.request_id, frame.chunks)))
        assert output == PAYLOAD

    def gateway_check(i: int) -> None:  # what the gateway does on the bytes (invoke.py _check)
        decode_request(sealed[i][1])
        frame = decode_response(frames[i])
        verify_receipt(frame.receipt, signer)
        response_digest(frame.chunk_bytes)

    return {
        "sdk_seal_us": median_us(lambda i: seal(), iterations),
        "runtime_handle_us": median_us(lambda i: invoker.handle(sealed_fresh[i][1]), iterations),
        "sdk_open_verify_us": median_us(sdk_open, iterations),
        "gateway_envelope_and_receipt_us": median_us(gateway_check, iterations),
    }


def gateway_db_breakdown(home: Path, iterations: int) -> dict[str, float]:
    """The gateway's per-request database work, on the platform database the run left behind."""
    from cocoon.platform.db import Database
    from cocoon.platform.ledger import Ledger
    from cocoon.platform.registry import Registry
    from cocoon.runtime.envelope import RuntimeKeys, sign_receipt
    from cocoon.runtime.wire import UsageReceipt

    db = Database(home / "platform.db")
    try:
        registry, ledger = Registry(db), Ledger(db)
        providers = registry.providers()
        if not providers:
            return {}
        pid = providers[0].id
        account = db.one("SELECT id FROM accounts LIMIT 1")["id"]
        key = RuntimeKeys.generate().signing

        def charge(i: int) -> None:
            rid = os.urandom(16).hex()
            res = ledger.reserve(account, rid, 1000)
            receipt = UsageReceipt(
                request_id=rid,
                client=account,
                function="echo",
                function_digest="ab" * 32,
                provider=pid,
                units=1,
                unit_price=1000,
                amount=1000,
                time_ms=0,
                outcome="ok",
                response_digest="00" * 32,
                simulated=True,
            )
            ledger.charge(res, sign_receipt(receipt, key))

        def reserve_release(i: int) -> None:
            ledger.release(ledger.reserve(account, os.urandom(16).hex(), 1000))

        return {
            "gateway_already_charged_us": median_us(
                lambda i: ledger.already_charged(os.urandom(16).hex()), iterations
            ),
            "gateway_reserve_release_us": median_us(reserve_release, iterations),
            "gateway_charge_tx_us": median_us(charge, min(iterations, 300)),
        }
    finally:
        db.close()


# ---------------------------------------------------------------------------- Cocoon path


@contextmanager
def cocoon_network(home: Path, info: dict[str, Any]) -> Iterator[Any]:
    """The embedded network with echo deployed; yields a factory of (call, close) pairs."""
    from cocoon.platform import embedded
    from cocoon.platform.sdk import Client
    from cocoon.runtime import config

    os.environ["COCOON_HOME"] = str(home)
    t0 = time.perf_counter()
    try:
        state = embedded.up(lambda msg: log(f"  cocoon: {msg}"))
        api_key = config.read_file()["client"]["api_key"]
        with Client(state.gateway_url, api_key) as client:
            deployed = client.deploy(REPO / "templates" / "echo")
            client.wait_served(deployed.name, deployed.digest, timeout_s=300)
        info["start_s"] = round(time.perf_counter() - t0, 1)
        log(f"  cocoon: echo v{deployed.version} ready ({info['start_s']} s)")

        def make_call() -> tuple[Callable[[], None], Callable[[], None]]:
            c = Client(state.gateway_url, api_key)

            def one() -> None:
                if c.invoke("echo", PAYLOAD).output != PAYLOAD:
                    raise RuntimeError("echo returned something else")

            return one, c.close

        info["gateway_url"], info["api_key"] = state.gateway_url, api_key
        yield make_call
    finally:
        ray_tmp = config.read_file().get("provider", {}).get("ray_temp_dir")
        embedded.down()
        if ray_tmp and Path(ray_tmp).name.startswith("cocoon-ray-"):
            shutil.rmtree(ray_tmp, ignore_errors=True)


def split_phase(args: argparse.Namespace, client: Any, gateway_url: str, api_key: str) -> dict:
    """Where the end-to-end time goes: the same sealed request posted straight to the
    provider's Serve ingress (the SDK's work without the gateway hop), and a bare round trip to
    the gateway (``GET /healthz``, and ``GET /v1/account``: auth + one database read)."""
    from cocoon.platform.gateway.authority import load_authority
    from cocoon.platform.sdk.transport import KeepAliveTransport
    from cocoon.runtime import config
    from cocoon.runtime.authorisation import authorise
    from cocoon.runtime.envelope import open_chunks, seal_request, verify_receipt
    from cocoon.runtime.hosting import route_for
    from cocoon.runtime.wire import AUTHORISATION_HEADER, RoutingHeader, decode_response

    detail, verified = client.offers("echo")
    offer = verified[0].offer
    endpoint = next(p.endpoint for p in client.providers() if p.id == offer.provider)
    route = route_for(detail.digest)
    account = client.account().id
    recipients = offer.recipients()
    authority = load_authority(config.cocoon_home())  # the gateway's: a provider needs it
    octet = {"content-type": "application/octet-stream"}

    provider_http = KeepAliveTransport(endpoint, 60)
    gateway_http = KeepAliveTransport(gateway_url, 60)
    try:

        def direct() -> None:
            header = RoutingHeader(
                function="echo",
                version=detail.version,
                digest=detail.digest,
                client=account,
                max_price=offer.unit_price * detail.max_units,
                request_id=os.urandom(16).hex(),
                timestamp_ms=int(time.time() * 1000),
            )
            body = json.dumps(PAYLOAD, separators=(",", ":")).encode()
            envelope, key = seal_request(header, body, recipients)
            headers = {**octet, AUTHORISATION_HEADER: authorise(authority, header, offer.provider)}
            resp = provider_http.request("POST", route, content=envelope, headers=headers)
            frame = decode_response(resp.content)
            if frame.receipt.signer not in offer.signers:
                raise RuntimeError("receipt signed by a key outside the offer")
            verify_receipt(frame.receipt)
            if json.loads(b"".join(open_chunks(key, header.request_id, frame.chunks))) != PAYLOAD:
                raise RuntimeError("echo returned something else")

        auth = {"authorization": f"Bearer {api_key}"}

        def health() -> None:
            if gateway_http.request("GET", "/healthz").status_code != 200:
                raise RuntimeError("gateway unhealthy")

        def account_read() -> None:
            if gateway_http.request("GET", "/v1/account", headers=auth).status_code != 200:
                raise RuntimeError("account read failed")

        def via_gateway() -> None:
            if client.invoke("echo", PAYLOAD).output != PAYLOAD:
                raise RuntimeError("echo returned something else")

        steps = {
            "sdk_via_gateway": via_gateway,
            "direct_to_provider": direct,
            "gateway_healthz": health,
            "gateway_account": account_read,
        }
        # Interleaved round by round, so that a busy moment of the machine hits every step alike.
        samples: dict[str, list[float]] = {name: [] for name in steps}
        for i in range(args.warmup + args.requests):
            for name, fn in steps.items():
                t0 = time.perf_counter()
                fn()
                if i >= args.warmup:
                    samples[name].append((time.perf_counter() - t0) * 1000)
        out = {name: latency_summary(lat) for name, lat in samples.items()}
    finally:
        provider_http.close()
        gateway_http.close()
    return out


# ---------------------------------------------------------------------------- bare Ray Serve


@contextmanager
def bare_serve(ray_tmp: Path, info: dict[str, Any]) -> Iterator[Any]:
    """A second, separate local Ray cluster (driven by this process) serving a plain echo
    deployment with the same replica resources; yields a factory of (call, close) pairs."""
    import ray
    from ray import serve
    from starlette.requests import Request
    from starlette.responses import Response

    from cocoon.platform.embedded import free_port
    from cocoon.platform.sdk.transport import KeepAliveTransport
    from cocoon.runtime.host import bind_replica_grpc_to_node_ip

    @serve.deployment(
        num_replicas=1,
        max_ongoing_requests=MAX_ONGOING,
        ray_actor_options={"num_cpus": REPLICA_CPUS},
    )
    class Echo:
        def __init__(self) -> None:
            bind_replica_grpc_to_node_ip()  # as Cocoon's FunctionHost does

        async def __call__(self, request: Request) -> Response:
            return Response(await request.body(), media_type="application/json")

    port = free_port(0)
    body = json.dumps(PAYLOAD, separators=(",", ":")).encode()
    t0 = time.perf_counter()
    try:
        ray.init(
            _node_ip_address=LOOPBACK,
            include_dashboard=False,
            _temp_dir=str(ray_tmp),
            namespace="bench",
            log_to_driver=False,
            logging_level="warning",
        )
        serve.start(
            http_options={"host": LOOPBACK, "port": port},
            logging_config={"enable_access_log": False, "log_level": "WARNING"},
        )
        serve.run(Echo.bind(), name="echo", route_prefix="/echo")
        info["start_s"] = round(time.perf_counter() - t0, 1)
        log(f"  bare serve: echo ready ({info['start_s']} s)")

        def make_call() -> tuple[Callable[[], None], Callable[[], None]]:
            # the same HTTP client the Cocoon SDK uses, so only Cocoon's own work differs
            http = KeepAliveTransport(f"http://{LOOPBACK}:{port}", 60)

            def one() -> None:
                resp = http.request("POST", "/echo", content=body,
                                    headers={"content-type": "application/json"})
                if resp.status_code != 200 or resp.json() != PAYLOAD:
                    raise RuntimeError(f"bare echo failed: HTTP {resp.status_code}")

            return one, http.close

        yield make_call
    finally:
        if ray.is_initialized():
            try:
                serve.shutdown()
            finally:
                ray.shutdown()
        shutil.rmtree(ray_tmp, ignore_errors=True)


def interleaved(calls: dict[str, Callable[[], None]], warmup: int, n: int) -> dict[str, list]:
    """Sequential latency of each path, alternating request by request, so a busy moment of
    the machine hits every path alike."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for i in range(warmup + n):
        for name, call in calls.items():
            t0 = time.perf_counter()
            call()
            if i >= warmup:
                samples[name].append((time.perf_counter() - t0) * 1000)
    return samples


# ---------------------------------------------------------------------------- report


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def print_report(result: dict[str, Any]) -> None:
    c, b = result["cocoon"], result["bare_serve"]
    rows = [
        ("p50 latency (ms)", c["p50_ms"], b["p50_ms"]),
        ("p99 latency (ms)", c["p99_ms"], b["p99_ms"]),
        ("mean latency (ms)", c["mean_ms"], b["mean_ms"]),
        (
            f"requests/s ({c['concurrent']['threads']} threads)",
            c["concurrent"]["requests_per_s"],
            b["concurrent"]["requests_per_s"],
        ),
        ("p50 under load (ms)", c["concurrent"]["loaded_p50_ms"], b["concurrent"]["loaded_p50_ms"]),
        ("p99 under load (ms)", c["concurrent"]["loaded_p99_ms"], b["concurrent"]["loaded_p99_ms"]),
    ]
    print(f"\necho, {c['requests']} sequential requests each, same machine, same run")
    print(f"{'':30} {'Cocoon':>10} {'bare Serve':>11} {'ratio':>7}")
    for label, cv, bv in rows:
        print(f"{label:30} {cv:>10.2f} {bv:>11.2f} {cv / bv:>7.2f}")
    r = result["ratios"]
    verdict = "met" if r["p50"] <= result["target_p50_ratio"] else "NOT met"
    print(f"target: Cocoon p50 <= {result['target_p50_ratio']}x bare Serve ({verdict})")
    print("\nCocoon path split (interleaved rounds, ms)   p50      p99")
    for label, fig in c["split"].items():
        print(f"  {label:38} {fig['p50_ms']:>7.2f}  {fig['p99_ms']:>7.2f}")
    print("\nCocoon CPU work per invocation, Ray-free (median us)")
    for k, v in result["breakdown_us"].items():
        print(f"  {k:38} {v:>9.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="sequential, per path")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests first")
    parser.add_argument(
        "--settle",
        type=float,
        default=10.0,
        help="seconds to let a fresh cluster go idle before measuring",
    )
    parser.add_argument("--concurrency", type=int, default=4, help="threads, concurrent phase")
    parser.add_argument(
        "--concurrent-requests",
        type=int,
        default=400,
        help="total requests of the concurrent phase, per path",
    )
    parser.add_argument(
        "--iterations", type=int, default=2000, help="iterations of each Ray-free breakdown step"
    )
    args = parser.parse_args()
    if min(args.requests, args.concurrency, args.concurrent_requests, args.iterations) < 1:
        parser.error("counts must be positive")

    def on_term(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # unwinds through the phases' clean-up

    signal.signal(signal.SIGTERM, on_term)
    tmp = Path(tempfile.mkdtemp(prefix="cocoon-bench-"))
    result: dict[str, Any] = {"cocoon": {}, "bare_serve": {}}
    try:
        log("Ray-free breakdown")
        result["breakdown_us"] = breakdown(args.iterations)
        log("both paths up at once: the embedded network, and bare Ray Serve on its own cluster")
        c, b = result["cocoon"], result["bare_serve"]
        with (
            cocoon_network(tmp / "home", c) as cocoon_call,
            bare_serve(Path("/tmp") / f"cb-ray-{os.getpid()}", b) as bare_call,
        ):
            time.sleep(args.settle)  # fresh clusters are busy for a few seconds after start
            (cocoon_one, cocoon_close), (bare_one, bare_close) = cocoon_call(), bare_call()
            try:
                samples = interleaved(
                    {"cocoon": cocoon_one, "bare": bare_one}, args.warmup, args.requests
                )
            finally:
                cocoon_close()
                bare_close()
            for name, out in (("cocoon", c), ("bare", b)):
                out.update(latency_summary(samples[name]), requests=len(samples[name]))
            log("  concurrent phases")
            c["concurrent"] = concurrent(cocoon_call, args.concurrency, args.concurrent_requests)
            b["concurrent"] = concurrent(bare_call, args.concurrency, args.concurrent_requests)
            from cocoon.platform.sdk import Client

            with Client(c["gateway_url"], c["api_key"]) as client:
                c["split"] = split_phase(args, client, c.pop("gateway_url"), c.pop("api_key"))
        result["breakdown_us"].update(gateway_db_breakdown(tmp / "home", args.iterations))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    c, b = result["cocoon"], result["bare_serve"]
    result["ratios"] = {
        "p50": round(c["p50_ms"] / b["p50_ms"], 2),
        "p99": round(c["p99_ms"] / b["p99_ms"], 2),
        "requests_per_s": round(
            c["concurrent"]["requests_per_s"] / b["concurrent"]["requests_per_s"], 2
        ),
    }
    result["target_p50_ratio"] = 1.5
    result["config"] = {
        "requests": args.requests,
        "warmup": args.warmup,
        "concurrency": args.concurrency,
        "concurrent_requests": args.concurrent_requests,
        "iterations": args.iterations,
        "cpus": os.cpu_count(),
        "replica": {"num_replicas": 1, "num_cpus": REPLICA_CPUS, "max_ongoing": MAX_ONGOING},
        "payload_bytes": len(json.dumps(PAYLOAD, separators=(",", ":"))),
    }
    print_report(result)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
