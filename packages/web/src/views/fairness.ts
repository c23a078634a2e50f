/**
 * "Fairness over the years" / "Fordeling over år" (issue 13): per member, the trainees received
 * on away placements against those sent away, over the earlier cohorts and this plan, as a bar
 * chart drawn here as SVG (fairness-layout.ts; no chart library, nothing loaded): two bars per
 * member, each stacked, the earlier cohorts' part plain and this plan's part striped (so not by
 * colour alone), the total written beside each bar. The drawing has a <title> and a <desc>,
 * each bar a <title> with its numbers (shown on hover), and the same numbers follow as a table.
 */
import { h } from "../dom.js";
import { formatNumber, type Lang, type Messages } from "../i18n.js";
import { fairnessLayout, fairnessRows, imbalance, type Box, type FairnessBar, type FairnessRow } from "../fairness-layout.js";
import { sortByName } from "../fixes.js";
import type { ViewContext } from "../state.js";
import type { CohortInput, Plan } from "../types.js";
import { cohortNames } from "../words.js";
import { table } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes (SVG's own, which the Content-Security-Policy allows; no style attribute). */
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>>, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

const rect = (box: Box, className: string, extra: Readonly<Record<string, string>> = {}): SVGRectElement =>
  svg("rect", { class: className, x: box.x.toFixed(1), y: box.y.toFixed(1), width: box.width.toFixed(1), height: box.height.toFixed(1), ...extra });

/** The stripes of this plan's part of a bar, one pattern per kind (its ground the kind's colour). */
const stripes = (kind: "received" | "sent"): SVGPatternElement =>
  svg(
    "pattern",
    { id: `fair-stripes-${kind}`, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    svg("rect", { class: `fair-stripe-ground fair-${kind}`, x: 0, y: 0, width: 6, height: 6 }),
    svg("line", { class: "fair-stripe", x1: 1.5, y1: 0, x2: 1.5, y2: 6 }),
  );

/** A signed balance: "+3", "−2", "0". */
function signed(value: number, lang: Lang): string {
  if (value === 0) return "0";
  return `${value > 0 ? "+" : "−"}${formatNumber(Math.abs(value), lang)}`;
}

export function fairnessView(cohort: CohortInput, plan: Plan, { t, lang, state }: ViewContext): HTMLElement {
  const words = t.history;
  const balance = plan.balance ?? [];
  if (balance.length === 0) return h("p", { class: "hint", id: "fairness-none" }, words.noBalance);
  const names = cohortNames(cohort, state.replan.published?.cohort ?? null);
  const rows = sortByName(fairnessRows(balance, names.member), (r) => r.name);
  const total = imbalance(rows);
  return h(
    "div",
    { class: "fairness-view" },
    h("p", { class: "hint" }, words.fairnessIntro),
    h("p", { id: "fairness-imbalance" }, words.imbalance(total.before, total.after)),
    legend(t),
    chart(rows, t),
    fairnessTable(rows, t, lang),
  );
}

function legend(t: Messages): HTMLElement {
  const words = t.history;
  const swatch = (className: string) => h("span", { class: `swatch ${className}`, "aria-hidden": "true" });
  return h(
    "ul",
    { class: "legend fairness-legend", "aria-label": words.legendLabel },
    h("li", null, swatch("fair-received fair-history"), words.legendReceived, ": ", words.legendHistory),
    h("li", null, swatch("fair-received fair-plan"), words.legendReceived, ": ", words.legendPlan),
    h("li", null, swatch("fair-sent fair-history"), words.legendSent, ": ", words.legendHistory),
    h("li", null, swatch("fair-sent fair-plan"), words.legendSent, ": ", words.legendPlan),
  );
}

function chart(rows: readonly FairnessRow[], t: Messages): HTMLElement {
  const words = t.history;
  const layout = fairnessLayout(rows);
  const { plot } = layout;
  const bar = (b: FairnessBar, name: string): SVGGElement =>
    svg(
      "g",
      { class: `fair-bar fair-${b.kind}`, "data-kind": b.kind, "data-total": b.split.total },
      svg("title", {}, words.barTitle(name, b.kind, b.split.history, b.split.plan, b.split.total)),
      rect(b.history, `fair-part fair-history fair-${b.kind}`),
      // The pattern as an attribute (SVG's own, allowed by the policy), not a style.
      rect(b.plan, `fair-part fair-plan fair-${b.kind}`, { fill: `url(#fair-stripes-${b.kind})` }),
      svg("text", { class: "fair-value", x: b.label.x.toFixed(1), y: b.label.y.toFixed(1), "dominant-baseline": "middle" }, words.barWords(b.kind, b.split.total)),
    );
  const groups = layout.groups.map((g) =>
    svg(
      "g",
      { class: "fair-member", "data-member": g.row.member },
      svg("text", { class: "fair-name", x: g.name.x.toFixed(1), y: g.name.y.toFixed(1), "text-anchor": "end", "dominant-baseline": "middle" }, g.row.name),
      ...g.bars.map((b) => bar(b, g.row.name)),
    ),
  );
  const axis = svg(
    "g",
    { class: "fair-axis", "aria-hidden": "true" },
    ...layout.ticks.flatMap((tick) => [
      svg("line", { class: "fair-grid", x1: tick.x.toFixed(1), x2: tick.x.toFixed(1), y1: (plot.y - 4).toFixed(1), y2: (plot.y + plot.height).toFixed(1) }),
      svg("text", { class: "fair-tick", x: tick.x.toFixed(1), y: (plot.y - 8).toFixed(1), "text-anchor": "middle" }, String(tick.value)),
    ]),
  );
  const drawing = svg(
    "svg",
    {
      id: "fairness-chart",
      class: "fairness-chart",
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      role: "img",
      "aria-labelledby": "fairness-chart-title fairness-chart-desc",
    },
    svg("title", { id: "fairness-chart-title" }, words.chartTitle),
    svg("desc", { id: "fairness-chart-desc" }, words.chartDesc(rows.length)),
    // Stripes for this plan's part, so that it differs from the earlier cohorts' by more than colour.
    svg("defs", {}, stripes("received"), stripes("sent")),
    axis,
    ...groups,
  );
  return h("div", { class: "fairness-wrap" }, drawing);
}

function fairnessTable(rows: readonly FairnessRow[], t: Messages, lang: Lang): HTMLElement {
  const words = t.history;
  const split = (s: FairnessRow["received"]) => words.splitText(s.history, s.plan, s.total);
  return table(
    "fairness-table",
    words.tableCaption,
    [t.colMember, words.colReceived, words.colSent, words.colHosted, words.colBefore, words.colAfter],
    rows.map((r) => [r.name, split(r.received), split(r.sent), split(r.hosted), signed(r.balanceBefore, lang), signed(r.balanceAfter, lang)]),
  );
}
