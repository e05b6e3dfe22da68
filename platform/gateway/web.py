"""What the gateway serves to browsers: the browser SDK at ``/sdk/cocoon.js``.

The module is built from ``web/sdk/`` (TypeScript, pinned esbuild) and committed as
``web/sdk/dist/cocoon.js``; the wheel carries it as ``cocoon.browser_sdk`` (package data), so
a gateway installed from the wheel serves it without Node. It is public code, no secret: anyone
may fetch it, from any origin (``access-control-allow-origin: *``, so a page elsewhere can
``import`` it). Browsers revalidate it on each load (``no-cache`` with an ETag), so a gateway
upgrade reaches pages at once.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import Response

from cocoon.runtime.errors import CocoonError

SDK_PACKAGE, SDK_FILE = "cocoon.browser_sdk", "cocoon.js"


@cache
def sdk_module() -> tuple[bytes, str]:
    """The built SDK and its ETag (read once: the file changes only with the install)."""
    try:
        body = resources.files(SDK_PACKAGE).joinpath(SDK_FILE).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError):
        raise CocoonError("not_found", "the browser SDK is not installed") from None
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


async def browser_sdk(request: Request) -> Response:
    body, etag = sdk_module()
    headers = {"etag": etag, "cache-control": "no-cache", "access-control-allow-origin": "*",
               "x-content-type-options": "nosniff"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)
