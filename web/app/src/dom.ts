/** Small DOM helpers: elements are built with textContent only (never innerHTML), so nothing
 * a gateway, a function or a receipt returns can become markup. */
type Attrs = Record<string, string | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {},
    ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "testid") el.dataset.testid = String(v);
    else el.setAttribute(k === "cls" ? "class" : k, v === true ? "" : v);
  }
  el.append(...children.filter((c): c is Node | string => c !== null && c !== undefined &&
                                c !== false));
  return el;
}

export function byTestId<T extends HTMLElement = HTMLElement>(id: string,
    root: ParentNode = document): T {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element ${id}`);
  return el;
}

/** Nanotons (an integer) as TON, trailing zeros dropped: 1500000000 -> "1.5". */
export function ton(nano: number | bigint): string {
  const n = BigInt(nano);
  const sign = n < 0n ? "-" : "";
  const abs = n < 0n ? -n : n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return `${sign}${abs / 1_000_000_000n}${frac ? "." + frac : ""}`;
}

/** An error as the page shows it: the wire code first (CocoonError's message starts with it). */
export function describeError(exc: unknown): string {
  const e = exc as { code?: string; message?: string };
  const message = e?.message ?? String(exc);
  if (e?.code && !message.startsWith(e.code)) return `${e.code}: ${message}`;
  return message;
}

export function table(headings: string[], rows: (string | Node)[][], testid?: string):
    HTMLTableElement {
  return h("table", { testid },
    h("thead", {}, h("tr", {}, ...headings.map((t) => h("th", {}, t)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c))))));
}

export function shortId(id: string, keep = 10): string {
  return id.length > keep + 1 ? id.slice(0, keep) + "…" : id;
}

/** TON as typed ("2.5") in nanotons; null when it is not a positive amount with at most 9
 * decimals. */
export function nanotons(text: string): bigint | null {
  const m = /^\s*(\d{1,12})(?:\.(\d{1,9}))?\s*$/.exec(text);
  if (!m) return null;
  const n = BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? "").padEnd(9, "0") || "0");
  return n > 0n ? n : null;
}
