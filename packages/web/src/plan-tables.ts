/**
 * The plan seen four ways, as plain data the views turn into tables: by trainee, by member
 * (whom it hosts and who visits, against its capacities), by mentor, and as a timeline of
 * periods and gatherings. Pure functions of the cohort and the plan, tested without a browser.
 */
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

export function traineeRows(cohort: CohortInput, plan: Plan): TraineeRow[] {
  const names = cohortNames(cohort);
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
    cost: Object.values(a.cost).reduce<number>((sum, value) => sum + (value ?? 0), 0),
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

export function memberRows(cohort: CohortInput, plan: Plan): MemberRow[] {
  const names = cohortNames(cohort);
  const awayPeriods = cohort.programme.periods.filter((p) => p.at === "away");
  const employer = new Map((cohort.people ?? []).map((p) => [p.id, p.member]));
  const byPerson = (role: "supervisor" | "mentor", member: string): string[] => {
    const taken = new Map<string, string[]>();
    for (const a of plan.assignments) {
      const person = a[role];
      if (person === null || employer.get(person) !== member) continue;
      taken.set(person, [...(taken.get(person) ?? []), names.trainee(a.trainee)]);
    }
    return [...taken].map(([person, trainees]) => `${names.person(person)}: ${trainees.join(", ")}`);
  };
  return cohort.members.map((member) => {
    const hosted = plan.assignments.filter((a) => a.host === member.id).map((a) => names.trainee(a.trainee));
    return {
      id: member.id,
      name: names.member(member.id),
      hosts: { used: hosted.length, capacity: member.hostCapacity, who: hosted },
      visiting: awayPeriods.map((period) => {
        const who = plan.assignments
          .filter((a) => a.placements.some((p) => p.period === period.id && p.member === member.id))
          .map((a) => names.trainee(a.trainee));
        return { period: period.id, use: { used: who.length, capacity: member.awayCapacity, who } };
      }),
      supervisors: byPerson("supervisor", member.id),
      mentors: byPerson("mentor", member.id),
    };
  });
}

export interface MentorRow {
  readonly id: string;
  readonly label: string;
  readonly member: string;
  readonly use: Use;
}

/** Every mentor of the cohort, used or not. */
export function mentorRows(cohort: CohortInput, plan: Plan): MentorRow[] {
  const names = cohortNames(cohort);
  return (cohort.people ?? [])
    .filter((p) => p.role === "mentor")
    .map((mentor) => {
      const who = plan.assignments.filter((a) => a.mentor === mentor.id).map((a) => names.trainee(a.trainee));
      return { id: mentor.id, label: names.person(mentor.id), member: names.member(mentor.member), use: { used: who.length, capacity: mentor.capacity ?? 1, who } };
    });
}

export type TimelineEntry =
  | {
      readonly kind: "period";
      readonly from: string | null;
      readonly to: string | null;
      readonly period: Period;
      /** For an away period: "Emilie Grønli (t1): NRV/NRA IKS", one per trainee. */
      readonly placements: readonly string[];
    }
  | { readonly kind: "gathering"; readonly from: string; readonly name: string };

/**
 * Periods (dated from the plan's placements) and gatherings in date order; a gathering on a
 * period's first day comes after the period's line.
 */
export function timeline(cohort: CohortInput, plan: Plan): TimelineEntry[] {
  const names = cohortNames(cohort);
  const periods: TimelineEntry[] = cohort.programme.periods.map((period) => {
    const placements = plan.assignments.flatMap((a) => a.placements.filter((p) => p.period === period.id).map((p) => ({ a, p })));
    const dated = placements[0]?.p;
    return {
      kind: "period",
      from: dated?.from ?? null,
      to: dated?.to ?? null,
      period,
      placements: period.at === "away" ? placements.map(({ a, p }) => `${names.trainee(a.trainee)}: ${names.member(p.member)}`) : [],
    };
  });
  const gatherings: TimelineEntry[] = (cohort.programme.gatherings ?? []).map((g) => ({ kind: "gathering", from: g.date, name: g.name }));
  const order = (e: TimelineEntry) => `${e.from ?? "9999"}${e.kind === "period" ? "0" : "1"}`;
  return [...periods, ...gatherings].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
