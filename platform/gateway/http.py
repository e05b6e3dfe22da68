"""HTTP plumbing shared by the gateway's routes: errors, auth, bounded bodies, JSON models,
query parameters, and :func:`off_loop` for the blocking work a route does.

Everything a client sends is bounded here before it is buffered or parsed: bodies stop at a
byte limit (413), JSON nesting at :data:`MAX_JSON_DEPTH`, numbers in query strings at a few
digits, so no input reaches a parser that could take unbounded time, memory or recursion.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.request_body import read_capped

from ..registry import Principal, Registry, Role, now_ms

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
log = logging.getLogger("cocoon.gateway")
MAX_JSON_DEPTH = 32
MAX_JSON_BYTES = 64 << 10  # a JSON request document (not a deploy: see gateway.functions)
MAX_QUERY_DIGITS = 12
# Database calls, signature and evidence checks: the event loop hands them to these threads and
# keeps serving (a health check never waits behind a slow commit or a collateral fetch).
_BLOCKING = ThreadPoolExecutor(max_workers=16, thread_name_prefix="cocoon-gateway")
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_JSON_INNERMOST = re.compile(rb"\[\]|\{\}")
_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error_response(exc: CocoonError) -> JSONResponse:
    return JSONResponse(exc.to_dict(), status_code=exc.status)


async def cocoon_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CocoonError)
    return error_response(exc)


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "bad_request" if exc.status_code < 500 else "internal")
    return error_response(CocoonError(code, str(exc.detail), status=exc.status_code))


class CatchUnexpected:
    """ASGI middleware: an unexpected exception becomes a 500 ``internal`` error, logged by
    type and route only. (Starlette's own last-resort handler re-raises, and the server then
    logs a traceback that may quote request data.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error("unexpected %s on %s %s", type(exc).__name__, scope["method"],
                      scope["path"])
            if not started:
                err = CocoonError("internal", f"internal error ({type(exc).__name__})")
                await error_response(err)(scope, receive, send)


def model_response(model: BaseModel | list, status: int = 200) -> Response:
    """An API answer: ``no-store``, since most are one account's (balances, receipts, keys,
    sessions): no cache, shared or the browser's own on disk, may keep them."""
    if isinstance(model, list):
        body = "[" + ",".join(m.model_dump_json() for m in model) + "]"
    else:
        body = model.model_dump_json()
    return Response(body, status_code=status, media_type="application/json",
                    headers={"cache-control": "no-store"})


async def off_loop(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run blocking ``fn`` on the gateway's worker threads (with this task's context, so trace
    spans nest) and await its result."""
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_BLOCKING, call)


def check_json_depth(body: bytes, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit`` before any parser recurses into it.

    Strings are dropped, then innermost ``[]``/``{}`` pairs are peeled off one level per pass
    (each pass a regular-expression sweep in C): a document ``limit`` levels deep is gone after
    ``limit`` passes; whatever is left is deeper, or unbalanced (and so not JSON either)."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    for _ in range(limit):
        if not brackets:
            return
        peeled = _JSON_INNERMOST.sub(b"", brackets)
        if peeled == brackets:
            break
        brackets = peeled
    if brackets:
        raise CocoonError("invalid_json", f"request body is not JSON nested at most {limit} deep")


def parse_json(body: bytes) -> Any:
    """The one JSON parser for request bodies: depth-checked, then ``json.loads``."""
    try:
        check_json_depth(body)
        return json.loads(body)
    except (ValueError, RecursionError):
        raise CocoonError("invalid_json", "request body is not valid JSON") from None


def query_int(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    """An integer query parameter in ``lo..hi``; anything else (5,000 digits too) is a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    digits = max(MAX_QUERY_DIGITS, len(str(hi)))  # never parse thousands of digits
    if not (raw.isascii() and raw.isdigit() and len(raw) <= digits) or not lo <= int(raw) <= hi:
        raise CocoonError("bad_request", f"{name} must be an integer in {lo}..{hi}")
    return int(raw)


def query_flag(request: Request, name: str) -> bool:
    """A yes/no query parameter: absent, ``0``/``false`` or ``1``/``true``; anything else is a
    400 (a typo silently read as "no" would answer another question)."""
    raw = request.query_params.get(name)
    if raw is None or raw in ("0", "false"):
        return False
    if raw in ("1", "true"):
        return True
    raise CocoonError("bad_request", f"{name} must be 1, true, 0 or false")


def query_seconds(request: Request, name: str, default: float, hi: float) -> float:
    """A number of seconds in ``0..hi`` (a plain decimal, at most a few digits)."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    whole, _, frac = raw.partition(".")
    if not (whole.isascii() and whole.isdigit() and len(whole) <= MAX_QUERY_DIGITS
            and (not frac or (frac.isascii() and frac.isdigit() and len(frac) <= 6))):
        raise CocoonError("bad_request", f"{name} must be a number of seconds in 0..{hi:g}")
    return min(float(raw), hi)


async def read_model(request: Request, model: type[M], limit: int) -> M:
    body = await read_capped(request, limit)
    if len(body) > 256 << 10:  # a deploy's megabytes of base64: parse them off the loop
        return await off_loop(parse_model, model, body)
    return parse_model(model, body)


def parse_model(model: type[M], body: bytes) -> M:
    doc = parse_json(body or b"null")
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) or "body" for e in exc.errors())
        raise CocoonError("bad_request", f"invalid request document: {fields}") from None
    except (ValueError, RecursionError):
        raise CocoonError("bad_request", "invalid request document") from None


class Authenticator:
    """Bearer API keys, looked up once and then cached in memory."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._cache: dict[str, Principal] = {}

    def __call__(self, request: Request, *roles: Role) -> Principal:
        """Blocking on a cache miss (a database read): from a route, ``await check(...)``."""
        key = _bearer(request)
        principal = self._cache.get(key)
        if principal is None:
            principal = self._lookup(key)
        return _allowed(self._unexpired(key, principal), roles)

    async def check(self, request: Request, *roles: Role) -> Principal:
        """The caller's principal; a key not cached yet is looked up off the event loop."""
        key = _bearer(request)
        principal = self._cache.get(key)
        if principal is None:
            principal = await off_loop(self._lookup, key)
        return _allowed(self._unexpired(key, principal), roles)

    def _unexpired(self, key: str, principal: Principal) -> Principal:
        """A session's key (it has an expiry) is refused from then on, cached or not."""
        if principal.expires_ms is not None and now_ms() >= principal.expires_ms:
            self._cache.pop(key, None)
            raise CocoonError("unauthorized", "session expired: start a new one")
        return principal

    def _lookup(self, key: str) -> Principal:
        principal = self.registry.authenticate(key)
        if principal is None:
            raise CocoonError("unauthorized", "invalid (or expired) API key")
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = principal
        return principal


def _bearer(request: Request) -> str:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key:
        raise CocoonError("unauthorized", "missing API key (Authorization: Bearer ck_...)")
    return key


def _allowed(principal: Principal, roles: tuple[Role, ...]) -> Principal:
    if roles and principal.role not in roles and principal.role != "admin":
        raise CocoonError("forbidden", f"this key's role ({principal.role}) may not do that")
    return principal
