"""Streamed responses (docs/protocol.md, section 5.1): a generator function's items sealed and
sent one by one, opened by the SDK as they arrive, the receipt last and covering every chunk.

The runtime half is driven directly (an Invoker over a thread runner, and the function's real
worker process); the end-to-end half runs on the Ray-free harness network with
tests/fixtures/counter deployed (one module-scoped network). Integrity: the SDK's opener is
fed a recorded stream with chunks dropped, repeated, reordered, altered or cut off."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cocoon.platform.sdk.stream import Stream
from cocoon.runtime.envelope import RuntimeKeys, open_chunks, seal_request, verify_receipt
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.function import meter
from cocoon.runtime.invocation import FunctionIdentity, Invoker
from cocoon.runtime.isolation import ProcessRunner
from cocoon.runtime.wire import (
    RECORD_CHUNK,
    RECORD_RECEIPT,
    STREAM_MEDIA_TYPE,
    RoutingHeader,
    SignedReceipt,
    decode_chunk,
    decode_response,
    encode_record,
    read_records,
    recipient_id,
)

COUNTER = Path(__file__).parent / "fixtures" / "counter"
DIGEST = "cd" * 32


def counting(payload):
    for i in range(payload["n"]):
        if i == payload.get("fail_after"):
            raise ValueError("broke")
        yield {"i": i}
        meter(i + 1)


def request(keys: RuntimeKeys, payload) -> tuple[RoutingHeader, bytes, bytes]:
    h = RoutingHeader(function="counter", version=1, digest=DIGEST, client="acct_x",
                      max_price=10**9, request_id=os.urandom(16).hex(),
                      timestamp_ms=int(time.time() * 1000))
    envelope, response_key = seal_request(
        h, json.dumps(payload).encode(), [(recipient_id("p1", keys.hpke_public), keys.hpke_public)])
    return h, envelope, response_key


def invoker_of(keys: RuntimeKeys, **kw) -> Invoker:
    return Invoker(provider="p1", keys=keys, gateway_key=None, simulated=True,
                   function=FunctionIdentity("counter", 1, DIGEST, unit_price=10, max_units=100),
                   **kw)


def opened(body: bytes, h: RoutingHeader, response_key: bytes, keys: RuntimeKeys) -> Stream:
    """The SDK's opener over a recorded body; its receipt checked as the client checks it
    (signer, request, digest), without a gateway."""
    from cocoon.runtime.envelope import check_signed_receipt

    def finish(signed: SignedReceipt, digest: str, items: list) -> object:
        return check_signed_receipt(signed, h, digest=digest, provider="p1",
                                    signers={keys.signing_public.hex()}, unit_price=None,
                                    max_units=100)

    return Stream(io.BytesIO(body).read, request_id=h.request_id, response_key=response_key,
                  finish=finish)  # type: ignore[arg-type]


@pytest.fixture
def flag() -> Iterator[Path]:
    """A path the function's worker can see (it may run as a uid of its own, which cannot
    enter pytest's 0700 tmp folders): the test creates it to let the function go on."""
    folder = Path(tempfile.mkdtemp(prefix="cocoon-stream-"))
    folder.chmod(0o777)
    try:
        yield folder / "go"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def keys() -> RuntimeKeys:
    return RuntimeKeys.generate()


# --- the runtime: each item a chunk, the FINAL chunk and the receipt last ---------------------


def test_invoker_streams_each_item_then_final_chunk_and_receipt(keys):
    invoker = invoker_of(keys, handler=counting)
    h, envelope, rk = request(keys, {"n": 3})
    records = list(read_records(io.BytesIO(b"".join(invoker.handle_stream(envelope))).read))
    assert [k for k, _ in records] == [RECORD_CHUNK] * 4 + [RECORD_RECEIPT]
    chunks = [decode_chunk(d) for _, d in records[:4]]
    assert [(c.index, c.flags) for c in chunks] == [(0, 0), (1, 0), (2, 0), (3, 1)]
    plain = open_chunks(rk, h.request_id, tuple(chunks))
    assert [json.loads(p) for p in plain[:3]] == [{"i": 0}, {"i": 1}, {"i": 2}] and plain[3] == b""
    receipt = verify_receipt(SignedReceipt.model_validate_json(records[4][1]))
    assert (receipt.units, receipt.amount, receipt.outcome) == (3, 30, "ok")
    stream = opened(b"".join(encode_record(k, d) for k, d in records), h, rk, keys)
    assert list(stream) == [{"i": 0}, {"i": 1}, {"i": 2}]


