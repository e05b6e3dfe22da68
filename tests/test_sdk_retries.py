"""The SDK's retry policy when offers are out of date. The network path (`Client._invoke`) is
replaced by a script of answers: what is under test is only which attempts the client makes,
with fresh offers or not, and its pauses (the real refusals are tested in test_keys.py and
test_e2e_ray.py)."""

from __future__ import annotations

import pytest

from cocoon.platform.sdk import client as client_module
from cocoon.platform.sdk.client import RETRY_PAUSES_S, Client
from cocoon.runtime.errors import CocoonError


def scripted(monkeypatch, answers: list[str]) -> tuple[Client, list[bool], list[float]]:
    """A client whose attempts fail with ``answers`` (error codes) in turn, then succeed."""
    refreshes: list[bool] = []
    pauses: list[float] = []
    monkeypatch.setattr(client_module.time, "sleep", pauses.append)
    client = Client("http://127.0.0.1:9", "ck_c_test")

    def attempt(name, payload, max_price, *, refresh):
        refreshes.append(refresh)
        if len(refreshes) <= len(answers):
            raise CocoonError(answers[len(refreshes) - 1], "scripted")
        return "served"

    monkeypatch.setattr(client, "_invoke", attempt)
    return client, refreshes, pauses


def test_stale_offers_are_sealed_afresh_after_growing_pauses(monkeypatch):
    client, refreshes, pauses = scripted(monkeypatch, ["stale_offer"] * 3)
    assert client.invoke("echo", 1) == "served"
    assert refreshes == [False, True, True, True]
    assert pauses == list(RETRY_PAUSES_S) and sum(pauses) <= 5


def test_stale_offers_without_end_give_up_with_the_error(monkeypatch):
    client, refreshes, _ = scripted(monkeypatch, ["stale_offer"] * 10)
    with pytest.raises(CocoonError) as exc:
        client.invoke("echo", 1)
    assert exc.value.code == "stale_offer" and len(refreshes) == len(RETRY_PAUSES_S)


@pytest.mark.parametrize("code", ["unknown_function", "no_provider", "wrong_provider"])
def test_other_refusals_are_retried_once_at_once(monkeypatch, code):
    client, refreshes, pauses = scripted(monkeypatch, [code] * 2)
    with pytest.raises(CocoonError) as exc:
        client.invoke("echo", 1)
    assert exc.value.code == code and refreshes == [False, True] and sum(pauses) == 0


def test_a_function_error_is_never_retried(monkeypatch):
    client, refreshes, _ = scripted(monkeypatch, ["function_error"])
    with pytest.raises(CocoonError):
        client.invoke("echo", 1)
    assert refreshes == [False]
