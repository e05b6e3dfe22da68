"""Routes of provider stakes: a provider names the stake contract that answers for it, and
anyone reads what it holds (see :mod:`cocoon.platform.stakes`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from cocoon.runtime.errors import CocoonError

from ..stakes import StakeRegistration, stake_out
from .http import MAX_JSON_BYTES, model_response, off_loop, read_model
from .state import gateway_of


async def register_stake(request: Request) -> Response:
    """``POST /v1/providers/{id}/stake``: the owning account's keys; the stake must run our
    stake code on chain and the signature be its owner key's (``invalid_stake``,
    ``bad_signature``); one stake backs one provider (``conflict``)."""
    gw = gateway_of(request)
    principal = await gw.auth.check(request, "provider")  # or the account's admin key
    provider_id = request.path_params["provider"]
    await off_loop(gw.registry.provider_owned_by, provider_id, principal.account)
    reg = await read_model(request, StakeRegistration, MAX_JSON_BYTES)
    return model_response(await off_loop(gw.stakes.register, provider_id, reg), status=201)


async def get_stake(request: Request) -> Response:
    """``GET /v1/providers/{id}/stake``: the provider's stake as last read from the chain."""
    gw = gateway_of(request)
    await gw.auth.check(request)
    provider_id = request.path_params["provider"]
    state = gw.stakes.state(provider_id)
    if state is None:
        raise CocoonError("not_found", f"no stake known for {provider_id}")
    return model_response(stake_out(provider_id, state))
