/** Receipt checks (docs/protocol.md section 6): the Ed25519 signature over canonical JSON,
 * the commitment, and the fields against the request, as runtime/envelope.py's
 * check_signed_receipt and verify_commitment do. Ed25519 comes from WebCrypto (Node 20,
 * Chrome 137+, Firefox 129+, Safari 17+): no extra package. */
import { type Bytes, CocoonError, canonicalJson, concat, sha256, te, unhex } from "./bytes";
import type { RoutingHeader } from "./envelope";

export interface UsageReceipt {
  request_id: string; client: string; function: string; function_digest: string;
  provider: string; units: number; unit_price: number; amount: number; time_ms: number;
  outcome: "ok" | "error" | "timeout"; response_digest: string; simulated: boolean;
  prompt_units?: number; completion_units?: number;
}
export interface SignedReceipt {
  receipt: UsageReceipt; signer: string; signature: string; commitment?: string | null;
}

const failed = (m: string) => new CocoonError("provider_failed", m);

export async function ed25519Verify(pub: Bytes, sig: Bytes, msg: Bytes):
    Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify({ name: "Ed25519" }, key, sig, msg);
  } catch {
    return false;
  }
}

/** The signature over canonical_json(receipt), by `signer`. */
export async function verifyReceipt(signed: SignedReceipt): Promise<UsageReceipt> {
  let ok = false;
  try {
    const r = { ...signed.receipt };
    for (const k of ["prompt_units", "completion_units"] as const) if (r[k] == null) delete r[k];
    ok = await ed25519Verify(unhex(signed.signer), unhex(signed.signature),
                             te.encode(canonicalJson(r)));
  } catch {
    ok = false;
  }
  if (!ok) throw failed("receipt signature does not verify");
  return signed.receipt;
}

function u64(n: number): Bytes {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/** The representation hash of the rcmt cell (runtime/wire.py ReceiptCommitment): 992 data
 * bits, no refs, so descriptors 0x00 and 248 then the 124 data bytes. */
export async function commitmentDigest(r: UsageReceipt, headerBytes: Bytes):
    Promise<Bytes> {
  const data = concat(new Uint8Array([0x72, 0x63, 0x6d, 0x74]), await sha256(headerBytes),
    unhex(r.function_digest), u64(r.units), u64(r.unit_price), u64(r.amount),
    unhex(r.response_digest));
  if (data.length !== 124) throw failed("receipt digests are not 32 bytes");
  return sha256(concat(new Uint8Array([0, 248]), data));
}

export async function verifyCommitment(signed: SignedReceipt, headerBytes: Bytes):
    Promise<void> {
  if (!signed.commitment) throw failed("receipt carries no commitment");
  let ok = false;
  try {
    ok = await ed25519Verify(unhex(signed.signer), unhex(signed.commitment),
                             await commitmentDigest(signed.receipt, headerBytes));
  } catch {
    ok = false;
  }
  if (!ok) throw failed("receipt commitment does not verify");
}

/** Everything the client requires of a receipt (any unit price: the gateway fixed it within
 * max_price). `digest`: the response digest of the chunks received. */
export async function checkReceipt(signed: SignedReceipt, header: RoutingHeader, opts: {
  digest: string; provider: string; signers: Set<string>; maxUnits: number;
  weights?: [number, number];
}): Promise<UsageReceipt> {
  if (!opts.signers.has(signed.signer)) throw failed("receipt signed by an unexpected key");
  const r = await verifyReceipt(signed);
  const [pw, cw] = opts.weights ?? [1, 1];
  const addsUp = r.prompt_units == null || r.completion_units == null ||
    r.units === r.prompt_units * pw + r.completion_units * cw;
  if (r.request_id !== header.request_id || r.client !== header.client ||
      r.provider !== opts.provider || r.function_digest !== header.digest ||
      r.units > opts.maxUnits || r.amount !== r.units * r.unit_price || !addsUp ||
      r.amount > header.max_price || r.response_digest !== opts.digest) {
    throw failed("receipt does not match the request or the offer");
  }
  return r;
}
