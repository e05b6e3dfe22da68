"""The OpenAI API over Cocoon: the official ``openai`` package against ``cocoon proxy``'s server
(a real HTTP server on 127.0.0.1) and against the in-process ``httpx`` transport, on the Ray-free
harness network with templates/llm and templates/embeddings deployed (one network for the
module, a few tokens per call). Every answer comes from the real model through sealed calls."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import openai
import pytest
from harness import TEMPLATES, Network, running_network

from cocoon.platform.openai_api import OpenAIApi
from cocoon.platform.openai_proxy import ProxyServer
from cocoon.platform.sdk.openai import AsyncCocoonTransport, CocoonTransport
from cocoon.runtime.backends import InProcessBackend
from cocoon.runtime.manifest import load_folder

LLM_PRICING = load_folder(TEMPLATES / "llm")[0].pricing
EMBED_PRICE = load_folder(TEMPLATES / "embeddings")[0].pricing.unit_price
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


class RoomyBackend(InProcessBackend):
    """The in-process backend, offering room for echo, llm and embeddings (a CPU each) on a
    2-core CI machine: the models only run a few tokens here."""

    def capacity_cpus(self) -> float:
        return max(4.0, super().capacity_cpus())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    with running_network(tmp_path_factory.mktemp("cocoon-home"), backend=RoomyBackend()) as net:
        net.deploy_and_wait(TEMPLATES / "llm", timeout=120)
        net.deploy_and_wait(TEMPLATES / "embeddings", timeout=120)
        yield net


@pytest.fixture(scope="module")
def proxy(served: Network) -> Iterator[ProxyServer]:
    server = ProxyServer(0, OpenAIApi(served.gateway_url))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def llm(proxy: ProxyServer, served: Network) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=proxy.url, api_key=served.client_key, max_retries=0) as client:
        yield client


def llm_cost(usage) -> int:
    """What the receipt charges for these counts (each kind of token at its weight)."""
    weights = (getattr(LLM_PRICING, "prompt_weight", 1), getattr(LLM_PRICING,
                                                                 "completion_weight", 1))
    units = usage.prompt_tokens * weights[0] + usage.completion_tokens * weights[1]
    return units * LLM_PRICING.unit_price


def _error(exc: openai.APIStatusError) -> dict:
    body = exc.response.json()
    assert set(body["error"]) == {"message", "type", "param", "code"}
    return body["error"]


# -- models ----------------------------------------------------------------------------------


def test_models_are_the_functions(llm: openai.OpenAI):
    ids = {m.id for m in llm.models.list()}
    assert {"echo", "llm", "embeddings"} <= ids
    model = llm.models.retrieve("llm")
    assert model.id == "llm" and model.object == "model" and model.owned_by == "cocoon"
    with pytest.raises(openai.NotFoundError) as exc:
        llm.models.retrieve("no-such-function")
    assert _error(exc.value)["code"] == "model_not_found"


# -- chat and completions, not streamed ------------------------------------------------------


def test_chat_completion_answers_with_usage_and_cost(llm: openai.OpenAI, served: Network):
    answer = llm.chat.completions.create(model="llm", messages=QUESTION, max_tokens=8,
                                         temperature=0)
    assert answer.object == "chat.completion" and answer.model == "llm"
    (choice,) = answer.choices
    assert choice.message.role == "assistant" and choice.message.content.strip()
    assert choice.finish_reason in ("stop", "length")
    usage = answer.usage
    assert usage.prompt_tokens > 0 and 1 <= usage.completion_tokens <= 8
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert usage.cost_nanotons == llm_cost(usage)
    # the same sealed call through the SDK: the same greedy answer
    direct = served.client().invoke("llm", {"messages": QUESTION, "max_tokens": 8,
                                            "temperature": 0})
    assert direct.output["message"]["content"] == choice.message.content
    assert answer.id == "chatcmpl-" + answer.id.removeprefix("chatcmpl-")


def test_max_completion_tokens_is_max_tokens(llm: openai.OpenAI):
    answer = llm.chat.completions.create(model="llm", messages=QUESTION,
                                         max_completion_tokens=3, temperature=0)
    assert answer.usage.completion_tokens <= 3


def test_text_completion(llm: openai.OpenAI):
    answer = llm.completions.create(model="llm", prompt="The sky is", max_tokens=5,
                                    temperature=0)
    assert answer.object == "text_completion" and answer.choices[0].text.strip()
    assert answer.usage.cost_nanotons == llm_cost(answer.usage)
    listed = llm.completions.create(model="llm", prompt=["The sky is"], max_tokens=5,
                                    temperature=0)
    assert listed.choices[0].text == answer.choices[0].text


# -- embeddings ------------------------------------------------------------------------------


def test_embeddings_float_and_base64(llm: openai.OpenAI, served: Network):
    texts = ["hello world", "bonjour le monde"]
    default = llm.embeddings.create(model="embeddings", input=texts)  # base64 on the wire
    floats = llm.embeddings.create(model="embeddings", input=texts, encoding_format="float")
    assert [d.index for d in floats.data] == [0, 1] and len(floats.data[0].embedding) == 384
    direct = served.client().invoke("embeddings", {"texts": texts}).output["vectors"]
    assert [d.embedding for d in floats.data] == direct
    for a, b in zip(default.data, floats.data, strict=True):
        assert a.embedding == pytest.approx(b.embedding, abs=1e-6)
    assert floats.usage.cost_nanotons == 2 * EMBED_PRICE and floats.usage.total_tokens == 2
    one = llm.embeddings.create(model="embeddings", input="hello world",
                                encoding_format="float")
    assert one.data[0].embedding == direct[0]
    query = llm.embeddings.create(model="embeddings", input="hello world",
                                  encoding_format="float", extra_body={"kind": "query"})
    assert query.data[0].embedding != direct[0]  # the template's own option passes through


# -- keys and bad requests -------------------------------------------------------------------


def test_wrong_key_is_401(proxy: ProxyServer):
    with openai.OpenAI(base_url=proxy.url, api_key="ck_wrong", max_retries=0) as bad:
        with pytest.raises(openai.AuthenticationError) as exc:
            bad.chat.completions.create(model="llm", messages=QUESTION, max_tokens=2)
        assert _error(exc.value)["code"] == "unauthorized"
        with pytest.raises(openai.AuthenticationError):
            bad.models.list()
    assert "ck_wrong" not in proxy.api._clients  # a refused key keeps no SDK client
    with httpx.Client(base_url=proxy.url, trust_env=False) as http:
        missing = http.get("/models")
    assert missing.status_code == 401 and missing.json()["error"]["type"] == (
        "authentication_error")


@pytest.mark.parametrize(("kwargs", "param", "words"), [
    ({"messages": []}, "messages", "non-empty list"),
    ({"messages": QUESTION, "n": 2}, "n", "'n' must be 1"),
    ({"messages": [{"role": "wizard", "content": "x"}]}, None, "messages.0.role"),
    ({"messages": QUESTION, "max_tokens": 4096}, None, "max_tokens"),
    ({"messages": QUESTION, "temperature": 7}, None, "temperature"),
    ({"messages": QUESTION, "stream_options": {"include_usage": "yes"}}, "stream_options",
     "include_usage"),
])
def test_bad_chat_requests_are_openai_400s(llm: openai.OpenAI, kwargs, param, words):
    with pytest.raises(openai.BadRequestError) as exc:
        llm.chat.completions.create(model="llm", **kwargs)
    error = _error(exc.value)
    assert error["type"] == "invalid_request_error" and error["param"] == param
    assert words in error["message"]


def test_bad_shapes_never_500(proxy: ProxyServer, served: Network, llm: openai.OpenAI):
    with pytest.raises(openai.NotFoundError) as exc:
        llm.chat.completions.create(model="nope", messages=QUESTION)
    assert _error(exc.value)["code"] == "unknown_function"
    with pytest.raises(openai.BadRequestError):
        llm.embeddings.create(model="embeddings", input=[[1, 2, 3]])
    with pytest.raises(openai.BadRequestError):
        llm.completions.create(model="llm", prompt=["a", "b"])
    auth = {"authorization": f"Bearer {served.client_key}"}
    with httpx.Client(base_url=proxy.url, trust_env=False, headers=auth) as http:
        for method, path, body in [
            ("POST", "/chat/completions", b"{not json"),
            ("POST", "/chat/completions", b"[1, 2]"),
            ("POST", "/chat/completions", b'{"messages": []}'),
            ("POST", "/embeddings", b'{"model": "embeddings", "input": "a", '
                                    b'"encoding_format": "hex"}'),
            ("GET", "/chat/completions", b""),
            ("POST", "/models", b"{}"),
            ("GET", "/files", b""),
        ]:
            resp = http.request(method, path, content=body)
            assert 400 <= resp.status_code < 500, (method, path, resp.status_code)
            assert set(resp.json()["error"]) == {"message", "type", "param", "code"}


# -- the in-process transport ----------------------------------------------------------------


def test_the_httpx_transport_needs_no_proxy(served: Network, proxy: ProxyServer,
                                            llm: openai.OpenAI):
    transport = CocoonTransport(served.gateway_url)
    with openai.OpenAI(base_url="http://cocoon.local/v1", api_key=served.client_key,
                       http_client=httpx.Client(transport=transport), max_retries=0) as local:
        answer = local.chat.completions.create(model="llm", messages=QUESTION, max_tokens=6,
                                               temperature=0)
        via_proxy = llm.chat.completions.create(model="llm", messages=QUESTION, max_tokens=6,
                                                temperature=0)
        assert answer.choices[0].message.content == via_proxy.choices[0].message.content
        assert answer.usage.cost_nanotons == via_proxy.usage.cost_nanotons
        assert "llm" in {m.id for m in local.models.list()}
    with openai.OpenAI(base_url="http://cocoon.local/v1", api_key="ck_wrong", max_retries=0,
                       http_client=httpx.Client(transport=CocoonTransport(
                           served.gateway_url))) as bad, pytest.raises(openai.AuthenticationError):
        bad.models.list()


def test_the_async_transport(served: Network):
    async def run() -> tuple[list[float], str, str]:
        transport = AsyncCocoonTransport(served.gateway_url)
        async with openai.AsyncOpenAI(
                base_url="http://cocoon.local/v1", api_key=served.client_key, max_retries=0,
                http_client=httpx.AsyncClient(transport=transport)) as local:
            out = await local.embeddings.create(model="embeddings", input="hello world",
                                                encoding_format="float")
            kwargs = {"model": "llm", "messages": QUESTION, "max_tokens": 5, "temperature": 0}
            whole = await local.chat.completions.create(**kwargs)
            pieces = [c.choices[0].delta.content or "" async for c in
                      await local.chat.completions.create(**kwargs, stream=True)]
            return out.data[0].embedding, whole.choices[0].message.content, "".join(pieces)

    vector, whole, streamed = asyncio.run(run())
    assert streamed == whole
    assert vector == served.client().invoke("embeddings", {"texts": ["hello world"]}).output[
        "vectors"][0]


# -- the command -----------------------------------------------------------------------------


def test_cocoon_proxy_detached_serves_and_stops(served: Network):
    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app
    from cocoon.platform.embedded import free_port, port_free

    runner, port = CliRunner(), free_port()
    started = runner.invoke(app, ["proxy", "--detach", "--port", str(port), "--json"])
    assert started.exit_code == 0, started.output
    url = json.loads(started.stdout)["url"]
    assert url == f"http://127.0.0.1:{port}/v1"
    try:
        again = runner.invoke(app, ["proxy", "--detach", "--port", str(free_port())])
        assert again.exit_code == 1 and "already runs" in again.output
        with openai.OpenAI(base_url=url, api_key=served.client_key, max_retries=0) as client:
            assert "embeddings" in {m.id for m in client.models.list()}
    finally:
        stopped = runner.invoke(app, ["proxy", "stop", "--json"])
    assert stopped.exit_code == 0 and json.loads(stopped.stdout) == {"stopped": True}
    assert port_free(port)
    assert "no proxy was running" in runner.invoke(app, ["proxy", "stop"]).output


# -- streamed --------------------------------------------------------------------------------


def test_chat_stream_joins_to_the_same_answer_with_usage_last(llm: openai.OpenAI):
    kwargs = {"model": "llm", "messages": QUESTION, "max_tokens": 8, "temperature": 0}
    whole = llm.chat.completions.create(**kwargs)
    chunks = list(llm.chat.completions.create(**kwargs, stream=True,
                                              stream_options={"include_usage": True}))
    assert all(c.object == "chat.completion.chunk" and c.model == "llm" for c in chunks)
    assert len({c.id for c in chunks}) == 1 and chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    finished = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finished[-1] == whole.choices[0].finish_reason and not any(finished[:-1])
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) >= 2
    *_, last = chunks
    assert last.choices == [] and last.usage.total_tokens == whole.usage.total_tokens
    assert last.usage.cost_nanotons == whole.usage.cost_nanotons == llm_cost(last.usage)
    plain = list(llm.chat.completions.create(**kwargs, stream=True))
    assert all(c.usage is None for c in plain) and all(c.choices for c in plain)


def test_completion_stream(llm: openai.OpenAI):
    kwargs = {"model": "llm", "prompt": "The sky is", "max_tokens": 5, "temperature": 0}
    whole = llm.completions.create(**kwargs)
    chunks = list(llm.completions.create(**kwargs, stream=True))
    assert "".join(c.choices[0].text for c in chunks) == whole.choices[0].text
    assert chunks[-1].choices[0].finish_reason == whole.choices[0].finish_reason


def test_stream_through_the_transport_and_a_bad_stream_request(served: Network,
                                                               llm: openai.OpenAI):
    transport = CocoonTransport(served.gateway_url)
    with openai.OpenAI(base_url="http://cocoon.local/v1", api_key=served.client_key,
                       http_client=httpx.Client(transport=transport), max_retries=0) as local:
        kwargs = {"model": "llm", "messages": QUESTION, "max_tokens": 6, "temperature": 0}
        text = "".join(c.choices[0].delta.content or ""
                       for c in local.chat.completions.create(**kwargs, stream=True)
                       if c.choices)
        assert text == local.chat.completions.create(**kwargs).choices[0].message.content
    with pytest.raises(openai.BadRequestError) as exc:  # refused before any token: plain 400
        llm.chat.completions.create(model="llm", messages=QUESTION, max_tokens=4096,
                                    stream=True)
    assert "max_tokens" in _error(exc.value)["message"]


def test_tools_pass_through(llm: openai.OpenAI):
    tools = [{"type": "function", "function": {
        "name": "get_weather", "description": "The weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"]}}}]
    ask = [{"role": "user", "content": "What is the weather in Paris?"}]
    answer = llm.chat.completions.create(model="llm", messages=ask, tools=tools,
                                         tool_choice="required", max_tokens=40, temperature=0)
    (call,) = answer.choices[0].message.tool_calls
    assert call.function.name == "get_weather" and answer.choices[0].finish_reason == (
        "tool_calls")
    assert isinstance(json.loads(call.function.arguments), dict)
    streamed = [c for c in llm.chat.completions.create(
        model="llm", messages=ask, tools=tools, tool_choice="required", max_tokens=40,
        temperature=0, stream=True) if c.choices and c.choices[0].delta.tool_calls]
    (piece,) = streamed[0].choices[0].delta.tool_calls
    assert piece.index == 0 and piece.function.name == "get_weather"
    assert piece.function.arguments == call.function.arguments


def test_a_caller_that_leaves_mid_stream_is_charged_once(proxy: ProxyServer, served: Network):
    client = served.client()
    seen = {r.receipt.request_id for r in client.usage(limit=200).receipts}
    body = {"model": "llm", "messages": QUESTION, "max_tokens": 40, "temperature": 0,
            "stream": True}
    auth = {"authorization": f"Bearer {served.client_key}"}
    with httpx.Client(base_url=proxy.url, trust_env=False, headers=auth, timeout=30) as http:
        with http.stream("POST", "/chat/completions", json=body) as resp:
            assert resp.status_code == 200
            assert resp.headers["content-type"].startswith("text/event-stream")
            lines = resp.iter_lines()
            assert next(lines).startswith("data: ")  # the role chunk; then leave
        deadline = time.monotonic() + 30
        while not (new := [r.receipt for r in client.usage(limit=200).receipts
                           if r.receipt.request_id not in seen]):
            assert time.monotonic() < deadline, "the call was never charged"
            time.sleep(0.1)
        time.sleep(0.5)
        assert len(new) == 1 and new[0].amount > 0 and new[0].function == "llm"
        assert len([r for r in client.usage(limit=200).receipts
                    if r.receipt.request_id not in seen]) == 1


def test_cocoon_proxy_in_the_foreground_stops_on_sigterm(served: Network):
    import signal
    import socket
    import subprocess
    import sys

    from typer.testing import CliRunner

    from cocoon.platform.cli.main import app
    from cocoon.platform.embedded import free_port

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        refused = CliRunner().invoke(app, ["proxy", "--port", str(taken.getsockname()[1])])
    assert refused.exit_code == 1 and "is taken" in refused.output
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cocoon.platform.cli.main", "proxy",
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=str(TEMPLATES.parent))
    try:
        deadline = time.monotonic() + 30
        with httpx.Client(trust_env=False, timeout=2) as http:
            while True:
                try:
                    if http.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    assert proc.poll() is None and time.monotonic() < deadline
                    time.sleep(0.1)
            models = http.get(f"http://127.0.0.1:{port}/v1/models",
                              headers={"authorization": f"Bearer {served.client_key}"})
        assert models.status_code == 200 and "llm" in {m["id"] for m in models.json()["data"]}
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0 and b"Traceback" not in out
    assert f"127.0.0.1:{port}/v1".encode() in out
