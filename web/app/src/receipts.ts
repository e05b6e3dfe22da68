/** A receipt's verification status as the page shows it: `verified`, `unverified: why` or
 * `invalid: why`, from the SDK's verifyReceipt (the Ed25519 signature over canonical JSON,
 * amount == units x unit price, the token weights when known, and the signer).
 *
 * A signature by itself proves nothing: anyone can make a key and sign a receipt with it. A
 * receipt is `verified` only when its signer is one of `signers`, the receipt-signing keys of
 * the provider's offers that passed this page's policy (the keys the SDK sealed to); a receipt
 * listed by the gateway whose signer no such offer holds (a key made up by whoever wrote the
 * receipt, or a replica gone since) is `unverified`. */
import { type SignedReceipt, verifyReceipt } from "/sdk/cocoon.js";

const UNEXPECTED = "signed by an unexpected key";

export async function receiptStatus(signed: SignedReceipt, weights: [number, number] | undefined,
                                    signers: Iterable<string>): Promise<string> {
  try {
    const verdict = await verifyReceipt(signed, { weights, signers: [...signers] });
    if (verdict.valid) return "verified";
    if (verdict.problems.length === 1 && verdict.problems[0] === UNEXPECTED) {
      return "unverified: its signer is in no verified offer of its provider";
    }
    return `invalid: ${verdict.problems.join("; ")}`;
  } catch (exc) { // a receipt too malformed to check
    return `invalid: ${(exc as Error).message ?? exc}`;
  }
}
