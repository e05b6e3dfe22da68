/** connect(): the browser client. Like the Python SDK's Client (platform/sdk/client.py): it
 * verifies offers, seals to the cheapest verified ones (every key of each, at most 3
 * providers), sends the envelope to the gateway, checks the receipt and opens the output. The
 * API key or Telegram session goes only to the gateway, in the Authorization header. */
import {
  type Bytes, CocoonError, hex, parseJsonExact, randomBytes, sha256, td, te, unhex,
} from "./bytes";
import { type Offer, type Policy, type VerifiedOffer, verifyOffer } from "./attestation";
import {
  CHUNK_ERROR, CHUNK_FINAL, type Chunk, RECORD_CHUNK, RECORD_ERROR, RECORD_RECEIPT, type RoutingHeader,
  StreamOpener, decodeChunk, decodeFrame, readRecords, sealRequest,
} from "./envelope";
import { type SignedReceipt, type UsageReceipt, checkReceipt, verifyCommitment } from "./receipt";
import { type Payer, PayerKey, type Voucher, payerFor } from "./voucher";

import {
  type TonMessage, channelOpenMessage, rawChannelAddress, registrationMessage,
} from "./ton";

export const STREAM_MEDIA_TYPE = "application/x-cocoon-stream";
/** The voucher a call carries (platform/api.py VOUCHER_HEADER): `<cumulative>:<signature>`. */
export const VOUCHER_HEADER = "x-cocoon-voucher";
const MAX_LOAD_FACTOR = 2;
const OFFER_TTL_MS = 10_000;

export interface ConnectOptions extends Policy {
  gatewayUrl?: string;
  apiKey?: string;
  /** Telegram Mini App initData: exchanged at POST /v1/telegram/session for a session. */
  initData?: string;
  /** The account channel's payer key, a hex 32-byte Ed25519 seed: with it, the client signs a
   * cumulative voucher for the receipts it verified, sent with the next call
   * (docs/browser-sdk.md). */
  payerKey?: string;
  maxProviders?: number;
  fetch?: typeof fetch;
}
export interface FunctionDetail {
  name: string; version: number; digest: string; max_units: number;
  prompt_weight?: number; completion_weight?: number; offers: Offer[];
}
export interface Account {
  id: string; credited: number; charged: number; reserved: number; available: number;
  vouchered: number;
  channel: { address: string; channel_id: number | string; payer_wallet: string; payer_key: string;
             client_signs: boolean; status: string | null } | null;
  voucher: Voucher | null;
}
export interface NetworkTerms {
  fee_bps: number; chain: string; platform_wallet: string | null; platform_key: string | null;
  dispute_window: number | null;
}
export interface UsageHistory {
  account: string; bucket_s: number; since_ms: number; until_ms: number;
  points: { t_ms: number; function: string; calls: number; units: number; amount: number }[];
}
export interface Earnings {
  provider: string; calls: number; gross: number; fee: number; owed: number;
  vouchered: number; paid: number; deposit: number; channel: string | null;
}
export interface Invocation {
  output: unknown; receipt: UsageReceipt; signedReceipt: SignedReceipt; provider: VerifiedOffer;
}

interface Sealed {
  header: RoutingHeader; headerBytes: Bytes; envelope: Bytes; responseKey: Bytes;
  chosen: Map<string, VerifiedOffer>; maxUnits: number; weights: [number, number];
}

async function errorOf(resp: Response): Promise<CocoonError> {
  try {
    const e = (await resp.json()).error;
    return new CocoonError(String(e.code), String(e.message), resp.status);
  } catch {
    return new CocoonError("internal", `gateway answered ${resp.status}`, resp.status);
  }
}

function outputOf(parts: Bytes[], last: Chunk): unknown {
  const size = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(size);
  parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
  const output = JSON.parse(td.decode(all));
  if (last.flags & CHUNK_ERROR) throw functionError(output);
  return output;
}

