// @ton/core's one use of @ton/crypto on the SDK's path: a synchronous SHA-256 for cell hashes.
// hash.js (bundled already, for elliptic) serves it; the rest of @ton/crypto (mnemonics, word
// lists, NaCl: ~300 KB) stays out of the bundle. Signing goes through WebCrypto (voucher.ts).
import hash from "hash.js";

export function sha256_sync(data) {
  return Buffer.from(hash.sha256().update(data).digest());
}

function absent() {
  throw new Error("not in Cocoon's browser SDK");
}
export const sign = absent;
export const signVerify = absent;
