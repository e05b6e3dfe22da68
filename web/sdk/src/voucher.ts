/** Cumulative payment vouchers, as contracts/voucher.py and platform/sdk/vouchers.py make them:
 * the payer key's Ed25519 signature over the representation hash of the one cell
 *
 *     voucher#766f7563 channel:MsgAddressInt channel_id:uint64 cumulative:Coins
 *
 * computed directly (no TON library): the cell has no refs, so its hash is SHA-256 of the two
 * descriptor bytes and the data bits, padded with the completion tag.
 *
 * Trust, as in Python: the SDK never signs an amount the gateway merely claims. It starts from
 * the newest voucher the gateway holds only if this very key signed it for this channel, then
 * adds the amount of each receipt it verified itself. Amounts and ids are BigInt inside. */
import { type Bytes, CocoonError, concat, hex, sha256, unhex } from "./bytes";
import { ed25519Verify } from "./receipt";

export const VOUCHER_TAG = 0x766f7563n;
export const MAX_COINS = (1n << 120n) - 1n;

/** As the gateway holds it (GET /v1/account's `voucher`) and takes it (POST /v1/vouchers). */
export interface Voucher {
  channel: string; channel_id: number | string; cumulative: number | string; signature: string;
}

/** A raw address `wc:hex64` -> [workchain, 32-byte hash]. */
export function parseRawAddress(address: string): [number, Bytes] {
  const m = /^(-?\d+):([0-9a-fA-F]{64})$/.exec(String(address).trim());
  if (!m || Number(m[1]) < -128 || Number(m[1]) > 127) {
    throw new CocoonError("bad_request", `not a raw TON address: ${address}`);
  }
  return [Number(m[1]), unhex(m[2])];
}

/** A raw address normalised (lower-case hex): two spellings of one address compare equal. */
export function rawAddress(address: string): string {
  const [wc, hash] = parseRawAddress(address);
  return `${wc}:${hex(hash)}`;
}

function bigOf(v: number | string | bigint, what: string): bigint {
  try {
    if (typeof v === "number" && !Number.isSafeInteger(v)) throw new Error();
    return BigInt(v);
  } catch {
    throw new CocoonError("bad_request", `${what} is not an exact integer`);
  }
}

/** contracts/voucher.py payload_hash: the representation hash of the payload cell. */
export async function payloadHash(tag: bigint, channel: string, channelId: bigint,
                                  cumulative: bigint): Promise<Bytes> {
  if (cumulative < 0n || cumulative > MAX_COINS) {
    throw new CocoonError("bad_request", "cumulative amount out of range");
  }
  if (channelId < 0n || channelId >= 1n << 64n) {
    throw new CocoonError("bad_request", "channel id out of range");
  }
  const [wc, hash] = parseRawAddress(channel);
  const nbytes = cumulative === 0n ? 0 : Math.ceil(cumulative.toString(2).length / 8);
  let value = tag;
  value = (value << 2n) | 0b10n; // addr_std
  value = value << 1n; // no anycast
  value = (value << 8n) | BigInt(wc & 0xff);
  value = (value << 256n) | BigInt("0x" + hex(hash));
  value = (value << 64n) | channelId;
  value = (value << 4n) | BigInt(nbytes);
  value = (value << BigInt(8 * nbytes)) | cumulative;
  const bits = 32 + 267 + 64 + 4 + 8 * nbytes;
  const d2 = Math.ceil(bits / 8) + Math.floor(bits / 8);
  if (bits % 8) { // completion tag: a 1 bit then zeros up to the byte boundary
    const pad = BigInt(8 - (bits % 8));
    value = (value << pad) | (1n << (pad - 1n));
  }
  const data = unhex(value.toString(16).padStart(2 * Math.ceil(bits / 8), "0"));
  return sha256(concat(new Uint8Array([0, d2]), data));
}

/** An Ed25519 key from its 32-byte seed (hex), as WebCrypto takes it: PKCS8 is a fixed DER
 * prefix then the seed. */
export class PayerKey {
  private constructor(private readonly key: CryptoKey, readonly publicHex: string) {}

  static async fromSeed(seedHex: string): Promise<PayerKey> {
    const seed = unhex(seedHex.trim());
    if (seed.length !== 32) throw new CocoonError("bad_request", "a payer key is a 32-byte seed");
    const pkcs8 = concat(unhex("302e020100300506032b657004220420"), seed);
    const key = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
    const jwk = await crypto.subtle.exportKey("jwk", key);
    const pub = atob(jwk.x!.replace(/-/g, "+").replace(/_/g, "/"));
    return new PayerKey(key, hex(Uint8Array.from(pub, (c) => c.charCodeAt(0))));
  }

