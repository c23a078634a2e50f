/**
 * The timeline's geometry, as plain data the view turns into HTML: the programme's span of
 * days, a month axis across it, and each placement as a block placed in percent of that span
 * (so the picture fits any width without measuring the screen), by trainee and by member.
 * Pure functions of the cohort and the plan, tested without a browser.
 *
 * Dates are ISO calendar days (`2013-08-19`), counted as whole UTC days; a placement's `to` is
 * its last day, so a block runs to the end of that day.
 */
import { periodDates } from "@rotamatch/core/format";
import { cohortNames } from "./words.js";
import type { CohortInput, Plan } from "./types.js";

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (UTC, so no daylight saving shifts a day). */
export function dayNumber(iso: string): number {
  const [y = 1970, m = 1, d = 1] = iso.split("-").map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return Math.round(date.getTime() / DAY_MS);
}

/** The days a picture covers: `from` is the first day, `to` the last (inclusive). */
export interface Span {
  readonly from: string;
  readonly to: string;
}

/**
 * The programme from its start to the end of its last period, stretched to take in any
 * placement or gathering outside it (a re-planned plan's dates are the plan's own).
 */
export function programmeSpan(cohort: CohortInput, plan: Plan): Span {
  const dated = periodDates(cohort.programme.start, cohort.programme.periods);
  const days = [cohort.programme.start, ...dated.flatMap((p) => [p.from, p.to])];
  for (const a of plan.assignments) for (const p of a.placements) days.push(p.from, p.to);
  for (const g of cohort.programme.gatherings ?? []) days.push(g.date);
  const sorted = days.filter((d) => d !== "").sort();
  return { from: sorted[0] ?? cohort.programme.start, to: sorted[sorted.length - 1] ?? cohort.programme.start };
}

/** Where something sits across the span, in percent of its width (0 to 100). */
export interface Place {
  readonly left: number;
  readonly width: number;
}

/** The days from `from` to `to` (inclusive) across the span, clipped to it. */
export function place(span: Span, from: string, to: string): Place {
  const start = dayNumber(span.from);
  const length = Math.max(1, dayNumber(span.to) + 1 - start);
  const a = Math.min(Math.max(dayNumber(from) - start, 0), length);
  const b = Math.min(Math.max(dayNumber(to) + 1 - start, a), length);
  return { left: (a / length) * 100, width: ((b - a) / length) * 100 };
}

/** A day's point across the span (its start), in percent. */
export function at(span: Span, day: string): number {
  return place(span, day, day).left;
}

/** One calendar month of the axis, clipped to the span. */
export interface MonthTick extends Place {
  /** 1 to 12. */
  readonly month: number;
  readonly year: number;
  /** The first month shown of its year (the axis writes the year there). */
  readonly firstOfYear: boolean;
}

