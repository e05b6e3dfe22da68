"""Issue 12's new surfaces as hostile parties see them, over real HTTP on the Ray-free network
(harness.py): the Mini App's files and headers (/app/), the TON Connect manifest under a forged
Host header, the dashboard's query parameters, Telegram sign-in with odd initData, and the
caching headers of authenticated answers. Every bad input must be a 4xx JSON error with a
code, never a 500. (What the page itself does with hostile names, descriptions and receipts is
tests/browser/test_app_hostile.py.)
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import socket
import time
from collections.abc import Iterator
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pytest
from harness import Network, running_network

from cocoon.platform.db import Database
from cocoon.platform.gateway.web import accepts_gzip
from cocoon.platform.registry import Registry
from cocoon.platform.telegram import MAX_SESSIONS, TelegramUsers

BOT_TOKEN = "7099999999:hostile-review-bot-token"


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    with running_network(tmp_path_factory.mktemp("cocoon-home"),
                         telegram_bot_token=BOT_TOKEN) as n:
        yield n


def init_data(user: dict, token: str = BOT_TOKEN) -> str:
    """initData signed as Telegram signs it (core.telegram.org/bots/webapps)."""
    fields = {"auth_date": str(int(time.time())), "query_id": "AAH",
              "user": json.dumps(user, separators=(",", ":"), ensure_ascii=False)}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest}, quote_via=quote)


def raw_get(net: Network, path: str, host: bytes) -> tuple[bytes, dict[bytes, bytes], bytes]:
    """GET with exactly this Host header (httpx would fix it up): status line, headers, body."""
    parts = urlsplit(net.gateway_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + host
                  + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.split(b"\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(b":") for x in lines)}
    return status, headers, body


def assert_error(resp: httpx.Response, status: int | None = None) -> str:
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.text[:200])
    assert status is None or resp.status_code == status, resp.text[:200]
    code = resp.json()["error"]["code"]
    assert code
    return code


# -- caching ------------------------------------------------------------------------------------


def test_authenticated_answers_are_no_store(net: Network):
    """Balances, receipts, keys, sessions and secrets: no cache may keep them (a shared cache
    should not store answers to requests with Authorization anyway; a browser's disk cache
    would)."""
    with net.http() as http, net.http(None) as anonymous:
        answers = {
            "account": http.get("/v1/account"),
            "usage": http.get("/v1/usage"),
            "history": http.get("/v1/usage/history"),
            "mine": http.get("/v1/providers", params={"mine": "1"}),
            "earnings": http.get("/v1/providers/local/earnings"),
            "key": http.post("/v1/keys", json={"role": "client"}),
            "webhook secret": http.get("/v1/webhooks/secret"),
            "session": anonymous.post("/v1/telegram/session",
                                      json={"init_data": init_data({"id": 42})}),
        }
    for what, resp in answers.items():
        assert resp.status_code < 300, (what, resp.text[:200])
        assert resp.headers["cache-control"] == "no-store", what


# -- /app/ --------------------------------------------------------------------------------------


def test_the_app_may_be_framed_only_by_the_gateway_and_telegram(net: Network):
    with net.http(None) as http:
        csp = http.get("/app/").headers["content-security-policy"]
    directives = dict(d.strip().partition(" ")[::2] for d in csp.split(";"))
    assert directives["frame-ancestors"] == "'self' https://*.telegram.org"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in csp
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"


@pytest.mark.parametrize("path", [
    "/app/%00", "/app/index.html%00.js", "/app/..", "/app/%2e%2e%2fpyproject.toml",
    "/app/%2F", "/app//etc/passwd", "/app/INDEX.HTML", "/app/%E2%80%AEsj.html",
    "/app/" + "a" * 4000 + ".js", "/app/build.mjs", "/app/package.json", "/app/src",
    "/app/..%5c..%5cpyproject.toml", "/sdk/cocoon.js%2F..%2F..%2Fpyproject.toml",
])
def test_odd_paths_under_app_are_404_json(net: Network, path: str):
    with net.http(None) as http:
        resp = http.get(path)
    assert_error(resp, 404)
    assert resp.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_the_app_is_read_only(net: Network, method: str):
    with net.http(None) as http:
        assert assert_error(http.request(method, "/app/"), 405) == "method_not_allowed"


def test_a_forged_host_header_changes_only_the_forgers_answer(net: Network):
    """The manifest names the app by the URL it was fetched at: a forged Host names the forger's
    host, in the answer to the forger only (no-cache: a cache asks again; a wallet fetches the
    manifest at the URL the page gives, its own origin). A Host that is no host name is not
    echoed at all."""
    status, headers, body = raw_get(net, "/app/tonconnect-manifest.json", b"evil.example")
    assert status.endswith(b"200 OK") and headers[b"cache-control"] == b"no-cache"
    assert json.loads(body)["url"] == "http://evil.example/app/"
    with net.http(None) as http:
        assert http.get("/app/tonconnect-manifest.json").json()["url"] == net.gateway_url + "/app/"
    for junk in (b'a"b', b"a/b?c#d", b"\xff\xfe", b"a b", b"[::1", b"x:99999999"):
        status, _, body = raw_get(net, "/app/tonconnect-manifest.json", junk)
        if status.endswith(b"200 OK"):
            url = json.loads(body)["url"]
            assert url == net.gateway_url + "/app/", (junk, url)
        else:
            assert b" 4" in status, (junk, status)


# -- the dashboard's query parameters -----------------------------------------------------------


@pytest.mark.parametrize("query", [
    "bucket_s=60&bucket_s=abc", "since_ms=%00", "until_ms=%D9%A1%D9%A2",  # Arabic-Indic digits
    "bucket_s=%EF%BC%96%EF%BC%90",  # fullwidth "60"
    "since_ms=+5", "since_ms=0x10", "since_ms=" + "1" * 16, "bucket_s=" + "9" * 100_00,
    "until_ms=-0", "since_ms=1&since_ms=-1", "bucket_s=60.0", "bucket_s=%20%2060",
])
def test_hostile_history_parameters_are_400(net: Network, query: str):
    with net.http() as http:
        assert assert_error(http.get("/v1/usage/history?" + query), 400) == "bad_request"


def test_the_widest_history_window_is_an_answer(net: Network):
    with net.http() as http:
        resp = http.get("/v1/usage/history?bucket_s=604800&since_ms=0&until_ms=" + "9" * 15)
    assert resp.status_code == 200 and resp.json()["until_ms"] == int("9" * 15)


@pytest.mark.parametrize("provider", [
    "%00", "a" * 4000, "%E2%80%AE", "..", "local%2F..%2Flocal", "LOCAL", "local%20",
])
def test_odd_provider_ids_for_earnings_are_4xx(net: Network, provider: str):
    with net.http() as http:
        assert assert_error(http.get(f"/v1/providers/{provider}/earnings")) in (
            "unknown_provider", "not_found", "forbidden")


# -- Telegram sign-in ---------------------------------------------------------------------------


def test_a_user_with_unicode_names_signs_in(net: Network):
    user = {"id": 77001, "first_name": "\u202eevil\u202c 🦊", "last_name": "Ωμέγα",
            "username": "x" * 32, "language_code": "ar"}
    with net.http(None) as http:
        resp = http.post("/v1/telegram/session", json={"init_data": init_data(user)})
    assert resp.status_code == 201, resp.text
    assert "evil" not in resp.text and "Ωμέγα" not in resp.text  # no personal data echoed


def test_odd_init_data_is_refused_with_a_code(net: Network):
    good = init_data({"id": 77002})
    cases = [
        good.replace("hash=", "hash=" + "0" * 64 + "&x="),  # a field added
        init_data({"id": 77002}, token="7000000001:another-bot"),  # another bot's
        "user=%ED%A0%80&hash=" + "0" * 64,  # a lone surrogate, percent-encoded
        "&".join(f"f{i}=1" for i in range(65)),  # too many fields
        "x" * 9000,  # longer than any Telegram's
        good + "&" + good,  # every field twice
    ]
    with net.http(None) as http:
        for data in cases:
            code = assert_error(http.post("/v1/telegram/session", json={"init_data": data}))
            assert code in ("invalid_init_data", "payload_too_large"), data[:60]
        assert assert_error(http.post("/v1/telegram/session", content=b'{"init_data": 5}',
                                      headers={"content-type": "application/json"})) \
            == "bad_request"


def test_one_initdata_sent_again_and_again_keeps_a_bounded_number_of_sessions(net: Network):
    """initData is valid for a day: whoever holds it (its user, or anyone it leaked to) could
    sign in in a loop. Each sign-in makes a key; past MAX_SESSIONS the oldest go."""
    data = init_data({"id": 77003})
    with net.http(None) as http:
        keys = [http.post("/v1/telegram/session", json={"init_data": data}).json()["session"]
                for _ in range(MAX_SESSIONS + 4)]
        works = [http.get("/v1/account", headers={"authorization": f"Bearer {k}"}).status_code
                 for k in keys]
    assert works == [401] * 4 + [200] * MAX_SESSIONS


def test_the_session_cap_is_per_account_and_spares_other_keys(db: Database):
    registry = Registry(db)
    users = TelegramUsers(db, registry)
    first, _, account = users.start_session(1, 60)
    api_key = registry.create_key(account, "client")  # a key made with POST /v1/keys: kept
    other = users.start_session(2, 60)[0]  # another user's account: untouched
    later = [users.start_session(1, 60)[0] for _ in range(MAX_SESSIONS)]
    assert registry.authenticate(first) is None
    assert all(registry.authenticate(k) for k in [api_key, other, *later])
    live = db.one("SELECT COUNT(*) AS n FROM api_keys WHERE account = ? AND expires_ms IS NOT NULL",
                  account)["n"]
    assert live == MAX_SESSIONS


# --- gzip for the SDK and the app's files (platform/gateway/web.py) -------------------------


@pytest.mark.parametrize("path", ["/sdk/cocoon.js", "/app/", "/app/app.js", "/app/app.css"])
def test_static_files_go_gzipped_only_where_allowed_each_with_its_etag(net: Network, path: str):
    with httpx.Client(base_url=net.gateway_url, trust_env=False) as http:
        plain = http.get(path, headers={"accept-encoding": "identity"})
        assert plain.status_code == 200 and "content-encoding" not in plain.headers
        assert plain.headers["vary"] == "accept-encoding"
        raws = []
        for _ in range(2):  # compressed once: the same bytes each time
            with http.stream("GET", path, headers={"accept-encoding": "br, gzip;q=0.8"}) as resp:
                raws.append(b"".join(resp.iter_raw()))
        assert resp.headers["content-encoding"] == "gzip" and raws[0] == raws[1]
        assert resp.headers["vary"] == "accept-encoding"
        assert int(resp.headers["content-length"]) == len(raws[0]) < len(plain.content)
        assert gzip.decompress(raws[0]) == plain.content  # the very same file
        assert resp.headers["content-type"] == plain.headers["content-type"]
        etags = {"identity": plain.headers["etag"], "gzip": resp.headers["etag"]}
        assert etags["gzip"] == etags["identity"][:-1] + '-gz"'
        for encoding, etag in etags.items():
            other = etags["gzip" if encoding == "identity" else "identity"]
            held = http.get(path, headers={"accept-encoding": encoding, "if-none-match": etag})
            assert held.status_code == 304 and not held.content
            assert held.headers["etag"] == etag and held.headers["vary"] == "accept-encoding"
            stale = http.get(path, headers={"accept-encoding": encoding, "if-none-match": other})
            assert stale.status_code == 200 and stale.content == plain.content
    # no accept-encoding at all: identity
    status, headers, body = raw_get(net, path, urlsplit(net.gateway_url).netloc.encode())
    assert b" 200 " in status and b"content-encoding" not in headers
    assert body == plain.content


@pytest.mark.parametrize(("value", "allowed"), [
    ("gzip", True), ("GZIP", True), ("x-gzip", True), ("deflate, gzip;q=0.5", True),
    ("*", True), ("br;q=1, *;q=0.1", True), ("", False), ("identity", False), ("br", False),
    ("gzip;q=0", False), ("gzip; q=0.000", False), ("*;q=0", False), ("*, gzip;q=0", False),
    ("gzip;q=nan-ish", False), (",,;;=", False)])
def test_accept_encoding_is_read_as_rfc_9110_says(value: str, allowed: bool):
    assert accepts_gzip(value) is allowed
