"""LiveChain: the same bytes as the embedded chain, one seqno per message, results after inclusion.

No real TON network can be reached from the test machines: LiveChain talks to a liteserver
stand-in (standin_liteserver.EmbeddedLiteServer: pytoniq's LiteBalancer API answered from an
EmbeddedChain, with a mempool: a message lands a few requests after it is sent, a message a
liteserver would refuse is refused at once, one that no longer applies at inclusion is dropped).
"""

import pytest
from pytoniq import LiteBalancer
from standin_liteserver import EmbeddedLiteServer

from cocoon.contracts.chain import VALID_FOR_SECONDS, Chain, ChainError
from cocoon.contracts.channel import ChannelParams, PaymentChannel
from cocoon.contracts.embedded_chain import FAUCET_KEY, EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.live import NAMED_CONFIGS, InclusionTimeout, LiveChain, load_global_config
from cocoon.contracts.messages import Transfer, wallet_address, wallet_external, wallet_order
from cocoon.contracts.voucher import Voucher

TON = 10**9
STORED_TESTNET = __import__("pathlib").Path(__file__).parent / "data/testnet-global.config.json"


@pytest.fixture
def twin(tmp_path):
    chain = EmbeddedChain(tmp_path / "behind-the-liteserver")
    yield chain
    chain.close()


@pytest.fixture
def server(twin):
    return EmbeddedLiteServer(twin)


@pytest.fixture
def live(server, twin):
    chain = LiveChain(server, clock=server.now, timeout_s=30, poll_s=0)
    yield chain
    chain.close()


def pay(chain: Chain, dest, amount: int):
    return chain.transfer(FAUCET_KEY, [Transfer(dest=dest, value=amount, bounce=False)])


def scenario(chain) -> list[bytes]:
    payer, payee = KeyPair(b"p" * 32), KeyPair(b"q" * 32)
    pa, pe = wallet_address(payer.public), wallet_address(payee.public)
    sent = [pay(chain, pa, 50 * TON).boc, pay(chain, pe, 5 * TON).boc]
    params = ChannelParams(
        payer=pa.to_str(False), payee=pe.to_str(False), payer_key=payer.public.hex(),
        payee_key=payee.public.hex(), channel_id=9, dispute_window=60,
    )
    ch, r = PaymentChannel.open(chain, payer, params, 10 * TON)
    sent.append(r.boc)
    sent.append(ch.top_up(payer, TON).boc)
    sent.append(ch.claim(payee, Voucher.sign(payer, ch.address, 9, 2 * TON)).boc)
    sent.append(ch.start_close(payer).boc)
    assert ch.state().claimed == 2 * TON
    return sent


def test_live_and_embedded_send_identical_bytes(tmp_path, server, live):
    embedded = EmbeddedChain(tmp_path / "a")
    direct = scenario(embedded)
    via_live = scenario(live)
    assert via_live == server.sent and server.dropped == []
    assert direct == via_live


def test_messages_from_one_wallet_get_distinct_seqnos(live, server, twin):
    start = live.wallet_seqno(wallet_address(FAUCET_KEY.public))
    dests = [wallet_address(KeyPair(bytes([i]) * 32).public) for i in range(1, 5)]
    results = [pay(live, d, (i + 1) * TON) for i, d in enumerate(dests)]
    orders = [wallet_order(live_message(r.boc)) for r in results]
    assert [o.seqno for o in orders] == list(range(start, start + 4))
    assert server.dropped == [] and server.pending == 0
    assert [twin.balance(d) for d in dests] == [1 * TON, 2 * TON, 3 * TON, 4 * TON]


def test_a_liteserver_behind_the_others_is_asked_again(live, server, twin):
    server.lagging = 2  # every other transaction listing fails
    dest = wallet_address(KeyPair(b"x" * 32).public)
    results = [pay(live, dest, TON) for _ in range(3)]
    assert all(len(r.transactions) == 2 for r in results) and server.dropped == []
    assert twin.balance(dest) == 3 * TON - sum(
        t.cost for r in results[1:] for t in r.transactions if t.address == dest.to_str(False)
    )


def test_the_stand_in_drops_a_reused_seqno(live, server, twin):
    """What LiveChain guards against: a second message built on the chain's seqno while the first
    is in flight passes the liteserver's check, then is dropped at inclusion (money not sent)."""
    a, b = (wallet_address(KeyPair(bytes([i]) * 32).public) for i in (7, 8))
    naive = [
        Chain.build_transfer(live, FAUCET_KEY, [Transfer(dest=d, value=TON, bounce=False)])
        for d in (a, b)
    ]
    live._run(server.raw_send_message(naive[0].serialize().to_boc()))
    live._run(server.raw_send_message(naive[1].serialize().to_boc()))
    assert wallet_order(naive[0]).seqno == wallet_order(naive[1]).seqno
    server.include_all()
    assert twin.balance(a) == TON and twin.balance(b) == 0 and len(server.dropped) == 1


def test_send_returns_after_inclusion_with_the_whole_trace(live, server, twin):
    payer, payee = KeyPair(b"r" * 32), KeyPair(b"s" * 32)
    pa, pe = wallet_address(payer.public), wallet_address(payee.public)
    pay(live, pa, 20 * TON)
    pay(live, pe, 2 * TON)
    params = ChannelParams(
        payer=pa.to_str(False), payee=pe.to_str(False), payer_key=payer.public.hex(),
        payee_key=payee.public.hex(), channel_id=3, dispute_window=60,
    )
    seq = twin.last_tx_seq()
    channel, opened = PaymentChannel.open(live, payer, params, 5 * TON)
    assert server.pending == 0  # it returned only once the message was on chain
    assert opened.transactions == twin.transactions(seq)  # wallet, then channel: what happened
    assert len(opened.transactions) == 2 and not opened.aborted
    assert channel.state().deposit == 5 * TON  # read after inclusion

    seq = twin.last_tx_seq()
    bad = channel.claim(payee, Voucher.sign(payee, channel.address, 3, TON))  # payee's own key
    assert bad.transactions == twin.transactions(seq)
    assert [(t.address, t.exit_code) for t in bad.aborted] == [(channel.address.to_str(False), 403)]


