"""The metering ledger on real SQLite and real PostgreSQL: append-only, idempotent, every
nanoton accounted, reservations shared by every process on one database."""

from __future__ import annotations

import os

import pytest

from cocoon.platform.db import Database
from cocoon.platform.ledger import Ledger
from cocoon.platform.registry import Registry
from cocoon.runtime.envelope import RuntimeKeys, sign_receipt
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import UsageReceipt

KEYS = RuntimeKeys.generate()


def receipt(request_id: str, amount: int, client: str):
    return sign_receipt(UsageReceipt(
        request_id=request_id, client=client, function="echo", function_digest="d" * 64,
        provider="p", units=1, unit_price=amount, amount=amount, time_ms=1, outcome="ok",
        response_digest="0" * 64, simulated=True), KEYS.signing)


@pytest.fixture
def setup(target):
    db = Database(target)
    account = Registry(db).create_account("t")
    ledger = Ledger(db)
    ledger.deposit(account, 10_000, source="test", ref="dep-1")
    yield db, ledger, account
    db.close()


def test_deposit_is_idempotent_by_ref(setup):
    _, ledger, account = setup
    assert ledger.deposit(account, 10_000, source="test", ref="dep-1") is False
    assert ledger.balance(account).credited == 10_000


def test_reserve_charge_release(setup):
    _, ledger, account = setup
    rid = os.urandom(16).hex()
    r = ledger.reserve(account, rid, 4_000)
    assert ledger.balance(account).available == 6_000
    with pytest.raises(CocoonError) as exc:
        ledger.reserve(account, rid, 1)
    assert exc.value.code == "conflict"
    with pytest.raises(CocoonError) as exc:
        ledger.reserve(account, os.urandom(16).hex(), 6_001)
    assert exc.value.code == "insufficient_funds" and exc.value.status == 402
    assert ledger.charge(r, receipt(rid, 1_500, account)) is True
    b = ledger.balance(account)
    assert (b.charged, b.reserved, b.available) == (1_500, 0, 8_500)


def test_same_request_is_never_charged_twice(setup):
    _, ledger, account = setup
    rid = os.urandom(16).hex()
    assert ledger.charge(ledger.reserve(account, rid, 100), receipt(rid, 100, account))
    assert not ledger.charge(ledger.reserve(account, rid, 100), receipt(rid, 100, account))
    assert ledger.balance(account).charged == 100
    assert ledger.already_charged(rid)


def test_receipt_above_reservation_is_refused(setup):
    _, ledger, account = setup
    rid = os.urandom(16).hex()
    with pytest.raises(CocoonError):
        ledger.charge(ledger.reserve(account, rid, 10), receipt(rid, 11, account))
    b = ledger.balance(account)
    assert (b.charged, b.reserved) == (0, 0)


def test_receipts_are_append_only_and_totals_match(setup):
    db, ledger, account = setup
    for _ in range(5):
        rid = os.urandom(16).hex()
        ledger.charge(ledger.reserve(account, rid, 300), receipt(rid, 300, account))
    for sql in ("UPDATE receipts SET amount = 0", "DELETE FROM receipts",
                "UPDATE deposits SET amount = 1", "DELETE FROM deposits"):
        with pytest.raises(CocoonError) as exc, db.tx() as c:
            c.execute(sql)
        assert exc.value.code == "conflict"
    total = db.one("SELECT SUM(amount) FROM receipts WHERE account = ?", account)[0]
    assert total == ledger.balance(account).charged == 1_500
    assert [r.receipt.amount for r in ledger.receipts(account)] == [300] * 5
    [summary] = ledger.usage_summary(account)
    assert summary == {"function": "echo", "calls": 5, "units": 5, "amount": 1_500}
    assert all(type(summary[k]) is int for k in ("calls", "units", "amount"))  # not Decimal


def test_releasing_twice_never_frees_a_later_reservation(setup):
    _, ledger, account = setup
    rid = os.urandom(16).hex()
    first = ledger.reserve(account, rid, 1_000)
    ledger.release(first)
    second = ledger.reserve(account, rid, 2_000)
    ledger.release(first)  # late, duplicate release of the first one
    assert ledger.balance(account).reserved == 2_000
    ledger.release(second)
    assert ledger.balance(account).reserved == 0


def test_provider_price_is_exact_integer_arithmetic():
    from cocoon.platform.registry import provider_price

    assert provider_price(123456789012345678, 1.0) == 123456789012345678
    assert provider_price(1000, 1.5) == 1500
    assert provider_price(999, 0.3333) == 333  # rounded up: 332.9667
