"""The provider agent supervised by Ray itself, for clusters started with ``ray up``.

``ray-cluster.yaml`` runs ``python -m cocoon.runtime.supervised_agent start`` on the head once
``ray start --head`` is up. It creates a detached actor, ``cocoon-agent`` in namespace
``cocoon``, pinned to the head with no CPU of its own and ``max_restarts=-1``: Ray restarts it
whenever its process dies. The actor runs the agent (``python -m cocoon.runtime.agent``) as its
child process and

- restarts it when it fails (exponential backoff up to a minute; a run that lasted a minute
  resets it), and leaves it stopped when it exits 0: the provider left the network. That is
  recorded (``$COCOON_HOME/run/provider-agent.left``), so an actor Ray restarts later does not
  bring a provider back that left; only ``start`` (a new ``ray up``) joins again;
- makes it die with the actor (``PR_SET_PDEATHSIG``: SIGKILL), so neither ``ray stop`` nor a
  restarted actor ever leaves two agents, or an orphan, behind.

The agent reads its settings as it always does: ``[provider]`` in ``$COCOON_HOME/config.toml``
(``ray-cluster.yaml`` mounts it from the operator's machine) and ``COCOON_*`` variables. The
``COCOON_*`` variables of the ``start`` call are handed to the actor, so they are kept with it
in the cluster's GCS: keep the provider token in the file. The agent joins this cluster at its
GCS address; its log is ``$COCOON_HOME/logs/provider-agent.log``. ``status`` prints the
actor's view as JSON; ``stop`` stops the agent (SIGTERM, then SIGKILL after the grace time)
and removes the actor. Nothing here runs without Ray: where systemd runs, a unit with
``Restart=on-failure`` around ``python -m cocoon.runtime.agent`` does the same job.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from . import config

log = logging.getLogger("cocoon.supervisor")
ACTOR_NAME = "cocoon-agent"
NAMESPACE = "cocoon"
AGENT_COMMAND = [sys.executable, "-m", "cocoon.runtime.agent"]
MAX_BACKOFF_S = 60.0
STABLE_RUN_S = 60.0
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL when the thread that started us exits."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class AgentSupervisor:
    """The actor's body: keeps one agent process running (see the module docstring)."""

    def __init__(self, env: dict[str, str], log_path: str) -> None:
        self.env = {**os.environ, **env}
        self.log_path = Path(log_path)
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.last_exit: int | None = None
        self.state = "starting"
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        # One long-lived thread starts every child: PR_SET_PDEATHSIG fires when the *thread*
        # that forked the child exits, and this one lives as long as the process.
        self._thread = threading.Thread(target=self._loop, name="cocoon-agent-supervisor",
                                        daemon=True)
        self.left_marker = left_marker(Path(self.env.get(config.HOME_ENV) or config.cocoon_home()))
        if self.left_marker.exists():  # left before this (restarted) actor: stay out
            self.state = "left"
            return
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes]:
        self.log_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            return subprocess.Popen(AGENT_COMMAND, env=self.env, stdin=subprocess.DEVNULL,
                                    stdout=fd, stderr=subprocess.STDOUT,
                                    preexec_fn=_die_with_parent)
        finally:
            os.close(fd)

    def _loop(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            started = time.monotonic()
            with self._lock:
                if self._stopping.is_set():
                    break
                self.proc = self._spawn()
                self.starts += 1
                self.state = "running"
            self.last_exit = code = self.proc.wait()
            if self._stopping.is_set():
                break
            if code == 0:  # the agent left the network (drained): not a failure
                self.left_marker.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self.left_marker.touch()
                self.state = "left"
                return
            failures = 1 if time.monotonic() - started >= STABLE_RUN_S else failures + 1
            delay = min(MAX_BACKOFF_S, 2.0 ** (failures - 1))
            self.state = "restarting"
            log.warning("provider agent exited %s; restarting in %.0f s", code, delay)
            self._stopping.wait(delay)
        self.state = "stopped"

    def status(self) -> dict[str, Any]:
        proc = self.proc
        return {"state": self.state, "pid": proc.pid if proc and proc.poll() is None else None,
                "starts": self.starts, "last_exit": self.last_exit,
                "supervisor_pid": os.getpid(), "log": str(self.log_path)}

    def stop(self, grace_s: float = 30.0) -> dict[str, Any]:
        """Stop the agent: SIGTERM lets it finish in-flight calls; SIGKILL after ``grace_s``."""
        with self._lock:
            self._stopping.set()
            proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        if self.state != "left":
            self.state = "stopped"
        return self.status()


def left_marker(home: Path) -> Path:
    """Where a supervisor records that its provider left (see the module docstring)."""
    return home / "run" / "provider-agent.left"


def _agent_env(home: Path, gcs_address: str) -> dict[str, str]:
    """What the agent's process gets on top of the worker's environment: this call's
    ``COCOON_*`` variables, the home folder, and this cluster's address."""
    env = {k: v for k, v in os.environ.items() if k.startswith("COCOON_")}
    env[config.HOME_ENV] = str(home)
    env["COCOON_PROVIDER_RAY_ADDRESS"] = gcs_address
    for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN_PATH"):  # the agent joins with our token
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def _connect(address: str) -> Any:
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    import ray

    ray.init(address=address, namespace=NAMESPACE, log_to_driver=False,
             logging_level=logging.WARNING)
    return ray


def start(address: str, wait_s: float) -> dict[str, Any]:
    """Create the supervising actor on this (head) node unless it exists; wait for the agent."""
    ray = _connect(address)
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    context = ray.get_runtime_context()
    home = config.ensure_home()
    left_marker(home).unlink(missing_ok=True)  # starting again is joining again
    actor_class = ray.remote(AgentSupervisor)
    actor = actor_class.options(
        name=ACTOR_NAME, namespace=NAMESPACE, lifetime="detached", get_if_exists=True,
        max_restarts=-1, num_cpus=0, max_concurrency=4,
        scheduling_strategy=NodeAffinitySchedulingStrategy(context.get_node_id(), soft=False),
    ).remote(_agent_env(home, context.gcs_address), str(home / "logs" / "provider-agent.log"))
    deadline = time.monotonic() + wait_s
    while True:
        out = ray.get(actor.status.remote(), timeout=wait_s)
        if out["pid"] is not None or time.monotonic() > deadline:
            return out
        time.sleep(0.2)


def _existing(address: str) -> Any:
    ray = _connect(address)
    try:
        return ray, ray.get_actor(ACTOR_NAME, namespace=NAMESPACE)
    except ValueError:
        return ray, None


def status(address: str) -> dict[str, Any]:
    ray, actor = _existing(address)
    if actor is None:
        return {"state": "absent"}
    return ray.get(actor.status.remote(), timeout=30)


def stop(address: str, grace_s: float) -> dict[str, Any]:
    ray, actor = _existing(address)
    if actor is None:
        return {"state": "absent"}
    out = ray.get(actor.stop.remote(grace_s), timeout=grace_s + 30)
    with contextlib.suppress(Exception):
        ray.kill(actor, no_restart=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cocoon.runtime.supervised_agent",
                                     description="The provider agent supervised by Ray.")
    parser.add_argument("command", choices=["start", "status", "stop"])
    parser.add_argument("--address", default="auto", help="the Ray cluster (default: auto)")
    parser.add_argument("--wait", type=float, default=60.0, help="start: wait this long for "
                        "the agent's process")
    parser.add_argument("--grace", type=float, default=30.0, help="stop: SIGKILL after this")
    args = parser.parse_args(argv)
    if args.command == "start":
        out = start(args.address, args.wait)
    elif args.command == "status":
        out = status(args.address)
    else:
        out = stop(args.address, args.grace)
    print(json.dumps(out))
    return 0 if args.command != "start" or out.get("pid") else 1


if __name__ == "__main__":
    sys.exit(main())
