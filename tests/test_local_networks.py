"""Several providers on one machine, each on its own real Ray cluster, as a user runs them.

`cocoon up --providers 2`: two agents (`local`, `local-2`), each with its own Ray cluster (own
private folder, GCS, Serve port), every listener of the network on loopback, both online and
both serving echo (a live price change makes each in turn the cheapest: a client sealing to one
provider only is served by it), then `cocoon down` leaves no process and no folder.
`cocoon provider join --detach` against a running gateway (the harness's, Ray-free): the agent
starts its own cluster, registers, waits for the operator's approval (said so), serves, and
`cocoon provider leave` drains it and stops it; in the foreground, Ctrl-C stops the agent and
its cluster. Each Ray cluster costs ~8 s and ~1 GiB: three tests, four clusters."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness import REPO, TEMPLATES, running_network

from cocoon.platform import supervisor
from cocoon.platform.embedded import NetworkState

pytestmark = pytest.mark.ray
CLI = [sys.executable, "-m", "cocoon.platform.cli.main"]
LOOPBACK = re.compile(r"^(127\.|\[::ffff:127\.|\[::1\])")


def cocoon(home: Path, *args: str, check: bool = True, timeout: float = 300):
    env = {**os.environ, "COCOON_HOME": str(home), "COLUMNS": "200"}
    env.pop("COCOON_PROVIDER_TOKEN", None)
    proc = subprocess.run([*CLI, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise AssertionError(f"cocoon {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


def _served_by(home: Path, monkeypatch) -> str:
    """Which provider serves echo to a client that seals to the cheapest provider only."""
    from cocoon.platform.sdk import Client

    monkeypatch.setenv("COCOON_HOME", str(home))
    monkeypatch.setenv("COCOON_CLIENT_MAX_PROVIDERS", "1")
    with Client() as client:  # fresh: offers at today's prices
        result = client.invoke("echo", {"n": 1})
    assert result.output == {"n": 1}
    return result.receipt.provider


def _ready_on(home: Path, name: str) -> set[str]:
    functions = json.loads(cocoon(home, "functions", "--json").stdout)
    f = next((f for f in functions if f["name"] == name), None)
    return {p["provider"] for p in (f or {}).get("placements", [])
            if p["state"] in ("ready", "idle")}


def _exposed(pids: set[int]) -> tuple[int, list[str]]:
    """(how many listeners these processes have, those not on loopback) as `ss` sees them."""
    listing = subprocess.run(["ss", "-Htlnp"], capture_output=True, text=True,
                             check=True).stdout
    checked, exposed = 0, []
    for line in listing.splitlines():
        if {int(p) for p in re.findall(r"pid=(\d+)", line)} & pids:
            checked += 1
            if not LOOPBACK.match(line.split()[3]):
                exposed.append(line)
    return checked, exposed


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def test_up_with_two_providers_each_on_its_own_ray_cluster(tmp_path, monkeypatch):
    home = tmp_path / "home"
    try:
        out = cocoon(home, "up", "--providers", "2", "--detach").stdout
        assert "ready" in out and "local-2" in out
        state = NetworkState.model_validate_json((home / "run" / "network.json").read_text())
        assert [p.id for p in state.providers] == ["local", "local-2"]
        status = json.loads(cocoon(home, "status", "--json").stdout)
        assert status["state"] == "running" and status["provider_online"]
        assert [(p["id"], p["running"], p["online"]) for p in status["providers"]] == [
            ("local", True, True), ("local-2", True, True)]
        text = cocoon(home, "status").stdout
        assert "provider local " in text and "provider local-2" in text

        # two clusters: each its own folder, token, GCS and Serve port
        gcs, members = {}, set()
        for run in state.providers:
            mine = supervisor.members([state.scope(run.component)])
            members |= mine
            servers = [p for p in mine if _comm(p) == "gcs_server"]
            assert len(servers) == 1, run.id
            gcs[run.id] = supervisor.listening_ports(set(servers))
            assert run.serve_port in supervisor.listening_ports(mine)
            cmdline = Path(f"/proc/{servers[0]}/cmdline").read_bytes().decode()
            assert run.private_dir in cmdline
            assert (Path(run.private_dir) / "ray_token").is_file()
        assert gcs["local"] and gcs["local-2"] and not gcs["local"] & gcs["local-2"]
        assert len({run.private_dir for run in state.providers}) == 2
        members |= supervisor.members(state.scopes())

        cocoon(home, "deploy", str(TEMPLATES / "echo"))
        _wait_for(lambda: _ready_on(home, "echo") == {"local", "local-2"}, 180,
                  "echo ready on both providers")
        listed = json.loads(cocoon(home, "providers", "--json").stdout)
        assert {p["id"] for p in listed if p["online"]} == {"local", "local-2"}
        cocoon(home, "provider", "price", "local-2", "0.5")
        assert _served_by(home, monkeypatch) == "local-2"
        cocoon(home, "provider", "price", "local", "0.25")
        assert _served_by(home, monkeypatch) == "local"

        members |= supervisor.members(state.scopes())  # the replicas too
        checked, exposed = _exposed(members)
        assert checked >= 8  # gateway, 2 x (Serve proxy, GCS, raylet, ...), replicas
        assert not exposed, "listening beyond loopback:\n" + "\n".join(exposed)

        # one provider dies: `up` restarts it alone (its cluster anew), the other untouched
        second = state.providers[1]
        os.kill(second.proc.pid, signal.SIGKILL)
        _wait_for(lambda: not second.proc.alive(), 10, "the agent to die")
        status = json.loads(cocoon(home, "status", "--json").stdout)
        assert status["state"] == "degraded"
        assert [p["online"] for p in status["providers"]] == [True, False]
        assert "restarted the provider-local-2" in cocoon(home, "up", "--detach").stdout
        after = NetworkState.model_validate_json((home / "run" / "network.json").read_text())
        assert after.providers[0] == state.providers[0] and after.gateway == state.gateway
        assert after.providers[1].proc.pid != second.proc.pid
        assert after.providers[1].serve_port == second.serve_port
        _wait_for(lambda: _ready_on(home, "echo") == {"local", "local-2"}, 180,
                  "echo ready again on local-2")
        cocoon(home, "provider", "price", "local", "2")  # local-2 registered again at x1
        assert _served_by(home, monkeypatch) == "local-2"
        members |= supervisor.members(after.scopes())
    finally:
        cocoon(home, "down", check=False)
    assert not [p for p in members if supervisor.running(p)]
    assert not any(Path(run.private_dir).exists() for run in state.providers)
    assert json.loads(cocoon(home, "status", "--json").stdout)["state"] == "stopped"


def test_join_detached_registers_serves_and_leaves(tmp_path, monkeypatch):
    """Against the harness's gateway (and its in-process provider `local`)."""
    from cocoon.platform.cli import provider_agent

    home = tmp_path / "home"
    with running_network(home) as net:
        with net.http() as http:
            key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
        monkeypatch.setenv("COCOON_HOME", str(home))
        agent = None
        try:
            joined = cocoon(home, "provider", "join", "--gateway", net.gateway_url, "--token",
                            key, "--id", "joiner", "--price-multiplier", "0.5", "--detach",
                            "--json")
            doc = json.loads(joined.stdout)
            assert doc["state"] == "awaiting_approval"  # not pre-approved: said so
            assert key not in joined.stdout + joined.stderr
            agent = provider_agent.detached("joiner")
            assert agent is not None and agent.proc.pid == doc["pid"] and agent.proc.alive()
            assert agent.private_dir and Path(agent.private_dir).is_dir()

            cocoon(home, "provider", "approve", "joiner")
            _wait_for(lambda: "joiner" in _ready_on(home, "echo"), 180, "echo on joiner")
            assert _served_by(home, monkeypatch) == "joiner"  # the cheaper one, x0.5
            members = supervisor.members([agent.scope()])
            assert any(_comm(p) == "raylet" for p in members)
            checked, exposed = _exposed(members)
            assert checked >= 3 and not exposed, exposed

            left = json.loads(cocoon(home, "provider", "leave", "joiner", "--token", key,
                                     "--json").stdout)
            assert left["id"] == "joiner" and left["agent_stopped"] is True
            assert not [p for p in members if supervisor.running(p)]
            assert not Path(agent.private_dir).exists()
            assert provider_agent.detached("joiner") is None
            listed = json.loads(cocoon(home, "provider", "list", "--json").stdout)
            gone = next(p for p in listed if p["id"] == "joiner")
            assert gone["state"] == "left" and not gone["online"]
            assert _served_by(home, monkeypatch) == "local"  # its functions went elsewhere
        finally:
            if agent is not None:
                provider_agent.stop_detached(agent)


