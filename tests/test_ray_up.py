"""`ray up ray-cluster.yaml` really starts a provider, proved with Ray's own cluster launcher.

Ray's local node provider reaches "the head VM" over SSH. Here that VM is this machine: a
test-owned sshd (Debian's openssh-server; `make test` installs it) on 127.0.0.1 and a free
port, with its own host key, authorized key and config in a temporary folder, run as
`sshd -D` in a PID namespace of its own (`unshare --pid --mount-proc`). That namespace is the
VM's process table: `ray stop`, which `ray-cluster.yaml` and `ray down` run and which kills
every Ray process it can see, sees only this node's processes, and ending sshd ends them all.
The node's `HOME` and `TMPDIR` are test folders too (sshd's `SetEnv`), so `~` on "the VM" is
not this machine's root home.

The cluster file is a copy of ray-cluster.yaml changed only in addresses, ports, user, key
and cluster name (plus `auth.ssh_proxy_command`, tests/ssh_proxy.py, to reach the port); the
node's settings come from its environment as the file documents (`COCOON_NODE_IP`, and, to
stay fast and offline, `COCOON_PYTHON`/`COCOON_VENV_OPTIONS=--system-site-packages`/
`COCOON_PIP_OPTIONS=--no-deps`: the wheel is installed, its dependencies come from this
interpreter's environment through a `.pth` in the node user's site folder).

Then: `ray up -y`, the agent registers at a real gateway (tests/harness.py's, on loopback),
the operator approves it, echo is deployed to it and invoked through the gateway (sealed, a
checked receipt signed by the replica), nothing listens beyond 127.0.0.1, and `ray down -y`
leaves no Ray or agent process.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import tomli_w
import yaml
from harness import REPO, TEMPLATES, ServerThread, free_port

from cocoon.platform import embedded
from cocoon.platform.gateway.app import create_app
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.sdk import Client
from cocoon.runtime import config

pytestmark = pytest.mark.ray
PROVIDER_ID = "rayup"
RAY = Path(sys.executable).parent / "ray"


@dataclass
class Node:
    """The "VM": an sshd in its own PID namespace, its home and temp folders."""

    port: int
    key: Path
    home: Path
    tmp: Path
    unshare: subprocess.Popen[bytes]

    def namespace_pids(self) -> set[int]:
        """Every process in the node's PID namespace (host pids), sshd included."""
        (sshd,) = Path(f"/proc/{self.unshare.pid}/task/{self.unshare.pid}/children"
                       ).read_text().split()
        ns = os.readlink(f"/proc/{sshd}/ns/pid")
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.readlink(entry / "ns" / "pid") == ns:
                        found.add(int(entry.name))
                except OSError:
                    pass
        return found


def _ssh_keygen(path: Path) -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cocoon-test",
                    "-f", str(path)], check=True)


