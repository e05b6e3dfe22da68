"""HTTP plumbing shared by the gateway's routes: errors, auth, bounded bodies, JSON models."""

from __future__ import annotations

import json
import logging
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cocoon.runtime.errors import CocoonError

from ..registry import Principal, Registry, Role

M = TypeVar("M", bound=BaseModel)
log = logging.getLogger("cocoon.gateway")
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
    if isinstance(model, list):
        body = "[" + ",".join(m.model_dump_json() for m in model) + "]"
    else:
        body = model.model_dump_json()
    return Response(body, status_code=status, media_type="application/json")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything over ``limit`` before reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()):
            raise CocoonError("bad_request", "invalid Content-Length")
        if int(declared) > limit:
            raise CocoonError("payload_too_large", f"body exceeds {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise CocoonError("payload_too_large", f"body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_model(request: Request, model: type[M], limit: int) -> M:
    body = await read_body(request, limit)
    try:
        return model.model_validate(json.loads(body or b"null"))
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            fields = ", ".join(".".join(map(str, e["loc"])) or "body" for e in exc.errors())
            raise CocoonError("bad_request", f"invalid request document: {fields}") from None
        raise CocoonError("invalid_json", "request body is not valid JSON") from None


class Authenticator:
    """Bearer API keys, looked up once and then cached in memory."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._cache: dict[str, Principal] = {}

    def __call__(self, request: Request, *roles: Role) -> Principal:
        auth = request.headers.get("authorization", "")
        scheme, _, key = auth.partition(" ")
        if scheme.lower() != "bearer" or not key:
            raise CocoonError("unauthorized", "missing API key (Authorization: Bearer ck_...)")
        principal = self._cache.get(key)
        if principal is None:
            principal = self.registry.authenticate(key)
            if principal is None:
                raise CocoonError("unauthorized", "invalid API key")
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key] = principal
        if roles and principal.role not in roles and principal.role != "admin":
            raise CocoonError("forbidden", f"this key's role ({principal.role}) may not do that")
        return principal
