/** The invoke view: pick a function, send input, watch the output arrive (streamed item by
 * item; an LLM's deltas grow one text), then the receipt (provider, evidence, units, cost and
 * its verification) and the new balance. Sealing, offer verification and the receipt checks
 * are the SDK's; this view only shows them. */
import type { CocoonClient, SignedReceipt } from "/sdk/cocoon.js";
import { byTestId, describeError, h, ton } from "./dom";
import { receiptStatus } from "./receipts";
import type { FunctionSummary } from "./types";

const EXAMPLE = '{"hello": "world"}';

/** Functions metered per token take a chat prompt (templates/llm: OpenAI's chat shape). */
export const isChat = (f?: FunctionSummary): boolean => f?.unit === "token";

/** The request for a chat function: the box's JSON object when it is one (full control:
 * temperature, max_tokens...), else the text as one user message. */
export function chatRequest(text: string, stream: boolean): Record<string, unknown> {
  try {
    const doc = JSON.parse(text);
    if (doc && typeof doc === "object" && !Array.isArray(doc)) return { ...doc, stream };
  } catch { /* a plain prompt */ }
  return { messages: [{ role: "user", content: text }], stream };
}

export class InvokeView {
  readonly root: HTMLElement;
  private fns: FunctionSummary[] = [];

  constructor(private client: CocoonClient, private onCharged: () => void) {
    this.root = h("section", { testid: "invoke-view", cls: "view" },
      h("label", {}, "Function ", h("select", { testid: "function-select" })),
      h("p", { testid: "function-info", cls: "muted" }),
      h("textarea", { testid: "input", rows: "5", spellcheck: "false" }),
      h("div", { cls: "row" },
        h("label", {}, h("input", { type: "checkbox", testid: "stream-toggle" }), " stream"),
        h("button", { testid: "invoke", cls: "primary" }, "Invoke")),
      h("p", { testid: "error", cls: "error", role: "alert" }),
      h("h3", {}, "Output"),
      h("div", { testid: "output", cls: "output", "aria-live": "polite" }),
      h("div", { testid: "output-meta", cls: "muted mono" }),
      h("div", { testid: "receipt", cls: "receipt" }));
    this.select.addEventListener("change", () => this.describe());
    byTestId("invoke", this.root).addEventListener("click", () => void this.run());
  }

  private get select(): HTMLSelectElement {
    return byTestId<HTMLSelectElement>("function-select", this.root);
  }

  private get chosen(): FunctionSummary | undefined {
    return this.fns.find((f) => f.name === this.select.value);
  }

  async load(): Promise<void> {
    try {
      this.fns = await this.client.functions() as unknown as FunctionSummary[];
    } catch (exc) {
      byTestId("error", this.root).textContent = describeError(exc);
      return;
    }
    this.select.replaceChildren(...this.fns.map((f) => h("option", { value: f.name }, f.name)));
    this.describe();
  }

  private describe(): void {
    const f = this.chosen;
    const input = byTestId<HTMLTextAreaElement>("input", this.root);
    // the price first, the developer's words after it, each in its own <bdi>: a description
    // or unit with bidi controls (U+202E...) or a long text cannot reorder or push away the price
    byTestId("function-info", this.root).replaceChildren(...(f
      ? [h("span", { testid: "function-price" }, `${ton(f.unit_price)} TON per `,
           h("bdi", {}, f.unit), `, at most ${f.max_units}`),
         " · ", h("bdi", { testid: "function-description" }, f.description)]
      : ["no function deployed"]));
    input.placeholder = isChat(f) ? "Ask something (or a JSON chat request)" : "JSON input";
    // an example the user has not edited follows the function chosen
    if (!input.value.trim() || input.value === EXAMPLE) input.value = isChat(f) ? "" : EXAMPLE;
  }

