"""``POST /v1/telegram/session``: a Telegram Mini App's initData in, a session key out.

No API key is needed: the initData's signature by the bot token is the credential
(:mod:`cocoon.platform.telegram`). The answer's session authenticates like a client key until
it expires; the account behind it holds no credit until its owner opens a channel from a wallet.
"""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import Response

from cocoon.runtime.errors import CocoonError

from ..telegram import TelegramSessionOut, TelegramSessionRequest, validate_init_data
from .http import model_response, off_loop, read_model
from .state import gateway_of

MAX_SESSION_REQUEST_BYTES = 16 << 10  # initData is a few hundred bytes; JSON escaping doubles it


async def create_session(request: Request) -> Response:
    """Validate the initData (401 ``invalid_init_data``), map its user to an account (made on
    the first sign-in), and answer 201 with a new session for it."""
    gw = gateway_of(request)
    s = gw.settings
    if s.telegram_bot_token is None:
        raise CocoonError("not_found", "Telegram sign-in is off: no [gateway] telegram_bot_token")
    body = await read_model(request, TelegramSessionRequest, MAX_SESSION_REQUEST_BYTES)
    telegram_id = validate_init_data(body.init_data, s.telegram_bot_token.get_secret_value(),
                                     now=time.time(), max_age_s=s.telegram_max_age_s)

    def start() -> TelegramSessionOut:
        key, expires_at, account = gw.telegram.start_session(telegram_id, s.telegram_session_s)
        return TelegramSessionOut(session=key, expires_at=expires_at,
                                  account=gw.account_out(account))

    return model_response(await off_loop(start), 201)
