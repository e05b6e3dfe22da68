"""What the gateway serves to browsers: the browser SDK at ``/sdk/cocoon.js`` and the Mini App
(with its dashboard) at ``/app/``.

The module is built from ``web/sdk/`` (TypeScript, pinned esbuild) and committed as
``web/sdk/dist/cocoon.js``; the wheel carries it as ``cocoon.browser_sdk`` (package data), so
a gateway installed from the wheel serves it without Node. It is public code, no secret: anyone
may fetch it, from any origin (``access-control-allow-origin: *``, so a page elsewhere can
``import`` it). Browsers revalidate it on each load (``no-cache`` with an ETag), so a gateway
upgrade reaches pages at once.

The Mini App is built from ``web/app/`` into ``web/app/dist`` (committed; the wheel carries it as
``cocoon.web_app``): static files only, every figure on it comes from the authenticated API. It
imports the SDK from ``/sdk/cocoon.js`` at run time, so a page holds one copy of it. Its files
are served by name from that package (a name not in it is 404: no path reaches elsewhere), with
a CSP that lets scripts come only from this gateway; ``connect-src https: wss:`` is there for TON
Connect, which the app starts only on a real TON network. Only this gateway and Telegram's web
clients (``https://*.telegram.org``, which show a Mini App in an iframe; the mobile and desktop
clients use a webview, no frame) may frame the app: another site cannot lay it under its own
page to steer a signed-in user's clicks. The TON Connect manifest names the app by the URL it
was fetched from, so one build serves any gateway (a forged ``Host`` header only changes the
answer to the one who forged it: the manifest is ``no-cache`` and the page asks for it by its
own origin).

Each file is gzipped once, when first read (level 9, kept with its bytes): a request whose
``accept-encoding`` allows gzip gets that body (``content-encoding: gzip``, the SDK goes from
about 780 KB to about 150 KB) under an ETag of its own (``-gz`` suffix, so a cache never takes
one variant for the other), and every answer says ``vary: accept-encoding``. A file that gzip
would not make smaller is sent as it is.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocoon.runtime.errors import CocoonError

SDK_PACKAGE, SDK_FILE = "cocoon.browser_sdk", "cocoon.js"
APP_PACKAGE, APP_INDEX = "cocoon.web_app", "index.html"
APP_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
             ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml",
             ".png": "image/png"}
APP_CSP = ("default-src 'self'; script-src 'self'; connect-src 'self' https: wss:; "
           "img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; "
           "frame-ancestors 'self' https://*.telegram.org; base-uri 'none'; "
           "form-action 'none'; object-src 'none'")


@dataclass(frozen=True)
class Asset:
    """A served file: its bytes, their gzip (None when not smaller) and an ETag for each."""

    body: bytes
    etag: str
    gzipped: bytes | None
    gzip_etag: str
    media_type: str

    @classmethod
    def of(cls, body: bytes, media_type: str) -> Asset:
        tag = hashlib.sha256(body).hexdigest()[:32]
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        return cls(body, f'"{tag}"', packed if len(packed) < len(body) else None,
                   f'"{tag}-gz"', media_type)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether ``accept-encoding`` allows gzip (RFC 9110 12.5.3): ``gzip`` (or ``x-gzip``) or
    ``*`` listed, with a q-value above 0; an explicit ``gzip;q=0`` refuses it even with ``*``."""
    allowed: dict[str, bool] = {}
    for item in accept_encoding.lower().split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        allowed[coding] = q > 0
    for coding in ("gzip", "x-gzip"):
        if coding in allowed:
            return allowed[coding]
    return allowed.get("*", False)


def serve(request: Request, asset: Asset, headers: dict[str, str]) -> Response:
    """The asset in the encoding the request allows, or 304 when its ETag is the one held."""
    packed = asset.gzipped is not None and accepts_gzip(
        request.headers.get("accept-encoding", ""))
    etag = asset.gzip_etag if packed else asset.etag
    headers = {**headers, "etag": etag, "vary": "accept-encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if packed:
        headers["content-encoding"] = "gzip"
    return Response(asset.gzipped if packed else asset.body, media_type=asset.media_type,
                    headers=headers)


@cache
def sdk_module() -> Asset:
    """The built SDK (read and gzipped once: the file changes only with the install)."""
    try:
        body = resources.files(SDK_PACKAGE).joinpath(SDK_FILE).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError):
        raise CocoonError("not_found", "the browser SDK is not installed") from None
    return Asset.of(body, "text/javascript; charset=utf-8")


async def browser_sdk(request: Request) -> Response:
    return serve(request, sdk_module(), {
        "cache-control": "no-cache", "access-control-allow-origin": "*",
        "x-content-type-options": "nosniff"})


@cache
def app_files() -> dict[str, Asset]:
    """The Mini App's built files by name, read (and gzipped) once. Only these names are ever
    served."""
    try:
        root = resources.files(APP_PACKAGE)
        entries = list(root.iterdir())
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    files = {}
    for entry in entries:
        kind = APP_TYPES.get("." + entry.name.rpartition(".")[2])
        if kind and entry.is_file():
            files[entry.name] = Asset.of(entry.read_bytes(), kind)
    return files


def _app_response(request: Request, name: str) -> Response:
    found = app_files().get(name)
    if found is None:
        raise CocoonError("not_found", "no such file in the Mini App")
    return serve(request, found, {
        "cache-control": "no-cache", "x-content-type-options": "nosniff",
        "content-security-policy": APP_CSP, "referrer-policy": "no-referrer"})


async def app_index(request: Request) -> Response:
    return _app_response(request, APP_INDEX)


async def app_file(request: Request) -> Response:
    return _app_response(request, request.path_params["file"])


async def tonconnect_manifest(request: Request) -> Response:
    """TON Connect's app manifest (wallets fetch it): this gateway's own URL, so one build of
    the app serves any gateway. Public, from any origin (wallets fetch it themselves)."""
    base = str(request.base_url).rstrip("/")
    return JSONResponse(
        {"url": base + "/app/", "name": "Cocoon", "iconUrl": base + "/app/icon.png"},
        headers={"cache-control": "no-cache", "access-control-allow-origin": "*",
                 "x-content-type-options": "nosniff"})
