"""The embedded chain: accounts run on the real TVM through pytvm's transaction emulator.

State (every account's ShardAccount cell, logical time, unix time, a transaction log) lives in
SQLite under `state_dir`; each externally triggered trace is applied in one database transaction,
so a restart (or a crash mid-trace) loses nothing and applies nothing twice. Time is the chain's
own: it starts at `genesis_time`, moves one second per external message, and tests move it with
`advance()`. A faucet wallet minted at genesis funds any address.
"""

import hashlib
import sqlite3
from collections import deque
from pathlib import Path
from typing import Any

import pytvm
from pytoniq.contract.contract import Contract
from pytoniq_core import Address, Cell, MessageAny, ShardAccount, Slice, Transaction
from pytvm.engine import EmulatorEngineC
from pytvm.transaction_emulator import TransactionEmulator
from pytvm.transaction_emulator.trace import EMPTY_STATE
from pytvm.tvm_emulator import TvmEmulator
from pytvm.utils import DEFAULT_CONFIG_BOC

from cocoon.contracts.chain import AccountState, Chain, ChainError, SendResult, TxRecord
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer, wallet_address, wallet_state_init

GENESIS_TIME = 1_750_000_000
FAUCET_SUPPLY = 5_000_000_000 * 10**9
LT_STEP = 1_000
MAX_TRACE = 1_000
ZERO_ADDRESS = Address((0, bytes(32)))
FAUCET_KEY = KeyPair(hashlib.sha256(b"cocoon embedded chain faucet").digest())

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chain_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chain_accounts (address TEXT PRIMARY KEY, shard_account BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS chain_transactions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT NOT NULL, lt INTEGER NOT NULL,
  hash TEXT NOT NULL, total_fees INTEGER NOT NULL, aborted INTEGER NOT NULL, exit_code INTEGER,
  in_value INTEGER NOT NULL, out_value INTEGER NOT NULL, fwd_fees INTEGER NOT NULL,
  boc BLOB);
CREATE INDEX IF NOT EXISTS chain_transactions_by_account ON chain_transactions (address, lt);
"""


def emulator_engine() -> EmulatorEngineC:
    """pytvm's `EmulatorEngineC.default()` needs pkg_resources; locate the library directly."""
    engine_dir = Path(pytvm.__file__).parent / "engine"
    libs = sorted(engine_dir.glob("libemulator*"))
    if not libs:
        raise ChainError(f"no emulator library in {engine_dir}")
    engine = EmulatorEngineC(str(libs[0]))
    engine.emulator_set_verbosity_level(0)
    return engine


def _key(address: Address) -> str:
    return address.to_str(is_user_friendly=False)


