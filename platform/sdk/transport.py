"""The SDK's HTTP/1.1 connection to its gateway (the benchmarks use it for every client).

urllib3's keep-alive pool, not httpx: on the invoke path the client's own HTTP work is part of
every call's latency, and urllib3 does the same request in about half the Python work.
"""

from __future__ import annotations

import json as jsonlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import urllib3

from cocoon.runtime.invocation import MAX_FRAME_BYTES

# The most the SDK reads from its gateway: a response frame, or a JSON document (a long usage
# listing) of up to a few MiB. Past that the connection is dropped, never buffered further.
MAX_REPLY_BYTES = MAX_FRAME_BYTES + (4 << 20)

class TransportError(Exception):
    """The gateway could not be reached (or the connection broke mid-call)."""


@dataclass(frozen=True, slots=True)
class Reply:
    status_code: int
    content: bytes

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class KeepAliveTransport:
    def __init__(self, base_url: str, timeout_s: float) -> None:
        self._prefix = urllib3.util.parse_url(base_url).path or ""
        self._pool = urllib3.connection_from_url(
            base_url, maxsize=16, block=False, retries=False, timeout=urllib3.Timeout(timeout_s)
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        content: bytes | str | None = None,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        headers = dict(headers or {})
        if json is not None:
            content = jsonlib.dumps(json)
            headers.setdefault("content-type", "application/json")
        url = self._prefix + path + (f"?{urlencode(params)}" if params else "")
        try:
            resp = self._pool.urlopen(method, url, body=content, headers=headers,
                                      retries=False, redirect=False, preload_content=False)
            try:
                data = _read_capped(resp, MAX_REPLY_BYTES)
            finally:
                resp.release_conn()
        except urllib3.exceptions.HTTPError as exc:
            raise TransportError(str(exc)) from None
        return Reply(resp.status, data)

    def close(self) -> None:
        self._pool.close()


def _read_capped(resp: urllib3.BaseHTTPResponse, limit: int) -> bytes:
    declared = resp.headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > limit
    data = b"" if too_large else resp.read(limit + 1)
    if too_large or len(data) > limit:
        resp.close()  # the rest stays unread: this connection is not reused
        raise TransportError(f"the gateway's answer is larger than {limit} bytes")
    return data
