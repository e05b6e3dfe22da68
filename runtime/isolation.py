"""Where a function's code runs, and the limits that hold there.

A replica holds its version's private keys (:mod:`.keyring`), opens envelopes and is a
connected Ray worker; function code must reach none of that ("no function can read keys that
open another function's envelopes"). So a replica never runs function code itself: every
function runs in worker processes of its own (:class:`ProcessRunner`: up to the manifest's
``max_concurrency``, one with ``memory_mb``), each started once and reused call after call
over a pipe (payload in; outcome, units and result out; for a stream, each item the function
yields is sent on at once, before the outcome).
The worker gets a scrubbed environment (no Ray address or token path, nothing of the
replica's), no inherited descriptors, a session of its own, a folder of its own as its cwd and
HOME, and, when the replica runs as root, a uid/gid of its own (:class:`Sandbox`).

A manifest's ``limits.timeout_s`` and ``resources.memory_mb`` are enforced here, the same way in
a Ray Serve replica and in the in-process backend (both load a function through
:class:`~cocoon.runtime.hosting.LoadedFunction`): at the deadline the worker is killed and the
call ends with a ``timeout``; with ``memory_mb`` the replica reads the worker's resident
memory (``/proc``) every few milliseconds while a call runs and kills the worker when it holds
more than ``memory_mb`` above the bare interpreter's baseline (a ``memory_limit`` error). The
next call gets a fresh worker. Not ``RLIMIT_AS``: it limits address space, not memory, and
CUDA, OpenBLAS and thread stacks reserve far more address space than they use, so honest
functions would fail. The worker also volunteers to the kernel's OOM killer
(``oom_score_adj`` 1000), so memory that grows faster than the watchdog looks is still taken
from the function, not from the replica.

:class:`ThreadRunner` (a thread per call, in the caller's process) remains for tests that
drive an :class:`~cocoon.runtime.invocation.Invoker` directly; no host uses it.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import logging
import os
import queue
import re
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, Protocol

from . import output
from .errors import CocoonError
from .function import Units, call_metered, load_handler

log = logging.getLogger("cocoon.runtime")
Outcome = tuple[str, int, bytes]  # (outcome, units, result document bytes)
WATCH_INTERVAL_S = 0.005
START_TIMEOUT_S = 600.0  # loading a model may take minutes
_FRAME = struct.Struct(">cII")  # kind, units (or baseline KiB), length
_CALL = struct.Struct(">BI")  # mode, payload length
_MODE_FRAME, _MODE_STREAM = 0, 1  # stream: each item as a "C" frame, then the outcome
_COUNTS = struct.Struct(">II")  # an "M" frame before the outcome: prompt, completion tokens
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class FunctionTimeout(BaseException):
    """Raised inside a function's thread at its deadline (a BaseException: ``except
    Exception`` in the function's code does not swallow it)."""


class Runner(Protocol):
    inline_ok: bool  # cheap enough to run on the replica's event loop when the call is short

    def run(self, payload: bytes) -> Outcome: ...
    def stream(self, payload: bytes) -> Generator[bytes, None, Outcome]:
        """Each item's JSON as the function yields it (a returned value: one item), as soon
        as it is yielded; returns the outcome, its result empty unless an error document.
        Closing it early ends the call (the function's worker goes)."""
        ...
    def close(self) -> None: ...


