"""The SDK's HTTP/1.1 connection to its gateway (the benchmarks use it for every client).

urllib3's keep-alive pool, not httpx: on the invoke path the client's own HTTP work is part of
every call's latency, and urllib3 does the same request in about half the Python work.
"""

from __future__ import annotations

import contextlib
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

    def open(
        self,
        method: str,
        path: str,
        *,
        content: bytes | str | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> StreamReply:
        """Send the request and return once the answer's head is in; its body is read as it
        comes (:meth:`StreamReply.read`)."""
        url = self._prefix + path + (f"?{urlencode(params)}" if params else "")
        try:
            resp = self._pool.urlopen(method, url, body=content, headers=dict(headers or {}),
                                      retries=False, redirect=False, preload_content=False)
        except urllib3.exceptions.HTTPError as exc:
            raise TransportError(str(exc)) from None
        return StreamReply(resp.status, resp.headers.get("content-type", ""), resp)

    def close(self) -> None:
        self._pool.close()


class StreamReply:
    """An answer whose body is read as it arrives (a streamed invocation)."""

    def __init__(self, status_code: int, content_type: str,
                 resp: urllib3.BaseHTTPResponse | None, data: bytes = b"") -> None:
        self.status_code, self.content_type = status_code, content_type.split(";")[0].strip()
        self._resp = resp
        self._data, self._pos = data, 0

    @classmethod
    def of_bytes(cls, data: bytes) -> StreamReply:
        """A body already read (a frame turned into stream records)."""
        return cls(200, "", None, data)

    def read(self, n: int) -> bytes:
        """Exactly ``n`` bytes, fewer only at the end of the body; a broken connection is
        the end (the reader then finds the stream truncated)."""
        if self._resp is None:
            out = self._data[self._pos:self._pos + n]
            self._pos += len(out)
            return out
        parts, got = [], 0
        try:
            while got < n:
                part = self._resp.read(n - got)
                if not part:
                    break
                parts.append(part)
                got += len(part)
        except (urllib3.exceptions.HTTPError, OSError):
            self.close()
        return b"".join(parts)

    def read_all(self, limit: int) -> bytes:
        if self._resp is None:
            return self.read(limit)
        try:
            return _read_capped(self._resp, limit)
        except urllib3.exceptions.HTTPError as exc:
            raise TransportError(str(exc)) from None
        finally:
            self.close()

    def close(self) -> None:
        """Done: a body read to its end leaves the connection for the next request; one
        left unread drops it."""
        resp, self._resp = self._resp, None
        if resp is None:
            return
        with contextlib.suppress(Exception):
            if resp.isclosed():
                resp.release_conn()
            else:
                resp.close()  # unread rest: this connection is not reused
                resp.release_conn()


def _read_capped(resp: urllib3.BaseHTTPResponse, limit: int) -> bytes:
    declared = resp.headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > limit
    data = b"" if too_large else resp.read(limit + 1)
    if too_large or len(data) > limit:
        resp.close()  # the rest stays unread: this connection is not reused
        raise TransportError(f"the gateway's answer is larger than {limit} bytes")
    return data