  private async run(): Promise<void> {
    const f = this.chosen;
    const button = byTestId<HTMLButtonElement>("invoke", this.root);
    const output = byTestId("output", this.root);
    const meta = byTestId("output-meta", this.root);
    const error = byTestId("error", this.root);
    const panel = byTestId("receipt", this.root);
    if (!f) return;
    output.replaceChildren();
    meta.textContent = error.textContent = "";
    panel.replaceChildren();
    const text = byTestId<HTMLTextAreaElement>("input", this.root).value;
    const stream = byTestId<HTMLInputElement>("stream-toggle", this.root).checked;
    let payload: unknown;
    try {
      payload = isChat(f) ? chatRequest(text, stream) : JSON.parse(text);
    } catch {
      error.textContent = "invalid_json: the input is not JSON";
      return;
    }
    button.disabled = true;
    try {
      let signed: SignedReceipt | undefined;
      if (stream) {
        const s = this.client.stream(f.name, payload);
        for await (const item of s) this.show(item, f);
        signed = s.signedReceipt;
      } else {
        const result = await this.client.invoke(f.name, payload);
        this.show(result.output, f);
        signed = result.signedReceipt;
      }
      if (signed) await this.showReceipt(signed, f);
    } catch (exc) {
      error.textContent = describeError(exc);
    } finally {
      button.disabled = false;
      this.onCharged();
    }
  }

  /** One output item: an LLM's text grows in place (a delta, or a whole message); anything
   * else is appended as a JSON line. */
  private show(item: unknown, f: FunctionSummary): void {
    const output = byTestId("output", this.root);
    const doc = item as { delta?: unknown; message?: { content?: unknown }; text?: unknown };
    if (isChat(f) && doc && typeof doc === "object") {
      const piece = typeof doc.delta === "string" ? doc.delta
        : typeof doc.message?.content === "string" ? doc.message.content
          : typeof doc.text === "string" ? doc.text : undefined;
      if (piece !== undefined) {
        output.append(piece);
        const { delta: _d, message: _m, text: _t, ...rest } = doc as Record<string, unknown>;
        if (Object.keys(rest).length) byTestId("output-meta", this.root).textContent =
          JSON.stringify(rest);
        return;
      }
      byTestId("output-meta", this.root).textContent = JSON.stringify(item);
      return;
    }
    output.append(h("div", { cls: "item mono" }, JSON.stringify(item, null, 1)));
  }

  private async showReceipt(signed: SignedReceipt, f: FunctionSummary): Promise<void> {
    const r = signed.receipt;
    const weights: [number, number] | undefined = r.prompt_units == null ? undefined
      : [f.prompt_weight ?? 1, f.completion_weight ?? 1];
    // the SDK has checked the receipt against the keys of the offer it sealed to
    const [status, kinds] = await Promise.all([
      receiptStatus(signed, weights, [signed.signer]), this.evidenceKinds(f.name, r.provider)]);
    const row = (label: string, value: string, testid?: string) =>
      h("div", { cls: "kv" }, h("span", {}, label), h("span", { testid, cls: "mono" }, value));
    byTestId("receipt", this.root).replaceChildren(
      h("h3", {}, "Receipt"),
      row("provider", r.provider, "receipt-provider"),
      row("evidence", kinds + (r.simulated && !kinds.includes("simulated") ? " (simulated)" : ""),
          "receipt-evidence"),
      row("units", r.prompt_units == null ? String(r.units)
        : `${r.units} (${r.prompt_units} prompt + ${r.completion_units} completion tokens)`,
          "receipt-units"),
      row("cost", `${ton(r.amount)} TON`, "receipt-cost"),
      row("status", status, "receipt-status"));
    byTestId("receipt-status", this.root).classList.add(status === "verified" ? "ok" : "bad");
  }

  private async evidenceKinds(name: string, provider: string): Promise<string> {
    try {
      const served = (await this.client.offers(name))
        .find((v) => v.valid && v.offer.provider === provider); // only evidence that passed
      const kinds = served?.verdicts.map((v) => v.kind);
      return kinds?.length ? [...new Set(kinds)].join(", ") : "?";
    } catch {
      return "?";
    }
  }
}
