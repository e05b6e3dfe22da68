"""Nothing a function writes outside its result reaches a plain log, and everything Cocoon
writes is private to its user.

A function that prints, writes to stderr, logs, warns and raises with a canary from its payload
(and, in a worker process of its own, writes to file descriptors 1 and 2) is invoked through
the real gateway and provider; the canary then shows up in no file under COCOON_HOME, no
captured output or log record of this process, no byte between gateway and provider (a TCP
relay records them), and the client reads the exception's message only by opening the sealed
response. The Ray path has the same test on a real cluster (marker ``ray``), which also
searches Ray's session logs and checks the modes of what the embedded network writes."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from harness import REPO, free_port, running_network
from tcp_recorder import TcpRecorder

from cocoon.runtime.backends import InProcessBackend
from cocoon.runtime.errors import CocoonError

LOUD = '''
import logging
import os
import sys
import threading

from cocoon.runtime import function

log = logging.getLogger(__name__)
print("import-time output")


@function
def loud(payload):
    c = payload["canary"]
    print("print", c)
    print("print to stderr", c, file=sys.stderr)
    sys.stderr.write("stderr " + c + "\\n")
    sys.stdout.buffer.write(("buffer " + c + "\\n").encode())
    logging.warning("root logger %s", c)
    log.error("module logger %s", c)
    if payload.get("fds"):  # only where the function has a process of its own
        os.write(1, ("fd1 " + c + "\\n").encode())
        os.write(2, ("fd2 " + c + "\\n").encode())
        t = threading.Thread(target=lambda: print("thread", c), daemon=True)
        t.start()
        t.join()
    if payload.get("raise"):
        raise ValueError("raised " + c)
    return {"ok": True}
'''


def loud_folder(root: Path, name: str, memory_mb: int | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(LOUD)
    resources = f"cpus = 0.1\nmemory_mb = {memory_mb}\n" if memory_mb else "cpus = 0.1\n"
    (folder / "cocoon.toml").write_text(
        f'name = "{name}"\n[resources]\n{resources}[pricing]\nunit_price = 1000\n')
    return folder


def canary() -> str:
    return "canary-" + os.urandom(12).hex()


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]


def assert_nowhere(needle: str, *roots: Path) -> int:
    """The canary in no file under ``roots``; returns how many files were searched."""
    searched = 0
    for root in roots:
        for path in files_under(root):
            with open(path, "rb") as f:
                assert needle.encode() not in f.read(), f"canary in {path}"
            searched += 1
    return searched


# -- the Ray-free network ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def loud_net(tmp_path_factory):
    home = tmp_path_factory.mktemp("hygiene-home")
    backend_port = free_port()
    recorder = TcpRecorder(backend_port)
    try:
        with running_network(home, backend=InProcessBackend(port=backend_port),
                             endpoint=recorder.url) as net:
            code = tmp_path_factory.mktemp("loud-code")
            net.deploy_and_wait(loud_folder(code, "loud"))
            net.deploy_and_wait(loud_folder(code, "loudproc", memory_mb=256))
            yield net, recorder
    finally:
        recorder.close()


@pytest.mark.parametrize("name", ["loud", "loudproc"])
def test_function_output_and_exceptions_reach_no_plain_log(loud_net, name, capfd, caplog):
    net, recorder = loud_net
    caplog.set_level(logging.DEBUG)
    secret = canary()
    client = net.client()
    payload = {"canary": secret, "fds": name == "loudproc"}
    assert client.invoke(name, payload).output == {"ok": True}
    with pytest.raises(CocoonError) as raised:
        client.invoke(name, {**payload, "raise": True})
    # the client, and only the client, reads the message: it was in the sealed response
    assert raised.value.code == "function_error"
    assert f"ValueError: raised {secret}" in raised.value.message
    out, err = capfd.readouterr()
    assert secret not in out and secret not in err
    assert "import-time output" not in out
    assert not [r for r in caplog.records if secret in r.getMessage()]
    assert caplog.records  # this process did log (urllib3, the runtime): not vacuous
    if name == "loud":  # the replica logs the error's type only (loudproc: in its worker)
        assert any("function loud raised ValueError" in r.getMessage() for r in caplog.records)
    assert assert_nowhere(secret, net.home) > 0
    assert secret.encode() not in bytes(recorder.sent) + bytes(recorder.received)
    assert b"CCR1" in recorder.received  # the relay did carry the responses


def test_placement_detail_is_shown_to_the_owner_only(loud_net, tmp_path):
    """A version whose import fails: its owner reads why; another account sees the failed
    state, not the text (which quotes the owner's code)."""
    net, _ = loud_net
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "main.py").write_text('raise RuntimeError("owner-secret-detail")\n')
    (folder / "cocoon.toml").write_text('name = "broken"\n[pricing]\nunit_price = 1000\n')
    client = net.client()
    out = client.deploy(folder)
    from cocoon.platform.db import Database
    from cocoon.platform.registry import Registry

    registry = Registry(Database(net.database))
    stranger = registry.create_key(registry.create_account("stranger"), "client")

    def placement(key: str | None) -> dict:
        with net.http(key) as http:
            for _ in range(400):
                listed = {f["name"]: f for f in http.get("/v1/functions").json()}
                placed = listed["broken"]["placements"]
                if placed and placed[0]["state"] == "failed":
                    described = http.get("/v1/functions/broken").json()["placements"][0]
                    assert described == placed[0]
                    return placed[0]
                import time

                time.sleep(0.05)
        raise AssertionError("the broken version was never reported failed")

    assert out.name == "broken"
    assert "owner-secret-detail" in placement("client")["detail"]
    seen = placement(stranger)
    assert seen["state"] == "failed" and seen["detail"] == ""


