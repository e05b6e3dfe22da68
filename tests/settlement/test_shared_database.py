"""Settlement on a database several gateways share: the lease keeps runs apart.

Two drivers on one real PostgreSQL database (each with its own connection pool and its own
connection to the embedded chain, as two gateway processes have) settle at the same time and
every wallet message is recorded and sent once; a crashed run's lease runs out; a run that lost
its lease sends nothing. Last, two real gateways with ``database_url`` and ``settlement = true``
on one database serve calls and settle them on their own.
"""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from harness import TEMPLATES, ServerThread, free_port
from pg import seed_account
from test_settlement import assert_settled_exactly
from world import TON, World, add_receipts, key, open_channel, sign_vouchers

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.messages import wallet_address
from cocoon.platform.db import Database
from cocoon.platform.gateway.app import create_app
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.ledger import Ledger
from cocoon.platform.registry import Registry
from cocoon.platform.sdk import Client
from cocoon.platform.settlement import Settlement, SettlementError, Thresholds, local, platform_fee
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.attestation import Policy
from cocoon.runtime.backends import InProcessBackend


def ops(world: World) -> list[tuple]:
    return [tuple(r) for r in world.db.all("SELECT kind, target, boc, status FROM settlement_ops")]


def test_two_drivers_on_one_postgres_database_send_each_message_once(tmp_path, postgres_url):
    world = World(tmp_path, postgres_url, fee_bps=500)
    try:
        reports: list = []
        errors: list[BaseException] = []

        def gateway(barrier: threading.Barrier, rounds: int) -> None:
            chain = EmbeddedChain(tmp_path / "chain")  # this "process's" own chain connection
            s = Settlement(postgres_url, chain, world.platform, fee_bps=500)
            try:
                for _ in range(rounds):
                    barrier.wait()
                    reports.append(s.run(force=True))
                    barrier.wait()
            except BaseException as exc:  # surfaced by the main thread
                errors.append(exc)
                barrier.abort()
            finally:
                s.close()
                chain.close()

        rounds = 3
        signer = world.settlement()
        barrier = threading.Barrier(3)
        threads = [threading.Thread(target=gateway, args=(barrier, rounds)) for _ in range(2)]
        for t in threads:
            t.start()
        with contextlib.suppress(threading.BrokenBarrierError):  # a driver failed: see errors
            for r in range(rounds):
                add_receipts(world.db, 200, list(world.clients), list(world.providers),
                             world.chain.now(), seed=r)
                sign_vouchers(world, signer)
                barrier.wait()  # both drivers run now, at the same time
                barrier.wait()  # both done
        for t in threads:
            t.join()
        assert errors == []
        recorded = ops(world)
        # each round: one run sent everything (2 claims + 2 payouts), the other found it done
        assert len(recorded) == sum(r.onchain_messages for r in reports) == 4 * rounds
        assert {status for *_, status in recorded} == {"sent"}  # none resent, none superseded
        assert len({boc for _, _, boc, _ in recorded}) == len(recorded)
        assert_settled_exactly(world)
    finally:
        world.close()


def test_a_crashed_run_blocks_settlement_only_until_its_lease_runs_out(world):
    crashed = world.settlement(lease_s=2)
    assert crashed.lease.try_acquire()  # ...and never releases it: the process died
    add_receipts(world.db, 50, list(world.clients), list(world.providers), world.chain.now())
    other = world.settlement()
    sign_vouchers(world, other)
    with pytest.raises(SettlementError):
        other.run(force=True, wait_s=0)
    report = other.run(force=True, wait_s=10)  # taken over once the dead holder's lease expired
    assert report.onchain_messages == 4
    assert_settled_exactly(world)


def test_a_run_that_lost_its_lease_sends_nothing(world):
    add_receipts(world.db, 50, list(world.clients), list(world.providers), world.chain.now())
    other = world.settlement()
    sign_vouchers(world, other)

    def stall(name: str) -> None:  # hangs past its lease; another run takes over meanwhile
        if name == "client_claim_built" and not other.lease.try_acquire():
            time.sleep(0.3)
            assert other.lease.try_acquire()

    slow = world.settlement(lease_s=0.2, checkpoint=stall)
    seq0 = world.chain.last_tx_seq()
    with pytest.raises(SettlementError):
        slow.run(force=True)
    assert ops(world) == [] and world.chain.transactions(seq0) == []
    other.lease.release()
    assert other.run(force=True).onchain_messages == 4
    assert_settled_exactly(world)


# -- gateways with database_url and settlement = true ------------------------------------------

CALLS = 12


def test_gateways_on_postgres_settle_on_their_own(tmp_path, postgres_url, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path))
    db = Database(postgres_url)
    registry = Registry(db)
    account, client_key, provider_key = seed_account(registry, "settled")
    # the account's channel, opened from the client's wallet; the client signs its vouchers
    s = local.open_settlement(tmp_path, database=postgres_url)
    payer = key("payer")
    s.chain.fund(wallet_address(payer.public), 20 * TON)
    channel = open_channel(s, account, payer, 10 * TON)
    s.close()  # and its chain
    Ledger(db).deposit(account, 10 * TON, source="channel", ref=f"channel:{channel}")
    payout = key("payout")
    eager = Thresholds(claim_min_amount=0, payout_min_amount=0, provider_deposit=TON)
    gateways = []
    for _ in range(2):  # one home: the platform key and the embedded chain are shared
        settings = GatewaySettings(
            port=free_port(), database_url=postgres_url, database=tmp_path / "unused.db",
            allow_simulated=True, settlement=True, settle_interval_s=0.2, thresholds=eager,
        )
        gateways.append(ServerThread(create_app(settings), settings.port))
    urls = [f"http://127.0.0.1:{g.server.config.port}" for g in gateways]
    agent = ProviderAgent(
        AgentSettings(id="local", gateway_url=urls[0], token=provider_key, allow_simulated=True,
                      payout_address=wallet_address(payout.public).to_str(False),
                      payout_key=payout.public.hex()),
        backend=InProcessBackend(),
    )
    threading.Thread(target=agent.run, daemon=True).start()
    try:
        clients = [Client(u, client_key, policy=Policy.embedded(), voucher_key=payer)
                   for u in urls]
        out = clients[0].deploy(TEMPLATES / "echo")
        for c in clients:
            c.wait_served(out.name, out.digest, timeout_s=60)
        for i in range(CALLS):
            assert clients[i % 2].invoke("echo", {"i": i}).output == {"i": i}
        for c in clients:
            c.close()
        charged = db.one("SELECT charged FROM accounts WHERE id = ?", account)[0]
        assert charged > 0
        chain = EmbeddedChain(tmp_path / "chain")
        s = Settlement(postgres_url, chain, local.platform_key(tmp_path))
        deadline = time.monotonic() + 60
        while True:  # the gateways' own loops settle: nobody runs the driver here
            provider = s.provider("local")
            paid = (PaymentChannel(chain, provider.channel_address).state().claimed
                    if provider and PaymentChannel(chain, provider.channel_address).exists()
                    else 0)
            claimed = PaymentChannel(chain, channel.channel_address).state().claimed
            if claimed == charged and paid == charged - platform_fee(charged, 500):
                break
            assert time.monotonic() < deadline, (claimed, paid, charged)
            time.sleep(0.2)
        sent = db.all("SELECT status, COUNT(*) FROM settlement_ops GROUP BY status")
        assert {status for status, _ in sent} == {"sent"}
        s.close()
        chain.close()
    finally:
        agent.shutdown()
        for g in gateways:
            g.stop()
        db.close()