def test_without_a_stream_a_generator_answers_one_frame_with_the_list(keys):
    invoker = invoker_of(keys, handler=counting)
    h, envelope, rk = request(keys, {"n": 3})
    frame = decode_response(invoker.handle(envelope))
    assert len(frame.chunks) == 1
    assert json.loads(open_chunks(rk, h.request_id, frame.chunks)[0]) == [
        {"i": 0}, {"i": 1}, {"i": 2}]
    assert frame.receipt.receipt.units == 3


def test_a_function_error_midway_ends_the_stream_with_an_error_chunk(keys):
    invoker = invoker_of(keys, handler=counting)
    h, envelope, rk = request(keys, {"n": 5, "fail_after": 2})
    stream = opened(b"".join(invoker.handle_stream(envelope)), h, rk, keys)
    got = []
    with pytest.raises(CocoonError) as exc:
        got.extend(stream)
    assert exc.value.code == "function_error" and "broke" in exc.value.message
    assert got == [{"i": 0}, {"i": 1}]
    assert stream.items == got


def test_a_stream_past_its_time_limit_ends_uncharged_with_a_timeout(keys):
    def slow(payload):
        yield {"i": 0}
        time.sleep(5)
        yield {"i": 1}

    invoker = invoker_of(keys, handler=slow, timeout_s=0.3)
    h, envelope, rk = request(keys, {})
    stream = opened(b"".join(invoker.handle_stream(envelope)), h, rk, keys)
    got = []
    with pytest.raises(CocoonError) as exc:
        got.extend(stream)
    assert exc.value.code == "function_timeout" and got == [{"i": 0}]
    receipt = stream.invocation  # the check's result: the receipt, 0 units
    assert (receipt.outcome, receipt.units, receipt.amount) == ("timeout", 0, 0)


def test_a_refused_envelope_raises_before_any_record(keys):
    invoker = invoker_of(keys, handler=counting)
    _, envelope, _ = request(keys, {"n": 1})
    invoker.handle(envelope)
    with pytest.raises(CocoonError) as exc:  # the same request id again: refused up front
        invoker.handle_stream(envelope)
    assert exc.value.code == "replayed_request"


def test_the_worker_process_sends_each_item_before_the_function_ends(flag):
    """The function's own worker process (as on a provider): the first item arrives while the
    function still waits for a file the test creates only after seeing it."""
    runner = ProcessRunner(COUNTER, "main", max_units=100, timeout_s=20, memory_mb=None,
                           name="counter")
    try:
        items = runner.stream(json.dumps({"n": 3, "wait_for": str(flag)}).encode())
        assert json.loads(next(items)) == {"i": 0, "text": "item 0"}
        assert not flag.exists()
        flag.touch()
        rest = []
        with pytest.raises(StopIteration) as stop:
            while True:
                rest.append(json.loads(next(items)))
        assert rest == [{"i": 1, "seen": True}, {"i": 2, "seen": True}]
        assert stop.value.value[:2] == ("ok", 3)
        # closing a stream early ends the call; the runner serves the next one afresh
        early = runner.stream(json.dumps({"n": 3, "sleep_s": 0.2}).encode())
        next(early)
        early.close()
        assert runner.run(json.dumps({"n": 2}).encode())[0] == "ok"
    finally:
        runner.close()


# --- integrity: the SDK's opener refuses any change to the recorded stream ---------------------


@pytest.fixture(scope="module")
def recorded(keys):
    invoker = invoker_of(keys, handler=counting)
    h, envelope, rk = request(keys, {"n": 3})
    records = list(read_records(io.BytesIO(b"".join(invoker.handle_stream(envelope))).read))
    return h, rk, records


def _body(records) -> bytes:
    return b"".join(encode_record(k, d) for k, d in records)


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


