"""The gateway's OpenAPI 3.1 description, generated from the same pydantic models it serves."""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from cocoon.contracts.voucher import Voucher
from cocoon.runtime.errors import ERROR_STATUS
from cocoon.runtime.payout import ProviderVoucher
from cocoon.runtime.wire import (
    Assignment,
    AssignmentPoll,
    Offer,
    PlacementReport,
    ProviderRegistration,
)

from ..api import (
    VOUCHER_HEADER,
    AccountCreated,
    AccountOut,
    AccountRequest,
    ChannelRegistration,
    DeployOut,
    DeployRequest,
    EarningsOut,
    FunctionDetail,
    FunctionOut,
    KeyOut,
    KeyRequest,
    NetworkOut,
    ProviderOut,
    UsageHistoryOut,
    UsageOut,
)
from ..jobs import JobOut, WebhookSecretOut
from ..stakes import StakeOut, StakeRegistration
from ..telegram import TelegramSessionOut, TelegramSessionRequest

_BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}

_NO_AUTH = {"/healthz", "/v1/network", "/v1/accounts", "/v1/telegram/session"}
# (method, path, summary, request body, response body, success status)
_OPERATIONS: list[tuple[str, str, str, Any, Any, int]] = [
    ("get", "/healthz", "Liveness", None, None, 200),
    ("get", "/v1/network", "The network's terms: the platform fee, the client-channel terms",
     None, NetworkOut, 200),
    ("post", "/v1/accounts", "Open an account (no auth, rate-limited): no credit, its first key",
     AccountRequest, AccountCreated, 201),
    ("get", "/v1/account", "The caller's account and balance", None, AccountOut, 200),
    ("post", "/v1/account/channel", "Register the channel the client opened from its wallet",
     ChannelRegistration, AccountOut, 201),
    (
        "post",
        "/v1/vouchers",
        "Hand in a client-signed cumulative voucher for the account's channel (docs/settlement.md)",
        Voucher,
        AccountOut,
        200,
    ),
    ("post", "/v1/keys", "Create an API key for the caller's account", KeyRequest, KeyOut, 201),
    ("post", "/v1/telegram/session", "A Telegram Mini App's initData for a session (a client"
     " key that expires) on the Telegram user's account", TelegramSessionRequest,
     TelegramSessionOut, 201),
    ("get", "/v1/usage", "Receipts and usage per function", None, UsageOut, 200),
    ("get", "/v1/usage/history", "Usage per time bucket and function (?bucket_s, since_ms,"
     " until_ms)", None, UsageHistoryOut, 200),
    ("post", "/v1/functions", "Deploy a function bundle", DeployRequest, DeployOut, 201),
    ("get", "/v1/functions", "List functions (current versions)", None, [FunctionOut], 200),
    (
        "get",
        "/v1/functions/{name}",
        "Describe a function with provider offers (?wait=s: wake one scaled to zero)",
        None,
        FunctionDetail,
        200,
    ),
    ("delete", "/v1/functions/{name}", "Delete a function (owner)", None, None, 200),
    (
        "post",
        "/v1/functions/{name}/rollback",
        "Make an earlier version current (owner); body {version: int | null}",
        None,
        FunctionOut,
        200,
    ),
    (
        "post",
        "/v1/functions/{name}/invoke",
        "Invoke with a sealed request envelope (docs/protocol.md); returns the response frame,"
        " or with accept: application/x-cocoon-stream the streamed records (section 5.1)",
        "envelope",
        "frame",
        200,
    ),
    ("post", "/v1/functions/{name}/jobs", "Submit an async job: a sealed envelope as for invoke"
     " (header x-cocoon-webhook: URL, optional); 200 if the same envelope was submitted",
     "envelope", JobOut, 202),
    ("get", "/v1/jobs", "The caller's jobs, newest first, without frames", None, [JobOut], 200),
    ("get", "/v1/jobs/{id}", "A job; ?wait=s (<= 60) waits for it to end", None, JobOut, 200),
    ("delete", "/v1/jobs/{id}", "Cancel a job (queued: never charged; running: charged per"
     " receipt)", None, JobOut, 200),
    ("get", "/v1/webhooks/secret", "The account's webhook signing secret (whsec_...)", None,
     WebhookSecretOut, 200),
    ("get", "/v1/providers", "List providers (?mine=1: the account's own)", None,
     [ProviderOut], 200),
    (
        "post",
        "/v1/providers",
        "Register a provider (provider key)",
        ProviderRegistration,
        None,
        201,
    ),
    ("post", "/v1/providers/{provider}/heartbeat", "Provider heartbeat", None, None, 200),
    ("post", "/v1/providers/{provider}/price", "Set the provider's price multiplier, live",
     None, None, 200),
    ("post", "/v1/providers/{provider}/leave", "Leave: the provider drains", None, None, 200),
    ("post", "/v1/providers/{provider}/left", "The drained agent stops", None, None, 200),
    (
        "get",
        "/v1/providers/{provider}/assignments",
        "Long-poll (read only) for what to serve, retire, wake, or whether to drain",
        None,
        AssignmentPoll,
        200,
    ),
    (
        "post",
        "/v1/providers/{provider}/placements",
        "Report a placement's state",
        PlacementReport,
        None,
        200,
    ),
    ("get", "/v1/providers/{provider}/voucher",
     "The newest platform-signed voucher for the provider's channel, to hold and claim alone",
     None, ProviderVoucher, 200),
    ("get", "/v1/providers/{provider}/earnings", "A provider's earnings: gross, fee, owed,"
     " vouchered, paid (owner's account)", None, EarningsOut, 200),
    ("post", "/v1/providers/{provider}/stake",
     "Name the provider's stake contract (signed by its owner key); checked on chain",
     StakeRegistration, StakeOut, 201),
    ("get", "/v1/providers/{provider}/stake", "The provider's stake as last read from the chain",
     None, StakeOut, 200),
]


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _content(spec: Any) -> dict[str, Any]:
    if spec == "frame":  # or, asked for, a stream of records
        return {**_BINARY, "application/x-cocoon-stream": _BINARY["application/octet-stream"]}
    if spec == "envelope":
        return _BINARY
    if isinstance(spec, list):
        return {"application/json": {"schema": {"type": "array", "items": _ref(spec[0])}}}
    return {"application/json": {"schema": _ref(spec)}}


