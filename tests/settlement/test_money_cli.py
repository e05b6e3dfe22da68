"""The money commands (wallet, channel, settle, earnings) on a real embedded chain, driven as a
newcomer would: a fresh COCOON_HOME, an unfunded wallet, a half-open channel, secrets from files
and stdin only, and errors as one line (or JSON on stderr) with a code, never a traceback."""

import json
import sqlite3

from typer.testing import CliRunner

from cocoon.contracts.keys import new_mnemonic
from cocoon.platform.cli.main import app
from cocoon.platform.settlement import local

TON = 10**9
runner = CliRunner()


def cli(home, *args, input=None):
    result = runner.invoke(app, list(args), input=input, env={"COCOON_HOME": str(home)})
    assert "Traceback" not in result.output
    return result


def ok(home, *args, input=None):
    result = cli(home, *args, "--json", input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def error(home, *args, input=None):
    """A command that must fail: JSON on stderr with a code, nothing on stdout."""
    result = cli(home, *args, "--json", input=input)
    assert result.exit_code != 0 and result.stdout == "", result.output
    return json.loads(result.stderr)["error"]


def add_receipt(home, request_id, provider, amount):
    db = sqlite3.connect(home / "platform.db")
    db.execute("INSERT INTO receipts (request_id, account, provider, function, function_digest,"
               " units, unit_price, amount, time, receipt) VALUES (?, 'local', ?, 'f', 'd', 1, ?,"
               " ?, 0, '{}')", (request_id, provider, amount, amount))
    db.commit()
    db.close()


def test_wallet_channel_settle_flow(tmp_path):
    w = ok(tmp_path, "wallet", "create")
    assert w["status"] == "nonexist" and len(w["mnemonic"].split()) == 24
    assert w["address"].startswith("UQ")  # non-bounceable: nothing deployed there yet
    assert error(tmp_path, "channel", "open", "--deposit", "5")["code"] == "insufficient_funds"
    w = ok(tmp_path, "wallet", "fund", "--amount", "20")
    assert w["balance"] == 20 * TON and w["status"] == "uninit" and w["address"].startswith("UQ")
    ch = ok(tmp_path, "channel", "open", "--deposit", "5")
    assert ch["status"] == "open" and ch["deposit"] == 5 * TON
    assert ch["address"].startswith("EQ") and ch["raw_address"].startswith("0:")
    assert error(tmp_path, "channel", "open", "--deposit", "5")["code"] == "conflict"
    shown = ok(tmp_path, "wallet", "show")
    assert shown["status"] == "active" and shown["address"].startswith("EQ")  # deployed now
    assert shown["raw_address"] == w["raw_address"]
    st = ok(tmp_path, "channel", "status")
    assert st["unclaimed"] == 5 * TON
    add_receipt(tmp_path, "r1", "gpu", 3000)
    rep = ok(tmp_path, "settle")
    assert rep["client_claims"] == 1 and rep["claimed_from_clients"] == 3000
    assert ok(tmp_path, "channel", "status")["claimed"] == 3000
    earned = ok(tmp_path, "earnings", "gpu")
    # no gateway is running: the fee is the gateway's configured one ([gateway] fee_bps: 500)
    assert earned["fee_bps"] == 500 and earned["fee"] == 150
    assert earned["gross"] == 3000 and earned["paid"] == 0  # gpu has no payout address yet
    closing = ok(tmp_path, "channel", "close")
    assert closing["status"] == "closing"
    again = error(tmp_path, "channel", "close")
    assert again["code"] == "conflict" and "dispute window" in again["message"]


def test_fee_comes_from_the_gateway_configuration(tmp_path):
    ok(tmp_path, "wallet", "create")
    ok(tmp_path, "wallet", "fund", "--amount", "10")
    ok(tmp_path, "channel", "open", "--deposit", "1")
    add_receipt(tmp_path, "r1", "gpu", 10_000)
    (tmp_path / "config.toml").write_text("[gateway]\nfee_bps = 1000\n")
    earned = ok(tmp_path, "earnings", "gpu")
    assert earned["fee_bps"] == 1000 and earned["fee"] == 1000 and earned["owed"] == 9000
    assert "--fee-bps" in cli(tmp_path, "settle", "--fee-bps", "1").output  # no such option


def test_half_open_channel_is_explained_then_finished(tmp_path):
    """A channel registered in the ledger whose deploy never reached the chain (the wallet was
    empty): status says so, and `channel open` finishes it once the wallet is funded."""
    ok(tmp_path, "wallet", "create")
    s = local.open_settlement(tmp_path)
    try:
        s.open_client_channel("local", local.load_or_create_wallet(tmp_path), 2 * TON)
    except Exception:  # the chain refuses a transfer from an empty wallet; the row stays
        pass
    finally:
        s.close()
        s.chain.close()
    half = error(tmp_path, "channel", "status")
    assert half["code"] == "not_found" and "not on chain" in half["message"]
    ok(tmp_path, "wallet", "fund", "--amount", "5")
    assert ok(tmp_path, "channel", "open", "--deposit", "2")["status"] == "open"


def test_import_reads_the_mnemonic_from_stdin_or_a_file_never_argv(tmp_path):
    words = " ".join(new_mnemonic())
    first = ok(tmp_path / "a", "wallet", "import", input=words + "\n")
    assert first["status"] == "nonexist"
    secret = tmp_path / "words.txt"
    secret.write_text(words)
    assert ok(tmp_path / "b", "wallet", "import", "--mnemonic-file", str(secret)) == first
    assert ok(tmp_path / "c", "wallet", "import", "--mnemonic-file", "-", input=words) == first
    # the same words again are a no-op; other words would replace a wallet: refused
    assert ok(tmp_path / "a", "wallet", "import", input=words) == first
    other = error(tmp_path / "a", "wallet", "import", input=" ".join(new_mnemonic()))
    assert other["code"] == "conflict"
    # words on the command line are not accepted (they would land in shell history)
    on_argv = cli(tmp_path / "d", "wallet", "import", *words.split())
    assert on_argv.exit_code == 2 and not (tmp_path / "d").exists()
    bad = error(tmp_path / "e", "wallet", "import", input="not a mnemonic")
    assert bad["code"] == "bad_request" and "24 words" in bad["message"]
    wrong = error(tmp_path / "e", "wallet", "import", input=" ".join(["abandon"] * 24))
    assert wrong["code"] == "bad_request"
    assert not (tmp_path / "e" / "wallet.json").exists()
    missing = error(tmp_path / "e", "wallet", "import", "--mnemonic-file", str(tmp_path / "no"))
    assert missing["code"] == "bad_request"


def test_malformed_wallet_file_is_an_error_not_a_traceback(tmp_path):
    (tmp_path / "wallet.json").write_text('{"mnemonic": ')
    err = error(tmp_path, "wallet", "show")
    assert err["code"] == "bad_request" and "wallet.json" in err["message"]
    plain = cli(tmp_path, "wallet", "show")
    assert plain.exit_code == 1 and "bad_request" in plain.stderr and "hint" in plain.stderr
