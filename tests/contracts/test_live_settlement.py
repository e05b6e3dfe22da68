"""Settlement on a TON network: the gateway's ``chain`` setting reaches the settlement driver.

No real TON network can be reached from the test machines, so the driver runs on LiveChain over
the liteserver stand-in (tests/contracts/standin_liteserver.py: pytoniq's LiteBalancer API
answered from an EmbeddedChain, messages landing a few requests after they are sent), and the
configuration path is checked against a global config whose only liteserver is a closed port on
127.0.0.1.
"""

import hashlib
import json
import socket
from pathlib import Path

import pytest
from standin_liteserver import EmbeddedLiteServer

from cocoon.contracts.chain import ChainError
from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.embedded_chain import FAUCET_KEY, EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.live import LiveChain
from cocoon.contracts.messages import Transfer, wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.db import Database
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.gateway.settle import settlement_for
from cocoon.platform.settlement.client_side import open_client_channel, registration_signature
from cocoon.platform.settlement.local import open_settlement, platform_key

TON = 10**9
LOOPBACK_AS_INT = 0x7F000001  # 127.0.0.1 in a global config's "ip" field


def key(name: str) -> KeyPair:
    return KeyPair(hashlib.sha256(name.encode()).digest())


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_gateway_chain_setting_opens_settlement_on_that_network(tmp_path, monkeypatch):
    stored = json.loads(
        (Path(__file__).parent / "data" / "testnet-global.config.json").read_text()
    )
    stored["liteservers"] = [{**stored["liteservers"][0], "ip": LOOPBACK_AS_INT,
                              "port": closed_port()}]
    config_file = tmp_path / "global.config.json"
    config_file.write_text(json.dumps(stored))
    monkeypatch.setenv("COCOON_HOME", str(tmp_path / "home"))
    settings = GatewaySettings(database=tmp_path / "platform.db", chain=str(config_file))
    with pytest.raises(ChainError, match="no liteserver"):
        settlement_for(settings)  # LiveChain was asked to connect: nothing answers here

    embedded = GatewaySettings(database=tmp_path / "platform.db",
                               chain=f"embedded:{tmp_path / 'elsewhere'}")
    with settlement_for(embedded) as s:
        assert isinstance(s.chain, EmbeddedChain)
        assert (tmp_path / "elsewhere" / "chain.db").is_file()


def test_a_settlement_run_on_live_chain_pays_exactly_what_the_ledger_says(tmp_path):
    twin = EmbeddedChain(tmp_path / "behind-the-liteserver")
    server = EmbeddedLiteServer(twin)
    chain = LiveChain(server, clock=server.now, timeout_s=30, poll_s=0)
    home = tmp_path / "home"
    home.mkdir()
    client, provider = key("live client"), key("live provider")
    platform = wallet_address(platform_key(home).public)
    for address, amount in ((platform, 1000 * TON), (wallet_address(client.public), 60 * TON),
                            (wallet_address(provider.public), 1 * TON)):
        chain.transfer(FAUCET_KEY, [Transfer(dest=address, value=amount, bounce=False)])
    s = open_settlement(home, database=tmp_path / "platform.db", chain=chain, fee_bps=500)
    db = Database(tmp_path / "platform.db")
    try:
        params = open_client_channel(chain, s.client_terms(), client, 50 * TON)
        address = params.address.to_str(is_user_friendly=False)
        channel = s.register_client_channel("alice", address,
                                            registration_signature(client, "alice", address))
        s.register_provider("gpu", wallet_address(provider.public).to_str(False),
                            provider.public)
        with db.tx() as c:
            for i in range(20):
                c.execute(
                    "INSERT INTO receipts (request_id, account, provider, function,"
                    " function_digest, units, unit_price, amount, time, receipt)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (f"live-{i}", "alice", "gpu", "echo", "ab" * 32, 3, 10**7, 3 * 10**7, i,
                     "{}"),
                )
        owed = 20 * 3 * 10**7
        s.accept_voucher("alice", Voucher.sign(client, channel.channel_address,
                                               channel.channel_id, owed))
        before = chain.balance(wallet_address(provider.public))

        report = s.run(force=True)

        assert not report.failures and not report.stopped
        assert server.pending == 0  # every message was included before the run returned
        assert PaymentChannel(chain, channel.channel_address).state().claimed == owed
        earned = owed - owed * 500 // 10_000
        assert s.earnings("gpu").paid == earned
        gained = chain.balance(wallet_address(provider.public)) - before
        assert earned - 1000 <= gained <= earned  # less the wallet's storage fee, a few nTON
    finally:
        db.close()
        s.close()
        chain.close()
        twin.close()
