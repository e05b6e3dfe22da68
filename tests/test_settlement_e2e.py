"""Settlement on the running (Ray-free) network: vouchers in the invoke path, the debt gate, and
the embedded chain agreeing with the ledger to the nanoton after a settlement run."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from harness import TEMPLATES, Network, running_network, start_network
from typer.testing import CliRunner

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.keys import KeyPair, load_key_file
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform import embedded
from cocoon.platform.api import VOUCHER_HEADER
from cocoon.platform.cli.main import app
from cocoon.platform.settlement import local, platform_fee
from cocoon.runtime.errors import CocoonError

ECHO_PRICE = 1000  # templates/echo: 1000 nTON per call, max_units 1 -> max price 1000
DEBT_BOUND = 2 * ECHO_PRICE  # [gateway] max_unvouchered here (tests/test_debt_gate.py: 64 threads)


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    with running_network(tmp_path_factory.mktemp("settle-home"),
                         max_unvouchered=DEBT_BOUND) as network:
        yield network


def wallet(net: Network) -> KeyPair:
    return load_key_file(net.home / "wallet.json")


def account(net: Network) -> dict:
    with net.http() as http:
        return http.get("/v1/account").json()


def test_invocations_are_paid_with_vouchers(net: Network):
    client = net.client()
    for i in range(3):
        assert client.invoke("echo", {"i": i}).output == {"i": i}
    acct = account(net)
    assert acct["channel"]["client_signs"] and acct["channel"]["payer_key"] == (
        wallet(net).public.hex()
    )
    # each request carried a voucher for the receipts verified before it: only the last is open
    assert acct["vouchered"] == acct["charged"] - ECHO_PRICE
    out = client.flush_voucher()
    assert out is not None and out.vouchered == out.charged
    voucher = Voucher.model_validate(account(net)["voucher"])
    assert voucher.verify(wallet(net).public) and voucher.channel == acct["channel"]["address"]
    assert client.flush_voucher() is None  # nothing new to sign


def test_client_that_stops_vouchering_is_refused_then_served_again(net: Network):
    net.client().flush_voucher(cover_debt=True)
    silent = net.client(auto_voucher=False)
    silent.invoke("echo", {"n": 1})  # debt 1000 afterwards
    silent.invoke("echo", {"n": 2})  # served (1000 + this call's 1000 <= the bound)
    with pytest.raises(CocoonError) as exc:  # 2000 + 1000 would pass the bound
        silent.invoke("echo", {"n": 3})
    assert exc.value.code == "voucher_required" and exc.value.status == 402
    acct = account(net)
    assert acct["charged"] - acct["vouchered"] == 2 * ECHO_PRICE
    assert acct["reserved"] == 0
    out = silent.flush_voucher()  # covers exactly the two receipts it verified
    assert out is not None and out.vouchered == out.charged
    assert silent.invoke("echo", {"n": 4}).output == {"n": 4}


def test_a_huge_max_price_does_not_widen_the_unvouchered_debt(net: Network):
    """The debt gate counts what a call can cost (the authorised price), not the max price the
    client writes in its header: 1 TON there buys no more unvouchered calls."""
    net.client().flush_voucher(cover_debt=True)
    silent = net.client(auto_voucher=False)
    served = 0
    with pytest.raises(CocoonError) as exc:
        for n in range(10):
            silent.invoke("echo", {"n": n}, max_price=10**9)
            served += 1
    assert exc.value.code == "voucher_required" and served == DEBT_BOUND // ECHO_PRICE
    acct = account(net)
    assert acct["charged"] - acct["vouchered"] == DEBT_BOUND and acct["reserved"] == 0
    assert silent.flush_voucher() is not None


def test_forged_stale_and_excessive_vouchers_are_refused(net: Network):
    client = net.client()
    client.invoke("echo", {"x": 1})
    client.flush_voucher()
    acct = account(net)
    ch = acct["channel"]
    mallory = KeyPair(bytes(range(32)))
    cases = [
        (Voucher.sign(mallory, ch["address"], ch["channel_id"], acct["charged"]), 400,
         "invalid_voucher"),
        (Voucher.sign(wallet(net), ch["address"], ch["channel_id"] ^ 1, acct["charged"]), 400,
         "invalid_voucher"),
        (Voucher.sign(wallet(net), ch["address"], ch["channel_id"], acct["charged"] + 1), 400,
         "invalid_voucher"),
        (Voucher.sign(wallet(net), ch["address"], ch["channel_id"], acct["charged"] - 1), 409,
         "stale_voucher"),
    ]
    with net.http() as http:
        for voucher, status, code in cases:
            resp = http.post("/v1/vouchers", content=voucher.model_dump_json())
            assert (resp.status_code, resp.json()["error"]["code"]) == (status, code)
        for body in (b"", b"{}", b'{"cumulative": -1}', b"\xff"):
            resp = http.post("/v1/vouchers", content=body)
            assert resp.status_code == 400, body
        # the invoke header: garbage and a forged signature are refused before anything runs
        forged = Voucher.sign(mallory, ch["address"], ch["channel_id"], acct["charged"])
        for value in ("nonsense", f"{forged.cumulative}:{forged.signature}"):
            resp = http.post("/v1/functions/echo/invoke", content=b"CCN1",
                             headers={VOUCHER_HEADER: value})
            assert (resp.status_code, resp.json()["error"]["code"]) == (400, "invalid_voucher")
    after = account(net)
    assert (after["vouchered"], after["charged"]) == (acct["vouchered"], acct["charged"])


def test_settled_on_chain_equals_the_ledger(net: Network):
    client = net.client()
    for i in range(5):
        client.invoke("echo", {"i": i})
    client.flush_voucher(cover_debt=True)
    settlement = local.open_settlement(net.home)
    chain = settlement.chain
    acct_id = account(net)["id"]
    seq0 = chain.last_tx_seq()
    report = settlement.run(force=True)
    assert report.unvouchered == {acct_id: 0} and report.shortfall == {}

    db = sqlite3.connect(net.database)
    charged, credited = db.execute(
        "SELECT charged, credited FROM accounts WHERE id = ?", (acct_id,)
    ).fetchone()
    gross = db.execute(
        "SELECT SUM(amount) FROM receipts WHERE provider = 'local'"
    ).fetchone()[0]
    deposits = db.execute("SELECT source, amount FROM deposits WHERE account = ?",
                          (acct_id,)).fetchall()
    db.close()
    assert deposits == [("channel", embedded.STARTING_BALANCE)] and credited == deposits[0][1]
    client_channel = PaymentChannel(chain, settlement.client(acct_id).channel_address).state()
    provider = settlement.provider("local")
    provider_channel = PaymentChannel(chain, provider.channel_address).state()
    fee = platform_fee(gross, 500)
    # client paid = provider received + platform fee, to the nanoton
    assert client_channel.claimed == charged == gross
    assert provider_channel.claimed == gross - fee
    assert client_channel.claimed == provider_channel.claimed + fee
    assert chain.balance(provider.payout_address) == provider_channel.claimed
    # and every nanoton that left the parties' accounts in this run is gas on chain
    assert report.gas == sum(t.cost for t in chain.transactions(seq0)) > 0
    again = settlement.run(force=True)
    assert again.onchain_messages == 0


def test_bootstrap_twice_reuses_wallet_and_channel(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    embedded.bootstrap(18470, 18471)
    first = (tmp_path / "wallet.json").read_text()
    cfg = embedded.config.read_file()
    embedded.bootstrap(18470, 18471)
    assert (tmp_path / "wallet.json").read_text() == first
    again = embedded.config.read_file()
    assert again["client"]["channel"] == cfg["client"]["channel"]
    assert again["provider"]["payout_address"] == cfg["provider"]["payout_address"]
    db = sqlite3.connect(tmp_path / "platform.db")
    assert db.execute("SELECT COUNT(*) FROM settlement_clients").fetchone()[0] == 1
    assert db.execute("SELECT source, ref, amount FROM deposits").fetchall() == [
        ("channel", f"channel:{cfg['client']['channel']}:from:0", embedded.STARTING_BALANCE)
    ]
    assert db.execute("SELECT COUNT(*) FROM settlement_providers").fetchone()[0] == 1
    db.close()
    chain = local.embedded_chain(tmp_path)
    state = PaymentChannel(chain, cfg["client"]["channel"]).state()
    assert state.deposit == embedded.STARTING_BALANCE
    assert state.payer == wallet_address(load_key_file(tmp_path / "wallet.json").public).to_str(
        is_user_friendly=False
    )
    chain.close()
    # `cocoon channel status` and `cocoon wallet show` see the same wallet and channel
    runner = CliRunner()
    env = {"COCOON_HOME": str(tmp_path)}
    shown = runner.invoke(app, ["channel", "status", "--json"], env=env)
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["raw_address"] == cfg["client"]["channel"]
    w = runner.invoke(app, ["wallet", "show", "--json"], env=env)
    assert json.loads(w.stdout)["raw_address"] == state.payer


def test_gateway_settles_in_the_background(tmp_path, monkeypatch):
    import time

    from cocoon.platform.settlement import Thresholds

    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    eager = Thresholds(claim_min_amount=0, payout_min_amount=0)
    network = start_network(tmp_path, settle_interval_s=0.2, thresholds=eager)
    chain = local.embedded_chain(tmp_path)
    try:
        network.deploy_and_wait(TEMPLATES / "echo")
        client = network.client()
        for i in range(3):
            client.invoke("echo", {"i": i})
        client.flush_voucher()
        channel = PaymentChannel(chain, account(network)["channel"]["address"])
        deadline = time.monotonic() + 20
        while channel.state().claimed < 3 * ECHO_PRICE:
            assert time.monotonic() < deadline, "the gateway did not settle"
            with network.http() as http:  # the event loop keeps answering meanwhile
                assert http.get("/healthz").status_code == 200
            time.sleep(0.1)
        assert channel.state().claimed == account(network)["charged"] == 3 * ECHO_PRICE
    finally:
        network.stop()
        chain.close()


def test_provider_registered_through_the_gateway_keeps_its_payout_key(net: Network):
    """A provider that joins with a payout wallet and key gets a channel whose payee key is
    its own (so it can close cooperatively), not a placeholder."""
    from cocoon.contracts.keys import KeyPair
    from cocoon.runtime.attestation import key_binding, simulated
    from cocoon.runtime.envelope import RuntimeKeys
    from cocoon.runtime.wire import ProviderRegistration

    payout = KeyPair(bytes(range(32)))
    keys = RuntimeKeys.generate()
    reg = ProviderRegistration(
        id="paid-provider", endpoint="http://127.0.0.1:9", hpke_public=keys.hpke_public.hex(),
        signing_public=keys.signing_public.hex(),
        evidence=[simulated.produce(key_binding(keys.hpke_public, keys.signing_public))],
        payout_address=wallet_address(payout.public).to_str(is_user_friendly=False),
        payout_key=payout.public.hex())
    with net.http() as http:
        provider_key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    with net.http(provider_key) as http:
        assert http.post("/v1/providers", content=reg.model_dump_json()).status_code == 201
    with sqlite3.connect(net.database) as db:
        row = db.execute("SELECT payee_key FROM settlement_providers WHERE provider = ?",
                         ("paid-provider",)).fetchone()
    assert row == (payout.public.hex(),)


def test_a_client_that_dies_without_flushing_does_not_block_the_next(net: Network, monkeypatch):
    """Each call vouchers every receipt seen so far, so a process that stops abruptly leaves
    at most its last call unvouchered, which the next process may still owe."""
    from cocoon.platform.sdk import vouchers

    first = net.client()
    for i in range(3):
        first.invoke("echo", {"i": i})
    # the first process is gone (no close(), no flush); a new one starts with fresh state
    monkeypatch.setattr(vouchers, "_STATES", {})
    second = net.client()
    for i in range(3):
        assert second.invoke("echo", {"j": i}).output == {"j": i}
