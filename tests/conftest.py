from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import Network, start_network


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    """A Ray-free network (gateway + agent with in-process host), echo deployed."""
    home = tmp_path_factory.mktemp("cocoon-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COCOON_HOME", str(home))
        net = start_network(home)
        try:
            net.deploy_and_wait(net_templates() / "echo")
            yield net
        finally:
            net.stop()


def net_templates():
    from harness import TEMPLATES

    return TEMPLATES
