"""The Mini App opened as Telegram opens it: ``/app/`` with the launch parameters in the URL's
hash (``tgWebAppData`` = initData signed with the bot's token, as Telegram signs it; platform,
version and theme), in real Chromium against the Ray-free network.

Signed initData gets a session: the page shows the account the gateway mapped the Telegram user
to, in Telegram's theme colours. Tampered initData gets the gateway's ``invalid_init_data`` in
``[data-testid=auth-error]`` and nothing else. Either way the page logs no unexpected console
error and reaches no other host than 127.0.0.1 (the ``page`` fixture checks both).
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from browser_support import THEME, USER, launch_url, sign_init_data
from playwright.sync_api import expect

REFUSED_SESSION = r"^Failed to load resource: the server responded with a status of 401"


def mapped_account(app_network: Any, telegram_id: int) -> str | None:
    row = app_network.net.state.db.one(
        "SELECT account FROM telegram_users WHERE telegram_id = ?", telegram_id)
    return row[0] if row else None


def rgb(colour: str) -> str:
    """``#17212b`` as getComputedStyle writes it: ``rgb(23, 33, 43)``."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_signed_init_data_signs_in_as_the_mapped_account(page, app_network):
    user = {**USER, "id": 5512345001}
    page.goto(launch_url(app_network.url, sign_init_data(app_network.bot_token, user)))
    account = page.get_by_test_id("account")
    # the gateway made the account at this first sign-in
    expect(account).to_have_text(re.compile(r"^acct_\w+$"), timeout=15_000)
    shown = account.inner_text()
    assert mapped_account(app_network, user["id"]) == shown
    assert shown != app_network.account  # a fresh account, not the API key's
    expect(page.get_by_test_id("balance")).to_contain_text("TON")
    expect(page.get_by_test_id("auth-error")).to_have_count(0)
    # Telegram's theme: the page takes its colours from the launch parameters
    assert page.evaluate("getComputedStyle(document.documentElement)"
                         ".getPropertyValue('--tg-theme-bg-color').trim()") == THEME["bg_color"]
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == rgb(
        THEME["bg_color"])


def test_the_same_telegram_user_gets_the_same_account_again(page, app_network):
    user = {**USER, "id": 5512345002}
    page.goto(launch_url(app_network.url, sign_init_data(app_network.bot_token, user)))
    first = page.get_by_test_id("account")
    expect(first).not_to_be_empty(timeout=15_000)
    account = first.inner_text()
    later = sign_init_data(app_network.bot_token, user, auth_date=time.time() + 1)
    page.goto("about:blank")
    page.goto(launch_url(app_network.url, later))
    expect(page.get_by_test_id("account")).to_have_text(account, timeout=15_000)
    assert mapped_account(app_network, user["id"]) == account


def _tampered(init_data: str) -> str:
    """The same initData with the user's id changed after signing (the hash kept)."""
    fields = dict(parse_qsl(init_data))
    fields["user"] = fields["user"].replace('"id":5512345003', '"id":5512345999')
    return urlencode(fields, quote_via=quote)


def test_tampered_init_data_shows_invalid_init_data(page, page_log, app_network):
    page_log.expect_console(REFUSED_SESSION)  # Chromium logs the 401 of the refused exchange
    user = {**USER, "id": 5512345003}
    forged = _tampered(sign_init_data(app_network.bot_token, user))
    page.goto(launch_url(app_network.url, forged))
    error = page.get_by_test_id("auth-error")
    expect(error).to_contain_text("invalid_init_data", timeout=15_000)
    expect(page.get_by_test_id("account")).to_have_count(0)
    assert "Ada" not in error.inner_text()  # the refusal quotes nothing of the data
    assert mapped_account(app_network, 5512345003) is None
    assert mapped_account(app_network, 5512345999) is None


def test_init_data_signed_for_another_bot_is_refused(page, page_log, app_network):
    page_log.expect_console(REFUSED_SESSION)
    user = {**USER, "id": 5512345004}
    page.goto(launch_url(app_network.url, sign_init_data("7000000002:another-bot", user)))
    expect(page.get_by_test_id("auth-error")).to_contain_text("invalid_init_data",
                                                              timeout=15_000)
    assert mapped_account(app_network, user["id"]) is None


def test_outside_telegram_the_page_asks_for_an_api_key(page, app_network):
    page.goto(launch_url(app_network.url, None))
    expect(page.get_by_test_id("sign-in")).to_be_visible(timeout=15_000)
    page.get_by_test_id("api-key").fill(app_network.client_key)
    page.get_by_test_id("sign-in-button").click()
    expect(page.get_by_test_id("account")).to_have_text(app_network.account, timeout=15_000)
