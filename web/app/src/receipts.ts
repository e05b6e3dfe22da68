/** A receipt's verification status as the page shows it: `verified` or `invalid: why`, from the
 * SDK's verifyReceipt (the Ed25519 signature over canonical JSON, amount == units x unit price,
 * the token weights when known). */
import { type SignedReceipt, verifyReceipt } from "/sdk/cocoon.js";

export async function receiptStatus(signed: SignedReceipt, weights?: [number, number]):
    Promise<string> {
  try {
    const verdict = await verifyReceipt(signed, weights ? { weights } : {});
    return verdict.valid ? "verified" : `invalid: ${verdict.problems.join("; ")}`;
  } catch (exc) { // a receipt too malformed to check
    return `invalid: ${(exc as Error).message ?? exc}`;
  }
}