@pytest.mark.parametrize("change", [
    "dropped", "duplicated", "reordered", "altered", "renumbered", "final flag cleared",
    "truncated before receipt", "truncated before final", "cut inside a record",
    "records after receipt", "unknown record kind",
])
def test_a_changed_stream_is_refused(keys, recorded, change):
    h, rk, records = recorded
    c = list(records)
    if change == "dropped":
        del c[1]
    elif change == "duplicated":
        c.insert(1, c[1])
    elif change == "reordered":
        c[0], c[1] = c[1], c[0]
    elif change == "altered":
        c[1] = (RECORD_CHUNK, _flip(c[1][1], len(c[1][1]) - 1))
    elif change == "renumbered":
        c[1] = (RECORD_CHUNK, (5).to_bytes(4, "big") + c[1][1][4:])
    elif change == "final flag cleared":
        c[3] = (RECORD_CHUNK, _flip(c[3][1], 4))
    elif change == "truncated before receipt":
        c = c[:4]
    elif change == "truncated before final":
        c = c[:3]
    body = _body(c)
    if change == "cut inside a record":
        body = _body(records)[:-7]
    elif change == "records after receipt":
        body += encode_record(RECORD_CHUNK, records[0][1])
    elif change == "unknown record kind":
        body = bytes([9]) + _body(records)[1:]
    stream = opened(body, h, rk, keys)
    with pytest.raises(CocoonError) as exc:
        list(stream)
    assert exc.value.code == "envelope_rejected", change
    assert stream.invocation is None


def test_the_unchanged_stream_opens(keys, recorded):
    h, rk, records = recorded
    stream = opened(_body(records), h, rk, keys)
    assert [x["i"] for x in stream] == [0, 1, 2]
    assert stream.invocation is not None


# --- end to end: SDK -> gateway -> provider (Ray-free harness) ---------------------------------


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    from tests.harness import running_network

    with running_network(tmp_path_factory.mktemp("stream")) as net:
        net.deploy_and_wait(COUNTER)
        yield net


def test_client_stream_yields_items_in_order_and_is_charged_once(net):
    client = net.client()
    before = client.account().charged
    with client.stream("counter", {"n": 4}) as stream:
        items = list(stream)
    assert [x["i"] for x in items] == [0, 1, 2, 3]
    receipt = stream.receipt
    assert receipt is not None and receipt.units == 4 and receipt.outcome == "ok"
    assert stream.invocation is not None and stream.invocation.output == items
    assert client.account().charged - before == receipt.amount
    assert net.state.ledger.already_charged(receipt.request_id)


def test_invoke_of_a_generator_gets_the_list(net):
    inv = net.client().invoke("counter", {"n": 3})
    assert [x["i"] for x in inv.output] == [0, 1, 2] and inv.receipt.units == 3


def test_cocoon_invoke_stream_prints_each_item_then_the_receipt(net):
    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app

    runner = CliRunner()
    out = runner.invoke(app, ["invoke", "counter", "-d", '{"n": 3}', "--stream", "--receipt"],
                        env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.output.splitlines() if line.startswith("{")]
    assert [x["i"] for x in lines] == [0, 1, 2]
    assert "receipt" in out.output and "counter" in out.output
    as_json = runner.invoke(app, ["invoke", "counter", "-d", '{"n": 2}', "--stream", "--json"])
    assert as_json.exit_code == 0, as_json.output
    doc = json.loads(as_json.output)
    assert [x["i"] for x in doc["output"]] == [0, 1] and doc["receipt"]["receipt"]["units"] == 2


def test_first_item_arrives_before_the_function_ends(net, flag):
    client = net.client()
    started = time.perf_counter()
    with client.stream("counter", {"n": 3, "wait_for": str(flag)}) as stream:
        it = iter(stream)
        assert next(it)["i"] == 0  # the function is still waiting for the flag
        first_s = time.perf_counter() - started
        assert not flag.exists()
        flag.touch()
        assert list(it) == [{"i": 1, "seen": True}, {"i": 2, "seen": True}]
    assert first_s < 10 and stream.receipt is not None and stream.receipt.units == 3


