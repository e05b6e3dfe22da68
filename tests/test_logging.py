"""Structured logs (runtime/logs.py): JSON lines that parse and carry the current trace ids,
exceptions as their type only, settings from [log] / COCOON_LOG_*, private files that rotate;
and a gateway process started the way `cocoon up` starts it writes its log that way."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import time

import httpx
import pytest
from harness import REPO, free_port
from opentelemetry.sdk.trace import TracerProvider

from cocoon.runtime import config, logs
from cocoon.runtime.errors import CocoonError


@pytest.fixture
def root_logger():
    """Whatever a test installs on the root logger is taken off again."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield root
    for h in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(h)
        h.close()
    root.setLevel(level)


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_json_lines_carry_trace_ids_inside_a_span(tmp_path, root_logger):
    path = tmp_path / "logs" / "svc.log"
    logs.setup("svc", settings=logs.LogSettings(format="json", file=path, level="info"))
    log = logging.getLogger("cocoon.test")
    log.info("outside %s", "any span")
    with TracerProvider().get_tracer("t").start_as_current_span("op") as span:
        log.warning("inside")
        ctx = span.get_span_context()
    outside, inside = lines(path)
    assert outside["message"] == "outside any span" and "trace_id" not in outside
    assert outside["level"] == "info" and outside["logger"] == "cocoon.test"
    assert outside["service"] == "svc" and outside["time"].endswith("Z")
    assert inside["trace_id"] == format(ctx.trace_id, "032x")
    assert inside["span_id"] == format(ctx.span_id, "016x")


def test_exceptions_are_logged_by_type_only(tmp_path, root_logger):
    path = tmp_path / "x.log"
    logs.setup("svc", settings=logs.LogSettings(format="json", file=path))
    text_path = tmp_path / "t.log"
    canary = "canary-" + os.urandom(6).hex()
    try:
        raise ValueError(f"payload {canary}")
    except ValueError:
        logging.getLogger("cocoon.test").exception("call failed")
    logs.setup("svc", settings=logs.LogSettings(format="text", file=text_path))
    try:
        raise KeyError(canary)
    except KeyError:
        logging.getLogger("cocoon.test").error("again", exc_info=True)
    [record] = lines(path)
    assert record["message"] == "call failed" and record["exc_type"] == "ValueError"
    assert canary not in path.read_text() and "Traceback" not in path.read_text()
    text = text_path.read_text()
    assert "again exc_type=KeyError" in text and canary not in text and "Traceback" not in text


def test_text_format_appends_trace_ids(tmp_path, root_logger):
    path = tmp_path / "t.log"
    logs.setup("svc", settings=logs.LogSettings(file=path))
    with TracerProvider().get_tracer("t").start_as_current_span("op") as span:
        logging.getLogger("cocoon.test").warning("hello")
    assert f"trace_id={format(span.get_span_context().trace_id, '032x')}" in path.read_text()


def test_settings_from_environment_and_bad_level(tmp_path, monkeypatch, root_logger):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    monkeypatch.setenv("COCOON_LOG_FORMAT", "json")
    monkeypatch.setenv("COCOON_LOG_FILE", str(tmp_path / "env.log"))
    settings = logs.setup("svc")
    assert settings.format == "json" and settings.file == tmp_path / "env.log"
    logging.getLogger("cocoon.test").warning("via env")
    assert lines(tmp_path / "env.log")[0]["message"] == "via env"
    monkeypatch.setenv("COCOON_LOG_FORMAT", "xml")
    with pytest.raises(CocoonError) as err:
        config.load(logs.LogSettings, "log")
    assert err.value.code == "bad_request" and "format" in err.value.message
    monkeypatch.setenv("COCOON_LOG_FORMAT", "text")
    monkeypatch.setenv("COCOON_LOG_LEVEL", "loud")
    with pytest.raises(CocoonError) as err:
        logs.setup("svc")
    assert err.value.code == "bad_request" and "loud" in err.value.message


def test_files_rotate_and_stay_private(tmp_path, root_logger):
    folder = tmp_path / "logs"
    path = folder / "r.log"
    logs.setup("svc", settings=logs.LogSettings(format="json", file=path, max_bytes=400,
                                                backups=2))
    for i in range(60):
        logging.getLogger("cocoon.test").warning("line %d", i)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["r.log", "r.log.1", "r.log.2"]  # older ones dropped
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for p in folder.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
        assert p.stat().st_size <= 400
        lines(p)  # every rotated file still holds whole JSON lines
    assert lines(path)[-1]["message"] == "line 59"


def test_setup_replaces_its_own_handler_only(tmp_path, root_logger):
    before = len(root_logger.handlers)
    logs.setup("a", settings=logs.LogSettings(file=tmp_path / "a.log"))
    logs.setup("b", settings=logs.LogSettings(file=tmp_path / "b.log"))
    assert len(root_logger.handlers) == before + 1


def test_gateway_process_writes_json_logs_to_its_file(tmp_path):
    """``python -m cocoon.platform.gateway`` with COCOON_LOG_* set, as the embedded network
    runs it: uvicorn's own records arrive in the file as JSON lines."""
    port = free_port()
    log_file = tmp_path / "logs" / "gateway.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCOON_", "OTEL_"))}
    env.update(COCOON_HOME=str(tmp_path), COCOON_GATEWAY_PORT=str(port),
               COCOON_GATEWAY_SETTLEMENT="false", COCOON_GATEWAY_LOG_LEVEL="info",
               COCOON_LOG_FORMAT="json", COCOON_LOG_FILE=str(log_file))
    proc = subprocess.Popen([sys.executable, "-m", "cocoon.platform.gateway"], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", trust_env=False).is_success:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "gateway did not start"
            time.sleep(0.1)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    records = lines(log_file)
    assert any(r["logger"].startswith("uvicorn") for r in records)
    assert all(r["service"] == "cocoon-gateway" for r in records)
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert b"Traceback" not in out
