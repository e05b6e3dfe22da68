"""Only paid calls are served: a provider runs a call only with the platform's authorisation
(runtime/authorisation.py), checked inside the replica before the envelope is opened.

Envelopes here are sealed exactly as the SDK seals them (valid, for the provider's current
replica keys) and POSTed straight to the provider endpoint that GET /v1/providers lists."""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from harness import Network, running_network

from cocoon.platform.gateway.authority import load_authority
from cocoon.runtime.authorisation import authorise, check_authorisation, sign_authorisation
from cocoon.runtime.envelope import seal_request
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.hosting import route_for
from cocoon.runtime.wire import (
    AUTHORISATION_HEADER,
    CallAuthorisation,
    RoutingHeader,
    decode_response,
)


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> Network:
    with running_network(tmp_path_factory.mktemp("auth-home")) as network:
        yield network


def envelope_for(net: Network) -> tuple[RoutingHeader, bytes, str]:
    """(header, envelope, provider URL of echo) for one fresh echo call."""
    client = net.client()
    detail, offers = client.offers("echo", refresh=True)
    offer = offers[0].offer
    header = RoutingHeader(function="echo", version=detail.version, digest=detail.digest,
                           client=client.account().id, max_price=offer.unit_price,
                           request_id=os.urandom(16).hex(), timestamp_ms=int(time.time() * 1000))
    envelope, _ = seal_request(header, json.dumps({"paid": False}).encode(), offer.recipients())
    listed = {p.id: p.endpoint for p in client.providers()}  # as GET /v1/providers lists it
    return header, envelope, listed[offer.provider] + route_for(detail.digest)


def runs_of(net: Network, digest: str) -> list[bytes]:
    """Spy on echo's runner in the in-process backend: every payload it is asked to run."""
    loaded = net.backend.functions[route_for(digest).rsplit("/", 1)[1]]
    runner = loaded.invoker.runner
    if not hasattr(runner, "seen"):
        runner.seen, run = [], runner.run
        runner.run = lambda payload: runner.seen.append(payload) or run(payload)
    return runner.seen


def refused(resp: httpx.Response, why: str) -> None:
    assert resp.status_code == 403, resp.text
    err = resp.json()["error"]
    assert err["code"] == "unauthorized_call" and why in err["message"], err


def test_twenty_envelopes_straight_to_the_provider_are_refused_and_nothing_runs(net):
    authority = load_authority(net.home)
    calls = [envelope_for(net) for _ in range(20)]
    seen = runs_of(net, calls[0][0].digest)
    before = len(seen)
    with httpx.Client(trust_env=False, timeout=30) as http:
        for _, envelope, url in calls:
            refused(http.post(url, content=envelope), "no platform authorisation")
        assert len(seen) == before  # nothing ran, nothing was charged
        with net.http() as gw:
            assert gw.get("/v1/usage").json()["account"]["charged"] == 0
        # the request ids were not even remembered: authorised, the same envelopes run
        for header, envelope, url in calls[:3]:
            auth = authorise(authority, header, "local", unit_price=header.max_price)
            assert http.post(url, content=envelope,
                             headers={AUTHORISATION_HEADER: auth}).status_code == 200
    assert len(seen) == before + 3


def test_an_authorisation_for_another_call_or_past_its_expiry_is_refused(net):
    authority = load_authority(net.home)
    header, envelope, url = envelope_for(net)
    other, _, _ = envelope_for(net)
    seen = runs_of(net, header.digest)
    before = len(seen)
    now = int(time.time() * 1000)
    valid = authorise(authority, header, "local", unit_price=header.max_price)
    cases = {
        "for another request": authorise(authority, other, "local",  # replayed from another
                                         unit_price=other.max_price),
        "expired": authorise(authority, header, "local", unit_price=header.max_price,
                             now_ms=now - 120_000),
        "for another provider": authorise(authority, header, "elsewhere",
                                          unit_price=header.max_price),
        "not the platform's": authorise(Ed25519PrivateKey.generate(), header, "local",
                                        unit_price=header.max_price),
        "for another request ": authorise(  # a higher price than the envelope says
            authority, header.model_copy(update={"max_price": header.max_price + 1}), "local",
            unit_price=header.max_price),
        "not the platform's ": "garbage.00",
    }
    with httpx.Client(trust_env=False, timeout=30) as http:
        for why, auth in cases.items():
            refused(http.post(url, content=envelope, headers={AUTHORISATION_HEADER: auth}),
                    why.strip().replace("expired", "has expired"))
        assert len(seen) == before
        ok = http.post(url, content=envelope,
                       headers={AUTHORISATION_HEADER: valid})
        assert ok.status_code == 200
        again = http.post(url, content=envelope,  # a valid authorisation, replayed
                          headers={AUTHORISATION_HEADER: valid})
        assert again.status_code == 409 and again.json()["error"]["code"] == "replayed_request"
    assert len(seen) == before + 1


