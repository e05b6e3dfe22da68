"""The browser SDK (web/sdk, built to web/sdk/dist/cocoon.js) run under Node 20, which has the
browser's WebCrypto (X25519, Ed25519, AES-GCM): no browser is needed to check its bytes.

Each test runs a short Node script that imports the built module, with real keys and real
crypto on both sides: JS seals and Python's runtime opens, Python seals a response and JS opens
it and checks its receipt, JS verifies offers (simulated evidence, a real TDX quote with
dcap-qvl at a pinned time), and end to end the module as the gateway serves it at
/sdk/cocoon.js invokes echo and streams the counter fixture through the Ray-free network.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from pytoniq_core import Address, Cell, StateInit

from cocoon.contracts.channel import TOPUP_GAS_RESERVE, PaymentChannel, top_up_body
from cocoon.contracts.keys import KeyPair, load_key_file
from cocoon.contracts.messages import Transfer, wallet_address
from cocoon.contracts.voucher import MAX_COINS, VOUCHER_TAG, Voucher, payload_hash
from cocoon.platform.settlement import ClientTerms, SettlementError, local
from cocoon.platform.settlement.client_side import channel_id_for
from cocoon.platform.settlement.registration import check_registration
from cocoon.runtime import config
from cocoon.runtime.attestation import Evidence, Policy, simulated, verify_evidence
from cocoon.runtime.attestation.binding import replica_binding
from cocoon.runtime.envelope import RuntimeKeys, StreamSealer, open_request, sign_receipt
from cocoon.runtime.wire import (
    CHUNK_FINAL,
    RECORD_CHUNK,
    RoutingHeader,
    UsageReceipt,
    canonical_json,
    decode_inner,
    decode_request,
    encode_record,
    encode_response,
    recipient_id,
)

REPO = Path(__file__).resolve().parents[1]
SDK = REPO / "web" / "sdk"
MODULE = SDK / "dist" / "cocoon.js"
FIXTURES = Path(__file__).parent / "fixtures"
TDX = FIXTURES / "attestation" / "tdx"
COUNTER = FIXTURES / "counter"
TDX_AT = datetime(2025, 7, 1, tzinfo=UTC)
TDX_OUTDATED_AT = datetime(2026, 3, 1, tzinfo=UTC)
BOT_TOKEN = "123456:browser-sdk-test-token"


def node(script: str, args: dict[str, Any] | None = None, module: Path = MODULE) -> Any:
    """Run ``script`` (the body of an async function of ``sdk`` and ``args``) under Node; its
    return value comes back as JSON. A thrown error comes back as {"error": code, ...}."""
    assert shutil.which("node"), "Node 20 is needed for the browser SDK's tests"
    program = f"""
import * as sdk from {json.dumps(module.as_uri())};
import fs from "node:fs";
const args = JSON.parse(fs.readFileSync(0, "utf8"));
const hex = (b) => Buffer.from(b).toString("hex");
const unhex = (s) => new Uint8Array(Buffer.from(s, "hex"));
const b64 = (b) => Buffer.from(b).toString("base64");
try {{
  const out = await (async () => {{ {script} }})();
  process.stdout.write(JSON.stringify(out ?? null));
}} catch (e) {{
  process.stdout.write(JSON.stringify({{ error: e.code ?? e.name, message: String(e.message) }}));
}}
"""
    proc = subprocess.run(["node", "--input-type=module", "-e", program],
                          input=json.dumps(args or {}), capture_output=True, text=True,
                          timeout=60, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def header(**kw: Any) -> RoutingHeader:
    return RoutingHeader(**{
        "function": "echo", "version": 1, "digest": "ab" * 32, "client": "acct_ünï",
        "max_price": 10_000, "request_id": os.urandom(16).hex(),
        "timestamp_ms": int(time.time() * 1000), **kw})


# --- envelope, both ways ----------------------------------------------------------------------


def test_js_seals_and_the_python_runtime_opens():
    keys, other = RuntimeKeys.generate(), RuntimeKeys.generate()
    h = header()
    payload = {"text": "héllo ☃", "n": [1, 2, 3]}
    recipients = [[recipient_id("p1", k.hpke_public), k.hpke_public.hex()] for k in (keys, other)]
    out = node("""
      const s = await sdk.sealRequest(args.header, new TextEncoder().encode(args.payload),
                                      args.recipients.map(([id, pub]) => [id, unhex(pub)]));
      return { envelope: b64(s.envelope), responseKey: hex(s.responseKey) };
    """, {"header": h.model_dump(), "payload": json.dumps(payload),
          "recipients": recipients})
    envelope = decode_request(base64.b64decode(out["envelope"]))
    assert envelope.header == h
    assert envelope.header_bytes == canonical_json(h.model_dump())  # same canonical bytes
    for k in (keys, other):  # every recipient opens it with its own key
        inner = open_request(envelope, recipient_id("p1", k.hpke_public), k.hpke)
        response_key, content_type, body = decode_inner(inner)
        assert response_key.hex() == out["responseKey"] and content_type == 0x01
        assert json.loads(body) == payload
    with pytest.raises(Exception, match="decrypt"):  # a key it was not sealed for
        open_request(envelope, recipient_id("p1", keys.hpke_public), other.hpke)


def _signed_frame(keys: RuntimeKeys, h: RoutingHeader, items: list[bytes], *, units: int = 2,
                  unit_price: int = 100) -> tuple[bytes, str, str]:
    """A response frame as a replica seals it: (frame, response key hex, digest)."""
    response_key = os.urandom(32)
    sealer = StreamSealer(response_key, h.request_id)
    chunks = b"".join(sealer.seal(item, CHUNK_FINAL if i == len(items) - 1 else 0)
                      for i, item in enumerate(items))
    receipt = UsageReceipt(request_id=h.request_id, client=h.client, function=h.function,
                           function_digest=h.digest, provider="p1", units=units,
                           unit_price=unit_price, amount=units * unit_price, time_ms=1,
                           outcome="ok", response_digest=sealer.digest, simulated=True)
    signed = sign_receipt(receipt, keys.signing, canonical_json(h.model_dump()))
    return encode_response(signed, chunks), response_key.hex(), sealer.digest


OPEN_FRAME = """
  const frame = sdk.decodeFrame(Buffer.from(args.frame, "base64"));
  const opener = new sdk.StreamOpener(unhex(args.responseKey), args.header.request_id);
  const parts = [];
  for (const c of frame.chunks) parts.push(Buffer.from(await opener.open(c)).toString());
  const digest = await opener.digest();
  const signed = JSON.parse(new TextDecoder().decode(frame.receipt));
  if (args.tamper) args.tamper.split(".").reduce((o, k, i, a) =>
      i === a.length - 1 ? (o[k] = typeof o[k] === "number" ? o[k] + 1  // (1st char changed)
                                   : (o[k][0] === "0" ? "1" : "0") + o[k].slice(1))
                         : o[k], signed);
  const headerBytes = new TextEncoder().encode(sdk.canonicalJson(args.header));
  await sdk.verifyCommitment(signed, headerBytes);
  const receipt = await sdk.checkReceipt(signed, args.header, {
    digest, provider: "p1", signers: new Set([args.signer]), maxUnits: 10 });
  return { parts, digest, receipt };
