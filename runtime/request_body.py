"""Reading an HTTP request body without trusting its sender: the one capped reader that the
gateway and every function host use, so nothing buffers more than its limit."""

from __future__ import annotations

from starlette.requests import Request

from .errors import CocoonError


async def read_capped(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes before more is buffered."""
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
