"""Tracing: off by default, on through the standard OTEL_* variables (each in a fresh process,
since a process installs its tracer provider once), and one trace per invocation across the
real gateway and provider servers (ASGI server spans, the aiohttp client span between them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from harness import REPO, running_network
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from cocoon.runtime import tracing

SCRIPT = (
    "from cocoon.runtime import tracing\n"
    "tracing.setup('probe')\n"
    "with tracing.span('probe.span') as s:\n"
    "    s.set_attribute('cocoon.bytes', 3)\n"
    "from opentelemetry import trace\n"
    "getattr(trace.get_tracer_provider(), 'shutdown', lambda: None)()\n"
)


def run(**env_vars: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OTEL_") and k != "COCOON_TRACES"}
    env.update(env_vars)
    return subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def exported_span(out: str) -> dict:
    return json.loads(out[out.index("{"):])


def test_off_by_default_and_with_none():
    for env in ({}, {"OTEL_TRACES_EXPORTER": "none"},
                {"OTEL_TRACES_EXPORTER": "console", "OTEL_SDK_DISABLED": "true"}):
        done = run(**env)
        assert done.returncode == 0 and "probe.span" not in done.stdout, env


def test_console_exporter_and_service_name():
    done = run(OTEL_TRACES_EXPORTER="console")
    span = exported_span(done.stdout)
    assert span["name"] == "probe.span" and span["attributes"] == {"cocoon.bytes": 3}
    assert span["resource"]["attributes"]["service.name"] == "probe"
    renamed = exported_span(run(OTEL_TRACES_EXPORTER="console", OTEL_SERVICE_NAME="gw-7").stdout)
    assert renamed["resource"]["attributes"]["service.name"] == "gw-7"


def test_deprecated_alias_still_exports():
    done = run(COCOON_TRACES="console")
    assert exported_span(done.stdout)["name"] == "probe.span"
    assert "deprecated" in done.stderr


def test_unknown_exporter_is_a_clear_error():
    done = run(OTEL_TRACES_EXPORTER="zipkin-typo")
    assert done.returncode != 0 and "unknown exporter 'zipkin-typo'" in done.stderr


def test_off_installs_nothing():
    assert not tracing.enabled()
    assert tracing.asgi_middleware() == [] and tracing.client_trace_configs() == []
    with tracing.span("x") as s:
        s.set_attribute("k", 1)  # the no-op stand-in
    assert tracing.inject_headers() == {} and tracing.extract_context({"traceparent": "x"}) is None


@pytest.fixture(scope="module")
def traced_network(tmp_path_factory):
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.install(provider)  # before the apps are created: they get the instrumentation
    try:
        with running_network(tmp_path_factory.mktemp("traced")) as net:
            yield net, exporter
    finally:
        tracing.reset()


def test_one_trace_from_gateway_server_span_to_provider_and_runtime(traced_network):
    net, exporter = traced_network
    exporter.clear()
    canary = "canary-" + os.urandom(8).hex()
    assert net.client().invoke("echo", {"s": canary}).output == {"s": canary}
    spans = exporter.get_finished_spans()
    by_name = {s.name: s for s in spans}
    server = by_name["POST /v1/functions/{name}/invoke"]
    assert server.kind == SpanKind.SERVER
    assert server.attributes["http.route"] == "/v1/functions/{name}/invoke"
    assert server.attributes["http.status_code"] == 200
    trace_id = server.context.trace_id
    invoke = by_name["gateway.invoke"]
    assert invoke.parent.span_id == server.context.span_id  # under the server span
    client = next(s for s in spans if s.kind == SpanKind.CLIENT)
    assert client.context.trace_id == trace_id
    provider = by_name["POST /fn/{prefix}"]
    assert provider.kind == SpanKind.SERVER and provider.context.trace_id == trace_id
    assert provider.parent.span_id == client.context.span_id  # traceparent crossed the hop
    runtime = [s for s in spans if s.name.startswith("runtime.")]
    assert {s.name for s in runtime} == {"runtime.open", "runtime.run", "runtime.seal"}
    assert all(s.parent.span_id == provider.context.span_id for s in runtime)
    for s in spans:  # ids, sizes and timings only
        assert canary not in json.dumps(dict(s.attributes or {}), default=str)


def test_probes_and_scrapes_make_no_spans(traced_network):
    net, exporter = traced_network
    exporter.clear()
    with net.http(None) as http:
        assert http.get("/healthz").status_code == 200
        assert http.get("/metrics").status_code == 200
    assert exporter.get_finished_spans() == ()


def test_the_sdk_joins_its_callers_trace(traced_network):
    net, exporter = traced_network
    exporter.clear()
    caller = TracerProvider().get_tracer("app")  # the application's own OpenTelemetry set-up
    with caller.start_as_current_span("app.request") as outer:
        net.client().invoke("echo", {"x": 1})
    server = next(s for s in exporter.get_finished_spans()
                  if s.name == "POST /v1/functions/{name}/invoke")
    assert server.context.trace_id == outer.get_span_context().trace_id
    assert server.parent.span_id == outer.get_span_context().span_id


def test_captured_headers_never_hold_credentials(tmp_path, monkeypatch):
    """An operator who turns header capture on still gets no API key in a span."""
    monkeypatch.setenv("OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST",
                       "authorization,user-agent")
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.install(provider)
    try:
        with running_network(tmp_path / "captured") as net:
            exporter.clear()
            with net.http() as http:
                assert http.get("/v1/account").status_code == 200
            [server] = [s for s in exporter.get_finished_spans() if s.name == "GET /v1/account"]
    finally:
        tracing.reset()
    attrs = dict(server.attributes)
    assert attrs["http.request.header.authorization"] == ("[REDACTED]",)
    assert net.client_key not in json.dumps(attrs, default=str)
