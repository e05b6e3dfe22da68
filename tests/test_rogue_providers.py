"""Providers that misbehave are caught by the gateway and the client, never paid for it, and
routed around: one signs receipts above the price the platform authorised, one runs only above
the client's max price, one answers 200 with garbage."""

from __future__ import annotations

import dataclasses

import pytest
from harness import extra_provider, running_network

from cocoon.runtime.backends import InProcessBackend


class OverchargingBackend(InProcessBackend):
    """Ignores the price the platform authorised and signs receipts at twice its offered price
    (still within the client's max price): the gateway holds it to the authorised price."""

    factor = 2

    def deploy(self, spec, manifest) -> None:
        super().deploy(spec, manifest)
        for loaded in self.functions.values():
            invoker = loaded.invoker
            invoker.gateway_key = None  # a rogue runtime: it reads no authorisation
            invoker.function = dataclasses.replace(
                invoker.function, unit_price=spec.unit_price * self.factor)


class OverpricedBackend(OverchargingBackend):
    """Runs at ten times its offered price, so its runtime refuses the client's max price."""

    factor = 10


class GarbageBackend(InProcessBackend):
    def deploy(self, spec, manifest) -> None:
        super().deploy(spec, manifest)
        for loaded in self.functions.values():
            loaded.invoker.handle = lambda body, headers=None: b"CCR1\x01\x00\x00\x00\x05junk!"


@pytest.fixture(scope="module", params=[OverchargingBackend, OverpricedBackend, GarbageBackend],
                ids=["overcharging", "overpriced", "garbage"])
def rogue_net(request, tmp_path_factory):
    with running_network(tmp_path_factory.mktemp("rogue-home")) as net, extra_provider(
        net, "rogue", request.param(), price_multiplier=0.5
    ):
        yield net


def test_rogue_provider_is_routed_around_and_not_paid(rogue_net):
    client = rogue_net.client()
    before = client.account().charged
    for i in range(3):
        result = client.invoke("echo", {"i": i})  # the rogue is cheaper, so it is tried first
        assert result.output == {"i": i}
        assert result.receipt.provider == "local" and result.receipt.amount == 1000
    assert client.account().charged - before == 3000
    with pytest.raises(Exception) as exc:  # sealed for the rogue alone: refused, not charged
        only_rogue = rogue_net.client()
        only_rogue.max_providers = 1
        only_rogue.invoke("echo", {"x": 1})
    assert getattr(exc.value, "code", None) == "provider_failed"
    assert client.account().charged - before == 3000
    ledger = rogue_net.state.ledger
    assert "rogue" not in ledger.earnings()  # no receipt of it was ever charged