/** Every calendar month the span touches, in order, the first and last clipped to it. */
export function monthAxis(span: Span): MonthTick[] {
  const [y0 = 1970, m0 = 1] = span.from.split("-").map(Number);
  const [y1 = 1970, m1 = 1] = span.to.split("-").map(Number);
  const ticks: MonthTick[] = [];
  for (let i = y0 * 12 + m0 - 1; i <= y1 * 12 + m1 - 1; i++) {
    const year = Math.floor(i / 12);
    const month = (i % 12) + 1;
    const first = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`;
    const nextIndex = i + 1;
    const next = `${String(Math.floor(nextIndex / 12)).padStart(4, "0")}-${String((nextIndex % 12) + 1).padStart(2, "0")}-01`;
    const last = new Date((dayNumber(next) - 1) * DAY_MS).toISOString().slice(0, 10);
    const from = first < span.from ? span.from : first;
    const to = last > span.to ? span.to : last;
    ticks.push({ ...place(span, from, to), month, year, firstOfYear: ticks.length === 0 || month === 1 });
  }
  return ticks;
}

/** One placement as a block. */
export interface Block extends Place {
  readonly period: string;
  readonly at: "host" | "away";
  readonly from: string;
  readonly to: string;
  /** The member's id, and its name for people. */
  readonly member: string;
  readonly memberName: string;
  readonly trainee: string;
  readonly traineeName: string;
  /** A re-planned plan changed this placement (see replan-words.ts, `${trainee}|period:${id}`). */
  readonly changed: boolean;
}

export interface GatheringMark {
  readonly name: string;
  readonly date: string;
  readonly left: number;
}

/** A row of the timeline by trainee. */
export interface TraineeLine {
  readonly id: string;
  readonly label: string;
  readonly specialization: string;
  readonly host: string | null;
  readonly blocks: readonly Block[];
  /** Lower-case words a filter looks in: name, id, specialization, and every member's name and id. */
  readonly search: string;
}

/** A member's rows: one lane per trainee at a time, so blocks never overlap. */
export interface MemberLine {
  readonly id: string;
  readonly name: string;
  readonly lanes: readonly (readonly Block[])[];
  readonly search: string;
}

export interface TimelineLayout {
  readonly span: Span;
  readonly months: readonly MonthTick[];
  readonly gatherings: readonly GatheringMark[];
  readonly trainees: readonly TraineeLine[];
  readonly members: readonly MemberLine[];
}

/**
 * The timeline of a plan. `changed` says whether a trainee's placement in a period was changed
 * by a re-plan (the page's highlight set); `earlier` names those who have left the cohort.
 */
export function timelineLayout(
  cohort: CohortInput,
  plan: Plan,
  changed: (trainee: string, period: string) => boolean = () => false,
  earlier: CohortInput | null = null,
): TimelineLayout {
  const names = cohortNames(cohort, earlier);
  const span = programmeSpan(cohort, plan);
  const atOf = new Map(cohort.programme.periods.map((p) => [p.id, p.at]));
  const specializations = new Map(cohort.trainees.map((t) => [t.id, t.specialization]));
  const trainees = plan.assignments.map((a): TraineeLine => {
    const label = names.trainee(a.trainee);
    const specialization = specializations.get(a.trainee) ?? "";
    const blocks = a.placements.map(
      (p): Block => ({
        ...place(span, p.from, p.to),
        period: p.period,
        at: atOf.get(p.period) ?? "host",
        from: p.from,
        to: p.to,
        member: p.member,
        memberName: names.member(p.member),
        trainee: a.trainee,
        traineeName: label,
        changed: changed(a.trainee, p.period),
      }),
    );
    const host = a.host === null ? null : names.member(a.host);
    const words = [label, a.trainee, specialization, host ?? "", a.host ?? "", ...blocks.flatMap((b) => [b.memberName, b.member])];
    return { id: a.trainee, label, specialization, host, blocks, search: searchText(words) };
  });
  const byMember = new Map<string, Block[]>();
  for (const line of trainees) for (const block of line.blocks) byMember.set(block.member, [...(byMember.get(block.member) ?? []), block]);
  const members = cohort.members.map((m): MemberLine => {
    const lanes = packLanes(byMember.get(m.id) ?? []);
    const name = names.member(m.id);
    const words = [name, m.id, ...lanes.flatMap((lane) => lane.flatMap((b) => [b.traineeName, b.trainee, specializations.get(b.trainee) ?? ""]))];
    return { id: m.id, name, lanes, search: searchText(words) };
  });
  const gatherings = (cohort.programme.gatherings ?? []).map((g) => ({ name: g.name, date: g.date, left: at(span, g.date) }));
  return { span, months: monthAxis(span), gatherings, trainees, members };
}

/**
 * Blocks into lanes, first fit by start date: each block goes to the first lane whose last
 * block ended before it starts. A member with no one placed keeps one empty lane, so that
 * every member has its row.
 */
export function packLanes<B extends { readonly from: string; readonly to: string }>(blocks: readonly B[]): B[][] {
  const lanes: B[][] = [];
  const sorted = [...blocks].sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
  for (const block of sorted) {
    const lane = lanes.find((l) => (l[l.length - 1]?.to ?? "") < block.from);
    if (lane === undefined) lanes.push([block]);
    else lane.push(block);
  }
  return lanes.length === 0 ? [[]] : lanes;
}

function searchText(words: readonly string[]): string {
  return words.join("\u0000").toLocaleLowerCase();
}

/** Whether a row matches what the user typed: every word of it, anywhere in the row's words, case-insensitive. */
export function matchesFilter(search: string, query: string): boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter((w) => w !== "");
  return words.every((w) => search.includes(w));
}
