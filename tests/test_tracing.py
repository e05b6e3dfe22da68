"""Tracing is off by default and exports when COCOON_TRACES asks (each in a fresh process,
since a process installs its tracer provider once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from harness import REPO

SCRIPT = (
    "from cocoon.runtime import tracing\n"
    "tracing.setup('probe')\n"
    "with tracing.span('probe.span') as s:\n"
    "    s.set_attribute('cocoon.bytes', 3)\n"
    "from opentelemetry import trace\n"
    "getattr(trace.get_tracer_provider(), 'shutdown', lambda: None)()\n"
)


def run(traces: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COCOON_TRACES"}
    if traces is not None:
        env["COCOON_TRACES"] = traces
    return subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True, timeout=60).stdout


def test_off_by_default():
    assert "probe.span" not in run(None)


def test_console_exporter():
    out = run("console")
    span = json.loads(out[out.index("{"):])
    assert span["name"] == "probe.span" and span["attributes"] == {"cocoon.bytes": 3}
    assert span["resource"]["attributes"]["service.name"] == "probe"
