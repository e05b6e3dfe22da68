"""templates/llm: SmolLM2-135M-Instruct on llama.cpp, prompt and completion metered apart.

The request checks run here without a network or a model; the rest deploys the template on the
Ray-free harness network (the model loads once, in the function's worker process) and asks it for
a few tokens: the real model answers, streamed or not, and the receipt charges what ``usage``
counts, prompt and completion tokens weighed with the manifest's weights.
"""

import importlib.util
import json
import sys

import pytest
from harness import TEMPLATES, Network

from cocoon.runtime import meter
from cocoon.runtime.envelope import RuntimeKeys, check_signed_receipt, sign_receipt
from cocoon.runtime.errors import ERROR_STATUS, CocoonError
from cocoon.runtime.function import call_metered
from cocoon.runtime.isolation import run_payload
from cocoon.runtime.manifest import Manifest, load_folder
from cocoon.runtime.wire import RoutingHeader, UsageReceipt

FOLDER = TEMPLATES / "llm"


def _load_main():
    """The template's main.py as a module of its own (as the runtime imports it)."""
    spec = importlib.util.spec_from_file_location("cocoon_llm_template_main", FOLDER / "main.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


main = _load_main()
MANIFEST, _ = load_folder(FOLDER)
CHAT = {"messages": [{"role": "user", "content": "What is the capital of France?"}],
        "max_tokens": 8, "temperature": 0}
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}
TOOLS = {"messages": [{"role": "user", "content": "What is the weather in Paris?"}],
         "max_tokens": 24, "temperature": 0, "tools": [WEATHER]}


# -- input validation, no network ------------------------------------------------------------


def test_manifest_prices_prompt_and_completion_within_the_context_window():
    pricing = MANIFEST.pricing
    assert pricing.unit == "token" and pricing.weights == (1, 4)  # completion costs 4x
    # any split of the context window between prompt and completion fits max_units
    assert pricing.max_units == main.CONTEXT * max(pricing.weights)
    assert MANIFEST.resources.memory_mb and MANIFEST.limits.timeout_s >= 60
    assert main.model_path().is_file()


def test_weights_default_to_one_and_stay_out_of_old_manifests():
    plain = Manifest.parse('name = "x"')
    assert plain.pricing.weights == (1, 1) and "weight" not in plain.to_toml()
    weighed = Manifest.parse('name = "x"\n[pricing]\ncompletion_weight = 3')
    assert Manifest.parse(weighed.to_toml()).pricing.weights == (1, 3)
    with pytest.raises(CocoonError, match="prompt_weight"):
        Manifest.parse('name = "x"\n[pricing]\nprompt_weight = -1')
    with pytest.raises(CocoonError, match="completion_weight"):
        Manifest.parse('name = "x"\n[pricing]\ncompletion_weight = 1.5')


def test_meter_counts_prompt_and_completion_and_the_runtime_weighs_them():
    """``meter(prompt=, completion=)``: units are the counts weighed with the manifest's
    weights, and they keep the counts (for the receipt); more than max_units is refused like
    any over-metering; ``meter(units)`` is as before."""
    def model(payload):
        meter(prompt=payload["p"], completion=payload["c"])
        return "ok"

    units = call_metered(model, {"p": 5, "c": 2}, weights=(1, 4))[1]
    assert (units, units.prompt, units.completion) == (13, 5, 2)
    outcome, units, _ = run_payload(model, b'{"p": 5, "c": 2}', 13, "m", weights=(1, 4))
    assert (outcome, units, units.prompt, units.completion) == ("ok", 13, 5, 2)
    outcome, units, result = run_payload(model, b'{"p": 5, "c": 3}', 13, "m", weights=(1, 4))
    assert (outcome, units) == ("error", 1) and b"more than max_units (13)" in result
    plain = call_metered(lambda _: meter(7), None)[1]
    assert (plain, plain.prompt, plain.completion) == (7, None, None)
    assert call_metered(lambda _: None, None)[1] == 1  # not metered: one unit
    for bad in ({"units": 1, "prompt": 1, "completion": 1}, {"prompt": 1}, {},
                {"prompt": -1, "completion": 1}, {"prompt": 1, "completion": True}):
        with pytest.raises(ValueError):
            meter(**bad)


def _receipt(**counts) -> UsageReceipt:
    return UsageReceipt(request_id="ab" * 16, client="acct_1", function="llm",
                        function_digest="cd" * 32, provider="p1", units=counts.pop("units"),
                        unit_price=25, amount=25 * 0, time_ms=1, outcome="ok",
                        response_digest="ef" * 32, simulated=True, **counts)


