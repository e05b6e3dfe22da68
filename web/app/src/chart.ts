/** The usage chart: stacked bars per time bucket, one colour (series) per function, drawn as
 * inline SVG (no chart library: a few dozen rectangles). Buckets without calls are gaps. */
import type { UsagePoint } from "./types";
import { h, ton } from "./dom";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#2a7ae2", "#e2762a", "#2c9a55", "#b3398f", "#c9a227", "#5a5fd6", "#d33a32",
                 "#199e9e"];
const W = 600, H = 240, LEFT = 64, RIGHT = 8, TOP = 14, BOTTOM = 26;

export type Metric = "calls" | "units" | "amount";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>,
    ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

export const colourOf = (i: number): string => PALETTE[i % PALETTE.length];

function label(metric: Metric, value: number): string {
  return metric === "amount" ? `${ton(BigInt(Math.round(value)))} TON` : String(value);
}

function when(ms: number, bucketS: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  const day = `${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return bucketS >= 86_400 ? day : `${day} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The chart for [sinceMs, untilMs) in buckets of bucketS, with its legend. */
export function usageChart(points: UsagePoint[], functions: string[], metric: Metric,
                           bucketS: number, sinceMs: number, untilMs: number): HTMLElement {
  const step = bucketS * 1000;
  const first = Math.floor(sinceMs / step) * step;
  const count = Math.max(1, Math.ceil((untilMs - first) / step));
  const stacks = new Map<number, number>(); // bucket -> height so far
  for (const p of points) {
    const b = Math.round((p.t_ms - first) / step);
    stacks.set(b, (stacks.get(b) ?? 0) + Number(p[metric]));
  }
  const top = Math.max(1, ...stacks.values());
  const plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
  const barW = plotW / count;
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const drawn = new Map<number, number>();
  const series = functions.map((name, i) => {
    const bars = points.filter((p) => p.function === name && Number(p[metric]) > 0).map((p) => {
      const b = Math.round((p.t_ms - first) / step);
      const base = drawn.get(b) ?? 0;
      const v = Number(p[metric]);
      drawn.set(b, base + v);
      return svg("rect", {
        x: (LEFT + b * barW + barW * 0.1).toFixed(1), y: y(base + v).toFixed(1),
        width: Math.max(1, barW * 0.8).toFixed(1), height: (y(base) - y(base + v)).toFixed(1),
      }, svg("title", {}, `${name}: ${label(metric, v)} (${when(p.t_ms, bucketS)})`));
    });
    return svg("g", { fill: colourOf(i), "data-function": name, class: "series" }, ...bars);
  });
  const axis = svg("g", {},
    svg("line", { x1: LEFT, y1: TOP + plotH, x2: W - RIGHT, y2: TOP + plotH, class: "axis" }),
    svg("line", { x1: LEFT, y1: TOP, x2: LEFT, y2: TOP + plotH, class: "axis" }),
    svg("text", { x: LEFT - 6, y: TOP + 10, "text-anchor": "end" }, label(metric, top)),
    svg("text", { x: LEFT - 6, y: TOP + plotH, "text-anchor": "end" }, "0"),
    svg("text", { x: LEFT, y: H - 6 }, when(first, bucketS)),
    svg("text", { x: W - RIGHT, y: H - 6, "text-anchor": "end" }, when(untilMs, bucketS)));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img",
                             "aria-label": `${metric} per ${bucketS} s, per function` },
                    axis, ...series);
  const legend = h("div", { cls: "legend" }, ...functions.map((name, i) =>
    h("span", {}, h("i", { style: `background:${colourOf(i)}` }), name)));
  const box = h("div", { cls: "chart" });
  box.append(chart, legend);
  if (!points.length) box.append(h("p", { cls: "muted" }, "No calls in this window."));
  return box;
}
