/** The dashboard tab: usage over time per function (a chart and a table, GET
 * /v1/usage/history), recent receipts with their verification status (GET /v1/usage, each
 * checked in the page with the SDK's verifyReceipt), providers with price, load and evidence
 * (GET /v1/providers) and the earnings of this account's own providers (GET
 * /v1/providers?mine=1, then /v1/providers/{id}/earnings: owed, vouchered, paid on chain). */
import type { CocoonClient, SignedReceipt, VerifiedOffer } from "/sdk/cocoon.js";
import { type Metric, usageChart } from "./chart";
import { byTestId, describeError, h, shortId, table, ton } from "./dom";
import { receiptStatus } from "./receipts";
import type { FunctionSummary, Provider } from "./types";

const HOUR = 3_600_000;
/** Windows offered: [label, window ms, bucket s]. */
const WINDOWS: [string, number, number][] = [
  ["last hour, per minute", HOUR, 60], ["last 24 hours, hourly", 24 * HOUR, 3600],
  ["last 7 days, hourly", 7 * 24 * HOUR, 3600], ["last 30 days, daily", 30 * 24 * HOUR, 86_400],
];

function card(title: string, testid: string, ...after: Node[]): HTMLElement {
  return h("section", { cls: "card" }, h("h3", {}, title),
           h("p", { cls: "error", testid: `${testid}-error` }),
           h("div", { cls: "scroll", testid }), ...after);
}

const num = (v: number | string) => h("span", { cls: "num" }, String(v));
const tons = (v: number | string | bigint) => h("span", { cls: "num" }, ton(BigInt(v)));

export class Dashboard {
  readonly root: HTMLElement;
  private fns: FunctionSummary[] = [];
  private loading?: Promise<void>;

  constructor(private client: CocoonClient) {
    const windowSelect = h("select", { testid: "usage-window" },
      ...WINDOWS.map(([label], i) => h("option", { value: String(i), selected: i === 1 }, label)));
    const metricSelect = h("select", { testid: "usage-metric" },
      ...["calls", "units", "amount"].map((m) => h("option", { value: m }, m)));
    const refresh = h("button", { testid: "dashboard-refresh", cls: "link" }, "refresh");
    this.root = h("section", { testid: "dashboard", cls: "view" },
      h("div", { cls: "row" }, h("span", {}, windowSelect, " ", metricSelect), refresh),
      card("Usage", "usage-chart", h("div", { cls: "scroll", testid: "usage-table" })),
      card("Recent receipts", "receipts"),
      card("Providers", "providers"),
      card("My providers: earnings", "earnings"));
    windowSelect.addEventListener("change", () => void this.usage());
    metricSelect.addEventListener("change", () => void this.usage());
    refresh.addEventListener("click", () => void this.load(true));
  }

  /** Everything, read afresh (a load already running is reused). */
  load(force = false): Promise<void> {
    if (this.loading && !force) return this.loading;
    this.loading = (async () => {
      try {
        this.fns = await this.client.functions() as unknown as FunctionSummary[];
      } catch { /* receipts are then checked without token weights */ }
      await Promise.all([this.usage(), this.receipts(), this.providers(), this.earnings()]);
      this.root.dataset.loaded = String(Date.now());
    })().finally(() => { this.loading = undefined; });
    return this.loading;
  }

  private async section(testid: string, fill: () => Promise<Node>): Promise<void> {
    const error = byTestId(`${testid}-error`, this.root);
    try {
      const content = await fill();
      byTestId(testid, this.root).replaceChildren(content);
      error.textContent = "";
    } catch (exc) {
      error.textContent = describeError(exc);
    }
  }

