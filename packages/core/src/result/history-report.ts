/**
 * The history report (issue 13, `rotamatch history`): each member of a cohort across its
 * history entries, in order, and optionally a plan of this cohort as the last column. Counted
 * the way the contract's "History" and "Fairness terms" count (domain/history.ts):
 *
 * - hosted: trainees whose host is the member;
 * - sent: away placements of the trainees it hosts (one per trainee and away placement; an away
 *   placement is one at a member other than the assignment's host; without a host none is away:
 *   assignmentFacts in domain/history.ts reads an assignment for both);
 * - received: away placements at the member;
 * - mentored, supervised: trainees whose mentor (supervisor) is one of the member's people, as
 *   this cohort lists them;
 * - repeats: exchanges host → away member that occur in more than one column, and mentor–host
 *   pairs (a mentor, the host of the trainee mentored) that do.
 *
 * An id this cohort does not know counts for nothing (the rest of its assignment still counts)
 * and gives a warning (historyWarnings). Needs no schema (no zod): the page may import it.
 */
import { indexCohort, type CohortIndex } from "../domain/cohort-index.js";
import { assignmentFacts, historyWarnings, type HistoryAssignmentLike, type KnownIds } from "../domain/history.js";
import type { Cohort, PlanWarning } from "../domain/schema.js";

/** What the report reads of an assignment: a history entry's or a plan's. */
export type ReportAssignment = HistoryAssignmentLike;

/** A plan of this cohort to show as the last column (its other fields are not read). */
export interface ReportPlan {
  readonly assignments: readonly ReportAssignment[];
}

export interface HistoryReportOptions {
  /** The name of the plan's column (default "this plan"). */
  readonly planName?: string;
}

export interface HistoryCounts {
  readonly hosted: number;
  readonly sent: number;
  readonly received: number;
  readonly mentored: number;
  readonly supervised: number;
}

export interface HistoryColumn {
  /** The history entry's name, or the plan's column name. */
  readonly name: string;
  readonly kind: "history" | "plan";
  /** How many assignments (trainees) the entry or the plan has. */
  readonly trainees: number;
}

export interface MemberHistory {
  readonly member: string;
  /** The member's name, or its id when it has none. */
  readonly name: string;
  /** One per column, in the order of `columns`. */
  readonly cohorts: readonly HistoryCounts[];
  /** Summed over every column. */
  readonly total: HistoryCounts;
  /** received − sent over every column (with a plan: the plan's `balanceAfter`). */
  readonly balance: number;
}

export interface RepeatedExchange {
  readonly host: string;
  readonly away: string;
  /** The columns with at least one such away placement, in order (two or more). */
  readonly cohorts: readonly string[];
  /** Such away placements over those columns. */
  readonly placements: number;
}

export interface RepeatedMentorHost {
  readonly mentor: string;
  /** The member the mentor works for. */
  readonly mentorMember: string;
  readonly host: string;
  /** The columns in which the mentor mentored a trainee of the host, in order (two or more). */
  readonly cohorts: readonly string[];
  /** Such trainees over those columns. */
  readonly trainees: number;
}

export interface HistoryReport {
  readonly columns: readonly HistoryColumn[];
  /** Every member of the cohort, in its order. */
  readonly members: readonly MemberHistory[];
  readonly repeats: {
    /** Most columns first, then by host and away member in the cohort's order. */
    readonly exchanges: readonly RepeatedExchange[];
    /** Most columns first, then by mentor (people's order) and host. */
    readonly mentorHosts: readonly RepeatedMentorHost[];
  };
  /** Ids in the history this cohort does not know: historyWarnings. */
  readonly warnings: readonly PlanWarning[];
}

const isIndex = (source: Cohort | CohortIndex): source is CohortIndex => "memberById" in source;

type MutableCounts = { -readonly [K in keyof HistoryCounts]: number };
const zero = (): MutableCounts => ({ hosted: 0, sent: 0, received: 0, mentored: 0, supervised: 0 });

/** "a\u0000b" keys, as domain/history.ts writes them. */
const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

interface PairTally {
  readonly first: string;
  readonly second: string;
  readonly columns: number[];
  count: number;
}

/**
 * The report of a parsed cohort (or its index): each history entry, then `plan` when given,
 * as a column.
 */
