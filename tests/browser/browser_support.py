"""What browser tests share besides fixtures (those are in tests/browser/conftest.py): Telegram
launch data and the records the ``page`` fixture keeps.

Import from here (``from browser_support import sign_init_data``), not from ``conftest``: when
pytest is given several folders, ``conftest`` may name another folder's conftest module.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from harness import Network

from cocoon.contracts.keys import KeyPair

# how Chromium is started (also by bench/browser_sdk.py): headless, and quiet: no background
# traffic, no proxy
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-proxy-server",  # a proxy from the environment must not see (or break) loopback calls
]

BOT_TOKEN = "7000000001:browser-tests-bot-token-0123456789"
ALLOWED_HOST = "127.0.0.1"
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


# -- what fixtures hand tests --------------------------------------------------------------------


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


def is_local(url: str) -> bool:
    """Whether a page may load ``url``: 127.0.0.1 only (and data:/blob:/about: URLs)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == ALLOWED_HOST