function functionError(doc: unknown): CocoonError {
  const err = (doc as { error?: { code?: string; message?: string } })?.error ?? {};
  const code = err.code === "timeout" ? "function_timeout" : "function_error";
  return new CocoonError(code, String(err.message ?? "function failed"));
}

export class CocoonClient {
  readonly gatewayUrl: string;
  private offersCache = new Map<string, [number, FunctionDetail, VerifiedOffer[]]>();
  private accountId?: string;
  private payerState?: Promise<Payer | null>;
  /** The last failure to sign or POST a voucher (the calls themselves succeeded; the voucher
   * goes again with the next call or flush). */
  voucherError?: CocoonError;
  private flushing?: [bigint, Promise<Account | null>]; // the POST in flight, by cumulative

  constructor(private opts: ConnectOptions, private key: string | undefined, account?: string,
              private payerKey?: PayerKey) {
    this.gatewayUrl = (opts.gatewayUrl ?? globalThis.location?.origin ?? "").replace(/\/+$/, "");
    this.accountId = account;
  }

  /** The payer key's public half (hex), what a channel opened for this client names; null
   * without `payerKey`. */
  payerPublicKey(): string | null {
    return this.payerKey?.publicHex ?? null;
  }

  private async request(method: string, path: string, body?: Bytes | string,
                        headers: Record<string, string> = {}, keepalive = false):
      Promise<Response> {
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    let resp: Response;
    try {
      const init: RequestInit = keepalive ? { method, body, headers, keepalive } :
        { method, body, headers };
      resp = await (this.opts.fetch ?? fetch)(this.gatewayUrl + path, init);
    } catch (exc) {
      throw new CocoonError("gateway_unreachable", `cannot reach the gateway (${exc})`);
    }
    if (resp.status >= 400) throw await errorOf(resp);
    return resp;
  }

  private async getJson<T>(path: string, query: Record<string, unknown> = {}): Promise<T> {
    const q = Object.entries(query).filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&");
    return parseJsonExact(await (await this.request("GET", q ? `${path}?${q}` : path)).text());
  }

  /** GET /v1/account: balance, the payment channel and the newest voucher held. */
  async account(): Promise<Account> {
    const out: Account = await this.getJson("/v1/account");
    this.accountId = out.id;
    const payer = this.payerState && await this.payerState;
    if (payer) await payer.observe(out.voucher);
    return out;
  }

  // -- paying ------------------------------------------------------------------------------

  /** Who signs this account's vouchers here: null without a payer key, without a channel, or
   * when the channel's voucher key is not this one. Read once from GET /v1/account; the base
   * is the newest voucher the gateway holds, adopted only if this key signed it for this
   * channel (the SDK never signs what the gateway merely claims). */
  payer(): Promise<Payer | null> {
    this.payerState ??= (async () => {
      if (!this.payerKey) return null;
      const out: Account = await this.getJson("/v1/account");
      this.accountId = out.id;
      const ch = out.channel;
      if (!ch || !ch.client_signs || ch.payer_key !== this.payerKey.publicHex) return null;
      const payer = payerFor(this.payerKey, ch.address, BigInt(ch.channel_id));
      await payer.observe(out.voucher);
      flushWhenHidden(payer, this);
      return payer;
    })().catch((exc) => {
      this.payerState = undefined; // read again next time
      throw exc;
    });
    return this.payerState;
  }

