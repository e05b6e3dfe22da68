"""Browser tests: real Chromium (Debian's ``chromium``, driven by Playwright) against the Ray-free
network of tests/harness.py.

Fixtures:

- ``browser``: one headless Chromium per session.
- ``page``: a fresh context and page per test. Every request the page makes is routed here:
  one to anything but 127.0.0.1 is aborted and recorded (a page under test must never reach
  the internet: no CDN, no wallet list, no analytics), as are WebSockets. Console errors and
  uncaught page errors are recorded too. At teardown a full-page screenshot is saved to
  ``artifacts/screenshots/<test name>.png`` (``$COCOON_ARTIFACTS`` replaces ``artifacts``), then
  the test fails if the page logged an error it did not declare (``page_log.expect_console``)
  or tried to reach another host.
- ``page_log``: what ``page`` recorded, for tests to read or to declare expected errors.
- ``app_network``: a module's network (echo deployed, Telegram sign-in on with
  :data:`BOT_TOKEN`), with the client's API key and payer key at hand.

Helpers (``from conftest import ...``, as tests/settlement does): :func:`sign_init_data`
(Telegram's signature, written from its documentation) and :func:`launch_url` (the URL
Telegram opens a Mini App at).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from harness import REPO, Network, running_network

from cocoon.contracts.keys import KeyPair, load_key_file
from cocoon.runtime import config

BOT_TOKEN = "7000000001:browser-tests-bot-token-0123456789"
ALLOWED_HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-proxy-server",  # a proxy from the environment must not see (or break) loopback calls
]
INSTALL_HINT = ("Chromium is needed for the browser tests: install Debian's package "
                "(sudo apt-get install -y chromium; tests/system_packages.sh does it as root)")
# Telegram Desktop's dark theme, as tgWebAppThemeParams carries it
THEME = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
         "link_color": "#6ab3f3", "button_color": "#5288c1", "button_text_color": "#ffffff",
         "secondary_bg_color": "#232e3c", "header_bg_color": "#17212b",
         "accent_text_color": "#6ab2f2", "section_bg_color": "#17212b",
         "section_header_text_color": "#6ab3f3", "subtitle_text_color": "#708499",
         "destructive_text_color": "#ec3942"}
USER = {"id": 5512345678, "first_name": "Ada", "last_name": "Browser", "username": "ada_cocoon",
        "language_code": "en", "allows_write_to_pm": True}


# -- Telegram launch data ------------------------------------------------------------------------


def sign_init_data(token: str, user: dict[str, Any] | None = None,
                   auth_date: float | None = None, **extra: str) -> str:
    """initData as Telegram hands it to a Mini App, signed with the bot ``token``.

    From core.telegram.org/bots/webapps, "Validating data received via the Mini App": the
    data-check-string is every field but ``hash``, sorted by name, ``key=value`` joined by
    ``\\n``; the secret key is HMAC-SHA256(key="WebAppData", msg=token); ``hash`` is the hex
    HMAC-SHA256(key=secret key, msg=data-check-string). ``user`` is JSON as Telegram writes it
    (compact, slashes escaped); ``auth_date`` defaults to now (unix seconds)."""
    fields = {"query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
              "user": json.dumps(USER if user is None else user, separators=(",", ":"),
                                 ensure_ascii=False).replace("/", "\\/"),
              "auth_date": str(int(time.time() if auth_date is None else auth_date)), **extra}
    # Telegram also sends `signature` (its own Ed25519 signature, base64url, for third-party
    # validation, which Cocoon does not use); @telegram-apps/sdk refuses initData without it,
    # and the hash covers it like any field. Its shape here, not Telegram's key.
    shape = hashlib.sha512((fields["user"] + fields["auth_date"]).encode()).digest()
    fields.setdefault("signature", base64.urlsafe_b64encode(shape).decode().rstrip("="))
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest}, quote_via=quote)


def launch_url(base_url: str, init_data: str | None, theme: dict[str, str] | None = None,
               path: str = "/app/") -> str:
    """The URL Telegram opens a Mini App at: launch parameters in the hash (initData
    URL-encoded once more), as @telegram-apps/sdk's ``retrieveLaunchParams`` reads them.
    ``init_data=None``: the plain page, as a browser outside Telegram opens it."""
    url = base_url.rstrip("/") + path
    if init_data is None:
        return url
    params = {"tgWebAppData": init_data, "tgWebAppVersion": "8.0",
              "tgWebAppPlatform": "tdesktop",
              "tgWebAppThemeParams": json.dumps(THEME if theme is None else theme,
                                                separators=(",", ":"))}
    return url + "#" + urlencode(params, quote_via=quote)


# -- the network --------------------------------------------------------------------------------


@dataclass
class AppNetwork:
    """The harness network a browser test talks to (``net`` for everything else)."""

    net: Network
    url: str
    client_key: str
    account: str
    channel: str
    voucher_key: Path  # the payer's key file (wallet.json), as [client] voucher_key names it
    payer: KeyPair
    bot_token: str = BOT_TOKEN

    @property
    def payer_seed(self) -> str:
        """The payer key as the browser SDK takes it (``connect({payerKey})``): hex seed."""
        return self.payer.seed.hex()


@pytest.fixture(scope="module")
def app_network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppNetwork]:
    with running_network(tmp_path_factory.mktemp("cocoon-home"),
                         telegram_bot_token=BOT_TOKEN) as net:
        client = config.read_file()["client"]
        voucher_key = Path(client["voucher_key"])
        yield AppNetwork(net=net, url=net.gateway_url, client_key=net.client_key,
                         account=client["account"], channel=client["channel"],
                         voucher_key=voucher_key, payer=load_key_file(voucher_key))


# -- the browser --------------------------------------------------------------------------------


def artifacts_dir() -> Path:
    return Path(os.environ.get("COCOON_ARTIFACTS") or REPO / "artifacts")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageLog:
    """What a test's page did that may fail it."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    expected: list[re.Pattern[str]] = field(default_factory=list)

    def expect_console(self, pattern: str) -> None:
        """A console error matching ``pattern`` (re.search) is what the test provokes, e.g.
        Chromium's "Failed to load resource: ... status of 401" for a refused sign-in."""
        self.expected.append(re.compile(pattern))

    def unexpected_console_errors(self) -> list[str]:
        return [e for e in self.console_errors
                if not any(p.search(e) for p in self.expected)]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == ALLOWED_HOST


