"""A settlement world: the embedded chain, funded parties, channels open; receipts go into the
ledger through the same Database the gateway uses. (A module of its own, not the conftest, so
tests import it by a name no other folder uses.)
"""

import hashlib
import json
import random

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.db import Database
from cocoon.platform.settlement import Settlement
from cocoon.platform.settlement.client_side import open_client_channel, registration_signature
from cocoon.platform.settlement.models import ClientChannel

TON = 10**9


def key(name: str) -> KeyPair:
    return KeyPair(hashlib.sha256(name.encode()).digest())


def open_channel(s: Settlement, account: str, payer: KeyPair, deposit: int) -> ClientChannel:
    """What a client does: open its channel from its own wallet, then register it (signed)."""
    params = open_client_channel(s.chain, s.client_terms(), payer, deposit)
    address = params.address.to_str(is_user_friendly=False)
    return s.register_client_channel(account, address, registration_signature(payer, account,
                                                                              address))


def add_receipts(db: Database, n, accounts, providers, start_time, seed=1):
    rng = random.Random(seed)
    base = db.one("SELECT COUNT(*) FROM receipts")[0]
    with db.tx() as c:
        for i in range(n):
            units, price = rng.randint(1, 50), rng.choice([50_000, 100_000, 123_457])
            account, provider = rng.choice(accounts), rng.choice(providers)
            rid = f"req-{base + i}"
            body = {"request_id": rid, "units": units, "price": price}
            c.execute(
                "INSERT INTO receipts (request_id, account, provider, function, function_digest,"
                " units, unit_price, amount, time, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rid, account, provider, "embed", "ab" * 32, units, price, units * price,
                 start_time + i, json.dumps(body)),
            )


def sign_vouchers(world: "World", s: Settlement) -> None:
    """Each client signs a voucher for what it owes (up to its deposit), as the SDK does."""
    for account, owed in world.db.all("SELECT account, SUM(amount) FROM receipts GROUP BY"
                                      " account"):
        channel = s.client(account)
        if channel is None or account not in world.clients:
            continue
        deposit = PaymentChannel(world.chain, channel.channel_address).state().deposit
        s.accept_voucher(account, Voucher.sign(world.clients[account], channel.channel_address,
                                               channel.channel_id, min(owed, deposit)))


class World:
    def __init__(self, tmp_path, target=None, **kw):
        self.chain = EmbeddedChain(tmp_path / "chain")
        self.target = target or tmp_path / "platform.db"
        self.db = Database(self.target)
        self.platform = key("platform")
        self.chain.fund(wallet_address(self.platform.public), 1000 * TON)
        self.clients = {a: key(a) for a in ("alice", "bob")}
        self.providers = {p: key(p) for p in ("gpu-1", "gpu-2")}
        for k in self.clients.values():
            self.chain.fund(wallet_address(k.public), 200 * TON)
        self.kw = kw
        self._open: list[Settlement] = []
        s = self.settlement()
        for account, k in self.clients.items():
            open_channel(s, account, k, 50 * TON)
        for provider, k in self.providers.items():
            s.register_provider(provider, wallet_address(k.public).to_str(False), k.public)

    def settlement(self, **kw) -> Settlement:
        s = Settlement(self.target, self.chain, self.platform, **{**self.kw, **kw})
        self._open.append(s)
        return s

    def close(self) -> None:
        for s in self._open:
            s.close()
        self.db.close()
        self.chain.close()
