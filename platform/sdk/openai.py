"""The OpenAI API in-process: an ``httpx`` transport that answers the ``openai`` package's
requests through Cocoon, without a proxy process::

    import httpx, openai
    from cocoon.platform.sdk.openai import CocoonTransport

    llm = openai.OpenAI(base_url="http://cocoon.local/v1", api_key=COCOON_API_KEY,
                        http_client=httpx.Client(transport=CocoonTransport()))
    llm.chat.completions.create(model="llm", messages=[{"role": "user", "content": "Hi"}])

The host in ``base_url`` is never contacted: each request is answered by the same code as
``cocoon proxy`` (:mod:`cocoon.platform.openai_api`), which seals it with the SDK to an attested
runtime under the ``api_key`` given to ``openai`` (the gateway's URL and the client policy come
from ``[client]`` in config.toml, or the arguments). :class:`AsyncCocoonTransport` does the
same for ``openai.AsyncOpenAI`` (each call on a worker thread).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import anyio
import httpx

from ..openai_api import Answer, OpenAIApi
from .client import Client, ClientSettings


def _api(gateway_url: str | None, settings: ClientSettings | None, client: Client | None,
         ) -> OpenAIApi:
    return OpenAIApi(gateway_url, settings, None if client is None else (lambda _key: client))


def _headers(answer: Answer) -> dict[str, str]:
    return {"content-type": answer.content_type, **answer.headers}


class CocoonTransport(httpx.BaseTransport):
    """``httpx.Client(transport=CocoonTransport())``: the OpenAI API answered through Cocoon.

    ``client``: use this SDK client for every request, whatever key the request carries
    (default: one client per ``api_key``, with ``gateway_url`` and ``settings``)."""

    def __init__(self, gateway_url: str | None = None, *,
                 settings: ClientSettings | None = None, client: Client | None = None) -> None:
        self.api = _api(gateway_url, settings, client)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.api.handle(request.method, request.url.raw_path.decode(),
                                 request.headers.get("authorization"), request.read())
        if answer.stream is None:
            return httpx.Response(answer.status, headers=_headers(answer), content=answer.body)
        return httpx.Response(answer.status, headers=_headers(answer),
                              stream=_Events(answer.stream))

    def close(self) -> None:
        self.api.close()


class _Events(httpx.SyncByteStream):
    def __init__(self, events: Iterator[bytes]) -> None:
        self._events = events

    def __iter__(self) -> Iterator[bytes]:
        yield from self._events

    def close(self) -> None:
        close = getattr(self._events, "close", None)
        if close is not None:
            close()  # a stream left early: the call ends (and is charged as its receipt says)


class AsyncCocoonTransport(httpx.AsyncBaseTransport):
    """The same for ``httpx.AsyncClient`` (``openai.AsyncOpenAI``): the SDK's blocking work
    runs on worker threads, never on the event loop."""

    def __init__(self, gateway_url: str | None = None, *,
                 settings: ClientSettings | None = None, client: Client | None = None) -> None:
        self.api = _api(gateway_url, settings, client)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        answer = await anyio.to_thread.run_sync(
            self.api.handle, request.method, request.url.raw_path.decode(),
            request.headers.get("authorization"), body)
        if answer.stream is None:
            return httpx.Response(answer.status, headers=_headers(answer), content=answer.body)
        return httpx.Response(answer.status, headers=_headers(answer),
                              stream=_AsyncEvents(answer.stream))

    async def aclose(self) -> None:
        await anyio.to_thread.run_sync(self.api.close)


class _AsyncEvents(httpx.AsyncByteStream):
    def __init__(self, events: Iterator[bytes]) -> None:
        self._events = events

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while (event := await anyio.to_thread.run_sync(next, self._events, None)) is not None:
            yield event

    async def aclose(self) -> None:
        close = getattr(self._events, "close", None)
        if close is not None:
            await anyio.to_thread.run_sync(close)


__all__ = ["AsyncCocoonTransport", "CocoonTransport"]
