"""The embedded network's lifecycle, tried as a user would.

Ray-free first (stand-in processes, fast): `cocoon down` after a crash finds the orphans a dead
root left in sessions of their own and stops them, and nothing else; the port probe takes a port
whose connections are in TIME_WAIT as free; `cocoon status` on a fresh home creates nothing.
Then the real thing (`ray` marker): `cocoon up --detach` as a subprocess on configured ports,
the gateway and then the agent killed with SIGKILL, `status` and `up` after each, and `down`
after a crash, asserting that no process and no listening port of the network remain. One
network for the module: each Ray start costs ~10 s here.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import REPO, TEMPLATES, free_port
from typer.testing import CliRunner

from cocoon.platform import embedded, supervisor
from cocoon.platform.embedded import LOOPBACK, NetworkState, ProviderRun
from cocoon.platform.supervisor import Proc
from cocoon.runtime.errors import CocoonError

CLI = [sys.executable, "-m", "cocoon.platform.cli.main"]


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                            start_new_session=True)


def _record(home: Path, private: Path, gateway: Proc, provider: Proc,
            run_id: str = "run1") -> NetworkState:
    state = NetworkState(run_id=run_id, home=str(home),
                         gateway_url="http://127.0.0.1:1", gateway_port=1, started_ms=0,
                         gateway=gateway, providers=[ProviderRun(
                             id="local", serve_port=2, private_dir=str(private), proc=provider)])
    embedded.run_dir().mkdir(parents=True, exist_ok=True)
    embedded.state_path().write_text(state.model_dump_json())
    return state


def _wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _gone(pids: set[int]) -> bool:
    return not [p for p in pids if supervisor.running(p)]


# -- without Ray ---------------------------------------------------------------------------------


def test_stale_state_with_reused_pids_kills_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    stranger = _sleeper()  # some other program that now has the recorded pid
    try:
        reused = Proc(pid=stranger.pid, start=1, started_ms=0)  # not the start time it has
        _record(tmp_path, tmp_path / "cocoon-gone", reused, reused)
        assert embedded.current() is None
        assert embedded.down() is False
        assert stranger.poll() is None  # still running
        assert not embedded.state_path().exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_a_record_cannot_widen_what_counts_as_the_network(tmp_path, monkeypatch):
    """Every process using the recorded private folder is stopped by `down`, and the folder is
    removed: a record naming another folder is refused (it is no network of ours)."""
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    proc = Proc(pid=1, start=1, started_ms=0)
    for wide in ("/", "/tmp", "relative/cocoon-x", "/tmp/cocoon-x/../.."):
        with pytest.raises(ValueError):
            _record(tmp_path, Path(wide), proc, proc)
    embedded.run_dir().mkdir()
    embedded.state_path().write_text('{"private_dir": "/"}')
    assert embedded.status().state == "stopped" and embedded.down() is False


# A stand-in for the agent: it leaves what a Ray cluster leaves when the agent is killed.
AGENT = r"""
import subprocess, sys, time
private = sys.argv[1]
hold = "import sys, time; f = open(sys.argv[1], 'a'); time.sleep(120)"
# like the raylet: a session of its own, a log file open in the private dir
subprocess.Popen([sys.executable, "-c", hold, private + "/raylet.out"], start_new_session=True)
# like Ray's dashboard agent: its new title overwrote its environment (no marker left)
subprocess.Popen([sys.executable, "-c", hold, private + "/agent.out"], env={},
                 start_new_session=True)
