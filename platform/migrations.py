"""The control plane's schema history: numbered migrations, applied once, in order, on open.

Each migration is a list of statements in one neutral dialect (SQLite's spelling: ``INTEGER``,
``BLOB``, ``REAL``, ``INTEGER PRIMARY KEY AUTOINCREMENT``) that :mod:`cocoon.platform.db`
renders for the backend at hand, plus :class:`AppendOnly` markers for the triggers that refuse
updates and deletes (plain SQL triggers on SQLite, a plpgsql function on PostgreSQL).

Applied migrations are recorded in ``schema_migrations``. The whole check-and-apply runs in one
transaction that first takes the migration lock (``BEGIN IMMEDIATE`` on SQLite, a transaction
advisory lock on PostgreSQL), so gateways starting at once on one database apply each migration
exactly once and none of them sees a half-built schema. A released migration is never edited:
a change to the schema is a new migration at the end of the list.

Migrations 1 and 2 create their tables ``IF NOT EXISTS``: they are the schema that databases
made before this history existed already have, so those databases upgrade in place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .db import Database


@dataclass(frozen=True)
class AppendOnly:
    """Triggers that refuse every UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on a table."""

    table: str


Step = str | AppendOnly


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    steps: tuple[Step, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "registry and ledger", (
        """CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, created_ms INTEGER NOT NULL,
  credited INTEGER NOT NULL DEFAULT 0, charged INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE IF NOT EXISTS api_keys (
  hash TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id), role TEXT NOT NULL,
  prefix TEXT NOT NULL, created_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE IF NOT EXISTS functions (
  name TEXT PRIMARY KEY, owner TEXT NOT NULL REFERENCES accounts(id),
  created_ms INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS versions (
  name TEXT NOT NULL REFERENCES functions(name), version INTEGER NOT NULL,
  digest TEXT NOT NULL UNIQUE, manifest TEXT NOT NULL, bundle BLOB NOT NULL,
  created_ms INTEGER NOT NULL, PRIMARY KEY (name, version))""",
        """CREATE TABLE IF NOT EXISTS providers (
  id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id), endpoint TEXT NOT NULL,
  hpke_public TEXT NOT NULL, signing_public TEXT NOT NULL, evidence TEXT NOT NULL,
  simulated INTEGER NOT NULL, price_multiplier REAL NOT NULL, payout_address TEXT,
  capacity_cpus REAL NOT NULL, registered_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS placements (
  provider TEXT NOT NULL REFERENCES providers(id), digest TEXT NOT NULL, state TEXT NOT NULL,
  unit_price INTEGER NOT NULL, detail TEXT NOT NULL DEFAULT '', updated_ms INTEGER NOT NULL,
  PRIMARY KEY (provider, digest))""",
        """CREATE TABLE IF NOT EXISTS deposits (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL REFERENCES accounts(id),
  amount INTEGER NOT NULL CHECK (amount > 0), source TEXT NOT NULL, ref TEXT UNIQUE NOT NULL,
  time_ms INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS receipts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT UNIQUE NOT NULL,
  account TEXT NOT NULL, provider TEXT NOT NULL, function TEXT NOT NULL,
  function_digest TEXT NOT NULL, units INTEGER NOT NULL, unit_price INTEGER NOT NULL,
  amount INTEGER NOT NULL, time INTEGER NOT NULL, receipt TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS receipts_by_account ON receipts(account, seq)",
        AppendOnly("receipts"),
    )),
    Migration(2, "settlement", (
        """CREATE TABLE IF NOT EXISTS settlement_clients (
  account TEXT PRIMARY KEY, channel_address TEXT NOT NULL, channel_id INTEGER NOT NULL,
  payer_wallet TEXT NOT NULL, payer_key TEXT NOT NULL, platform_signs INTEGER NOT NULL,
  last_claim_time INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS settlement_client_keys (
  account TEXT PRIMARY KEY, seed TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS settlement_client_vouchers (
  account TEXT PRIMARY KEY, cumulative INTEGER NOT NULL, signature TEXT NOT NULL,
  ledger_seq INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS settlement_providers (
  provider TEXT PRIMARY KEY, payout_address TEXT NOT NULL, payee_key TEXT NOT NULL,
  channel_address TEXT NOT NULL, channel_id INTEGER NOT NULL,
  last_payout_time INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS settlement_provider_vouchers (
  provider TEXT PRIMARY KEY, cumulative INTEGER NOT NULL, signature TEXT NOT NULL,
  ledger_seq INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS settlement_ops (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, target TEXT NOT NULL,
  boc BLOB NOT NULL, status TEXT NOT NULL, gas INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS settlement_meta (
  key TEXT PRIMARY KEY, value INTEGER NOT NULL)""",
    )),
    Migration(3, "reservations in the database; deposits append-only", (
        "ALTER TABLE accounts ADD COLUMN reserved INTEGER NOT NULL DEFAULT 0"
        " CHECK (reserved >= 0)",
        """CREATE TABLE reservations (
  request_id TEXT PRIMARY KEY, token TEXT NOT NULL, account TEXT NOT NULL REFERENCES accounts(id),
  amount INTEGER NOT NULL CHECK (amount >= 0), created_ms INTEGER NOT NULL)""",
        "CREATE INDEX reservations_by_account ON reservations(account, created_ms)",
        AppendOnly("deposits"),
    )),
    Migration(4, "settlement lease", (
        """CREATE TABLE settlement_lease (
  name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_ms INTEGER NOT NULL)""",
    )),
    Migration(5, "provider admission: an operator's approval per provider id and account", (
        """CREATE TABLE provider_approvals (
  provider TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id),
  approved_by TEXT NOT NULL, approved_ms INTEGER NOT NULL)""",
    )),
    Migration(6, "replica keys: the public keys each replica of a placement made itself", (
        """CREATE TABLE replica_keys (
  provider TEXT NOT NULL REFERENCES providers(id), digest TEXT NOT NULL, key_id TEXT NOT NULL,
  hpke_public TEXT NOT NULL, signing_public TEXT NOT NULL, evidence TEXT NOT NULL,
  created_ms INTEGER NOT NULL, reported_ms INTEGER NOT NULL, retired_ms INTEGER,
  PRIMARY KEY (provider, digest, key_id))""",
    )),
    Migration(7, "placement by capacity, provider lifecycle, delete and rollback", (
        "ALTER TABLE providers ADD COLUMN capacity_gpus REAL NOT NULL DEFAULT 0",
        "ALTER TABLE providers ADD COLUMN gpu_kinds TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE providers ADD COLUMN capacity_memory_mb INTEGER",
        "ALTER TABLE providers ADD COLUMN state TEXT NOT NULL DEFAULT 'active'",
        "ALTER TABLE functions ADD COLUMN current_version INTEGER",
        "ALTER TABLE functions ADD COLUMN deleted_ms INTEGER",
        "ALTER TABLE versions ADD COLUMN status TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE placements ADD COLUMN wake_ms INTEGER NOT NULL DEFAULT 0",
    )),
    Migration(8, "credit from the chain: no client seed held; each client channel as last seen", (
        "DROP TABLE IF EXISTS settlement_client_keys",
        """CREATE TABLE client_channel_status (
  channel_address TEXT PRIMARY KEY, account TEXT NOT NULL, status TEXT NOT NULL,
  deposit INTEGER NOT NULL, claimed INTEGER NOT NULL, close_started_at INTEGER NOT NULL,
  seen_ms INTEGER NOT NULL)""",
        "CREATE INDEX client_channel_status_by_account ON client_channel_status(account)",
    )),
    Migration(9, "client channels registered once; settlement ops checked on chain", (
        "CREATE UNIQUE INDEX settlement_clients_by_channel ON settlement_clients(channel_address)",
        "ALTER TABLE settlement_ops ADD COLUMN exit_code INTEGER",
        "ALTER TABLE settlement_ops ADD COLUMN detail TEXT NOT NULL DEFAULT ''",
    )),
    Migration(10, "provider stakes: the stake contract each provider answers with", (
        """CREATE TABLE provider_stakes (
  provider TEXT PRIMARY KEY, address TEXT NOT NULL UNIQUE, signature TEXT NOT NULL,
  registered_ms INTEGER NOT NULL)""",
        "ALTER TABLE replica_keys ADD COLUMN stake_cert TEXT",
    )),
    Migration(11, "async jobs: sealed requests run later, their sealed results kept a while", (
        """CREATE TABLE jobs (
  id TEXT PRIMARY KEY, account TEXT NOT NULL, function TEXT NOT NULL,
  request_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, webhook TEXT,
  reservation_token TEXT NOT NULL, reserved INTEGER NOT NULL,
  cancel_requested INTEGER NOT NULL DEFAULT 0, provider TEXT, frame BLOB, receipt TEXT,
  error_code TEXT, error_message TEXT, webhook_status TEXT NOT NULL DEFAULT '',
  webhook_attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL,
  started_ms INTEGER, finished_ms INTEGER, expires_ms INTEGER)""",
        "CREATE INDEX jobs_by_account ON jobs(account, created_ms)",
        "CREATE INDEX jobs_by_expiry ON jobs(expires_ms)",
        """CREATE TABLE webhook_secrets (
  account TEXT PRIMARY KEY, secret TEXT NOT NULL, created_ms INTEGER NOT NULL)""",
    )),
    Migration(12, "Telegram sign-in: each Telegram user's account; keys that expire (sessions)", (
        """CREATE TABLE telegram_users (
  telegram_id INTEGER PRIMARY KEY, account TEXT NOT NULL UNIQUE REFERENCES accounts(id),
  created_ms INTEGER NOT NULL)""",
        "ALTER TABLE api_keys ADD COLUMN expires_ms INTEGER",
    )),
    Migration(13, "the dashboard's usage history reads an account's receipts by time", (
        "CREATE INDEX IF NOT EXISTS receipts_by_account_time ON receipts(account, time)",
    )),
)

LATEST = MIGRATIONS[-1].version
HISTORY = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL, applied_ms INTEGER NOT NULL)"
)


def migrate(db: Database) -> list[int]:
    """Apply every migration ``db`` lacks; returns the versions applied (none: up to date)."""
    applied: list[int] = []
    with db.tx() as c:
        db.dialect.lock_migrations(c)
        for statement in db.dialect.render(HISTORY):
            c.execute(statement)
        done = {row[0] for row in c.execute("SELECT version FROM schema_migrations").fetchall()}
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            for step in migration.steps:
                for statement in db.dialect.render(step):
                    c.execute(statement)
            c.execute(
                "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
                (migration.version, migration.name, int(time.time() * 1000)),
            )
            applied.append(migration.version)
    return applied
