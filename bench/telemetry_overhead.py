"""What telemetry adds to one invocation on the gateway, per call, in microseconds.

Measures the metric updates the invoke path makes (in-flight gauge, outcome counter, latency
histogram, the router's per-provider forward gauge and histogram), the gateway's five tracing
calls while tracing is off (the default), and the same spans while on (in-memory exporter).
Then, end to end, sequential ``echo`` calls through the Ray-free test network (real gateway
and provider servers on 127.0.0.1), tracing off and on.

Run: .venv/bin/python bench/telemetry_overhead.py [--calls 300]
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # the checkout first; the test harness


def per_call_us(fn, number: int = 20_000) -> float:
    return round(min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6, 3)


def tracing_calls() -> None:
    from cocoon.runtime import tracing

    with tracing.span("gateway.invoke", context=tracing.extract_context({})) as s:
        s.set_attribute("cocoon.envelope_bytes", 1)
        with tracing.span("gateway.route"):
            pass
        with tracing.span("gateway.forward"):
            tracing.inject_headers()
        with tracing.span("ledger.charge"):
            pass


def network_latency_ms(calls: int, traced: bool) -> float:
    from harness import running_network
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from cocoon.runtime import tracing

    if traced:
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(InMemorySpanExporter()))
        tracing.install(provider)
    try:
        with tempfile.TemporaryDirectory() as home, running_network(Path(home)) as net:
            client = net.client()
            for _ in range(20):
                client.invoke("echo", {"n": 0})
            samples = []
            for i in range(calls):
                started = time.perf_counter()
                client.invoke("echo", {"n": i})
                samples.append((time.perf_counter() - started) * 1000)
    finally:
        tracing.reset()
    return round(statistics.median(samples), 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()

    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from cocoon.platform.gateway.metrics import GatewayMetrics, MeteredRouter
    from cocoon.runtime import tracing

    metrics = GatewayMetrics()
    router = MeteredRouter(metrics)

    def metric_updates() -> None:
        metrics.in_flight.inc()
        router.started("local")
        router.finished("local", ok=True, latency_ms=1.0)
        metrics.in_flight.dec()
        metrics.invoked("echo", "local", "ok", 0.002)

    figures = {"metrics_per_call_us": per_call_us(metric_updates)}
    tracing.reset()
    figures["tracing_off_per_call_us"] = per_call_us(tracing_calls)
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(InMemorySpanExporter()))
    tracing.install(provider)
    figures["tracing_on_per_call_us"] = per_call_us(tracing_calls, number=2_000)
    tracing.reset()
    figures["echo_p50_ms_tracing_off"] = network_latency_ms(args.calls, traced=False)
    figures["echo_p50_ms_tracing_on"] = network_latency_ms(args.calls, traced=True)
    for k, v in figures.items():
        print(f"{k:32s} {v}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
