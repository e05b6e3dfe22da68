"""Logging for Cocoon's processes: text or JSON lines, trace ids on every record, rotated
private files.

Settings are the ``[log]`` table of config.toml or ``COCOON_LOG_*``: ``level``, ``format``
(``text`` | ``json``), ``file`` (else stderr), ``max_bytes`` and ``backups`` for rotation.
Every record carries ``trace_id`` and ``span_id`` while a span is current (tracing on).
Log files and their folder are private to the user (0600 / 0700).

No payload reaches a log: callers log ids, sizes and error types, and exceptions are written
as their type only, never a traceback (a traceback may quote request data).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import sys
import time
from pathlib import Path
from typing import Any, Literal

from opentelemetry import trace
from pydantic import BaseModel, Field

from . import config
from .errors import CocoonError


class LogSettings(BaseModel):
    """The ``[log]`` table (``COCOON_LOG_*``)."""

    level: str | None = Field(default=None, description="None: the component's default")
    format: Literal["text", "json"] = "text"
    file: Path | None = Field(default=None, description="rotated log file; None: stderr")
    max_bytes: int = Field(default=10 << 20, gt=0, description="rotate beyond this size")
    backups: int = Field(default=5, ge=0, description="rotated files kept")


class TraceContextFilter(logging.Filter):
    """Adds ``trace_id`` / ``span_id`` (hex, or empty) from the current span to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = trace.get_current_span().get_span_context()
        if ctx.is_valid:
            record.trace_id = format(ctx.trace_id, "032x")
            record.span_id = format(ctx.span_id, "016x")
        else:
            record.trace_id = record.span_id = ""
        return True


def _exception_type(record: logging.LogRecord) -> str | None:
    exc = record.exc_info[1] if record.exc_info else None
    return type(exc).__name__ if exc is not None else None


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None  # no tracebacks
        try:
            line = super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        if exc_type := _exception_type(record):
            line += f" exc_type={exc_type}"
        if getattr(record, "trace_id", ""):
            line += f" trace_id={record.trace_id} span_id={record.span_id}"
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, service,
    process, and trace_id / span_id / exc_type when there are such."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "service": self.service,
            "process": record.process,
        }
        if getattr(record, "trace_id", ""):
            doc["trace_id"], doc["span_id"] = record.trace_id, record.span_id
        if exc_type := _exception_type(record):
            doc["exc_type"] = exc_type
        return json.dumps(doc, ensure_ascii=False, default=str)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A size-rotated log file created (and re-created after each rotation) with mode 0600."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)  # an older, looser file is tightened too
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def handler_for(service: str, settings: LogSettings) -> logging.Handler:
    handler: logging.Handler
    if settings.file is not None:
        handler = PrivateRotatingFileHandler(settings.file, settings.max_bytes, settings.backups)
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(TraceContextFilter())
    handler.setFormatter(JsonFormatter(service) if settings.format == "json" else TextFormatter())
    return handler


def setup(service: str, *, level: str = "warning", settings: LogSettings | None = None,
          **overrides: Any) -> LogSettings:
    """Configure this process's root logger (replacing what an earlier call installed).

    ``level`` is the component's default; ``COCOON_LOG_LEVEL`` or ``[log] level`` win over it.
    ``overrides``: LogSettings fields, above the file and environment."""
    settings = settings or config.load(LogSettings, "log", **overrides)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_cocoon", False)]:
        root.removeHandler(old)
        old.close()
    handler = handler_for(service, settings)
    handler._cocoon = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(_level(settings.level or level))
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):  # through ours, not their own
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    return settings


def _level(name: str) -> int:
    value = logging.getLevelName(name.upper())
    if not isinstance(value, int):
        raise CocoonError("bad_request", f"unknown log level {name!r} (debug, info, warning, "
                          "error, critical)")
    return value
