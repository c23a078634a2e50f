/**
 * The plan seen four ways, as plain data the views turn into tables: by trainee, by member
 * (whom it hosts and who visits, against its capacities), by mentor, and as a timeline of
 * periods and gatherings. Pure functions of the cohort and the plan, tested without a browser.
 * Who is where by member and by mentor comes from the core's planByMember and planByPerson
 * (the same reading the command line and the sheets use); this adds the labels. `earlier`, the
 * cohort a published plan was made for, names those who have left the cohort since.
 */
import { assignmentCost, planByMember, planByPerson, type PersonLoad } from "@rotamatch/core/format";
import { cohortNames } from "./words.js";
import type { CohortInput, Plan } from "./types.js";

type Period = CohortInput["programme"]["periods"][number];

export interface PlacementCell {
  readonly member: string;
  readonly from: string;
  readonly to: string;
}

export interface TraineeRow {
  readonly id: string;
  readonly label: string;
  readonly specialization: string;
  readonly host: string | null;
  readonly supervisor: string | null;
  readonly mentor: string | null;
  /** By period id, in programme order; null for a period the plan leaves empty. */
  readonly placements: readonly (PlacementCell | null)[];
  readonly cost: number;
}

export function traineeRows(cohort: CohortInput, plan: Plan, earlier: CohortInput | null = null): TraineeRow[] {
  const names = cohortNames(cohort, earlier);
  const specializations = new Map(cohort.trainees.map((t) => [t.id, t.specialization]));
  return plan.assignments.map((a) => ({
    id: a.trainee,
    label: names.trainee(a.trainee),
    specialization: specializations.get(a.trainee) ?? "",
    host: a.host === null ? null : names.member(a.host),
    supervisor: a.supervisor === null ? null : names.person(a.supervisor),
    mentor: a.mentor === null ? null : names.person(a.mentor),
    placements: cohort.programme.periods.map((period) => {
      const p = a.placements.find((placement) => placement.period === period.id);
      return p === undefined ? null : { member: names.member(p.member), from: p.from, to: p.to };
    }),
    // The terms in the order of COST_TERMS, as the command line and the sheets sum them.
    cost: assignmentCost(a.cost),
  }));
}

export interface Use {
  readonly used: number;
  readonly capacity: number;
  /** Who fills the places: trainee labels. */
  readonly who: readonly string[];
}

export interface MemberRow {
  readonly id: string;
  readonly name: string;
  readonly hosts: Use;
  /** One per away period, in programme order. */
  readonly visiting: readonly { readonly period: string; readonly use: Use }[];
  /** "Per Arne Fossum (skedsmo-supervisor-1): Emilie Grønli (t1)", one per supervisor in use. */
  readonly supervisors: readonly string[];
  /** The same for the member's mentors (who coach trainees of other members). */
  readonly mentors: readonly string[];
}

export function memberRows(cohort: CohortInput, plan: Plan, earlier: CohortInput | null = null): MemberRow[] {
  const names = cohortNames(cohort, earlier);
  const carried = (loads: readonly PersonLoad[]): string[] =>
    loads.map((l) => `${names.person(l.person)}: ${l.trainees.map((t) => names.trainee(t)).join(", ")}`);
  return planByMember(cohort, plan).map((m) => ({
    id: m.member,
    name: names.member(m.member),
    hosts: use(m.hosted, m.hostCapacity, names.trainee),
    visiting: m.periods
      .filter((p) => p.at === "away")
      .map((p) => ({ period: p.period, use: use(p.trainees, p.capacity, names.trainee) })),
    supervisors: carried(m.supervisors),
    mentors: carried(m.mentors),
  }));
}

/** Places used against a capacity, with the trainees' labels. */
function use(trainees: readonly string[], capacity: number, label: (id: string) => string): Use {
  return { used: trainees.length, capacity, who: trainees.map((t) => label(t)) };
}

export interface MentorRow {
  readonly id: string;
  readonly label: string;
  readonly member: string;
  readonly use: Use;
}

/** Every mentor of the cohort, used or not. */
export function mentorRows(cohort: CohortInput, plan: Plan, earlier: CohortInput | null = null): MentorRow[] {
  const names = cohortNames(cohort, earlier);
  return planByPerson(cohort, plan, "mentor").map((l) => ({
    id: l.person,
    label: names.person(l.person),
    member: names.member(l.member),
    use: use(l.trainees, l.capacity, names.trainee),
  }));
}

export type TimelineEntry =
  | {
      readonly kind: "period";
      readonly from: string | null;
      readonly to: string | null;
      readonly period: Period;
      /** For an away period: "Emilie Grønli (t1): NRV/NRA IKS", one per trainee. */
      readonly placements: readonly string[];
      /** The trainees of `placements`, by id, in the same order. */
      readonly trainees: readonly string[];
    }
  | { readonly kind: "gathering"; readonly from: string; readonly name: string };

/**
 * Periods (dated from the plan's placements) and gatherings in date order; a gathering on a
 * period's first day comes after the period's line.
 */
export function timeline(cohort: CohortInput, plan: Plan, earlier: CohortInput | null = null): TimelineEntry[] {
  const names = cohortNames(cohort, earlier);
  const periods: TimelineEntry[] = cohort.programme.periods.map((period) => {
    const placements = plan.assignments.flatMap((a) => a.placements.filter((p) => p.period === period.id).map((p) => ({ a, p })));
    const dated = placements[0]?.p;
    return {
      kind: "period",
      from: dated?.from ?? null,
      to: dated?.to ?? null,
      period,
      placements: period.at === "away" ? placements.map(({ a, p }) => `${names.trainee(a.trainee)}: ${names.member(p.member)}`) : [],
      trainees: period.at === "away" ? placements.map(({ a }) => a.trainee) : [],
    };
  });
  const gatherings: TimelineEntry[] = (cohort.programme.gatherings ?? []).map((g) => ({ kind: "gathering", from: g.date, name: g.name }));
  const order = (e: TimelineEntry) => `${e.from ?? "9999"}${e.kind === "period" ? "0" : "1"}`;
  return [...periods, ...gatherings].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
