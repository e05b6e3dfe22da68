"""Process supervision for the embedded network: start a component, tell whether it still runs,
find every process it left behind, and stop them all, never touching anyone else's processes.

A component (the gateway, the provider agent) is a root process started in a session of its
own. Finding its processes must survive the root's death: Ray's GCS, raylet and agents run in
process groups of their own, and a ``kill -9`` of the agent leaves some of them reparented to
init, still holding ports. A process belongs to a component (is a *member*) when it runs as
this user and

- it is the root, still the very process started (pid *and* start time match), or
- the root is alive and the process is in the root's session or process group, or
- its environment carries the component's marker (``COCOON_NETWORK=<run id>/<component>``,
  set only in the environment the component was started with), or
- its command line or one of its open files lies under the component's private directory
  (Ray's temp dir: every Ray process keeps its log files open there, including those whose
  new process title overwrote the environment), or
- it descends from a member.

A process of another program passes none of these, even when it reuses a recorded pid.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

MARKER_ENV = "COCOON_NETWORK"


class Proc(BaseModel):
    """A root process as recorded when it was started."""

    pid: int
    start: int  # start time in clock ticks since boot (/proc/<pid>/stat): a reused pid is not ours
    started_ms: int  # wall clock, to tell this run's data at the gateway from an earlier run's

    def alive(self) -> bool:
        """Still running, and still the process that was started (not a reused pid)."""
        return _stat(self.pid) is not None and start_time(self.pid) == self.start and _reap(
            self.pid
        )


@dataclass(frozen=True)
class Scope:
    """What marks one component's processes (see the module docstring)."""

    root: Proc
    marker: str
    private_dir: Path | None = None

    def __post_init__(self) -> None:
        if not self.marker:
            raise ValueError("a scope needs a marker")
        if self.private_dir is not None and len(self.private_dir.resolve().parts) < 3:
            raise ValueError(f"{self.private_dir} is too wide to mark processes")


@dataclass
class _Entry:
    ppid: int
    pgid: int
    sid: int
    state: str
    children: list[int] = field(default_factory=list)


def spawn(argv: list[str], log: Path, env: dict[str, str], marker: str) -> Proc:
    """Start ``argv`` in a new session, output appended to ``log`` (0600), files it creates
    private to the user (umask 077), its environment marked with ``marker``."""
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=fd,
            stderr=subprocess.STDOUT,
            env={**env, MARKER_ENV: marker},
            start_new_session=True,
            umask=0o077,
        )
    finally:
        os.close(fd)
    return Proc(pid=proc.pid, start=start_time(proc.pid) or 0, started_ms=int(time.time() * 1000))


def members(scopes: list[Scope]) -> set[int]:
    """Every live process of these components (the caller's own process excluded)."""
    table = _process_table()
    uid = os.getuid()
    live_roots = {s.root.pid for s in scopes if s.root.alive()}
    markers = {f"{MARKER_ENV}={s.marker}".encode() for s in scopes}
    dirs = [str(s.private_dir).rstrip("/") + "/" for s in scopes if s.private_dir is not None]
    found: set[int] = set()
    for pid, e in table.items():
        if pid <= 1 or pid == os.getpid() or not _owned_by(pid, uid):
            continue
        if (
            pid in live_roots
            or e.sid in live_roots
            or e.pgid in live_roots
            or _has_marker(pid, markers)
            or _uses_dir(pid, dirs)
        ):
            found.add(pid)
    todo = list(found)
    while todo:  # and their descendants
        for child in table[todo.pop()].children:
            if child not in found and child != os.getpid():
                found.add(child)
                todo.append(child)
    return found


def stop(scopes: list[Scope], grace_s: float = 10.0, linger_s: float = 3.0) -> set[int]:
    """Stop every member: SIGTERM the live roots and wait up to ``grace_s`` for them (the agent
    shuts its Ray cluster down), SIGTERM what is left and wait ``linger_s``, then SIGKILL.
    Returns the pids that were stopped. A pid is signalled only while its start time is still
    the one seen when it was found, so a pid reused meanwhile by another program is spared."""
    seen: dict[int, int | None] = {}

    def look() -> set[int]:
        found = members(scopes)
        for pid in found:
            seen.setdefault(pid, start_time(pid))
        return found

    def send(pids: set[int], sig: int) -> None:
        for pid in pids:
            if start_time(pid) == seen.get(pid):
                _signal(pid, sig)

    look()
    roots = {s.root.pid for s in scopes if s.root.alive()}
    send(roots, signal.SIGTERM)
    _wait_gone(roots, grace_s)
    left = _wait_gone(look(), 0)
    send(left, signal.SIGTERM)
    left = _wait_gone(left, linger_s)
    for _ in range(3):  # a dying member may still fork: look again until nothing is left
        left |= look()
        if not left:
            break
        send(left, signal.SIGKILL)
        left = _wait_gone(left, 2.0)
    return set(seen)


def start_time(pid: int) -> int | None:
    fields_ = _stat(pid)
    try:
        return int(fields_[19]) if fields_ else None
    except (IndexError, ValueError):
        return None


def marker_of(pid: int) -> str | None:
    """The marker a process was started with (None if it has none or is not readable)."""
    prefix = f"{MARKER_ENV}=".encode()
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    return next((e[len(prefix):].decode() for e in environ if e.startswith(prefix)), None)


def running(pid: int) -> bool:
    """The pid is a live process (not a zombie, not gone)."""
    fields_ = _stat(pid)
    return fields_ is not None and fields_[0] != "Z"


def listening_ports(pids: set[int]) -> set[int]:
    """TCP ports these processes listen on (from /proc/net/tcp{,6} and their sockets)."""
    inodes: set[str] = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.scandir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    target = os.readlink(fd.path)
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
    return {port for port, inode in _listeners() if inode in inodes}


def listening(port: int) -> bool:
    """Anything on this machine listens on this TCP port."""
    return any(p == port for p, _ in _listeners())


# -- /proc -------------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (state is [0])."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _reap(pid: int) -> bool:
    """False if ``pid`` is a zombie (reaping it when it is our own child)."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    return running(pid)


def _process_table() -> dict[int, _Entry]:
    table: dict[int, _Entry] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and (f := _stat(int(proc.name))) and f[0] != "Z":
            table[int(proc.name)] = _Entry(int(f[1]), int(f[2]), int(f[3]), f[0])
    for pid, e in table.items():
        if e.ppid in table:
            table[e.ppid].children.append(pid)
    return table


def _owned_by(pid: int, uid: int) -> bool:
    try:
        return os.stat(f"/proc/{pid}").st_uid == uid
    except OSError:
        return False


def _has_marker(pid: int, markers: set[bytes]) -> bool:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return not markers.isdisjoint(environ)


def _uses_dir(pid: int, dirs: list[str]) -> bool:
    if not dirs:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    if any(d in cmdline for d in dirs):
        return True
    with contextlib.suppress(OSError):
        for fd in os.scandir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(fd.path).startswith(tuple(dirs)):
                    return True
    return False


def _listeners() -> list[tuple[int, str]]:
    """(port, socket inode) of every listening TCP socket."""
    out = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(name).read_text().splitlines()[1:]:
                cols = line.split()
                if cols[3] == "0A":  # TCP_LISTEN
                    out.append((int(cols[1].rsplit(":", 1)[1], 16), cols[9]))
    return out


def _wait_gone(pids: set[int], timeout_s: float) -> set[int]:
    """Wait until none of ``pids`` runs (reaping our own children); returns those still there."""
    deadline = time.monotonic() + timeout_s
    while True:
        left = {p for p in pids if _reap(p)}
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.1)


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)
