"""The wheel as a newcomer gets it: built from this tree, installed into fresh virtual
environments outside the checkout, and used from another folder.

Slow (a venv per install, and one `cocoon up` with Ray), so it runs once per session; pip
installs from the same index and cache that set up `.venv`.
"""

from __future__ import annotations

import json
import os
import subprocess
import venv
import zipfile
from pathlib import Path

import pytest
from harness import REPO, free_port

pytestmark = pytest.mark.install


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                         text=True, timeout=timeout)
    if check and out.returncode != 0:
        raise AssertionError(f"{args} exited {out.returncode}\n{out.stdout}\n{out.stderr}")
    return out


def _venv(root: Path, requirement: str) -> Path:
    venv.create(root, with_pip=True)
    _run([root / "bin" / "python", "-m", "pip", "install", "-q", requirement], cwd=root)
    return root / "bin"


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment minus anything pointing back at the checkout or its venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "VIRTUAL_ENV", "COCOON_HOME"} and not k.startswith("COCOON_")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(REPO)))
    return {**env, **extra}


def test_wheel_carries_the_packages_and_their_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("cocoon/__init__.py", "cocoon/py.typed",
                   "cocoon/platform/cli/main.py", "cocoon/platform/sdk/__init__.py",
                   "cocoon/runtime/agent.py",
                   "cocoon/runtime/attestation/roots/amd_milan_ask_ark.pem",
                   "cocoon/contracts/compiled/payment_channel.json",
                   "cocoon/templates/echo/cocoon.toml", "cocoon/templates/echo/main.py",
                   "cocoon/browser_sdk/cocoon.js", "cocoon/web_app/index.html",
                   "cocoon/web_app/app.js"):
        assert needed in names
    assert not any(n.startswith(("platform/", "runtime/", "contracts/", "tests/")) for n in names)
    assert not any("__pycache__" in n or "node_modules" in n for n in names)
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    for extra in ("provider", "gateway", "all"):
        assert f"Provides-Extra: {extra}" in text


def test_base_install_is_the_client_side_without_ray(wheel: Path, tmp_path: Path):
    bin_ = _venv(tmp_path / "venv", str(wheel))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env(COCOON_HOME=str(tmp_path / "home"))
    probe = ("import importlib.util as u, platform, cocoon, cocoon.platform.sdk, "
             "cocoon.runtime.envelope, cocoon.runtime.attestation.verify;"
             "print(cocoon.__version__, platform.system(), "
             "[m for m in ('ray', 'starlette', 'uvicorn', 'pytvm') if u.find_spec(m)])")
    out = _run([bin_ / "python", "-c", probe], cwd=elsewhere, env=env)
    version, system, heavy = out.stdout.split(maxsplit=2)
    assert (system, heavy.strip()) == ("Linux", "[]")
    assert _run([bin_ / "cocoon", "--version"], cwd=elsewhere, env=env).stdout.strip().endswith(
        version)
    assert "deploy" in _run([bin_ / "cocoon", "--help"], cwd=elsewhere, env=env).stdout
    # Server-side commands say what to install instead of failing with an ImportError.
    up = _run([bin_ / "cocoon", "up", "--detach"], cwd=elsewhere, env=env, check=False)
    assert up.returncode != 0 and "Traceback" not in up.stderr + up.stdout
    assert "cocoon-network[all]" in up.stderr + up.stdout


@pytest.mark.ray
def test_full_install_runs_a_network_from_another_folder(wheel: Path, tmp_path: Path):
    bin_ = _venv(tmp_path / "venv", f"{wheel}[all]")
    work = tmp_path / "work"
    work.mkdir()
    env = _clean_env(COCOON_HOME=str(tmp_path / "home"),
                     COCOON_GATEWAY_PORT=str(free_port()),
                     RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0")
    cocoon = bin_ / "cocoon"
    _run([cocoon, "up", "--detach"], cwd=work, env=env)
    try:
        _run([cocoon, "init", "hello", "--template", "echo"], cwd=work, env=env)
        assert (work / "hello" / "cocoon.toml").is_file()
        deployed = json.loads(_run([cocoon, "deploy", "hello", "--json"], cwd=work, env=env).stdout)
        assert deployed["name"] == "hello"
        out = _run([cocoon, "invoke", "hello", "--data", '{"msg": "hi"}', "--json"], cwd=work,
                   env=env)
        assert json.loads(out.stdout)["output"] == {"msg": "hi"}
    finally:
        down = _run([cocoon, "down"], cwd=work, env=env, check=False)
    assert down.returncode == 0, down.stderr
    status = json.loads(_run([cocoon, "status", "--json"], cwd=work, env=env).stdout)
    assert status["running"] is False
