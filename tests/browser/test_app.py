"""The Mini App and its dashboard (web/app, served at /app/) in real Chromium on the Ray-free
network: sign in with an API key, invoke echo (plain and streamed) and see the output, a
verified receipt and the balance; the dashboard's chart, receipts, providers and earnings. The
``page`` fixture fails a test whose page logs an error or reaches past 127.0.0.1 (TON Connect
must stay unloaded on the embedded chain). Also, without a browser: how the gateway serves the
app's files (CSP, ETag, no path out of the package) and that the committed build is what the
pinned toolchain makes of the sources.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import BOT_TOKEN, AppNetwork, launch_url, sign_init_data
from harness import REPO, running_network
from playwright.sync_api import expect
from pytoniq_core import Address, Cell, StateInit

from cocoon.contracts.channel import TOPUP_GAS_RESERVE, top_up_body
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer, wallet_address
from cocoon.platform.ledger import Ledger
from cocoon.platform.settlement import ClientTerms, local
from cocoon.platform.settlement.client_side import channel_id_for
from cocoon.platform.settlement.deposits import credit_deposits

APP = REPO / "web" / "app"
TIMEOUT_MS = 20_000


def signed_in(page: Any, net: AppNetwork, payer: bool = False) -> Any:
    """The app, signed in with the client's API key through the form."""
    page.goto(net.url + "/app/")
    page.get_by_test_id("api-key").fill(net.client_key)
    if payer:
        page.get_by_test_id("payer-key").fill(net.payer_seed)
    page.get_by_test_id("sign-in-button").click()
    page.get_by_test_id("account").wait_for(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("function-select").locator("option").first).to_be_attached(
        timeout=TIMEOUT_MS)
    return page


def invoke(page: Any, function: str, text: str, stream: bool = False) -> str:
    """Run one call from the page; the receipt's status text once it shows."""
    page.get_by_test_id("function-select").select_option(function)
    page.get_by_test_id("input").fill(text)
    page.get_by_test_id("stream-toggle").set_checked(stream)
    page.get_by_test_id("invoke").click()
    status = page.get_by_test_id("receipt-status")
    status.wait_for(timeout=TIMEOUT_MS)
    return status.inner_text()


def test_the_page_invokes_echo_and_shows_a_verified_receipt_and_the_balance(page, app_network):
    signed_in(page, app_network)
    assert page.get_by_test_id("account").inner_text() == app_network.account
    before = page.get_by_test_id("balance").inner_text()
    assert invoke(page, "echo", '{"hello": "browser"}') == "verified"
    assert json.loads(page.get_by_test_id("output").inner_text()) == {"hello": "browser"}
    receipt = page.get_by_test_id("receipt").inner_text()
    assert "local" in receipt and "simulated" in receipt and "0.000001 TON" in receipt
    assert page.get_by_test_id("error").inner_text() == ""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # a phone
    # the balance is read again after the call: echo costs 1000 nanotons
    expect(page.get_by_test_id("balance")).not_to_have_text(before, timeout=TIMEOUT_MS)
    spent = (float(before.split()[0]) - float(page.get_by_test_id("balance").inner_text()
                                              .split()[0]))
    assert abs(spent - 0.000001) < 1e-12
    # the embedded chain: the page says how to top up and loads no wallet code
    assert "cocoon channel top-up" in page.get_by_test_id("topup").inner_text()


def test_a_streamed_call_from_the_page_and_bad_input(page, app_network):
    signed_in(page, app_network)
    assert invoke(page, "echo", "[1, 2, 3]", stream=True) == "verified"
    assert page.get_by_test_id("output").inner_text().strip()
    page.get_by_test_id("input").fill("{not json")
    page.get_by_test_id("invoke").click()
    expect(page.get_by_test_id("error")).to_have_text(re.compile("^invalid_json: "))


def test_a_wrong_api_key_is_refused_with_its_code(page, page_log, app_network):
    page_log.expect_console(r"status of 401")
    page.goto(app_network.url + "/app/")
    page.get_by_test_id("api-key").fill("ck_not_a_key")
    page.get_by_test_id("sign-in-button").click()
    expect(page.get_by_test_id("auth-error")).to_have_text(re.compile("^unauthorized: "),
                                                           timeout=TIMEOUT_MS)