class EmbeddedChain(Chain):
    def __init__(self, state_dir: Path | str, genesis_time: int = GENESIS_TIME) -> None:
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.state_dir / "chain.db", isolation_level=None, timeout=30)
        self._db.executescript(_SCHEMA)
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(chain_transactions)")}
        if "boc" not in columns:  # a chain created before transactions were kept whole
            self._db.execute("ALTER TABLE chain_transactions ADD COLUMN boc BLOB")
        self._engine = emulator_engine()
        self._config = Cell.one_from_boc(DEFAULT_CONFIG_BOC)
        self._emulator = TransactionEmulator(engine=self._engine)
        self._emulator.set_ignore_chksig(False)
        if self._meta("now") is None:
            self._genesis(genesis_time)

    def close(self) -> None:
        self._db.close()

    # -- time ---------------------------------------------------------------------------------

    def now(self) -> int:
        return self._meta("now") or 0

    def advance(self, seconds: int) -> int:
        """Move the chain's clock forward (tests use it to pass a dispute window)."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._db.execute("UPDATE chain_meta SET value = value + ? WHERE key = 'now'", (seconds,))
        return self.now()

    # -- faucet -------------------------------------------------------------------------------

    @property
    def faucet_address(self) -> Address:
        return wallet_address(FAUCET_KEY.public)

    def fund(self, address: Address | str, amount: int) -> SendResult:
        dest = address if isinstance(address, Address) else Address(address)
        return self.transfer(FAUCET_KEY, [Transfer(dest=dest, value=amount, bounce=False)])

    # -- reads --------------------------------------------------------------------------------

    def account(self, address: Address | str) -> AccountState:
        addr = address if isinstance(address, Address) else Address(address)
        return AccountState.from_shard(_key(addr), self._shard_account(addr))

    def shard_account(self, address: Address | str) -> ShardAccount | None:
        """The account's ShardAccount (None: it never existed), as a liteserver returns it."""
        return self._shard_account(address if isinstance(address, Address) else Address(address))

    def account_transactions(
        self, address: Address | str, count: int, from_lt: int | None = None, to_lt: int = 0
    ) -> list[Transaction]:
        """The account's transactions, newest first, with `to_lt < lt <= from_lt`."""
        addr = address if isinstance(address, Address) else Address(address)
        rows = self._db.execute(
            "SELECT boc FROM chain_transactions WHERE address = ? AND lt > ? AND lt <= ?"
            " AND boc IS NOT NULL ORDER BY lt DESC LIMIT ?",
            (_key(addr), to_lt, from_lt if from_lt is not None else 2**63 - 1, count),
        ).fetchall()
        return [Transaction.deserialize(Slice.one_from_boc(r[0])) for r in rows]

    def transactions(self, since_seq: int = 0) -> list[TxRecord]:
        rows = self._db.execute(
            "SELECT address, lt, hash, total_fees, aborted, exit_code, in_value, out_value,"
            " fwd_fees, boc"
            " FROM chain_transactions WHERE seq > ? ORDER BY seq",
            (since_seq,),
        ).fetchall()
        return [
            TxRecord.from_transaction(r[0], Transaction.deserialize(Slice.one_from_boc(r[9])))
            if r[9] is not None
            else TxRecord(  # kept before whole transactions were
                address=r[0], lt=r[1], hash=r[2], total_fees=r[3], aborted=bool(r[4]),
                exit_code=r[5], in_value=r[6], out_value=r[7], fwd_fees=r[8],
            )
            for r in rows
        ]

    def last_tx_seq(self) -> int:
        row = self._db.execute("SELECT MAX(seq) FROM chain_transactions").fetchone()
        return row[0] or 0

    def _run_get_method(self, address: Address, method: str, stack: list[Any]) -> list[Any]:
        shard = self._shard_account(address)
        if shard is None or shard.account is None:
            raise ChainError(f"{_key(address)}: no such account")
        state = shard.account.storage.state
        if state.type_ != "account_active":
            raise ChainError(f"{_key(address)}: account is not active")
        tvm = TvmEmulator(state.state_init.code, state.state_init.data, engine=self._engine)
        tvm.set_c7(
            # pytvm passes the balance as a 32-bit int; getters must not rely on it
            _key(address), self.now(), min(shard.account.storage.balance.grams, 2**32 - 1),
            "00" * 32,
            self._config,
        )
        result = tvm.run_get_method(method, stack)
        if not result.get("success") or result.get("vm_exit_code", 0) not in (0, 1):
            raise ChainError(
                f"{method} on {_key(address)} failed: exit code {result.get('vm_exit_code')}"
            )
        return result["stack"]

    # -- writes -------------------------------------------------------------------------------

    def check_external(self, message: MessageAny) -> None:
        """Would the destination accept this external message now? (A liteserver checks this
        before broadcasting: a wrong seqno or signature is refused at once.) Commits nothing."""
        dest = message.info.dest
        row = self._db.execute(
            "SELECT shard_account FROM chain_accounts WHERE address = ?", (_key(dest),)
        ).fetchone()
        self._emulator.set_lt((self._meta("lt") or 0) + LT_STEP)
        self._emulator.set_unixtime(self.now())
        res = self._emulator.raw_emulate_transaction(
            Cell.one_from_boc(row[0]) if row else EMPTY_STATE, message.serialize()
        )
        if not res.get("success"):
            raise ChainError(
                f"external message to {_key(dest)} not accepted: {res.get('error')}"
                f" (exit code {res.get('vm_exit_code')})"
            )

    def _send(self, message: MessageAny) -> SendResult:
        cell = message.serialize()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            records = self._process(message)
            self._db.execute("UPDATE chain_meta SET value = value + 1 WHERE key = 'now'")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return SendResult(message_hash=cell.hash.hex(), boc=cell.to_boc(), transactions=records)

    def _process(self, first: MessageAny) -> list[TxRecord]:
        """Deliver `first` and every internal message it causes, until the trace is quiet."""
        queue: deque[MessageAny] = deque([first])
        records: list[TxRecord] = []
        lt = self._meta("lt") or 0
        now = self.now()
        while queue:
            if len(records) >= MAX_TRACE:
                raise ChainError("trace too long")
            msg = queue.popleft()
            dest = msg.info.dest
            row = self._db.execute(
                "SELECT shard_account FROM chain_accounts WHERE address = ?", (_key(dest),)
            ).fetchone()
            shard_cell = Cell.one_from_boc(row[0]) if row else EMPTY_STATE
            lt += LT_STEP
            self._emulator.set_lt(lt)
            self._emulator.set_unixtime(now)
            res = self._emulator.raw_emulate_transaction(shard_cell, msg.serialize())
            if not res.get("success"):
                raise ChainError(
                    f"message to {_key(dest)} rejected: {res.get('error')}"
                    f" (exit code {res.get('vm_exit_code')})"
                )
            tx_cell = Cell.one_from_boc(res["transaction"])
            tx = Transaction.deserialize(tx_cell.begin_parse())
            new_shard = Cell.one_from_boc(res["shard_account"])
            self._db.execute(
                "INSERT OR REPLACE INTO chain_accounts (address, shard_account) VALUES (?, ?)",
                (_key(dest), new_shard.to_boc()),
            )
            record = TxRecord.from_transaction(_key(dest), tx)
            self._db.execute(
                "INSERT INTO chain_transactions (address, lt, hash, total_fees, aborted,"
                " exit_code, in_value, out_value, fwd_fees, boc)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.address, record.lt, record.hash, record.total_fees, int(record.aborted),
                 record.exit_code, record.in_value, record.out_value, record.fwd_fees,
                 tx_cell.to_boc()),
            )
            records.append(record)
            lt = max(lt, tx.lt + len(tx.out_msgs) + 1)
            queue.extend(m for m in tx.out_msgs if m.is_internal)
        self._db.execute("UPDATE chain_meta SET value = ? WHERE key = 'lt'", (lt,))
        return records

    # -- internals ----------------------------------------------------------------------------

    def _meta(self, key: str) -> int | None:
        row = self._db.execute("SELECT value FROM chain_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def _shard_account(self, address: Address) -> ShardAccount | None:
        row = self._db.execute(
            "SELECT shard_account FROM chain_accounts WHERE address = ?", (_key(address),)
        ).fetchone()
        return None if row is None else ShardAccount.deserialize(Slice.one_from_boc(row[0]))

    def _genesis(self, genesis_time: int) -> None:
        """Mint the faucet: one internal message carrying the whole supply and its wallet code."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute("INSERT INTO chain_meta VALUES ('now', ?), ('lt', 0)", (genesis_time,))
            mint = Contract.create_internal_msg(
                src=ZERO_ADDRESS, dest=self.faucet_address, value=FAUCET_SUPPLY, bounce=False,
                state_init=wallet_state_init(FAUCET_KEY.public), created_at=genesis_time,
            )
            self._process(mint)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