  /** POST /v1/vouchers: a voucher for everything verified so far (or the newest again, if
   * the gateway may lack it). Calls carry it anyway (the next one's header); this is for a
   * page that stops calling: the SDK flushes on `voucher_required` and when the page is
   * hidden or closed (`keepalive`: the POST outlives the page). Returns the account as the
   * gateway then holds it, or null when there was nothing to send. */
  async flushVoucher(opts: { keepalive?: boolean } = {}): Promise<Account | null> {
    const payer = await this.payer();
    const next = payer && await payer.next();
    if (!payer || !next) return null;
    if (this.flushing?.[0] === next.cumulative) return this.flushing[1]; // sent already
    const sending = (async () => {
      try {
        const resp = await this.request("POST", "/v1/vouchers", next.json,
                                        { "content-type": "application/json" }, opts.keepalive);
        payer.delivered(next.cumulative);
        this.voucherError = undefined;
        return parseJsonExact(await resp.text()) as Account;
      } catch (exc) {
        if (exc instanceof CocoonError) this.voucherError = exc;
        throw exc;
      }
    })();
    this.flushing = [next.cumulative, sending];
    try {
      return await sending;
    } finally {
      if (this.flushing?.[1] === sending) this.flushing = undefined;
    }
  }

  /** channelOpenMessage for this client: its payer key, the gateway's terms, the id fixed by
   * the account and the key (opening again after a failure finds the same channel). */
  async channelOpenMessage(o: { ownerWallet: string; deposit: bigint | number | string }):
      Promise<TonMessage & { stateInit: string; channelId: string }> {
    if (!this.payerKey) throw new CocoonError("bad_request", "connect with a payerKey first");
    const [terms, account] = await Promise.all([this.network(), this.account()]);
    return channelOpenMessage({ ...o, payerKey: this.payerKey, terms, account: account.id });
  }

  /** POST /v1/account/channel: register the channel the user's wallet opened (raw or
   * user-friendly address), signed by the payer key over the registration message. The
   * gateway checks it on chain; vouchers start with the next call. */
  async registerChannel(address: string): Promise<Account> {
    if (!this.payerKey) throw new CocoonError("bad_request", "connect with a payerKey first");
    const account = this.accountId ?? (await this.account()).id;
    const raw = rawChannelAddress(address);
    const signature = hex(await this.payerKey.sign(registrationMessage(account, raw)));
    const resp = await this.request("POST", "/v1/account/channel",
      JSON.stringify({ channel_address: raw, signature }), { "content-type": "application/json" });
    this.payerState = undefined; // the account has a channel now: read it again
    return parseJsonExact(await resp.text());
  }

  /** After a verified receipt: count it and sign the voucher now (it rides with the next
   * call, as the Python SDK's does; signed ahead, a page being closed can send it at once). */
  private async paid(receipt: UsageReceipt): Promise<void> {
    const payer = await this.payer().catch(() => null);
    if (!payer) return;
    payer.verified(receipt.amount);
    try {
      await payer.next();
    } catch (exc) {
      if (!(exc instanceof CocoonError)) throw exc;
      this.voucherError = exc;
    }
  }

  /** GET /v1/network: the fee, the chain and the terms of a client channel. */
  network(): Promise<NetworkTerms> {
    return this.getJson("/v1/network");
  }

  /** GET /v1/functions: the functions this key may call. */
  functions(): Promise<Record<string, unknown>[]> {
    return this.getJson("/v1/functions");
  }

  /** GET /v1/usage: the account, a per-function summary and the newest `limit` receipts
   * (check them with verifyReceipt). */
  usage(limit?: number): Promise<{ account: Account; summary: Record<string, number | string>[];
                                    receipts: SignedReceipt[] }> {
    return this.getJson("/v1/usage", { limit });
  }

  /** GET /v1/usage/history: calls, units and amount per time bucket and function. */
  usageHistory(opts: { bucketS?: number; sinceMs?: number; untilMs?: number } = {}):
      Promise<UsageHistory> {
    return this.getJson("/v1/usage/history",
                        { bucket_s: opts.bucketS, since_ms: opts.sinceMs, until_ms: opts.untilMs });
  }

  /** GET /v1/providers (`mine`: only those this account registered). */
  providers(opts: { mine?: boolean } = {}): Promise<Record<string, unknown>[]> {
    return this.getJson("/v1/providers", { mine: opts.mine ? 1 : undefined });
  }

