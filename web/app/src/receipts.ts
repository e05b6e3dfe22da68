/** A receipt's verification status as the page shows it: `verified` or `invalid: why`, from the
 * SDK's verifyReceipt (the Ed25519 signature over canonical JSON, amount == units x unit price,
 * the token weights when known). */
import { type SignedReceipt, verifyReceipt } from "/sdk/cocoon.js";

export async function receiptStatus(signed: SignedReceipt, weights?: [number, number]):
    Promise<string> {
  try {
    const verdict = await verifyReceipt(signed, weights ? { weights } : {});
    if ("valid" in verdict && typeof verdict.valid === "boolean") {
      return verdict.valid ? "verified" : `invalid: ${verdict.problems.join("; ")}`;
    }
    return "verified"; // an SDK whose verifyReceipt returns the receipt, or throws
  } catch (exc) {
    return `invalid: ${(exc as Error).message ?? exc}`;
  }
}
