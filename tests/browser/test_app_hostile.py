"""The Mini App against hostile parties, in real Chromium on the Ray-free network.

A function developer controls names, descriptions and outputs; a provider controls its id and
the receipts it signs; the operator controls every answer of the gateway. Here the gateway's
answers are rewritten on their way to the page (Playwright's ``page.route``: the real answer
fetched, then altered) to play those parties: markup and bidi controls in names and
descriptions, receipts signed by keys of nobody's offer, overcharging or tampered receipts.
The page must show them as text, keep the price where it is, and call no such receipt
``verified``.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import httpx
from browser_support import THEME, USER, AppNetwork, launch_url, sign_init_data
from playwright.sync_api import expect

from cocoon.runtime.envelope import RuntimeKeys, sign_receipt
from cocoon.runtime.wire import UsageReceipt

TIMEOUT_MS = 20_000
REFUSED = r"^Failed to load resource: the server responded with a status of 401"
MARKUP = '<img src="x" onerror="window.__pwned = 1"><b>bold</b>'
# U+202E (right-to-left override) would show the rest reversed, and with it whatever follows
SPOOF = "\u202e" + "llac rep NOT 0 :eerf"


def signed_in(page: Any, net: AppNetwork) -> None:
    page.goto(net.url + "/app/")
    page.get_by_test_id("api-key").fill(net.client_key)
    page.get_by_test_id("sign-in-button").click()
    page.get_by_test_id("account").wait_for(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("function-select").locator("option").first).to_be_attached(
        timeout=TIMEOUT_MS)


def rewrite(page: Any, pattern: str, change: Any) -> None:
    """The real answer to requests matching ``pattern``, its JSON passed through ``change``."""
    def handle(route: Any) -> None:
        resp = route.fetch()
        route.fulfill(response=resp, body=json.dumps(change(resp.json())))
    page.route(re.compile(pattern), handle)


def no_injected_markup(page: Any) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main b").count() == 0


def tons(nano: int) -> str:
    whole, frac = divmod(nano, 10**9)
    return f"{whole}" + (f".{frac:09d}".rstrip("0") if frac else "")


def test_names_descriptions_and_outputs_are_text_and_cannot_move_the_price(page, app_network):
    def hostile_functions(fns: list[dict]) -> list[dict]:
        for f in fns:
            f["description"] = MARKUP + SPOOF
        return [*fns, {**fns[0], "name": MARKUP + SPOOF}]

    rewrite(page, r".*/v1/functions$", hostile_functions)
    rewrite(page, r".*/v1/providers$",
            lambda ps: [*ps, {**ps[0], "id": MARKUP, "evidence_kinds": [MARKUP]}])
    signed_in(page, app_network)
    page.get_by_test_id("function-select").select_option("echo")
    echo = next(f for f in httpx.get(
        app_network.url + "/v1/functions", trust_env=False,
        headers={"authorization": f"Bearer {app_network.client_key}"}).json()
        if f["name"] == "echo")
    info = page.get_by_test_id("function-info")
    # the price comes first, on its own; the description after it, isolated in a <bdi>
    assert info.evaluate("e => e.firstElementChild.dataset.testid") == "function-price"
    assert page.get_by_test_id("function-price").inner_text() == (
        f"{tons(echo['unit_price'])} TON per call, at most 1")
    description = page.get_by_test_id("function-description")
    assert description.evaluate("e => e.tagName") == "BDI"
    assert description.text_content() == MARKUP + SPOOF
    options = page.get_by_test_id("function-select").locator("option").all_text_contents()
    assert MARKUP + SPOOF in options
    # a function's output: shown as JSON text
    page.get_by_test_id("input").fill(json.dumps({"html": MARKUP}))
    page.get_by_test_id("invoke").click()
    expect(page.get_by_test_id("receipt-status")).to_have_text("verified", timeout=TIMEOUT_MS)
    assert json.loads(page.get_by_test_id("output").text_content()) == {"html": MARKUP}
    page.get_by_test_id("tab-dashboard").click()
    expect(page.get_by_test_id("dashboard")).to_have_attribute("data-loaded", re.compile(r"\d"),
                                                                timeout=TIMEOUT_MS)
    assert MARKUP in page.get_by_test_id("providers").text_content()
    no_injected_markup(page)


def test_a_receipt_is_verified_only_when_a_verified_offer_holds_its_signer(page, app_network):
    """GET /v1/usage lists receipts: the real one, then three the gateway (or a provider) made
    up: signed by a fresh key (a valid signature, by a key no offer holds), the same
    overcharging (amount != units x unit price), and the real one with its amount raised
    after signing."""
    stranger = RuntimeKeys.generate().signing

    def forged(usage: dict) -> dict:
        real = usage["receipts"][0]
        r = dict(real["receipt"])
        by_stranger = sign_receipt(UsageReceipt(**{**r, "request_id": "ab" * 16}), stranger)
        overcharged = sign_receipt(UsageReceipt(**{**r, "request_id": "cd" * 16,
                                                   "amount": r["amount"] * 10}), stranger)
        tampered = {**real, "receipt": {**r, "amount": r["amount"] + 1}}
        usage["receipts"] = [real, by_stranger.model_dump(mode="json"),
                             overcharged.model_dump(mode="json"), tampered]
        return usage

    signed_in(page, app_network)
    page.get_by_test_id("function-select").select_option("echo")
    page.get_by_test_id("input").fill('{"receipt": "real"}')
    page.get_by_test_id("invoke").click()
    expect(page.get_by_test_id("receipt-status")).to_have_text("verified", timeout=TIMEOUT_MS)
    rewrite(page, r".*/v1/usage\?.*", forged)
    page.get_by_test_id("tab-dashboard").click()
    expect(page.get_by_test_id("dashboard")).to_have_attribute("data-loaded", re.compile(r"\d"),
                                                                timeout=TIMEOUT_MS)
    real, stranger_s, overcharged, tampered = page.get_by_test_id(
        "receipt-row-status").all_inner_texts()
    assert real == "verified"
    assert stranger_s == "unverified: its signer is in no verified offer of its provider"
    assert overcharged.startswith("invalid: ") and "amount is not units x unit_price" in overcharged
    assert "signed by an unexpected key" in overcharged
    assert tampered.startswith("invalid: ") and "signature does not verify" in tampered
    classes = page.get_by_test_id("receipt-row-status").evaluate_all(
        "els => els.map(e => e.className)")
    assert classes == ["ok", "bad", "bad", "bad"]


def test_a_link_with_forged_launch_parameters_cannot_recolour_the_page(page, page_log,
                                                                        app_network):
    """Launch parameters are a URL hash anyone can write: initData signed for another bot and
    a theme that paints hints (the muted text, prices among them) in the background colour.
    The page refuses the initData and keeps its own colours."""
    page_log.expect_console(REFUSED)
    forged = sign_init_data("7000000002:another-bot", {**USER, "id": 5512349001})
    theme = {**THEME, "hint_color": THEME["bg_color"]}
    page.goto(launch_url(app_network.url, forged, theme))
    expect(page.get_by_test_id("auth-error")).to_have_text(re.compile("^invalid_init_data: "),
                                                           timeout=TIMEOUT_MS)
    assert page.evaluate("getComputedStyle(document.documentElement)"
                         ".getPropertyValue('--tg-theme-hint-color').trim()") == ""


def test_keys_and_sessions_go_only_to_the_gateway_and_the_payer_key_nowhere(page, app_network):
    """Every request the page makes, while it signs in (an API key and a payer key, then a
    Telegram session), calls a function twice (the second carries the first's voucher) and
    reads the dashboard: the API key and the session only in the Authorization header of
    requests to the gateway, the payer key (its seed) in no URL, header or body at all."""
    seen: list[tuple[str, dict[str, str], bytes]] = []
    page.on("request", lambda r: seen.append((r.url, r.all_headers(), r.post_data_buffer or b"")))
    page.goto(app_network.url + "/app/")
    page.get_by_test_id("api-key").fill(app_network.client_key)
    page.get_by_test_id("payer-key").fill(app_network.payer_seed)
    page.get_by_test_id("sign-in-button").click()
    page.get_by_test_id("account").wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("function-select").select_option("echo")
    page.get_by_test_id("input").fill('{"secrets": "stay"}')
    for _ in range(2):  # (a click clears the receipt panel before it calls)
        page.get_by_test_id("invoke").click()
        expect(page.get_by_test_id("receipt-status")).to_have_text("verified",
                                                                   timeout=TIMEOUT_MS)
    page.get_by_test_id("tab-dashboard").click()
    expect(page.get_by_test_id("dashboard")).to_have_attribute("data-loaded", re.compile(r"\d"),
                                                                timeout=TIMEOUT_MS)
    page.goto("about:blank")  # (else only the hash changes: no new page)
    page.goto(launch_url(app_network.url, sign_init_data(app_network.bot_token,
                                                         {**USER, "id": 5512349002})))
    expect(page.get_by_test_id("account")).to_have_text(re.compile(r"^acct_"),
                                                        timeout=TIMEOUT_MS)
    assert page.get_by_test_id("account").inner_text() != app_network.account
    expect(page.get_by_test_id("function-select").locator("option").first).to_be_attached(
        timeout=TIMEOUT_MS)
    gateway = urlsplit(app_network.url).netloc
    secrets = {"API key": app_network.client_key, "payer key": app_network.payer_seed}
    assert [u for u, h, _ in seen if "x-cocoon-voucher" in h], "no voucher sent: no payer key"
    bearers = set()
    for url, headers, body in seen:
        for name, value in headers.items():
            if name == "authorization":
                assert urlsplit(url).netloc == gateway, url
                bearers.add(value)
                continue
            for what, secret in secrets.items():
                assert secret not in value, (what, url, name)
        for what, secret in secrets.items():
            assert secret not in url and secret.encode() not in body, (what, url)
    sessions = {b for b in bearers if b != f"Bearer {app_network.client_key}"}
    assert len(sessions) == 1 and next(iter(sessions)).startswith("Bearer ck_s_")


def test_on_ton_a_link_with_someones_init_data_signs_in_only_inside_telegram(page, app_network):
    """initData is valid for a day: a link carrying someone's, opened in a plain browser, would
    sign the reader in to that person's account (and a top-up there would credit it). On a
    real TON network the page uses initData only inside a Telegram client (here the mobile
    apps' webview proxy, defined before the page runs); the gateway answers chain=ton here."""
    rewrite(page, r".*/v1/network$", lambda terms: {**terms, "chain": "ton"})
    sessions: list[str] = []
    page.on("request", lambda r: "/v1/telegram/session" in r.url and sessions.append(r.url))
    link = launch_url(app_network.url, sign_init_data(app_network.bot_token,
                                                      {**USER, "id": 5512349003}))
    page.goto(link)
    expect(page.get_by_test_id("auth-error")).to_contain_text("open it from Telegram",
                                                              timeout=TIMEOUT_MS)
    assert sessions == [] and page.get_by_test_id("account").count() == 0
    page.goto("about:blank")
    page.add_init_script("window.TelegramWebviewProxy = { postEvent() {} };")
    page.goto(link)
    expect(page.get_by_test_id("account")).to_have_text(re.compile(r"^acct_"),
                                                        timeout=TIMEOUT_MS)
    assert len(sessions) == 1