def error_doc(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


def timeout_outcome(timeout_s: float) -> Outcome:
    """Not charged (0 units): see docs/protocol.md, "Limits"."""
    return "timeout", 0, error_doc("timeout", f"the function ran past its {timeout_s:g} s limit")


def run_payload(handler: Callable[[Any], Any], payload_bytes: bytes, max_units: int,
                name: str, emit: Callable[[bytes], None] | None = None,
                weights: tuple[int, int] = (1, 1)) -> Outcome:
    """Parse the payload, call the function metered, serialise its result. With ``emit``
    (a stream), each item's JSON goes to ``emit`` as the function yields it and the ok
    outcome's result is empty; without, a generator's items are the result, as a list.
    Prompt and completion tokens are weighed with ``weights`` (the ok outcome's units are a
    :class:`Units` that keeps the counts)."""
    try:
        payload = json.loads(payload_bytes)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return "error", 0, error_doc("invalid_json", "payload is not valid JSON")
    try:
        with output.withheld():  # what the function prints or logs: dropped (see .output)
            each = None if emit is None else (lambda item: emit(_json(item)))
            result, units = call_metered(handler, payload, each, weights)
            if units > max_units:
                raise ValueError(f"metered {units} units, more than max_units ({max_units})")
            return "ok", units, b"" if emit is not None else _json(result)
    except BaseException as exc:  # SystemExit too: nothing a function raises may escape
        if isinstance(exc, GeneratorExit):
            raise
        # The message may quote the payload: it goes to the client encrypted, never to logs.
        log.warning("function %s raised %s", name, type(exc).__name__)
        with output.withheld():  # str(exc) runs the exception's own code
            message = f"{type(exc).__name__}: {exc}"
        return "error", 1, error_doc("function_error", message)


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


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
                 name: str, weights: tuple[int, int] = (1, 1)) -> None:
        self.handler, self.max_units, self.timeout_s, self.name = (
            handler, max_units, timeout_s, name)
        self.weights = weights
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(self, payload: bytes) -> Outcome:
        return _drain(self._call(payload, stream=False))

    def stream(self, payload: bytes) -> Generator[bytes, None, Outcome]:
        return self._call(payload, stream=True)

    def _call(self, payload: bytes, *, stream: bool) -> Generator[bytes, None, Outcome]:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            worker = _Worker(self.name)
            worker.start()
        box: list[Outcome] = []
        items: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()  # None: the end

        def job() -> None:
            try:
                box.append(run_payload(self.handler, payload, self.max_units, self.name,
                                       items.put if stream else None, self.weights))
            finally:
                items.put(None)

        worker.jobs.put(job)
        deadline = time.monotonic() + self.timeout_s
        done = False
        try:
            while True:
                try:
                    item = items.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if item is None:
                    done = bool(box)
                    break
                yield item
        finally:
            if done:
                with self._lock:
                    self._idle.append(worker)
            else:  # timed out, or the stream was closed early: this worker is spent
                self._spend(worker)
        if done:
            return box[0]
        log.warning("function %s ran past its %g s limit", self.name, self.timeout_s)
        return timeout_outcome(self.timeout_s)

    @staticmethod
    def _spend(worker: _Worker) -> None:
        """The worker ends when (if) the function returns; it is interrupted at once."""
        worker.jobs.put(None)
        if worker.ident is not None and worker.is_alive():
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(worker.ident), ctypes.py_object(FunctionTimeout))

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


