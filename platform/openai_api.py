"""The OpenAI API over Cocoon: what ``cocoon proxy`` serves and what the SDK's ``httpx``
transport (:mod:`cocoon.platform.sdk.openai`) calls in-process, one implementation for both.

Each request is answered by the SDK's :class:`~cocoon.platform.sdk.Client` under the caller's
own key (``Authorization: Bearer <cocoon api key>``): offers are verified against the client's
policy and every payload is sealed to the attested runtime, so nothing here ever sends
plaintext to the gateway. ``model`` names the function. Routes:

- ``GET /v1/models`` (and ``/v1/models/{id}``): the functions, ``id`` = function name;
- ``POST /v1/chat/completions`` and ``POST /v1/completions``: an LLM function (templates/llm's
  request and answer shapes), streamed as server-sent events with ``"stream": true``;
- ``POST /v1/embeddings``: an embeddings function (templates/embeddings: ``{"texts": [...]}``).

Usage in every answer carries ``cost_nanotons``: the receipt's amount. Errors use OpenAI's shape
``{"error": {"message", "type", "param", "code"}}`` with Cocoon's code; messages never quote
the payload.
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
import secrets
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import UsageReceipt

from .sdk.client import Client, ClientSettings

MAX_BODY_BYTES = 4 << 20
MAX_CLIENTS = 64  # per-key SDK clients kept (their verified offers are cached)
# OpenAI request fields the function never sees: the proxy consumes them (or they only tag the
# caller at OpenAI); every other field goes to the function, which validates it.
_CONSUMED = frozenset({"model", "stream", "stream_options", "n", "user", "store", "metadata"})
_TYPES = {400: "invalid_request_error", 401: "authentication_error", 402: "insufficient_quota",
          403: "permission_error", 404: "invalid_request_error", 429: "rate_limit_error"}

log = logging.getLogger("cocoon.openai")

JSON = "application/json"
SSE = "text/event-stream"


@dataclass
class Answer:
    """An HTTP answer: a JSON document, or (``stream``) server-sent events as they come."""

    status: int
    body: bytes = b""
    stream: Iterator[bytes] | None = None
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """An error answered in OpenAI's shape."""

    def __init__(self, status: int, message: str, code: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param

    @classmethod
    def from_cocoon(cls, exc: CocoonError) -> ApiError:
        status = exc.status
        if exc.code == "function_error" and status == 422:
            status = 400  # the function (the model) refused the request: a bad request
        return cls(status, exc.message, exc.code)

    def document(self) -> dict[str, Any]:
        kind = _TYPES.get(self.status, "server_error" if self.status >= 500 else
                          "invalid_request_error")
        return {"error": {"message": self.message, "type": kind, "param": self.param,
                          "code": self.code}}


def json_answer(status: int, doc: Any) -> Answer:
    return Answer(status, json.dumps(doc, separators=(",", ":")).encode())


def _event(doc: Any) -> bytes:
    return b"data: " + json.dumps(doc, separators=(",", ":")).encode() + b"\n\n"


def usage_of(output: Any, receipt: UsageReceipt | None) -> dict[str, Any]:
    """OpenAI's usage from the function's own counts, with the receipt's cost added."""
    counts = output.get("usage") if isinstance(output, dict) else None
    usage: dict[str, Any] = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    if isinstance(counts, dict):
        usage.update({k: v for k, v in counts.items() if isinstance(v, int)})
    elif receipt is not None:  # no counts from the function: its metered units
        usage["prompt_tokens"] = usage["total_tokens"] = receipt.units
    if receipt is not None:
        usage["cost_nanotons"] = receipt.amount
    return usage


# -- request shapes --------------------------------------------------------------------------


def _body(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, f"the request is over {MAX_BODY_BYTES} bytes", "payload_too_large")
    try:
        body = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "the body is not JSON", "invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError(400, "send a JSON object", "bad_request")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise ApiError(400, "'model' is required: the name of a Cocoon function", "bad_request",
                       "model")
    return body


