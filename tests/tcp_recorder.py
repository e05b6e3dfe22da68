"""A transparent TCP relay on 127.0.0.1 that keeps every byte it carries, both ways: it sits
between the gateway and the provider so tests can inspect exactly what crossed that hop."""

from __future__ import annotations

import contextlib
import socket
import threading


class TcpRecorder:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.sent = bytearray()  # gateway -> provider
        self.received = bytearray()  # provider -> gateway
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, upstream, self.sent),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, self.received),
                             daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, record: bytearray) -> None:
        try:
            while data := src.recv(65536):
                with self._lock:
                    record.extend(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stop = True
        self._listener.close()
