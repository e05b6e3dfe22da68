"""The payment channel's whole life, written once against the `Chain` interface, on both backends.

`embedded`: the EmbeddedChain itself. `live`: LiveChain, the backend that talks to TON's
liteservers. No real TON network can be reached from the test machines, so LiveChain talks to a
liteserver stand-in (tests/contracts/standin_liteserver.py: pytoniq's LiteBalancer API answered
from a second EmbeddedChain, with a mempool, so messages land requests after they are sent). Each
step's results are read through the interface (`SendResult.transactions` / `.aborted`, get-methods,
balances); the two backends must also agree transaction for transaction.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from standin_liteserver import EmbeddedLiteServer

from cocoon.contracts.chain import Chain, SendResult, TxRecord
from cocoon.contracts.channel import ERRORS, ChannelParams, PaymentChannel
from cocoon.contracts.embedded_chain import FAUCET_KEY, EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.live import LiveChain
from cocoon.contracts.messages import Transfer, wallet_address
from cocoon.contracts.voucher import Voucher

TON = 10**9
WINDOW = 600


@dataclass
class Backend:
    chain: Chain
    advance: Callable[[int], object]  # move the chain's clock (the dispute window passes)


def backends(kind: str, tmp_path) -> Iterator[Backend]:
    if kind == "embedded":
        chain = EmbeddedChain(tmp_path / "embedded")
        yield Backend(chain, chain.advance)
        chain.close()
        return
    twin = EmbeddedChain(tmp_path / "behind-the-liteserver")
    server = EmbeddedLiteServer(twin)
    live = LiveChain(server, clock=server.now, timeout_s=30, poll_s=0)
    yield Backend(live, twin.advance)
    live.close()
    twin.close()


@pytest.fixture(params=["embedded", "live"])
def backend(request, tmp_path) -> Iterator[Backend]:
    yield from backends(request.param, tmp_path)


def failures(result: SendResult, at: PaymentChannel) -> list[str]:
    raw = at.address.to_str(is_user_friendly=False)
    return [ERRORS.get(t.exit_code, str(t.exit_code)) for t in result.aborted if t.address == raw]


def received(result: SendResult, address) -> int:
    raw = address.to_str(is_user_friendly=False)
    return sum(t.in_value for t in result.transactions if t.address == raw)


def cycle(b: Backend) -> list[TxRecord]:
    """Open, top up, claim (a stale claim fails), close, claim in the window, finish."""
    chain = b.chain
    payer, payee = KeyPair(b"cycle payer".ljust(32, b"-")), KeyPair(b"cycle payee".ljust(32, b"-"))
    pa, pe = wallet_address(payer.public), wallet_address(payee.public)
    results = [
        chain.transfer(FAUCET_KEY, [Transfer(dest=pa, value=50 * TON, bounce=False)]),
        chain.transfer(FAUCET_KEY, [Transfer(dest=pe, value=5 * TON, bounce=False)]),
    ]
    assert chain.balance(pa) == 50 * TON and chain.balance(pe) == 5 * TON

    params = ChannelParams(
        payer=pa.to_str(False), payee=pe.to_str(False), payer_key=payer.public.hex(),
        payee_key=payee.public.hex(), channel_id=11, dispute_window=WINDOW,
    )
    channel, opened = PaymentChannel.open(chain, payer, params, 10 * TON)
    results.append(opened)
    assert not opened.aborted and channel.exists()
    assert chain.account(channel.address).code_hash == params.state_init().code.hash.hex()
    results.append(channel.top_up(payer, TON))
    assert channel.state().deposit == 11 * TON

    claim = channel.claim(payee, Voucher.sign(payer, channel.address, 11, 2 * TON))
    results.append(claim)
    assert not claim.aborted and channel.state().claimed == 2 * TON
    assert received(claim, pe) > 2 * TON  # the delta plus the unspent gas

    stale = channel.claim(payee, Voucher.sign(payer, channel.address, 11, TON))
    results.append(stale)
    assert failures(stale, channel) == ["stale_voucher"]
    assert channel.state().claimed == 2 * TON

    results.append(channel.start_close(payer))
    state = channel.state()
    assert state.status == "closing" and state.close_started_at > 0
    early = channel.finish_close(payer)
    results.append(early)
    assert failures(early, channel) == ["window_open"]

    late_claim = channel.claim(payee, Voucher.sign(payer, channel.address, 11, 3 * TON))
    results.append(late_claim)
    assert not late_claim.aborted and channel.state().claimed == 3 * TON

    b.advance(WINDOW + 1)
    payer_before = chain.balance(pa)
    done = channel.finish_close(payee)
    results.append(done)
    assert not done.aborted and channel.state().status == "closed"
    refund = received(done, pa)
    assert 8 * TON <= refund < 8 * TON + TON // 10  # the rest of the deposit, plus spare gas
    payer_fees = sum(t.cost for t in done.transactions if t.address == params.payer)
    assert chain.balance(pa) == payer_before + refund - payer_fees  # storage fees, paid on receipt
    assert all(r.transactions for r in results)
    return [t for r in results for t in r.transactions]


def test_full_cycle(backend):
    cycle(backend)


def test_both_backends_see_the_same_transactions(tmp_path):
    traces = []
    for kind in ("embedded", "live"):
        opened = backends(kind, tmp_path / kind)
        traces.append(cycle(next(opened)))
        next(opened, None)  # closes it
    assert len(traces[0]) > 20 and traces[0] == traces[1]


def test_failed_means_the_transfer_did_not_happen(backend):
    """A plain transfer to a wallet not deployed yet is `aborted` on TON (no code ran) but the
    value stays: not a failure. A bounceable one to an empty address bounces: a failure."""
    chain = backend.chain
    fresh = wallet_address(KeyPair(b"fresh".ljust(32, b"-")).public)
    credit = chain.transfer(FAUCET_KEY, [Transfer(dest=fresh, value=TON, bounce=False)])
    assert any(t.aborted for t in credit.transactions) and credit.aborted == []
    assert chain.balance(fresh) == TON
    empty = wallet_address(KeyPair(b"empty".ljust(32, b"-")).public)
    bounced = chain.transfer(FAUCET_KEY, [Transfer(dest=empty, value=TON, bounce=True)])
    raw = empty.to_str(is_user_friendly=False)
    assert [(t.address, t.bounced) for t in bounced.aborted] == [(raw, True)]
    assert chain.balance(empty) == 0