"""


def test_python_seals_a_response_js_opens_it_and_checks_the_receipt():
    keys, h = RuntimeKeys.generate(), header()
    frame, response_key, digest = _signed_frame(keys, h, [b'{"a":', '"ü"}'.encode()])
    out = node(OPEN_FRAME, {"frame": base64.b64encode(frame).decode(), "header": h.model_dump(),
                            "responseKey": response_key, "signer": keys.signing_public.hex()})
    assert out["parts"] == ['{"a":', '"ü"}'] and out["digest"] == digest
    assert out["receipt"]["amount"] == 200 and out["receipt"]["request_id"] == h.request_id


@pytest.mark.parametrize("tamper", ["receipt.amount", "receipt.units", "receipt.unit_price",
                                    "receipt.response_digest", "receipt.client", "signature",
                                    "commitment", "receipt.time_ms"])
def test_js_refuses_a_tampered_receipt(tamper):
    keys, h = RuntimeKeys.generate(), header()
    frame, response_key, _ = _signed_frame(keys, h, [b"[1]"])
    out = node(OPEN_FRAME, {"frame": base64.b64encode(frame).decode(), "header": h.model_dump(),
                            "responseKey": response_key, "signer": keys.signing_public.hex(),
                            "tamper": tamper})
    assert out["error"] == "provider_failed", out


def test_js_refuses_a_receipt_by_another_key_or_over_the_max_price():
    keys, h = RuntimeKeys.generate(), header(max_price=100)
    frame, response_key, _ = _signed_frame(keys, h, [b"[1]"])
    args = {"frame": base64.b64encode(frame).decode(), "header": h.model_dump(),
            "responseKey": response_key}
    assert node(OPEN_FRAME, {**args, "signer": "00" * 32})["error"] == "provider_failed"
    assert node(OPEN_FRAME, {**args, "signer": keys.signing_public.hex()})["error"] == (
        "provider_failed")  # amount 200 > max_price 100


def test_js_refuses_a_reordered_or_altered_chunk():
    keys, h = RuntimeKeys.generate(), header()
    frame, response_key, _ = _signed_frame(keys, h, [b"[1,", b"2]"])
    altered = bytearray(frame)
    altered[-1] ^= 1
    out = node(OPEN_FRAME, {"frame": base64.b64encode(bytes(altered)).decode(),
                            "header": h.model_dump(), "responseKey": response_key,
                            "signer": keys.signing_public.hex()})
    assert out["error"] == "envelope_rejected"


READ_STREAM = """
  const body = Buffer.from(args.body, "base64");
  const stream = new ReadableStream({ start(c) {  // in pieces, as a network delivers it
    for (let i = 0; i < body.length; i += 7) c.enqueue(new Uint8Array(body.subarray(i, i + 7)));
    c.close(); } });
  const opener = new sdk.StreamOpener(unhex(args.responseKey), args.requestId);
  const items = [];
  for await (const [kind, data] of sdk.readRecords(stream)) {
    if (kind === 1) items.push(Buffer.from(await opener.open(sdk.decodeChunk(data))).toString());
  }
  return { items, digest: await opener.digest() };
"""


def test_js_reads_a_python_stream_and_refuses_a_cut_or_reordered_one():
    h, response_key = header(), os.urandom(32)
    sealer = StreamSealer(response_key, h.request_id)
    chunks = [sealer.seal(b'{"i":0}'), sealer.seal(b'{"i":1}'), sealer.seal(b"", CHUNK_FINAL)]
    records = [encode_record(RECORD_CHUNK, c) for c in chunks]
    args = {"responseKey": response_key.hex(), "requestId": h.request_id}
    body = base64.b64encode(b"".join(records)).decode()
    assert node(READ_STREAM, {**args, "body": body}) == {
        "items": ['{"i":0}', '{"i":1}', ""], "digest": sealer.digest}
    cut = base64.b64encode(b"".join(records)[:-3]).decode()
    assert node(READ_STREAM, {**args, "body": cut})["error"] == "envelope_rejected"
    swapped = base64.b64encode(b"".join([records[1], records[0], records[2]])).decode()
    assert node(READ_STREAM, {**args, "body": swapped})["error"] == "envelope_rejected"


# --- offer verification -----------------------------------------------------------------------


def _offer(keys: RuntimeKeys, provider: str = "p1", digest: str = "ab" * 32,
           bound_to: str | None = None) -> dict[str, Any]:
    report_data = replica_binding(keys.hpke_public, keys.signing_public, bound_to or provider,
                                  digest)
    return {"provider": provider, "function_digest": digest, "unit_price": 1,
            "quoted_price": 1, "simulated": True,
            "keys": [{"hpke_public": keys.hpke_public.hex(),
                      "signing_public": keys.signing_public.hex(), "created_ms": 1,
                      "evidence": [simulated.produce(report_data).model_dump()]}]}


VERIFY = """
  const v = await sdk.verifyOffer(args.offer, args.policy);
  return { valid: v.valid, reasons: v.verdicts.flatMap((d) => d.reasons) };
