"""What the receipt commitment adds to each invocation: the runtime signs one more Ed25519
digest, the SDK verifies one more; the cell hash is computed directly (no cell is built).
Also: the gas a penalty costs on the embedded chain (real TVM).

Run: .venv/bin/python bench/receipt_commitment.py
"""

import hashlib
import os
import tempfile
import time

from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.stake import (
    KeyCert,
    Proof,
    ProviderStake,
    SignedCommitment,
    StakeParams,
    commitment_cell,
)
from cocoon.runtime.envelope import RuntimeKeys, sign_receipt, verify_commitment
from cocoon.runtime.wire import ReceiptCommitment, RoutingHeader, UsageReceipt, canonical_json

TON = 10**9
N = 5000


def per_call_us(fn, n: int = N) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    keys = RuntimeKeys.generate()
    header = RoutingHeader(function="f", version=1, digest="ab" * 32, client="acct_1",
                           max_price=9000, request_id=os.urandom(16).hex(), timestamp_ms=1)
    hb = canonical_json(header.model_dump())
    receipt = UsageReceipt(request_id=header.request_id, client="acct_1", function="f",
                           function_digest=header.digest, provider="p", units=3,
                           unit_price=1000, amount=3000, time_ms=1, outcome="ok",
                           response_digest="cd" * 32, simulated=True)
    plain = per_call_us(lambda: sign_receipt(receipt, keys.signing))
    committed = per_call_us(lambda: sign_receipt(receipt, keys.signing, hb))
    signed = sign_receipt(receipt, keys.signing, hb)
    verify = per_call_us(lambda: verify_commitment(signed, header))
    c = ReceiptCommitment.of(receipt, hb)
    direct = per_call_us(c.digest)
    via_cell = per_call_us(lambda: commitment_cell(c).hash, 1000)
    print(f"sign_receipt                  {plain:8.1f} us")
    print(f"sign_receipt + commitment     {committed:8.1f} us  (+{committed - plain:.1f} us)")
    print(f"verify_commitment (SDK)       {verify:8.1f} us")
    print(f"commitment hash, direct       {direct:8.1f} us")
    print(f"commitment hash, pytoniq cell {via_cell:8.1f} us")

    with tempfile.TemporaryDirectory() as tmp:
        chain = EmbeddedChain(tmp)
        owner = KeyPair(hashlib.sha256(b"bench owner").digest())
        hunter = KeyPair(hashlib.sha256(b"bench hunter").digest())
        for k in (owner, hunter):
            chain.fund(wallet_address(k.public), 100 * TON)
        params = StakeParams(owner=wallet_address(owner.public).to_str(is_user_friendly=False),
                             owner_key=owner.public.hex())
        stake, r = ProviderStake.open(chain, owner, params, 10 * TON)
        raw = stake.address.to_str(is_user_friendly=False)
        fees = {"deposit (deploy)": r}
        cert = KeyCert.sign(owner, stake.address, keys.signing_public.hex())
        bad = ReceiptCommitment.of(receipt.model_copy(update={"amount": 1}), hb)
        proof = Proof(cert, SignedCommitment(bad, keys.signing.sign(bad.digest()).hex()))
        fees["penalise (mispriced)"] = stake.penalise(hunter, proof)
        for name, result in fees.items():
            tx = next(t for t in result.transactions if t.address == raw)
            print(f"{name:22s} stake tx fees {tx.total_fees / 1e9:.6f} TON, "
                  f"whole trace {result.fees / 1e9:.6f} TON, aborted={tx.aborted}")
        chain.close()


if __name__ == "__main__":
    main()
