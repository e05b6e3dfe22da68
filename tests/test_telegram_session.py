"""POST /v1/telegram/session over real HTTP on the Ray-free network (harness.py).

initData is signed here as Telegram signs it, from the documented algorithm
(core.telegram.org/bots/webapps, "Validating data received via the Mini App"), written
independently of the gateway's code: a secret key HMAC-SHA256(key=b"WebAppData", msg=bot
token), then the hex HMAC-SHA256 of the fields but ``hash`` sorted by name, ``key=value`` joined
by newlines. Every refusal must be a 401 ``invalid_init_data`` that quotes nothing of the data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import httpx
import pytest
from harness import running_network

from cocoon.platform import registry as registry_module
from cocoon.platform import telegram as telegram_module
from cocoon.platform.registry import Registry
from cocoon.platform.telegram import TelegramUsers, validate_init_data
from cocoon.runtime.errors import CocoonError

BOT_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
USER = {"id": 279058397, "first_name": "Vladislav", "last_name": "Kibenko",
        "username": "vdkfrost", "language_code": "ru", "is_premium": True,
        "allows_write_to_pm": True,
        "photo_url": "https://t.me/i/userpic/320/4FPEE4tmP3ATHa57u6MqTDih13LTOiMoKoLDRG4PnSA.svg"}


def telegram_fields(user: dict | str = USER, auth_date: float | None = None,
                    **extra: str) -> dict[str, str]:
    """The fields Telegram hands a Mini App (``user`` as Telegram writes it: compact JSON,
    slashes escaped)."""
    raw = user if isinstance(user, str) else json.dumps(user, separators=(",", ":")).replace(
        "/", "\\/")
    return {"query_id": "AAHdF6IQAAAAAN0XohDhrOrc", "user": raw,
            "auth_date": str(int(time.time() if auth_date is None else auth_date)),
            "signature": "6fbdaab833d39f54518bd5c3eb3f511d035e68cb", **extra}


def telegram_hash(fields: dict[str, str], token: str = BOT_TOKEN) -> str:
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()


def signed(fields: dict[str, str] | None = None, token: str = BOT_TOKEN) -> str:
    """initData as the page receives it: the fields and their hash, URL-encoded."""
    fields = telegram_fields() if fields is None else fields
    return urlencode({**fields, "hash": telegram_hash(fields, token)}, quote_via=quote)


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    with running_network(tmp_path_factory.mktemp("cocoon-home"),
                         telegram_bot_token=BOT_TOKEN) as n:
        yield n


def session(net, init_data: str) -> httpx.Response:
    with net.http(None) as http:
        return http.post("/v1/telegram/session", json={"init_data": init_data})


def refused(resp: httpx.Response) -> str:
    assert resp.status_code == 401, resp.text
    error = resp.json()["error"]
    assert error["code"] == "invalid_init_data"
    for secret in ("Vladislav", "vdkfrost", "279058397", "AAHdF6IQ", BOT_TOKEN):
        assert secret not in resp.text  # nothing of the data, nor the token, comes back
    return error["message"]


# -- a session ---------------------------------------------------------------------------------


def test_a_session_reads_its_account_and_invokes_like_a_client_key(net):
    before = time.time()
    resp = session(net, signed())
    assert resp.status_code == 201, resp.text
    out = resp.json()
    assert out["session"].startswith("ck_s_")
    assert before + 3600 <= out["expires_at"] <= time.time() + 3600 + 1  # whole seconds, rounded up
    account = out["account"]
    assert account["id"].startswith("acct_") and account["credited"] == 0  # no credit given
    with net.http(out["session"]) as http:
        assert http.get("/v1/account").json()["id"] == account["id"]
        assert http.get("/v1/usage").status_code == 200
        offers = http.get("/v1/functions/echo").json()["offers"]
        assert offers  # it discovers like a client
        resp = http.post("/v1/keys", json={"role": "client"})  # but mints no lasting key
        assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden"
    client = net.client(api_key=out["session"])
    with pytest.raises(CocoonError) as exc:
        client.invoke("echo", {"hi": 1})
    assert exc.value.code == "insufficient_funds" and exc.value.status == 402  # an empty account
    assert net.state.ledger.balance(account["id"]).reserved == 0


def test_the_same_user_signs_in_to_the_same_account_and_another_user_to_another(net):
    first = session(net, signed()).json()
    again = session(net, signed(telegram_fields(auth_date=time.time() - 5))).json()
    assert again["account"]["id"] == first["account"]["id"]
    assert again["session"] != first["session"]
    other = session(net, signed(telegram_fields(user={**USER, "id": 5}))).json()
    assert other["account"]["id"] != first["account"]["id"]
    for s in (first, again, other):  # each session works on its own
        with net.http(s["session"]) as http:
            assert http.get("/v1/account").json()["id"] == s["account"]["id"]


def test_a_session_is_refused_once_it_expires(net, monkeypatch):
    monkeypatch.setattr(net.state.settings, "telegram_session_s", 2)
    before = time.time()
    out = session(net, signed(telegram_fields(user={**USER, "id": 77}))).json()
    assert out["expires_at"] >= before + 2  # the whole lifetime, never rounded down
    with net.http(out["session"]) as http:
        assert http.get("/v1/account").status_code == 200  # now cached by the gateway
        time.sleep(max(0.0, out["expires_at"] - time.time()) + 0.05)
        resp = http.get("/v1/account")
        assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"
        assert "expired" in resp.json()["error"]["message"]
        resp = http.get("/v1/account")  # and no longer from the cache: from the database
        assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"
    # the next sign-in drops the account's expired sessions from the database
    rows = lambda: net.state.db.one(  # noqa: E731
        "SELECT COUNT(*) AS n FROM api_keys WHERE account = ?", out["account"]["id"])["n"]
    assert rows() == 1
    monkeypatch.setattr(net.state.settings, "telegram_session_s", 3600)
    fresh = session(net, signed(telegram_fields(user={**USER, "id": 77}))).json()
    assert rows() == 1 and fresh["account"]["id"] == out["account"]["id"]


# -- refused -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["query_id", "user", "auth_date", "signature", "hash"])
def test_each_tampered_field_is_refused(net, field):
    fields = telegram_fields()
    fields["hash"] = telegram_hash(fields)
    tampered = {"query_id": "AAHdF6IQAAAAAN0XohDhrOrd",
                "user": fields["user"].replace("279058397", "279058398"),
                "auth_date": str(int(fields["auth_date"]) - 1),
                "signature": "7fbdaab833d39f54518bd5c3eb3f511d035e68cb",
                "hash": fields["hash"][:-1] + ("0" if fields["hash"][-1] != "0" else "1")}
    fields[field] = tampered[field]
    refused(session(net, urlencode(fields, quote_via=quote)))


def test_added_removed_and_reordered_fields(net):
    fields = telegram_fields()
    fields["hash"] = telegram_hash(fields)
    refused(session(net, urlencode({**fields, "chat_type": "private"}, quote_via=quote)))
    refused(session(net, urlencode({k: v for k, v in fields.items() if k != "query_id"},
                                   quote_via=quote)))
    # the order on the wire does not matter (the check string is sorted)
    reordered = dict(reversed(list(fields.items())))
    assert session(net, urlencode(reordered, quote_via=quote)).status_code == 201


def test_stale_future_unsigned_and_foreign_data_is_refused(net):
    max_age = net.state.settings.telegram_max_age_s
    assert "ago" in refused(session(net, signed(telegram_fields(
        auth_date=time.time() - max_age - 30))))
    assert session(net, signed(telegram_fields(
        auth_date=time.time() - max_age + 30))).status_code == 201  # within the age: fine
    assert "future" in refused(session(net, signed(telegram_fields(
        auth_date=time.time() + 3600))))
    assert "unsigned" in refused(session(net, urlencode(telegram_fields(), quote_via=quote)))
    refused(session(net, signed(token="7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsax")))
    refused(session(net, signed(token="")))


@pytest.mark.parametrize("user", ["{not json", '["id", 1]', '{"first_name": "Vladislav"}',
                                  '{"id": "279058397"}', '{"id": 1.5}', '{"id": true}',
                                  '{"id": -3}', '{"id": 0}', '{"id": 99999999999999999999}',
                                  "[" * 2000])
def test_a_signed_but_unusable_user_field_is_refused(net, user):
    refused(session(net, signed(telegram_fields(user=user))))


def test_signed_without_user_or_auth_date_is_refused(net):
    for drop in ("user", "auth_date"):
        fields = {k: v for k, v in telegram_fields().items() if k != drop}
        refused(session(net, signed(fields)))
    refused(session(net, signed(telegram_fields(auth_date=0) | {"auth_date": "soon"})))


def test_malformed_and_duplicated_init_data_is_refused(net):
    fields = telegram_fields()
    good = signed(fields)
    for bad in ("", "hello", "a&b", "%%%", good + "&&", "user=%ff%fe&" + good,
                good + "&auth_date=" + fields["auth_date"],  # a duplicated key
                good + "&hash=" + "0" * 64,
                "&".join(f"f{i}=1" for i in range(100)) + "&" + good,
                good + "&pad=" + "x" * 9000):  # within the body limit, over initData's
        refused(session(net, bad))


def test_bad_bodies_get_4xx(net):
    with net.http(None) as http:
        post = lambda **kw: http.post("/v1/telegram/session", **kw)  # noqa: E731
        resp = post(content=b"init_data=" + signed().encode())  # not JSON
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "invalid_json"
        for doc in ({}, {"init_data": 5}, {"init_data": None}, [signed()]):
            resp = post(json=doc)
            assert resp.status_code == 400 and resp.json()["error"]["code"] == "bad_request"
        resp = post(json={"init_data": "x" * (64 << 10)})
        assert resp.status_code == 413 and resp.json()["error"]["code"] == "payload_too_large"
        resp = post(content=b"[" * 10_000)
        assert resp.status_code == 400
        assert http.get("/v1/telegram/session").status_code == 405


def test_the_route_is_off_without_a_bot_token(net, monkeypatch):
    monkeypatch.setattr(net.state.settings, "telegram_bot_token", None)
    resp = session(net, signed())
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found"


# -- the pieces, without HTTP -----------------------------------------------------------------


def test_validation_takes_the_time_as_an_argument():
    init = signed(telegram_fields(auth_date=1_700_000_000))
    check = lambda now: validate_init_data(init, BOT_TOKEN, now=now, max_age_s=600)  # noqa
    assert check(1_700_000_000) == USER["id"]
    assert check(1_700_000_600) == USER["id"]
    assert check(1_699_999_950) == USER["id"]  # a clock a little behind Telegram's
    for now in (1_700_000_601, 1_699_999_000):
        with pytest.raises(CocoonError) as exc:
            check(now)
        assert exc.value.code == "invalid_init_data" and exc.value.status == 401


def test_first_sign_ins_at_once_share_one_account(db):
    users = TelegramUsers(db, Registry(db))
    barrier = threading.Barrier(6)
    accounts: list[str] = []

    def sign_in() -> None:
        barrier.wait()
        accounts.append(users.account_for(4242))

    threads = [threading.Thread(target=sign_in) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(accounts) == 6 and len(set(accounts)) == 1
    assert db.one("SELECT COUNT(*) AS n FROM accounts")["n"] == 1  # the losers' were dropped
    assert users.account_for(4243) != accounts[0]


def test_a_session_key_authenticates_until_it_expires(db, monkeypatch):
    registry = Registry(db)
    users = TelegramUsers(db, registry)
    key, expires_at, account = users.start_session(4242, 60)
    principal = registry.authenticate(key)
    assert principal is not None and principal.account == account
    assert principal.role == "client" and principal.expires_ms == expires_at * 1000
    later = lambda: expires_at * 1000  # noqa: E731  (the clock at the expiry)
    monkeypatch.setattr(registry_module, "now_ms", later)
    monkeypatch.setattr(telegram_module, "now_ms", later)
    assert registry.authenticate(key) is None  # expired: as if it never existed
    assert users.start_session(4242, 60)[2] == account  # and that drops the expired one
    assert db.one("SELECT COUNT(*) AS n FROM api_keys WHERE account = ?", account)["n"] == 1