"""


def test_simulated_evidence_passes_only_when_allowed_and_bound():
    keys = RuntimeKeys.generate()
    offer = _offer(keys)
    assert node(VERIFY, {"offer": offer, "policy": {"allowSimulated": True}}) == {
        "valid": True, "reasons": []}
    refused = node(VERIFY, {"offer": offer, "policy": {}})
    assert not refused["valid"] and "simulated TEE not allowed by policy" in refused["reasons"]
    elsewhere = node(VERIFY, {"offer": _offer(keys, bound_to="p2"),
                              "policy": {"allowSimulated": True}})
    assert elsewhere["reasons"] == ["report_data does not bind the offered keys"]
    swapped = _offer(keys)
    swapped["keys"][0]["hpke_public"] = RuntimeKeys.generate().hpke_public.hex()
    assert not node(VERIFY, {"offer": swapped, "policy": {"allowSimulated": True}})["valid"]
    forged = _offer(keys)
    doc = json.loads(base64.b64decode(forged["keys"][0]["evidence"][0]["data"]))
    doc["measurement"] = "00" * 48
    forged["keys"][0]["evidence"][0]["data"] = base64.b64encode(json.dumps(doc).encode()).decode()
    assert node(VERIFY, {"offer": forged, "policy": {"allowSimulated": True}})["reasons"] == [
        "simulated evidence signature does not verify"]


def _tdx(name: str = "dcap-qvl_tdx_quote") -> Evidence:
    return Evidence(kind="tdx", data=base64.b64encode((TDX / f"{name}.bin").read_bytes()).decode(),
                    collateral=(TDX / f"{name}_collateral.json").read_text())


VERIFY_EVIDENCE = """
  return await sdk.verifyEvidence(args.evidence, args.policy, unhex(args.binding));