def test_join_in_the_foreground_stops_cleanly_on_ctrl_c(tmp_path):
    """The agent runs in the command's own process, says it awaits approval, and Ctrl-C
    (SIGINT) stops it and its Ray cluster: exit status 0, none of its processes left."""
    home = tmp_path / "home"
    with running_network(home) as net:
        with net.http() as http:
            key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
        out = tmp_path / "join.out"
        env = {**os.environ, "COCOON_HOME": str(home), "COCOON_PROVIDER_TOKEN": key}
        with out.open("wb") as sink:
            proc = subprocess.Popen([*CLI, "provider", "join", "--gateway", net.gateway_url,
                                     "--id", "fg"], cwd=REPO, env=env, stdout=sink,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        try:
            _wait_for(lambda: "awaits an operator's approval" in out.read_text()
                      or proc.poll() is not None, 120, "the agent to register")
            assert proc.poll() is None, out.read_text()
            root = supervisor.Proc(pid=proc.pid, start=supervisor.start_time(proc.pid) or 0,
                                   started_ms=0)
            started = supervisor.members([supervisor.Scope(root=root, marker="fg/none")])
            assert any(_comm(p) == "raylet" for p in started)
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=60) == 0, out.read_text()
            _wait_for(lambda: not [p for p in started if supervisor.running(p)], 30,
                      "its Ray cluster to stop")
            assert key not in out.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
