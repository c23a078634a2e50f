/**
 * The fairness chart's pure layout (issue 13): for each member, a pair of horizontal bars,
 * trainees received on away placements and trainees sent away, over the earlier cohorts and
 * this plan together, each bar stacked: the earlier cohorts' part first, then this plan's.
 * Data comes from the plan's `balance` (one entry per member); the geometry is in the
 * drawing's own units (views/fairness.ts sets them as SVG attributes, which the page's
 * Content-Security-Policy allows, and CSS scales the drawing to the width it has).
 */
import type { MemberBalance } from "./types.js";

/** One member's counts as the chart shows them: each total split into the earlier cohorts' part and this plan's. */
export interface FairnessRow {
  readonly member: string;
  readonly name: string;
  readonly received: Split;
  readonly sent: Split;
  readonly hosted: Split;
  /** received − sent over the earlier cohorts only. */
  readonly balanceBefore: number;
  /** received − sent over the earlier cohorts and this plan. */
  readonly balanceAfter: number;
}

export interface Split {
  readonly history: number;
  readonly plan: number;
  readonly total: number;
}

/** A rectangle of the drawing. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type BarKind = "received" | "sent";

export interface FairnessBar {
  readonly kind: BarKind;
  readonly split: Split;
  /** The earlier cohorts' part, from the axis. */
  readonly history: Box;
  /** This plan's part, right after the history part. */
  readonly plan: Box;
  /** Where the bar's number is written: just right of the bar, on its middle line. */
  readonly label: { readonly x: number; readonly y: number };
}

export interface FairnessGroup {
  readonly row: FairnessRow;
  /** The member's name, right-aligned at x, on the middle line of its pair of bars. */
  readonly name: { readonly x: number; readonly y: number };
  /** Received first, then sent. */
  readonly bars: readonly [FairnessBar, FairnessBar];
}

export interface FairnessLayout {
  readonly width: number;
  readonly height: number;
  /** Where the bars may go: x from the axis (value 0) to the largest tick. */
  readonly plot: Box;
  /** The largest value the axis shows (a tick; at least 1). */
  readonly max: number;
  /** Axis ticks, 0 first, whole numbers, evenly spaced. */
  readonly ticks: readonly { readonly value: number; readonly x: number }[];
  readonly groups: readonly FairnessGroup[];
}

export interface FairnessBox {
  /** Width of the whole drawing. */
  readonly width: number;
  /** Room for the members' names, left of the axis. */
  readonly labelWidth: number;
  /** Room for the numbers, right of the longest bar. */
  readonly rightMargin: number;
  /** Room for the tick numbers above the bars. */
  readonly top: number;
  readonly bottom: number;
  readonly barHeight: number;
  /** Space between the two bars of a member. */
  readonly barGap: number;
  /** Space between members. */
  readonly groupGap: number;
}

export const FAIRNESS_BOX: FairnessBox = { width: 760, labelWidth: 200, rightMargin: 110, top: 26, bottom: 8, barHeight: 12, barGap: 2, groupGap: 12 };

const split = (history: number, plan: number): Split => ({ history, plan, total: history + plan });

/** The plan's balance as the chart's rows, in the order given, each member by name (its id when the cohort does not name it). */
export function fairnessRows(balance: readonly MemberBalance[], nameOf: (member: string) => string): FairnessRow[] {
  return balance.map((b) => ({
    member: b.member,
    name: nameOf(b.member),
    received: split(b.history.received, b.received),
    sent: split(b.history.sent, b.sent),
    hosted: split(b.history.hosted, b.hosted),
    balanceBefore: b.balanceBefore,
    balanceAfter: b.balanceAfter,
  }));
}

/**
 * Evenly spaced whole-number ticks from 0 that reach at least `max`: a step of 1, 2 or 5 times a
 * power of ten, the smallest that needs at most `most` steps.
 */
export function niceTicks(max: number, most = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let power = 1; ; power *= 10) {
    const found = [1, 2, 5].map((m) => m * power).find((s) => Math.ceil(top / s) <= most);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const steps = Math.ceil(top / step);
  return Array.from({ length: steps + 1 }, (_, i) => i * step);
}

/** The drawing: the axis, its ticks, and each member's pair of stacked bars, top to bottom in the rows' order. */
export function fairnessLayout(rows: readonly FairnessRow[], box: FairnessBox = FAIRNESS_BOX): FairnessLayout {
  const largest = rows.reduce((most, r) => Math.max(most, r.received.total, r.sent.total), 0);
  const tickValues = niceTicks(largest);
  const max = tickValues[tickValues.length - 1] ?? 1;
  const plotWidth = box.width - box.labelWidth - box.rightMargin;
  const scale = plotWidth / max;
  const groupHeight = 2 * box.barHeight + box.barGap;
  const plotHeight = rows.length === 0 ? 0 : rows.length * groupHeight + (rows.length - 1) * box.groupGap;
  const plot: Box = { x: box.labelWidth, y: box.top, width: plotWidth, height: plotHeight };
  const bar = (kind: BarKind, s: Split, y: number): FairnessBar => {
    const historyWidth = s.history * scale;
    const planWidth = s.plan * scale;
    return {
      kind,
      split: s,
      history: { x: plot.x, y, width: historyWidth, height: box.barHeight },
      plan: { x: plot.x + historyWidth, y, width: planWidth, height: box.barHeight },
      label: { x: plot.x + historyWidth + planWidth + 4, y: y + box.barHeight / 2 },
    };
  };
  const groups = rows.map((row, i): FairnessGroup => {
    const top = plot.y + i * (groupHeight + box.groupGap);
    return {
      row,
      name: { x: plot.x - 8, y: top + groupHeight / 2 },
      bars: [bar("received", row.received, top), bar("sent", row.sent, top + box.barHeight + box.barGap)],
    };
  });
  return {
    width: box.width,
    height: box.top + plotHeight + box.bottom,
    plot,
    max,
    ticks: tickValues.map((value) => ({ value, x: plot.x + value * scale })),
    groups,
  };
}

/** Σ over members of |received − sent|: what `reciprocity` weighs, over the earlier cohorts (`before`) and with this plan (`after`). */
export function imbalance(rows: readonly FairnessRow[]): { readonly before: number; readonly after: number } {
  return {
    before: rows.reduce((sum, r) => sum + Math.abs(r.balanceBefore), 0),
    after: rows.reduce((sum, r) => sum + Math.abs(r.balanceAfter), 0),
  };
}