class Sandbox:
    """Where a function's worker lives: a private folder (the unpacked bundle, a HOME, a TMPDIR)
    and, when the replica runs as root, a user of its own.

    The replica holds the keys and is a connected Ray worker; the function must reach neither.
    As root, the worker becomes an unprivileged uid/gid made for this replica
    (``FN_UID_BASE + replica pid``: no two live replicas on a host share one, so workers of
    different functions cannot signal, ptrace or read each other either) with no
    supplementary groups, after covering, in a mount namespace of its own, every folder that
    hides a path it needs (root's 0700 home holding a pyenv interpreter: so ``~/.ray`` stays
    out of sight) (:func:`_confine`). It cannot read the replica's memory or environment
    (``/proc/<pid>`` of a root process), the run's 0700 private folder (Ray's token, temp dir,
    sessions: covered in its view but for its own folder) or root's files. Its folder sits in
    the replica's TMPDIR (under Ray the run's private folder, so ``down`` removes it even after
    a replica was killed; :data:`SANDBOX_BASE`, root's 0711 folder, where mount namespaces are
    refused) and is the only thing chowned to that uid. Not root: the worker
    keeps the replica's uid; the replica makes itself non-dumpable (no same-uid ptrace or
    ``/proc/<pid>/mem``), but the worker can read whatever that user can, the Ray token
    included: docs/attestation.md says so."""

    def __init__(self, name: str) -> None:
        self.drop = os.geteuid() == 0
        if self.drop:
            self.uid = self.gid = FN_UID_BASE + os.getpid()
            # in the replica's TMPDIR (a run's private folder: removed on down even when a
            # replica is killed), reached through the worker's own mount view; where mount
            # namespaces are refused, in SANDBOX_BASE
            base = Path(tempfile.gettempdir())
            if _hidden_ancestor(str(base / "x")) is not None and not _can_unshare():
                base = Path(SANDBOX_BASE)
                base.mkdir(mode=0o711, exist_ok=True)
                st = base.lstat()
                if not stat.S_ISDIR(st.st_mode) or st.st_uid != 0:
                    raise CocoonError("internal", f"{base} is not a folder owned by root")
                base.chmod(0o711)
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
            base = Path(tempfile.gettempdir())
            _warn_same_uid()
        self.root = Path(tempfile.mkdtemp(prefix=f"{name[:32]}-", dir=base))
        self.folder, self.home = self.root / "fn", self.root / "home"
        for sub in (self.folder, self.home, self.home / "tmp"):
            sub.mkdir(mode=0o700)
        self.admit(self.root)

    def admit(self, path: Path) -> None:
        """Give ``path`` (and what is under it) to the worker's user, readable by it only."""
        if not self.drop:
            return
        os.chown(path, self.uid, self.gid, follow_symlinks=False)
        for top, dirs, files in os.walk(path):
            for entry in (*dirs, *files):
                os.chown(os.path.join(top, entry), self.uid, self.gid, follow_symlinks=False)

    def env(self) -> dict[str, str]:
        """The worker's whole environment: what a function needs and nothing of the
        replica's (no RAY_*, no COCOON_*, no token path, no secrets a provider set)."""
        path = [os.path.abspath(p) for p in sys.path if p]  # not '': the replica's cwd
        env = {k: v for k, v in os.environ.items()
               if k in _PASSED or k.startswith(_PASSED_PREFIXES)}
        env.update(PATH=os.environ.get("PATH", os.defpath), HOME=str(self.home),
                   TMPDIR=str(self.home / "tmp"), USER=FN_USER, LOGNAME=FN_USER,
                   PYTHONPATH=os.pathsep.join(dict.fromkeys(path)),
                   PYTHONDONTWRITEBYTECODE="1", PYTHONNOUSERSITE="1")
        return env

    def argv(self) -> str:
        """What the worker needs to confine itself (JSON, its last argument): the uid/gid to
        become and the paths to keep reachable (see :func:`_confine`)."""
        if not self.drop:
            return "{}"
        return json.dumps({"uid": self.uid, "gid": self.gid,
                           "keep": sorted({*_needed_paths(), str(self.root)})})

    def popen_args(self) -> dict[str, Any]:
        return {"env": self.env(), "close_fds": True, "start_new_session": True}

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


FN_UID_BASE = 2_000_000_000  # above any uid a distribution allocates, below 2**31
FN_USER = "cocoon-fn"
SANDBOX_BASE = "/tmp/cocoon-fn"
_PASSED = frozenset({"LANG", "LANGUAGE", "TZ", "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES",
                     "CUDA_DEVICE_ORDER", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES",
                     "VIRTUAL_ENV", "LD_LIBRARY_PATH"})
_PASSED_PREFIXES = ("LC_", "OMP_", "MKL_", "OPENBLAS_", "NUMEXPR_", "VECLIB_", "GOTO_")
_warned = False


def _warn_same_uid() -> None:
    """Once per process: the sandbox is weaker without root (see :class:`Sandbox`)."""
    global _warned
    if _warned:
        return
    _warned = True
    log.warning("replica is not root: function workers keep its uid (scrubbed environment, "
                "replica not dumpable) and can read what that user can, Ray's token included")
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)


_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_NO_NEW_PRIVS = 1, 4, 38
_CLONE_NEWNS, _MS_BIND, _MS_REC, _MS_PRIVATE, _MS_NOSUID, _MS_NODEV = (
    0x20000, 4096, 16384, 1 << 18, 2, 4)


def _needed_paths() -> list[str]:
    """The interpreter and every import path: what the worker must still read as its uid."""
    paths = {sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable)),
             *(os.path.abspath(p) for p in sys.path if p)}
    return sorted(p for p in {os.path.realpath(p) for p in paths} if os.path.isdir(p))


