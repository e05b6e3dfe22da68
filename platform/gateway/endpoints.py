"""Provider endpoints: the URLs the gateway forwards envelopes to, checked at registration.

A provider chooses its endpoint, so the gateway treats it as hostile input: the scheme is
``https`` (plain ``http`` only to a loopback address, and only on a development network, one
whose policy accepts simulated TEEs), there is a host and nothing else that could change where
or how a request goes (no user info, query or fragment). On a production network an IP address
must be a public one, so a provider cannot aim the gateway at the platform's own loopback or
private services. (A host *name* is not resolved here: the forwarder never follows a redirect,
see invoke.py, which keeps a provider from bouncing the gateway elsewhere.)
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from cocoon.runtime.errors import CocoonError

MAX_ENDPOINT_CHARS = 2048
LOOPBACK_NAMES = {"localhost"}


def check_endpoint(url: str, *, development: bool) -> str:
    """``url`` without a trailing slash, or ``invalid_endpoint`` saying what is wrong."""
    if len(url) > MAX_ENDPOINT_CHARS or not url.isascii() or not url.isprintable():
        raise _bad("must be a printable ASCII URL of at most 2048 characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _bad("is not a valid URL") from None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https"):
        raise _bad("must use https (or http on a development network)")
    if not host:
        raise _bad("has no host")
    if "@" in parts.netloc:
        raise _bad("must not carry a user name or password")
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise _bad("must not have a query or a fragment")
    if port == 0:
        raise _bad("has port 0")
    loopback = _is_loopback(host)
    if parts.scheme == "http" and not (development and loopback):
        raise _bad("must use https (plain http only to a loopback address, in development)")
    if not development:
        address = _ip(host)
        if loopback or (address is not None and not address.is_global):
            raise _bad("must not be a loopback, private or reserved address in production")
    return url.rstrip("/")


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_loopback(host: str) -> bool:
    address = _ip(host)
    return host.lower() in LOOPBACK_NAMES if address is None else address.is_loopback


def _bad(problem: str) -> CocoonError:
    return CocoonError("invalid_endpoint", f"provider endpoint {problem}")
