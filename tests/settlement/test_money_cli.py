import json
import sqlite3

from conftest import RECEIPTS_SCHEMA
from typer.testing import CliRunner

from cocoon.platform.cli import money

runner = CliRunner()


def run(app, args, home):
    result = runner.invoke(app, [*args, "--json"], env={"COCOON_HOME": str(home)})
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


def test_wallet_channel_settle_flow(tmp_path):
    w = run(money.wallet_app, ["create"], tmp_path)
    assert w["status"] == "nonexist" and len(w["mnemonic"].split()) == 24
    w = run(money.wallet_app, ["fund", "--amount", "20"], tmp_path)
    assert w["balance"] == 20 * 10**9
    ch = run(money.channel_app, ["open", "--deposit", "5"], tmp_path)
    assert ch["status"] == "open" and ch["deposit"] == 5 * 10**9
    st = run(money.channel_app, ["status"], tmp_path)
    assert st["unclaimed"] == 5 * 10**9
    db = sqlite3.connect(tmp_path / "platform.db")
    db.executescript(RECEIPTS_SCHEMA)
    db.execute("INSERT INTO receipts (request_id, account, provider, function, function_digest,"
               " units, unit_price, amount, time, receipt) VALUES"
               " ('r1', 'local', 'gpu', 'f', 'd', 3, 1000, 3000, 0, '{}')")
    db.commit()
    rep = run(money.settle_app, ["settle"], tmp_path)
    assert rep["client_claims"] == 1 and rep["claimed_from_clients"] == 3000
    st = run(money.channel_app, ["status"], tmp_path)
    assert st["claimed"] == 3000
    earned = run(money.settle_app, ["earnings", "gpu"], tmp_path)
    assert earned["gross"] == 3000 and earned["paid"] == 0  # gpu has no payout address yet
    closing = run(money.channel_app, ["close"], tmp_path)
    assert closing["status"] == "closing"
    shown = run(money.wallet_app, ["show"], tmp_path)
    assert shown["address"] == w["address"]


def test_import_rejects_bad_mnemonic(tmp_path):
    result = runner.invoke(money.wallet_app, ["import", "not a mnemonic"],
                           env={"COCOON_HOME": str(tmp_path)})
    assert result.exit_code != 0
