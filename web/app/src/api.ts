/** The authenticated reads the app shows (docs/protocol.md): the SDK's thin client methods
 * (web/sdk `account()`, `network()`, `functions()`, ...). Public GET /v1/network is read before
 * sign-in too (it decides the TEE policy and whether TON Connect may start). */
import type {
  CocoonClient, Earnings, FunctionSummary, NetworkTerms, Provider, Usage, UsageHistory,
} from "/sdk/cocoon.js";

async function getJson<T>(client: CocoonClient, path: string): Promise<T> {
  // an SDK without the named read: its authenticated request, the same call
  const request = (client as unknown as {
    request: (m: string, p: string) => Promise<Response>;
  }).request.bind(client);
  return (await request("GET", path)).json() as Promise<T>;
}

export async function publicNetwork(): Promise<NetworkTerms> {
  const resp = await fetch("/v1/network");
  if (!resp.ok) throw new Error(`GET /v1/network answered ${resp.status}`);
  return resp.json();
}

export const functions = (c: CocoonClient): Promise<FunctionSummary[]> =>
  c.functions ? c.functions() : getJson(c, "/v1/functions");

export const usage = (c: CocoonClient, limit: number): Promise<Usage> =>
  c.usage ? c.usage(limit) : getJson(c, `/v1/usage?limit=${limit}`);

export const usageHistory = (c: CocoonClient, bucketS: number, sinceMs: number):
    Promise<UsageHistory> => c.usageHistory ? c.usageHistory({ bucketS, sinceMs })
  : getJson(c, `/v1/usage/history?bucket_s=${bucketS}&since_ms=${sinceMs}`);

export const providers = (c: CocoonClient, mine = false): Promise<Provider[]> =>
  c.providers ? c.providers({ mine }) : getJson(c, `/v1/providers${mine ? "?mine=1" : ""}`);

export const earnings = (c: CocoonClient, id: string): Promise<Earnings> =>
  c.earnings ? c.earnings(id) : getJson(c, `/v1/providers/${encodeURIComponent(id)}/earnings`);
