/** The JSON shapes the app reads that the SDK passes through untyped (platform/api.py's
 * FunctionOut and ProviderOut: only the fields shown). The SDK's own types (receipts, offers,
 * account, history, earnings) come from web/sdk/src itself: tsconfig maps `/sdk/cocoon.js`
 * there, so the app is checked against the SDK it will import at run time. */
import type { UsageHistory } from "/sdk/cocoon.js";

export interface FunctionSummary {
  name: string; version: number; description: string; unit: string; unit_price: number;
  max_units: number; prompt_weight?: number; completion_weight?: number; status?: string;
}

export interface Provider {
  id: string; online: boolean; simulated: boolean; evidence_kinds: string[];
  prices: Record<string, number>; in_flight: number; latency_ms: number | null;
  approved: boolean; state: string;
}

export type UsagePoint = UsageHistory["points"][number];
