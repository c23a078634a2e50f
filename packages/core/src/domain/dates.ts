/**
 * Period dates. A period of n months starting on day d ends the day before day d, n months
 * later; when that month is shorter, day d is clamped to its last day first. The next
 * period starts the day after. All arithmetic is on UTC calendar dates.
 */
import type { Period } from "./schema.js";

export interface DatedPeriod {
  readonly period: string;
  readonly from: string;
  readonly to: string;
}

interface CivilDate {
  y: number;
  m: number; // 1..12
  d: number;
}

function parse(date: string): CivilDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return { y, m, d };
}

function format({ y, m, d }: CivilDate): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A UTC date; unlike Date.UTC, years 0-99 are taken as written. */
function utcDate(y: number, monthIndex: number, d: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, monthIndex, d);
  return date;
}

function daysInMonth(y: number, m: number): number {
  return utcDate(y, m, 0).getUTCDate();
}

/** Day `d` of the month `months` after the given date's month, clamped to that month's end. */
export function addMonthsClamped(date: string, months: number): string {
  const { y, m, d } = parse(date);
  const monthIndex = y * 12 + (m - 1) + months;
  const ny = Math.floor(monthIndex / 12);
  const nm = (monthIndex % 12) + 1;
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

export function addDays(date: string, days: number): string {
  const { y, m, d } = parse(date);
  const t = utcDate(y, m - 1, d + days);
  return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** The dates of every period of a programme, chained from its start. */
export function periodDates(start: string, periods: readonly Pick<Period, "id" | "months">[]): DatedPeriod[] {
  const out: DatedPeriod[] = [];
  let from = start;
  for (const period of periods) {
    const to = addDays(addMonthsClamped(from, period.months), -1);
    out.push({ period: period.id, from, to });
    from = addDays(to, 1);
  }
  return out;
}
