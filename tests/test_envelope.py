"""Envelope crypto and byte layouts: round trips, and every kind of damage refused by code."""

from __future__ import annotations

import os
import random
import time

import pytest

from cocoon.runtime.envelope import (
    RuntimeKeys,
    open_chunks,
    open_request,
    seal_chunk,
    seal_request,
    sign_receipt,
    verify_receipt,
)
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import (
    CHUNK_FINAL,
    RoutingHeader,
    UsageReceipt,
    decode_inner,
    decode_request,
    decode_response,
    encode_response,
)


def header(**kw) -> RoutingHeader:
    base = dict(function="echo", version=1, digest="ab" * 32, client="acct_1", max_price=1000,
                request_id=os.urandom(16).hex(), timestamp_ms=int(time.time() * 1000))
    return RoutingHeader(**{**base, **kw})


@pytest.fixture(scope="module")
def providers() -> dict[str, RuntimeKeys]:
    return {name: RuntimeKeys.generate() for name in ("p1", "p2", "p3")}


def seal(providers, payload=b'{"x":1}', h=None):
    return seal_request(h or header(), payload,
                        [(pid, k.hpke_public) for pid, k in providers.items()])


def test_every_recipient_opens_the_same_payload(providers):
    envelope, response_key = seal(providers, b'{"hello":"world"}')
    parsed = decode_request(envelope)
    assert [r.provider for r in parsed.recipients] == ["p1", "p2", "p3"]
    for pid, keys in providers.items():
        key, ctype, payload = decode_inner(open_request(parsed, pid, keys.hpke))
        assert (key, ctype, payload) == (response_key, 1, b'{"hello":"world"}')


def test_payload_is_not_in_the_envelope_bytes(providers):
    canary = b"canary-" + os.urandom(8).hex().encode()
    envelope, _ = seal(providers, b'{"secret":"' + canary + b'"}')
    assert canary not in envelope


def test_wrong_key_and_wrong_provider(providers):
    envelope, _ = seal({"p1": providers["p1"]})
    parsed = decode_request(envelope)
    with pytest.raises(CocoonError) as exc:
        open_request(parsed, "p1", providers["p2"].hpke)
    assert exc.value.code == "envelope_rejected"
    with pytest.raises(CocoonError) as exc:
        open_request(parsed, "p2", providers["p2"].hpke)
    assert exc.value.code == "wrong_provider"


def test_any_flipped_byte_is_refused(providers):
    """Flip each byte position in turn (header, recipients, nonce, ciphertext): no open."""
    envelope, _ = seal({"p1": providers["p1"]})
    for pos in range(len(envelope)):
        damaged = bytearray(envelope)
        damaged[pos] ^= 0x01
        with pytest.raises(CocoonError) as exc:
            open_request(decode_request(bytes(damaged)), "p1", providers["p1"].hpke)
        assert exc.value.code in {"malformed_envelope", "envelope_rejected", "wrong_provider"}
        assert exc.value.status == 400


def test_every_truncation_is_malformed_or_rejected(providers):
    envelope, _ = seal({"p1": providers["p1"]})
    for cut in range(len(envelope)):
        with pytest.raises(CocoonError) as exc:
            open_request(decode_request(envelope[:cut]), "p1", providers["p1"].hpke)
        assert exc.value.status == 400


def test_random_garbage_never_crashes():
    rng = random.Random(7)
    for _ in range(2000):
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
        if rng.random() < 0.5:
            blob = b"CCN1\x01" + blob
        with pytest.raises(CocoonError) as exc:
            decode_request(blob)
        assert exc.value.code == "malformed_envelope"


def test_header_is_bound_to_the_wrapped_key(providers):
    """Re-using a wrapped key under another header (e.g. a higher max price) fails."""
    keys = providers["p1"]
    h1 = header(max_price=10)
    env1, _ = seal({"p1": keys}, h=h1)
    env2, _ = seal({"p1": keys}, h=header(max_price=10_000, request_id=h1.request_id))
    p1, p2 = decode_request(env1), decode_request(env2)
    spliced = env2[: len(env2) - len(p2.ciphertext) - 12 - len(p2.recipients[0].wrapped) - 2]
    wk = p1.recipients[0].wrapped
    spliced += len(wk).to_bytes(2, "big") + wk + p1.nonce + p1.ciphertext
    with pytest.raises(CocoonError) as exc:
        open_request(decode_request(spliced), "p1", keys.hpke)
    assert exc.value.code == "envelope_rejected"


def test_chunks_open_in_order_only():
    key, rid = os.urandom(32), os.urandom(16).hex()
    chunks = (seal_chunk(key, rid, 0, 0, b"a"), seal_chunk(key, rid, 1, 0, b"b"),
              seal_chunk(key, rid, 2, CHUNK_FINAL, b"c"))
    assert open_chunks(key, rid, chunks) == [b"a", b"b", b"c"]
    for bad in (chunks[::-1], chunks[:2], chunks[1:], (chunks[0], chunks[2])):
        with pytest.raises(CocoonError):
            open_chunks(key, rid, bad)
    with pytest.raises(CocoonError):  # moved to another request
        open_chunks(key, os.urandom(16).hex(), chunks)


def test_receipt_signature_and_frame_roundtrip():
    keys = RuntimeKeys.generate()
    r = UsageReceipt(request_id="00" * 16, client="c", function="echo", function_digest="d",
                     provider="p", units=2, unit_price=5, amount=10, time_ms=1, outcome="ok",
                     response_digest="e", simulated=True)
    signed = sign_receipt(r, keys.signing)
    assert verify_receipt(signed, keys.signing_public.hex()) == r
    frame = decode_response(encode_response(signed, b""))
    assert frame.receipt == signed
    forged = signed.model_copy(update={"receipt": r.model_copy(update={"amount": 11})})
    with pytest.raises(CocoonError):
        verify_receipt(forged)
    with pytest.raises(CocoonError):
        verify_receipt(signed, RuntimeKeys.generate().signing_public.hex())
