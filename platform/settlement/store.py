"""Settlement's own tables, in the gateway's SQLite file next to the `receipts` ledger."""

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS settlement_clients (
  account TEXT PRIMARY KEY, channel_address TEXT NOT NULL, channel_id INTEGER NOT NULL,
  payer_wallet TEXT NOT NULL, payer_key TEXT NOT NULL, platform_signs INTEGER NOT NULL,
  last_claim_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settlement_client_keys (
  account TEXT PRIMARY KEY, seed TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settlement_client_vouchers (
  account TEXT PRIMARY KEY, cumulative INTEGER NOT NULL, signature TEXT NOT NULL,
  ledger_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settlement_providers (
  provider TEXT PRIMARY KEY, payout_address TEXT NOT NULL, payee_key TEXT NOT NULL,
  channel_address TEXT NOT NULL, channel_id INTEGER NOT NULL, last_payout_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settlement_provider_vouchers (
  provider TEXT PRIMARY KEY, cumulative INTEGER NOT NULL, signature TEXT NOT NULL,
  ledger_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settlement_ops (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, target TEXT NOT NULL,
  boc BLOB NOT NULL, status TEXT NOT NULL, gas INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settlement_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


def connect(db_path: Path | str) -> sqlite3.Connection:
    db = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    db.executescript(SCHEMA)
    return db