  /** GET /v1/providers/{id}/earnings (the owner's or an admin key). */
  earnings(provider: string): Promise<Earnings> {
    return this.getJson(`/v1/providers/${encodeURIComponent(provider)}/earnings`);
  }

  /** The function's current version and its offers, each verified under this client's
   * policy (cached 10 s). */
  async offers(name: string, refresh = false): Promise<VerifiedOffer[]> {
    return (await this.describe(name, refresh))[1];
  }

  private async describe(name: string, refresh: boolean):
      Promise<[FunctionDetail, VerifiedOffer[]]> {
    const cached = this.offersCache.get(name);
    if (cached && !refresh && cached[0] > Date.now()) return [cached[1], cached[2]];
    const detail: FunctionDetail = await (
      await this.request("GET", `/v1/functions/${encodeURIComponent(name)}`)).json();
    const verified = await Promise.all(detail.offers.map((o) => verifyOffer(o, this.opts)));
    this.offersCache.set(name, [Date.now() + OFFER_TTL_MS, detail, verified]);
    return [detail, verified];
  }

  private async seal(name: string, payload: unknown, maxPrice?: number): Promise<Sealed> {
    const [detail, verified] = await this.describe(name, false);
    const chosen: VerifiedOffer[] = [];
    let keys = 0;
    for (const v of verified.filter((x) => x.valid)
      .sort((a, b) => a.offer.unit_price - b.offer.unit_price)) {
      if (chosen.length < (this.opts.maxProviders ?? 3) && keys + v.offer.keys.length <= 32) {
        chosen.push(v);
        keys += v.offer.keys.length;
      }
    }
    if (!chosen.length) {
      const reasons = [...new Set(verified.flatMap((v) => v.verdicts.flatMap((d) => d.reasons)))];
      throw new CocoonError(verified.length ? "attestation_rejected" : "no_provider",
        `no provider of ${name} passes this client's policy` +
        (reasons.length ? `: ${reasons.sort().join("; ")}` : ""));
    }
    const ceiling = (o: Offer) => o.quoted_price == null ? o.unit_price
      : Math.max(o.unit_price, o.quoted_price * MAX_LOAD_FACTOR);
    const header: RoutingHeader = {
      function: name, version: detail.version, digest: detail.digest,
      client: this.accountId ?? (await this.account()).id,
      max_price: maxPrice ?? Math.max(...chosen.map((v) => ceiling(v.offer))) * detail.max_units,
      request_id: hex(randomBytes(16)), timestamp_ms: Date.now(),
    };
    const body = JSON.stringify(payload);
    if (body === undefined) throw new CocoonError("invalid_json", "payload is not JSON");
    const recipients: [string, Bytes][] = [];
    for (const v of chosen) {
      for (const k of v.offer.keys) {
        const pub = unhex(k.hpke_public);
        recipients.push([`${v.offer.provider}/${hex((await sha256(pub)).subarray(0, 8))}`, pub]);
      }
    }
    const sealed = await sealRequest(header, te.encode(body), recipients);
    return { header, headerBytes: sealed.headerBytes, envelope: sealed.envelope,
      responseKey: sealed.responseKey, maxUnits: detail.max_units,
      chosen: new Map(chosen.map((v) => [v.offer.provider, v])),
      weights: [detail.prompt_weight ?? 1, detail.completion_weight ?? 1] };
  }

  private async check(sealed: Sealed, signed: SignedReceipt, digest: string):
      Promise<[UsageReceipt, VerifiedOffer]> {
    const served = sealed.chosen.get(signed?.receipt?.provider);
    if (!served) {
      throw new CocoonError("provider_failed", "response came from a provider we did not seal for");
    }
    await verifyCommitment(signed, sealed.headerBytes);
    const receipt = await checkReceipt(signed, sealed.header, {
      digest, provider: served.offer.provider, maxUnits: sealed.maxUnits,
      signers: new Set(served.offer.keys.map((k) => k.signing_public)), weights: sealed.weights,
    });
    await this.paid(receipt); // charged: vouchered now
    return [receipt, served];
  }

