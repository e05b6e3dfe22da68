"""An LLM's answer streamed into the Mini App: templates/llm (SmolLM2-135M on llama.cpp, the
real model) deployed on the Ray-free network, chosen in the page, a chat request sent with
streaming on.

A MutationObserver in the page records the output's text length, and when the receipt panel
fills, with timestamps: the text must grow over several renders before the receipt appears (the
stream is shown as it comes, not at the end), and the final text must be the non-streamed answer
(temperature 0 is greedy: the same tokens), with a receipt the page verified.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from harness import TEMPLATES
from playwright.sync_api import expect

CHAT = {"messages": [{"role": "user", "content": "Name three colours of the rainbow."}],
        "max_tokens": 16, "temperature": 0}

RECORD = """() => {
  const out = document.querySelector('[data-testid="output"]');
  const receipt = document.querySelector('[data-testid="receipt"]');
  window.__renders = [];
  window.__receiptAt = null;
  new MutationObserver(() => window.__renders.push(
      { t: performance.now(), n: out.textContent.length }))
    .observe(out, { childList: true, characterData: true, subtree: true });
  new MutationObserver(() => {
    if (window.__receiptAt === null && receipt.childElementCount) {
      window.__receiptAt = performance.now();
    }
  }).observe(receipt, { childList: true, subtree: true });
}"""


@pytest.fixture(scope="module")
def llm(app_network: Any) -> Any:
    app_network.net.deploy_and_wait(TEMPLATES / "llm", timeout=120)
    return app_network


def test_streamed_tokens_render_one_by_one_before_the_receipt(page, llm):
    whole = llm.net.client().invoke("llm", CHAT).output["message"]["content"]
    assert whole.strip()
    page.goto(llm.url + "/app/")
    page.get_by_test_id("api-key").fill(llm.client_key)
    page.get_by_test_id("sign-in-button").click()
    select = page.get_by_test_id("function-select")
    expect(select.locator("option[value=llm]")).to_have_count(1, timeout=15_000)
    select.select_option("llm")
    page.get_by_test_id("input").fill(json.dumps(CHAT))
    page.get_by_test_id("stream-toggle").check()
    page.evaluate(RECORD)
    page.get_by_test_id("invoke").click()
    expect(page.get_by_test_id("receipt-status")).to_have_text("verified", timeout=60_000)

    assert page.get_by_test_id("output").text_content() == whole
    renders = page.evaluate("window.__renders")
    receipt_at = page.evaluate("window.__receiptAt")
    lengths = [r["n"] for r in renders if r["t"] < receipt_at]
    growing = [n for i, n in enumerate(lengths) if n > 0 and (i == 0 or n > lengths[i - 1])]
    assert lengths == sorted(lengths) and lengths[-1] == len(whole)  # only ever grows
    assert len(growing) >= 3, renders  # partial renders, each longer, before the receipt
    assert growing[0] < len(whole)
    assert page.get_by_test_id("receipt-provider").text_content() == "local"
    units = page.get_by_test_id("receipt-units").text_content()
    assert "prompt" in units and "completion" in units  # a token-metered receipt
    expect(page.get_by_test_id("error")).to_be_empty()
