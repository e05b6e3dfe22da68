"""A real PostgreSQL server for the tests, started by the suite itself (conftest imports this).

The `pgserver` package ships PostgreSQL's binaries in its wheel, so a fresh machine needs only
``pip install``: no system package, no network. Its data directory is a fresh temporary folder,
the server listens on a unix socket in it only (no TCP port at all), and it is stopped and the
folder removed when the session ends. As root (CI), pgserver runs the server as its own
unprivileged ``pgserver`` user, since PostgreSQL refuses to run as root.

Fixtures: ``postgres_server`` (session: the server's admin URL) and ``postgres_url`` (a fresh,
empty database per test, dropped afterwards).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest


def _admin(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The admin URL of a PostgreSQL server that lives as long as the test session."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR in CI
        import pgserver

    logging.getLogger("pgserver").setLevel(logging.WARNING)
    # short prefix: the unix socket path inside it must stay under ~100 bytes
    root = Path(tempfile.mkdtemp(prefix="cocoon-pg-"))
    server = pgserver.get_server(root / "data", cleanup_mode="stop")
    try:
        url = server.get_uri()
        with _admin(url) as conn:  # a throwaway server: durability buys the tests nothing
            for setting in ("fsync", "synchronous_commit", "full_page_writes"):
                conn.execute(f"ALTER SYSTEM SET {setting} = off")
            conn.execute("SELECT pg_reload_conf()")
        yield url
    finally:
        server._cleanup()  # pg_ctl stop (pgserver's public API only does this at exit)
        shutil.rmtree(root, ignore_errors=True)


def create_database(server_url: str) -> str:
    """A new empty database on the server; returns its URL."""
    name = "t_" + uuid.uuid4().hex[:16]
    with _admin(server_url) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.replace("/postgres?", f"/{name}?", 1)


def drop_database(server_url: str, url: str) -> None:
    name = url.split("/")[-1].split("?")[0]
    with _admin(server_url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh PostgreSQL database for this test alone."""
    url = create_database(postgres_server)
    try:
        yield url
    finally:
        drop_database(postgres_server, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's database lives: a SQLite file, or a fresh PostgreSQL database; a test
    taking it runs once on each."""
    if request.param == "sqlite":
        return str(tmp_path / "platform.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def db(target: str):
    """A ``Database`` on ``target`` (each backend in turn), closed after the test."""
    from cocoon.platform.db import Database

    database = Database(target)
    yield database
    database.close()


def seed_account(registry, name: str) -> tuple[str, str, str]:
    """An account with an admin and a provider key, its provider ``local`` pre-approved:
    (account, client key, provider key)."""
    account = registry.create_account(name)
    client_key = registry.create_key(account, "admin")
    provider_key = registry.create_key(account, "provider")
    registry.preapprove_provider("local", account, operator=account)
    return account, client_key, provider_key
