"""The control plane's SQLite database: one schema, one connection per process.

WAL mode, so readers never block the writer; writes go through :meth:`Database.tx`, an
``IMMEDIATE`` transaction, so a crash leaves either all of a change or none of it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, created_ms INTEGER NOT NULL,
  credited INTEGER NOT NULL DEFAULT 0, charged INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS api_keys (
  hash TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id), role TEXT NOT NULL,
  prefix TEXT NOT NULL, created_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS functions (
  name TEXT PRIMARY KEY, owner TEXT NOT NULL REFERENCES accounts(id), created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
  name TEXT NOT NULL REFERENCES functions(name), version INTEGER NOT NULL,
  digest TEXT NOT NULL UNIQUE, manifest TEXT NOT NULL, bundle BLOB NOT NULL,
  created_ms INTEGER NOT NULL, PRIMARY KEY (name, version));
CREATE TABLE IF NOT EXISTS providers (
  id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id), endpoint TEXT NOT NULL,
  hpke_public TEXT NOT NULL, signing_public TEXT NOT NULL, evidence TEXT NOT NULL,
  simulated INTEGER NOT NULL, price_multiplier REAL NOT NULL, payout_address TEXT,
  capacity_cpus REAL NOT NULL, registered_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS placements (
  provider TEXT NOT NULL REFERENCES providers(id), digest TEXT NOT NULL, state TEXT NOT NULL,
  unit_price INTEGER NOT NULL, detail TEXT NOT NULL DEFAULT '', updated_ms INTEGER NOT NULL,
  PRIMARY KEY (provider, digest));
CREATE TABLE IF NOT EXISTS deposits (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL REFERENCES accounts(id),
  amount INTEGER NOT NULL CHECK (amount > 0), source TEXT NOT NULL, ref TEXT UNIQUE NOT NULL,
  time_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS receipts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT UNIQUE NOT NULL,
  account TEXT NOT NULL, provider TEXT NOT NULL, function TEXT NOT NULL,
  function_digest TEXT NOT NULL, units INTEGER NOT NULL, unit_price INTEGER NOT NULL,
  amount INTEGER NOT NULL, time INTEGER NOT NULL, receipt TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS receipts_by_account ON receipts(account, seq);
CREATE TRIGGER IF NOT EXISTS receipts_append_only_u BEFORE UPDATE ON receipts
  BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
CREATE TRIGGER IF NOT EXISTS receipts_append_only_d BEFORE DELETE ON receipts
  BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
"""


class Database:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=5000")
        self._lock = threading.RLock()
        with self._lock:
            self.conn.executescript(f"BEGIN IMMEDIATE;{SCHEMA}COMMIT;")

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def one(self, sql: str, *args: object) -> sqlite3.Row | None:
        with self._lock:
            return self.conn.execute(sql, args).fetchone()

    def all(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, args).fetchall()

    def close(self) -> None:
        self.conn.close()
