"""The payment channel contract from Python: its data layout, message bodies and a wrapper.

Used twice in Cocoon: client -> platform (the client signs vouchers, the platform claims) and
platform -> provider (the platform signs and submits its own vouchers, paying the provider).
"""

from typing import Literal

from pydantic import BaseModel, Field
from pytoniq_core import Address, Builder, Cell, Slice, StateInit

from cocoon.contracts.artifacts import code_cell
from cocoon.contracts.chain import Chain, SendResult
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import Transfer
from cocoon.contracts.voucher import CloseAgreement, Voucher

OP_TOP_UP = 0x0C0C0001
OP_CLAIM = 0x0C0C0002
OP_START_CLOSE = 0x0C0C0003
OP_FINISH_CLOSE = 0x0C0C0004
OP_COOPERATIVE_CLOSE = 0x0C0C0005

TOPUP_GAS_RESERVE = 10_000_000  # must equal TOPUP_GAS_RESERVE in payment_channel.tolk
OP_GAS = 50_000_000  # attached to claims and closes; a payee's unspent part comes back
DEFAULT_DISPUTE_WINDOW = 24 * 3600

ERRORS = {
    401: "not_owner",
    402: "wrong_channel",
    403: "bad_signature",
    404: "stale_voucher",
    405: "above_deposit",
    406: "not_open",
    407: "closed",
    408: "not_closing",
    409: "window_open",
    410: "low_value",
    63: "unknown_op",
}

Status = Literal["open", "closing", "closed"]
_STATUSES: tuple[Status, ...] = ("open", "closing", "closed")


class ChannelParams(BaseModel):
    """What fixes a channel's address: both parties, their voucher keys, id and window."""

    payer: str
    payee: str
    payer_key: str = Field(pattern=r"^[0-9a-f]{64}$")
    payee_key: str = Field(pattern=r"^[0-9a-f]{64}$")
    channel_id: int = Field(ge=0, lt=1 << 64)
    dispute_window: int = Field(default=DEFAULT_DISPUTE_WINDOW, ge=0, lt=1 << 32)

    def data_cell(self) -> Cell:
        keys = (
            Builder()
            .store_bytes(bytes.fromhex(self.payer_key))
            .store_bytes(bytes.fromhex(self.payee_key))
            .end_cell()
        )
        return (
            Builder()
            .store_uint(0, 2)
            .store_uint(self.channel_id, 64)
            .store_address(Address(self.payer))
            .store_address(Address(self.payee))
            .store_uint(self.dispute_window, 32)
            .store_uint(0, 32)
            .store_coins(0)
            .store_coins(0)
            .store_ref(keys)
            .end_cell()
        )

    def state_init(self) -> StateInit:
        return StateInit(code=code_cell("payment_channel"), data=self.data_cell())

    @property
    def address(self) -> Address:
        return Address((0, self.state_init().serialize().hash))


class ChannelState(BaseModel):
    address: str
    status: Status
    channel_id: int
    payer: str
    payee: str
    payer_key: str
    payee_key: str
    dispute_window: int
    close_started_at: int
    deposit: int
    claimed: int
    balance: int

    @property
    def unclaimed(self) -> int:
        return self.deposit - self.claimed


def top_up_body(amount: int, query_id: int = 0) -> Cell:
    return (
        Builder().store_uint(OP_TOP_UP, 32).store_uint(query_id, 64).store_coins(amount).end_cell()
    )


def claim_body(voucher: Voucher, query_id: int = 0) -> Cell:
    return (
        Builder()
        .store_uint(OP_CLAIM, 32)
        .store_uint(query_id, 64)
        .store_bytes(bytes.fromhex(voucher.signature))
        .store_ref(voucher.cell())
        .end_cell()
    )


def start_close_body(query_id: int = 0) -> Cell:
    return Builder().store_uint(OP_START_CLOSE, 32).store_uint(query_id, 64).end_cell()


def finish_close_body(query_id: int = 0) -> Cell:
    return Builder().store_uint(OP_FINISH_CLOSE, 32).store_uint(query_id, 64).end_cell()


def cooperative_close_body(agreement: CloseAgreement, query_id: int = 0) -> Cell:
    if not (agreement.payer_signature and agreement.payee_signature):
        raise ValueError("a cooperative close needs both signatures")
    payee_sig = Builder().store_bytes(bytes.fromhex(agreement.payee_signature)).end_cell()
    return (
        Builder()
        .store_uint(OP_COOPERATIVE_CLOSE, 32)
        .store_uint(query_id, 64)
        .store_bytes(bytes.fromhex(agreement.payer_signature))
        .store_ref(payee_sig)
        .store_ref(agreement.cell())
        .end_cell()
    )


def _raw(address: Address) -> str:
    return address.to_str(is_user_friendly=False)


class PaymentChannel:
    """A deployed (or about to be deployed) channel on some chain backend."""

    def __init__(self, chain: Chain, address: Address | str) -> None:
        self.chain = chain
        self.address = address if isinstance(address, Address) else Address(address)

    @classmethod
    def open(
        cls, chain: Chain, payer_key: KeyPair, params: ChannelParams, deposit: int
    ) -> tuple["PaymentChannel", SendResult]:
        """Deploy the channel from the payer's wallet with its first deposit."""
        address, result = chain.deploy(
            payer_key, params.state_init(), deposit + TOPUP_GAS_RESERVE, top_up_body(deposit)
        )
        return cls(chain, address), result

    def _send(self, key: KeyPair, body: Cell, value: int) -> SendResult:
        return self.chain.transfer(key, [Transfer(dest=self.address, value=value, body=body)])

    def top_up(self, payer_key: KeyPair, amount: int) -> SendResult:
        return self._send(payer_key, top_up_body(amount), amount + TOPUP_GAS_RESERVE)

    def claim(self, sender_key: KeyPair, voucher: Voucher, gas: int = OP_GAS) -> SendResult:
        return self._send(sender_key, claim_body(voucher), gas)

    def start_close(self, sender_key: KeyPair, gas: int = OP_GAS) -> SendResult:
        return self._send(sender_key, start_close_body(), gas)

    def finish_close(self, sender_key: KeyPair, gas: int = OP_GAS) -> SendResult:
        return self._send(sender_key, finish_close_body(), gas)

    def cooperative_close(
        self, sender_key: KeyPair, agreement: CloseAgreement, gas: int = OP_GAS
    ) -> SendResult:
        return self._send(sender_key, cooperative_close_body(agreement), gas)

    def exists(self) -> bool:
        return self.chain.account(self.address).status == "active"

    def state(self) -> ChannelState:
        s = self.chain.run_get_method(self.address, "get_channel_data")
        return ChannelState(
            address=_raw(self.address),
            status=_STATUSES[int(s[0])],
            channel_id=int(s[1]),
            payer=_raw(_load_address(s[2])),
            payee=_raw(_load_address(s[3])),
            payer_key=f"{int(s[4]):064x}",
            payee_key=f"{int(s[5]):064x}",
            dispute_window=int(s[6]),
            close_started_at=int(s[7]),
            deposit=int(s[8]),
            claimed=int(s[9]),
            balance=self.chain.balance(self.address),
        )


def _load_address(item: Slice | Cell) -> Address:
    cs = item.begin_parse() if isinstance(item, Cell) else item
    return cs.load_address()
