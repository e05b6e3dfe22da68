"""What a function writes besides its result (stdout, stderr, logging, warnings): withheld.

A function sees its callers' plaintext, so whatever it prints may quote a payload. Its output
must not reach a file the provider can read (Ray's worker logs, the agent's log), and it is not
returned to the caller either: the caller is not the function's owner, and output written by a
replica that serves many callers is not any one caller's. So it is dropped, at three levels:

- **In the replica's Python** (every backend): while a function loads or runs (the
  :func:`withheld` context, a context variable), ``sys.stdout`` / ``sys.stderr`` writes and
  logging records are dropped, whatever logger or handler they would have gone through, and
  records that still get made (``Logger.handle`` called directly) lose their message and
  traceback. Uncaught exceptions in threads, and unraisable ones, are reported by type only.
- **In a Ray Serve replica** (:func:`silence_process`): the process serves one function only,
  so its file descriptors 1 and 2 go to ``/dev/null``: output of threads the function starts,
  of C extensions and of ``os.write(1, ...)`` never reaches Ray's ``worker-*.out/err`` files.
- **In a function's worker process** (every function runs in one, :mod:`.isolation`): the
  same, from the start (and its stderr is ``/dev/null`` already).

The in-process backend (tests, benchmarks: the agent's own process) runs functions in workers
too, so their output never reaches the agent's stderr. A function's exception message travels
to its caller inside the sealed response (:func:`cocoon.runtime.isolation.run_payload`).
"""

from __future__ import annotations

import builtins
import contextlib
import contextvars
import io
import logging
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

WITHHELD = "(a function's log record, withheld: it may quote a payload)"
_active: contextvars.ContextVar[bool] = contextvars.ContextVar("cocoon_withheld", default=False)
_installed = False
_install_lock = threading.Lock()


def active() -> bool:
    """True while a function loads or runs in this context."""
    return _active.get()


@contextlib.contextmanager
def withheld() -> Iterator[None]:
    """Drop what the code run inside writes to sys.stdout, sys.stderr and logging."""
    install()
    if not (isinstance(sys.stdout, _Gate) and isinstance(sys.stderr, _Gate)):
        _gate_streams()  # someone (a test runner's capture) put its own stream back
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


class _Gate(io.TextIOBase):
    """Stands in for sys.stdout / sys.stderr: writes pass through, except a function's."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, s: str) -> int:
        if _active.get():
            return len(s)
        return self._real.write(s)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not _active.get():
            with contextlib.suppress(Exception):
                self._real.flush()

    @property
    def buffer(self) -> Any:
        real = getattr(self._real, "buffer", None)
        return _BinaryGate(real) if real is not None else None

    def fileno(self) -> int:
        return self._real.fileno()

    def isatty(self) -> bool:
        return bool(self._real.isatty())

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._real, "encoding", "utf-8")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _BinaryGate(io.RawIOBase):
    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, b: Any) -> int:
        if _active.get():
            return len(b)
        return self._real.write(b)

    def flush(self) -> None:
        if not _active.get():
            with contextlib.suppress(Exception):
                self._real.flush()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._real.fileno()


def install() -> None:
    """Install the gates once per process (idempotent): sys.stdout / sys.stderr, logging, and
    type-only reports of exceptions nobody caught."""
    global _installed
    with _install_lock:
        if _installed:
            return
        _gate_streams()
        _gate_logging()
        threading.excepthook = _thread_excepthook
        sys.unraisablehook = _unraisablehook
        _installed = True


def _gate_streams() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, _Gate):
            setattr(sys, name, _Gate(stream))


def _gate_logging() -> None:
    enabled = logging.Logger.isEnabledFor

    def is_enabled_for(self: logging.Logger, level: int) -> bool:
        return not _active.get() and enabled(self, level)

    logging.Logger.isEnabledFor = is_enabled_for  # type: ignore[method-assign]
    make = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        if _active.get():  # made anyway (Logger.handle called directly): keep no content
            record.msg, record.args = WITHHELD, ()
            record.exc_info = record.exc_text = record.stack_info = None
        return record

    logging.setLogRecordFactory(factory)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """Like Python's, without the message and traceback (either may quote a payload)."""
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    _report(f"exception in thread {name}: {args.exc_type.__name__}\n")


def _unraisablehook(unraisable: Any) -> None:
    _report(f"unraisable exception: {unraisable.exc_type.__name__}\n")


def _report(line: str) -> None:
    with contextlib.suppress(Exception):
        if not _active.get() and sys.stderr is not None:
            sys.stderr.write(line)


def silence_process() -> None:
    """Send this process's file descriptors 1 and 2 to /dev/null, for good: call it only in a
    process that runs one function and nothing whose output anyone needs (a Ray Serve replica,
    a function's worker process). Python's sys.stdout / sys.stderr follow (same descriptors)."""
    _unredirect_serve()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
    finally:
        os.close(null)
    install()


def _unredirect_serve() -> None:
    """Ray Serve (``RAY_SERVE_LOG_TO_STDERR=0``) turns a replica's ``print`` and
    ``sys.stdout``/``sys.stderr`` into records of its replica log file: put them back on the
    descriptors, which go nowhere."""
    for name in ("stdout", "stderr"):
        original = getattr(getattr(sys, name), "_original_object", None)  # its StreamToLogger
        if original is not None:
            setattr(sys, name, original)
    if getattr(builtins.print, "__module__", "builtins") != "builtins":
        try:
            from ray.serve._private.logging_utils import buildin_print
        except ImportError:
            return
        builtins.print = buildin_print