# a child with nothing but the inherited marker
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
time.sleep(120)
"""


def test_down_after_a_crash_stops_the_orphans_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    private = Path(tempfile.mkdtemp(prefix="cocoon-"))
    neighbour = Path(f"{private}x")  # another network's private dir, named alike
    neighbour.mkdir()
    strangers = [_sleeper(), subprocess.Popen(
        [sys.executable, "-c", "import sys, time; f = open(sys.argv[1], 'a'); time.sleep(120)",
         str(neighbour / "raylet.out")], start_new_session=True)]
    log = tmp_path / "out.log"
    gateway = supervisor.spawn([sys.executable, "-c", "import time; time.sleep(120)"], log,
                               dict(os.environ), "run1/gateway")
    agent = supervisor.spawn([sys.executable, "-c", AGENT, str(private)], log,
                             dict(os.environ), "run1/provider")
    try:
        state = _record(tmp_path, private, gateway, agent, run_id="run1")
        _wait_for(lambda: len(supervisor.members(state.scopes())) == 5)
        os.kill(agent.pid, signal.SIGKILL)
        _wait_for(lambda: not agent.alive())
        orphans = supervisor.members([state.scope("provider")])
        assert len(orphans) == 3 and agent.pid not in orphans
        parents = {Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1]
                   for p in orphans}
        assert str(agent.pid) not in parents  # reparented: the agent is gone
        status = embedded.status()
        assert status.state == "degraded" and status.gateway.running
        assert not status.provider.running and set(status.stray_pids) == orphans

        assert embedded.down() is True
        assert _gone(orphans | {gateway.pid})
        assert all(s.poll() is None for s in strangers)
        assert not private.exists() and not embedded.state_path().exists()
        assert embedded.status().state == "stopped"
    finally:
        for s in strangers:
            s.kill()
            s.wait()
        embedded.down()
        neighbour.joinpath("raylet.out").unlink()
        neighbour.rmdir()


def test_each_provider_is_its_own_component_and_down_stops_them_all(tmp_path, monkeypatch):
    """Two providers, each with its private folder: one crashes, leaving Ray-like orphans;
    `status` names it alone (the other runs), its orphans are its strays and not the other's
    processes; `up` asked for another provider count refuses; `down` stops all and removes
    both folders."""
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    privates = [Path(tempfile.mkdtemp(prefix="cocoon-")) for _ in range(2)]
    log = tmp_path / "out.log"
    gateway = supervisor.spawn([sys.executable, "-c", "import time; time.sleep(120)"], log,
                               dict(os.environ), "run2/gateway")
    agents = [supervisor.spawn([sys.executable, "-c", AGENT, str(private)], log,
                               dict(os.environ), f"run2/{name}")
              for private, name in zip(privates, ("provider", "provider-local-2"), strict=True)]
    runs = [ProviderRun(id=pid, serve_port=2 + i, private_dir=str(private), proc=agent)
            for i, (pid, private, agent) in enumerate(
                zip(embedded.provider_ids(2), privates, agents, strict=True))]
    state = NetworkState(run_id="run2", home=str(tmp_path), gateway_url="http://127.0.0.1:1",
                         gateway_port=1, started_ms=0, gateway=gateway, providers=runs)
    embedded.run_dir().mkdir(parents=True, exist_ok=True)
    embedded.state_path().write_text(state.model_dump_json())
    try:
        assert [r.component for r in state.providers] == ["provider", "provider-local-2"]
        _wait_for(lambda: len(supervisor.members(state.scopes())) == 9)
        first = supervisor.members([state.scope("provider")])
        os.kill(agents[1].pid, signal.SIGKILL)
        _wait_for(lambda: not agents[1].alive())
        orphans = supervisor.members([state.scope("provider-local-2")])
        assert len(orphans) == 3 and not orphans & first
        status = embedded.status()
        assert status.state == "degraded" and set(status.stray_pids) == orphans
        assert [(p.id, p.running) for p in status.providers] == [("local", True),
                                                                  ("local-2", False)]
        assert status.provider.running and not status.provider_online
        with pytest.raises(CocoonError) as refused:
            embedded.start(providers=3)
        assert refused.value.code == "conflict" and "2 provider" in refused.value.message

        assert embedded.down() is True
        assert _gone(orphans | first | {gateway.pid})
        assert not any(p.exists() for p in privates)
        assert embedded.status().state == "stopped"
    finally:
        embedded.down()


def test_a_record_from_before_several_providers_is_still_read(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    proc = {"pid": 1, "start": 1, "started_ms": 0}
    old = {"run_id": "r", "home": str(tmp_path), "gateway_url": "http://127.0.0.1:1",
           "gateway_port": 1, "serve_port": 2, "private_dir": "/tmp/cocoon-old",
           "started_ms": 0, "gateway": proc, "provider": proc}
    state = NetworkState.model_validate(old)
    assert [(p.id, p.serve_port, p.private_dir) for p in state.providers] == [
        ("local", 2, "/tmp/cocoon-old")]
    doc = json.loads(state.model_dump_json())  # what scripts read stays there
    assert (doc["provider_pid"], doc["serve_port"], doc["private_dir"]) == (
        1, 2, "/tmp/cocoon-old")
    assert embedded.provider_ids(3) == ["local", "local-2", "local-3"]


def test_the_port_probe_takes_a_port_in_time_wait_as_free():
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((LOOPBACK, 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection((LOOPBACK, port))
        accepted, _ = server.accept()
        accepted.close()  # the server closes first: its end of the connection waits in TIME_WAIT
        assert client.recv(1) == b""
        client.close()
        assert not embedded.port_free(port)  # still listening
    time.sleep(0.1)
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind((LOOPBACK, port))  # without SO_REUSEADDR the port looks taken
    assert embedded.port_free(port)  # as uvicorn sees it: free to listen on


def test_status_and_down_on_a_fresh_home_create_nothing(tmp_path, monkeypatch):
    from cocoon.platform.cli.main import app

    home = tmp_path / "never"
    monkeypatch.setenv("COCOON_HOME", str(home))
    result = CliRunner().invoke(app, ["status", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["state"] == "stopped" and doc["running"] is False
    assert doc["gateway"]["running"] is False and doc["provider"]["running"] is False
    assert "nothing was running" in CliRunner().invoke(app, ["down"]).stdout
    assert not home.exists()


def test_bootstrap_keeps_the_users_settings_but_owns_the_networks(tmp_path, monkeypatch):
    from cocoon.runtime import config

    monkeypatch.setenv("COCOON_HOME", str(tmp_path / "home"))
    config.write_section("gateway", {"fee_bps": 100, "port": 1, "host": "0.0.0.0",
                                     "database_url": "postgresql://elsewhere/db"})
    config.write_section("provider", {"num_cpus": 1.0, "ray_temp_dir": "/tmp/shared",
                                      "ray_address": "10.0.0.1:6379"})
    embedded.bootstrap(18470, 18471)
    cfg = config.read_file()
    assert cfg["gateway"]["fee_bps"] == 100 and cfg["provider"]["num_cpus"] == 1.0
    assert (cfg["gateway"]["host"], cfg["gateway"]["port"]) == (LOOPBACK, 18470)
    assert "database_url" not in cfg["gateway"]  # the ledger is the platform.db it made
    assert "ray_temp_dir" not in cfg["provider"] and "ray_address" not in cfg["provider"]
    assert cfg["provider"]["gateway_url"] == cfg["client"]["gateway_url"]
    assert _mode(tmp_path / "home") == 0o700


# -- with Ray: `cocoon up` as a user runs it ------------------------------------------------------


@dataclass
class Net:
    home: Path
    env: dict[str, str]
    gateway_port: int
    serve_port: int

    def cocoon(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([*CLI, *args], cwd=REPO, env=self.env, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL)
        if check and proc.returncode != 0:
            raise AssertionError(f"cocoon {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def status(self) -> dict:
        return json.loads(self.cocoon("status", "--json").stdout)

    def state(self) -> NetworkState:
        return NetworkState.model_validate_json((self.home / "run" / "network.json").read_text())

    def invoke_echo(self, monkeypatch, times: int = 1) -> None:
        from cocoon.platform.sdk import Client

        monkeypatch.setenv("COCOON_HOME", str(self.home))
        with Client() as client:  # a fresh client: no offers cached from before a restart
            for i in range(times):
                assert client.invoke("echo", {"i": i}).output == {"i": i}


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> Iterator[Net]:
    home = tmp_path_factory.mktemp("lifecycle") / "home"
    gateway_port, serve_port = free_port(), free_port()
    env = {**os.environ, "COCOON_HOME": str(home), "COLUMNS": "200",
           "COCOON_GATEWAY_PORT": str(gateway_port),  # the agent must follow it too
           "COCOON_PROVIDER_SERVE_PORT": str(serve_port)}
    n = Net(home, env, gateway_port, serve_port)
    try:
        assert "ready" in n.cocoon("up", "--detach").stdout
        yield n
    finally:
        n.cocoon("down", check=False)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.ray
def test_up_uses_the_configured_ports_everywhere_and_keeps_its_files_private(net, monkeypatch):
    state = net.state()
    assert (state.gateway_port, state.serve_port) == (net.gateway_port, net.serve_port)
    cfg = tomllib.loads((net.home / "config.toml").read_text())
    url = f"http://127.0.0.1:{net.gateway_port}"
    assert cfg["provider"]["gateway_url"] == cfg["client"]["gateway_url"] == url
    status = net.status()
    assert status["state"] == "running" and status["gateway_healthy"] and status["provider_online"]

    private, local = Path(state.private_dir), state.providers[0]
    for folder in (net.home, net.home / "run", net.home / "logs", private):
        assert _mode(folder) == 0o700, folder
    for file in (net.home / "config.toml", net.home / "run" / "network.json",
                 *(net.home / "logs").iterdir(), local.token_path):
        assert _mode(file) == 0o600, file
    assert list(local.ray_dir.glob("session_*"))  # Ray's temp dir lies in the private one
    raylet = next(p for p in embedded.network_processes({state.provider.pid})
                  if Path(f"/proc/{p}/comm").read_text().strip() == "raylet")
    environ = Path(f"/proc/{raylet}/environ").read_bytes().split(b"\0")
    assert f"RAY_AUTH_TOKEN_PATH={local.token_path}".encode() in environ  # not ~/.ray's

    from cocoon.platform.sdk import Client

    monkeypatch.setenv("COCOON_HOME", str(net.home))
    with Client() as client:
        out = client.deploy(TEMPLATES / "echo")
        client.wait_served(out.name, out.digest, timeout_s=120)
    net.invoke_echo(monkeypatch)


@pytest.mark.ray
def test_a_dead_gateway_is_restarted_alone_on_its_port(net, monkeypatch):
    before = net.state()
    os.kill(before.gateway.pid, signal.SIGKILL)
    _wait_for(lambda: not before.gateway.alive())
    status = net.status()
    assert status["state"] == "degraded" and status["running"] is False
    assert status["gateway"] == {"pid": before.gateway.pid, "running": False}
    assert status["provider"]["running"] and not status["gateway_healthy"]

    out = net.cocoon("up", "--detach").stdout  # right away: the old port is in TIME_WAIT
    assert "restarted the gateway" in out
    after = net.state()
    assert after.gateway.pid != before.gateway.pid and after.provider == before.provider
    assert after.gateway_url == f"http://127.0.0.1:{net.gateway_port}"
    net.invoke_echo(monkeypatch)
    assert "already running" in net.cocoon("up", "--detach").stdout


@pytest.mark.ray
def test_a_dead_agent_is_restarted_alone_and_ready_for_this_run(net, monkeypatch):
    before = net.state()
    old = embedded.network_processes({before.provider.pid})
    assert len(old) > 3
    os.kill(before.provider.pid, signal.SIGKILL)
    _wait_for(lambda: not before.provider.alive())
    status = net.status()
    assert not status["provider"]["running"] and not status["provider_online"]
    assert status["gateway"]["running"] and status["gateway_healthy"]

    out = net.cocoon("up", "--detach").stdout
    assert "restarted the provider" in out
    after = net.state()
    assert after.gateway == before.gateway and after.provider.pid != before.provider.pid
    assert _gone(old)  # what the dead agent left (Ray's processes) was stopped first
    net.invoke_echo(monkeypatch, times=3)  # ready meant ready: echo served by the new agent
    assert net.status()["state"] == "running"


@pytest.mark.ray
def test_down_after_an_agent_crash_leaves_no_process_and_no_port(net):
    state = net.state()
    members = embedded.network_processes({state.gateway.pid, state.provider.pid})
    ports = supervisor.listening_ports(members)
    assert {net.gateway_port, net.serve_port} <= ports and len(ports) > 4
    os.kill(state.provider.pid, signal.SIGKILL)
    _wait_for(lambda: not state.provider.alive())
    members |= supervisor.members(state.scopes())

    assert "stopped" in net.cocoon("down").stdout
    assert _gone(members)
    assert not supervisor.members(state.scopes())
    assert not supervisor.listening_ports(members)
    assert not supervisor.listening(net.gateway_port) and not supervisor.listening(net.serve_port)
    assert not Path(state.private_dir).exists()
    assert not (net.home / "run" / "network.json").exists()
    assert net.status()["state"] == "stopped"
    assert "nothing was running" in net.cocoon("down").stdout
