"""The supervisor ray-cluster.yaml runs the agent under (runtime/supervised_agent.py), Ray-free:
its body is a plain class, driven here with a stand-in for the agent's command (a small Python
program that exits as told), so restarts, leaving and stopping take seconds. The Ray side (a
detached actor Ray restarts) is proved by tests/test_ray_up.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cocoon.runtime import supervised_agent
from cocoon.runtime.supervised_agent import AgentSupervisor

# Exits with the code in $EXIT_FILE's first line (default: runs until signalled); counts runs.
STAND_IN = """
import os, pathlib, signal, sys, time
runs = pathlib.Path(os.environ["RUNS_FILE"])
runs.write_text(runs.read_text() + "x" if runs.exists() else "x")
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
code = pathlib.Path(os.environ["EXIT_FILE"]).read_text().strip()
if code:
    sys.exit(int(code))
while True:
    time.sleep(0.1)
"""


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    script = tmp_path / "agent.py"
    script.write_text(STAND_IN)
    monkeypatch.setattr(supervised_agent, "AGENT_COMMAND", [sys.executable, str(script)])
    exit_file, runs = tmp_path / "exit", tmp_path / "runs"
    exit_file.write_text("")
    env = {"EXIT_FILE": str(exit_file), "RUNS_FILE": str(runs),
           "COCOON_HOME": str(tmp_path / "home")}
    return env, exit_file, runs, tmp_path / "logs" / "agent.log"


def _wait(check, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return found


def test_a_failing_agent_is_restarted_and_one_that_left_stays_stopped(stand_in):
    env, exit_file, runs, log = stand_in
    exit_file.write_text("3")  # fails at once: restarted after 1 s, then 2 s
    sup = AgentSupervisor(env, str(log))
    _wait(lambda: runs.exists() and len(runs.read_text()) >= 2)
    assert sup.status()["last_exit"] == 3 and sup.status()["state"] in {"restarting", "running"}
    exit_file.write_text("0")  # the next run leaves the network: not restarted
    _wait(lambda: sup.status()["state"] == "left", timeout=30)
    count = len(runs.read_text())
    time.sleep(1.5)
    assert len(runs.read_text()) == count and sup.status()["pid"] is None
    assert log.exists() and log.stat().st_mode & 0o777 == 0o600
    # An actor Ray restarts later does not bring back a provider that left; `start` does.
    marker = supervised_agent.left_marker(Path(env["COCOON_HOME"]))
    assert marker.exists()
    again = AgentSupervisor(env, str(log))
    time.sleep(0.5)
    assert again.status()["state"] == "left" and len(runs.read_text()) == count
    marker.unlink()
    exit_file.write_text("")
    rejoined = AgentSupervisor(env, str(log))
    _wait(lambda: rejoined.status()["pid"])
    assert rejoined.stop(grace_s=10)["state"] == "stopped"


def test_stop_terminates_the_agent_and_no_restart_follows(stand_in):
    env, _, runs, log = stand_in
    sup = AgentSupervisor(env, str(log))
    pid = _wait(lambda: sup.status()["pid"])
    _wait(runs.exists)  # the agent runs (its first line done), not just spawned
    out = sup.stop(grace_s=10)
    assert out["state"] == "stopped" and out["pid"] is None
    assert not Path(f"/proc/{pid}").exists()  # terminated and reaped
    time.sleep(1.2)
    assert runs.read_text() == "x"


def test_the_agent_dies_with_its_supervisor(tmp_path: Path, stand_in):
    """PR_SET_PDEATHSIG: the supervisor's process gone (as when Ray kills the actor), the
    agent goes too, so a restarted actor never finds a second agent."""
    env, _, _, log = stand_in
    code = (
        "import sys, time; sys.path[:0] = " + repr(sys.path) + "\n"
        "from cocoon.runtime import supervised_agent as s\n"
        f"s.AGENT_COMMAND = {supervised_agent.AGENT_COMMAND!r}\n"
        f"sup = s.AgentSupervisor({env!r}, {str(log)!r})\n"
        "while not sup.status()['pid']: time.sleep(0.05)\n"
        "print(sup.status()['pid'], flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        agent = int(proc.stdout.readline())
        assert Path(f"/proc/{agent}").exists()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _wait(lambda: not Path(f"/proc/{agent}").exists()
              or " Z " in Path(f"/proc/{agent}/stat").read_text(), timeout=10)
    finally:
        proc.kill()
        proc.wait()