  async sign(message: Bytes): Promise<Bytes> {
    return new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, this.key, message));
  }
}

/** Voucher JSON with the integers written exactly (they may pass 2^53). */
export function voucherJson(v: { channel: string; channelId: bigint; cumulative: bigint;
                                 signature: string }): string {
  return `{"channel":${JSON.stringify(v.channel)},"channel_id":${v.channelId},` +
    `"cumulative":${v.cumulative},"signature":${JSON.stringify(v.signature)}}`;
}

/** A voucher signed for the gateway: its JSON (POST /v1/vouchers), its cumulative and the
 * `x-cocoon-voucher` header value (`<cumulative>:<signature>`, the channel is the account's). */
export interface SignedVoucher { json: string; cumulative: bigint; header: string }

/** Signs cumulative vouchers on one client -> platform channel. One per channel per page
 * (clients of one page share it), like the Python SDK's per-process state. */
export class Payer {
  signed = 0n; // newest cumulative this key signed (seen by this page)
  unsigned = 0n; // verified receipts not yet in a voucher
  undelivered = false; // `signed` may not have reached the gateway yet
  private latest: SignedVoucher | null = null; // the signature of `signed`, made once

  constructor(readonly key: PayerKey, readonly channel: string, readonly channelId: bigint) {}

  /** Raise the base to a voucher the gateway holds, if this key really signed it for this
   * channel; anything else is ignored. Returns whether it was adopted. */
  async observe(voucher: Voucher | null | undefined): Promise<boolean> {
    try {
      if (!voucher || rawAddress(voucher.channel) !== this.channel ||
          bigOf(voucher.channel_id, "channel_id") !== this.channelId ||
          !(await verifyVoucher(voucher, this.key.publicHex))) return false;
      const cumulative = bigOf(voucher.cumulative, "cumulative");
      if (cumulative > this.signed) this.signed = cumulative;
      return true;
    } catch {
      return false;
    }
  }

  verified(amount: number | bigint): void {
    this.unsigned += BigInt(amount);
  }

  /** The voucher for everything verified so far, or the newest again if the gateway may lack
   * it; null when there is nothing to send. Each cumulative is signed once: asked again, it
   * answers without awaiting anything (so a `pagehide` handler reaches its fetch at once). */
  async next(): Promise<SignedVoucher | null> {
    if (this.unsigned > 0n) {
      this.signed += this.unsigned;
      this.unsigned = 0n;
      this.undelivered = true;
    } else if (!this.undelivered) {
      return null;
    }
    const cumulative = this.signed;
    if (this.latest?.cumulative === cumulative) return this.latest;
    const digest = await payloadHash(VOUCHER_TAG, this.channel, this.channelId, cumulative);
    const signature = hex(await this.key.sign(digest));
    const out = { json: voucherJson({ channel: this.channel, channelId: this.channelId,
                                      cumulative, signature }),
                  cumulative, header: `${cumulative}:${signature}` };
    if (cumulative >= (this.latest?.cumulative ?? -1n)) this.latest = out;
    return out;
  }

  delivered(cumulative: bigint): void {
    if (cumulative >= this.signed) this.undelivered = false;
  }
}

const payers = new Map<string, Payer>();

/** The page's payer for `channel` (one state per channel and key). */
export function payerFor(key: PayerKey, channel: string, channelId: bigint): Payer {
  const id = `${rawAddress(channel)}/${channelId}/${key.publicHex}`;
  let payer = payers.get(id);
  if (!payer) payers.set(id, payer = new Payer(key, rawAddress(channel), channelId));
  return payer;
}

/** A voucher's digest and signature check, for anyone holding the payer's public key. */
export async function verifyVoucher(voucher: Voucher, payerPublic: string): Promise<boolean> {
  try {
    const digest = await payloadHash(VOUCHER_TAG, rawAddress(voucher.channel),
                                     bigOf(voucher.channel_id, "channel_id"),
                                     bigOf(voucher.cumulative, "cumulative"));
    return await ed25519Verify(unhex(payerPublic), unhex(voucher.signature), digest);
  } catch {
    return false;
  }
}