@functools.cache
def _can_unshare() -> bool:
    """Whether this host lets root make a mount namespace (a container without
    CAP_SYS_ADMIN does not)."""
    try:
        return subprocess.run(["unshare", "--mount", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _hidden_ancestor(path: str) -> str | None:
    """The topmost folder above ``path`` that others cannot pass through (root's 0700 home,
    say), or None."""
    parts = Path(path).parts
    for i in range(2, len(parts)):  # above it, not the path itself
        folder = os.path.join(*parts[:i])
        with contextlib.suppress(OSError):
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                return folder
    return None


def _confine(spec: dict[str, Any]) -> None:
    """In the worker, still root, before any function code: in a mount namespace of its own,
    each folder that hides a needed path (root's home holding a pyenv, say) is covered with
    an empty tmpfs and only the needed paths are bound back (so Ray's token in ``~/.ray`` or
    anything else there stays out of sight), then the worker becomes its uid/gid, with no
    supplementary groups and no way back."""
    if not spec:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    hidden: dict[str, list[str]] = {}
    for path in spec["keep"]:
        if (top := _hidden_ancestor(path)) is not None:
            hidden.setdefault(top, []).append(path)
    if hidden:
        os.umask(0o022)  # the folders made in the tmpfs must be passable (the replica's: 077)
        if libc.unshare(_CLONE_NEWNS) != 0 or libc.mount(None, b"/", None,
                                                         _MS_REC | _MS_PRIVATE, None) != 0:
            raise OSError(ctypes.get_errno(), "cannot make a mount namespace")
        for top, paths in hidden.items():
            fds = {p: os.open(p, os.O_PATH | os.O_DIRECTORY) for p in paths}
            if libc.mount(b"tmpfs", top.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV,
                          b"mode=0755") != 0:
                raise OSError(ctypes.get_errno(), f"cannot cover {top}")
            for path, fd in fds.items():
                os.makedirs(path, exist_ok=True)
                if libc.mount(f"/proc/self/fd/{fd}".encode(), path.encode(), None,
                              _MS_BIND | _MS_REC, None) != 0:
                    raise OSError(ctypes.get_errno(), f"cannot bind {path}")
                os.close(fd)
    os.setgroups([])
    os.setgid(spec["gid"])
    os.setuid(spec["uid"])
    os.umask(0o077)
    # a uid change leaves the process non-dumpable, its /proc files root's: give them back
    libc.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)


class ProcessRunner:
    """The function in worker processes of its own (``python -m cocoon.runtime.isolation``),
    each one call at a time over its stdin/stdout, reused call after call (one spawn per
    worker, not per call). Up to ``workers`` run at once (the manifest's ``max_concurrency``:
    each loads the function, so a ``memory_mb`` function gets one); the first starts here, so
    a function that cannot load fails its deployment, not its first call. A worker's memory
    is watched only when ``memory_mb`` is set."""

    inline_ok = False

    def __init__(self, folder: Path, entrypoint: str, *, max_units: int, timeout_s: float,
                 memory_mb: int | None, name: str, sandbox: Sandbox | None = None,
                 workers: int = 1, weights: tuple[int, int] = (1, 1)) -> None:
        """``folder``: the function's folder, in ``sandbox`` (which the caller closes); without
        one, a sandbox of its own gets a copy of the folder. ``weights``: the manifest's
        prompt and completion weights."""
        self.entrypoint, self.name = entrypoint, name
        self.max_units, self.timeout_s, self.weights = max_units, timeout_s, weights
        self.limit_bytes = (memory_mb << 20) if memory_mb else None
        self.workers = max(1, workers)
        self._own_sandbox = sandbox is None
        self.sandbox = sandbox or Sandbox(name)
        if self._own_sandbox:
            shutil.copytree(folder, self.sandbox.folder, symlinks=True, dirs_exist_ok=True)
            folder = self.sandbox.folder
        self.folder = folder
        self.sandbox.admit(folder)
        self._cond = threading.Condition()
        self._idle: list[_WorkerProcess] = []
        self._started = 0  # live workers, idle or busy
        self._closed = False
        try:
            self._idle.append(self._spawn())
            self._started = 1
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> _WorkerProcess:
        return _WorkerProcess(self)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for worker in idle:
            worker.kill()
        if self._own_sandbox:
            self.sandbox.close()

    def run(self, payload: bytes) -> Outcome:
        return _drain(self._call(payload, stream=False))

    def stream(self, payload: bytes) -> Generator[bytes, None, Outcome]:
        return self._call(payload, stream=True)

    def _call(self, payload: bytes, *, stream: bool) -> Generator[bytes, None, Outcome]:
        with self._cond:
            while not self._idle and self._started >= self.workers and not self._closed:
                self._cond.wait()
            if self._closed:
                return "error", 0, error_doc("internal", "the function is stopping")
            worker = self._idle.pop() if self._idle else None
            if worker is None:
                self._started += 1
        alive = False
        try:
            if worker is None:
                worker = self._spawn()
            outcome, alive = yield from worker.exchange(payload, stream=stream)
        finally:  # a stream closed early: alive stays False, the worker goes
            with self._cond:
                if alive and worker is not None and not self._closed:
                    self._idle.append(worker)
                else:
                    self._started -= 1
                    if worker is not None:
                        worker.kill()
                self._cond.notify()
        return outcome


def _drain(call: Generator[bytes, None, Outcome]) -> Outcome:
    """The outcome of a call that yields no items (not a stream)."""
    while True:
        try:
            next(call)
        except StopIteration as stop:
            return stop.value


class _WorkerProcess:
    """One worker process of a :class:`ProcessRunner`."""

    def __init__(self, runner: ProcessRunner) -> None:
        self.runner = runner
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cocoon.runtime.isolation", str(runner.folder),
             runner.entrypoint, str(runner.max_units), runner.name, str(os.getpid()),
             runner.sandbox.argv(), ",".join(map(str, runner.weights))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            bufsize=0, cwd=runner.folder, **runner.sandbox.popen_args(),
        )
        self.baseline = 0
        try:
            kind, baseline_kib, message = self._read_frame(time.monotonic() + START_TIMEOUT_S,
                                                           watch=False)
        except (_Deadline, _Died):
            self.kill()
            raise CocoonError("invalid_manifest", "the function's worker did not start") from None
        if kind != b"R":
            self.kill()
            raise CocoonError("invalid_manifest", message.decode(errors="replace"))
        self.baseline = baseline_kib << 10

    def kill(self) -> None:
        proc = self.proc
        if proc.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # its session: what the function started too
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def exchange(self, payload: bytes, *,
                 stream: bool) -> Generator[bytes, None, tuple[Outcome, bool]]:
        """One call: yields each streamed item as the worker sends it; returns the outcome
        and whether this worker may serve the next call."""
        runner, proc = self.runner, self.proc
        assert proc.stdin is not None
        deadline = time.monotonic() + runner.timeout_s
        watch = runner.limit_bytes is not None
        try:
            proc.stdin.write(_CALL.pack(_MODE_STREAM if stream else _MODE_FRAME, len(payload))
                             + payload)
            counts: tuple[int, int] | None = None
            while True:
                kind, units, result = self._read_frame(deadline, watch=watch)
                if kind == b"M":
                    counts = _COUNTS.unpack(result)
                    continue
                if kind != b"C":
                    break
                yield result
        except (BrokenPipeError, _Died):
            log.warning("function %s: its worker died during a call", runner.name)
            return ("error", 1, error_doc("function_error", "the function's process died")), False
        except _OverMemory:
            log.warning("function %s went over its memory_mb", runner.name)
            return ("error", 1, error_doc(
                "memory_limit", f"memory_limit: the function used more than its memory_mb "
                f"({(runner.limit_bytes or 0) >> 20} MB)")), False
        except _Deadline:
            log.warning("function %s ran past its %g s limit", runner.name, runner.timeout_s)
            return timeout_outcome(runner.timeout_s), False
        if kind != b"O":
            _log_error(runner.name, result)
        elif counts is not None:
            units = Units(units, *counts)
        return (("ok" if kind == b"O" else "error"), units, result), True

    def _read_frame(self, deadline: float, *, watch: bool) -> tuple[bytes, int, bytes]:
        head = self._read_exact(_FRAME.size, deadline, watch)
        kind, units, length = _FRAME.unpack(head)
        return kind, units, self._read_exact(length, deadline, watch)

    def _read_exact(self, n: int, deadline: float, watch: bool) -> bytes:
        proc, limit = self.proc, self.runner.limit_bytes
        assert proc.stdout is not None
        fd, parts, got = proc.stdout.fileno(), [], 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Deadline
            # unwatched: sleep until data or the deadline; watched: wake to read the RSS
            ready, _, _ = select.select([fd], [], [], min(left, WATCH_INTERVAL_S) if watch
                                        else left)
            if ready:
                chunk = os.read(fd, min(n - got, 1 << 20))
                if not chunk:
                    raise _Died
                parts.append(chunk)
                got += len(chunk)
            elif watch and limit is not None:
                rss = resident_bytes(proc.pid)
                if rss is not None and rss - self.baseline > limit:
                    raise _OverMemory
        return b"".join(parts)