@contextmanager
def ssh_node(root: Path, env: dict[str, str]) -> Iterator[Node]:
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    assert Path(sshd).exists() and shutil.which("rsync"), (
        "openssh-server and rsync are needed: `make test` installs them (tests/system_packages.sh)")
    probe = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"],
                           capture_output=True, text=True)
    assert probe.returncode == 0, (
        "the node's sshd runs in a PID namespace of its own (so `ray stop` sees only its "
        f"processes): `unshare --pid --mount-proc` needs root with CAP_SYS_ADMIN: {probe.stderr}")
    etc, home = root / "etc", root / "home"
    root.mkdir(mode=0o700)
    etc.mkdir(mode=0o700)
    home.mkdir(mode=0o700)
    tmp = Path(tempfile.mkdtemp(prefix="cocoon-node-"))  # short: Ray's socket paths live here
    _ssh_keygen(etc / "host_key")
    _ssh_keygen(root / "id_ed25519")
    shutil.copy(root / "id_ed25519.pub", etc / "authorized_keys")
    port = free_port()
    setenv = " ".join(f"{k}={v}" for k, v in {"HOME": str(home), "TMPDIR": str(tmp), **env}.items())
    (etc / "sshd_config").write_text(f"""\
ListenAddress 127.0.0.1:{port}
HostKey {etc / 'host_key'}
AuthorizedKeysFile {etc / 'authorized_keys'}
PidFile none
AllowUsers {os.environ.get('USER') or 'root'}
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
X11Forwarding no
AllowTcpForwarding no
SetEnv {setenv}
""")
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    log = open(root / "sshd.log", "wb")  # noqa: SIM115  (closed below)
    proc = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
                             sshd, "-D", "-e", "-f", str(etc / "sshd_config")],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, (root / "sshd.log").read_text()
                assert time.monotonic() < deadline, "sshd did not listen"
                time.sleep(0.1)
        yield Node(port, root / "id_ed25519", home, tmp, proc)
    finally:
        proc.send_signal(signal.SIGTERM)  # unshare --kill-child: sshd, then its namespace, go
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def gateway(home: Path) -> Iterator[str]:
    """A real gateway on loopback with no provider of its own; COCOON_HOME=home meanwhile."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COCOON_HOME", str(home))
        port = free_port()
        embedded.bootstrap(port, free_port())
        settings = GatewaySettings(port=port, database=home / "platform.db", allow_simulated=True)
        server = ServerThread(create_app(settings), port)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop()


def cluster_file(work: Path, node: Node, gcs_port: int) -> Path:
    """ray-cluster.yaml with loopback addresses, the test's port, user, key and cluster name."""
    doc = yaml.safe_load((REPO / "ray-cluster.yaml").read_text())
    doc["cluster_name"] = f"cocoon-test-{os.getpid()}"
    doc["provider"].update(head_ip="127.0.0.1", worker_ips=[])
    doc["auth"] = {"ssh_user": os.environ.get("USER") or "root",
                   "ssh_private_key": str(node.key),
                   "ssh_proxy_command": f"{sys.executable} {REPO / 'tests' / 'ssh_proxy.py'} "
                                        f"{node.port}"}
    for key in ("head_start_ray_commands", "worker_start_ray_commands"):
        doc[key] = [c.replace("6379", str(gcs_port)) for c in doc[key]]
    path = work / "ray-cluster.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def ray_cli(work: Path, client_home: Path, *args: str, timeout: float = 300,
            check: bool = True) -> subprocess.CompletedProcess[str]:
    """Ray's CLI as the operator's machine runs it: its own HOME, none of our settings."""
    env = {**{k: v for k, v in os.environ.items()
              if not k.startswith(("COCOON_", "RAY_"))},
           "HOME": str(client_home), "TMPDIR": str(client_home), "RAY_USAGE_STATS_ENABLED": "0",
           "PATH": f"{RAY.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = subprocess.run([str(RAY), *args], cwd=work, env=env, capture_output=True, text=True,
                         timeout=timeout, stdin=subprocess.DEVNULL)
    assert out.returncode == 0 or not check, (
        f"ray {' '.join(args)}:\n{out.stdout[-20000:]}\n{out.stderr[-3000:]}")
    return out


