"""Where a function's code runs inside its replica, and the limits that hold there.

A manifest's ``limits.timeout_s`` and ``resources.memory_mb`` are enforced here, the same way in
a Ray Serve replica and in the in-process backend (both load a function through
:class:`~cocoon.runtime.hosting.LoadedFunction`):

- :class:`ThreadRunner` (no ``memory_mb``): each call runs on a thread of its own. At the
  deadline the call ends for the client (a ``timeout`` outcome) and the thread is asked to stop
  with an asynchronous exception, which lands at its next Python bytecode (code inside one long
  C call finishes that call first: Python cannot kill a thread).
- :class:`ProcessRunner` (``memory_mb`` set): the function lives in a worker process of its own,
  which runs one call at a time. While a call runs, the replica reads the worker's resident
  memory (``/proc``) every few milliseconds and kills the worker when it holds more than
  ``memory_mb`` above the bare interpreter's baseline, or when the deadline passes: the call
  ends with a ``memory_limit`` error or a ``timeout``, and the next call gets a fresh worker.
  The replica (a Ray worker, or the agent's own process) never holds the function's memory, so
  it is never the one that dies of it. Not ``RLIMIT_AS``: it limits address space, not memory,
  and CUDA, OpenBLAS and thread stacks reserve far more address space than they use, so honest
  functions would fail; and set on a Ray worker it would break the worker itself. The worker
  also volunteers to the kernel's OOM killer (``oom_score_adj`` 1000), so memory that grows
  faster than the watchdog looks is still taken from the function, not from the replica.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from . import output
from .errors import CocoonError
from .function import call_metered, load_handler

log = logging.getLogger("cocoon.runtime")
Outcome = tuple[str, int, bytes]  # (outcome, units, result document bytes)
WATCH_INTERVAL_S = 0.005
START_TIMEOUT_S = 600.0  # loading a model may take minutes
_FRAME = struct.Struct(">cII")  # kind, units (or baseline KiB), length
_CALL = struct.Struct(">I")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class FunctionTimeout(BaseException):
    """Raised inside a function's thread at its deadline (a BaseException: ``except
    Exception`` in the function's code does not swallow it)."""


class Runner(Protocol):
    inline_ok: bool  # cheap enough to run on the replica's event loop when the call is short

    def run(self, payload: bytes) -> Outcome: ...
    def close(self) -> None: ...


def error_doc(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


def timeout_outcome(timeout_s: float) -> Outcome:
    """Not charged (0 units): see docs/protocol.md, "Limits"."""
    return "timeout", 0, error_doc("timeout", f"the function ran past its {timeout_s:g} s limit")


def run_payload(handler: Callable[[Any], Any], payload_bytes: bytes, max_units: int,
                name: str) -> Outcome:
    """Parse the payload, call the function metered, serialise its result."""
    try:
        payload = json.loads(payload_bytes)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return "error", 0, error_doc("invalid_json", "payload is not valid JSON")
    try:
        with output.withheld():  # what the function prints or logs: dropped (see .output)
            result, units = call_metered(handler, payload)
            if units > max_units:
                raise ValueError(f"metered {units} units, more than max_units ({max_units})")
            return "ok", units, json.dumps(result, separators=(",", ":")).encode()
    except BaseException as exc:  # SystemExit too: nothing a function raises may escape
        if isinstance(exc, GeneratorExit):
            raise
        # The message may quote the payload: it goes to the client encrypted, never to logs.
        log.warning("function %s raised %s", name, type(exc).__name__)
        with output.withheld():  # str(exc) runs the exception's own code
            message = f"{type(exc).__name__}: {exc}"
        return "error", 1, error_doc("function_error", message)


class _Worker(threading.Thread):
    """One thread of a :class:`ThreadRunner`, reused call after call until a call times out."""

    def __init__(self, name: str) -> None:
        super().__init__(name=f"cocoon-fn-{name}", daemon=True)
        self.jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()

    def run(self) -> None:
        with contextlib.suppress(BaseException):  # a late FunctionTimeout ends the thread
            while (job := self.jobs.get()) is not None:
                job()


class ThreadRunner:
    inline_ok = True

    def __init__(self, handler: Callable[[Any], Any], *, max_units: int, timeout_s: float,
                 name: str) -> None:
        self.handler, self.max_units, self.timeout_s, self.name = (
            handler, max_units, timeout_s, name)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(self, payload: bytes) -> Outcome:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            worker = _Worker(self.name)
            worker.start()
        box: list[Outcome] = []
        done = threading.Event()

        def job() -> None:
            try:
                box.append(run_payload(self.handler, payload, self.max_units, self.name))
            finally:
                done.set()

        worker.jobs.put(job)
        if done.wait(self.timeout_s) and box:
            with self._lock:
                self._idle.append(worker)
            return box[0]
        worker.jobs.put(None)  # this worker is spent: it ends when (if) the function returns
        if worker.ident is not None and worker.is_alive():
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(worker.ident), ctypes.py_object(FunctionTimeout))
        log.warning("function %s ran past its %g s limit", self.name, self.timeout_s)
        return timeout_outcome(self.timeout_s)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.jobs.put(None)


