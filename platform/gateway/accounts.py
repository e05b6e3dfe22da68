"""Routes of an account: health and the network's terms, the account, its keys, vouchers and
usage.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocoon.contracts.voucher import Voucher

from ..api import AccountOut, KeyOut, KeyRequest, UsageOut
from .http import MAX_JSON_BYTES, model_response, off_loop, query_int, read_model
from .state import gateway_of


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def network_terms(request: Request) -> Response:
    """The network's public terms (no auth): the platform's fee on providers' earnings."""
    return JSONResponse({"fee_bps": gateway_of(request).settings.fee_bps})


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
