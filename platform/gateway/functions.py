"""Routes of functions: deploy, list, describe (waking a version scaled to zero), delete,
roll back, invoke.
"""

from __future__ import annotations

import asyncio
import base64
import binascii

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from cocoon.runtime import tracing
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.hosting import wants_stream
from cocoon.runtime.manifest import MAX_BUNDLE_BYTES, manifest_from_bundle
from cocoon.runtime.request_body import read_capped
from cocoon.runtime.wire import STREAM_MEDIA_TYPE

from ..api import DeployOut, DeployRequest, FunctionDetail
from ..settlement.vouchers import HEADER as VOUCHER_HEADER
from .http import MAX_JSON_BYTES, model_response, off_loop, query_seconds, read_model
from .state import gateway_of

# The deploy document: the bundle (at most MAX_BUNDLE_BYTES, the SDK's limit too) in base64.
MAX_DEPLOY_BODY_BYTES = 4 * -(-MAX_BUNDLE_BYTES // 3) + (4 << 10)
MAX_WAKE_WAIT_S = 60.0  # GET /v1/functions/{name}?wait=: how long a client may wait for a wake



async def deploy(request: Request) -> Response:
    gw = gateway_of(request)
    principal = await gw.auth.check(request, "client")
    body = await read_model(request, DeployRequest, MAX_DEPLOY_BODY_BYTES)
    try:
        bundle = base64.b64decode(body.bundle, validate=True)
    except (binascii.Error, ValueError):
        raise CocoonError("bad_request", "bundle is not valid base64") from None
    if len(bundle) > MAX_BUNDLE_BYTES:
        raise CocoonError("payload_too_large", f"bundle exceeds {MAX_BUNDLE_BYTES} bytes")
    manifest = await off_loop(manifest_from_bundle, bundle)  # may inflate MBs
    version, created = await off_loop(gw.registry.deploy, principal.account, manifest, bundle)
    await gw.placed()  # new, or an older version (or a deleted name) made current again
    out = DeployOut(
        name=version.name,
        version=version.version,
        digest=version.digest,
        created=created,
        endpoint=gw.endpoint(request, version.name),
    )
    return model_response(out, 201 if created else 200)


async def list_functions(request: Request) -> Response:
    gw = gateway_of(request)
    viewer = (await gw.auth.check(request)).account
    return model_response(await off_loop(
        lambda: [gw.function_out(request, v, viewer=viewer)
                 for v in gw.registry.list_functions()]))


async def describe_function(request: Request) -> Response:
    """A function's current version, placements and offers. ``?wait=S`` (up to 60): when no
    offer is ready but a placement is idle (scaled to zero), its providers are asked to wake
    it and the answer waits up to S seconds for its keys."""
    gw = gateway_of(request)
    viewer = (await gw.auth.check(request)).account
    wait = query_seconds(request, "wait", 0.0, MAX_WAKE_WAIT_S)
    name = request.path_params["name"]

    def detail() -> FunctionDetail:
        version = gw.registry.latest_version(name)
        offers = list(gw.forwarder.offers(version.digest).values())
        return gw.function_out(request, version, FunctionDetail, offers=offers, viewer=viewer)

    out = await off_loop(detail)
    if out.offers or wait <= 0 or not await off_loop(gw.registry.request_wake, out.digest):
        return model_response(out)
    gw.wake_pollers()
    deadline = asyncio.get_running_loop().time() + wait
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.1)
        if await off_loop(gw.registry.offers, out.digest):
            gw.forwarder.invalidate()
            break
    return model_response(await off_loop(detail))


async def delete_function(request: Request) -> Response:
    """The owner deletes a function: retired on every provider, no longer listed or invocable."""
    gw = gateway_of(request)
    owner = (await gw.auth.check(request, "client")).account
    name = request.path_params["name"]
    await off_loop(gw.registry.delete_function, name, owner)
    await gw.placed()
    return JSONResponse({"name": name, "deleted": True})


class RollbackRequest(BaseModel):
    version: int | None = Field(default=None, ge=1, description="None: the one before")


async def rollback_function(request: Request) -> Response:
    """The owner makes an earlier version current; providers serve it and retire the other."""
    gw = gateway_of(request)
    owner = (await gw.auth.check(request, "client")).account
    body = await read_model(request, RollbackRequest, MAX_JSON_BYTES)
    version = await off_loop(gw.registry.rollback, request.path_params["name"], owner,
                             body.version)
    await gw.placed()
    return model_response(await off_loop(
        lambda: gw.function_out(request, version, viewer=owner)))


async def invoke(request: Request) -> Response:
    gw = gateway_of(request)
    with tracing.span(
        "gateway.invoke", context=tracing.extract_context(request.headers)
    ) as span:
        principal = await gw.auth.check(request, "client")
        body = await read_capped(request, gw.settings.max_body_bytes)
        span.set_attribute("cocoon.envelope_bytes", len(body))
        if wants_stream(request.headers.get("accept")):  # docs/protocol.md, section 5.1
            provider, records = await gw.forwarder.invoke_stream(
                request.path_params["name"], principal, body, request.headers.get(VOUCHER_HEADER))
            span.set_attribute("cocoon.provider", provider)
            return StreamingResponse(records, media_type=STREAM_MEDIA_TYPE,
                                     headers={"x-cocoon-provider": provider})
        frame, provider = await gw.forwarder.invoke(
            request.path_params["name"], principal, body, request.headers.get(VOUCHER_HEADER)
        )
        span.set_attribute("cocoon.provider", provider)
        span.set_attribute("cocoon.response_bytes", len(frame))
    return Response(
        frame, media_type="application/octet-stream", headers={"x-cocoon-provider": provider}
    )
