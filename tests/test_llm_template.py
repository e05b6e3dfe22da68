"""templates/llm: SmolLM2-135M-Instruct on llama.cpp, metered per token.

The request checks run here without a network or a model; the rest deploys the template on the
Ray-free harness network (the model loads once, in the function's worker process) and asks it for
a few tokens: the real model answers, and the receipt charges what ``usage`` counts.
"""

import importlib.util
import sys

import pytest
from harness import TEMPLATES, Network

from cocoon.runtime.errors import ERROR_STATUS, CocoonError
from cocoon.runtime.manifest import load_folder

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


# -- input validation, no network ------------------------------------------------------------


def test_manifest_prices_tokens_within_the_context_window():
    assert MANIFEST.pricing.unit == "token" and MANIFEST.pricing.max_units == main.CONTEXT
    assert MANIFEST.resources.memory_mb and MANIFEST.limits.timeout_s >= 60
    assert main.model_path().is_file()


def test_valid_requests_parse():
    chat = main.parse_request(CHAT)
    assert chat.messages[0].role == "user" and chat.prompt is None and chat.max_tokens == 8
    assert chat.stop == [] and chat.temperature == 0.0
    completion = main.parse_request({"prompt": "Once", "stop": "\n", "temperature": 1,
                                     "model": "llm", "seed": 7})
    assert completion.messages is None and completion.stop == ["\n"]
    assert completion.max_tokens is None and completion.temperature == 1.0


@pytest.mark.parametrize(("payload", "words"), [
    (["not", "an", "object"], "JSON object"),
    ({}, 'either "messages"'),
    ({"prompt": "a", "messages": [{"role": "user", "content": "b"}]}, 'either "messages"'),
    ({"messages": []}, "messages"),
    ({"messages": "hi"}, "messages"),
    ({"messages": [{"role": "wizard", "content": "x"}]}, "messages.0.role"),
    ({"messages": [{"role": "user", "content": 5}]}, "messages.0.content"),
    ({"messages": [{"role": "user"}]}, "messages.0.content: Field required"),
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
    ({"prompt": "a", "stream": True}, "stream: Extra inputs are not permitted"),
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


def test_chat_answers_and_the_receipt_charges_its_tokens(llm: Network):
    client = llm.client()
    first = client.invoke("llm", CHAT)
    out = first.output
    assert out["model"] == "SmolLM2-135M-Instruct"
    assert out["message"]["role"] == "assistant" and out["message"]["content"].strip()
    total = _check_usage(out, 8)
    price = MANIFEST.pricing.unit_price
    assert first.receipt.units == total and first.receipt.unit_price == price
    assert first.receipt.amount == total * price and first.receipt.outcome == "ok"
    again = client.invoke("llm", CHAT).output
    assert again == out  # temperature 0: greedy, the same answer every time


def test_plain_prompt_completes(llm: Network):
    result = llm.client().invoke("llm", {"prompt": "The sky is", "max_tokens": 6,
                                         "temperature": 0})
    assert result.output["text"].strip() and "message" not in result.output
    assert result.receipt.units == _check_usage(result.output, 6)


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
