"""Settlement's own tables, in the gateway's database next to the `receipts` ledger.

Their schema is migration 2 in :mod:`cocoon.platform.migrations`, applied with the rest whenever
a :class:`~cocoon.platform.db.Database` opens; the voucher book (the gateway's request path)
reads and writes them through that shared Database. The settlement driver still keeps its own
SQLite connection (:func:`connect`), opened after the migrations ran, with the same durability.
"""

import sqlite3
from pathlib import Path

from cocoon.platform.db import BUSY_TIMEOUT_MS, Database


def connect(db_path: Path | str) -> sqlite3.Connection:
    """The driver's connection to the SQLite file at ``db_path``, its schema up to date."""
    Database(db_path).close()  # applies any missing migration (settlement's tables included)
    db = sqlite3.connect(db_path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    db.execute("PRAGMA synchronous=FULL")
    return db
