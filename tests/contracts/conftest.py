from dataclasses import dataclass

import pytest
from pytoniq_core import Address

from cocoon.contracts.channel import ChannelParams, PaymentChannel
from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address

TON = 10**9
WINDOW = 3600


@dataclass
class Party:
    key: KeyPair
    address: Address

    @property
    def raw(self) -> str:
        return self.address.to_str(is_user_friendly=False)


def party(chain: EmbeddedChain, seed: bytes, amount: int = 100 * TON) -> Party:
    key = KeyPair(seed.ljust(32, b"\0"))
    p = Party(key, wallet_address(key.public))
    chain.fund(p.address, amount)
    return p


@pytest.fixture
def chain(tmp_path) -> EmbeddedChain:
    return EmbeddedChain(tmp_path / "chain")


@pytest.fixture
def payer(chain) -> Party:
    return party(chain, b"payer")


@pytest.fixture
def payee(chain) -> Party:
    return party(chain, b"payee")


@pytest.fixture
def stranger(chain) -> Party:
    return party(chain, b"stranger")


def params_for(payer: Party, payee: Party, channel_id: int = 1, window: int = WINDOW):
    return ChannelParams(
        payer=payer.raw,
        payee=payee.raw,
        payer_key=payer.key.public.hex(),
        payee_key=payee.key.public.hex(),
        channel_id=channel_id,
        dispute_window=window,
    )


@pytest.fixture
def channel(chain, payer, payee) -> PaymentChannel:
    ch, result = PaymentChannel.open(chain, payer.key, params_for(payer, payee), 10 * TON)
    assert not any(t.aborted for t in result.transactions)
    return ch


@pytest.fixture
def make_params():
    return params_for


@pytest.fixture
def make_party():
    return party
