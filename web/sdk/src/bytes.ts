/** Byte helpers and canonical JSON, as docs/protocol.md section 1 defines them. */

/** Bytes on an ArrayBuffer: what WebCrypto and fetch take. */
export type Bytes = Uint8Array<ArrayBuffer>;

export const te = new TextEncoder();
export const td = new TextDecoder("utf-8", { fatal: true });

export class CocoonError extends Error {
  /** A wire error code (docs/protocol.md section 9), as the Python SDK raises them. */
  constructor(public code: string, message: string, public status?: number) {
    super(`${code}: ${message}`);
    this.name = "CocoonError";
  }
}

export function hex(b: ArrayLike<number>): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export function unhex(s: string): Bytes {
  if (typeof s !== "string" || s.length % 2 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new CocoonError("bad_request", "not a hex string");
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function u16(n: number): Bytes {
  return new Uint8Array([(n >>> 8) & 0xff, n & 0xff]);
}

export function u32(n: number): Bytes {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

export function readU32(b: Bytes, at: number): number {
  return ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
}

export function b64decode(s: string): Bytes {
  const bin = atob(s);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function equal(a: Bytes, b: Bytes): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function sha256(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

export async function sha512(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest("SHA-512", data));
}

export function randomBytes(n: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=...): sorted keys,
 * no whitespace. Integers only (a float or an unsafe integer is refused: Python would write
 * it differently, so a signature over it could not be checked). */
export function canonicalJson(value: unknown, ensureAscii = false): string {
  const str = (s: string): string => {
    const j = JSON.stringify(s);
    return ensureAscii ? j.replace(/[\u007f-\uffff]/g, (c) =>
      "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) : j;
  };
  const walk = (v: unknown): string => {
    if (v === null || typeof v === "boolean") return String(v);
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v)) throw new CocoonError("bad_request", "not a safe integer");
      return String(v);
    }
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return "[" + v.map(walk).join(",") + "]";
    if (typeof v === "object") {
      const keys = Object.keys(v as object).sort();
      return "{" + keys.map((k) => str(k) + ":" + walk((v as Record<string, unknown>)[k]))
        .join(",") + "}";
    }
    throw new CocoonError("bad_request", "not JSON");
  };
  return walk(value);
}

/** JSON.parse, but an integer literal beyond 2^53 becomes its decimal string instead of a
 * rounded number (channel ids are 64-bit; nanoton amounts may pass 2^53). */
export function parseJsonExact(text: string): any {
  return JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g,
    (t) => /^-?\d+$/.test(t) && !Number.isSafeInteger(Number(t)) ? `"${t}"` : t));
}
