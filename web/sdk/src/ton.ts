/** TON Connect messages for the account's payment channel (real TON: the Mini App hands them to
 * the user's wallet with @tonconnect/ui's sendTransaction). The cells are contracts/channel.py's
 * byte for byte: ChannelParams.data_cell / state_init (with the payment-channel code bundled at
 * build time from contracts/compiled/payment_channel.json) and top_up_body; the value is the
 * deposit plus the contract's TOPUP_GAS_RESERVE, as PaymentChannel.open / top_up send it. */
// deep imports: @ton/core's index is CommonJS and would bundle all of it
import { Address } from "@ton/core/dist/address/Address";
import { beginCell } from "@ton/core/dist/boc/Builder";
import { Cell } from "@ton/core/dist/boc/Cell";

import { type Bytes, CocoonError, hex, sha256, te } from "./bytes";
import { PayerKey } from "./voucher";

declare const __PAYMENT_CHANNEL_BOC__: string; // build.mjs defines it
declare const __PAYMENT_CHANNEL_HASH__: string;

export const OP_TOP_UP = 0x0c0c0001;
export const TOPUP_GAS_RESERVE = 10_000_000n; // payment_channel.tolk's TOPUP_GAS_RESERVE
export const REGISTRATION_PREFIX = "cocoon-channel-registration:";

/** A message for TON Connect's sendTransaction: amounts are decimal nanoton strings, cells
 * base64 BOCs. */
export interface TonMessage { address: string; amount: string; stateInit?: string;
                              payload: string }

/** GET /v1/network's channel terms. */
export interface ChannelTerms {
  platform_wallet: string | null; platform_key: string | null; dispute_window: number | null;
}

let channelCode: Cell | undefined;

/** The payment-channel contract's code, checked against the artifact's code hash. */
export function paymentChannelCode(): Cell {
  if (!channelCode) {
    const [code] = Cell.fromBoc(Buffer.from(__PAYMENT_CHANNEL_BOC__, "base64"));
    if (code.hash().toString("hex") !== __PAYMENT_CHANNEL_HASH__.toLowerCase()) {
      throw new CocoonError("internal", "bundled payment_channel code does not match its hash");
    }
    channelCode = code;
  }
  return channelCode;
}

function nanotons(v: number | string | bigint, what: string): bigint {
  let n: bigint;
  try {
    if (typeof v === "number" && !Number.isSafeInteger(v)) throw new Error();
    n = BigInt(v);
  } catch {
    throw new CocoonError("bad_request", `${what} is not a whole number of nanotons`);
  }
  if (n <= 0n || n >= 1n << 120n) throw new CocoonError("bad_request", `${what} out of range`);
  return n;
}

function address(a: string, what: string): Address {
  try {
    return Address.parse(a);
  } catch {
    throw new CocoonError("bad_request", `${what} is not a TON address`);
  }
}

function key32(k: string, what: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(k ?? "")) throw new CocoonError("bad_request", `${what}: hex32`);
  return Buffer.from(k, "hex");
}

const boc = (c: Cell) => c.toBoc().toString("base64");

/** contracts/channel.py top_up_body. */
export function topUpBody(amount: bigint, queryId = 0n): Cell {
  return beginCell().storeUint(OP_TOP_UP, 32).storeUint(queryId, 64).storeCoins(amount).endCell();
}

export interface ChannelParams {
  payer: string; payee: string; payerKey: string; payeeKey: string; channelId: bigint;
  disputeWindow: number;
}

/** contracts/channel.py ChannelParams.data_cell. */
export function channelData(p: ChannelParams): Cell {
  if (p.channelId < 0n || p.channelId >= 1n << 64n) {
    throw new CocoonError("bad_request", "channel id out of range");
  }
  if (!Number.isInteger(p.disputeWindow) || p.disputeWindow < 0 || p.disputeWindow >= 2 ** 32) {
    throw new CocoonError("bad_request", "dispute window out of range");
  }
  const keys = beginCell().storeBuffer(key32(p.payerKey, "payer key"))
    .storeBuffer(key32(p.payeeKey, "payee key")).endCell();
  return beginCell()
    .storeUint(0, 2)
    .storeUint(p.channelId, 64)
    .storeAddress(address(p.payer, "payer"))
    .storeAddress(address(p.payee, "payee"))
    .storeUint(p.disputeWindow, 32)
    .storeUint(0, 32)
    .storeCoins(0)
    .storeCoins(0)
    .storeRef(keys)
    .endCell();
}