"""


def test_a_tdx_quote_verifies_with_dcap_qvl_in_js():
    evidence = _tdx()
    python = verify_evidence(evidence, Policy(), at=TDX_AT)  # what Cocoon's verifier reads
    pins = [f"{n}={python.measurements[n]}" for n in ("mrtd", "rtmr0", "rtmr1", "rtmr2")]
    args = {"evidence": evidence.model_dump(), "binding": python.report_data,
            "policy": {"tdxMeasurements": pins, "now": int(TDX_AT.timestamp() * 1000)}}
    ok = node(VERIFY_EVIDENCE, args)
    assert ok["valid"] and ok["status"] == "UpToDate" == python.status, ok
    assert ok["measurement"] == python.measurement
    unbound = node(VERIFY_EVIDENCE, {**args, "binding": "00" * 64})
    assert unbound["reasons"] == ["report_data does not bind the offered keys"]
    unpinned = node(VERIFY_EVIDENCE, {**args, "policy": {"now": args["policy"]["now"]}})
    assert "tdx mrtd not pinned by the policy" in unpinned["reasons"]  # fails closed
    wrong_pin = node(VERIFY_EVIDENCE, {**args, "policy": {**args["policy"], "tdxMeasurements": [
        *pins[1:], "mrtd=" + "00" * 48]}})
    assert wrong_pin["reasons"] == ["tdx mrtd not accepted"]
    raw = bytearray(base64.b64decode(evidence.data))
    raw[600] ^= 1  # inside the TD report: the quote's signature no longer covers it
    tampered = evidence.model_copy(update={"data": base64.b64encode(bytes(raw)).decode()})
    bad = node(VERIFY_EVIDENCE, {**args, "evidence": tampered.model_dump()})
    assert not bad["valid"] and bad["reasons"][0].startswith("DCAP verification failed")
    no_collateral = node(VERIFY_EVIDENCE, {**args, "evidence": {**args["evidence"],
                                                                "collateral": None}})
    assert not no_collateral["valid"]


def test_the_outdated_tdx_fixture_is_refused_as_python_refuses_it():
    evidence = _tdx("dcap-qvl_tdx_quote_outdated")
    python = verify_evidence(evidence, Policy(), at=TDX_OUTDATED_AT)
    assert not python.valid and "No matching TCB level found" in python.reasons[0]
    out = node(VERIFY_EVIDENCE, {"evidence": evidence.model_dump(), "binding": "00" * 64,
                                 "policy": {"now": int(TDX_OUTDATED_AT.timestamp() * 1000)}})
    assert out["reasons"] == ["DCAP verification failed: No matching TCB level found"]


def test_other_evidence_kinds_are_refused_in_the_browser():
    keys = RuntimeKeys.generate()
    offer = _offer(keys)
    offer["keys"][0]["evidence"] = [{"kind": "sev-snp", "data": "AAAA"}]
    out = node(VERIFY, {"offer": offer, "policy": {"allowSimulated": True}})
    assert out == {"valid": False,
                   "reasons": ["sev-snp evidence is not verified by the browser SDK"]}


# --- end to end through the Ray-free network, with the module the gateway serves ---------------


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    from tests.harness import running_network

    with running_network(tmp_path_factory.mktemp("browser_sdk"),
                         telegram_bot_token=BOT_TOKEN) as net:
        net.deploy_and_wait(COUNTER)
        yield net


@pytest.fixture(scope="module")
def served(net, tmp_path_factory) -> Path:
    """The module exactly as GET /sdk/cocoon.js serves it, saved for Node to import."""
    with net.http(None) as http:
        resp = http.get("/sdk/cocoon.js")
    path = tmp_path_factory.mktemp("served") / "cocoon.js"
    path.write_bytes(resp.content)
    return path


def test_the_gateway_serves_the_built_module(net):
    with net.http(None) as http:  # no key: public code
        resp = http.get("/sdk/cocoon.js")
        assert resp.status_code == 200 and resp.content == MODULE.read_bytes()
        assert resp.headers["content-type"].startswith("text/javascript")
        assert resp.headers["access-control-allow-origin"] == "*"
        again = http.get("/sdk/cocoon.js", headers={"if-none-match": resp.headers["etag"]})
        assert again.status_code == 304 and not again.content
        assert http.post("/sdk/cocoon.js").json()["error"]["code"] == "method_not_allowed"


def test_a_node_script_invokes_echo_with_a_verified_receipt(net, served):
    out = node("""
      const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key,
                                         allowSimulated: true });
      const offers = await client.offers("echo");
      const inv = await client.invoke("echo", args.payload);
      return { output: inv.output, receipt: inv.receipt, offers: offers.map((o) => o.valid),
               provider: inv.provider.offer.provider };
    """, {"url": net.gateway_url, "key": net.client_key, "payload": {"hello": "wörld"}},
        module=served)
    assert out["offers"] == [True] and out["provider"] == "local", out
    assert out["output"] == {"hello": "wörld"}
    receipt = out["receipt"]
    assert receipt["outcome"] == "ok" and receipt["simulated"] and receipt["provider"] == "local"
    assert net.state.ledger.already_charged(receipt["request_id"])  # the gateway charged it


def test_without_allow_simulated_nothing_is_sealed(net, served):
    out = node("""
      const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key });
      return await client.invoke("echo", {});
    """, {"url": net.gateway_url, "key": net.client_key}, module=served)
    assert out["error"] == "attestation_rejected"
    assert "simulated TEE not allowed by policy" in out["message"]


def test_a_bad_key_gets_the_gateway_error(net, served):
    out = node("""
      const client = await sdk.connect({ gatewayUrl: args.url, apiKey: "ck_c_nope",
                                         allowSimulated: true });
      return await client.invoke("echo", {});
    """, {"url": net.gateway_url}, module=served)
    assert out["error"] == "unauthorized"


def test_a_stream_of_the_counter_arrives_in_order(net, served):
    out = node("""
      const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key,
                                         allowSimulated: true });
      const stream = client.stream("counter", { n: 5 });
      const items = [];
      for await (const item of stream) items.push(item);
      return { items, receipt: stream.receipt };
    """, {"url": net.gateway_url, "key": net.client_key}, module=served)
    assert [x["i"] for x in out["items"]] == [0, 1, 2, 3, 4], out
    assert out["receipt"]["units"] == 5 and out["receipt"]["outcome"] == "ok"
    assert net.state.ledger.already_charged(out["receipt"]["request_id"])


def test_a_function_error_midway_raises_after_the_items(net, served):
    out = node("""
      const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key,
                                         allowSimulated: true });
      const stream = client.stream("counter", { n: 5, fail_after: 2 });
      const items = [];
      try { for await (const item of stream) items.push(item); }
      catch (e) { return { items, code: e.code, receipt: stream.receipt }; }
      return { items };
    """, {"url": net.gateway_url, "key": net.client_key}, module=served)
    assert [x["i"] for x in out["items"]] == [0, 1] and out["code"] == "function_error"
    assert out["receipt"]["outcome"] == "error"


# --- the build ----------------------------------------------------------------------------------


NEEDS_TOOLCHAIN = pytest.mark.skipif(
    not (SDK / "node_modules" / "typescript").is_dir(),
    reason="web/sdk/node_modules missing: run `npm ci --prefix web/sdk` (make test does)")


@NEEDS_TOOLCHAIN
def test_the_sources_typecheck():
    proc = subprocess.run(["node", "node_modules/typescript/bin/tsc", "-p", "."], cwd=SDK,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:]


@NEEDS_TOOLCHAIN
def test_the_committed_module_is_what_the_sources_build(tmp_path):
    out = tmp_path / "cocoon.js"
    proc = subprocess.run(["node", "build.mjs", str(out)], cwd=SDK, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == MODULE.read_bytes(), "run `npm run build --prefix web/sdk`"



# --- Telegram: initData exchanged for a session ---------------------------------------------


def init_data(user_id: int, token: str = BOT_TOKEN) -> str:
    """Mini App initData signed as Telegram documents it (core.telegram.org/bots/webapps):
    HMAC-SHA256 keyed with HMAC-SHA256("WebAppData", bot token) over the sorted key=value
    lines of every field but ``hash``."""
    fields = {"auth_date": str(int(time.time())), "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
              "user": json.dumps({"id": user_id, "first_name": "Ada"}, separators=(",", ":"))}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return urlencode({**fields, "hash": hmac.new(secret, check.encode(),
                                                 hashlib.sha256).hexdigest()})


CONNECT_TELEGRAM = """
  const client = await sdk.connect({ gatewayUrl: args.url, initData: args.initData,
                                     allowSimulated: true });
  const account = await client.account();
  let invoked;
  try { invoked = await client.invoke("echo", { hi: 1 }); } catch (e) { invoked = e.code; }
  return { account: account.id, available: account.available, invoked };
