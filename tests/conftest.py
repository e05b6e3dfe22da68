from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import REPO, Network, running_network
from pg import db, postgres_server, postgres_url, target  # noqa: F401  (fixtures: each database)

# Any skip or xfail not allowlisted in tests/skip_guard.py fails the run (nonzero exit, listed).
pytest_plugins = ["skip_guard"]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    """A Ray-free network (gateway + agent with in-process host), echo deployed."""
    with running_network(tmp_path_factory.mktemp("cocoon-home")) as net:
        yield net


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from this tree once per session."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(dist), str(REPO)], cwd=dist, check=True, timeout=600,
                   capture_output=True)
    (path,) = dist.glob("cocoon_network-*.whl")
    return path
