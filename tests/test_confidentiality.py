"""No plaintext payload outside the runtime: a unique canary string sent (and returned) as
payload never shows up in the gateway's logs, its database files, its traces, or the bytes the
gateway sends to and receives from the provider (recorded by a TCP relay on that hop)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from harness import free_port, running_network
from tcp_recorder import TcpRecorder

from cocoon.runtime import tracing
from cocoon.runtime.backends import InProcessBackend


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def traced(tmp_path_factory):
    home = tmp_path_factory.mktemp("canary-home")
    trace_file = home / "traces.jsonl"
    backend_port = free_port()
    recorder = TcpRecorder(backend_port)
    collect = _Collect()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(collect)
    root.setLevel(logging.DEBUG)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COCOON_TRACES", f"file:{trace_file}")
        mp.setattr(tracing, "_configured", False)
        try:
            with running_network(home, backend=InProcessBackend(port=backend_port),
                                 endpoint=recorder.url) as net:
                yield net, recorder, collect, trace_file
        finally:
            recorder.close()
            root.removeHandler(collect)
            root.setLevel(old_level)


def test_canary_never_leaves_the_runtime(traced):
    net, recorder, logs, trace_file = traced
    canary = "canary-" + os.urandom(12).hex()
    client = net.client()
    result = client.invoke("echo", {"secret": canary})
    assert result.output == {"secret": canary}  # the client does get it back
    # a refused request (max price below one unit) carrying the canary leaks nothing either
    from cocoon.runtime.errors import CocoonError

    with pytest.raises(CocoonError):
        client.invoke("echo", {"secret": canary}, max_price=1)  # refused: below one unit
    needle = canary.encode()
    assert len(recorder.sent) > 0 and len(recorder.received) > 0
    assert needle not in bytes(recorder.sent)
    assert needle not in bytes(recorder.received)
    assert b"CCN1" in recorder.sent and b"CCR1" in recorder.received  # it was that hop
    for path in net.home.rglob("*"):
        if path.is_file() and path != trace_file:
            assert needle not in path.read_bytes(), f"canary in {path}"
    assert logs.lines, "nothing was logged at all: the check would be vacuous"
    assert not [line for line in logs.lines if canary in line]
    assert needle not in trace_file.read_bytes()


def test_spans_cover_each_phase_and_share_one_trace(traced):
    net, _, _, trace_file = traced
    net.client().invoke("echo", {"trace": "me"})
    spans = [json.loads(line) for line in Path(trace_file).read_text().splitlines() if line]
    by_name: dict[str, list[dict]] = {}
    for span in spans:
        by_name.setdefault(span["name"], []).append(span)
    wanted = ["gateway.invoke", "gateway.route", "gateway.forward", "runtime.open",
              "runtime.run", "runtime.seal", "ledger.charge"]
    assert set(wanted) <= set(by_name), sorted(by_name)
    last_trace = by_name["ledger.charge"][-1]["context"]["trace_id"]
    for name in wanted:
        assert any(s["context"]["trace_id"] == last_trace for s in by_name[name]), name
    run = next(s for s in by_name["runtime.run"] if s["context"]["trace_id"] == last_trace)
    assert run["attributes"]["cocoon.outcome"] == "ok"
    assert run["attributes"]["cocoon.units"] == 1
    opened = next(s for s in by_name["runtime.open"] if s["context"]["trace_id"] == last_trace)
    assert opened["attributes"]["cocoon.envelope_bytes"] > 0