/** The channel's StateInit cell and its address (workchain 0), raw. The StateInit is written
 * by hand, `_ split_depth:(Maybe) special:(Maybe) code:(Maybe ^Cell) data:(Maybe ^Cell)
 * library:(HashmapE)` with only code and data (as pytoniq's StateInit(code, data)): @ton/core's
 * storeStateInit would bundle its dictionaries for the empty library. */
export function channelStateInit(p: ChannelParams): { address: string; stateInit: Cell } {
  const stateInit = beginCell().storeBit(0).storeBit(0).storeBit(1).storeRef(paymentChannelCode())
    .storeBit(1).storeRef(channelData(p)).storeBit(0).endCell();
  return { address: new Address(0, stateInit.hash()).toRawString(), stateInit };
}

/** platform/settlement/client_side.py channel_id_for: an id fixed by the account and the
 * payer key, so opening again after a failure finds the same channel. */
export async function channelIdFor(account: string, payerPublic: string): Promise<bigint> {
  const digest = await sha256(te.encode(`cocoon-channel:${account}:${payerPublic}`));
  return BigInt("0x" + hex(digest.subarray(0, 8))) >> 1n;
}

export interface ChannelOpen {
  /** The channel's payer key: a hex seed (or a PayerKey); its public half signs vouchers. */
  payerKey: string | PayerKey;
  /** The wallet that sends the deploy and owns the channel (raw or user-friendly). */
  ownerWallet: string;
  terms: ChannelTerms;
  /** Default: channelIdFor(account, key) with `account`, else a random 63-bit id. */
  channelId?: bigint | number | string;
  account?: string;
  /** The first deposit, nanotons. */
  deposit: bigint | number | string;
}

/** The deploy of a new channel from the user's wallet with its first deposit (as
 * contracts/channel.py PaymentChannel.open): `address` is where it will live (raw), to
 * register with `client.registerChannel` once the wallet sent it. */
export async function channelOpenMessage(o: ChannelOpen): Promise<TonMessage & {
  stateInit: string; channelId: string;
}> {
  const { platform_wallet: payee, platform_key: payeeKey, dispute_window: window } = o.terms;
  if (!payee || !payeeKey || window == null) {
    throw new CocoonError("not_found", "this gateway does not settle on chain (no channel terms)");
  }
  const pub = typeof o.payerKey === "string"
    ? (await PayerKey.fromSeed(o.payerKey)).publicHex
    : o.payerKey.publicHex;
  let channelId: bigint;
  if (o.channelId != null) {
    try {
      channelId = BigInt(o.channelId);
    } catch {
      throw new CocoonError("bad_request", "channel id is not an integer");
    }
  } else if (o.account) {
    channelId = await channelIdFor(o.account, pub);
  } else {
    channelId = BigInt("0x" + hex(crypto.getRandomValues(new Uint8Array(8)))) >> 1n;
  }
  const deposit = nanotons(o.deposit, "deposit");
  const { address: at, stateInit } = channelStateInit({
    payer: o.ownerWallet, payee, payerKey: pub, payeeKey, channelId, disputeWindow: window,
  });
  return { address: at, amount: String(deposit + TOPUP_GAS_RESERVE), stateInit: boc(stateInit),
           payload: boc(topUpBody(deposit)), channelId: String(channelId) };
}

/** A top-up of an open channel (as PaymentChannel.top_up). */
export function topUpMessage(channel: string, amount: bigint | number | string): TonMessage {
  const n = nanotons(amount, "amount");
  return { address: address(channel, "channel").toRawString(),
           amount: String(n + TOPUP_GAS_RESERVE), payload: boc(topUpBody(n)) };
}

/** A channel address (raw or user-friendly) in raw form, as the gateway keys it. */
export function rawChannelAddress(channel: string): string {
  return address(channel, "channel").toRawString();
}

/** settlement.models.registration_message(account, channel address, raw). */
export function registrationMessage(account: string, channel: string): Bytes {
  return te.encode(`${REGISTRATION_PREFIX}${account}:${rawChannelAddress(channel)}`);
}
