"""Browser tests: real Chromium (Debian's ``chromium``, driven by Playwright) against the Ray-free
network of tests/harness.py.

Fixtures:

- ``browser``: one headless Chromium per module (``expect`` waits up to 20 s by default there).
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

Helpers are in tests/browser/browser_support.py (``from browser_support import ...``):
``sign_init_data`` (Telegram's signature, written from its documentation), ``launch_url`` (the
URL Telegram opens a Mini App at), the test bot's token, user and theme.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import BOT_TOKEN, CHROMIUM_ARGS, AppNetwork, PageLog, is_local
from harness import REPO, running_network

from cocoon.contracts.keys import load_key_file
from cocoon.runtime import config

EXPECT_TIMEOUT_MS = 20_000
INSTALL_HINT = ("Chromium is needed for the browser tests: install Debian's package "
                "(sudo apt-get install -y chromium; tests/system_packages.sh does it as root)")


# -- the network --------------------------------------------------------------------------------


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module. Not for the session: while sync Playwright runs, its event
    loop counts as running in this thread, so every later test's ``asyncio.run`` would fail."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    # expect()'s default wait (5 s) is short for a loaded 2-core machine running the whole suite
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


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
        if is_local(r.request.url):
            r.continue_()
        else:
            page_log.foreign_requests.append(r.request.url)
            r.abort("blockedbyclient")

    def route_ws(ws: Any) -> None:
        if is_local(ws.url):
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