def _stream_flags(body: dict[str, Any]) -> tuple[bool, bool]:
    """(stream, include_usage), checked."""
    stream = body.get("stream") or False
    if not isinstance(stream, bool):
        raise ApiError(400, "'stream' must be a boolean", "bad_request", "stream")
    options = body.get("stream_options")
    if options is not None and not isinstance(options, dict):
        raise ApiError(400, "'stream_options' must be an object", "bad_request",
                       "stream_options")
    include = (options or {}).get("include_usage", False)
    if not isinstance(include, bool):
        raise ApiError(400, "'stream_options.include_usage' must be a boolean", "bad_request",
                       "stream_options")
    if body.get("n", 1) != 1:
        raise ApiError(400, "'n' must be 1: one choice per call", "bad_request", "n")
    return stream, include


def _forwarded(body: dict[str, Any]) -> dict[str, Any]:
    payload = {k: v for k, v in body.items() if k not in _CONSUMED and v is not None}
    if "max_completion_tokens" in payload:  # the newer name of max_tokens
        payload.setdefault("max_tokens", payload.pop("max_completion_tokens"))
    return payload


# -- the API ---------------------------------------------------------------------------------


class OpenAIApi:
    """Answers OpenAI API requests through SDK clients, one per caller key (kept a while: their
    verified offers are cached)."""

    def __init__(self, gateway_url: str | None = None,
                 settings: ClientSettings | None = None,
                 client_factory: Callable[[str], Client] | None = None) -> None:
        self._factory = client_factory or (
            lambda key: Client(gateway_url, key, settings=settings))
        self._clients: dict[str, Client] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for c in clients:
            c.close()

    def client(self, authorization: str | None) -> Client:
        scheme, _, key = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise ApiError(401, "send your Cocoon API key: Authorization: Bearer <key>",
                           "unauthorized")
        key = key.strip()
        with self._lock:
            found = self._clients.get(key)
            if found is None:
                if len(self._clients) >= MAX_CLIENTS:
                    self._clients.pop(next(iter(self._clients))).close()
                found = self._clients[key] = self._factory(key)
            return found

    def handle(self, method: str, path: str, authorization: str | None, body: bytes) -> Answer:
        """One request (``path`` without the query): the answer, never an exception."""
        try:
            return self._route(method, path.split("?", 1)[0].rstrip("/"), authorization, body)
        except ApiError as exc:
            return json_answer(exc.status, exc.document())
        except CocoonError as exc:
            error = ApiError.from_cocoon(exc)
            if error.status == 401:
                error.message = "the gateway refused this API key"
                self._forget(authorization)  # refused keys do not take the kept clients' place
            return json_answer(error.status, error.document())
        except Exception as exc:  # a bug here: a 500 in OpenAI's shape, not a dropped connection
            log.error("openai api: %s on %s", type(exc).__name__, path.split("?", 1)[0])
            return json_answer(500, ApiError(500, "the proxy failed", "internal").document())

    def _forget(self, authorization: str | None) -> None:
        key = (authorization or "").partition(" ")[2].strip()
        with self._lock:
            dropped = self._clients.pop(key, None)
        if dropped is not None:
            dropped.close()

    def _route(self, method: str, path: str, authorization: str | None, raw: bytes) -> Answer:
        posts = {"/v1/chat/completions": self.chat, "/v1/completions": self.completions,
                 "/v1/embeddings": self.embeddings}
        if path in posts:
            if method != "POST":
                raise ApiError(405, f"{path} takes POST", "method_not_allowed")
            return posts[path](self.client(authorization), _body(raw))
        if path == "/v1/models" or path.startswith("/v1/models/"):
            if method != "GET":
                raise ApiError(405, f"{path} takes GET", "method_not_allowed")
            name = path.removeprefix("/v1/models").lstrip("/")
            return self.models(self.client(authorization), name)
        raise ApiError(404, f"no route {path}: the proxy serves /v1/models, "
                       "/v1/chat/completions, /v1/completions and /v1/embeddings", "not_found")

    # -- models ----------------------------------------------------------------------------

    def models(self, client: Client, name: str) -> Answer:
        def model(f: Any) -> dict[str, Any]:
            return {"id": f.name, "object": "model", "created": 0, "owned_by": "cocoon",
                    "description": f.description, "unit": f.unit, "unit_price": f.unit_price}

        if name:
            try:
                return json_answer(200, model(client.describe(name)))
            except CocoonError as exc:
                if exc.code == "unknown_function":
                    raise ApiError(404, f"no function {name!r}", "model_not_found",
                                   "model") from None
                raise
        return json_answer(200, {"object": "list", "data": [model(f) for f in client.functions()]})

    # -- chat and completions --------------------------------------------------------------

    def chat(self, client: Client, body: dict[str, Any]) -> Answer:
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise ApiError(400, "'messages' must be a non-empty list", "bad_request", "messages")
        return self._generate(client, body, chat=True)

    def completions(self, client: Client, body: dict[str, Any]) -> Answer:
        prompt = body.get("prompt")
        if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
            body = {**body, "prompt": prompt[0]}  # one prompt in a list: the same call
        elif not isinstance(prompt, str):
            raise ApiError(400, "'prompt' must be one string (token arrays and batches are "
                           "not supported)", "bad_request", "prompt")
        return self._generate(client, body, chat=False)

    def _generate(self, client: Client, body: dict[str, Any], *, chat: bool) -> Answer:
        stream, include_usage = _stream_flags(body)
        name, payload = body["model"], _forwarded(body)
        if stream:
            return self._stream(client, name, {**payload, "stream": True}, chat=chat,
                                include_usage=include_usage)
        result = client.invoke(name, payload)
        out = result.output
        choice: dict[str, Any] = {"index": 0, "logprobs": None,
                                  "finish_reason": _finish(out)}
        if chat:
            choice["message"] = _message(out)
        else:
            choice["text"] = out.get("text", "") if isinstance(out, dict) else str(out)
        return json_answer(200, {
            "id": ("chatcmpl-" if chat else "cmpl-") + result.receipt.request_id,
            "object": "chat.completion" if chat else "text_completion",
            "created": result.receipt.time_ms // 1000, "model": name,
            "choices": [choice], "usage": usage_of(out, result.receipt),
        })

    def _stream(self, client: Client, name: str, payload: dict[str, Any], *, chat: bool,
                include_usage: bool) -> Answer:
        opened = client.stream(name, payload)
        items = iter(opened)
        try:
            first = next(items, None)  # a refusal before any token: a plain HTTP error
        except BaseException:
            _close(opened)
            raise
        chunk_id = ("chatcmpl-" if chat else "cmpl-") + secrets.token_hex(12)
        created = int(time.time())
        kind = "chat.completion.chunk" if chat else "text_completion"

        def chunk(choices: list[dict[str, Any]], **extra: Any) -> bytes:
            return _event({"id": chunk_id, "object": kind, "created": created, "model": name,
                           "choices": choices, **extra})

        def choice(delta: dict[str, Any] | str, finish: str | None = None) -> dict[str, Any]:
            if chat:
                return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return {"index": 0, "text": delta, "logprobs": None, "finish_reason": finish}

        def events() -> Iterator[bytes]:
            usage: dict[str, Any] | None = None
            try:
                if chat:
                    yield chunk([choice({"role": "assistant", "content": ""})])
                pending = [] if first is None else [first]
                for item in itertools.chain(pending, items):
                    delta = _delta(item, chat)
                    finish = item.get("finish_reason") if isinstance(item, dict) else None
                    if isinstance(item, dict) and isinstance(item.get("usage"), dict):
                        usage = item
                    if delta is not None or finish is not None:
                        yield chunk([choice(delta if delta is not None else
                                            ({} if chat else ""), finish)])
                if include_usage:
                    yield chunk([], usage=usage_of(usage, _receipt(opened)))
                yield b"data: [DONE]\n\n"
            except CocoonError as exc:  # after the first event: an error event ends the stream
                yield _event(ApiError.from_cocoon(exc).document())
            except Exception:
                yield _event(ApiError(502, "the stream broke", "provider_failed").document())
            finally:
                _close(opened)

        return Answer(200, stream=events(), content_type=SSE,
                      headers={"cache-control": "no-cache"})

    # -- embeddings ------------------------------------------------------------------------

    def embeddings(self, client: Client, body: dict[str, Any]) -> Answer:
        texts = body.get("input")
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            raise ApiError(400, "'input' must be a string or a non-empty list of strings "
                           "(token arrays are not supported)", "bad_request", "input")
        encoding = body.get("encoding_format") or "float"
        if encoding not in ("float", "base64"):
            raise ApiError(400, "'encoding_format' must be float or base64", "bad_request",
                           "encoding_format")
        extra = {k: v for k, v in _forwarded(body).items()
                 if k not in ("input", "encoding_format", "dimensions")}
        result = client.invoke(body["model"], {**extra, "texts": texts})
        out = result.output
        vectors = out.get("vectors") if isinstance(out, dict) else out
        if not isinstance(vectors, list) or len(vectors) != len(texts):
            raise ApiError(502, "the function did not answer one vector per input",
                           "provider_failed")
        dimensions = body.get("dimensions")
        if dimensions is not None and any(len(v) != dimensions for v in vectors):
            raise ApiError(400, f"this model does not give {dimensions} dimensions",
                           "bad_request", "dimensions")
        data = [{"object": "embedding", "index": i,
                 "embedding": _b64(v) if encoding == "base64" else v}
                for i, v in enumerate(vectors)]
        usage = usage_of(out, result.receipt)  # units: what the function meters (texts)
        usage.pop("completion_tokens", None)
        return json_answer(200, {"object": "list", "data": data, "model": body["model"],
                           "usage": usage})


