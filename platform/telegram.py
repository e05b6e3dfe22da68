"""Telegram Mini App sign-in: ``initData`` validation, and the Telegram user -> account table.

A Mini App's page receives ``initData`` from Telegram: a query string signed by the bot's token
(HMAC-SHA256, keyed by ``HMAC-SHA256(key=b"WebAppData", msg=bot_token)``, over the other fields
sorted by name, ``key=value`` joined by newlines; core.telegram.org/bots/webapps, "Validating
data received via the Mini App"). Only Telegram and the bot's operator know the token, so data
that validates names a Telegram user the gateway may trust, for ``max_age_s`` after Telegram
signed it (``auth_date``). The gateway then maps that user to an account (created empty on the
first sign-in: credit only ever comes from the chain) and hands out a short-lived session: an
API key of role ``client`` that expires (:meth:`cocoon.platform.registry.Registry.create_key`).

Every refusal is one ``invalid_init_data`` (401) whose message says what was wrong with the
data, never what it held: initData carries the user's name and other personal details.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from urllib.parse import parse_qsl

from pydantic import BaseModel, Field

from cocoon.runtime.errors import CocoonError

from .api import AccountOut
from .db import Database
from .registry import Registry, insert_account, now_ms

MAX_INIT_DATA_CHARS = 8 << 10  # Telegram's are well under 2 KiB
MAX_FIELDS = 64
FUTURE_SKEW_S = 60  # an auth_date this far ahead of our clock still passes (clocks differ)
# live sessions per account: initData stays valid for max_age_s, and each sign-in with it makes
# a key; past this many the oldest go (its page signs in again from its initData on a 401)
MAX_SESSIONS = 16
_HASH = re.compile(r"[0-9a-f]{64}")
_DIGITS = re.compile(r"[0-9]{1,12}")


class TelegramSessionRequest(BaseModel):
    init_data: str = Field(description="the Mini App's Telegram.WebApp.initData, unchanged")


class TelegramSessionOut(BaseModel):
    session: str = Field(description="a client API key (Authorization: Bearer) until expires_at")
    expires_at: int = Field(description="unix seconds; the session is refused from then on")
    account: AccountOut


def refused(why: str) -> CocoonError:
    return CocoonError("invalid_init_data", f"initData refused: {why}")


def secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def validate_init_data(init_data: str, bot_token: str, *, now: float, max_age_s: float) -> int:
    """The Telegram user id that ``init_data`` names, once its signature by ``bot_token`` and
    its freshness at ``now`` (unix seconds) hold; else :func:`refused` (``invalid_init_data``).

    The signature is checked before anything the data says is believed (auth_date, user)."""
    if len(init_data) > MAX_INIT_DATA_CHARS:
        raise refused(f"longer than {MAX_INIT_DATA_CHARS} characters")
    try:
        pairs = parse_qsl(init_data, strict_parsing=True, errors="strict",
                          max_num_fields=MAX_FIELDS)
    except ValueError:  # a field without '=', bad percent-encoding (UTF-8), too many fields
        raise refused("not a query string of at most 64 fields") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise refused("a field occurs twice")
    given = fields.pop("hash", "")
    if not _HASH.fullmatch(given):
        raise refused("no hash (64 hex digits): unsigned")
    check_string = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    expected = hmac.new(secret_key(bot_token), check_string.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        raise refused("the hash does not match (tampered, or signed for another bot)")
    auth_date = fields.get("auth_date", "")
    if not _DIGITS.fullmatch(auth_date):
        raise refused("no auth_date (unix seconds)")
    age = now - int(auth_date)
    if age > max_age_s:
        raise refused(f"signed {int(age)} s ago; at most {max_age_s:g} s are accepted")
    if age < -FUTURE_SKEW_S:
        raise refused("auth_date is in the future")
    return _user_id(fields.get("user"))


def _user_id(raw: str | None) -> int:
    """``user`` is JSON with the user's id (an integer; Telegram's fit in 52 bits)."""
    if raw is None:
        raise refused("no user field")
    try:
        user = json.loads(raw)
    except (ValueError, RecursionError):
        raise refused("the user field is not JSON") from None
    uid = user.get("id") if isinstance(user, dict) else None
    if type(uid) is not int or not 0 < uid < 1 << 53:
        raise refused("the user field has no integer id")
    return uid


class TelegramUsers:
    """The one owner of ``telegram_users``: which account a Telegram user signs in to."""

    def __init__(self, db: Database, registry: Registry) -> None:
        self.db = db
        self.registry = registry

    def account_for(self, telegram_id: int) -> str:
        """The user's account; the first sign-in creates it (empty) and maps it, in one
        transaction (two first sign-ins at once: both get the one account that won)."""
        row = self.db.one("SELECT account FROM telegram_users WHERE telegram_id = ?", telegram_id)
        if row is not None:
            return row["account"]
        with self.db.tx() as c:
            account = insert_account(c, f"telegram-{telegram_id}")
            c.execute("INSERT INTO telegram_users (telegram_id, account, created_ms)"
                      " VALUES (?, ?, ?) ON CONFLICT (telegram_id) DO NOTHING",
                      (telegram_id, account, now_ms()))
            won = c.execute("SELECT account FROM telegram_users WHERE telegram_id = ?",
                            (telegram_id,)).fetchone()["account"]
            if won != account:  # another sign-in mapped the user first: drop ours
                c.execute("DELETE FROM accounts WHERE id = ?", (account,))
        return won

    def start_session(self, telegram_id: int, lifetime_s: int) -> tuple[str, int, str]:
        """(session key, expiry in unix seconds, account) for the user, after dropping the
        account's sessions that have expired and all but its newest ``MAX_SESSIONS - 1`` (so
        they do not pile up, however often the same initData is sent)."""
        account = self.account_for(telegram_id)
        # a whole second at least ``lifetime_s`` away (rounded down, a 1 s session could have
        # lasted a few ms), so that the key expires exactly at the expires_at announced
        expires_at = -(-now_ms() // 1000) + lifetime_s
        with self.db.tx() as c:
            c.execute("DELETE FROM api_keys WHERE account = ? AND expires_ms IS NOT NULL"
                      " AND expires_ms <= ?", (account, now_ms()))
            c.execute("DELETE FROM api_keys WHERE account = ? AND expires_ms IS NOT NULL"
                      " AND hash NOT IN (SELECT hash FROM api_keys WHERE account = ?"
                      " AND expires_ms IS NOT NULL ORDER BY created_ms DESC, hash LIMIT ?)",
                      (account, account, MAX_SESSIONS - 1))
        key = self.registry.create_key(account, "client", expires_ms=expires_at * 1000)
        return key, expires_at, account
