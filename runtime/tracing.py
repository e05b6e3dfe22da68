"""OpenTelemetry set-up shared by gateway and runtime, configured the standard way.

Off by default: ``OTEL_TRACES_EXPORTER`` = ``console`` | ``otlp`` (comma-separated; ``none``
or unset: off) turns exporting on. Unlike the OpenTelemetry SDK's own default (``otlp``), an
unset variable means off: the embedded network has no collector, and the invoke path should
pay nothing for tracing nobody reads. The other standard variables are honoured by the SDK:
``OTEL_SERVICE_NAME`` / ``OTEL_RESOURCE_ATTRIBUTES``, ``OTEL_TRACES_SAMPLER``,
``OTEL_EXPORTER_OTLP_ENDPOINT`` / ``..._HEADERS`` (OTLP over HTTP/protobuf), ``OTEL_SDK_DISABLED``.
``COCOON_TRACES`` = ``console`` | ``otlp`` | ``file:PATH`` (JSON lines) is a deprecated alias.

HTTP servers are wrapped in the ASGI instrumentation (:func:`asgi_middleware`: a server span per
request, named by route template, W3C trace context extracted), the gateway's forwarding client
in the aiohttp-client instrumentation (:func:`client_trace_configs`: a client span, trace context
injected), so one invocation is one trace: gateway server span -> forward client span ->
provider server span -> ``runtime.*`` spans. Spans carry ids, sizes, counts and timings, never
payload bytes (the callers set only such attributes; tests/test_confidentiality.py checks the
exported spans). While tracing is off none of this is installed and :func:`span` is a no-op.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.context import Context

from .errors import CocoonError

log = logging.getLogger("cocoon.tracing")
EXPORTERS_ENV = "OTEL_TRACES_EXPORTER"
DEPRECATED_ENV = "COCOON_TRACES"
# no span for these (probes and scrapes); ExcludeList searches each pattern in the URL
_EXCLUDED_URLS = r"/healthz$,/metrics$"
_SECRET_HEADERS = ("authorization", "x-cocoon-voucher", "cookie")

_configured = False
_provider: Any = None  # the SDK TracerProvider while configured
_tracer: Any = None
_lock = threading.Lock()


def setup(service: str) -> None:
    """Install a tracer provider for this process if the environment asks for one.

    ``service`` is the default ``service.name``; ``OTEL_SERVICE_NAME`` wins over it."""
    with _lock:
        if _configured:
            return
        exporters = _exporters_from_env()
        if not exporters:
            return
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

        provider = TracerProvider(resource=_resource(service))
        for exporter, simple in exporters:
            processor = SimpleSpanProcessor if simple else BatchSpanProcessor
            provider.add_span_processor(processor(exporter))
        _install(provider)


def install(provider: Any) -> None:
    """Trace into ``provider`` (an SDK ``TracerProvider``) from now on, whatever the environment
    says (tests pass one with an in-memory exporter). Apps created afterwards are instrumented."""
    with _lock:
        _install(provider)


def reset() -> None:
    """Back to off (spans no-ops; apps created afterwards are not instrumented)."""
    global _configured, _provider, _tracer
    with _lock:
        _configured, _provider, _tracer = False, None, None


def enabled() -> bool:
    return _configured


def _install(provider: Any) -> None:
    global _configured, _provider, _tracer
    _provider, _tracer, _configured = provider, provider.get_tracer("cocoon"), True
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        trace.set_tracer_provider(provider)  # for libraries using the global (settable once)


def _resource(service: str) -> Any:
    from opentelemetry.sdk.resources import SERVICE_NAME, OTELResourceDetector, Resource

    from_env = OTELResourceDetector().detect().attributes  # OTEL_SERVICE_NAME, ..._ATTRIBUTES
    return Resource.create({} if from_env.get(SERVICE_NAME) else {SERVICE_NAME: service})


def _exporters_from_env() -> list[tuple[Any, bool]]:
    """(exporter, export synchronously) pairs the environment asks for; [] means off."""
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return []
    names = os.environ.get(EXPORTERS_ENV, "").strip()
    legacy = os.environ.get(DEPRECATED_ENV, "").strip()
    if not names and legacy:
        log.warning("%s is deprecated: use %s=console|otlp", DEPRECATED_ENV, EXPORTERS_ENV)
        if legacy.startswith("file:"):
            return [(_file_exporter(legacy[5:]), True)]
        names = legacy
    out = []
    for name in (n.strip().lower() for n in names.split(",")):
        if name in ("", "none"):
            continue
        if name == "console":
            from opentelemetry.sdk.trace.export import ConsoleSpanExporter

            out.append((ConsoleSpanExporter(), False))
        elif name == "otlp":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            out.append((OTLPSpanExporter(), False))
        else:
            raise CocoonError(
                "bad_request", f"{EXPORTERS_ENV}: unknown exporter {name!r} (none, console, otlp)"
            )
    return out


def _file_exporter(path: str) -> Any:
    from opentelemetry.sdk.trace.export import ConsoleSpanExporter

    out = open(path, "a", buffering=1)  # noqa: SIM115 - lives as long as the process
    return ConsoleSpanExporter(out=out, formatter=lambda span: span.to_json(indent=None) + "\n")


class _Off:
    """The span stand-in while tracing is off: entering and tagging it costs nothing."""

    def __enter__(self) -> _Off:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def set_attribute(self, key: str, value: object) -> None:
        return None


_OFF = _Off()


def span(name: str, *, context: Context | None = None) -> Any:
    """A context manager for one span (current span's child, or ``context``'s)."""
    if not _configured:
        return _OFF
    return _tracer.start_as_current_span(name, context=context)


def inject_headers() -> dict[str, str]:
    carrier: dict[str, str] = {}
    if _configured:
        propagate.inject(carrier)
    return carrier


def current_headers() -> dict[str, str]:
    """W3C trace-context headers for an outgoing call, if a span is current in this process
    (ours, or the application's own OpenTelemetry set-up): how the SDK joins its caller's
    trace. Else none, for the cost of one context lookup."""
    if not trace.get_current_span().get_span_context().is_valid:
        return {}
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def extract_context(headers: Mapping[str, str]) -> Context | None:
    """The caller's trace context from W3C ``traceparent`` headers, for a span's ``context``.

    None (the current context) while off, or when a server span is already current: the ASGI
    instrumentation extracted the same headers into it, and our spans belong under it."""
    if not _configured or trace.get_current_span().get_span_context().is_valid:
        return None
    return propagate.extract(headers)


# -- instrumentation -----------------------------------------------------------------------------


def asgi_middleware(routes: Sequence[Any] = ()) -> list[Any]:
    """Starlette ``middleware=`` entries: the ASGI server instrumentation while tracing is on,
    else none. ``routes`` name the server spans by template (``POST /v1/functions/{name}/invoke``,
    attribute ``http.route``), keeping span names few whatever the paths."""
    if not _configured:
        return []
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    from opentelemetry.util.http import (
        OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SANITIZE_FIELDS,
        get_custom_headers,
    )
    from starlette.middleware import Middleware

    # header capture is off unless an operator turns it on; credentials are redacted even then
    redacted = [*_SECRET_HEADERS,
                *get_custom_headers(OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SANITIZE_FIELDS)]
    return [
        Middleware(
            OpenTelemetryMiddleware,
            excluded_urls=_EXCLUDED_URLS,
            default_span_details=_route_namer(routes),
            tracer_provider=_provider,
            exclude_spans=["receive", "send"],  # no span per ASGI message
            http_capture_headers_sanitize_fields=redacted,
        )
    ]


def _route_namer(routes: Iterable[Any]) -> Any:
    from opentelemetry.instrumentation.asgi import get_default_span_details
    from starlette.routing import Match

    routes = list(routes)

    def details(scope: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        for route in routes:
            if route.matches(scope)[0] == Match.FULL:
                return f"{scope.get('method', 'HTTP')} {route.path}", {"http.route": route.path}
        name, attributes = get_default_span_details(scope)
        return name.split(" ", 1)[0], attributes  # unmatched: no raw path in the name

    return details


def client_trace_configs() -> list[Any]:
    """``aiohttp.ClientSession(trace_configs=...)``: the aiohttp client instrumentation (a client
    span per request, W3C trace context injected) while tracing is on, else none."""
    if not _configured:
        return []
    from opentelemetry.instrumentation.aiohttp_client import create_trace_config

    return [create_trace_config(tracer_provider=_provider)]
