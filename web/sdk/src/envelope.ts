/** The request envelope, response chunks and stream records (docs/protocol.md sections 3-5),
 * byte for byte as runtime/wire.py and runtime/envelope.py write and read them. */
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from "@hpke/core";
import {
  type Bytes, CocoonError, concat, hex, readU32, randomBytes, sha256, te, u16, u32, unhex, canonicalJson,
} from "./bytes";

export const CHUNK_FINAL = 0x01;
export const CHUNK_ERROR = 0x02;
export const RECORD_CHUNK = 1;
export const RECORD_RECEIPT = 2;
export const RECORD_ERROR = 3;
const MAX_RECORD_BYTES = 64 << 20;
const WRAP_LABEL = te.encode("cocoon/v1/wrap");

export interface RoutingHeader {
  function: string;
  version: number;
  digest: string;
  client: string;
  max_price: number;
  request_id: string;
  timestamp_ms: number;
}

const suite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Aes256Gcm(),
});

async function aesKey(raw: Bytes, use: KeyUsage): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, [use]);
}

/** Seal `payload` (a JSON document's UTF-8 bytes) for each [recipient id, raw X25519 public
 * key]: returns the envelope and the response key. */
export async function sealRequest(
  header: RoutingHeader, payload: Bytes, recipients: [string, Bytes][],
): Promise<{ envelope: Bytes; responseKey: Bytes; headerBytes: Bytes }> {
  if (recipients.length < 1 || recipients.length > 32) {
    throw new CocoonError("bad_request", "between 1 and 32 recipients required");
  }
  const headerBytes = te.encode(canonicalJson(header));
  if (headerBytes.length > 4096) throw new CocoonError("bad_request", "routing header too large");
  const contentKey = randomBytes(32);
  const responseKey = randomBytes(32);
  const headerHash = await sha256(headerBytes);
  const parts: Bytes[] = [te.encode("CCN1"), new Uint8Array([1]), u16(headerBytes.length),
    headerBytes, new Uint8Array([recipients.length])];
  for (const [pid, pub] of recipients) {
    const pidBytes = te.encode(pid);
    const recipientPublicKey = await suite.kem.deserializePublicKey(pub);
    const { ct, enc } = await suite.seal(
      { recipientPublicKey, info: concat(WRAP_LABEL, headerHash, pidBytes) }, contentKey);
    const wrapped = concat(new Uint8Array(enc), new Uint8Array(ct));
    parts.push(new Uint8Array([pidBytes.length]), pidBytes, u16(wrapped.length), wrapped);
  }
  const nonce = randomBytes(12);
  const prefix = concat(...parts, nonce);
  const inner = concat(responseKey, new Uint8Array([0x01]), payload);
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: nonce, additionalData: prefix }, await aesKey(contentKey, "encrypt"),
    inner);
  return { envelope: concat(prefix, new Uint8Array(ct)), responseKey, headerBytes };
}

export interface Chunk { index: number; flags: number; ciphertext: Bytes; encoded: Bytes }

/** One encoded chunk: u32 index | u8 flags | u32 length | ciphertext. */
export function decodeChunk(data: Bytes): Chunk {
  if (data.length < 9) throw new CocoonError("envelope_rejected", "truncated response chunk");
  const length = readU32(data, 5);
  if (data.length !== 9 + length) {
    throw new CocoonError("envelope_rejected", "response chunk length does not match");
  }
  return { index: readU32(data, 0), flags: data[4], ciphertext: data.subarray(9), encoded: data };
}

/** Opens a response chunk by chunk (runtime/envelope.py's StreamOpener): chunk i carries
 * index i, nothing follows FINAL, and the response digest covers every encoded chunk. */
export class StreamOpener {
  nextIndex = 0;
  final: Chunk | null = null;
  private encoded: Bytes[] = [];
  private key: Promise<CryptoKey>;
  private rid: Bytes;

  constructor(responseKey: Bytes, requestId: string) {
    this.key = aesKey(responseKey, "decrypt");
    this.rid = unhex(requestId);
  }

  async open(chunk: Chunk): Promise<Bytes> {
    if (this.final !== null || chunk.index !== this.nextIndex) {
      throw new CocoonError("envelope_rejected", "response chunks missing or out of order");
    }
    const iv = new Uint8Array(12);
    iv.set(u32(chunk.index), 8);
    const aad = concat(this.rid, u32(chunk.index), new Uint8Array([chunk.flags]));
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: aad }, await this.key, chunk.ciphertext);
    } catch {
      throw new CocoonError("envelope_rejected", "response chunk does not decrypt");
    }
    this.encoded.push(chunk.encoded);
    this.nextIndex += 1;
    if (chunk.flags & CHUNK_FINAL) this.final = chunk;
    return new Uint8Array(plain);
  }

  /** SHA-256 hex of the chunks opened so far (the receipt's response_digest). */
  async digest(): Promise<string> {
    return hex(await sha256(concat(...this.encoded)));
  }
}

/** A response frame: "CCR1" | 0x01 | u32 receipt length | receipt JSON | chunks. */
export function decodeFrame(data: Bytes): { receipt: Bytes; chunks: Chunk[] } {
  const bad = () => new CocoonError("malformed_envelope", "not a Cocoon response frame");
  if (data.length < 9 || new TextDecoder().decode(data.subarray(0, 4)) !== "CCR1" ||
      data[4] !== 1) throw bad();
  const r = readU32(data, 5);
  if (9 + r > data.length) throw bad();
  const receipt = data.subarray(9, 9 + r);
  const chunks: Chunk[] = [];
  let at = 9 + r;
  while (at < data.length) {
    if (at + 9 > data.length) throw bad();
    const end = at + 9 + readU32(data, at + 5);
    if (end > data.length) throw bad();
    chunks.push(decodeChunk(data.subarray(at, end)));
    at = end;
  }
  return { receipt, chunks };
}

/** The records of a streamed body (section 5.1), as they arrive. */
export async function* readRecords(
  body: ReadableStream<Bytes>,
): AsyncGenerator<[number, Bytes]> {
  const reader = body.getReader();
  let buf = new Uint8Array(0);
  try {
    for (;;) {
      while (buf.length >= 5) {
        const kind = buf[0];
        const length = readU32(buf, 1);
        if (kind < 1 || kind > 3 || length > MAX_RECORD_BYTES) {
          throw new CocoonError("envelope_rejected", "not a Cocoon stream record");
        }
        if (buf.length < 5 + length) break;
        yield [kind, buf.slice(5, 5 + length)];
        buf = buf.slice(5 + length);
      }
      const { done, value } = await reader.read();
      if (done) {
        if (buf.length) throw new CocoonError("envelope_rejected", "stream cut inside a record");
        return;
      }
      buf = concat(buf, value);
    }
  } finally {
    reader.releaseLock();
  }
}
