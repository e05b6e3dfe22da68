"""``cocoon proxy``'s server: the OpenAI API (:mod:`.openai_api`) on 127.0.0.1, so the official
``openai`` package works unchanged with ``base_url="http://127.0.0.1:8480/v1"``.

The standard library's threading HTTP/1.1 server, not Starlette: the proxy runs on a client's
machine, where only the base install (no server extra) may be present. Each connection has a
thread; a streamed answer goes out as chunked server-sent events, each event as soon as the
function yields its token. Nothing is logged per request (no payload can reach a log).

``python -m cocoon.platform.openai_proxy --port 8480`` runs it (``cocoon proxy --detach`` does).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .openai_api import JSON, MAX_BODY_BYTES, Answer, ApiError, OpenAIApi, json_answer
from .sdk.client import ClientSettings

log = logging.getLogger("cocoon.openai")

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8480


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the openai client reuses its connection
    disable_nagle_algorithm = True  # each event leaves at once (headers and a first event
    # written back to back would otherwise wait for the peer's delayed ACK, ~40 ms)
    server_version = "cocoon-proxy"
    api: OpenAIApi  # set on the subclass made by ProxyServer

    def log_message(self, format: str, *args: Any) -> None:
        return  # no request lines in any log

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == "/healthz":
            self._send(json_answer(200, {"status": "ok"}))
            return
        self._serve(b"")

    def do_POST(self) -> None:
        length = self.headers.get("content-length", "")
        if not length.isdigit():
            self.close_connection = True
            self._send(json_answer(411, ApiError(411, "send a content-length", "bad_request")
                             .document()))
            return
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True  # the body stays unread
            self._send(json_answer(413, ApiError(413, f"the request is over {MAX_BODY_BYTES} bytes",
                                           "payload_too_large").document()))
            return
        self._serve(self.rfile.read(int(length)))

    do_DELETE = do_PUT = do_PATCH = do_POST

    def _serve(self, body: bytes) -> None:
        self._send(self.api.handle(self.command, self.path, self.headers.get("authorization"),
                                   body))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("content-type", answer.content_type if answer.stream is None
                         else f"{answer.content_type}; charset=utf-8")
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.stream is None:
            self.send_header("content-length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
            return
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        try:
            for event in answer.stream:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the caller went away: stop the stream (its close() ends the call)
            self.close_connection = True
        finally:
            close = getattr(answer.stream, "close", None)
            if close is not None:
                close()


class ProxyServer(ThreadingHTTPServer):
    """The proxy on 127.0.0.1:``port`` (0: any free port, see ``.port``)."""

    daemon_threads = True

    def __init__(self, port: int = DEFAULT_PORT, api: OpenAIApi | None = None) -> None:
        self.api = api or OpenAIApi(settings=_settings())
        handler = type("Handler", (_Handler,), {"api": self.api})
        super().__init__((LOOPBACK, port), handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that failed: its type only (a traceback's values may quote a
        payload)."""
        log.warning("openai proxy: a connection failed (%s)", sys.exc_info()[0].__name__
                    if sys.exc_info()[0] else "unknown")

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/v1"

    def start(self) -> threading.Thread:
        """Serve on a thread of its own (tests, in-process use); ``stop()`` ends it."""
        thread = threading.Thread(target=self.serve_forever, daemon=True, name="cocoon-proxy")
        thread.start()
        return thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self.api.close()

    def run(self) -> None:
        """Serve in this thread until Ctrl-C or SIGTERM, then close (the foreground proxy)."""

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        with contextlib.suppress(KeyboardInterrupt):
            self.serve_forever()
        self.server_close()
        self.api.close()


def _settings() -> ClientSettings:
    from cocoon.runtime import config

    return config.load(ClientSettings, "client")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    ProxyServer(args.port).run()


if __name__ == "__main__":
    main()


__all__ = ["DEFAULT_PORT", "JSON", "ProxyServer", "main"]
