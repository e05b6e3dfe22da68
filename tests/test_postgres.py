"""One database API on two backends: migrations, the registry, the voucher book and shared
reservations, each against real SQLite and a real PostgreSQL server (tests/pg.py)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from harness import TEMPLATES

from cocoon.contracts.keys import KeyPair
from cocoon.contracts.voucher import Voucher
from cocoon.platform import migrations
from cocoon.platform.db import Database, SqliteDialect, postgres_sql
from cocoon.platform.ledger import Ledger
from cocoon.platform.registry import ProviderInfo, Registry
from cocoon.platform.settlement.vouchers import VoucherBook
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import load_folder

VERSIONS = [m.version for m in migrations.MIGRATIONS]


def applied(db: Database) -> list[int]:
    return [r[0] for r in db.all("SELECT version FROM schema_migrations ORDER BY version")]


# -- migrations -------------------------------------------------------------------------------


def test_migrations_apply_from_scratch_once(target):
    db = Database(target)
    assert applied(db) == VERSIONS == list(range(1, migrations.LATEST + 1))
    assert migrations.migrate(db) == []  # idempotent: nothing left to do
    db.close()
    again = Database(target)
    assert applied(again) == VERSIONS
    again.close()


def _open(target: str) -> None:
    Database(target).close()


def test_concurrent_migrations_apply_each_version_once(target):
    """Gateways starting at once on one empty database: threads and processes race."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            _open(target)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    spawn = multiprocessing.get_context("spawn")
    procs = [spawn.Process(target=_open, args=(target,)) for _ in range(2)]
    for t in (*threads, *procs):
        t.start()
    for t in threads:
        t.join(60)
    for p in procs:
        p.join(120)
    assert errors == [] and [p.exitcode for p in procs] == [0, 0]
    db = Database(target)
    assert applied(db) == VERSIONS
    db.close()