"""


def test_init_data_is_exchanged_for_a_session_that_calls_as_the_account(net, served):
    args = {"url": net.gateway_url, "initData": init_data(424242)}
    out = node(CONNECT_TELEGRAM, args, module=served)
    assert out["account"].startswith("acct_") and out["available"] == 0, out
    assert out["invoked"] == "insufficient_funds"  # sealed as that account, which has no credit
    again = node(CONNECT_TELEGRAM, {**args, "initData": init_data(424242)}, module=served)
    assert again["account"] == out["account"]  # the same Telegram user, the same account


def test_tampered_init_data_is_refused(net, served):
    signed = init_data(424243)
    tampered = signed.replace("Ada", "Eve")
    for data in (tampered, init_data(424243, token="654321:another-bot")):
        out = node(CONNECT_TELEGRAM, {"url": net.gateway_url, "initData": data}, module=served)
        assert out["error"] == "invalid_init_data", out


# --- receipts on their own, and the thin reads the Mini App uses ---------------------------------


VERIFY_RECEIPT = """
  const headerBytes = args.header ? new TextEncoder().encode(sdk.canonicalJson(args.header))
                                  : undefined;
  return await sdk.verifyReceipt(args.signed, { ...args.expect, headerBytes });
"""


def _signed_receipt(keys: RuntimeKeys, h: RoutingHeader, **fields: Any) -> dict[str, Any]:
    receipt = UsageReceipt(**{
        "request_id": h.request_id, "client": h.client, "function": h.function,
        "function_digest": h.digest, "provider": "p1", "units": 7, "unit_price": 100,
        "amount": 700, "time_ms": 1, "outcome": "ok", "response_digest": "cd" * 32,
        "simulated": True, **fields})
    return sign_receipt(receipt, keys.signing, canonical_json(h.model_dump())).model_dump()


def test_verify_receipt_alone_passes_a_good_one_and_names_each_problem():
    keys, h = RuntimeKeys.generate(), header()
    signed = _signed_receipt(keys, h, prompt_units=3, completion_units=2, units=7, amount=700)
    args = {"signed": signed, "header": h.model_dump(),
            "expect": {"unitPrice": 100, "maxPrice": 700, "weights": [1, 2],
                       "signers": [keys.signing_public.hex()]}}
    assert node(VERIFY_RECEIPT, args) == {"valid": True, "problems": [],
                                          "commitmentChecked": True}
    bare = node(VERIFY_RECEIPT, {"signed": signed, "expect": {}})  # as /v1/usage lists it
    assert bare == {"valid": True, "problems": [], "commitmentChecked": False}

    def problems(signed: dict[str, Any], **expect: Any) -> list[str]:
        out = node(VERIFY_RECEIPT, {**args, "signed": signed, "expect": {**args["expect"],
                                                                          **expect}})
        assert out["valid"] is (not out["problems"])
        return out["problems"]

    tampered = json.loads(json.dumps(signed))
    tampered["receipt"]["amount"] = 699
    assert problems(tampered) == ["signature does not verify", "amount is not units x unit_price",
                                  "commitment does not verify"]
    assert problems(signed, unitPrice=90) == ["unit price 100 is not 90"]
    assert problems(signed, maxPrice=699) == ["amount 700 is above the max price 699"]
    assert problems(signed, weights=[2, 1]) == [
        "units are not the prompt and completion tokens weighed"]
    assert problems(signed, signers=["00" * 32]) == ["signed by an unexpected key"]
    # a consistent receipt re-signed by another key: the signature holds, the signer does not
    other = _signed_receipt(RuntimeKeys.generate(), h, prompt_units=3, completion_units=2)
    assert problems(other) == ["signed by an unexpected key"]
    uncommitted = {**signed, "commitment": None}
    assert problems(uncommitted) == ["carries no commitment"]
    assert node(VERIFY_RECEIPT, {"signed": {"nope": 1}, "expect": {}})["problems"] == [
        "not a signed receipt"]


THIN_READS = """
  const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key,
                                     allowSimulated: true });
  await client.invoke("echo", { n: 1 });
  const usage = await client.usage(5);
  const verdicts = await Promise.all(usage.receipts.map((r) => sdk.verifyReceipt(r)));
  let refused;
  try { await client.earnings("nobody-such"); } catch (e) { refused = [e.code, e.status]; }
  return { account: await client.account(), network: await client.network(),
           functions: (await client.functions()).map((f) => f.name),
           usage, verdicts, history: await client.usageHistory({ bucketS: 3600, sinceMs: args.since,
                                               untilMs: args.until }),
           providers: (await client.providers()).map((p) => p.id),
           mine: (await client.providers({ mine: true })).map((p) => p.id),
           earnings: await client.earnings("local").catch((e) => e.code), refused };