@functools.cache
def document() -> dict[str, Any]:
    models = [
        AccountOut,
        KeyRequest,
        KeyOut,
        UsageOut,
        DeployRequest,
        DeployOut,
        FunctionOut,
        FunctionDetail,
        ProviderOut,
        ProviderRegistration,
        Assignment,
        AssignmentPoll,
        PlacementReport,
        Offer,
        Voucher,
        ProviderVoucher,
        JobOut,
        WebhookSecretOut,
        TelegramSessionRequest,
        TelegramSessionOut,
    ]
    _, schemas = models_json_schema(
        [(m, "serialization") for m in models], ref_template="#/components/schemas/{model}"
    )
    components = schemas.get("$defs", {})
    components["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "enum": sorted(ERROR_STATUS)},
                    "message": {"type": "string"},
                },
            }
        },
    }
    error = {
        "description": "error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    paths: dict[str, dict[str, Any]] = {}
    for method, path, summary, request, response, status in _OPERATIONS:
        op: dict[str, Any] = {"summary": summary, "responses": {"4XX": error}}
        op["responses"][str(status)] = (
            {"description": "ok", "content": _content(response)}
            if response
            else {"description": "ok"}
        )
        if request is not None:
            op["requestBody"] = {"required": True, "content": _content(request)}
        params = [seg[1:-1] for seg in path.split("/") if seg.startswith("{")]
        if params:
            op["parameters"] = [
                {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                for p in params
            ]
        if path.endswith("/invoke"):
            op.setdefault("parameters", []).append(
                {
                    "name": VOUCHER_HEADER,
                    "in": "header",
                    "required": False,
                    "description": "the client's newest voucher: <cumulative nanotons>:<signature>",
                    "schema": {"type": "string", "pattern": r"^[0-9]+:[0-9a-f]{128}$"},
                }
            )
        if path not in _NO_AUTH:
            op["security"] = [{"apiKey": []}]
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "Cocoon gateway", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}},
        },
    }
