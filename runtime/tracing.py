"""OpenTelemetry set-up shared by gateway and runtime.

Off by default. ``COCOON_TRACES`` = ``console`` | ``otlp`` | ``file:PATH`` (JSON lines) turns
exporting on. Spans carry ids, sizes, counts and timings, never payload bytes (the callers
set only such attributes; tests/test_confidentiality.py checks the exported spans).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.context import Context

_configured = False
_lock = threading.Lock()


def setup(service: str) -> None:
    """Install a tracer provider for this process if ``COCOON_TRACES`` asks for one."""
    global _configured
    target = os.environ.get("COCOON_TRACES", "").strip()
    with _lock:
        if _configured or not target:
            return
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import (
            BatchSpanProcessor,
            ConsoleSpanExporter,
            SimpleSpanProcessor,
        )

        provider = TracerProvider(resource=Resource.create({"service.name": service}))
        if target == "console":
            provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
        elif target == "otlp":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        elif target.startswith("file:"):
            out = open(target[5:], "a", buffering=1)  # noqa: SIM115 - lives as long as the process
            exporter = ConsoleSpanExporter(
                out=out, formatter=lambda span: span.to_json(indent=None) + "\n"
            )
            provider.add_span_processor(SimpleSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
        _configured = True


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
    return trace.get_tracer("cocoon").start_as_current_span(name, context=context)


def inject_headers() -> dict[str, str]:
    carrier: dict[str, str] = {}
    if _configured:
        propagate.inject(carrier)
    return carrier


def extract_context(headers: Mapping[str, str]) -> Context | None:
    return propagate.extract(headers) if _configured else None
