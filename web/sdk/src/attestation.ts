/** Offer verification in the browser (docs/protocol.md section 7): every replica key's
 * evidence must pass the client's policy and bind that key to the offer's provider and
 * function digest (report_data = SHA-512 of the length-prefixed parts). Simulated evidence only
 * with allowSimulated; TDX quotes through @phala/dcap-qvl with the collateral the evidence
 * carries; other kinds (SEV-SNP, NVIDIA) are refused here. */
import { verify as dcapVerify } from "@phala/dcap-qvl";
import { type Bytes, CocoonError, b64decode, canonicalJson, concat, equal, hex, sha512, te, u16, unhex }
  from "./bytes";
import { ed25519Verify } from "./receipt";

export interface Evidence {
  kind: string; data: string; collateral?: string | null; chain?: string | null;
  nonce?: string | null; offset?: number;
}
export interface ReplicaKey {
  hpke_public: string; signing_public: string; evidence: Evidence[]; created_ms: number;
  stake_cert?: string | null;
}
export interface Offer {
  provider: string; function_digest: string; keys: ReplicaKey[]; unit_price: number;
  quoted_price?: number | null; simulated: boolean;
}
export interface Policy {
  allowSimulated?: boolean;
  allowDebug?: boolean;
  /** Lowest accepted TCB status (Cocoon's order); default UpToDate. */
  minTcbStatus?: string;
  /** TDX allowlist: "name=hex" entries (mrtd, rtmr0..3, ...) or plain hex (an MRTD). Real
   * evidence fails closed: mrtd, rtmr0, rtmr1 and rtmr2 must each be pinned and match. */
  tdxMeasurements?: string[];
  /** Verification time in ms (default now); tests pin it. */
  now?: number;
}
export interface Verdict { kind: string; valid: boolean; simulated: boolean; reasons: string[];
  status?: string; measurement?: string }
export interface VerifiedOffer { offer: Offer; verdicts: Verdict[]; valid: boolean }

export const TCB_ORDER = ["UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
  "ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked"];
const TDX_REQUIRED = ["mrtd", "rtmr0", "rtmr1", "rtmr2"];

/** runtime/attestation/binding.py replica_binding. */
export async function replicaBinding(hpkePublic: Bytes, signingPublic: Bytes,
                                     provider: string, digest: string): Promise<Bytes> {
  const parts = [hpkePublic, signingPublic, te.encode(provider), unhex(digest)];
  return sha512(concat(te.encode("cocoon/v1/runtime-keys"),
                       ...parts.flatMap((p) => [u16(p.length), p])));
}

async function simulated(e: Evidence): Promise<Verdict & { reportData?: string }> {
  const v: Verdict = { kind: "simulated", valid: true, simulated: true, reasons: [] };
  try {
    const doc = JSON.parse(new TextDecoder().decode(b64decode(e.data)));
    const { signature, ...body } = doc;
    if (body.format !== "cocoon-simulated-tee/v1") {
      return { ...v, valid: false, reasons: ["not a simulated-TEE document"] };
    }
    const ok = await ed25519Verify(unhex(body.platform_key), unhex(signature),
                                   te.encode(canonicalJson(body, true)));
    if (!ok) return { ...v, valid: false, reasons: ["simulated evidence signature does not verify"] };
    return { ...v, measurement: String(body.measurement), reportData: String(body.report_data) };
  } catch {
    return { ...v, valid: false, reasons: ["malformed simulated evidence"] };
  }
}

function tdx(e: Evidence, policy: Policy): Verdict & { reportData?: string } {
  const v: Verdict = { kind: "tdx", valid: true, simulated: false, reasons: [] };
  if (!e.collateral) {
    return { ...v, valid: false, reasons: ["no collateral: TCB status unknown"] };
  }
  let report;
  try {
    const now = Math.floor((policy.now ?? Date.now()) / 1000);
    report = dcapVerify(b64decode(e.data), JSON.parse(e.collateral), now);
  } catch (exc) {
    return { ...v, valid: false,
      reasons: [`DCAP verification failed: ${String((exc as Error).message).slice(0, 200)}`] };
  }
  const td = report.report.asTd10() ?? report.report.asTd15()?.base; // TD 1.5 extends 1.0
  if (!td) return { ...v, valid: false, reasons: ["the quote holds no TD report"] };
  const values: Record<string, string> = {
    mrtd: hex(td.mrTd), rtmr0: hex(td.rtMr0), rtmr1: hex(td.rtMr1), rtmr2: hex(td.rtMr2),
    rtmr3: hex(td.rtMr3), mrseam: hex(td.mrSeam), mrconfigid: hex(td.mrConfigId),
    mrowner: hex(td.mrOwner), mrownerconfig: hex(td.mrOwnerConfig),
  };
  const reasons: string[] = [];
  const rank = TCB_ORDER.indexOf(report.status);
  const floor = TCB_ORDER.indexOf(policy.minTcbStatus ?? "UpToDate");
  if (rank < 0 || rank > floor) reasons.push(`TCB status ${report.status} below ${policy.minTcbStatus ?? "UpToDate"}`);
  if (td.tdAttributes[0] & 1 && !policy.allowDebug) reasons.push("debug mode enabled");
  const pins: Record<string, Set<string>> = {};
  for (const entry of policy.tdxMeasurements ?? []) {
    const [name, value] = entry.includes("=") ? entry.split("=", 2) : ["mrtd", entry];
    (pins[name.toLowerCase()] ??= new Set()).add(value.toLowerCase());
  }
  for (const name of new Set([...TDX_REQUIRED, ...Object.keys(pins)])) {
    if (!pins[name]) reasons.push(`tdx ${name} not pinned by the policy`);
    else if (!pins[name].has(values[name])) reasons.push(`tdx ${name} not accepted`);
  }
  return { ...v, valid: reasons.length === 0, reasons, status: report.status,
           measurement: values.mrtd, reportData: hex(td.reportData) };
}

/** One piece of evidence under the policy, bound to `binding` (the expected report_data). */
export async function verifyEvidence(e: Evidence, policy: Policy, binding: Bytes):
    Promise<Verdict> {
  let v: Verdict & { reportData?: string };
  if (e.kind === "simulated") v = await simulated(e);
  else if (e.kind === "tdx") v = tdx(e, policy);
  else return { kind: e.kind, valid: false, simulated: false,
                reasons: [`${e.kind} evidence is not verified by the browser SDK`] };
  const { reportData, ...verdict } = v;
  if (verdict.simulated && !policy.allowSimulated) {
    verdict.valid = false;
    verdict.reasons.push("simulated TEE not allowed by policy");
  }
  if (verdict.valid && !(reportData && equal(unhex(reportData), binding))) {
    verdict.valid = false;
    verdict.reasons.push("report_data does not bind the offered keys");
  }
  return verdict;
}

/** Every key's every piece of evidence must pass (one bad key spoils the offer). */
export async function verifyOffer(offer: Offer, policy: Policy): Promise<VerifiedOffer> {
  const verdicts: Verdict[] = [];
  try {
    for (const k of offer.keys) {
      const binding = await replicaBinding(unhex(k.hpke_public), unhex(k.signing_public),
                                           offer.provider, offer.function_digest);
      for (const e of k.evidence) verdicts.push(await verifyEvidence(e, policy, binding));
    }
  } catch (exc) {
    if (!(exc instanceof CocoonError)) throw exc;
    verdicts.push({ kind: "offer", valid: false, simulated: false, reasons: ["malformed offer"] });
  }
  return { offer, verdicts, valid: verdicts.length > 0 && verdicts.every((v) => v.valid) };
}
