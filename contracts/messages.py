"""Message construction shared by every chain backend: the backends differ only in transport.

Wallets are standard WalletV4R2 (code from pytoniq); a wallet's external message is fully
determined by its key, seqno, valid_until and the transfers, so the embedded and the live backend
produce the same bytes for the same operation.
"""

from dataclasses import dataclass

from pytoniq.contract.contract import Contract
from pytoniq.contract.wallets.wallet import WALLET_V4_R2_CODE, WalletV4, WalletV4R2
from pytoniq_core import Address, Cell, MessageAny, StateInit

from cocoon.contracts.keys import KeyPair

WALLET_ID = 698983191  # the standard subwallet id of WalletV4R2 on workchain 0
SEND_MODE_PAY_FEES_SEPARATELY = 1
SEND_MODE_IGNORE_ERRORS = 2
WALLET_SEND_MODE = SEND_MODE_PAY_FEES_SEPARATELY | SEND_MODE_IGNORE_ERRORS


@dataclass(frozen=True)
class Transfer:
    """One internal message a wallet sends."""

    dest: Address
    value: int
    body: Cell | None = None
    state_init: StateInit | None = None
    bounce: bool = True


def state_init_address(state_init: StateInit, workchain: int = 0) -> Address:
    return Address((workchain, state_init.serialize().hash))


def wallet_state_init(public_key: bytes) -> StateInit:
    data = WalletV4.create_data_cell(public_key, WALLET_ID)
    return StateInit(code=WALLET_V4_R2_CODE, data=data)


def wallet_address(public_key: bytes) -> Address:
    return state_init_address(wallet_state_init(public_key))


def wallet_external(
    key: KeyPair, seqno: int, valid_until: int, transfers: list[Transfer]
) -> MessageAny:
    """The signed external message that makes the wallet send `transfers` (at most 4)."""
    if not 1 <= len(transfers) <= 4:
        raise ValueError("a WalletV4R2 message carries 1 to 4 transfers")
    wallet_messages = [
        WalletV4R2.create_wallet_internal_message(
            destination=t.dest,
            send_mode=WALLET_SEND_MODE,
            value=t.value,
            body=t.body,
            state_init=t.state_init,
            bounce=t.bounce,
        )
        for t in transfers
    ]
    body = WalletV4R2.raw_create_transfer_msg(
        private_key=key.seed + key.public,
        seqno=seqno,
        wallet_id=WALLET_ID,
        messages=wallet_messages,
        valid_until=valid_until,
    )
    state_init = wallet_state_init(key.public) if seqno == 0 else None
    return Contract.create_external_msg(
        dest=wallet_address(key.public), state_init=state_init, body=body
    )


@dataclass(frozen=True)
class WalletOrder:
    """What a wallet external message commits to: which seqno it spends, until when."""

    wallet: Address
    seqno: int
    valid_until: int


def wallet_order(message: MessageAny) -> WalletOrder | None:
    """Read back seqno and valid_until from a WalletV4R2 external (None: not one of those)."""
    if message.is_internal or message.info.dest is None:
        return None
    body = message.body.begin_parse()
    if body.remaining_bits < 512 + 32 * 3:
        return None
    body.skip_bits(512 + 32)  # signature, subwallet id
    valid_until = body.load_uint(32)
    return WalletOrder(wallet=message.info.dest, seqno=body.load_uint(32), valid_until=valid_until)
