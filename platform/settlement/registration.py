"""Registering a client channel: the checks that make a channel the client opened itself safe
for the platform to serve calls against.

The platform never holds a client's key, so it cannot open the channel: the client does, from
its own wallet, and hands in the address and a signature. Before the gateway credits the
channel's deposit and serves calls on it, the chain must show that the address holds Cocoon's
payment-channel code, deployed with exactly the parameters it reports (the address is the hash
of code and initial data: a contract deployed with forged data, say a deposit never paid, lives
at another address), open, paying the platform's wallet under the platform's key with the
platform's dispute window; and the signature must be the channel payer key's over
:func:`~cocoon.platform.settlement.models.registration_message` for this account, so nobody can
attach a channel they do not control (or someone else's deposit) to their account.
"""

from cocoon.contracts.artifacts import code_cell
from cocoon.contracts.chain import Chain
from cocoon.contracts.channel import ChannelState, PaymentChannel
from cocoon.contracts.keys import verify_signature
from cocoon.platform.settlement.models import ClientTerms, SettlementError, registration_message


def check_registration(payer_key: str, account: str, address: str, signature: str) -> None:
    """Raise ``bad_signature`` unless ``signature`` (hex) is ``payer_key``'s over the
    registration message of ``account`` and ``address``."""
    if not verify_signature(payer_key, signature, registration_message(account, address)):
        raise SettlementError(
            "signature is not the channel payer's signature over the registration message",
            "bad_signature")


def acceptable_channel(chain: Chain, terms: ClientTerms, address: str) -> ChannelState:
    """The channel's state on chain, if it is a channel under ``terms`` the platform can claim
    from; else ``invalid_channel``. ``address``: raw form."""
    def refuse(why: str) -> SettlementError:
        return SettlementError(f"channel {address}: {why}", "invalid_channel")

    account = chain.account(address)
    if account.status != "active":
        raise refuse("no contract is deployed there (open the channel first)")
    if (account.code_hash or "").lower() != code_cell("payment_channel").hash.hex():
        raise refuse("not Cocoon's payment-channel contract")
    state = PaymentChannel(chain, address).state()
    if state.status != "open":
        raise refuse(f"the channel is {state.status}")
    if (state.payee, state.payee_key) != (terms.platform_wallet, terms.platform_key):
        raise refuse("its payee is not this platform's wallet and key")
    if state.dispute_window != terms.dispute_window:
        raise refuse(f"its dispute window is {state.dispute_window} s, the platform's is"
                     f" {terms.dispute_window} s")
    params = terms.channel_params(state.payer, state.payer_key, state.channel_id)
    if params.address.to_str(is_user_friendly=False) != address:  # other initial data
        raise refuse("its address does not derive from its parameters")
    return state