@pytest.mark.parametrize(("units", "counts", "ok"), [
    (13, {"prompt_units": 5, "completion_units": 2}, True),  # 5 * 1 + 2 * 4
    (7, {"prompt_units": 5, "completion_units": 2}, False),  # unweighed: 5 + 2
    (14, {"prompt_units": 5, "completion_units": 2}, False),
    (13, {}, True),  # no counts (an old runtime, a function that meters units): as before
])
def test_receipts_counts_must_weigh_to_its_units(units, counts, ok):
    """The gateway and the SDK refuse a receipt whose units are not its prompt and completion
    counts weighed with the manifest's weights (the amount is units x price, as ever)."""
    keys = RuntimeKeys.generate()
    receipt = _receipt(units=units, **counts).model_copy(update={"amount": 25 * units})
    header = RoutingHeader(function="llm", version=1, digest="cd" * 32, client="acct_1",
                           max_price=10**9, request_id="ab" * 16, timestamp_ms=1)
    signed = sign_receipt(receipt, keys.signing)
    check = lambda: check_signed_receipt(  # noqa: E731
        signed, header, digest="ef" * 32, provider="p1", signers={keys.signing_public.hex()},
        unit_price=None, max_units=8192, weights=(1, 4))
    if ok:
        assert check().units == units
    else:
        with pytest.raises(CocoonError, match="does not match"):
            check()
    with pytest.raises(ValueError, match="go together"):
        _receipt(units=1, prompt_units=1)


