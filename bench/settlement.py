"""Settlement benchmark on the embedded chain (real TVM): gas and fees per channel operation,
on-chain messages per 10,000 invocations, vouchers signed and verified per second.

Run: .venv/bin/python bench/settlement.py
"""

import hashlib
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from cocoon.contracts.channel import ChannelParams, PaymentChannel
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer, wallet_address
from cocoon.contracts.voucher import Voucher
from cocoon.platform.settlement import Settlement
from cocoon.platform.settlement.client_side import open_client_channel, registration_signature

TON = 10**9
SCHEMA = """CREATE TABLE receipts (seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT UNIQUE NOT NULL, account TEXT NOT NULL, provider TEXT NOT NULL,
  function TEXT NOT NULL, function_digest TEXT NOT NULL, units INTEGER NOT NULL,
  unit_price INTEGER NOT NULL, amount INTEGER NOT NULL, time INTEGER NOT NULL,
  receipt TEXT NOT NULL);"""


def key(name: str) -> KeyPair:
    return KeyPair(hashlib.sha256(name.encode()).digest())


def channel_costs(root: Path) -> dict[str, int]:
    chain = EmbeddedChain(root / "ops")
    payer, payee = key("payer"), key("payee")
    pa, pe = wallet_address(payer.public), wallet_address(payee.public)
    chain.fund(pa, 100 * TON)
    chain.fund(pe, 10 * TON)
    chain.transfer(payee, [Transfer(dest=pa, value=1)])  # deploy the payee wallet
    params = ChannelParams(payer=pa.to_str(False), payee=pe.to_str(False),
                           payer_key=payer.public.hex(), payee_key=payee.public.hex(),
                           channel_id=1, dispute_window=60)
    out: dict[str, int] = {}

    def on_channel(name, result, ch_addr):
        raw = ch_addr.to_str(is_user_friendly=False)
        tx = next(t for t in result.transactions if t.address == raw)
        out[f"{name}.channel_tx_fees"] = tx.total_fees
        out[f"{name}.total_cost"] = result.fees

    ch, r = PaymentChannel.open(chain, payer, params, 10 * TON)
    on_channel("open", r, ch.address)
    on_channel("top_up", ch.top_up(payer, TON), ch.address)
    on_channel("claim_by_payee", ch.claim(payee, Voucher.sign(payer, ch.address, 1, TON)),
               ch.address)
    on_channel("claim_by_payer", ch.claim(payer, Voucher.sign(payer, ch.address, 1, 2 * TON)),
               ch.address)
    on_channel("start_close", ch.start_close(payer), ch.address)
    chain.advance(61)
    on_channel("finish_close", ch.finish_close(payer), ch.address)
    return out


def settlement_run(root: Path, n: int = 10_000) -> dict[str, int]:
    chain = EmbeddedChain(root / "settle")
    db_path = root / "platform.db"
    db = sqlite3.connect(db_path)
    db.executescript(SCHEMA)
    rng = random.Random(7)
    rows = []
    for i in range(n):
        units, price = rng.randint(1, 50), 100_000
        rows.append((f"r{i}", "client", rng.choice(["gpu-1", "gpu-2"]), "f", "d", units, price,
                     units * price, chain.now() + i, "{}"))
    db.executemany("INSERT INTO receipts (request_id, account, provider, function,"
                   " function_digest, units, unit_price, amount, time, receipt)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    platform, client = key("platform"), key("client")
    chain.fund(wallet_address(platform.public), 1000 * TON)
    chain.fund(wallet_address(client.public), 200 * TON)
    s = Settlement(db_path, chain, platform, fee_bps=500)
    params = open_client_channel(chain, s.client_terms(), client, 100 * TON)
    address = params.address.to_str(is_user_friendly=False)
    s.register_client_channel("client", address,
                              registration_signature(client, "client", address))
    for p in ("gpu-1", "gpu-2"):
        k = key(p)
        s.register_provider(p, wallet_address(k.public).to_str(False), k.public)
    total = sum(r[7] for r in rows)
    s.accept_voucher("client", Voucher.sign(client, address, params.channel_id, total))
    first = s.run()
    chain.advance(24 * 3600)  # default max_delay: a day
    second = s.run()
    return {
        "invocations": n,
        "ledger_total": total,
        "onchain_messages_before_due": first.onchain_messages,
        "onchain_messages": first.onchain_messages + second.onchain_messages,
        "gas_total": first.gas + second.gas,
        "claimed_from_client": second.claimed_from_clients,
        "paid_to_providers": second.paid_to_providers,
        "platform_fee": second.platform_fees,
        "exact": int(second.claimed_from_clients == total
                     and second.paid_to_providers + second.platform_fees == total),
    }


def voucher_rates(seconds: float = 1.0) -> dict[str, int]:
    k = key("bench")
    channel = "0:" + "ab" * 32
    n, start = 0, time.perf_counter()
    vouchers = []
    while time.perf_counter() - start < seconds:
        vouchers.append(Voucher.sign(k, channel, 1, n + 1))
        n += 1
    signed = n / (time.perf_counter() - start)
    start = time.perf_counter()
    ok = all(v.verify(k.public) for v in vouchers)
    verified = len(vouchers) / (time.perf_counter() - start)
    assert ok
    return {"vouchers_signed_per_s": int(signed), "vouchers_verified_per_s": int(verified)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        result = {
            "channel_ops_nanoton": channel_costs(root),
            "settlement_10k": settlement_run(root),
            "vouchers": voucher_rates(),
        }
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