def _forget_ssh_control_dir(cluster: Path) -> None:
    """Ray's SSH control sockets live in /tmp/ray_ssh_<user>/<cluster> whatever TMPDIR says
    (ray's command_runner.py): remove the cluster's folder, and the user's if empty."""
    name = yaml.safe_load(cluster.read_text())["cluster_name"]
    user = hashlib.sha256(getpass.getuser().encode()).hexdigest()[:10]
    folder = Path(f"/tmp/ray_ssh_{user}")
    shutil.rmtree(folder / hashlib.sha256(name.encode()).hexdigest()[:10], ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


def listening(pids: set[int]) -> list[str]:
    """ss lines of sockets listening (TCP) or bound (UDP) by ``pids``."""
    lines = subprocess.run(["ss", "-Htulnp"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    return [line for line in lines
            if {int(p) for p in re.findall(r"pid=(\d+)", line)} & pids]


def wait_for(what: str, check, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)
    return found


def test_ray_up_starts_a_provider_that_serves_through_the_gateway(
        wheel: Path, tmp_path: Path):  # wheel: conftest.py
    site = sysconfig.get_paths()["purelib"]  # this interpreter's packages: the wheel's deps
    py = f"python{sys.version_info.major}.{sys.version_info.minor}"
    node_env = {"COCOON_NODE_IP": "127.0.0.1", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
                "COCOON_PYTHON": sys.executable, "COCOON_VENV_OPTIONS": "--system-site-packages",
                "COCOON_PIP_OPTIONS": "--no-deps"}
    work, client_home, gw_home = tmp_path / "work", tmp_path / "client", tmp_path / "gateway"
    for d in (work, client_home, gw_home):
        d.mkdir()
    with gateway(gw_home) as url, ssh_node(tmp_path / "node", node_env) as node:
        user_site = node.home / ".local" / "lib" / py / "site-packages"
        user_site.mkdir(parents=True)
        (user_site / "cocoon-test-deps.pth").write_text(site + "\n")
        # what the operator's machine holds next to the file: the wheel and the agent's settings
        (work / "dist").mkdir()
        shutil.copy(wheel, work / "dist")
        cfg = config.read_file()
        provider = {k: v for k, v in cfg["provider"].items() if k not in {"serve_host", "id"}}
        provider.update(id=PROVIDER_ID, gateway_url=url, serve_port=free_port())
        settings = work / "cocoon-provider.toml"
        settings.write_text(tomli_w.dumps({"provider": provider}))
        settings.chmod(0o600)
        gcs_port = free_port()
        cluster = cluster_file(work, node, gcs_port)
        client = Client(url, cfg["client"]["api_key"])
        operator = httpx.Client(base_url=url, trust_env=False, timeout=30,
                                headers={"authorization": f"Bearer {cfg['operator']['api_key']}"})
        started = time.monotonic()
        try:
            ray_cli(work, client_home, "up", "-y", "--no-config-cache", str(cluster), timeout=600)
            up_s = time.monotonic() - started

            # The package on the node is the wheel, in the venv the file made.
            venv_py = node.home / "cocoon-venv" / "bin" / "python"
            where = subprocess.run([str(venv_py), "-c", "import cocoon; print(cocoon.__file__)"],
                                   env={**os.environ, "HOME": str(node.home)}, cwd=node.home,
                                   capture_output=True, text=True, check=True).stdout
            assert where.startswith(str(node.home / "cocoon-venv")), where
            # The Ray token was generated on the head, private, and is what Ray runs with.
            token = node.home / ".cocoon" / "ray_auth_token"
            assert token.stat().st_mode & 0o777 == 0o600 and len(token.read_text()) == 64
            # The agent's settings (its provider key) arrived private.
            assert (node.home / ".cocoon" / "config.toml").stat().st_mode & 0o777 == 0o600

            # The agent registers; once the operator approves it, echo is placed there.
            def registered():
                return operator.post(f"/v1/providers/{PROVIDER_ID}/approve").status_code == 200
            wait_for("the agent to register", registered)
            deployed = client.deploy(TEMPLATES / "echo")
            client.wait_served(deployed.name, deployed.digest, timeout_s=180)
            result = client.invoke("echo", {"hello": "ray up"})
            assert result.output == {"hello": "ray up"}
            assert result.receipt.provider == PROVIDER_ID and result.receipt.amount > 0
            served_s = time.monotonic() - started

            # The agent runs under Ray: its parent is the supervising actor's worker. Killed, it
            # is started again; so is the actor, by Ray, when its process is killed.
            first, supervisor = agent_and_supervisor(node)
            assert _cmdline(first).startswith(str(node.home / "cocoon-venv"))
            os.kill(first, signal.SIGKILL)
            second, same = wait_for("the agent's restart", lambda: _restarted(node, {first}))
            assert same == supervisor
            os.kill(supervisor, signal.SIGKILL)  # the actor's process: the agent dies with it
            registered = _registrations(node)
            _, new_supervisor = wait_for("the actor's restart",
                                         lambda: _restarted(node, {first, second}))
            assert new_supervisor != supervisor
            wait_for("the orphaned agent to die", lambda: not _alive(second), timeout=10)
            wait_for("the new agent to register", lambda: _registrations(node) > registered)
            client.wait_served(deployed.name, deployed.digest, timeout_s=120)
            assert client.invoke("echo", {"again": 1}).output == {"again": 1}
            # Ray runs with the token made on the head.
            gcs = [p for p in node.namespace_pids() if _comm(p) == "gcs_server"]
            assert gcs and all(f"RAY_AUTH_TOKEN_PATH={token}".encode() in _environ(p)
                               and b"RAY_AUTH_MODE=token" in _environ(p) for p in gcs)
            bootstrap = yaml.safe_load((node.home / "ray_bootstrap_config.yaml").read_text())
            assert bootstrap["cluster_synced_files"] == ["~/.cocoon/ray_auth_token"]
            pids = node.namespace_pids()

            # Ray, Serve, the replica and the agent listen on loopback only.
            bound = listening(pids)
            assert len(bound) >= 5, bound  # GCS, raylet, object manager, Serve proxy, ...
            exposed = [line for line in bound
                       if not re.search(r"\s(127\.[\d.]+|\[::ffff:127\.[\d.]+\]|\[::1\]):\d+\s",
                                        line)]
            assert not exposed, "listening beyond loopback:\n" + "\n".join(exposed)

            # Leaving drains the provider; the agent exits and its supervisor leaves it so.
            assert operator.post(f"/v1/providers/{PROVIDER_ID}/leave").status_code == 200
            wait_for("the agent to leave", lambda: not _agents(node), timeout=90)
            states = {p["id"]: p.get("state") for p in operator.get("/v1/providers").json()}
            assert states[PROVIDER_ID] == "left"
            status = supervised_agent(node, gcs_port, "status")
            assert status["state"] == "left" and status["pid"] is None and not _agents(node)
            assert (node.home / ".cocoon" / "run" / "provider-agent.left").exists()
            # Without the head's token, Ray lets nobody in.
            refused = supervised_agent(node, gcs_port, "status", token=False, check=False)
            assert refused.returncode != 0 and "left" not in refused.stdout
            assert re.search(r"(?i)authenticat|token", refused.stderr), refused.stderr[-3000:]

            # `ray up` again (a new wheel, say) keeps the token and brings the provider back.
            kept = token.read_text()
            ray_cli(work, client_home, "up", "-y", "--no-config-cache", str(cluster))
            assert token.read_text() == kept
            def active():
                providers = operator.get("/v1/providers").json()
                return {p["id"]: p.get("state") for p in providers}[PROVIDER_ID] == "active"
            wait_for("the provider to rejoin", active)
            client.wait_served(deployed.name, deployed.digest, timeout_s=180)
            assert client.invoke("echo", {"back": True}).receipt.provider == PROVIDER_ID
        finally:
            client.close()
            operator.close()
            down = ray_cli(work, client_home, "down", "-y", str(cluster), timeout=120,
                           check=False)
        assert down.returncode == 0, down.stdout + down.stderr
        _forget_ssh_control_dir(cluster)
        # Nothing of the provider is left on the node but sshd (and its sessions).
        def leftovers() -> list[str]:
            return [_cmdline(p) for p in node.namespace_pids() if _comm(p) != "sshd"]
        deadline = time.monotonic() + 30
        while leftovers() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not leftovers(), leftovers()
        print(json.dumps({"ray_up_s": round(up_s, 1), "first_call_s": round(served_s, 1)}))


def supervised_agent(node: Node, gcs_port: int, command: str, *, token: bool = True,
                     check: bool = True):
    """``python -m cocoon.runtime.supervised_agent COMMAND`` against the node's cluster, with
    the head's Ray token (or none). Returns the parsed JSON, or the process if not ``check``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAY_", "COCOON_"))}
    env.update(RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0", HOME=str(node.home))
    if token:
        env.update(RAY_AUTH_MODE="token",
                   RAY_AUTH_TOKEN_PATH=str(node.home / ".cocoon" / "ray_auth_token"))
    python = node.home / "cocoon-venv" / "bin" / "python"  # the node's, as on the head
    out = subprocess.run([str(python), "-m", "cocoon.runtime.supervised_agent", command,
                          "--address", f"127.0.0.1:{gcs_port}"], env=env, cwd=node.home,
                         capture_output=True, text=True, timeout=120)
    if not check:
        return out
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _agents(node: Node) -> list[int]:
    return [p for p in node.namespace_pids()
            if "cocoon.runtime.agent" in _cmdline(p) and _alive(p)]


def agent_and_supervisor(node: Node) -> tuple[int, int]:
    """The agent's pid and its parent's (which must be the supervising actor's worker)."""
    (agent,) = _agents(node)
    parent = int(Path(f"/proc/{agent}/stat").read_text().rsplit(")", 1)[1].split()[1])
    assert "AgentSupervisor" in _cmdline(parent), _cmdline(parent)
    return agent, parent


def _restarted(node: Node, old: set[int]) -> tuple[int, int] | None:
    try:
        agent, parent = agent_and_supervisor(node)
    except (ValueError, AssertionError, OSError):
        return None
    return None if agent in old else (agent, parent)


def _registrations(node: Node) -> int:
    """How many times the node's agents said they registered (their log)."""
    log = node.home / ".cocoon" / "logs" / "provider-agent.log"
    return log.read_text(errors="replace").count(f"provider {PROVIDER_ID} registered")


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""