def _b64(vector: list[float]) -> str:
    """OpenAI's base64 encoding: little-endian float32."""
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()


def _finish(out: Any) -> str:
    reason = out.get("finish_reason") if isinstance(out, dict) else None
    return reason if isinstance(reason, str) else "stop"


def _message(out: Any) -> dict[str, Any]:
    if isinstance(out, dict) and isinstance(out.get("message"), dict):
        return {"role": "assistant", "content": None, **out["message"]}
    text = out.get("text") if isinstance(out, dict) else out
    return {"role": "assistant", "content": text if isinstance(text, str) else json.dumps(text)}


def _delta(item: Any, chat: bool) -> Any:
    """One streamed item's delta: ``{"delta": "text"}`` (or an OpenAI delta object),
    ``{"tool_calls": [...]}`` (whole calls, each given its index) or a bare string; None for
    the closing item (finish_reason, usage)."""
    if isinstance(item, str):
        delta: Any = item
    elif chat and isinstance(item, dict) and isinstance(item.get("tool_calls"), list):
        return {"tool_calls": [{"index": i, **call} if isinstance(call, dict) else call
                               for i, call in enumerate(item["tool_calls"])]}
    elif isinstance(item, dict) and "delta" in item:
        delta = item["delta"]
    elif chat and isinstance(item, dict) and isinstance(item.get("message"), dict):
        message = item["message"]  # a function that answers whole: one delta
        return _delta({"tool_calls": message["tool_calls"]} if message.get("tool_calls")
                      else {"delta": message.get("content") or ""}, chat)
    elif not chat and isinstance(item, dict) and isinstance(item.get("text"), str):
        delta = item["text"]
    else:
        return None
    if isinstance(delta, str):
        return {"content": delta} if chat else delta
    if chat and isinstance(delta, dict):
        return delta
    return delta.get("content", "") if isinstance(delta, dict) else str(delta)


def _receipt(opened: Any) -> UsageReceipt | None:
    receipt = getattr(opened, "receipt", None)
    receipt = getattr(receipt, "receipt", receipt)  # a SignedReceipt: what it signs
    return receipt if isinstance(receipt, UsageReceipt) else None


def _close(opened: Any) -> None:
    close = getattr(opened, "close", None)
    if callable(close):
        close()