def test_calls_through_the_gateway_are_authorised_and_served(net):
    assert net.client().invoke("echo", {"through": "gateway"}).output == {"through": "gateway"}


def test_the_gateway_key_file_is_private_and_stable(net):
    path = Path(net.home) / "gateway_authorisation_key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_authority(net.home).private_bytes_raw() == load_authority(
        net.home).private_bytes_raw()


def test_check_authorisation_unit():
    key = Ed25519PrivateKey.generate()
    header = RoutingHeader(function="f", version=1, digest="ab" * 32, client="c", max_price=5,
                           request_id="01" * 16, timestamp_ms=1)
    good = authorise(key, header, "p", unit_price=1, now_ms=1000)
    assert check_authorisation(good, key.public_key(), header, "p", now_ms=1000).max_price == 5
    tampered = CallAuthorisation(request_id="01" * 16, function_digest="ab" * 32, provider="p",
                                 max_price=5, unit_price=1, expires_ms=10**13)
    doc = sign_authorisation(key, tampered).split(".")[0]
    forged_sig = authorise(key, header, "p", unit_price=1, now_ms=1000).split(".")[1]
    for value in (None, "", "x" * 5000, f"{doc}.{forged_sig}", good + "00", "!!.zz"):
        with pytest.raises(CocoonError) as exc:
            check_authorisation(value, key.public_key(), header, "p", now_ms=1000)
        assert exc.value.code == "unauthorized_call" and exc.value.status == 403


def test_the_replica_charges_exactly_the_authorised_price(net):
    """The price is the platform's, fixed at route time: the receipt charges what the
    authorisation says, whatever the replica was started with."""
    authority = load_authority(net.home)
    header, envelope, url = envelope_for(net)
    price = max(header.max_price - 1, 0)
    auth = authorise(authority, header, "local", unit_price=price)
    with httpx.Client(trust_env=False, timeout=30) as http:
        resp = http.post(url, content=envelope, headers={AUTHORISATION_HEADER: auth})
    assert resp.status_code == 200, resp.text
    receipt = decode_response(resp.content).receipt.receipt
    assert receipt.unit_price == price and receipt.amount == receipt.units * price


def test_an_authorised_price_above_the_max_price_is_refused_before_anything_runs(net):
    authority = load_authority(net.home)
    header, envelope, url = envelope_for(net)
    seen = runs_of(net, header.digest)
    before = len(seen)
    auth = authorise(authority, header, "local", unit_price=header.max_price + 1)
    with httpx.Client(trust_env=False, timeout=30) as http:
        resp = http.post(url, content=envelope, headers={AUTHORISATION_HEADER: auth})
        assert resp.status_code == 402, resp.text
        assert resp.json()["error"]["code"] == "price_above_max"
        assert len(seen) == before  # not opened, not run, not remembered: a fair price runs
        fair = authorise(authority, header, "local", unit_price=header.max_price)
        assert http.post(url, content=envelope,
                         headers={AUTHORISATION_HEADER: fair}).status_code == 200
    assert len(seen) == before + 1


def test_an_authorisation_whose_price_was_altered_fails_its_signature():
    key = Ed25519PrivateKey.generate()
    header = RoutingHeader(function="f", version=1, digest="ab" * 32, client="c", max_price=500,
                           request_id="01" * 16, timestamp_ms=1)
    doc, _, sig = authorise(key, header, "p", unit_price=100, now_ms=1000).partition(".")
    raw = json.loads(base64.urlsafe_b64decode(doc + "=" * (-len(doc) % 4)))
    assert raw["unit_price"] == 100
    cheaper = CallAuthorisation.model_validate({**raw, "unit_price": 1})
    forged = sign_authorisation(key, cheaper).split(".")[0] + "." + sig
    with pytest.raises(CocoonError) as exc:
        check_authorisation(forged, key.public_key(), header, "p", now_ms=1000)
    assert exc.value.code == "unauthorized_call"
