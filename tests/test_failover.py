"""Two providers serve echo; the client seals for both, so when one goes down the gateway
fails over to the other without a round trip to the client, and charges once."""

from __future__ import annotations

import pytest
from harness import extra_provider, running_network

from cocoon.runtime.backends import InProcessBackend


@pytest.fixture(scope="module")
def two_providers(tmp_path_factory):
    with running_network(tmp_path_factory.mktemp("failover-home")) as net, extra_provider(
        net, "second", InProcessBackend(), price_multiplier=2.0
    ):
        yield net


def test_cheapest_provider_is_preferred(two_providers):
    net = two_providers
    result = net.client().invoke("echo", {"n": 1})
    assert result.receipt.provider == "local"  # price x1 beats x2
    assert result.receipt.unit_price == 1000


def test_gateway_fails_over_when_a_provider_dies(two_providers):
    net = two_providers
    client = net.client()
    client.offers("echo", refresh=True)  # both offers cached and sealed for
    net.backend.stop()  # the cheaper provider's ingress disappears
    before = client.account().charged
    result = client.invoke("echo", {"n": 2})
    assert result.output == {"n": 2}
    assert result.receipt.provider == "second" and result.receipt.unit_price == 2000
    assert client.account().charged - before == 2000
    # the router now ranks the failed provider last
    again = client.invoke("echo", {"n": 3})
    assert again.receipt.provider == "second"