def resident_bytes(pid: int) -> int | None:
    """A process's resident memory (Linux ``/proc``), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class ProcessRunner:
    """The function in a worker process of its own (``python -m cocoon.runtime.isolation``),
    one call at a time, over its stdin/stdout."""

    inline_ok = False

    def __init__(self, folder: Path, entrypoint: str, *, max_units: int, timeout_s: float,
                 memory_mb: int, name: str) -> None:
        self.folder, self.entrypoint, self.name = folder, entrypoint, name
        self.max_units, self.timeout_s = max_units, timeout_s
        self.limit_bytes = memory_mb << 20
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._baseline = 0
        self._start()  # a function that cannot load fails its deployment, not its first call

    # -- the worker's lifecycle --------------------------------------------------------------

    def _start(self) -> None:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cocoon.runtime.isolation", str(self.folder),
             self.entrypoint, str(self.max_units), self.name],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            bufsize=0, close_fds=True, cwd=self.folder, env=_worker_env(),
        )
        self._proc = proc
        try:
            kind, baseline_kib, message = self._read_frame(time.monotonic() + START_TIMEOUT_S,
                                                           watch=False)
        except (_Deadline, _Died):
            self._kill()
            raise CocoonError("invalid_manifest", "the function's worker did not start") from None
        if kind != b"R":
            self._kill()
            raise CocoonError("invalid_manifest", message.decode(errors="replace"))
        self._baseline = baseline_kib << 10

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def close(self) -> None:
        with self._lock:
            self._kill()

    # -- one call ----------------------------------------------------------------------------

    def run(self, payload: bytes) -> Outcome:
        with self._lock:
            if self._proc is None:
                self._start()
            proc = self._proc
            assert proc is not None and proc.stdin is not None
            try:
                proc.stdin.write(_CALL.pack(len(payload)) + payload)
                kind, units, result = self._read_frame(time.monotonic() + self.timeout_s,
                                                       watch=True)
            except (BrokenPipeError, _Died):
                self._kill()
                log.warning("function %s: its worker died during a call", self.name)
                return "error", 1, error_doc("function_error", "the function's process died")
            except _OverMemory:
                self._kill()
                log.warning("function %s went over its memory_mb", self.name)
                return "error", 1, error_doc(
                    "memory_limit", f"memory_limit: the function used more than its memory_mb "
                    f"({self.limit_bytes >> 20} MB)")
            except _Deadline:
                self._kill()
                log.warning("function %s ran past its %g s limit", self.name, self.timeout_s)
                return timeout_outcome(self.timeout_s)
            return ("ok" if kind == b"O" else "error"), units, result

    def _read_frame(self, deadline: float, *, watch: bool) -> tuple[bytes, int, bytes]:
        head = self._read_exact(_FRAME.size, deadline, watch)
        kind, units, length = _FRAME.unpack(head)
        return kind, units, self._read_exact(length, deadline, watch)

    def _read_exact(self, n: int, deadline: float, watch: bool) -> bytes:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        fd, parts, got = proc.stdout.fileno(), [], 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Deadline
            ready, _, _ = select.select([fd], [], [], min(left, WATCH_INTERVAL_S))
            if ready:
                chunk = os.read(fd, min(n - got, 1 << 20))
                if not chunk:
                    raise _Died
                parts.append(chunk)
                got += len(chunk)
            elif watch:
                rss = resident_bytes(proc.pid)
                if rss is not None and rss - self._baseline > self.limit_bytes:
                    raise _OverMemory
        return b"".join(parts)


def _worker_env() -> dict[str, str]:
    """The replica's environment, with its import path: the worker imports this module from
    wherever the replica did (a wheel, a checkout, Ray's runtime_env)."""
    path = [os.path.abspath(p or os.curdir) for p in sys.path]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(path))}


class _Died(Exception):
    pass


class _Deadline(Exception):
    pass


class _OverMemory(Exception):
    pass


# ---------------------------------------------------------------------------- the worker side


def _worker(folder: str, entrypoint: str, max_units: int, name: str) -> None:
    out = os.fdopen(os.dup(1), "wb", buffering=0)  # the protocol's channel
    output.silence_process()  # what the function prints goes nowhere (see .output)
    inp = sys.stdin.buffer
    with contextlib.suppress(OSError):
        Path("/proc/self/oom_score_adj").write_text("1000")
    baseline = resident_bytes(os.getpid()) or 0
    try:
        handler = load_handler(Path(folder), entrypoint)
    except CocoonError as exc:
        message = exc.message.encode()
        out.write(_FRAME.pack(b"E", 0, len(message)) + message)
        return
    out.write(_FRAME.pack(b"R", baseline >> 10, 0))
    while True:  # the worker shares the replica's process group, and ends with its pipe
        head = inp.read(_CALL.size)
        if len(head) < _CALL.size:
            return  # the replica closed the channel (or died)
        (length,) = _CALL.unpack(head)
        payload = inp.read(length)
        outcome, units, result = run_payload(handler, payload, max_units, name)
        out.write(_FRAME.pack(b"O" if outcome == "ok" else b"F", units, len(result)) + result)


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