def test_a_function_error_midway_is_charged_as_its_receipt_says(net):
    client = net.client()
    before = client.account().charged
    got = []
    with pytest.raises(CocoonError) as exc, client.stream(
            "counter", {"n": 5, "fail_after": 2}) as stream:
        got.extend(stream)
    assert exc.value.code == "function_error"
    assert [x["i"] for x in got] == [0, 1]
    assert stream.receipt is not None and stream.receipt.outcome == "error"
    assert client.account().charged - before == stream.receipt.amount


def test_a_client_that_leaves_midway_is_charged_once_for_the_receipt(net, flag):
    """The raw HTTP stream: read the first record, hang up; the function then finishes and
    the gateway charges exactly what the runtime's receipt says, once."""
    client = net.client()
    sealed = client._seal("counter", {"n": 3, "wait_for": str(flag)}, None, refresh=False)
    rid = sealed.header.request_id
    before = client.account().charged
    headers = {"authorization": f"Bearer {net.client_key}", "accept": STREAM_MEDIA_TYPE,
               "content-type": "application/octet-stream"}
    with httpx.Client(base_url=net.gateway_url, timeout=30, trust_env=False) as http:
        with http.stream("POST", "/v1/functions/counter/invoke", content=sealed.envelope,
                         headers=headers) as resp:
            assert resp.status_code == 200
            assert resp.headers["content-type"].startswith(STREAM_MEDIA_TYPE)
            first = next(resp.iter_raw())
            assert first[0] == RECORD_CHUNK
        flag.touch()  # the client is gone; the function goes on to its end
        ledger = net.state.ledger
        deadline = time.monotonic() + 15
        while not ledger.already_charged(rid):
            assert time.monotonic() < deadline, "never charged"
            time.sleep(0.02)
        time.sleep(0.2)
        assert client.account().charged - before == 3 * 1000  # 3 units, charged once
        # the same request again (a client reconnecting): the gateway's cached answer, as a
        # stream, the whole of it; not run or charged again
        body = http.post("/v1/functions/counter/invoke", content=sealed.envelope,
                         headers=headers).content
    finish = lambda signed, digest, items: client._check(sealed, signed, digest)  # noqa: E731
    again = Stream(io.BytesIO(body).read, request_id=rid, response_key=sealed.response_key,
                   finish=finish)  # type: ignore[arg-type]
    assert [x["i"] for x in again] == [0, 1, 2]
    assert client.account().charged - before == 3 * 1000


@pytest.mark.parametrize("fault", ["cut before the receipt", "receipt tampered",
                                   "chunk altered"])
def test_a_provider_whose_stream_fails_is_not_paid(net, monkeypatch, fault):
    """The provider's runtime misbehaves after its 200 (a rogue replica, patched in): the
    gateway sends an error record, charges nothing and releases the reservation; the client's
    opener would refuse it anyway."""
    [loaded] = [f for f in net.backend.functions.values() if f.invoker.function.name == "counter"]
    honest = loaded.invoker.handle_stream

    def rogue(body, headers=None):
        for record in honest(body, headers):
            if record[0] == RECORD_RECEIPT:
                if fault == "cut before the receipt":
                    return
                if fault == "receipt tampered":
                    record = record.replace(b'"units":3', b'"units":2')
            elif fault == "chunk altered" and record[-1:]:
                record = record[:-1] + bytes([record[-1] ^ 1])
            yield record

    monkeypatch.setattr(loaded.invoker, "handle_stream", rogue)
    client = net.client()
    before = client.account()
    with pytest.raises(CocoonError) as exc, client.stream("counter", {"n": 3}) as stream:
        list(stream)
    # the gateway's word, or (a chunk altered) the opener's, which sees it first
    assert exc.value.code == ("envelope_rejected" if fault == "chunk altered"
                              else "provider_failed")
    assert stream.receipt is None
    deadline = time.monotonic() + 10  # the gateway's relay ends on its own time
    while (after := client.account()).reserved != before.reserved:
        assert time.monotonic() < deadline, "reservation never released"
        time.sleep(0.02)
    assert after.charged == before.charged