def test_a_stalled_network_times_out_and_the_seqno_is_not_reused(live, server, twin):
    dest = wallet_address(KeyPair(b"t" * 32).public)
    faucet = wallet_address(FAUCET_KEY.public)
    start = live.wallet_seqno(faucet)
    server.paused = True
    live.timeout_s = 0.2
    with pytest.raises(InclusionTimeout):
        pay(live, dest, TON)
    with pytest.raises(InclusionTimeout, match=f"seqno {start} is not on chain"):
        live.build_transfer(FAUCET_KEY, [Transfer(dest=dest, value=TON, bounce=False)])
    server.include_all()  # the network catches up: the first message lands after all
    assert twin.balance(dest) == TON
    live.timeout_s = 30
    assert wallet_order(live.build_transfer(FAUCET_KEY, [Transfer(dest=dest, value=1)])).seqno == (
        start + 1
    )


def test_an_expired_message_frees_its_seqno(live, server, twin):
    dest = wallet_address(KeyPair(b"u" * 32).public)
    pay(live, dest, TON)  # seqno 0's message never expires (valid_until 2^32 - 1): spend it
    start = live.wallet_seqno(wallet_address(FAUCET_KEY.public))
    server.paused = True
    live.timeout_s = 0.2
    with pytest.raises(InclusionTimeout):
        pay(live, dest, TON)
    twin.advance(VALID_FOR_SECONDS + 1)  # past valid_until: the wallet would refuse it now
    server.include_all()
    assert len(server.dropped) == 1 and twin.balance(dest) == TON
    live.timeout_s = 30
    result = pay(live, dest, 2 * TON)  # the same seqno again: the old message can never land
    assert wallet_order(live_message(result.boc)).seqno == start
    assert 3 * TON - twin.balance(dest) < TON // 1000  # less its storage fee


def test_a_message_the_liteserver_refuses_raises_at_once(live, server, twin):
    seqno = live.wallet_seqno(wallet_address(FAUCET_KEY.public))
    dest = wallet_address(KeyPair(b"v" * 32).public)
    wrong = wallet_external(FAUCET_KEY, seqno + 5, twin.now() + 60, [Transfer(dest=dest, value=1)])
    with pytest.raises(ChainError, match="liteserver refused"):
        live.send_external(wrong)
    assert server.sent == [] and server.pending == 0
    assert wallet_order(live.build_transfer(FAUCET_KEY, [Transfer(dest=dest, value=1)])).seqno == (
        seqno
    )


def test_testnet_global_config_is_parsed():
    """A stored copy of ton.org/testnet-global.config.json's shape (two of its liteservers)."""
    config = load_global_config(STORED_TESTNET)
    balancer = LiteBalancer.from_config(config, trust_level=2)  # builds peers, connects nothing
    assert [(p.server.host, p.server.port) for p in balancer._peers] == [
        ("49.12.147.32", 27842), ("168.119.95.207", 27787)
    ]


def test_a_global_config_by_url(tmp_path):
    """`chain = "https://..."`: fetched over HTTP (here from a server on 127.0.0.1)."""
    import functools
    import http.server
    import threading

    (tmp_path / "testnet-global.config.json").write_bytes(STORED_TESTNET.read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        config = load_global_config(f"{base}/testnet-global.config.json")
        assert config == load_global_config(STORED_TESTNET)
        with pytest.raises(ChainError, match="cannot read"):
            load_global_config(f"{base}/missing.json")
    finally:
        server.shutdown()
        server.server_close()
    assert NAMED_CONFIGS["testnet"] == "https://ton.org/testnet-global.config.json"


def test_a_file_that_is_not_a_global_config_is_refused(tmp_path):
    cfg = tmp_path / "global.config.json"
    cfg.write_text('{"liteservers": [], "validator": {}}')
    with pytest.raises(ChainError, match="not a TON global config"):
        load_global_config(cfg)
    with pytest.raises(ChainError, match="cannot read"):
        load_global_config(tmp_path / "missing.json")


def live_message(boc: bytes):
    from pytoniq_core import Cell, MessageAny

    return MessageAny.deserialize(Cell.one_from_boc(boc).begin_parse())


def test_a_bounce_from_an_address_with_no_account_is_still_reported(live, twin):
    """Such an address has no last transaction to list from (the account stays empty): LiveChain
    rebuilds its record from the bounce that came back, exact but for the hash."""
    empty = wallet_address(KeyPair(b"w" * 32).public)
    seq = twin.last_tx_seq()
    result = live.transfer(FAUCET_KEY, [Transfer(dest=empty, value=TON, bounce=True)])
    truth = twin.transactions(seq)
    assert len(result.transactions) == len(truth) == 3  # wallet, the empty address, the bounce
    rebuilt = result.transactions[1]
    assert rebuilt.hash == "" and rebuilt.model_copy(update={"hash": truth[1].hash}) == truth[1]
    assert [result.transactions[i] for i in (0, 2)] == [truth[0], truth[2]]
    assert result.aborted == [rebuilt]