  private async send(name: string, sealed: Sealed, stream: boolean): Promise<Response> {
    const headers: Record<string, string> = { "content-type": "application/octet-stream" };
    if (stream) headers.accept = STREAM_MEDIA_TYPE;
    const path = `/v1/functions/${encodeURIComponent(name)}/invoke`;
    // the voucher for every receipt verified so far rides in the header: the gateway takes
    // it before anything else, so no round trip of its own (a stale one is a no-op there)
    const payer = await this.payer().catch(() => null);
    const voucher = payer && await payer.next().catch(() => null);
    if (voucher) headers[VOUCHER_HEADER] = voucher.header;
    const post = async () => {
      const resp = await this.request("POST", path, sealed.envelope, { ...headers });
      if (voucher) payer!.delivered(voucher.cumulative);
      return resp;
    };
    try {
      return await post();
    } catch (exc) {
      // debt this page verified but could not voucher yet (a header lost on the way): deliver
      // it, then the same envelope again (same request id: never charged twice)
      if (!(exc instanceof CocoonError) || exc.code !== "voucher_required" ||
          !(await this.flushVoucher().catch(() => null))) throw exc;
      return post();
    }
  }

  /** Seal `payload`, call, check the receipt, open the output. Offers out of date
   * (stale_offer, no_provider, ...) are refreshed and the call sealed afresh once. */
  async invoke(name: string, payload: unknown, opts: { maxPrice?: number } = {}):
      Promise<Invocation> {
    return this.retrying(name, async () => {
      const sealed = await this.seal(name, payload, opts.maxPrice);
      const frame = decodeFrame(new Uint8Array(await (await this.send(name, sealed, false))
        .arrayBuffer()));
      const signed: SignedReceipt = JSON.parse(td.decode(frame.receipt));
      const opener = new StreamOpener(sealed.responseKey, sealed.header.request_id);
      const digest = hex(await sha256(new Uint8Array(frame.chunks.flatMap((c) => [...c.encoded]))));
      const [receipt, served] = await this.check(sealed, signed, digest);
      if (!frame.chunks.length) throw new CocoonError("envelope_rejected", "empty response");
      const parts = [];
      for (const c of frame.chunks) parts.push(await opener.open(c));
      if (!opener.final) throw new CocoonError("envelope_rejected", "response not final");
      const output = outputOf(parts, opener.final);
      return { output, receipt, signedReceipt: signed, provider: served };
    });
  }

  /** A streamed call (docs/protocol.md 5.1): yields each item as the function yields it; the
   * receipt is checked when the stream ends (then `stream.receipt` is set). */
  stream(name: string, payload: unknown, opts: { maxPrice?: number } = {}): CocoonStream {
    return new CocoonStream(this.retrying(name, async () => {
      const sealed = await this.seal(name, payload, opts.maxPrice);
      return [sealed, await this.send(name, sealed, true)] as [Sealed, Response];
    }), (s, r, d) => this.check(s, r, d));
  }

  private async retrying<T>(name: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (exc) {
      const again = ["no_provider", "unknown_function", "wrong_provider", "stale_offer"];
      if (!(exc instanceof CocoonError) || !again.includes(exc.code)) throw exc;
      this.offersCache.delete(name);
      return call();
    }
  }
}

export class CocoonStream implements AsyncIterable<unknown> {
  receipt?: UsageReceipt;
  signedReceipt?: SignedReceipt;
  items: unknown[] = [];