# -- serving ------------------------------------------------------------------------------------


def test_the_gateway_serves_the_app_files_with_its_headers(app_network):
    with httpx.Client(base_url=app_network.url, trust_env=False) as http:
        index = http.get("/app/")
        assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
        csp = index.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "connect-src 'self' https: wss:" in csp
        assert index.headers["x-content-type-options"] == "nosniff"
        assert index.headers["cache-control"] == "no-cache"
        again = http.get("/app/", headers={"if-none-match": index.headers["etag"]})
        assert again.status_code == 304
        script = http.get("/app/app.js")
        assert script.headers["content-type"].startswith("text/javascript")
        assert b'"/sdk/cocoon.js"' in script.content  # imported at run time, not bundled
        assert http.get("/app/app.css").headers["content-type"].startswith("text/css")
        for path in ("/app/nothing.js", "/app/..%2F..%2Fpyproject.toml", "/app/%2e%2e",
                     "/app/__init__.py", "/app/../healthz/x"):
            resp = http.get(path)
            assert resp.status_code == 404, path
            if resp.headers["content-type"].startswith("application/json"):
                assert resp.json()["error"]["code"] == "not_found"
        manifest = http.get("/app/tonconnect-manifest.json").json()
        assert manifest["url"] == app_network.url + "/app/"
        assert manifest["iconUrl"] == app_network.url + "/app/icon.png"
        assert http.get("/app/icon.png").content.startswith(b"\x89PNG")
        proxied = http.get("/app/tonconnect-manifest.json",
                           headers={"host": "cocoon.example:8443"}).json()
        assert proxied["url"] == "http://cocoon.example:8443/app/"


def test_the_committed_build_is_what_the_sources_make(tmp_path: Path):
    for folder in (APP, REPO / "web" / "sdk"):
        if not (folder / "node_modules" / ".package-lock.json").exists():
            pytest.fail(f"{folder.relative_to(REPO)}'s toolchain is missing: run `make test` "
                        f"(npm ci --prefix {folder.relative_to(REPO)})", pytrace=False)
    node = shutil.which("node")
    assert node, "Node.js is needed to build web/app"
    # typechecked against the SDK's own sources (tsconfig maps /sdk/cocoon.js to web/sdk/src)
    check = subprocess.run([node, "node_modules/typescript/bin/tsc", "-p", "."], cwd=APP,
                           capture_output=True, text=True, timeout=180)
    assert check.returncode == 0, check.stdout + check.stderr
    out = tmp_path / "dist"
    subprocess.run([node, "build.mjs", str(out)], cwd=APP, check=True, timeout=120)
    built = {p.name: p.read_bytes() for p in out.iterdir()}
    committed = {p.name: p.read_bytes() for p in (APP / "dist").iterdir()}
    assert built.keys() == committed.keys()
    assert [n for n in built if built[n] != committed[n]] == []


def test_the_dashboard_shows_usage_receipts_providers_and_earnings(page, app_network):
    signed_in(page, app_network)
    assert invoke(page, "echo", '{"for": "the dashboard"}') == "verified"
    page.get_by_test_id("tab-dashboard").click()
    dashboard = page.get_by_test_id("dashboard")
    # (no wait_for_function: it evaluates a string, which the app's CSP refuses)
    expect(dashboard).to_have_attribute("data-loaded", re.compile(r"^\d+$"), timeout=TIMEOUT_MS)
    for section in ("usage-chart", "receipts", "providers", "earnings"):
        assert page.get_by_test_id(f"{section}-error").inner_text() == "", section
    # the chart: one series per function, echo's with a bar for the calls just made
    bars = dashboard.locator("[data-testid=usage-chart] svg g.series[data-function=echo] rect")
    assert bars.count() >= 1
    history = httpx.get(app_network.url + "/v1/usage/history", params={"bucket_s": 3600},
                        headers={"authorization": f"Bearer {app_network.client_key}"},
                        trust_env=False).json()
    calls = sum(p["calls"] for p in history["points"] if p["function"] == "echo")
    row = page.get_by_test_id("usage-table").locator("tr", has_text="echo")
    assert row.locator("td").nth(1).inner_text() == str(calls)
    # recent receipts, each checked in the page
    statuses = page.get_by_test_id("receipt-row-status").all_inner_texts()
    assert statuses and set(statuses) == {"verified"}
    providers = page.get_by_test_id("providers").inner_text()
    assert "local" in providers and "echo" in providers and "simulated" in providers
    # the account runs provider "local": its earnings (the harness does not settle: zeros)
    earnings = page.get_by_test_id("earnings").locator("tbody tr")
    assert earnings.count() == 1 and earnings.locator("td").first.inner_text() == "local"
    assert int(earnings.locator("td").nth(1).inner_text()) >= calls
    # a phone's width: nothing wider than the screen but the scrollable tables
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def ton_connect_chunk() -> str:
    """The chunk app.js loads TON Connect from (only on a real TON network)."""
    found = re.search(r'import\("\./(chunk-[A-Za-z0-9]+\.js)"\)', (APP / "dist" / "app.js")
                      .read_text())
    assert found, "app.js loads no TON Connect chunk"
    return found.group(1)


