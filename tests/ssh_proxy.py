"""``ProxyCommand`` for the test sshd (tests/test_ray_up.py): pipes ssh's stdin and stdout to
127.0.0.1:PORT, so ``ray up`` reaches an sshd on a non-standard loopback port without netcat.

Usage: ``python tests/ssh_proxy.py PORT`` (the host ssh asked for is ignored: always loopback).
"""

from __future__ import annotations

import os
import socket
import sys
import threading


def _up(sock: socket.socket) -> None:
    while data := os.read(0, 65536):
        sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)


def main() -> None:
    sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    threading.Thread(target=_up, args=(sock,), daemon=True).start()
    while data := sock.recv(65536):
        view = memoryview(data)
        while view:
            view = view[os.write(1, view):]


if __name__ == "__main__":
    main()