"""


def test_thin_reads_return_the_gateway_json(net, served):
    since, until = int(time.time() * 1000) - 3_600_000, int(time.time() * 1000) + 60_000
    out = node(THIN_READS, {"url": net.gateway_url, "key": net.client_key, "since": since,
                            "until": until}, module=served)
    with net.http() as http:
        account = http.get("/v1/account").json()
        assert out["account"]["id"] == account["id"]
        assert out["network"] == http.get("/v1/network").json()
        assert set(out["functions"]) == {f["name"] for f in http.get("/v1/functions").json()}
        assert out["providers"] == [p["id"] for p in http.get("/v1/providers").json()]
        assert out["history"] == http.get("/v1/usage/history",
                                          params={"bucket_s": 3600, "since_ms": since,
                                                  "until_ms": until}).json()
    assert {"echo", "counter"} <= set(out["functions"]) and "local" in out["providers"]
    assert 1 <= len(out["usage"]["receipts"]) <= 5
    assert all(v == {"valid": True, "problems": [], "commitmentChecked": False}
               for v in out["verdicts"])
    assert out["history"]["bucket_s"] == 3600 and out["history"]["points"]
    assert out["refused"][1] in (403, 404)
    assert out["mine"] == ["local"]  # the harness's client account registered it
    assert out["earnings"]["provider"] == "local" and out["earnings"]["calls"] >= 1
    # a 64-bit channel id comes back exact (as a string), not rounded to a double
    assert out["account"]["channel"]["channel_id"] == str(account["channel"]["channel_id"])


# --- vouchers: the page pays for what it verified ---------------------------------------------


def payer_seed() -> KeyPair:
    """The harness client's channel key ([client] voucher_key, platform/bootstrap.py)."""
    return load_key_file(Path(config.read_file()["client"]["voucher_key"]))


def test_the_voucher_hash_is_python_s_bit_for_bit():
    cases = [("0:" + "ab" * 32, 0, 0), ("-1:" + "01" * 32, 1, 1), ("0:" + "ff" * 32, 255, 256),
             ("0:" + "00" * 32, (1 << 63) + 7, (1 << 64) + 5), ("0:" + "5a" * 32, (1 << 64) - 1,
                                                                 MAX_COINS)]
    out = node("""
      return await Promise.all(args.cases.map(async ([ch, id, cum]) =>
        hex(await sdk.payloadHash(sdk.VOUCHER_TAG, ch, BigInt(id), BigInt(cum)))));
    """, {"cases": [[ch, str(i), str(c)] for ch, i, c in cases]})
    assert out == [payload_hash(VOUCHER_TAG, Address(ch), i, c).hex() for ch, i, c in cases]
    refused = node("""
      try { await sdk.payloadHash(sdk.VOUCHER_TAG, "0:" + "00".repeat(32), 0n, 1n << 120n); }
      catch (e) { return e.code; }
    """)
    assert refused == "bad_request"


PAYING = """
  const realFetch = globalThis.fetch;
  let dropped = 0, stripped = 0;
  const posts = [], carried = [];  // POST /v1/vouchers bodies, each invoke's voucher header
  const fetchVia = async (url, init) => {  // a lying gateway or a lost voucher, as args say
    if (url.endsWith("/v1/vouchers")) {
      posts.push(String(init.body));
      if (args.dropVouchers > dropped) {
        dropped++;
        throw new TypeError("connection reset");
      }
    }
    const voucher = init.headers?.[sdk.VOUCHER_HEADER];
    if (url.endsWith("/invoke")) carried.push(voucher ?? null);
    if (voucher && args.stripHeaders > stripped) {  // a proxy that drops the header
      stripped++;
      delete init.headers[sdk.VOUCHER_HEADER];
    }
    if (voucher && args.tamper) {  // another signature: the gateway's check must refuse it
      init.headers[sdk.VOUCHER_HEADER] = voucher.replace(/:(..)/, (_, b) =>
        ":" + (b === "00" ? "01" : "00"));
    }
    const resp = await realFetch(url, init);
    if (!args.forged || !url.endsWith("/v1/account")) return resp;
    const text = (await resp.text()).replace(/"voucher":(null|\\{[^}]*\\})/, () =>
      `"voucher":${args.forged}`);  // as text: its 64-bit channel id stays exact
    return new Response(text, { status: resp.status, headers: resp.headers });
  };
  const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key, allowSimulated: true,
                                     payerKey: args.seed, fetch: fetchVia });
  const amounts = [];
  for (let i = 0; i < args.calls; i++) {
    amounts.push((await client.invoke("echo", { i })).receipt.amount);
  }
  if (args.stream) {
    const s = client.stream("counter", { n: 3 });
    for await (const _ of s) { /* items */ }
    amounts.push(s.receipt.amount);
  }
  const beforeFlush = posts.length;
  const held = args.report ? (await client.account()).vouchered : null;  // before the flush
  if (!args.noFlush) await client.flushVoucher().catch(() => null);  // errors: voucherError
  const payer = await client.payer();
  return { pub: client.payerPublicKey(), amounts, paying: payer !== null, beforeFlush,
           posts: posts.length, carried, held,
           voucherError: client.voucherError?.code ?? null };
"""


def _account(net) -> dict[str, Any]:
    with net.http() as http:
        return http.get("/v1/account").json()


def test_js_signed_vouchers_verify_in_python_and_the_gateway_holds_them(net, served):
    key = payer_seed()
    before = _account(net)
    assert before["channel"]["client_signs"] and before["channel"]["payer_key"] == key.public.hex()
    out = node(PAYING, {"url": net.gateway_url, "key": net.client_key, "seed": key.seed.hex(),
                        "calls": 2, "stream": True}, module=served)
    assert out["pub"] == key.public.hex() and out["paying"] and out["voucherError"] is None, out
    assert len(out["amounts"]) == 3 and all(a > 0 for a in out["amounts"])
    after = _account(net)
    voucher = Voucher.model_validate(after["voucher"])
    assert voucher.verify(key.public)  # Python's check of the JS signature
    assert voucher.channel == after["channel"]["address"]
    assert voucher.channel_id == after["channel"]["channel_id"]
    base = before["voucher"]["cumulative"] if before["voucher"] else 0
    assert voucher.cumulative == after["vouchered"] == base + sum(out["amounts"])
    assert voucher.cumulative <= after["charged"]
    assert out["posts"] == 1  # the explicit flush: the calls carried theirs


