"""The browser SDK in a real browser: Chromium loads a page from the gateway (its /healthz
origin, nothing else on it) and imports ``/sdk/cocoon.js`` as the gateway serves it.

tests/test_browser_sdk.py checks the same module's bytes under Node; this checks that a browser
runs it (ES module loading, WebCrypto's X25519/Ed25519/AES-GCM in Chromium, fetch with the
gateway's CORS and headers), with Python's runtime on the other side of every envelope, and
that the page reaches nothing but the gateway (the ``page`` fixture fails the test otherwise).
"""

from __future__ import annotations

import base64
import json
import os
import time
from typing import Any

import pytest

from cocoon.runtime.envelope import (
    RuntimeKeys,
    StreamSealer,
    open_request,
    sign_receipt,
    verify_receipt,
)
from cocoon.runtime.wire import (
    CHUNK_FINAL,
    RoutingHeader,
    SignedReceipt,
    UsageReceipt,
    canonical_json,
    decode_inner,
    decode_request,
    encode_response,
    recipient_id,
)

# Run in the page: `sdk` is the module the gateway serves, `args` what the test passed.
PRELUDE = """
const sdk = await import("/sdk/cocoon.js");
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (s) => new Uint8Array((s.match(/../g) ?? []).map((h) => parseInt(h, 16)));
const b64 = (b) => btoa(Array.from(b, (x) => String.fromCharCode(x)).join(""));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
"""


def in_page(page: Any, body: str, args: dict[str, Any] | None = None) -> Any:
    """Run ``body`` (an async function body) in the page; a thrown error comes back as
    ``{"error": code, "message": ...}``."""
    return page.evaluate(
        f"async (args) => {{ {PRELUDE} try {{ {body} }} catch (e) {{"
        " return { error: e.code ?? e.name, message: String(e.message) }; } }", args or {})


@pytest.fixture
def blank(page: Any, app_network: Any) -> Any:
    """A page on the gateway's origin with nothing on it."""
    page.goto(app_network.url + "/healthz")
    return page


def header(**kw: Any) -> RoutingHeader:
    return RoutingHeader(**{
        "function": "echo", "version": 1, "digest": "ab" * 32, "client": "acct_ünï",
        "max_price": 10_000, "request_id": os.urandom(16).hex(),
        "timestamp_ms": int(time.time() * 1000), **kw})


def test_chromium_seals_a_request_the_python_runtime_opens(blank):
    keys, h = RuntimeKeys.generate(), header()
    payload = {"text": "héllo ☃", "n": [1, 2, 3]}
    out = in_page(blank, """
      const s = await sdk.sealRequest(args.header, new TextEncoder().encode(args.payload),
                                      [[args.rid, unhex(args.pub)]]);
      return { envelope: b64(s.envelope), responseKey: hex(s.responseKey) };
    """, {"header": h.model_dump(), "payload": json.dumps(payload),
          "rid": recipient_id("local", keys.hpke_public), "pub": keys.hpke_public.hex()})
    envelope = decode_request(base64.b64decode(out["envelope"]))
    assert envelope.header == h
    assert envelope.header_bytes == canonical_json(h.model_dump())
    response_key, content_type, body = decode_inner(
        open_request(envelope, recipient_id("local", keys.hpke_public), keys.hpke))
    assert response_key.hex() == out["responseKey"] and content_type == 0x01
    assert json.loads(body) == payload


def _sealed_response(keys: RuntimeKeys, h: RoutingHeader, items: list[bytes]
                     ) -> tuple[bytes, str, SignedReceipt]:
    """A response frame as a replica seals it, its response key (hex) and signed receipt."""
    response_key = os.urandom(32)
    sealer = StreamSealer(response_key, h.request_id)
    chunks = b"".join(sealer.seal(item, CHUNK_FINAL if i == len(items) - 1 else 0)
                      for i, item in enumerate(items))
    receipt = UsageReceipt(request_id=h.request_id, client=h.client, function=h.function,
                           function_digest=h.digest, provider="p1", units=3, unit_price=7,
                           amount=21, time_ms=1, outcome="ok", response_digest=sealer.digest,
                           simulated=True)
    signed = sign_receipt(receipt, keys.signing, canonical_json(h.model_dump()))
    return encode_response(signed, chunks), response_key.hex(), signed


