"""The gateway: Cocoon's public HTTP API (Starlette).

Clients deploy, discover and invoke; provider agents register and pick up assignments. Every
error is ``{"error": {"code", "message"}}`` with a 4xx status for anything the caller did.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cocoon.runtime import tracing
from cocoon.runtime.errors import CocoonError

from . import openapi
from .accounts import (
    create_account,
    create_key,
    get_account,
    health,
    network_terms,
    post_voucher,
    register_channel,
    usage,
)
from .dashboard import provider_earnings, usage_history
from .functions import (
    delete_function,
    deploy,
    describe_function,
    invoke,
    list_functions,
    rollback_function,
)
from .http import CatchUnexpected, cocoon_error_handler, http_error_handler
from .jobs import cancel_job, get_job, list_jobs, submit_job, webhook_secret
from .metrics import metrics_endpoint, observe_invoke
from .providers import (
    approve_provider,
    assignments,
    heartbeat,
    leave,
    left,
    list_providers,
    provider_voucher,
    register_provider,
    report_placement,
    set_price,
    suspend_provider,
)
from .settings import GatewaySettings
from .stakes import get_stake, register_stake
from .state import Gateway
from .telegram import create_session
from .web import app_file, app_index, browser_sdk, tonconnect_manifest


async def openapi_doc(request: Request) -> Response:
    return JSONResponse(openapi.document())


ROUTES = [
    Route("/healthz", health),
    Route("/openapi.json", openapi_doc),
    Route("/sdk/cocoon.js", browser_sdk),
    Route("/app/", app_index),
    Route("/app/tonconnect-manifest.json", tonconnect_manifest),
    Route("/app/{file}", app_file),
    Route("/metrics", metrics_endpoint),
    Route("/v1/network", network_terms),
    Route("/v1/accounts", create_account, methods=["POST"]),
    Route("/v1/account", get_account),
    Route("/v1/account/channel", register_channel, methods=["POST"]),
    Route("/v1/keys", create_key, methods=["POST"]),
    Route("/v1/telegram/session", create_session, methods=["POST"]),
    Route("/v1/vouchers", post_voucher, methods=["POST"]),
    Route("/v1/usage", usage),
    Route("/v1/usage/history", usage_history),
    Route("/v1/functions", list_functions, methods=["GET"]),
    Route("/v1/functions", deploy, methods=["POST"]),
    Route("/v1/functions/{name}", describe_function, methods=["GET"]),
    Route("/v1/functions/{name}", delete_function, methods=["DELETE"]),
    Route("/v1/functions/{name}/rollback", rollback_function, methods=["POST"]),
    Route("/v1/functions/{name}/invoke", observe_invoke(invoke), methods=["POST"]),
    Route("/v1/functions/{name}/jobs", submit_job, methods=["POST"]),
    Route("/v1/jobs", list_jobs, methods=["GET"]),
    Route("/v1/jobs/{id}", get_job, methods=["GET"]),
    Route("/v1/jobs/{id}", cancel_job, methods=["DELETE"]),
    Route("/v1/webhooks/secret", webhook_secret, methods=["GET"]),
    Route("/v1/providers", list_providers, methods=["GET"]),
    Route("/v1/providers", register_provider, methods=["POST"]),
    Route("/v1/providers/{provider}/heartbeat", heartbeat, methods=["POST"]),
    Route("/v1/providers/{provider}/approve", approve_provider, methods=["POST"]),
    Route("/v1/providers/{provider}/suspend", suspend_provider, methods=["POST"]),
    Route("/v1/providers/{provider}/price", set_price, methods=["POST"]),
    Route("/v1/providers/{provider}/leave", leave, methods=["POST"]),
    Route("/v1/providers/{provider}/left", left, methods=["POST"]),
    Route("/v1/providers/{provider}/assignments", assignments),
    Route("/v1/providers/{provider}/placements", report_placement, methods=["POST"]),
    Route("/v1/providers/{provider}/voucher", provider_voucher),
    Route("/v1/providers/{provider}/earnings", provider_earnings),
    Route("/v1/providers/{provider}/stake", register_stake, methods=["POST"]),
    Route("/v1/providers/{provider}/stake", get_stake, methods=["GET"]),
]


def create_app(settings: GatewaySettings | None = None) -> Starlette:
    settings = settings or GatewaySettings.load()
    tracing.setup("cocoon-gateway")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.gateway = Gateway(settings)
        if app.state.gateway.settlement is not None:
            app.state.gateway.settlement.start()
        placing = asyncio.create_task(app.state.gateway.place_periodically())
        app.state.gateway.jobs.start()  # the results' sweeper
        try:
            yield
        finally:
            placing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await placing
            await app.state.gateway.close()

    return Starlette(
        routes=ROUTES,
        lifespan=lifespan,
        middleware=[*tracing.asgi_middleware(ROUTES), Middleware(CatchUnexpected)],
        exception_handlers={
            CocoonError: cocoon_error_handler,
            HTTPException: http_error_handler,
        },
    )