def test_calls_carry_the_voucher_in_the_header_and_post_none(net, served):
    """Like the Python SDK: each call carries the voucher for every receipt verified before it
    (x-cocoon-voucher), so N calls make no POST /v1/vouchers; the gateway holds each as it
    comes, and flushVoucher() delivers the last call's."""
    key = payer_seed()
    before = _account(net)
    out = node(PAYING, {"url": net.gateway_url, "key": net.client_key, "seed": key.seed.hex(),
                        "calls": 4, "report": True}, module=served)
    assert out["paying"] and out["voucherError"] is None, out
    assert (out["beforeFlush"], out["posts"]) == (0, 1)  # only the closing flush
    amounts, base = out["amounts"], before["vouchered"]
    assert out["carried"][0] is None  # nothing verified yet
    for i, value in enumerate(out["carried"][1:], 1):
        cumulative, _, signature = value.partition(":")
        assert int(cumulative) == base + sum(amounts[:i])
        voucher = Voucher(channel=before["channel"]["address"],
                          channel_id=before["channel"]["channel_id"],
                          cumulative=int(cumulative), signature=signature)
        assert voucher.verify(key.public)
    # the gateway took each header: before the flush all but the last call were vouchered
    assert out["held"] == base + sum(amounts[:-1])
    after = _account(net)  # and after it, all of them
    assert after["vouchered"] - before["vouchered"] == after["charged"] - before["charged"]
    assert after["vouchered"] - before["vouchered"] == sum(amounts)


def test_a_tampered_voucher_header_fails_the_gateway_s_check(net, served):
    key = payer_seed()
    before = _account(net)
    out = node(PAYING, {"url": net.gateway_url, "key": net.client_key, "seed": key.seed.hex(),
                        "calls": 2, "tamper": True}, module=served)
    assert out["error"] == "invalid_voucher" and "signature" in out["message"], out
    assert _account(net)["vouchered"] == before["vouchered"]


def test_a_forged_base_voucher_is_not_adopted(net, served):
    key, other = payer_seed(), KeyPair(os.urandom(32))
    node(PAYING, {"url": net.gateway_url, "key": net.client_key, "calls": 1,
                  "seed": key.seed.hex()}, module=served)  # so the gateway holds a voucher
    held = Voucher.model_validate(_account(net)["voucher"])
    channel = held.channel
    forgeries = [
        Voucher.sign(other, channel, held.channel_id, held.cumulative + 10**9),  # another key
        held.model_copy(update={"cumulative": held.cumulative + 10**9}),  # altered amount
        Voucher.sign(key, channel, held.channel_id + 1, held.cumulative + 10**9),  # other id
    ]
    for forged in forgeries:
        before = _account(net)["vouchered"]
        out = node(PAYING, {"url": net.gateway_url, "key": net.client_key, "calls": 1,
                            "seed": key.seed.hex(), "forged": forged.model_dump_json()},
                   module=served)
        # the page started from nothing it could trust: its voucher covers only its own call,
        # below what the gateway holds, so the gateway keeps the higher one (stale: 409)
        assert out["paying"] and out["voucherError"] == "stale_voucher", out
        assert _account(net)["vouchered"] == before  # and nothing above what was charged
    out = node(PAYING, {"url": net.gateway_url, "key": net.client_key, "calls": 1,
                        "seed": other.seed.hex()}, module=served)
    assert not out["paying"] and out["voucherError"] is None  # not the channel's key: no vouchers


def test_voucher_required_flushes_the_undelivered_voucher_and_retries_once(tmp_path, served):
    from tests.harness import running_network

    with running_network(tmp_path / "net", max_unvouchered=1500) as net:
        key = payer_seed()
        # the 2nd and 3rd calls' headers are lost on the way: the 3rd meets the debt gate,
        # flushes (POST) and is sent again; the closing flush delivers the 3rd call's
        out = node(PAYING, {"url": net.gateway_url, "key": net.client_key, "calls": 3,
                            "seed": key.seed.hex(), "stripHeaders": 2}, module=served)
        assert out["paying"] and out["voucherError"] is None and len(out["amounts"]) == 3, out
        assert (out["beforeFlush"], out["posts"]) == (1, 2), out
        assert len(out["carried"]) == 4  # the 3rd sent twice: the same envelope
        after = _account(net)
        assert after["vouchered"] == after["charged"] == sum(out["amounts"])
        assert out["amounts"][0] + out["amounts"][1] > 1500  # so the 3rd call met the gate
        out = node(PAYING, {"url": net.gateway_url, "key": net.client_key, "calls": 3,
                            "seed": key.seed.hex(), "dropVouchers": 1, "stripHeaders": 2},
                   module=served)  # and that POST lost too: the call fails, nothing is lost
        assert out["error"] == "voucher_required", out


# --- TON Connect messages: the channel's deploy and top-ups, as Python builds them -------------


OPEN_MESSAGE = """
  const open = await sdk.channelOpenMessage({ payerKey: args.seed, ownerWallet: args.owner,
    terms: args.terms, channelId: args.channelId, account: args.account, deposit: args.deposit });
  return { open, topUp: sdk.topUpMessage(args.topUpTo, args.deposit) };
"""


