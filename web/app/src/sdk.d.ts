/** The browser SDK's surface this app uses (web/sdk/src; served at /sdk/cocoon.js). The app
 * imports the module at run time from the gateway (esbuild `external`), so a page holds one
 * copy of it; these declarations (tsconfig `paths` maps the import here) keep the app typed against
 * it without bundling it. */
export declare class CocoonError extends Error {
  code: string;
  status?: number;
}
export interface UsageReceipt {
  request_id: string; client: string; function: string; function_digest: string;
  provider: string; units: number; unit_price: number; amount: number; time_ms: number;
  outcome: string; response_digest: string; simulated: boolean;
  prompt_units?: number; completion_units?: number;
}
export interface SignedReceipt {
  receipt: UsageReceipt; signer: string; signature: string; commitment?: string | null;
}
export interface ReceiptVerdict { valid: boolean; problems: string[] }
export interface Verdict { kind: string; valid: boolean; simulated: boolean; reasons: string[] }
export interface Offer {
  provider: string; unit_price: number; quoted_price?: number | null;
  evidence: { kind: string }[];
}
export interface VerifiedOffer { offer: Offer; verdicts: Verdict[]; valid: boolean }
export interface Account {
  id: string; credited: number; charged: number; reserved: number; available: number;
  vouchered: number; channel: { address: string; status: string | null } | null;
}
export interface NetworkTerms {
  fee_bps: number; chain: string; platform_wallet: string | null;
  platform_key: string | null; dispute_window: number | null;
}
export interface FunctionSummary {
  name: string; version: number; description: string; unit: string; unit_price: number;
  max_units: number; prompt_weight?: number; completion_weight?: number; status?: string;
}
export interface UsagePoint {
  t_ms: number; function: string; calls: number; units: number; amount: number;
}
export interface UsageHistory {
  account: string; bucket_s: number; since_ms: number; until_ms: number; points: UsagePoint[];
}
export interface Usage {
  account: Account; summary: Record<string, number | string>[]; receipts: SignedReceipt[];
}
export interface Provider {
  id: string; online: boolean; simulated: boolean; evidence_kinds: string[];
  price_multiplier: number; prices: Record<string, number>; in_flight: number;
  latency_ms: number | null; approved: boolean; state: string;
}
export interface Earnings {
  provider: string; calls: number; gross: number; fee: number; owed: number;
  vouchered: number; paid: number; deposit: number; channel: string | null;
}
export interface Invocation {
  output: unknown; receipt: UsageReceipt; signedReceipt: SignedReceipt; provider: VerifiedOffer;
}
export interface CocoonStream extends AsyncIterable<unknown> {
  receipt?: UsageReceipt; signedReceipt?: SignedReceipt;
}
export interface TonMessage { address: string; amount: string; stateInit?: string; payload?: string }
export interface CocoonClient {
  account(): Promise<Account>;
  network(): Promise<NetworkTerms>;
  functions(): Promise<FunctionSummary[]>;
  usage(limit?: number): Promise<Usage>;
  usageHistory(opts: { bucketS?: number; sinceMs?: number; untilMs?: number }):
    Promise<UsageHistory>;
  providers(opts?: { mine?: boolean }): Promise<Provider[]>;
  earnings(provider: string): Promise<Earnings>;
  offers(name: string, refresh?: boolean): Promise<VerifiedOffer[]>;
  invoke(name: string, payload: unknown): Promise<Invocation>;
  stream(name: string, payload: unknown): CocoonStream;
  payerPublicKey(): string | null;
  registerChannel(address: string): Promise<Account>;
  channelOpenMessage(o: { ownerWallet: string; deposit: bigint | number | string }):
    Promise<TonMessage & { stateInit: string; channelId: string }>;
}
export interface ConnectOptions {
  gatewayUrl?: string; apiKey?: string; initData?: string; allowSimulated?: boolean;
  payerKey?: string;
}
export declare function connect(opts?: ConnectOptions): Promise<CocoonClient>;
export declare function verifyReceipt(signed: SignedReceipt,
  opts?: { unitPrice?: number; maxPrice?: number; weights?: [number, number] }):
  Promise<ReceiptVerdict | UsageReceipt>;
export declare function topUpMessage(channel: string, amount: bigint | number | string):
  TonMessage;
export declare function rawChannelAddress(channel: string): string;
