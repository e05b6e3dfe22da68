"""The layout promises of DESIGN.md."""

from __future__ import annotations

import subprocess
import sys

from harness import REPO


def test_stdlib_platform_is_not_shadowed_from_the_repo_root():
    out = subprocess.run([sys.executable, "-c", "import platform; print(platform.system())"],
                         cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Linux"
    assert not (REPO / "platform" / "__init__.py").exists()


def test_runtime_never_imports_platform():
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "runtime").rglob("*.py")
                 if "cocoon.platform" in p.read_text() or "from ..platform" in p.read_text()]
    assert offenders == []


def test_runtime_package_imports_without_ray():
    code = ("import sys, cocoon.runtime.agent, cocoon.runtime.backends,"
            " cocoon.platform.gateway.app; print('ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_ray_cluster_config_names_real_agent_settings():
    import re

    import yaml

    from cocoon.runtime.agent import AgentSettings

    doc = yaml.safe_load((REPO / "ray-cluster.yaml").read_text())
    assert doc["provider"]["type"] == "local"
    commands = " ".join(doc["head_start_ray_commands"] + doc["worker_start_ray_commands"])
    assert "--node-ip-address" in commands and "RAY_AUTH_MODE=token" in commands
    used = set(re.findall(r"COCOON_PROVIDER_([A-Z_]+)=", commands))
    assert used and {u.lower() for u in used} <= set(AgentSettings.model_fields)


def test_protocol_doc_lists_every_error_code_and_route():
    from cocoon.platform.gateway.app import ROUTES
    from cocoon.runtime.errors import ERROR_STATUS

    doc = (REPO / "docs" / "protocol.md").read_text()
    missing = [code for code in ERROR_STATUS if f"`{code}`" not in doc]
    missing += [r.path for r in ROUTES if f"`{r.path}" not in doc]
    assert missing == []


def _listed_packages() -> list[str]:
    import tomllib

    return tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]


def test_every_package_folder_is_listed_for_the_wheel():
    mapping = {"cocoon.platform": "platform", "cocoon.runtime": "runtime",
               "cocoon.contracts": "contracts", "cocoon.templates": "templates",
               "cocoon.browser_sdk": "web/sdk/dist", "cocoon.web_app": "web/app/dist"}
    found = {"cocoon", *mapping}
    for name, folder in mapping.items():
        for path in [REPO / folder, *(REPO / folder).rglob("*")]:
            rel = path.relative_to(REPO / folder)
            if (path.is_dir() and "node_modules" not in rel.parts and "__pycache__" not in rel.parts
                    and any(p.is_file() for p in path.iterdir())):
                found.add(".".join([name, *rel.parts]))
    assert sorted(found) == sorted(_listed_packages())


def test_checkout_symlinks_match_the_package_mapping():
    import tomllib

    mapping = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-dir"]
    for package, folder in mapping.items():
        if package != "cocoon":
            link = REPO / package.replace(".", "/")
            assert link.is_symlink() and link.resolve() == (REPO / folder).resolve()


def test_ray_cluster_config_installs_the_provider_wheel_on_every_node():
    import yaml

    doc = yaml.safe_load((REPO / "ray-cluster.yaml").read_text())
    (mount,) = [remote for remote, local in doc["file_mounts"].items() if local == "./dist"]
    installs = [c for c in doc["setup_commands"] if "pip install" in c]
    assert installs and all(mount in c and ".whl" in c and "[provider]" in c for c in installs)