def test_worker_process_output_goes_nowhere(tmp_path):
    """The function's worker process (memory_mb): nothing it writes, on any descriptor,
    reaches the replica's own stdout or stderr."""
    from cocoon.runtime.isolation import ProcessRunner

    folder = loud_folder(tmp_path, "w", memory_mb=256)
    secret = canary()
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from cocoon.runtime.isolation import ProcessRunner\n"
        f"r = ProcessRunner(Path({str(folder)!r}), 'main', max_units=1, timeout_s=30, "
        "memory_mb=256, name='w')\n"
        f"print(r.run(json.dumps({{'canary': {secret!r}, 'fds': True, 'raise': True}})"
        ".encode())[0])\n"
        "r.close()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "error"
    assert secret not in proc.stdout + proc.stderr
    assert ProcessRunner  # imported in this process too: the module loads without Ray


# -- the Ray path ------------------------------------------------------------------------------


CLI = [sys.executable, "-m", "cocoon.platform.cli.main"]


def cocoon(home: Path, *args: str, check: bool = True):
    env = {**os.environ, "COCOON_HOME": str(home), "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
    proc = subprocess.run([*CLI, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise AssertionError(f"cocoon {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def private_modes(root: Path) -> list[str]:
    """Files and folders under ``root`` that another user could read (or, for folders, enter)
    on their own: Ray makes its folders 0777, so a folder counts as private when it or a folder
    above it (up to ``root``, 0700) keeps others out."""
    loose = []
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077 and not _behind_private(path, root):
            loose.append(f"{oct(mode)} {path}")
    return loose


def _behind_private(path: Path, root: Path) -> bool:
    for parent in [p for p in path.parents if p == root or root in p.parents]:
        if not stat.S_IMODE(parent.stat().st_mode) & 0o077:
            return True
    return False


@pytest.mark.ray
def test_ray_replicas_leave_no_function_output_and_down_removes_everything(tmp_path):
    home = tmp_path / "home"
    cocoon(home, "up", "--detach")
    state = json.loads((home / "run" / "network.json").read_text())
    private = Path(state["private_dir"])
    try:
        code = tmp_path / "code"
        digests = {name: json.loads(cocoon(home, "deploy", str(loud_folder(code, name, memory)),
                                           "--json").stdout)["digest"]
                   for name, memory in (("loud", None), ("loudproc", 256))}
        secret = canary()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("COCOON_HOME", str(home))
            from cocoon.platform.sdk import Client

            with Client() as client:
                for name in ("loud", "loudproc"):
                    client.wait_served(name, digests[name], timeout_s=180)
                    payload = {"canary": secret, "fds": True}
                    assert client.invoke(name, payload).output == {"ok": True}
                    with pytest.raises(CocoonError) as raised:
                        client.invoke(name, {**payload, "raise": True})
                    assert f"raised {secret}" in raised.value.message
                # an error body the gateway sees in plaintext carries a code, never the text
                with httpx.Client(trust_env=False) as http:
                    bad = http.post(f"{state['gateway_url']}/v1/functions/loud/invoke",
                                    content=secret.encode(),
                                    headers={"authorization": f"Bearer {client.api_key}"})
                assert 400 <= bad.status_code < 500 and secret not in bad.text
                assert bad.json()["error"]["code"]
        # the unpacked bundles live in their workers' folders (runtime/isolation.py, Sandbox),
        # in the run's private TMPDIR, 0700 (as root owned by the worker's own uid): gone with it
        bundles = list((private / "tmp").glob("cocoon-loud*"))
        assert {p.name.rsplit("-", 1)[0] for p in bundles} >= {"cocoon-loud", "cocoon-loudproc"}
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in bundles)
        ray_dir = private / "ray"
        sessions = list(ray_dir.glob("session_*/logs"))
        assert sessions and any(p.name.startswith("worker-") for p in sessions[0].iterdir())
        searched = assert_nowhere(secret, home, private)
        assert searched > 20  # Ray's logs were there to search
        # everything Cocoon and its Ray cluster wrote is private to this user
        assert stat.S_IMODE(private.stat().st_mode) == 0o700
        assert stat.S_IMODE((private / "ray_token").stat().st_mode) == 0o600
        assert not private_modes(home), private_modes(home)
        assert not private_modes(private), private_modes(private)
    finally:
        cocoon(home, "down", check=False)
    assert not private.exists()  # Ray's logs, its token: gone with the network
    assert not [p for p in bundles if p.exists()]
    assert not (home / "run" / "network.json").exists()


def test_everything_the_embedded_network_writes_is_private(tmp_path, monkeypatch):
    """COCOON_HOME, its config, database, logs and run record: 0700 folders, 0600 files
    (without Ray: the gateway and a provider of the harness write the same files)."""
    home = tmp_path / "private-home"
    with running_network(home):
        pass
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert not private_modes(home), private_modes(home)


def test_a_cluster_the_agent_starts_gets_a_private_folder_and_token(monkeypatch):
    from cocoon.runtime.raydir import PrivateCluster

    for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    cluster = PrivateCluster.create()
    assert stat.S_IMODE(cluster.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(cluster.token_path.stat().st_mode) == 0o600
    assert len(cluster.token_path.read_text()) == 64
    assert os.environ["RAY_AUTH_TOKEN_PATH"] == str(cluster.token_path)
    assert cluster.temp_dir.parent == cluster.root
    other = PrivateCluster.create()  # the token set up for another cluster is left alone
    assert os.environ["RAY_AUTH_TOKEN_PATH"] == str(cluster.token_path)
    assert cluster.token_path.read_text() != other.token_path.read_text()
    other.remove()
    cluster.remove()
    assert not cluster.root.exists() and not other.root.exists()
    assert "RAY_AUTH_TOKEN_PATH" not in os.environ


@pytest.mark.ray
def test_the_agents_own_ray_cluster_lives_in_its_private_folder(tmp_path, monkeypatch):
    """Without ray_temp_dir, the agent's cluster keeps its session and token in a folder of
    its own (not /tmp/ray, not ~/.ray/auth_token), removed when it stops."""
    from cocoon.runtime.agent import AgentSettings
    from cocoon.runtime.backends import RayServeBackend

    for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "RAY_ADDRESS"):
        monkeypatch.setenv(name, "")  # restored (to unset) after the test: Ray sets some
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    backend = RayServeBackend(AgentSettings(serve_port=free_port(), num_cpus=1))
    try:
        backend.start()
        assert backend.private is not None
        root = backend.private.root
        assert list(backend.private.temp_dir.glob("session_*/logs/*"))
        assert os.environ["RAY_AUTH_MODE"] == "token"  # with this cluster's own token
        assert os.environ["RAY_AUTH_TOKEN_PATH"] == str(backend.private.token_path)
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
        assert not private_modes(root), private_modes(root)
        assert not (tmp_path / ".ray" / "auth_token").exists()
    finally:
        backend.stop()
    assert not root.exists()
