"""The runtime's invocation core (Ray-free): open, replay and staleness checks, run, meter,
seal, sign. The Ray Serve replica wraps exactly this Invoker."""

from __future__ import annotations

import json
import os
import time

import pytest

from cocoon.runtime.envelope import RuntimeKeys, open_chunks, seal_request, verify_receipt
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.function import meter
from cocoon.runtime.invocation import FunctionIdentity, Invoker
from cocoon.runtime.replay import ReplayGuard
from cocoon.runtime.wire import RoutingHeader, decode_response, recipient_id

DIGEST = "cd" * 32


def handler(payload):
    if payload.get("fail"):
        raise ValueError(f"cannot handle {payload['fail']}")
    meter(payload.get("units", 1))
    return {"echo": payload}


@pytest.fixture
def keys() -> RuntimeKeys:
    return RuntimeKeys.generate()


@pytest.fixture
def invoker(keys) -> Invoker:
    return Invoker(provider="p1", keys=keys, gateway_key=None,
                   function=FunctionIdentity("echo", 1, DIGEST, unit_price=100, max_units=10),
                   handler=handler, simulated=True)


def request(keys, payload, **kw):
    h = RoutingHeader(**{**dict(function="echo", version=1, digest=DIGEST, client="acct_x",
                                max_price=1000, request_id=os.urandom(16).hex(),
                                timestamp_ms=int(time.time() * 1000)), **kw})
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    recipients = [(recipient_id("p1", keys.hpke_public), keys.hpke_public)]
    envelope, response_key = seal_request(h, body, recipients)
    return h, envelope, response_key


def test_invocation_round_trip(invoker, keys):
    h, envelope, rkey = request(keys, {"a": 1, "units": 3})
    frame = decode_response(invoker.handle(envelope))
    receipt = verify_receipt(frame.receipt, keys.signing_public.hex())
    assert json.loads(b"".join(open_chunks(rkey, h.request_id, frame.chunks))) == {
        "echo": {"a": 1, "units": 3}}
    assert (receipt.units, receipt.unit_price, receipt.amount) == (3, 100, 300)
    assert (receipt.request_id, receipt.client, receipt.outcome) == (h.request_id, "acct_x", "ok")
    assert receipt.simulated is True


def test_metering_beyond_max_units_is_a_function_error(invoker, keys):
    h, envelope, rkey = request(keys, {"units": 50})
    frame = decode_response(invoker.handle(envelope))
    receipt = frame.receipt.receipt
    assert receipt.outcome == "error" and receipt.units == 1 and receipt.amount == 100
    doc = json.loads(b"".join(open_chunks(rkey, h.request_id, frame.chunks)))
    assert "max_units" in doc["error"]["message"]


def test_base_exceptions_stay_inside_the_encrypted_response(keys, caplog):
    canary = "canary-" + os.urandom(6).hex()

    def exits(payload):
        raise SystemExit(f"bye {payload['c']}")

    invoker = Invoker(provider="p1", keys=keys, gateway_key=None,
                      function=FunctionIdentity("echo", 1, DIGEST, unit_price=100),
                      handler=exits, simulated=True)
    h, envelope, rkey = request(keys, {"c": canary})
    raw = invoker.handle(envelope)
    assert canary.encode() not in raw and canary not in caplog.text
    frame = decode_response(raw)
    doc = json.loads(b"".join(open_chunks(rkey, h.request_id, frame.chunks)))
    assert frame.chunks[-1].error and canary in doc["error"]["message"]


def test_function_error_goes_to_the_client_encrypted(invoker, keys):
    canary = "canary-" + os.urandom(6).hex()
    h, envelope, rkey = request(keys, {"fail": canary})
    raw = invoker.handle(envelope)
    assert canary.encode() not in raw
    frame = decode_response(raw)
    assert frame.chunks[-1].error and frame.receipt.receipt.outcome == "error"
    doc = json.loads(b"".join(open_chunks(rkey, h.request_id, frame.chunks)))
    assert doc["error"]["code"] == "function_error" and canary in doc["error"]["message"]


