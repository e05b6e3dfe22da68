"""The client's side of a client channel: open it from the user's own wallet, prove it is ours.

Runs where the user's wallet key is (the CLI, the SDK, `cocoon up`'s bootstrap acting for the
local user), never in the gateway: the platform gets only the channel's address and a signature
(:func:`registration_signature`), which :meth:`Settlement.register_client_channel` checks
against the chain.
"""

import hashlib
import secrets

from cocoon.contracts.chain import Chain
from cocoon.contracts.channel import ChannelParams, PaymentChannel
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.platform.settlement.models import ClientTerms, registration_message


def client_channel_params(
    terms: ClientTerms, payer: KeyPair, channel_id: int | None = None
) -> ChannelParams:
    """The channel from ``payer``'s wallet to the platform under ``terms`` (a fresh random id)."""
    return terms.channel_params(
        payer_wallet=wallet_address(payer.public).to_str(is_user_friendly=False),
        payer_key=payer.public.hex(),
        channel_id=secrets.randbits(63) if channel_id is None else channel_id,
    )


def channel_id_for(account: str, payer: KeyPair) -> int:
    """A channel id fixed by the account and the payer's key: opening again after a crash
    between the deploy and the registration finds the same channel, not a second deposit."""
    digest = hashlib.sha256(f"cocoon-channel:{account}:{payer.public.hex()}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def open_client_channel(
    chain: Chain, terms: ClientTerms, payer: KeyPair, deposit: int,
    channel_id: int | None = None,
) -> ChannelParams:
    """Deploy the channel from the payer's wallet with ``deposit``; returns its parameters
    (``.address`` is what to register). Raises :class:`~cocoon.contracts.chain.ChainError`
    when the chain refuses the message."""
    params = client_channel_params(terms, payer, channel_id)
    PaymentChannel.open(chain, payer, params, deposit)
    return params


def registration_signature(payer: KeyPair, account: str, channel_address: str) -> str:
    """The payer key's signature (hex) that registers ``channel_address`` (raw) for
    ``account``."""
    return payer.sign(registration_message(account, channel_address)).hex()