export function historyReport(source: Cohort | CohortIndex, plan?: ReportPlan | null, options: HistoryReportOptions = {}): HistoryReport {
  const index = isIndex(source) ? source : indexCohort(source);
  const entries: { name: string; kind: "history" | "plan"; assignments: readonly ReportAssignment[] }[] = (index.cohort.history ?? []).map(
    (entry) => ({ name: entry.name, kind: "history" as const, assignments: entry.assignments }),
  );
  if (plan !== undefined && plan !== null) entries.push({ name: options.planName ?? "this plan", kind: "plan", assignments: plan.assignments });

  const memberIds = [...index.memberById.keys()];
  const counts = new Map(memberIds.map((id) => [id, entries.map(zero)]));
  const exchanges = new Map<string, PairTally>();
  const mentorHosts = new Map<string, PairTally>();
  const tally = (map: Map<string, PairTally>, first: string, second: string, column: number): void => {
    const key = pairKey(first, second);
    let seen = map.get(key);
    if (seen === undefined) map.set(key, (seen = { first, second, columns: [], count: 0 }));
    if (seen.columns[seen.columns.length - 1] !== column) seen.columns.push(column);
    seen.count += 1;
  };
  const memberOfPerson = (id: string | null): string | undefined => (id === null ? undefined : index.personById.get(id)?.member);

  // The cohort's own ids only: unknown ones are warned of by historyWarnings.
  const known: KnownIds = { member: (id) => index.memberById.has(id), person: (id) => index.personById.has(id) };
  entries.forEach((entry, c) => {
    const at = (member: string | null | undefined): MutableCounts | undefined =>
      member === null || member === undefined ? undefined : counts.get(member)?.[c];
    entry.assignments.forEach((a, i) => {
      const facts = assignmentFacts(a, `${entry.name}[${i}]`, entry.name, known);
      const host = at(facts.host);
      if (host !== undefined) host.hosted += 1;
      const supervising = at(memberOfPerson(facts.supervisor));
      if (supervising !== undefined) supervising.supervised += 1;
      const mentoring = at(memberOfPerson(facts.mentor));
      if (mentoring !== undefined) mentoring.mentored += 1;
      if (facts.mentor !== null && facts.host !== null) tally(mentorHosts, facts.mentor, facts.host, c);
      for (const member of facts.away) {
        if (host !== undefined) host.sent += 1;
        if (member === null) continue;
        const away = at(member);
        if (away !== undefined) away.received += 1;
        if (facts.host !== null) tally(exchanges, facts.host, member, c);
      }
    });
  });

  const members: MemberHistory[] = memberIds.map((member) => {
    const cohorts = counts.get(member) ?? [];
    const total = zero();
    for (const column of cohorts) for (const key of Object.keys(total) as (keyof HistoryCounts)[]) total[key] += column[key];
    return { member, name: index.memberName(member), cohorts, total, balance: total.received - total.sent };
  });

  const names = (columns: readonly number[]): string[] => columns.map((c) => entries[c]?.name ?? "");
  const memberOrder = (id: string): number => index.memberPosition.get(id) ?? Number.MAX_SAFE_INTEGER;
  const personOrder = (id: string): number => index.personPosition.get(id) ?? Number.MAX_SAFE_INTEGER;
  const repeated = (map: Map<string, PairTally>, firstOrder: (id: string) => number): PairTally[] =>
    [...map.values()]
      .filter((t) => t.columns.length > 1)
      .sort(
        (x, y) =>
          y.columns.length - x.columns.length ||
          firstOrder(x.first) - firstOrder(y.first) ||
          memberOrder(x.second) - memberOrder(y.second),
      );

  return {
    columns: entries.map((e) => ({ name: e.name, kind: e.kind, trainees: e.assignments.length })),
    members,
    repeats: {
      exchanges: repeated(exchanges, memberOrder).map((t) => ({ host: t.first, away: t.second, cohorts: names(t.columns), placements: t.count })),
      mentorHosts: repeated(mentorHosts, personOrder).map((t) => ({
        mentor: t.first,
        mentorMember: memberOfPerson(t.first) ?? "",
        host: t.second,
        cohorts: names(t.columns),
        trainees: t.count,
      })),
    },
    warnings: historyWarnings(index),
  };
}
