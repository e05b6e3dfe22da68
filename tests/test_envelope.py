"""Envelope crypto and byte layouts: round trips, and every kind of damage refused by code."""

from __future__ import annotations

import json
import os
import random
import time

import pytest

from cocoon.runtime.envelope import (
    RuntimeKeys,
    check_receipt,
    open_chunks,
    open_request,
    response_digest,
    seal_chunk,
    seal_request,
    sign_receipt,
    verify_receipt,
)
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.wire import (
    CHUNK_ERROR,
    CHUNK_FINAL,
    Chunk,
    RoutingHeader,
    UsageReceipt,
    canonical_json,
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


def regions(envelope: bytes) -> dict[str, range]:
    """Byte ranges of a one-recipient envelope's fields (RequestEnvelope's layout)."""
    parsed = decode_request(envelope)
    h_end = 7 + len(parsed.header_bytes)
    pid_len = len(parsed.recipients[0].provider)
    w_at = h_end + 2 + pid_len + 2
    n_at = w_at + len(parsed.recipients[0].wrapped)
    spans = {"magic": range(0, 4), "version": range(4, 5), "header length": range(5, 7),
             "header": range(7, h_end), "recipient count": range(h_end, h_end + 1),
             "recipient id length": range(h_end + 1, h_end + 2),
             "recipient id": range(h_end + 2, h_end + 2 + pid_len),
             "wrapped key length": range(w_at - 2, w_at), "wrapped key": range(w_at, n_at),
             "nonce": range(n_at, n_at + 12), "ciphertext": range(n_at + 12, len(envelope))}
    assert sum(len(r) for r in spans.values()) == len(envelope)
    return spans


# Which refusal each field's damage earns (the header: unreadable JSON, or JSON that still
# parses into another header, which then no longer matches the wrapped key and the AAD).
FLIP_CODES = {"magic": {"malformed_envelope"}, "version": {"malformed_envelope"},
              "header length": {"malformed_envelope"},
              "header": {"malformed_envelope", "envelope_rejected"},
              "recipient count": {"malformed_envelope"},
              "recipient id length": {"malformed_envelope"},
              "recipient id": {"wrong_provider"},
              "wrapped key length": {"malformed_envelope", "envelope_rejected"},
              "wrapped key": {"envelope_rejected"}, "nonce": {"envelope_rejected"},
              "ciphertext": {"envelope_rejected"}}


def test_any_flipped_byte_is_refused(providers):
    """Flip each byte position in turn: refused, with the code that field's damage earns."""
    envelope, _ = seal({"p1": providers["p1"]})
    for field, span in regions(envelope).items():
        for pos in span:
            damaged = bytearray(envelope)
            damaged[pos] ^= 0x01
            with pytest.raises(CocoonError) as exc:
                open_request(decode_request(bytes(damaged)), "p1", providers["p1"].hpke)
            assert exc.value.code in FLIP_CODES[field], (field, pos, exc.value.code)
            assert exc.value.status == 400


def test_every_truncation_is_malformed_or_rejected(providers):
    envelope, _ = seal({"p1": providers["p1"]})
    ciphertext_at = regions(envelope)["ciphertext"].start
    for cut in range(len(envelope)):
        with pytest.raises(CocoonError) as exc:
            open_request(decode_request(envelope[:cut]), "p1", providers["p1"].hpke)
        # too short to hold even a GCM tag: unreadable; otherwise the tag does not verify
        expected = "malformed_envelope" if cut < ciphertext_at + 16 else "envelope_rejected"
        assert (exc.value.code, exc.value.status) == (expected, 400), cut


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
        with pytest.raises(CocoonError, match="missing or out of order") as exc:
            open_chunks(key, rid, bad)
        assert exc.value.code == "envelope_rejected"
    with pytest.raises(CocoonError, match="does not decrypt") as exc:  # another request's
        open_chunks(key, os.urandom(16).hex(), chunks)
    assert exc.value.code == "envelope_rejected"
    with pytest.raises(CocoonError, match="does not decrypt"):  # another response key
        open_chunks(os.urandom(32), rid, chunks)


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
    with pytest.raises(CocoonError, match="signature does not verify") as exc:
        verify_receipt(forged)
    assert exc.value.code == "provider_failed"
    with pytest.raises(CocoonError, match="unexpected key") as exc:
        verify_receipt(signed, RuntimeKeys.generate().signing_public.hex())
    assert exc.value.code == "provider_failed"


# --- per-field tampering: each part of the envelope is bound, each change refused -------------

def assemble(header_bytes: bytes, recipients: list[tuple[bytes, bytes]], nonce: bytes,
             ciphertext: bytes) -> bytes:
    """An envelope from raw parts (RequestEnvelope's layout), without re-canonicalising
    anything: what a meddling gateway could send."""
    parts = [b"CCN1", bytes([1]), len(header_bytes).to_bytes(2, "big"), header_bytes,
             bytes([len(recipients)])]
    for pid, wrapped in recipients:
        parts += [bytes([len(pid)]), pid, len(wrapped).to_bytes(2, "big"), wrapped]
    return b"".join([*parts, nonce, ciphertext])


def parts_of(envelope: bytes) -> dict:
    p = decode_request(envelope)
    return {"header_bytes": p.header_bytes, "nonce": p.nonce, "ciphertext": p.ciphertext,
            "recipients": [(r.provider.encode(), r.wrapped) for r in p.recipients]}


def refused(envelope: bytes, keys: RuntimeKeys, provider: str = "p1",
            code: str = "envelope_rejected") -> None:
    with pytest.raises(CocoonError) as exc:
        open_request(decode_request(envelope), provider, keys.hpke)
    assert exc.value.code == code and exc.value.status == 400, exc.value.code


def test_assemble_is_faithful(providers):
    envelope, _ = seal(providers)
    assert assemble(**parts_of(envelope)) == envelope
    open_request(decode_request(assemble(**parts_of(envelope))), "p2", providers["p2"].hpke)


# Another valid value for every routing-header field (a gateway raising the price, re-routing to
# another function or version, charging another client, replaying under a fresh id or time).
HEADER_CHANGES = {"function": "embeddings", "version": 2, "digest": "cd" * 32,
                  "client": "acct_2", "max_price": 1001, "request_id": "ff" * 16,
                  "timestamp_ms": 1}


def test_header_changes_cover_every_field():
    assert set(HEADER_CHANGES) == set(RoutingHeader.model_fields)


@pytest.mark.parametrize("field", sorted(HEADER_CHANGES))
def test_tampered_header_field_is_rejected(providers, field):
    envelope, _ = seal(providers)
    parts = parts_of(envelope)
    doc = json.loads(parts["header_bytes"])
    assert doc[field] != HEADER_CHANGES[field]
    doc[field] = HEADER_CHANGES[field]
    parts["header_bytes"] = canonical_json(doc)
    tampered = assemble(**parts)
    assert getattr(decode_request(tampered).header, field) == HEADER_CHANGES[field]
    for pid, keys in providers.items():
        refused(tampered, keys, pid)


def test_header_respelled_with_the_same_values_is_rejected(providers):
    """The bytes are bound, not the parsed values: whitespace or key order also break it."""
    envelope, _ = seal(providers)
    parts = parts_of(envelope)
    doc = json.loads(parts["header_bytes"])
    spaced = json.dumps(doc).encode()
    reordered = json.dumps(dict(reversed(list(doc.items()))), separators=(",", ":")).encode()
    for spelling in (spaced, reordered):
        assert spelling != parts["header_bytes"] and json.loads(spelling) == doc
        refused(assemble(**{**parts, "header_bytes": spelling}), providers["p1"])


def test_recipient_list_tampered_is_rejected(providers):
    envelope, _ = seal(providers)
    parts = parts_of(envelope)
    p1, p2, p3 = parts["recipients"]
    other, _ = seal({"p1": providers["p1"]})
    extra = (b"p4", parts_of(other)["recipients"][0][1])
    for recipients in ([p1, p2], [p1], [p3, p2, p1], [p1, p2, p3, extra]):  # drop, reorder, add
        refused(assemble(**{**parts, "recipients": recipients}), providers["p1"])
    # Wrapped keys swapped between providers: each one is bound to its provider id.
    swapped = [(p1[0], p2[1]), (p2[0], p1[1]), p3]
    refused(assemble(**{**parts, "recipients": swapped}), providers["p1"])
    refused(assemble(**{**parts, "recipients": swapped}), providers["p2"], "p2")
    # A recipient renamed: the provider it was sealed for no longer finds itself.
    renamed = [(b"px", p1[1]), p2, p3]
    refused(assemble(**{**parts, "recipients": renamed}), providers["p1"], code="wrong_provider")
    refused(assemble(**{**parts, "recipients": renamed}), providers["p1"], "px")


def test_wrapped_key_tampered_is_rejected(providers):
    envelope, _ = seal({"p1": providers["p1"]})
    parts = parts_of(envelope)
    (pid, wrapped), = parts["recipients"]
    twin, _ = seal({"p1": providers["p1"]}, h=decode_request(envelope).header)  # same header
    variants = {
        "enc (ephemeral key)": wrapped[:5] + bytes([wrapped[5] ^ 1]) + wrapped[6:],
        "key ciphertext": wrapped[:40] + bytes([wrapped[40] ^ 1]) + wrapped[41:],
        "tag": wrapped[:-1] + bytes([wrapped[-1] ^ 1]),
        "truncated": wrapped[:-1],
        "extended": wrapped + b"\0",
        "another envelope's key": parts_of(twin)["recipients"][0][1],
        "empty": b"",
    }
    for name, bad in variants.items():
        assert bad != wrapped, name
        refused(assemble(**{**parts, "recipients": [(pid, bad)]}), providers["p1"])


def test_nonce_and_ciphertext_tampered_are_rejected(providers):
    envelope, _ = seal({"p1": providers["p1"]}, b'{"x":"' + b"y" * 100 + b'"}')
    parts = parts_of(envelope)
    nonce, ct = parts["nonce"], parts["ciphertext"]
    twin, _ = seal({"p1": providers["p1"]}, h=decode_request(envelope).header)
    for bad_nonce in (bytes(12), nonce[:-1] + bytes([nonce[-1] ^ 0x80]),
                      parts_of(twin)["nonce"]):
        refused(assemble(**{**parts, "nonce": bad_nonce}), providers["p1"])
    for bad_ct in (bytes([ct[0] ^ 1]) + ct[1:], ct[:60] + bytes([ct[60] ^ 1]) + ct[61:],
                   ct[:-1] + bytes([ct[-1] ^ 1]), ct[:-1], ct + b"\0", ct[:16],
                   parts_of(twin)["ciphertext"]):
        refused(assemble(**{**parts, "ciphertext": bad_ct}), providers["p1"])


# --- response chunks: number, flags and ciphertext are bound ----------------------------------

def _frame(key: bytes, rid: str, datas: list[bytes]) -> tuple[Chunk, ...]:
    return tuple(seal_chunk(key, rid, i, CHUNK_FINAL if i == len(datas) - 1 else 0, d)
                 for i, d in enumerate(datas))


def test_chunk_number_and_flags_are_bound():
    key, rid = os.urandom(32), os.urandom(16).hex()
    a, b, c = _frame(key, rid, [b"a", b"b", b"c"])
    assert open_chunks(key, rid, (a, b, c)) == [b"a", b"b", b"c"]
    cases = {
        "renumbered": (a, Chunk(2, b.flags, b.ciphertext), c),
        "renumbered to fit": (a, Chunk(1, c.flags, c.ciphertext)),  # c moved up, b dropped
        "truncated, last marked final": (a, Chunk(b.index, CHUNK_FINAL, b.ciphertext)),
        "final flag cleared": (a, b, Chunk(c.index, 0, c.ciphertext)),
        "error flag set": (a, b, Chunk(c.index, CHUNK_FINAL | CHUNK_ERROR, c.ciphertext)),
        "unknown flag set": (Chunk(a.index, 0x80, a.ciphertext), b, c),
        "ciphertext flipped": (a, Chunk(b.index, b.flags, b"\x00" + b.ciphertext[1:]), c),
        "ciphertext swapped": (a, Chunk(b.index, b.flags, a.ciphertext), c),
        "duplicated": (a, a, b, c),
        "empty": (),
    }
    for name, chunks in cases.items():
        with pytest.raises(CocoonError) as exc:
            open_chunks(key, rid, chunks)
        assert exc.value.code == "envelope_rejected", name


def test_chunk_header_bytes_flipped_in_the_frame_are_refused():
    """On the wire: flip each byte of a response frame's chunk headers and bodies."""
    keys, key, rid = RuntimeKeys.generate(), os.urandom(32), os.urandom(16).hex()
    r = UsageReceipt(request_id=rid, client="c", function="echo", function_digest="d",
                     provider="p", units=1, unit_price=1, amount=1, time_ms=1, outcome="ok",
                     response_digest="e", simulated=True)
    chunk_bytes = b"".join(c.encode() for c in _frame(key, rid, [b"first", b"second"]))
    frame = encode_response(sign_receipt(r, keys.signing), chunk_bytes)
    start = len(frame) - len(chunk_bytes)
    for pos in range(start, len(frame)):
        damaged = bytearray(frame)
        damaged[pos] ^= 0x01
        with pytest.raises(CocoonError) as exc:
            open_chunks(key, rid, decode_response(bytes(damaged)).chunks)
        assert exc.value.code in {"malformed_envelope", "envelope_rejected"}, pos


# --- receipts: every field is signed; check_receipt holds the provider to the request ----------

RECEIPT = UsageReceipt(request_id="00" * 16, client="acct_1", function="echo",
                       function_digest="ab" * 32, provider="p1", units=2, unit_price=5,
                       amount=10, time_ms=1, outcome="ok", response_digest="e",
                       simulated=False)
RECEIPT_CHANGES = {"request_id": "11" * 16, "client": "acct_2", "function": "llm",
                   "function_digest": "cd" * 32, "provider": "p2", "units": 3,
                   "unit_price": 6, "amount": 11, "time_ms": 2, "outcome": "error",
                   "response_digest": "f", "simulated": True, "prompt_units": 2,
                   "completion_units": 1}


def test_receipt_changes_cover_every_field():
    assert set(RECEIPT_CHANGES) == set(UsageReceipt.model_fields)


@pytest.mark.parametrize("field", sorted(RECEIPT_CHANGES))
def test_tampered_receipt_field_fails_its_signature(field):
    keys = RuntimeKeys.generate()
    signed = sign_receipt(RECEIPT, keys.signing)
    forged = signed.model_copy(update={
        "receipt": RECEIPT.model_copy(update={field: RECEIPT_CHANGES[field]})})
    with pytest.raises(CocoonError) as exc:
        verify_receipt(forged, keys.signing_public.hex())
    assert (exc.value.code, exc.value.message) == (
        "provider_failed", "receipt signature does not verify")


def test_receipt_signature_and_signer_tampered():
    keys = RuntimeKeys.generate()
    signed = sign_receipt(RECEIPT, keys.signing)
    sig = bytes.fromhex(signed.signature)
    other = RuntimeKeys.generate().signing_public.hex()
    for update in ({"signature": (bytes([sig[0] ^ 1]) + sig[1:]).hex()},
                   {"signature": "00" * 64}, {"signature": "zz"}, {"signer": other},
                   {"signer": "00" * 31}):
        with pytest.raises(CocoonError) as exc:
            verify_receipt(signed.model_copy(update=update))
        assert exc.value.code == "provider_failed", update
    with pytest.raises(CocoonError, match="unexpected key"):
        verify_receipt(signed, other)  # a valid receipt, but not by the provider chosen


@pytest.mark.parametrize(("field", "value"), [
    ("request_id", "11" * 16), ("client", "acct_2"), ("provider", "p2"),
    ("function_digest", "cd" * 32), ("unit_price", 6), ("units", 201), ("amount", 11),
    ("response_digest", "00" * 32),
])
def test_check_receipt_holds_a_correctly_signed_receipt_to_the_request(field, value):
    """A provider signing a receipt for another request, client, price or response is caught
    even though its signature is genuine."""
    keys, key = RuntimeKeys.generate(), os.urandom(32)
    h = header(client="acct_1", digest="ab" * 32, max_price=1000)
    chunk_bytes = b"".join(c.encode() for c in _frame(key, h.request_id, [b"out"]))
    good = RECEIPT.model_copy(update={"request_id": h.request_id,
                                      "response_digest": response_digest(chunk_bytes)})
    if field == "units":  # more units than allowed, amount consistent
        good_bad = good.model_copy(update={"units": value, "amount": value * good.unit_price})
    else:
        good_bad = good.model_copy(update={field: value})
    check = dict(header=h, provider="p1", signers={keys.signing_public.hex()}, unit_price=5,
                 max_units=200)
    ok = decode_response(encode_response(sign_receipt(good, keys.signing), chunk_bytes))
    assert check_receipt(ok, **check) == good
    frame = decode_response(encode_response(sign_receipt(good_bad, keys.signing), chunk_bytes))
    with pytest.raises(CocoonError) as exc:
        check_receipt(frame, **check)
    assert (exc.value.code, exc.value.message) == (
        "provider_failed", "receipt does not match the request or the offer")