def test_channel_messages_are_python_s_byte_for_byte():
    payer, owner, platform = (KeyPair(bytes([i]) * 32) for i in (1, 2, 3))
    owner_wallet = wallet_address(owner.public)
    terms = {"platform_wallet": wallet_address(platform.public).to_str(is_user_friendly=False),
             "platform_key": platform.public.hex(), "dispute_window": 86_400}
    deposit = 5 * 10**9 + 1
    for channel_id, account, owner_form in (
            ("9223372036854775001", None, owner_wallet.to_str(is_user_friendly=False)),
            (None, "acct_ü1", owner_wallet.to_str(is_user_friendly=True))):  # friendly: same
        params = ClientTerms.model_validate(terms).channel_params(
            payer_wallet=owner_wallet.to_str(is_user_friendly=False),
            payer_key=payer.public.hex(),
            channel_id=int(channel_id) if channel_id else channel_id_for(account, payer))
        friendly = params.address.to_str(is_user_friendly=True)
        out = node(OPEN_MESSAGE, {"seed": payer.seed.hex(), "owner": owner_form, "terms": terms,
                                  "channelId": channel_id, "account": account,
                                  "deposit": str(deposit), "topUpTo": friendly})
        state_init = params.state_init().serialize()
        assert out["open"] == {
            "address": params.address.to_str(is_user_friendly=False),
            "amount": str(deposit + TOPUP_GAS_RESERVE),
            "stateInit": base64.b64encode(state_init.to_boc(hash_crc32=True)).decode(),
            "payload": base64.b64encode(top_up_body(deposit).to_boc(hash_crc32=True)).decode(),
            "channelId": str(params.channel_id)}
        assert out["topUp"] == {"address": out["open"]["address"],
                                "amount": out["open"]["amount"],
                                "payload": out["open"]["payload"]}
    bad = node("""
      const codes = [];
      for (const deposit of [0, -1, 1.5, "x"]) {
        try { sdk.topUpMessage(args.to, deposit); } catch (e) { codes.push(e.code); }
      }
      try { sdk.topUpMessage("not an address", 1); } catch (e) { codes.push(e.code); }
      try { await sdk.channelOpenMessage({ payerKey: "00".repeat(32), ownerWallet: args.to,
              terms: { platform_wallet: null, platform_key: null, dispute_window: null },
              deposit: 1 }); } catch (e) { codes.push(e.code); }
      return codes;
    """, {"to": owner_wallet.to_str(is_user_friendly=False)})
    assert bad == ["bad_request"] * 5 + ["not_found"]


def test_the_registration_signature_passes_check_registration():
    payer = KeyPair(os.urandom(32))
    address = "0:" + "7e" * 32
    out = node("""
      const key = await sdk.PayerKey.fromSeed(args.seed);
      return { pub: key.publicHex,
               sig: hex(await key.sign(sdk.registrationMessage(args.account, args.address))) };
    """, {"seed": payer.seed.hex(), "account": "acct_ü",
          "address": "0:" + "7E" * 32})  # signed in raw form, lower case
    assert out["pub"] == payer.public.hex()
    check_registration(out["pub"], "acct_ü", address, out["sig"])  # raises if not
    with pytest.raises(SettlementError, match="signature"):
        check_registration(out["pub"], "acct_other", address, out["sig"])


OPEN_AND_PAY = """
  const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key, allowSimulated: true,
                                     payerKey: args.seed });
  const before = await client.payer();
  const message = await client.channelOpenMessage({ ownerWallet: args.owner,
                                                    deposit: args.deposit });
  return { message, before: before !== null };
"""

REGISTER_AND_PAY = """
  const client = await sdk.connect({ gatewayUrl: args.url, apiKey: args.key, allowSimulated: true,
                                     payerKey: args.seed });
  await client.payer();  // no channel yet: null, read again after the registration
  const registered = await client.registerChannel(args.address);
  const inv = await client.invoke("echo", { paid: true });
  await client.flushVoucher();  // a page that stops calling delivers the last call's voucher
  return { registered, amount: inv.receipt.amount, voucherError: client.voucherError ?? null,
           account: await client.account() };
"""


def test_a_channel_opened_from_js_messages_registers_and_pays(net, served):
    with net.http(None) as http:
        signup = http.post("/v1/accounts", json={"name": "mini app"}).json()
    account, api_key = signup["account"]["id"], signup["api_key"]
    wallet, payer = KeyPair(os.urandom(32)), KeyPair(os.urandom(32))  # TON Connect's, the app's
    chain = local.embedded_chain(net.home)
    try:
        chain.fund(wallet_address(wallet.public), 10 * 10**9)
        args = {"url": net.gateway_url, "key": api_key, "seed": payer.seed.hex(),
                "owner": wallet_address(wallet.public).to_str(is_user_friendly=False),
                "deposit": 3 * 10**9}
        out = node(OPEN_AND_PAY, args, module=served)
        message = out["message"]
        assert not out["before"] and message["channelId"] == str(channel_id_for(account, payer))
        # the wallet sends the message as TON Connect would hand it over
        sent = chain.transfer(wallet, [Transfer(
            dest=Address(message["address"]), value=int(message["amount"]),
            body=Cell.one_from_boc(base64.b64decode(message["payload"])),
            state_init=StateInit.deserialize(
                Cell.one_from_boc(base64.b64decode(message["stateInit"])).begin_parse()))])
        assert not sent.aborted
        state = PaymentChannel(chain, message["address"]).state()
        assert (state.status, state.deposit, state.payer_key) == ("open", 3 * 10**9,
                                                                  payer.public.hex())
    finally:
        chain.close()
    paid = node(REGISTER_AND_PAY, {**args, "address": message["address"]}, module=served)
    registered = paid["registered"]
    assert registered["channel"]["address"] == message["address"], paid
    assert registered["channel"]["payer_key"] == payer.public.hex()
    assert registered["credited"] == 3 * 10**9
    assert paid["voucherError"] is None and paid["amount"] > 0
    assert paid["account"]["vouchered"] == paid["account"]["charged"] == paid["amount"]
    assert Voucher.model_validate(paid["account"]["voucher"]).verify(payer.public)
