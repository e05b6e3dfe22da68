"""Two providers serve echo; the client seals for both, so when one goes down the gateway
fails over to the other without a round trip to the client, and charges once."""

from __future__ import annotations

import threading
import time

import pytest
from harness import running_network

from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend


@pytest.fixture(scope="module")
def two_providers(tmp_path_factory):
    with running_network(tmp_path_factory.mktemp("failover-home")) as net:
        with net.http() as http:
            key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
        second = ProviderAgent(AgentSettings(id="second", gateway_url=net.gateway_url, token=key,
                                             allow_simulated=True, price_multiplier=2.0),
                               backend=InProcessBackend())
        threading.Thread(target=second.run, daemon=True).start()
        try:
            client = net.client()
            deadline = time.monotonic() + 20
            while len(client.offers("echo", refresh=True)[1]) < 2:
                assert time.monotonic() < deadline, "second provider never served echo"
                time.sleep(0.05)
            yield net
        finally:
            second.shutdown()


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