def test_a_database_from_before_migrations_upgrades_in_place(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    for step in migrations.MIGRATIONS[0].steps:  # the schema db.py used to create
        for statement in SqliteDialect().render(step):
            old.execute(statement)
    old.execute("INSERT INTO accounts (id, name, created_ms) VALUES ('acct_old', 'o', 1)")
    old.commit()
    old.close()
    db = Database(path)
    assert applied(db) == VERSIONS
    assert Ledger(db).balance("acct_old").reserved == 0
    db.close()


def test_sqlite_writes_are_fully_synchronous(tmp_path):
    db = Database(tmp_path / "platform.db")
    assert db.one("PRAGMA synchronous")[0] == 2  # FULL
    db.close()  # settlement writes through a Database too (platform/settlement/driver.py)


def test_holds_skip_the_fsync_and_ledger_writes_keep_it(target):
    db = Database(target)
    setting = ("PRAGMA synchronous" if db.dialect.name == "sqlite"
               else "SELECT current_setting('synchronous_commit')")
    durable = db.one(setting)[0]
    with db.tx(durable=False) as c:
        c.execute("INSERT INTO accounts (id, name, created_ms) VALUES ('a', 'a', 0)")
        if db.dialect.name == "postgresql":
            assert c.execute(setting).fetchone()[0] == "off"
    assert db.one("SELECT name FROM accounts WHERE id = 'a'")[0] == "a"
    with pytest.raises(RuntimeError), db.tx(durable=False) as c:
        c.execute("INSERT INTO accounts (id, name, created_ms) VALUES ('b', 'b', 0)")
        raise RuntimeError
    assert db.one("SELECT 1 FROM accounts WHERE id = 'b'") is None
    assert db.one(setting)[0] == durable  # back to flushed commits for the ledger
    if db.dialect.name == "sqlite":
        assert durable == 2  # FULL (the test server runs without synchronous commits anyway)
    db.close()


def test_placeholders_translate_outside_literals_only():
    assert postgres_sql("SELECT ? WHERE a = '?' AND b LIKE '5%'") == (
        "SELECT %s WHERE a = '?' AND b LIKE '5%%'"
    )


# -- the registry and the voucher book on both backends ---------------------------------------


def test_registry_round_trip(target):
    db = Database(target)
    registry = Registry(db)
    account = registry.create_account("dev")
    key = registry.create_key(account, "admin")
    assert registry.authenticate(key).account == account
    assert registry.authenticate("nope") is None
    manifest, bundle = load_folder(TEMPLATES / "echo")
    info, created = registry.deploy(account, manifest, bundle)
    assert created and info.version == 1
    assert registry.deploy(account, manifest, bundle) == (info, False)
    assert registry.bundle(info.digest) == bundle  # bytes survive BLOB / BYTEA
    other = registry.create_account("someone else")
    with pytest.raises(CocoonError) as exc:
        registry.deploy(other, manifest, bundle + b"")
    assert exc.value.code == "forbidden"
    provider = ProviderInfo(
        id="p1", endpoint="http://127.0.0.1:1", hpke_public="aa" * 32, signing_public="bb" * 32,
        evidence=[], simulated=True, price_multiplier=1.5, payout_address=None,
        capacity_cpus=2.0, last_seen_ms=0,
    )
    registry.register_provider(account, provider)
    registry.place()
    assert registry.poll(registry.provider("p1"), set(), 0)[0] == []  # not approved yet
    registry.approve_provider("p1", operator=account)
    registry.place()
    assert registry.poll(registry.provider("p1"), set(), 0)[0][0].digest == info.digest
    from cocoon.runtime.attestation import simulated
    from cocoon.runtime.wire import ReplicaKey

    replica = ReplicaKey(hpke_public="cc" * 32, signing_public="dd" * 32, created_ms=1,
                         evidence=[simulated.produce(b"")])
    registry.set_placement(registry.provider("p1"), info.digest, "ready", keys=[replica])
    price = manifest.pricing.unit_price * 3 // 2
    assert registry.placements(info.digest) == [("p1", "ready", price, "")]
    [offer] = registry.offers(info.digest)
    assert (offer.provider, offer.unit_price, offer.simulated) == ("p1", price, True)
    assert offer.keys == [replica]  # public keys only: nothing in the database opens anything
    assert [v.name for v in registry.list_functions()] == [manifest.name]
    # a foreign integrity error reaches callers as the project's own error
    with pytest.raises(CocoonError) as exc, db.tx() as c:
        c.execute("INSERT INTO accounts (id, name, created_ms) VALUES (?, ?, ?)",
                  (account, "dup", 1))
    assert exc.value.code == "conflict" and account not in exc.value.message
    db.close()


def test_voucher_book_on_both_backends(target):
    db = Database(target)
    account = Registry(db).create_account("client")
    payer = KeyPair(os.urandom(32))
    channel = "0:" + "ab" * 32
    with db.tx() as c:
        c.execute("INSERT INTO settlement_clients VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (account, channel, 2**62, "0:" + "cd" * 32, payer.public.hex(), 0, 0))
    book = VoucherBook(db)
    assert book.channel(account).channel_id == 2**62  # 64-bit integers on both backends
    assert book.accept(account, Voucher.sign(payer, channel, 2**62, 500), 1_000,
                       stale_ok=False) == 500
    assert book.accept(account, Voucher.sign(payer, channel, 2**62, 300), 1_000,
                       stale_ok=True) == 500
    with pytest.raises(CocoonError) as exc:
        book.accept(account, Voucher.sign(payer, channel, 2**62, 300), 1_000, stale_ok=False)
    assert exc.value.code == "stale_voucher"
    assert book.vouchered(account) == 500 and book.latest(account).cumulative == 500
    # the debt gate itself: Ledger.reserve(debt_limit=...), tests/test_debt_gate.py
    db.close()


# -- reservations shared by gateways on one database ------------------------------------------


def test_two_gateways_never_overspend_an_account(target):
    """Two Database handles (as two gateways have) reserve from one account at once: the
    holds never exceed the balance, and exactly balance // amount of them succeed."""
    first = Database(target)
    account = Registry(first).create_account("common")
    Ledger(first).deposit(account, 10_000, source="test", ref="d")
    second = Database(target)
    ledgers = [Ledger(first), Ledger(second)]
    held, refused, lock = [], [], threading.Lock()

    def worker(i: int) -> None:
        for j in range(6):
            try:
                r = ledgers[(i + j) % 2].reserve(account, f"r{i}-{j}", 700)
            except CocoonError as exc:
                assert exc.code == "insufficient_funds"
                with lock:
                    refused.append(1)
            else:
                with lock:
                    held.append(r)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(held) == 10_000 // 700 and len(held) + len(refused) == 36
    balance = ledgers[1].balance(account)
    assert balance.reserved == 700 * len(held) and balance.available >= 0
    for i, r in enumerate(held):
        ledgers[i % 2].release(r)
    assert ledgers[0].balance(account).reserved == 0
    assert first.one("SELECT COUNT(*) FROM reservations")[0] == 0
    first.close()
    second.close()


def test_a_crashed_gateways_reservation_expires(target):
    db = Database(target)
    account = Registry(db).create_account("c")
    ledger = Ledger(db, reservation_ttl_s=0.05)
    ledger.deposit(account, 1_000, source="test", ref="d")
    ledger.reserve(account, "lost", 1_000)  # its gateway dies: never released
    with pytest.raises(CocoonError):
        Ledger(db).reserve(account, "next", 1_000)  # within the TTL: still held
    time.sleep(0.1)
    r = ledger.reserve(account, "next", 1_000)  # the stale hold is cleared first
    assert ledger.balance(account).reserved == 1_000
    ledger.release(r)
    assert ledger.balance(account).reserved == 0
    db.close()


def test_database_unreachable_is_a_503(tmp_path):
    url = f"postgresql://nobody@/nothing?host={tmp_path}&connect_timeout=1"
    with pytest.raises(CocoonError) as exc:
        Database(url, pool_size=1, timeout_s=2)
    assert exc.value.status == 503 and "nobody" not in exc.value.message


def test_unknown_paths_stay_sqlite(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path}/x.db")
    assert db.dialect.name == "sqlite" and (tmp_path / "x.db").exists()
    db.close()


def test_gateway_settings_take_a_postgres_url(monkeypatch, tmp_path):
    from cocoon.platform.gateway.settings import GatewaySettings

    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    url = "postgresql://cocoon@/platform?host=/run/postgresql"
    monkeypatch.setenv("COCOON_GATEWAY_DATABASE_URL", url)
    monkeypatch.setenv("COCOON_GATEWAY_SETTLEMENT", "false")
    assert GatewaySettings.load().database_target == url
    assert GatewaySettings.load(database_url=None).database_target == url  # env still wins
    monkeypatch.delenv("COCOON_GATEWAY_DATABASE_URL")
    assert GatewaySettings.load().database_target == tmp_path / "platform.db"
    monkeypatch.setenv("COCOON_GATEWAY_DATABASE_URL", url)
    monkeypatch.setenv("COCOON_GATEWAY_SETTLEMENT", "true")  # settlement runs on PostgreSQL too
    assert GatewaySettings.load().settlement
    monkeypatch.setenv("COCOON_GATEWAY_DATABASE_URL", "mysql://x/y")
    with pytest.raises(CocoonError) as exc:
        GatewaySettings.load()
    assert exc.value.code == "bad_request" and "database_url" in exc.value.message
