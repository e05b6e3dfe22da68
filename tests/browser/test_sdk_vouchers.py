"""The browser SDK's vouchers where only a browser can show them: the page's calls carry their
vouchers in the ``x-cocoon-voucher`` header of the next call (tests/test_browser_sdk.py checks
that under Node), so the gateway lacks the last call's until the page sends it; a page that
goes away sends it itself (``pagehide``: a ``keepalive`` POST /v1/vouchers, which outlives the
page and keeps its Authorization header)."""

from __future__ import annotations

import time
from typing import Any

import httpx

CALLS = """async (args) => {
  const sdk = await import("/sdk/cocoon.js");
  const client = await sdk.connect({ apiKey: args.key, payerKey: args.seed,
                                     allowSimulated: true });
  const amounts = [];
  for (let i = 0; i < 3; i++) amounts.push((await client.invoke("echo", { i })).receipt.amount);
  return amounts;
}"""


def account(app_network: Any) -> dict[str, Any]:
    with httpx.Client(base_url=app_network.url, trust_env=False,
                      headers={"authorization": f"Bearer {app_network.client_key}"}) as http:
        return http.get("/v1/account").json()


def test_a_page_that_goes_away_posts_its_last_voucher(page, app_network):
    page.goto(app_network.url + "/healthz")
    before = account(app_network)
    requests: list[Any] = []
    page.on("request", lambda r: requests.append(r))
    amounts = page.evaluate(CALLS, {"key": app_network.client_key,
                                    "seed": app_network.payer_seed})
    assert len(amounts) == 3 and all(a > 0 for a in amounts)
    assert not [r for r in requests if r.url.endswith("/v1/vouchers")]  # the calls carried them
    carried = [r.headers.get("x-cocoon-voucher") for r in requests if r.url.endswith("/invoke")]
    assert carried[0] is None and all(carried[1:]), carried
    mid = account(app_network)
    assert mid["vouchered"] - before["vouchered"] == sum(amounts[:-1])  # not the last call's
    page.goto("about:blank")  # the page goes away: pagehide
    deadline = time.monotonic() + 20
    while (after := account(app_network))["vouchered"] == mid["vouchered"]:
        assert time.monotonic() < deadline, "the page left without its last voucher"
        time.sleep(0.05)
    assert after["vouchered"] - before["vouchered"] == sum(amounts)
    assert after["charged"] - before["charged"] == sum(amounts)
    # (Playwright reports no request of a page being unloaded: the gateway's account, which
    # only an authorized POST /v1/vouchers raises, is the witness)
