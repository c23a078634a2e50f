/**
 * The plan read from the other side: per member, whom it hosts and who is placed with it in
 * each period, against its capacities, and which of its supervisors and mentors carry whom;
 * per supervisor or mentor, the trainees they take against their capacity; and a trainee's
 * total cost. The command line, the page and the sheets package all show these, so they are
 * worked out once here, as plain ids and numbers; each view adds names and layout.
 *
 * Pure data, no solver and no schema (so no zod at run time): part of `@rotamatch/core/format`
 * as well as `@rotamatch/core`, and bundled for the page at the cost of these lines only. Every
 * list follows the order of the plan's assignments (trainees) or of the cohort (members,
 * periods, people), so the views stay stable.
 */
import { totalCost } from "../domain/cost.js";
import type { Assignment, CostBreakdown } from "../domain/schema.js";
import { listAt } from "../util/multimap.js";

/** What planByMember reads of a cohort: a parsed `Cohort` and a raw `CohortInput` both fit. */
export interface CohortShape {
  readonly programme: { readonly periods: readonly { readonly id: string; readonly at: "host" | "away" }[] };
  readonly members: readonly { readonly id: string; readonly hostCapacity: number; readonly awayCapacity: number }[];
  readonly people?:
    | readonly {
        readonly id: string;
        readonly member: string;
        readonly role: "mentor" | "supervisor";
        readonly capacity?: number | undefined;
      }[]
    | undefined;
}

/** What planByMember reads of a plan: its assignments (every status has them; empty without a plan). */
export interface PlanShape {
  readonly assignments: readonly Assignment[];
}

/** A supervisor's or mentor's load: the trainees they take, in plan order, and their capacity. */
export interface PersonLoad {
  readonly person: string;
  /** The member that employs the person. */
  readonly member: string;
  readonly trainees: readonly string[];
  /** Trainees the person can take over the whole programme (1 when the cohort does not say). */
  readonly capacity: number;
}

/** Who is placed with a member in one period, against the capacity that applies. */
export interface PeriodPlace {
  readonly period: string;
  readonly at: "host" | "away";
  /** In plan order. */
  readonly trainees: readonly string[];
  /** hostCapacity for a host period, awayCapacity for an away period. */
  readonly capacity: number;
}

/** One member's part of the plan. */
export interface MemberLoad {
  readonly member: string;
  /** Trainees whose host the member is, in plan order. */
  readonly hosted: readonly string[];
  readonly hostCapacity: number;
  readonly awayCapacity: number;
  /**
   * One entry per period of the programme, in programme order: the trainees placed with the
   * member in that period (for a host period, the trainees it hosts; for an away period, its
   * visitors) and the capacity that applies (hostCapacity or awayCapacity).
   */
  readonly periods: readonly PeriodPlace[];
  /** The member's supervisors who take at least one trainee, in order of their first trainee in the plan. */
  readonly supervisors: readonly PersonLoad[];
  /** The same for the member's mentors (who coach trainees of other members). */
  readonly mentors: readonly PersonLoad[];
}

/** Every member of the cohort, in cohort order, with its part of the plan. */
export function planByMember(cohort: CohortShape, plan: PlanShape): MemberLoad[] {
  const placed = new Map<string, string[]>();
  const hosted = new Map<string, string[]>();
  for (const a of plan.assignments) {
    if (a.host !== null) listAt(hosted, a.host).push(a.trainee);
    for (const p of a.placements) listAt(placed, `${p.member}\u0000${p.period}`).push(a.trainee);
  }
  const used = (role: "supervisor" | "mentor"): Map<string, PersonLoad[]> => {
    const byMember = new Map<string, PersonLoad[]>();
    // Only people who take someone, in the order of their first trainee in the plan.
    const loads = planByPerson(cohort, plan, role).filter((l) => l.trainees.length > 0);
    const first = new Map<string, number>();
    plan.assignments.forEach((a, i) => {
      const person = a[role];
      if (person !== null && !first.has(person)) first.set(person, i);
    });
    loads.sort((x, y) => (first.get(x.person) ?? 0) - (first.get(y.person) ?? 0));
    for (const load of loads) listAt(byMember, load.member).push(load);
    return byMember;
  };
  const supervisors = used("supervisor");
  const mentors = used("mentor");
  return cohort.members.map((member) => ({
    member: member.id,
    hosted: hosted.get(member.id) ?? [],
    hostCapacity: member.hostCapacity,
    awayCapacity: member.awayCapacity,
    periods: cohort.programme.periods.map((period) => ({
      period: period.id,
      at: period.at,
      trainees: placed.get(`${member.id}\u0000${period.id}`) ?? [],
      capacity: period.at === "host" ? member.hostCapacity : member.awayCapacity,
    })),
    supervisors: supervisors.get(member.id) ?? [],
    mentors: mentors.get(member.id) ?? [],
  }));
}

/** Every supervisor (or mentor) of the cohort, in cohort order, used or not, with the trainees they take. */
export function planByPerson(cohort: CohortShape, plan: PlanShape, role: "supervisor" | "mentor"): PersonLoad[] {
  const taken = new Map<string, string[]>();
  for (const a of plan.assignments) {
    const person = a[role];
    if (person !== null) listAt(taken, person).push(a.trainee);
  }
  return (cohort.people ?? [])
    .filter((p) => p.role === role)
    .map((p) => ({ person: p.id, member: p.member, trainees: taken.get(p.id) ?? [], capacity: p.capacity ?? 1 }));
}

/**
 * A trainee's share of the objective: the terms of the breakdown summed in the fixed order of
 * COST_TERMS, so that every view prints the same total to the last digit.
 */
export function assignmentCost(cost: CostBreakdown): number {
  return totalCost(cost);
}
