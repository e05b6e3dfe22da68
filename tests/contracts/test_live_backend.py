"""The live backend builds byte-identical messages: only the transport differs.

A real liteserver is out of reach here, so the LiteBalancer is replaced by a recorder that answers
reads from a second embedded chain and hands it every message sent: the bytes sent to "the
network" must equal what the embedded backend sends for the same operations.
"""

from pytoniq_core import Address
from pytoniq_core.tlb.account import SimpleAccount

from cocoon.contracts.channel import ChannelParams, PaymentChannel
from cocoon.contracts.embedded_chain import FAUCET_KEY, EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.live import LiveChain, load_global_config
from cocoon.contracts.messages import Transfer, wallet_address
from cocoon.contracts.voucher import Voucher

TON = 10**9


class RecordingLiteClient:
    def __init__(self, chain: EmbeddedChain) -> None:
        self.chain = chain
        self.sent: list[bytes] = []

    async def raw_send_message(self, message: bytes) -> None:
        from pytoniq_core import Cell, MessageAny

        self.sent.append(message)
        self.chain.send_external(MessageAny.deserialize(Cell.one_from_boc(message).begin_parse()))

    async def get_account_state(self, address: Address):
        shard = self.chain._shard_account(address)
        if shard is None or shard.account is None:
            return SimpleAccount(address, 0, None)
        return SimpleAccount.from_raw(shard.account)

    async def run_get_method(self, address: Address, method: str, stack: list):
        return self.chain.run_get_method(address, method, stack)


def scenario(chain) -> list[bytes]:
    payer, payee = KeyPair(b"p" * 32), KeyPair(b"q" * 32)
    pa, pe = wallet_address(payer.public), wallet_address(payee.public)
    sent = [
        chain.transfer(FAUCET_KEY, [Transfer(dest=pa, value=50 * TON, bounce=False)]).boc,
        chain.transfer(FAUCET_KEY, [Transfer(dest=pe, value=5 * TON, bounce=False)]).boc,
    ]
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


def test_live_and_embedded_send_identical_bytes(tmp_path):
    embedded = EmbeddedChain(tmp_path / "a")
    twin = EmbeddedChain(tmp_path / "b")
    client = RecordingLiteClient(twin)
    live = LiveChain(client, clock=twin.now)
    direct = scenario(embedded)
    via_live = scenario(live)
    assert via_live == client.sent
    assert direct == via_live
    live.close()


def test_global_config_from_file(tmp_path):
    cfg = tmp_path / "global.config.json"
    cfg.write_text('{"liteservers": [], "validator": {}}')
    assert load_global_config(cfg) == {"liteservers": [], "validator": {}}
