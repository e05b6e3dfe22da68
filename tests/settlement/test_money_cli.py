"""The money commands (wallet, channel, settle, earnings) on a real embedded chain, driven as a
newcomer would: a fresh COCOON_HOME, an unfunded wallet, a half-open channel, secrets from files
and stdin only, and errors as one line (or JSON on stderr) with a code, never a traceback."""

import json
import sqlite3

from typer.testing import CliRunner

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.keys import new_mnemonic
from cocoon.contracts.voucher import Voucher
from cocoon.platform.cli.main import app
from cocoon.platform.settlement import local
from cocoon.platform.settlement.client_side import channel_id_for, client_channel_params

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


def hand_in_voucher(home, channel, cumulative):
    """The client's own voucher (its wallet key signs), handed to the platform as the gateway
    takes it from the SDK: the platform holds no key to sign one itself."""
    key = local.load_or_create_wallet(home)
    with local.open_settlement(home) as s:
        info = s.client("local")
        assert info.channel_address == channel
        s.accept_voucher("local", Voucher.sign(key, channel, info.channel_id, cumulative))


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
    assert ok(tmp_path, "settle")["client_claims"] == 0  # nothing signed over yet
    hand_in_voucher(tmp_path, ch["raw_address"], 3000)  # as the SDK does with each call
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


def test_a_channel_deployed_but_never_registered_is_resumed(tmp_path):
    """`channel open` died between the deploy and the registration: the channel is on chain but
    the platform does not know it. Opening again finds the same channel (its id derives from
    the account and the key) and registers it: no second deposit."""
    ok(tmp_path, "wallet", "create")
    ok(tmp_path, "wallet", "fund", "--amount", "5")
    key = local.load_or_create_wallet(tmp_path)
    with local.open_settlement(tmp_path) as s:
        params = client_channel_params(s.client_terms(), key, channel_id_for("local", key))
        PaymentChannel.open(s.chain, key, params, 2 * TON)
    missing = error(tmp_path, "channel", "status")
    assert missing["code"] == "not_found" and "no payment channel" in missing["message"]
    opened = ok(tmp_path, "channel", "open", "--deposit", "2")
    assert opened["status"] == "open" and opened["deposit"] == 2 * TON
    assert opened["raw_address"] == params.address.to_str(is_user_friendly=False)
    assert opened["registered_via"] == "local"


def test_top_up_from_the_wallet_reaches_the_channel(tmp_path):
    ok(tmp_path, "wallet", "create")
    ok(tmp_path, "wallet", "fund", "--amount", "10")
    assert error(tmp_path, "channel", "top-up", "1")["code"] == "not_found"  # no channel yet
    ok(tmp_path, "channel", "open", "--deposit", "2")
    topped = ok(tmp_path, "channel", "top-up", "1.5")
    assert topped["deposit"] == 3_500_000_000 and topped["unclaimed"] == 3_500_000_000
    assert error(tmp_path, "channel", "top-up", "100")["code"] == "insufficient_funds"
    assert error(tmp_path, "channel", "top-up", "-1")["code"] == "bad_request"


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
