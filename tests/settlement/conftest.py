import hashlib
import json
import random
import sqlite3

import pytest

from cocoon.contracts.embedded import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.platform.settlement import Settlement

TON = 10**9

RECEIPTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS receipts (seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT UNIQUE NOT NULL, account TEXT NOT NULL, provider TEXT NOT NULL,
  function TEXT NOT NULL, function_digest TEXT NOT NULL, units INTEGER NOT NULL,
  unit_price INTEGER NOT NULL, amount INTEGER NOT NULL, time INTEGER NOT NULL,
  receipt TEXT NOT NULL);
"""


def key(name: str) -> KeyPair:
    return KeyPair(hashlib.sha256(name.encode()).digest())


def add_receipts(db_path, n, accounts, providers, start_time, seed=1):
    rng = random.Random(seed)
    db = sqlite3.connect(db_path)
    base = db.execute("SELECT COUNT(*) FROM receipts").fetchone()[0]
    rows = []
    for i in range(n):
        units, price = rng.randint(1, 50), rng.choice([50_000, 100_000, 123_457])
        account, provider = rng.choice(accounts), rng.choice(providers)
        rid = f"req-{base + i}"
        body = {"request_id": rid, "units": units, "price": price}
        rows.append((rid, account, provider, "embed", "ab" * 32, units, price, units * price,
                     start_time + i, json.dumps(body)))
    db.executemany(
        "INSERT INTO receipts (request_id, account, provider, function, function_digest, units,"
        " unit_price, amount, time, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
    )
    db.commit()
    db.close()


class World:
    def __init__(self, tmp_path, **kw):
        self.chain = EmbeddedChain(tmp_path / "chain")
        self.db_path = tmp_path / "platform.db"
        db = sqlite3.connect(self.db_path)
        db.executescript(RECEIPTS_SCHEMA)
        db.close()
        self.platform = key("platform")
        self.chain.fund(wallet_address(self.platform.public), 1000 * TON)
        self.clients = {a: key(a) for a in ("alice", "bob")}
        self.providers = {p: key(p) for p in ("gpu-1", "gpu-2")}
        for k in self.clients.values():
            self.chain.fund(wallet_address(k.public), 200 * TON)
        self.kw = kw
        s = self.settlement()
        for account, k in self.clients.items():
            s.open_client_channel(account, k, 50 * TON)
        for provider, k in self.providers.items():
            s.register_provider(provider, wallet_address(k.public).to_str(False), k.public)

    def settlement(self, **kw) -> Settlement:
        return Settlement(self.db_path, self.chain, self.platform, **{**self.kw, **kw})


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path, fee_bps=500)
