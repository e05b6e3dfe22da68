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

/** Whether `signed.signature` is `signed.signer`'s over canonical_json(receipt). */
async function signatureValid(signed: SignedReceipt): Promise<boolean> {
  try {
    const r = { ...signed.receipt };
    for (const k of ["prompt_units", "completion_units"] as const) if (r[k] == null) delete r[k];
    return await ed25519Verify(unhex(signed.signer), unhex(signed.signature),
                               te.encode(canonicalJson(r)));
  } catch {
    return false;
  }
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** What is wrong with a receipt's figures: amount = units x unit price (exact integers), and,
 * with `weights` and both token counts, units = prompt x weight + completion x weight (as
 * runtime/wire.py's UsageReceipt.adds_up). */
function figureProblems(r: UsageReceipt, weights?: [number, number]): string[] {
  if (![r.units, r.unit_price, r.amount].every(isCount)) {
    return ["units, unit_price and amount must be non-negative safe integers"];
  }
  const problems = [];
  if (r.amount !== r.units * r.unit_price) problems.push("amount is not units x unit_price");
  if (weights && r.prompt_units != null && r.completion_units != null &&
      r.units !== r.prompt_units * weights[0] + r.completion_units * weights[1]) {
    problems.push("units are not the prompt and completion tokens weighed");
  }
  return problems;
}

export interface ReceiptVerdict {
  valid: boolean;
  /** Why not, one line each (empty when valid). */
  problems: string[];
  /** Whether the commitment was checked (it needs the request's header bytes). */
  commitmentChecked: boolean;
}

export interface ReceiptExpectations {
  /** The unit price the receipt must charge. */
  unitPrice?: number;
  /** The most it may charge in total (the request's max_price). */
  maxPrice?: number;
  /** The function's [prompt_weight, completion_weight] (GET /v1/functions/{name}). */
  weights?: [number, number];
  /** Replica signing keys (hex) one of which must have signed it. */
  signers?: Iterable<string>;
  /** The request's routing header bytes: then the commitment's signature is checked too. */
  headerBytes?: Bytes;
}

/** Check a signed receipt on its own (e.g. one listed by GET /v1/usage): the Ed25519
 * signature over canonical JSON, amount = units x unit price, and whatever `expect` gives
 * (unit price, max price, weights, signers, the commitment). Never throws. Without
 * `signers`, `valid` means only that some key signed it (anyone can make one): pass the
 * signing keys of the provider's verified offers. */
export async function verifyReceipt(signed: SignedReceipt, expect: ReceiptExpectations = {}):
    Promise<ReceiptVerdict> {
  const r = signed?.receipt;
  if (!r || typeof r !== "object" || typeof signed.signer !== "string") {
    return { valid: false, problems: ["not a signed receipt"], commitmentChecked: false };
  }
  const problems = [];
  if (!(await signatureValid(signed))) problems.push("signature does not verify");
  if (expect.signers && ![...expect.signers].includes(signed.signer)) {
    problems.push("signed by an unexpected key");
  }
  problems.push(...figureProblems(r, expect.weights));
  if (expect.unitPrice != null && r.unit_price !== expect.unitPrice) {
    problems.push(`unit price ${r.unit_price} is not ${expect.unitPrice}`);
  }
  if (expect.maxPrice != null && !(r.amount <= expect.maxPrice)) {
    problems.push(`amount ${r.amount} is above the max price ${expect.maxPrice}`);
  }
  if (expect.headerBytes) {
    try {
      await verifyCommitment(signed, expect.headerBytes);
    } catch (exc) {
      problems.push((exc as Error).message.replace(/^provider_failed: receipt /, ""));
    }
  }
  return { valid: !problems.length, problems, commitmentChecked: !!expect.headerBytes };
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
  if (!(await signatureValid(signed))) throw failed("receipt signature does not verify");
  const r = signed.receipt;
  if (r.request_id !== header.request_id || r.client !== header.client ||
      r.provider !== opts.provider || r.function_digest !== header.digest ||
      r.units > opts.maxUnits || figureProblems(r, opts.weights ?? [1, 1]).length ||
      r.amount > header.max_price || r.response_digest !== opts.digest) {
    throw failed("receipt does not match the request or the offer");
  }
  return r;
}
