"""Routes of an account: health and the network's terms, opening an account, registering its
payment channel, its keys, vouchers and usage.

Credit never comes through here: an account is created empty, the client opens its channel from
its own wallet and registers the address with a signature by the channel's key (the gateway
checks both on chain, :meth:`Settlement.register_client_channel`); what the channel holds on
chain is then credited (:mod:`cocoon.platform.settlement.deposits`), at once and by the chain
watcher after every top-up. No route takes a deposit amount, a wallet secret or a notification.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocoon.contracts.chain import ChainError
from cocoon.contracts.voucher import Voucher
from cocoon.runtime.errors import ERROR_STATUS, CocoonError

from ..api import (
    AccountCreated,
    AccountOut,
    AccountRequest,
    ChannelRegistration,
    KeyOut,
    KeyRequest,
    NetworkOut,
    UsageOut,
)
from ..settlement import Settlement, SettlementError
from ..settlement.deposits import credit_channel
from .http import MAX_JSON_BYTES, model_response, off_loop, query_int, read_model
from .state import gateway_of

log = logging.getLogger("cocoon.gateway")
MAX_ACCOUNT_REQUEST_BYTES = 4 << 10


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def network_terms(request: Request) -> Response:
    """The network's public terms (no auth): the platform's fee on providers' earnings and the
    terms of a client channel (payee wallet and key, dispute window) the platform accepts."""
    gw = gateway_of(request)
    s = gw.settings
    out = NetworkOut(fee_bps=s.fee_bps, chain="ton" if _live_chain(s.chain) else "embedded")
    if gw.settlement is not None:
        terms = await gw.settlement.call(Settlement.client_terms)
        out = out.model_copy(update=terms.model_dump())
    return model_response(out)


def _live_chain(chain: str | None) -> bool:
    return chain is not None and not chain.startswith("embedded:")


async def create_account(request: Request) -> Response:
    """Open an account (no auth, rate-limited per address): no credit, and its first key."""
    gw = gateway_of(request)
    gw.signups.take(request.client.host if request.client else "?")
    body = await read_model(request, AccountRequest, MAX_ACCOUNT_REQUEST_BYTES)

    def create() -> AccountCreated:
        account = gw.registry.create_account(body.name)
        key = gw.registry.create_key(account, "admin")
        return AccountCreated(account=gw.account_out(account), api_key=key)

    return model_response(await off_loop(create), 201)


async def register_channel(request: Request) -> Response:
    """Register the payment channel the client opened from its own wallet, then credit what it
    holds on chain. 201 with the account."""
    gw = gateway_of(request)
    account = (await gw.auth.check(request, "client")).account
    body = await read_model(request, ChannelRegistration, MAX_JSON_BYTES)
    if gw.settlement is None:
        raise CocoonError("not_found", "this gateway does not settle on chain: no channels")

    def register(driver: Settlement) -> None:
        channel = driver.register_client_channel(account, body.channel_address, body.signature)
        try:
            credit_channel(driver, gw.ledger, account, channel.channel_address)
        except ChainError as exc:  # registered: the chain watcher credits it on its next pass
            log.warning("crediting channel %s failed: %s", channel.channel_address, exc)

    try:
        await gw.settlement.call(register)
    except SettlementError as exc:
        code = exc.code if exc.code in ERROR_STATUS else "bad_request"
        raise CocoonError(code, exc.message) from None
    return model_response(await off_loop(gw.account_out, account), 201)


async def get_account(request: Request) -> Response:
    gw = gateway_of(request)
    account = (await gw.auth.check(request)).account
    return model_response(await off_loop(gw.account_out, account))


async def post_voucher(request: Request) -> Response:
    """A client-signed cumulative voucher for the account's channel (the SDK's flush)."""
    gw = gateway_of(request)
    account = (await gw.auth.check(request, "client")).account
    voucher = await read_model(request, Voucher, MAX_JSON_BYTES)

    def accept() -> AccountOut:
        gw.vouchers.accept(account, voucher, gw.ledger.balance(account).charged, stale_ok=False)
        return gw.account_out(account)

    return model_response(await off_loop(accept))


async def create_key(request: Request) -> Response:
    gw = gateway_of(request)
    principal = await gw.auth.check(request, "client")
    if principal.expires_ms is not None:  # else a stolen session would outlive its expiry
        raise CocoonError("forbidden", "a session may not create API keys")
    body = await read_model(request, KeyRequest, MAX_JSON_BYTES)
    key = await off_loop(gw.registry.create_key, principal.account, body.role)
    return model_response(KeyOut(key=key, account=principal.account, role=body.role), 201)


async def usage(request: Request) -> Response:
    gw = gateway_of(request)
    account = (await gw.auth.check(request)).account
    limit = query_int(request, "limit", 50, 1, 1000)
    return model_response(await off_loop(lambda: UsageOut(
        account=gw.account_out(account),
        summary=gw.ledger.usage_summary(account),
        receipts=gw.ledger.receipts(account, limit),
    )))
