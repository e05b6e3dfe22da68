"""End to end on a real local Ray cluster: `cocoon up --detach`, deploy both templates with the
CLI, invoke through the CLI and the SDK, inspect tables, then `cocoon down` leaves nothing.

One embedded network for the whole module (a Ray cluster costs ~8 s and ~1 GiB)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from harness import REPO, TEMPLATES

pytestmark = pytest.mark.ray
CLI = [sys.executable, "-m", "cocoon.platform.cli.main"]


def cocoon(home: Path, *args: str, check: bool = True, timeout: float = 300):
    env = {**os.environ, "COCOON_HOME": str(home), "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
           "COLUMNS": "200"}
    proc = subprocess.run([*CLI, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise AssertionError(f"cocoon {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    home = tmp_path_factory.mktemp("ray-home")
    cocoon(home, "up", "--detach")
    state = json.loads((home / "run" / "network.json").read_text())
    try:
        yield home, state
    finally:
        cocoon(home, "down", check=False)


@pytest.fixture(scope="module")
def deployed(net):
    home, _ = net
    out = {}
    for name in ("echo", "embeddings"):
        proc = cocoon(home, "deploy", str(TEMPLATES / name), "--json")
        out[name] = json.loads(proc.stdout)
    return out


def test_deploy_prints_name_version_endpoint(net, deployed):
    home, state = net
    for name, out in deployed.items():
        assert out["name"] == name and out["version"] == 1
        assert out["endpoint"] == f"{state['gateway_url']}/v1/functions/{name}/invoke"
    again = json.loads(cocoon(home, "deploy", str(TEMPLATES / "echo"), "--json").stdout)
    assert again["created"] is False and again["version"] == 1
    human = cocoon(home, "deploy", str(TEMPLATES / "echo")).stdout
    assert "unchanged" in human and "echo" in human


def test_cli_invoke_prints_the_result_and_receipt(net, deployed):
    home, _ = net
    proc = cocoon(home, "invoke", "echo", "--data", '{"hello": "ray", "n": [1, 2]}')
    assert json.loads(proc.stdout) == {"hello": "ray", "n": [1, 2]}
    assert "simulated" in proc.stderr
    with_receipt = json.loads(
        cocoon(home, "invoke", "echo", "--data", '{"x": 1}', "--json").stdout)
    r = with_receipt["receipt"]["receipt"]
    assert with_receipt["output"] == {"x": 1}
    assert r["function"] == "echo" and r["provider"] == "local" and r["amount"] == 1000
    bad = cocoon(home, "invoke", "echo", "--data", "{nope", check=False)
    assert bad.returncode == 1 and "invalid_json" in bad.stderr
    missing = cocoon(home, "invoke", "nope", "--data", "{}", check=False)
    assert missing.returncode == 1 and "unknown_function" in missing.stderr


def test_embeddings_related_sentences_are_closer(net, deployed, monkeypatch):
    home, _ = net
    monkeypatch.setenv("COCOON_HOME", str(home))
    from cocoon.platform.sdk import Client

    texts = ["The cat sits on the mat.", "A kitten is resting on a rug.",
             "Quarterly revenue of the bank fell by ten percent."]
    with Client() as client:
        result = client.invoke("embeddings", {"texts": texts})
        v = result.output["vectors"]
        assert result.output["dim"] == 384 and len(v) == 3
        cos = [[sum(a * b for a, b in zip(x, y, strict=True)) for y in v] for x in v]
        assert cos[0][1] > cos[0][2] + 0.05 and cos[0][1] > cos[1][2] + 0.05
        assert result.receipt.units == 3 and result.receipt.amount == 3 * 20_000
        with pytest.raises(Exception) as exc:
            client.invoke("embeddings", {"texts": "not a list"})
        assert getattr(exc.value, "code", None) == "function_error"


def test_tables_and_json(net, deployed):
    home, _ = net
    functions = json.loads(cocoon(home, "functions", "--json").stdout)
    assert {f["name"] for f in functions} >= {"echo", "embeddings"}
    assert all(any(p["state"] == "ready" for p in f["placements"]) for f in functions)
    providers = json.loads(cocoon(home, "providers", "--json").stdout)
    assert providers[0]["id"] == "local" and providers[0]["simulated"] is True
    usage = json.loads(cocoon(home, "usage", "--json").stdout)
    assert {s["function"] for s in usage["summary"]} >= {"echo"}
    assert usage["account"]["charged"] == sum(int(s["amount"]) for s in usage["summary"])
    for command in ("functions", "providers", "usage"):
        text = cocoon(home, command).stdout
        assert "echo" in text or "local" in text


def test_ray_stays_on_loopback_and_payload_stays_out_of_logs(net, deployed, monkeypatch):
    home, state = net
    monkeypatch.setenv("COCOON_HOME", str(home))
    from cocoon.platform.sdk import Client

    canary = "canary-" + os.urandom(10).hex()
    with Client() as client:
        assert client.invoke("echo", {"c": canary}).output == {"c": canary}
    from cocoon.platform.embedded import network_processes

    ours = network_processes({state["provider_pid"], state["gateway_pid"]})
    replicas = [p for p in ours if "ServeRepli" in Path(f"/proc/{p}/comm").read_text()]
    assert len(replicas) >= 2  # echo and embeddings
    listening = subprocess.run(["ss", "-Htlnp"], capture_output=True, text=True).stdout
    exposed, checked = [], 0
    for line in listening.splitlines():
        local = line.split()[3]
        pids = {int(p) for p in re.findall(r"pid=(\d+)", line)}
        if pids & ours:
            checked += 1
            if not re.match(r"^(127\.|\[::ffff:127\.|\[::1\])", local):
                exposed.append(line)
    assert checked >= 5  # gateway, Serve proxy, replicas, GCS, raylet...
    assert any(f"pid={p}," in listening for p in replicas)  # the replicas' gRPC servers
    assert not exposed, "listening beyond loopback:\n" + "\n".join(exposed)
    needle = canary.encode()
    for path in [*(home / "logs").iterdir(), *home.glob("platform.db*")]:
        assert needle not in path.read_bytes(), path


def test_replays_are_refused_across_replicas(net, deployed, tmp_path, monkeypatch):
    """A version with two replicas shares one replay ledger: the same envelope sent twice
    straight to the provider (with the platform's authorisation, signed here with the
    gateway's key) is refused the second time, whichever replica gets it."""
    import shutil
    import time

    import httpx

    from cocoon.platform.gateway.authority import load_authority
    from cocoon.platform.sdk import Client
    from cocoon.runtime.authorisation import authorise
    from cocoon.runtime.envelope import seal_request
    from cocoon.runtime.hosting import route_for
    from cocoon.runtime.wire import AUTHORISATION_HEADER, RoutingHeader

    home, _ = net
    monkeypatch.setenv("COCOON_HOME", str(home))
    authority = load_authority(home)
    folder = tmp_path / "echo2"
    shutil.copytree(TEMPLATES / "echo", folder)
    (folder / "cocoon.toml").write_text(
        'name = "echo2"\n[resources]\ncpus = 0.1\nmin_replicas = 2\nmax_replicas = 2\n'
        '[pricing]\nunit_price = 1000\n')
    cocoon(home, "deploy", str(folder), "--json")
    with Client() as client, httpx.Client(trust_env=False) as http:
        detail, offers = client.offers("echo2", refresh=True)
        offer = offers[0].offer
        url = client.providers()[0].endpoint + route_for(detail.digest)
        for _ in range(6):
            header = RoutingHeader(function="echo2", version=detail.version,
                                   digest=detail.digest, client=client.account().id,
                                   max_price=1000, request_id=os.urandom(16).hex(),
                                   timestamp_ms=int(time.time() * 1000))
            envelope, _ = seal_request(header, b"{}", offer.recipients())
            auth = {AUTHORISATION_HEADER: authorise(authority, header, offer.provider,
                                                         unit_price=offer.unit_price)}
            assert http.post(url, content=envelope, headers=auth).status_code == 200
            again = http.post(url, content=envelope, headers=auth)
            assert again.status_code == 409 and again.json()["error"]["code"] == "replayed_request"


def test_replica_keys_stay_in_their_replicas(net, deployed, tmp_path, monkeypatch):
    """Keys born where they are used, on Ray: a hostile function (no ``memory_mb``: its worker
    process all the same, see runtime/isolation.py) searches its process for echo's private
    keys and finds none; and no private key of echo's replicas is in Ray's GCS key-value store
    (Serve's checkpoints, with deployment init args), or in any file under COCOON_HOME or the
    run's private folder (Ray's temp dir and sessions, the provider's TMPDIR)."""
    import shutil

    from cocoon.platform.sdk import Client

    home, state = net
    monkeypatch.setenv("COCOON_HOME", str(home))
    folder = tmp_path / "hostile"
    shutil.copytree(REPO / "tests" / "fixtures" / "hostile", folder)
    toml = (folder / "cocoon.toml").read_text()
    (folder / "cocoon.toml").write_text(re.sub(r"(?m)^memory_mb.*$", "", toml))
    cocoon(home, "deploy", str(folder), "--json")
    with Client() as client:
        detail = client.describe("hostile")
        client.wait_served("hostile", detail.digest, timeout_s=240)
        _, [echo] = client.offers("echo", refresh=True)
        result = client.invoke("hostile", {
            "hpke_public": [k.hpke_public for k in echo.offer.keys],
            "signing_public": [k.signing_public for k in echo.offer.keys]}).output
    assert result["found"] == [] and result["objects"] > 10_000, result

    private = Path(state["private_dir"])
    env = {**os.environ, "RAY_AUTH_MODE": "token",
           "RAY_AUTH_TOKEN_PATH": str(private / "ray_token"),
           "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
    env.pop("RAY_ADDRESS", None)
    address = gcs_address(private / "ray")
    from cocoon.platform.gateway.authority import load_authority, public_hex

    control = public_hex(load_authority(home))  # in every HostSpec, i.e. in the init args
    proc = subprocess.run([sys.executable, str(REPO / "tests" / "ray_keys_probe.py"), address,
                           "echo-v", control, str(home), str(private)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    probe = json.loads(proc.stdout.strip().splitlines()[-1])
    print("probe:", probe)
    assert probe["replicas"] >= 1 and probe["keys"] >= 2  # the pair of each replica
    assert probe["kv_keys"] > 10 and probe["files"] > 10, probe
    assert probe["serve_kv"] >= 1 and probe["control_in_kv"], probe  # init args were read
    assert probe["kv_hits"] == [] and probe["file_hits"] == [], probe


def test_a_function_has_no_way_to_ray_or_its_replica(net, deployed, monkeypatch):
    """Function code never runs where keys are, on Ray: the hostile function (in its worker,
    another uid) tries ``ray.init`` (auto, and the cluster's GCS address given to it) then
    ``get_actor`` + ``__ray_call__`` on echo's replica, its replica's /proc environ/maps/mem,
    ptrace, the run's Ray token file (path given to it) and any token under /tmp or ~/.ray:
    it reaches nothing. The same probe from the agent's side (root, the cluster's token) runs
    code in echo's replica through Ray and reads the replica's memory and the token."""
    from test_keys import REACH, reach_control

    from cocoon.platform.sdk import Client

    home, state = net
    monkeypatch.setenv("COCOON_HOME", str(home))
    private = Path(state["private_dir"])
    address = gcs_address(private / "ray")
    token = private / "ray_token"
    cocoon(home, "deploy", str(REACH), "--json")
    with Client() as client:
        client.wait_served("reach", client.describe("reach").digest, timeout_s=240)
        result = client.invoke("reach", {"addresses": [address], "app": "echo-v",
                                         "paths": [str(token)], "ray_timeout_s": 40},
                               ).output
    print("function:", result)
    assert result["reached"] == [], result
    replica = result["target_pid"]
    assert "ServeRepli" in Path(f"/proc/{replica}/comm").read_text()  # its parent: a replica
    assert result["uid"] != 0 and f"ray.init({address})" in result["tried"]
    assert {f"/proc/{replica}/mem", f"ptrace {replica}", f"read {token}"} <= set(result["tried"])
    env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token),
           "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
    env.pop("RAY_ADDRESS", None)
    control = reach_control(replica, [str(token)], [address], "echo-v", env)
    print("control:", control)
    assert {f"ray.init({address})", f"/proc/{replica}/mem", f"read {token}"} <= set(
        control["reached"]), control
    assert '"ran_in_replica_pid"' in control["tried"][f"ray.init({address})"], control


def gcs_address(ray_dir: Path) -> str:
    """The GCS address of the cluster whose temp dir is ``ray_dir`` (Ray records the port it
    picked in the session folder)."""
    ports = sorted(ray_dir.glob("session_latest/gcs_server_port_*"))
    assert ports, f"no GCS port recorded under {ray_dir}"
    return f"127.0.0.1:{ports[0].read_text().strip()}"


def test_a_restarted_replica_has_new_keys_and_an_old_offer_is_refreshed(net, deployed,
                                                                       monkeypatch):
    """Keys rotate on restart: echo's replica is killed (as a crash would), Serve starts a new
    one with new keys, the agent reports them; a client still holding the old offer gets
    `stale_offer`, refreshes its offers and is served, charged once."""
    import time

    from cocoon.platform.sdk import Client

    home, state = net
    monkeypatch.setenv("COCOON_HOME", str(home))
    private = Path(state["private_dir"])
    env = {**os.environ, "RAY_AUTH_MODE": "token",
           "RAY_AUTH_TOKEN_PATH": str(private / "ray_token"),
           "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
    env.pop("RAY_ADDRESS", None)
    with Client() as holder, Client() as watcher:
        detail, [old] = holder.offers("echo", refresh=True)
        old_ids = {k.key_id for k in old.offer.keys}
        proc = subprocess.run([sys.executable, str(REPO / "tests" / "ray_kill_replica.py"),
                               gcs_address(private / "ray"), "echo-v"], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0 and proc.stdout.strip().endswith("1"), proc.stderr[-2000:]
        deadline = time.monotonic() + 120
        while True:
            _, offers = watcher.offers("echo", refresh=True)
            ids = {k.key_id for v in offers for k in v.offer.keys}
            if ids and ids.isdisjoint(old_ids):
                break
            assert time.monotonic() < deadline, "the restarted replica's keys never came"
            time.sleep(0.5)
        holder._functions["echo"] = (time.monotonic() + 60, detail, [old])  # still held
        charged = holder.account().charged
        result = holder.invoke("echo", {"after": "restart"})
        assert result.output == {"after": "restart"}
        assert {k.key_id for k in result.provider.offer.keys} == ids
        assert holder.account().charged == charged + 1000


def test_a_stream_flows_through_ray_serve_item_by_item(net, deployed, monkeypatch):
    """tests/fixtures/counter on Ray Serve, streamed through the gateway: the first item
    reaches the client while the function still waits (for a file the test creates only
    then), so Serve's proxy and the replica pass each chunk on as it is yielded."""
    import shutil
    import tempfile

    from cocoon.platform.sdk import Client

    home, _ = net
    monkeypatch.setenv("COCOON_HOME", str(home))
    cocoon(home, "deploy", str(REPO / "tests" / "fixtures" / "counter"), "--json")
    folder = Path(tempfile.mkdtemp(prefix="cocoon-stream-"))
    folder.chmod(0o777)  # the function's worker runs as a uid of its own
    try:
        flag = folder / "go"
        with Client() as client, client.stream("counter", {"n": 3, "wait_for": str(flag)}) as s:
            items = iter(s)
            assert next(items)["i"] == 0
            assert not flag.exists()
            flag.touch()
            assert list(items) == [{"i": 1, "seen": True}, {"i": 2, "seen": True}]
        assert s.receipt is not None and (s.receipt.units, s.receipt.outcome) == (3, "ok")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_down_leaves_no_process_behind(net, deployed):
    from cocoon.platform.embedded import network_processes

    home, state = net
    roots = {state["provider_pid"], state["gateway_pid"]}
    running = network_processes(roots)
    names = {Path(f"/proc/{p}/comm").read_text().strip() for p in running}
    assert {"raylet", "gcs_server"} <= names and any("Serve" in n for n in names)
    out = cocoon(home, "down").stdout
    assert "stopped" in out
    left = [p for p in running if Path(f"/proc/{p}").exists()
            and "Z" not in (Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0])]
    assert left == []
    assert not (home / "run" / "network.json").exists()
    assert "nothing was running" in cocoon(home, "down").stdout
    status = json.loads(cocoon(home, "status", "--json").stdout)
    assert status["running"] is False


def test_foreground_up_stops_everything_on_interrupt(tmp_path):
    """`cocoon up` without --detach runs until interrupted, then leaves nothing behind (run
    after the module's network is down: it brings up one of its own)."""
    import signal
    import time

    from cocoon.platform.embedded import network_processes

    home = tmp_path / "fg-home"
    env = {**os.environ, "COCOON_HOME": str(home), "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
    proc = subprocess.Popen([*CLI, "up"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        for line in proc.stdout:
            if "running in the foreground" in line:
                break
            assert time.monotonic() < deadline
        state = json.loads((home / "run" / "network.json").read_text())
        running = network_processes({state["provider_pid"], state["gateway_pid"]})
        assert len(running) > 3
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        time.sleep(0.5)
        assert not [p for p in running if Path(f"/proc/{p}").exists()
                    and "Z" not in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1][:3]]
    finally:
        if proc.poll() is None:
            proc.kill()
        cocoon(home, "down", check=False)