  private usage(): Promise<void> {
    const [, span, bucketS] = WINDOWS[Number(byTestId<HTMLSelectElement>("usage-window",
                                                                         this.root).value)];
    const metric = byTestId<HTMLSelectElement>("usage-metric", this.root).value as Metric;
    return this.section("usage-chart", async () => {
      const untilMs = Date.now();
      const history = await this.client.usageHistory({ bucketS, sinceMs: untilMs - span });
      const names = [...new Set(history.points.map((p) => p.function))].sort();
      const totals = names.map((name) => {
        const mine = history.points.filter((p) => p.function === name);
        const sum = (k: "calls" | "units" | "amount") =>
          mine.reduce((n, p) => n + BigInt(p[k]), 0n);
        return [name, num(String(sum("calls"))), num(String(sum("units"))), tons(sum("amount"))];
      });
      byTestId("usage-table", this.root).replaceChildren(
        table(["function", "calls", "units", "TON"], totals));
      return usageChart(history.points, names, metric, history.bucket_s, history.since_ms,
                        history.until_ms);
    });
  }

  private receipts(): Promise<void> {
    return this.section("receipts", async () => {
      const usage = await this.client.usage(20);
      const offers = new Map<string, Promise<VerifiedOffer[]>>(); // one read per function
      const rows = await Promise.all(usage.receipts.map(async (signed: SignedReceipt) => {
        const r = signed.receipt;
        const f = this.fns.find((x) => x.name === r.function);
        const weights: [number, number] | undefined = r.prompt_units == null || !f ? undefined
          : [f.prompt_weight ?? 1, f.completion_weight ?? 1];
        if (!offers.has(r.function)) {
          offers.set(r.function, this.client.offers(r.function).catch(() => []));
        }
        const signers = (await offers.get(r.function)!)
          .filter((v) => v.valid && v.offer.provider === r.provider)
          .flatMap((v) => v.offer.keys.map((k) => k.signing_public));
        const status = await receiptStatus(signed, weights, signers);
        return [new Date(r.time_ms).toLocaleTimeString(), r.function, shortId(r.provider, 14),
                num(r.units), tons(r.amount),
                h("span", { cls: status === "verified" ? "ok" : "bad", testid: "receipt-row-status",
                            title: status }, status)];
      }));
      if (!rows.length) return h("p", { cls: "muted" }, "No calls yet.");
      return table(["time", "function", "provider", "units", "TON", "receipt"], rows);
    });
  }

  private providers(): Promise<void> {
    return this.section("providers", async () => {
      const list = await this.client.providers() as unknown as Provider[];
      if (!list.length) return h("p", { cls: "muted" }, "No provider is registered.");
      return table(["provider", "state", "prices (TON/unit)", "load", "evidence"],
        list.map((p) => [
          p.id,
          `${p.online ? "online" : "offline"}${p.state !== "active" ? `, ${p.state}` : ""}`
            + (p.approved ? "" : ", not approved"),
          Object.entries(p.prices ?? {}).map(([f, v]) => `${f} ${ton(BigInt(v))}`).join(", ")
            || "-",
          `${p.in_flight} in flight` + (p.latency_ms == null ? ""
            : `, ${Math.round(p.latency_ms)} ms`),
          (p.evidence_kinds.join(", ") || "-")
            + (p.simulated && !p.evidence_kinds.includes("simulated") ? " (simulated)" : ""),
        ]));
    });
  }

  private earnings(): Promise<void> {
    return this.section("earnings", async () => {
      const mine = await this.client.providers({ mine: true }) as unknown as Provider[];
      if (!mine.length) {
        return h("p", { cls: "muted" }, "This account runs no provider. Providers join with "
          + "`cocoon provider join`; their earnings show here.");
      }
      const rows = await Promise.all(mine.map(async (p) => {
        try {
          const e = await this.client.earnings(p.id);
          return [p.id, num(e.calls), tons(e.gross), tons(e.fee), tons(e.owed), tons(e.vouchered),
                  tons(e.paid), e.channel ? shortId(e.channel, 14) : "-"];
        } catch (exc) {
          return [p.id, describeError(exc), "", "", "", "", "", ""];
        }
      }));
      return table(["provider", "calls", "gross", "fee", "owed", "vouchered", "paid on chain",
                    "channel"], rows);
    });
  }
}
