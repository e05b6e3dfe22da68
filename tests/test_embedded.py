"""`cocoon down` stops only what `cocoon up` started (Ray-free: stand-in processes)."""

from __future__ import annotations

import subprocess
import sys
import time

from cocoon.platform import embedded


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                            start_new_session=True)


def _state(gateway: int, provider: int, starts: dict[int, int]) -> embedded.NetworkState:
    return embedded.NetworkState(gateway_url="http://127.0.0.1:1", gateway_pid=gateway,
                                 provider_pid=provider, started_ms=0, home="", pid_starts=starts)


def test_stale_state_with_reused_pids_kills_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    stranger = _sleeper()  # some other program that now has the recorded pid
    try:
        embedded.run_dir().mkdir(parents=True)
        embedded.state_path().write_text(
            _state(stranger.pid, stranger.pid, {stranger.pid: 1}).model_dump_json())
        assert embedded.current() is None
        assert embedded.down() is False
        assert stranger.poll() is None  # still running
        assert not embedded.state_path().exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_down_stops_the_recorded_processes_and_their_children(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    gateway = _sleeper()
    provider = subprocess.Popen(  # a parent with a child in a session of its own, like Ray's
        [sys.executable, "-c", "import subprocess, sys, time; subprocess.Popen([sys.executable,"
         " '-c', 'import time; time.sleep(60)'], start_new_session=True); time.sleep(60)"],
        start_new_session=True)
    time.sleep(0.5)
    starts = {p.pid: embedded._start_time(p.pid) for p in (gateway, provider)}
    embedded.run_dir().mkdir(parents=True)
    embedded.state_path().write_text(
        _state(gateway.pid, provider.pid, starts).model_dump_json())
    members = embedded.network_processes({gateway.pid, provider.pid})
    assert len(members) == 3
    assert embedded.current() is not None
    assert embedded.down(timeout_s=1) is True
    gateway.wait(5)
    provider.wait(5)
    time.sleep(0.2)
    assert not [p for p in members if embedded._running(p)]