def _log_error(name: str, result: bytes) -> None:
    """The replica logs a function's error by its exception type (the worker's own log goes
    nowhere); the message may quote the payload and is not logged."""
    try:
        error = json.loads(result)["error"]
        kind = error["message"].partition(":")[0] if error["code"] == "function_error" else ""
    except (ValueError, KeyError, TypeError, AttributeError):
        kind = ""
    if _TYPE_NAME.fullmatch(kind):
        log.warning("function %s raised %s", name, kind)


_TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,99}")


class _Died(Exception):
    pass


class _Deadline(Exception):
    pass


class _OverMemory(Exception):
    pass


# ---------------------------------------------------------------------------- the worker side


def _harden(replica_pid: int, spec: dict[str, Any]) -> None:
    """In the worker, before any function code: confine it (:func:`_confine`), let it die
    with the replica, gain no privileges (no setuid binaries), and leave the OOM killer this
    process rather than the replica."""
    with contextlib.suppress(OSError):
        Path("/proc/self/oom_score_adj").write_text("1000")  # as root: it may only go up later
    _confine(spec)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if os.getppid() != replica_pid:  # the replica died before the death signal was set
        os._exit(0)


def _worker(folder: str, entrypoint: str, max_units: int, name: str, replica_pid: int,
            confine: str, weights: tuple[int, int]) -> None:
    _harden(replica_pid, json.loads(confine))
    out = os.fdopen(os.dup(1), "wb", buffering=0)  # the protocol's channel
    output.silence_process()  # what the function prints goes nowhere (see .output)
    inp = sys.stdin.buffer
    baseline = resident_bytes(os.getpid()) or 0
    try:
        handler = load_handler(Path(folder), entrypoint)
    except CocoonError as exc:
        message = exc.message.encode()
        out.write(_FRAME.pack(b"E", 0, len(message)) + message)
        return
    out.write(_FRAME.pack(b"R", baseline >> 10, 0))
    while True:  # the worker ends with its pipe (or with the replica: the death signal)
        head = inp.read(_CALL.size)
        if len(head) < _CALL.size:
            return  # the replica closed the channel (or died)
        mode, length = _CALL.unpack(head)
        payload = inp.read(length)

        def emit(item: bytes) -> None:  # sent at once: the replica seals it as it comes
            out.write(_FRAME.pack(b"C", 0, len(item)) + item)

        outcome, units, result = run_payload(handler, payload, max_units, name,
                                             emit if mode == _MODE_STREAM else None, weights)
        if isinstance(units, Units) and units.prompt is not None and units.completion is not None:
            out.write(_FRAME.pack(b"M", 0, _COUNTS.size)
                      + _COUNTS.pack(units.prompt, units.completion))
        out.write(_FRAME.pack(b"O" if outcome == "ok" else b"F", units, len(result)) + result)


if __name__ == "__main__":
    _prompt_weight, _, _completion_weight = sys.argv[7].partition(",")
    _worker(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]),
            sys.argv[6], (int(_prompt_weight), int(_completion_weight)))