def _screenshot_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid_name).strip("_") + ".png"


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser: Any, page_log: PageLog, request: pytest.FixtureRequest) -> Iterator[Any]:
    # service workers blocked: their fetches would bypass the routing below
    context = browser.new_context(service_workers="block", viewport={"width": 420, "height": 860})

    def route(r: Any) -> None:
        if _is_local(r.request.url):
            r.continue_()
        else:
            page_log.foreign_requests.append(r.request.url)
            r.abort("blockedbyclient")

    def route_ws(ws: Any) -> None:
        if _is_local(ws.url):
            ws.connect_to_server()
        else:
            page_log.foreign_requests.append(ws.url)
            ws.close()

    context.route("**/*", route)
    context.route_web_socket(re.compile(".*"), route_ws)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and page_log.console_errors.append(
        f"{m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda e: page_log.page_errors.append(str(e)))
    try:
        yield page
    finally:
        folder = artifacts_dir() / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(folder / _screenshot_name(request.node.name)),
                            full_page=True, timeout=10_000)
        finally:
            context.close()
    foreign = page_log.foreign_requests
    assert not foreign, f"the page tried to reach another host than 127.0.0.1: {foreign}"
    assert not page_log.page_errors, f"uncaught errors in the page: {page_log.page_errors}"
    unexpected = page_log.unexpected_console_errors()
    assert not unexpected, f"console errors: {unexpected}"