def test_chromium_opens_a_python_sealed_response_and_verifies_its_receipt(blank):
    keys, h = RuntimeKeys.generate(), header()
    frame, response_key, signed = _sealed_response(keys, h, [b'{"a":', '"ü"}'.encode()])
    out = in_page(blank, """
      const frame = sdk.decodeFrame(unb64(args.frame));
      const opener = new sdk.StreamOpener(unhex(args.responseKey), args.header.request_id);
      const parts = [];
      for (const c of frame.chunks) parts.push(new TextDecoder().decode(await opener.open(c)));
      const signed = JSON.parse(new TextDecoder().decode(frame.receipt));
      const headerBytes = new TextEncoder().encode(sdk.canonicalJson(args.header));
      const receipt = await sdk.checkReceipt(signed, args.header, {
        digest: await opener.digest(), provider: "p1", signers: new Set([args.signer]),
        maxUnits: 10 });
      const verdict = await sdk.verifyReceipt(signed, { unitPrice: 7, headerBytes });
      const tampered = { ...signed, receipt: { ...signed.receipt, amount: 22 } };
      const forged = await sdk.verifyReceipt(tampered, { unitPrice: 7 });
      return { parts, receipt, verdict, forged };
    """, {"frame": base64.b64encode(frame).decode(), "header": h.model_dump(),
          "responseKey": response_key, "signer": keys.signing_public.hex()})
    assert out["parts"] == ['{"a":', '"ü"}'], out
    assert out["receipt"] == signed.receipt.model_dump(exclude_none=True)
    assert out["verdict"]["valid"] and out["verdict"]["problems"] == []
    assert not out["forged"]["valid"]
    assert "signature does not verify" in out["forged"]["problems"]


def test_chromium_invokes_echo_through_the_gateway_with_a_verified_receipt(blank, app_network):
    out = in_page(blank, """
      const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key,
                                         allowSimulated: true });
      const inv = await client.invoke("echo", args.payload);
      const verdict = await sdk.verifyReceipt(inv.signedReceipt);
      return { output: inv.output, signed: inv.signedReceipt, verdict,
               provider: inv.provider.offer.provider, valid: inv.provider.valid };
    """, {"url": app_network.url, "key": app_network.client_key,
          "payload": {"hello": "wörld", "n": [1, 2]}})
    assert out["output"] == {"hello": "wörld", "n": [1, 2]}, out
    assert out["provider"] == "local" and out["valid"]
    assert out["verdict"] == {"valid": True, "problems": [], "commitmentChecked": False}
    signed = SignedReceipt.model_validate(out["signed"])
    verify_receipt(signed)  # Python agrees: the replica's signature over the receipt
    assert signed.receipt.outcome == "ok" and signed.receipt.simulated
    assert app_network.net.state.ledger.already_charged(signed.receipt.request_id)


def test_chromium_without_allow_simulated_seals_nothing(blank, app_network):
    out = in_page(blank, """
      const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key });
      return await client.invoke("echo", {});
    """, {"url": app_network.url, "key": app_network.client_key})
    assert out["error"] == "attestation_rejected", out


def test_the_page_reaches_no_other_host(blank, page_log):
    """The ``page`` fixture's guard itself: a request elsewhere is aborted before it leaves and
    recorded (the fixture fails any test that leaves one recorded; this one clears it)."""
    out = in_page(blank, """
      const tries = [fetch("https://example.com/x"), fetch("http://localhost:1/"),
                     import("https://cdn.jsdelivr.net/npm/@tonconnect/ui/+esm")];
      const settled = Promise.allSettled(tries);  // handled at once: no unhandled rejection
      const ws = new WebSocket("wss://bridge.tonapi.io/bridge");
      const closed = await new Promise((done) => { ws.onclose = () => done(true);
                                                   ws.onopen = () => done(false); });
      return [...(await settled).map((r) => r.status), closed];
    """)
    assert out == ["rejected"] * 3 + [True]
    assert sorted(page_log.foreign_requests) == [
        "http://localhost:1/", "https://cdn.jsdelivr.net/npm/@tonconnect/ui/+esm",
        "https://example.com/x", "wss://bridge.tonapi.io/bridge"]
    page_log.foreign_requests.clear()
    page_log.expect_console(r"^Failed to load resource: net::ERR_BLOCKED_BY_CLIENT")