  constructor(private started: Promise<[Sealed, Response]>,
              private check: (s: Sealed, r: SignedReceipt, d: string) =>
                Promise<[UsageReceipt, VerifiedOffer]>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<unknown> {
    const [sealed, resp] = await this.started;
    const opener = new StreamOpener(sealed.responseKey, sealed.header.request_id);
    let records: AsyncIterable<[number, Bytes]>;
    if ((resp.headers.get("content-type") ?? "").startsWith(STREAM_MEDIA_TYPE)) {
      records = readRecords(resp.body!);
    } else { // a gateway that answered a frame: its chunks then its receipt
      const frame = decodeFrame(new Uint8Array(await resp.arrayBuffer()));
      records = (async function* () {
        for (const c of frame.chunks) yield [RECORD_CHUNK, c.encoded] as [number, Bytes];
        yield [RECORD_RECEIPT, frame.receipt] as [number, Bytes];
      })();
    }
    let final: Bytes | null = null;
    let receiptBytes: Bytes | null = null;
    try {
      for await (const [kind, data] of records) {
        if (receiptBytes !== null) {
          throw new CocoonError("envelope_rejected", "records after the receipt");
        }
        if (kind === RECORD_ERROR) { // the gateway's word: nothing follows it
          let e: { code?: string; message?: string } = {};
          try {
            e = JSON.parse(td.decode(data)).error ?? {};
          } catch { /* an unreadable error record is the provider's failure */ }
          throw new CocoonError(String(e.code ?? "provider_failed"), String(e.message ?? ""));
        }
        if (kind === RECORD_CHUNK) {
          const chunk = decodeChunk(data);
          const plain = await opener.open(chunk);
          if (chunk.flags & CHUNK_FINAL) {
            final = plain;
            continue;
          }
          const item = jsonOf(plain);
          this.items.push(item);
          yield item;
          continue;
        }
        if (final === null) {
          throw new CocoonError("envelope_rejected", "receipt before the final chunk");
        }
        receiptBytes = data;
      }
    } finally {
      if (receiptBytes === null) await resp.body?.cancel().catch(() => undefined);
    }
    if (receiptBytes === null || final === null) {
      throw new CocoonError("envelope_rejected", "the stream ended before its receipt");
    }
    this.signedReceipt = jsonOf(receiptBytes) as SignedReceipt;
    [this.receipt] = await this.check(sealed, this.signedReceipt, await opener.digest());
    if (opener.final!.flags & CHUNK_ERROR) throw functionError(jsonOf(final));
  }
}

/** Who POSTs each payer's voucher when the page is hidden or closed: its newest client (one
 * per payer, so clients made again and again are not all kept). In a browser only. */
const hideFlush = new Map<Payer, CocoonClient>();

function flushWhenHidden(payer: Payer, client: CocoonClient): void {
  if (typeof document === "undefined" || typeof addEventListener !== "function") return;
  if (!hideFlush.size) {
    const flush = () => {
      for (const c of hideFlush.values()) void c.flushVoucher({ keepalive: true }).catch(() => null);
    };
    addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") flush();
    });
  }
  hideFlush.set(payer, client);
}

function jsonOf(plain: Bytes): unknown {
  try {
    return JSON.parse(td.decode(plain));
  } catch {
    throw new CocoonError("provider_failed", "a streamed item is not JSON");
  }
}

/** Connect to a gateway: with `apiKey`, or with Telegram `initData` exchanged for a session. */
export async function connect(opts: ConnectOptions = {}): Promise<CocoonClient> {
  const payerKey = opts.payerKey ? await PayerKey.fromSeed(opts.payerKey) : undefined;
  if (opts.initData !== undefined) {
    const bootstrap = new CocoonClient(opts, undefined);
    const resp = await (await (bootstrap as unknown as {
      request: (m: string, p: string, b: string, h: Record<string, string>) => Promise<Response>;
    }).request("POST", "/v1/telegram/session", JSON.stringify({ init_data: opts.initData }),
               { "content-type": "application/json" })).json();
    const account = typeof resp.account === "string" ? resp.account : resp.account?.id;
    return new CocoonClient(opts, String(resp.session), account, payerKey);
  }
  return new CocoonClient(opts, opts.apiKey, undefined, payerKey);
}