def test_valid_requests_parse():
    chat = main.parse_request(CHAT)
    assert chat.messages[0].role == "user" and chat.prompt is None and chat.max_tokens == 8
    assert chat.stop == [] and chat.temperature == 0.0
    completion = main.parse_request({"prompt": "Once", "stop": "\n", "temperature": 1,
                                     "model": "llm", "seed": 7})
    assert completion.messages is None and completion.stop == ["\n"]
    assert completion.max_tokens is None and completion.temperature == 1.0
    assert not completion.stream and completion.tool_mode() == "none"
    streamed = main.parse_request({**CHAT, "stream": True,
                                   "stream_options": {"include_usage": True}})
    assert streamed.stream and streamed.stream_options.include_usage
    assert main.parse_request(TOOLS).tool_mode() == "auto"  # OpenAI's default with tools
    named = {"type": "function", "function": {"name": "get_weather"}}
    assert main.parse_request({**TOOLS, "tool_choice": named}).tool_mode() == "get_weather"
    assert main.parse_request({**TOOLS, "tool_choice": "none"}).tool_mode() == "none"
    round_trip = {**TOOLS, "messages": [
        *TOOLS["messages"],
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": '{"celsius": 21}'}]}
    assert "functions.get_weather:\n" in main.ToolPrompt.render(main.parse_request(round_trip))


@pytest.mark.parametrize(("payload", "words"), [
    (["not", "an", "object"], "JSON object"),
    ({}, 'either "messages"'),
    ({"prompt": "a", "messages": [{"role": "user", "content": "b"}]}, 'either "messages"'),
    ({"messages": []}, "messages"),
    ({"messages": "hi"}, "messages"),
    ({"messages": [{"role": "wizard", "content": "x"}]}, "messages.0.role"),
    ({"messages": [{"role": "user", "content": 5}]}, "messages.0.content"),
    ({"messages": [{"role": "user"}]}, "messages.0: content is required"),
    ({"prompt": ""}, "prompt"),
    ({"prompt": "a", "max_tokens": "8"}, "max_tokens"),
    ({"prompt": "a", "max_tokens": 8.5}, "max_tokens"),
    ({"prompt": "a", "max_tokens": True}, "max_tokens"),
    ({"prompt": "a", "max_tokens": 0}, "max_tokens"),
    ({"prompt": "a", "max_tokens": main.CONTEXT + 1}, f"less than or equal to {main.CONTEXT}"),
    ({"prompt": "a", "temperature": "hot"}, "temperature"),
    ({"prompt": "a", "temperature": 2.5}, "temperature"),
    ({"prompt": "a", "stop": ["1", "2", "3", "4", "5"]}, "stop"),
    ({"prompt": "a", "stop": [""]}, "stop"),
    ({"prompt": "a", "stop": 5}, "stop: Input should be a valid list"),
    ({"prompt": "a", "stream": "yes"}, "stream"),
    ({"prompt": "a", "stream_options": {"x": 1}}, "stream_options.x"),
    ({"prompt": "a", "tools": [WEATHER]}, "tools need messages"),
    ({**TOOLS, "tools": []}, "tools"),
    ({**TOOLS, "tools": [{"type": "web", "function": WEATHER["function"]}]}, "tools.0.type"),
    ({**TOOLS, "tools": [{"type": "function", "function": {"name": "a b"}}]},
     "tools.0.function.name"),
    ({**TOOLS, "tool_choice": "always"}, "tool_choice"),
    ({**TOOLS, "tool_choice": {"type": "function", "function": {"name": "nope"}}},
     "not in tools"),
    ({**CHAT, "tool_choice": "required"}, "tool_choice needs tools"),
    ({"messages": [{"role": "user", "content": None}]}, "content is required"),
    ({"messages": [{"role": "user", "content": "x", "tool_calls": []}]}, "only an assistant"),
])
def test_bad_requests_are_named(payload, words):
    with pytest.raises(ValueError) as exc:
        main.parse_request(payload)
    assert words in str(exc.value)


def test_errors_never_quote_the_payload():
    secret = "SECRET-7f3a"
    with pytest.raises(ValueError) as exc:
        main.parse_request({"messages": [{"role": secret, "content": 1}], "max_tokens": secret,
                            "stop": [secret] * 5, "n": secret})
    assert secret not in str(exc.value) and "input_value" not in str(exc.value)
    assert "messages.0.role" in str(exc.value) and "max_tokens" in str(exc.value)
    assert "n: Extra inputs are not permitted" in str(exc.value)


def test_completion_budget_fits_the_context_window():
    assert main.completion_budget(40, 8, context=100) == 8
    assert main.completion_budget(40, 60, context=100) == 60  # exactly full
    assert main.completion_budget(40, None, context=100) == 60  # the room left, if under 256
    assert main.completion_budget(40, None, context=4096) == main.DEFAULT_MAX_TOKENS
    with pytest.raises(ValueError, match="ask for at most 60"):
        main.completion_budget(40, 61, context=100)
    with pytest.raises(ValueError, match="at most 99 fit"):
        main.completion_budget(100, None, context=100)


@pytest.mark.parametrize(("text", "stops", "kept"), [
    (b"Hello", [], 0),
    (b"Hello wor", [b"world"], 3),  # "wor" may begin the stop sequence: it waits
    (b"Hello w", [b"xyz", b"wx"], 1),
    (b"Hello", [b"Hello!"], 5),
    ("caf\u00e9".encode()[:-1], [], 1),  # half of a 2-byte character
    ("\u20ac".encode()[:2], [], 2),  # two bytes of a 3-byte one
    ("\u20ac".encode(), [], 0),
])
def test_streamed_text_waits_for_what_the_next_token_decides(text, stops, kept):
    assert main.held_back(text, stops) == kept


def test_tool_calls_are_read_from_the_function_calling_format():
    request = main.parse_request(TOOLS)
    calls = main.ToolPrompt.parse('functions.get_weather:\n{"city": "Paris"}', request)
    assert calls is not None and len(calls) == 1 and calls[0]["type"] == "function"
    assert calls[0]["function"] == {"name": "get_weather", "arguments": '{"city": "Paris"}'}
    two = main.ToolPrompt.parse('functions.get_weather:\n{"city": "A"}\n'
                                'functions.get_weather:\n{"city": "B"}', request)
    assert [c["function"]["arguments"] for c in two] == ['{"city": "A"}', '{"city": "B"}']
    for message in ("message:\nIt is sunny", "functions.unknown:\n{}",
                    "functions.get_weather:\n[1]", "functions.get_weather:\n{"):
        assert main.ToolPrompt.parse(message, request) is None


# -- through the network ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def llm(network: Network) -> Network:
    network.deploy_and_wait(FOLDER, timeout=120)
    return network


def _check_usage(out: dict, max_tokens: int) -> int:
    usage = out["usage"]
    assert 1 <= usage["completion_tokens"] <= max_tokens and usage["prompt_tokens"] > 0
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert out["finish_reason"] in ("stop", "length")
    return usage["total_tokens"]


def _check_charge(receipt, usage: dict) -> None:
    """The receipt carries the prompt and completion counts of ``usage`` and charges them
    weighed: prompt_weight 1, completion_weight 4, at the manifest's unit price."""
    assert (receipt.prompt_units, receipt.completion_units) == (
        usage["prompt_tokens"], usage["completion_tokens"])
    assert receipt.units == usage["prompt_tokens"] * 1 + usage["completion_tokens"] * 4
    assert receipt.unit_price == MANIFEST.pricing.unit_price and receipt.outcome == "ok"
    assert receipt.amount == receipt.units * receipt.unit_price


def test_chat_answers_and_the_receipt_charges_its_tokens(llm: Network):
    client = llm.client()
    first = client.invoke("llm", CHAT)
    out = first.output
    assert out["model"] == "SmolLM2-135M-Instruct"
    assert out["message"]["role"] == "assistant" and out["message"]["content"].strip()
    _check_usage(out, 8)
    _check_charge(first.receipt, out["usage"])
    again = client.invoke("llm", CHAT).output
    assert again == out  # temperature 0: greedy, the same answer every time


def test_plain_prompt_completes(llm: Network):
    result = llm.client().invoke("llm", {"prompt": "The sky is", "max_tokens": 6,
                                         "temperature": 0})
    assert result.output["text"].strip() and "message" not in result.output
    _check_usage(result.output, 6)
    _check_charge(result.receipt, result.output["usage"])


def test_streamed_tokens_join_to_the_non_streamed_answer(llm: Network):
    """At temperature 0 the stream's deltas, one item per token or so, are the non-streamed
    answer exactly; the last item has its usage, and the receipt charges it."""
    client = llm.client()
    whole = client.invoke("llm", CHAT).output
    with client.stream("llm", {**CHAT, "stream": True}) as stream:
        items = list(stream)
    *deltas, final = items
    assert len(deltas) > 1 and all(set(d) == {"delta"} for d in deltas)
    assert "".join(d["delta"] for d in deltas) == whole["message"]["content"]
    assert final == {"model": whole["model"], "finish_reason": whole["finish_reason"],
                     "usage": whole["usage"]}
    assert stream.receipt is not None
    _check_charge(stream.receipt, whole["usage"])
    # an old client's invoke of a streamed request: the same items, as one list
    listed = client.invoke("llm", {**CHAT, "stream": True})
    assert listed.output == items
    _check_charge(listed.receipt, whole["usage"])


def test_a_required_tool_call_passes_through(llm: Network):
    """SmolLM2 has no tool syntax of its own: llama.cpp's ChatML function-calling format, with
    the tool's JSON schema as a grammar, makes its answer a well-formed call."""
    client = llm.client()
    result = client.invoke("llm", {**TOOLS, "tool_choice": "required"})
    out = result.output
    assert out["finish_reason"] == "tool_calls" and out["message"]["content"] is None
    (call,) = out["message"]["tool_calls"]
    assert call["function"]["name"] == "get_weather"
    assert isinstance(json.loads(call["function"]["arguments"])["city"], str)
    _check_charge(result.receipt, out["usage"])
    with client.stream("llm", {**TOOLS, "tool_choice": "required", "stream": True}) as stream:
        tool_item, final = list(stream)
    assert tool_item["tool_calls"][0]["function"] == call["function"]
    assert final["finish_reason"] == "tool_calls" and final["usage"] == out["usage"]


@pytest.mark.parametrize(("payload", "words"), [
    ({"max_tokens": 8}, 'either "messages"'),
    ({"messages": [], "max_tokens": 8}, "messages"),
    ({"messages": [{"role": "user", "content": ["a"]}]}, "messages.0.content"),
    ({**CHAT, "max_tokens": main.CONTEXT + 1}, "max_tokens"),
    ({**CHAT, "max_tokens": main.CONTEXT}, "over the 2048-token limit"),
    ({**CHAT, "temperature": "0"}, "temperature"),
    ("just a string", "JSON object"),
])
def test_bad_input_is_a_clear_4xx_function_error(llm: Network, payload, words):
    with pytest.raises(CocoonError) as exc:
        llm.client().invoke("llm", payload)
    assert exc.value.code == "function_error" and 400 <= ERROR_STATUS[exc.value.code] < 500
    assert exc.value.status < 500 and words in exc.value.message


def test_the_template_folder_is_only_code_and_manifest():
    """What `cocoon init --template llm` copies: the model comes from the package."""
    assert sorted(p.name for p in FOLDER.iterdir() if p.name != "__pycache__") == [
        "cocoon.toml", "main.py"]