def test_invalid_json_payload_is_not_charged(invoker, keys):
    _, envelope, _ = request(keys, b"{not json")
    assert decode_response(invoker.handle(envelope)).receipt.receipt.amount == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"digest": "ee" * 32}, "unknown_function"),
        ({"max_price": 999}, "price_above_max"),  # must cover 10 units x 100
        ({"timestamp_ms": int(time.time() * 1000) - 10 * 60_000}, "stale_request"),
        ({"timestamp_ms": int(time.time() * 1000) + 10 * 60_000}, "stale_request"),
    ],
)
def test_refusals(invoker, keys, change, code):
    _, envelope, _ = request(keys, {"a": 1}, **change)
    with pytest.raises(CocoonError) as exc:
        invoker.handle(envelope)
    assert exc.value.code == code and 400 <= exc.value.status < 500


def test_replay_is_refused(invoker, keys):
    _, envelope, _ = request(keys, {"a": 1})
    invoker.handle(envelope)
    with pytest.raises(CocoonError) as exc:
        invoker.handle(envelope)
    assert exc.value.code == "replayed_request" and exc.value.status == 409


def test_envelope_for_a_key_this_replica_does_not_hold_is_a_stale_offer(invoker):
    other = RuntimeKeys.generate()
    _, envelope, _ = request(other, {"a": 1})
    with pytest.raises(CocoonError) as exc:
        invoker.handle(envelope)
    assert exc.value.code == "stale_offer" and exc.value.status == 409


def test_replay_guard_forgets_only_after_the_window():
    guard = ReplayGuard(window_ms=1000)
    guard.remember("a", now_ms=0)
    with pytest.raises(CocoonError):
        guard.remember("a", now_ms=1500)
    guard.remember("b", now_ms=2500)  # prunes "a": older than 2 windows, and stale anyway
    guard.remember("a", now_ms=2600)
    with pytest.raises(CocoonError):
        guard.check_fresh(0, now_ms=2600)


def test_identical_envelopes_on_many_threads_run_once(keys):
    """The replay guard's check-and-record is atomic: of 16 copies of one envelope arriving at
    once, exactly one runs the function. (The guard's lookup is slowed down to widen the window
    between check and record that a lock-free guard would leave open.)"""
    import threading
    from collections import OrderedDict

    class SlowLookup(OrderedDict):
        def __contains__(self, key):
            found = super().__contains__(key)
            time.sleep(0.005)
            return found

    runs = []
    invoker = Invoker(provider="p1", keys=keys, gateway_key=None,
                      function=FunctionIdentity("echo", 1, DIGEST, unit_price=100, max_units=10),
                      handler=lambda p: runs.append(p) or p, simulated=True)
    invoker.replay._seen = SlowLookup()
    for _ in range(5):
        _, envelope, _ = request(keys, {"a": 1})
        barrier, results = threading.Barrier(16), []

        def send(envelope=envelope, barrier=barrier, results=results):
            barrier.wait()
            try:
                invoker.handle(envelope)
                results.append("ok")
            except CocoonError as exc:
                results.append(exc.code)

        threads = [threading.Thread(target=send) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["ok"] + ["replayed_request"] * 15
    assert len(runs) == 5


def test_a_call_past_timeout_s_ends_with_a_signed_unpaid_timeout_receipt(keys):
    invoker = Invoker(provider="p1", keys=keys, gateway_key=None,
                      function=FunctionIdentity("nap", 1, DIGEST, unit_price=100, max_units=10),
                      handler=lambda p: time.sleep(p) or p, simulated=True, timeout_s=0.3)
    h, envelope, response_key = request(keys, 2)
    started = time.perf_counter()
    frame = decode_response(invoker.handle(envelope))
    assert time.perf_counter() - started < 1.5
    receipt = verify_receipt(frame.receipt, keys.signing_public.hex())
    assert (receipt.outcome, receipt.units, receipt.amount) == ("timeout", 0, 0)
    assert frame.chunks[-1].error
    doc = json.loads(b"".join(open_chunks(response_key, h.request_id, frame.chunks)))
    assert doc["error"]["code"] == "timeout"
    _, envelope, _ = request(keys, 0)
    assert decode_response(invoker.handle(envelope)).receipt.receipt.outcome == "ok"