def test_ton_connect_is_not_loaded_on_the_embedded_chain(page, app_network):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    signed_in(page, app_network)
    page.get_by_test_id("tab-dashboard").click()
    expect(page.get_by_test_id("dashboard")).to_have_attribute("data-loaded", re.compile(r"\d"),
                                                                timeout=TIMEOUT_MS)
    chunk = ton_connect_chunk()
    assert not [u for u in requested if chunk in u]
    assert page.get_by_test_id("topup-connect").count() == 0


def test_on_a_ton_network_the_page_starts_ton_connect(page, app_network):
    """The harness's chain is the TON emulator, so GET /v1/network is answered here as a
    gateway on TON would (chain "ton", the same channel terms), and the wallet lists TON
    Connect fetches from the internet are answered with none: the two mocks of this test."""
    terms = httpx.get(app_network.url + "/v1/network", trust_env=False).json()
    assert terms["platform_wallet"]  # the harness settles: a real channel's terms
    page.route("**/v1/network", lambda r: r.fulfill(json={**terms, "chain": "ton"}))
    page.route(re.compile(r"^https://"), lambda r: r.fulfill(json=[]))
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    signed_in(page, app_network)
    assert [u for u in requested if ton_connect_chunk() in u] == []  # not before it is asked
    page.get_by_test_id("topup-connect").click()
    expect(page.locator("#ton-connect-button button").first).to_be_visible(timeout=TIMEOUT_MS)
    assert [u for u in requested if ton_connect_chunk() in u]
    page.get_by_test_id("topup-amount").fill("not TON")
    page.get_by_test_id("topup-send").click()
    expect(page.get_by_test_id("topup-status")).to_have_text(re.compile("^bad_request: "))
    # no payer key was given: the page makes one, shows it once, and signs in again with it
    page.get_by_test_id("payer-create").click()
    seed = page.get_by_test_id("payer-backup").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", seed)
    assert page.evaluate("localStorage.getItem('cocoon.payerKey')") == seed
    with page.expect_event("load", timeout=TIMEOUT_MS):  # the page reloads: not the old one's
        page.get_by_test_id("payer-saved").click()
    expect(page.get_by_test_id("account")).to_have_text(app_network.account, timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("topup-connect")).to_be_visible(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("payer-offer").count() == 0


# A wallet inside whose browser the page runs, as TON Connect's JS bridge sees one
# (window[key].tonconnect, isWalletBrowser): it reports its account and hands each
# sendTransaction to the test, which executes it on the embedded chain with the wallet's key.
FAKE_WALLET = """
(([address, publicKey]) => {
  window.__wallet = { sent: [] };
  const device = { platform: "linux", appName: "cocoonwallet", appVersion: "1.0",
    maxProtocolVersion: 2,
    features: ["SendTransaction", { name: "SendTransaction", maxMessages: 4 }] };
  const connected = { event: "connect", id: 1, payload: { device, items: [
    { name: "ton_addr", address, network: "-239", publicKey, walletStateInit: "" }] } };
  window.cocoonwallet = { tonconnect: {
    deviceInfo: device, protocolVersion: 2, isWalletBrowser: true,
    walletInfo: { name: "Cocoon test wallet", app_name: "cocoonwallet", image: "",
                  about_url: "http://127.0.0.1/", platforms: ["chrome"] },
    connect: async () => connected,
    restoreConnection: async () => connected,
    send: (request) => new Promise((answer) => {
      window.__wallet.sent.push({ request, answer });
      // for the test to wait on (expect), as it cannot on a variable: the page's CSP
      document.documentElement.dataset.walletSent = String(window.__wallet.sent.length);
    }),
    listen: () => () => {},
    disconnect: () => {},
  } };
})(%s);
"""


WALLETS = [{"app_name": "cocoonwallet", "name": "Cocoon test wallet", "image": "",
            "about_url": "http://127.0.0.1/", "platforms": ["chrome"],
            "bridge": [{"type": "js", "key": "cocoonwallet"}]}]


def test_a_wallet_opens_and_tops_up_the_channel_from_the_page(page, app_network):
    """A new account without a channel opens one from the page, then tops it up: the SDK
    builds each message, TON Connect hands it to the wallet (here the test, with a funded key
    on the embedded chain: it checks the message against Python's channel and sends it), the
    page registers the channel with the payer key, and the deposit and the top-up are
    credited. Mocked: /v1/network's chain ("ton") and TON Connect's internet wallet list
    (which then lists the wallet the page runs in)."""
    ton = 10**9
    wallet, payer = KeyPair(b"w" * 32), KeyPair(b"p" * 32)
    owner = wallet_address(wallet.public).to_str(is_user_friendly=False)
    chain = local.embedded_chain(app_network.net.home)
    chain.fund(wallet_address(wallet.public), 20 * ton)
    chain.close()
    with app_network.net.http(None) as http:
        created = http.post("/v1/accounts", json={"name": "wallet user"}).json()
        terms = http.get("/v1/network").json()
    account = created["account"]["id"]
    page.route("**/v1/network", lambda r: r.fulfill(json={**terms, "chain": "ton"}))
    page.route(re.compile(r"^https://"), lambda r: r.fulfill(
        json=WALLETS if "wallets" in r.request.url else {}))
    page.add_init_script(FAKE_WALLET % json.dumps([owner, wallet.public.hex()]))
    page.goto(app_network.url + "/app/")
    page.get_by_test_id("api-key").fill(created["api_key"])
    page.get_by_test_id("payer-key").fill(payer.seed.hex())
    page.get_by_test_id("sign-in-button").click()
    expect(page.get_by_test_id("balance")).to_have_text("0 TON", timeout=TIMEOUT_MS)
    page.get_by_test_id("topup-connect").click()
    page.get_by_test_id("topup-amount").fill("3")
    page.get_by_test_id("topup-send").click()
    expect(page.get_by_test_id("topup-status")).to_contain_text("Confirm", timeout=TIMEOUT_MS)
    # the page shows "Confirm" before TON Connect hands the message to the wallet
    expect(page.locator("html")).to_have_attribute("data-wallet-sent", "1", timeout=TIMEOUT_MS)
    request = page.evaluate("window.__wallet.sent[0].request")
    assert request["method"] == "sendTransaction"
    tx = json.loads(request["params"][0])
    (message,) = tx["messages"]
    expected = ClientTerms.model_validate(terms).channel_params(
        payer_wallet=owner, payer_key=payer.public.hex(),
        channel_id=channel_id_for(account, payer))
    state_init = StateInit.deserialize(
        Cell.one_from_boc(base64.b64decode(message["stateInit"])).begin_parse())
    body = Cell.one_from_boc(base64.b64decode(message["payload"]))
    assert state_init.serialize().hash == expected.state_init().serialize().hash
    destination = Address(message["address"])
    assert destination == expected.address and not destination.is_bounceable
    assert int(message["amount"]) == 3 * ton + TOPUP_GAS_RESERVE
    assert body.hash == top_up_body(3 * ton).hash
    chain = local.embedded_chain(app_network.net.home)
    chain.deploy(wallet, state_init, int(message["amount"]), body)
    chain.close()
    page.evaluate("(r) => window.__wallet.sent[0].answer(r)",
                  {"result": message["stateInit"], "id": request["id"]})
    expect(page.get_by_test_id("topup-status")).to_have_text("Channel open with 3 TON.",
                                                             timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("balance")).to_have_text("3 TON", timeout=TIMEOUT_MS)
    with app_network.net.http(created["api_key"]) as http:
        held = http.get("/v1/account").json()
        assert http.get("/v1/network").json()["chain"] == "embedded"  # only the page's mocked
    assert held["credited"] == 3 * ton
    assert held["channel"]["address"] == expected.address.to_str(is_user_friendly=False)
    # a top-up of the open channel: to its bounceable address; credited once the chain
    # watcher sees it (one pass run here, as tests/test_accounts_api.py does)
    page.get_by_test_id("topup-amount").fill("2")
    page.get_by_test_id("topup-send").click()
    expect(page.get_by_test_id("topup-status")).to_contain_text("Confirm the top-up",
                                                                timeout=TIMEOUT_MS)
    expect(page.locator("html")).to_have_attribute("data-wallet-sent", "2", timeout=TIMEOUT_MS)
    request = page.evaluate("window.__wallet.sent[1].request")
    (message,) = json.loads(request["params"][0])["messages"]
    destination = Address(message["address"])
    assert destination == expected.address and destination.is_bounceable
    assert "stateInit" not in message and int(message["amount"]) == 2 * ton + TOPUP_GAS_RESERVE
    body = Cell.one_from_boc(base64.b64decode(message["payload"]))
    assert body.hash == top_up_body(2 * ton).hash
    chain = local.embedded_chain(app_network.net.home)
    chain.transfer(wallet, [Transfer(dest=destination, value=int(message["amount"]), body=body)])
    chain.close()
    page.evaluate("(r) => window.__wallet.sent[1].answer(r)",
                  {"result": message["payload"], "id": request["id"]})
    with local.open_settlement(app_network.net.home) as settlement:
        credit_deposits(settlement, Ledger(settlement.db))
    expect(page.get_by_test_id("topup-status")).to_have_text("Credited 2 TON.",
                                                             timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("balance")).to_have_text("5 TON", timeout=TIMEOUT_MS)


def test_an_expired_telegram_session_is_renewed_from_the_same_init_data(page, page_log,
                                                                         tmp_path: Path):
    """The page outlives its session: the next reads are refused once (401, logged by
    Chromium) and then answered with a new session, one for all of them.

    On a network of this test's own, the first session lasts 2 s (the gateway counts whole
    seconds: it expires 1 to 2 s after it starts). Its answer reaches the page only once the
    gateway's sessions last an hour: the renewal, which cannot come before the page has that
    answer, gets a session that outlives the test however slow the machine. (With 1 s sessions
    throughout, a loaded machine saw the renewed session expire during the reads too: a third
    sign-in.) The test waits for the expiry the gateway stated, not for a guessed time."""
    page_log.expect_console(r"status of 401")
    with running_network(tmp_path / "home", telegram_bot_token=BOT_TOKEN,
                         telegram_session_s=2) as net:
        sign_ins: list[str] = []
        page.on("request", lambda r: r.url.endswith("/v1/telegram/session")
                and sign_ins.append(r.url))
        first: list[dict[str, Any]] = []

        def first_session(route: Any) -> None:
            resp = route.fetch()  # the gateway's real answer: a 2 s session
            net.state.settings.telegram_session_s = 3_600  # from now on (the renewal)
            first.append(resp.json())
            route.fulfill(response=resp)

        page.route("**/v1/telegram/session", first_session, times=1)
        page.goto(launch_url(net.gateway_url, sign_init_data(BOT_TOKEN)))
        account = page.get_by_test_id("account")
        expect(account).to_have_text(re.compile(r"^acct_"), timeout=TIMEOUT_MS)
        expect(page.get_by_test_id("function-select").locator("option").first).to_be_attached(
            timeout=TIMEOUT_MS)  # the page's first reads are done
        (session,) = first
        time.sleep(max(0.0, session["expires_at"] - time.time()) + 0.05)  # until it expires
        page.get_by_test_id("tab-dashboard").click()
        expect(page.get_by_test_id("dashboard")).to_have_attribute(
            "data-loaded", re.compile(r"\d"), timeout=TIMEOUT_MS)
        for section in ("usage-chart", "receipts", "providers", "earnings"):
            assert page.get_by_test_id(f"{section}-error").inner_text() == "", section
        assert len(sign_ins) == 2  # the first session, and one new one for all the reads
        assert page_log.console_errors  # the refusal that started it
