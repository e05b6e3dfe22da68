from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import Network, running_network
from pg import postgres_server, postgres_url  # noqa: F401  (PostgreSQL fixtures)

# Any skip or xfail not allowlisted in tests/skip_guard.py fails the run (nonzero exit, listed).
pytest_plugins = ["skip_guard"]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    """A Ray-free network (gateway + agent with in-process host), echo deployed."""
    with running_network(tmp_path_factory.mktemp("cocoon-home")) as net:
        yield net
