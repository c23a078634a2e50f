/**
 * Rule family "plan": what makes a plan a plan of this cohort, apart from the rules of the
 * roles. The status and what it carries, each trainee exactly once, references to members,
 * people and periods of the cohort, placements in programme order with the programme's dates,
 * people in the role they are given, and the numbers (costs, objective, bound). Codes:
 * `invalid_cohort`, `invalid_plan`, `wrong_format` (domain/parse-plan.ts), `status_mismatch`,
 * `missing_diagnosis`, `missing_trainee`, `duplicate_trainee`, `unknown_trainee`,
 * `unknown_member`, `unknown_person`, `unknown_period`, `duplicate_placement`,
 * `wrong_period_order`, `wrong_dates`, `wrong_role`, `cost_mismatch`, `objective_mismatch`,
 * `bound_above_objective`, `bound_mismatch`.
 */
import { costOfChoice, totalCost } from "../../domain/cost.js";
import type { PathSegment } from "../../domain/issues.js";
import { COST_TERMS, type Assignment, type Period, type Person, type Placement, type PlanJson, type Trainee } from "../../domain/schema.js";
import { numericTolerance, plural, quote, sameNumber, type PlanCheck, type Report, type TraineeCheck } from "./context.js";

/** `infeasible` and `timedout` carry no plan. */
export function checkNoPlan(plan: PlanJson, report: Report): void {
  const what = plan.status === "infeasible" ? "no plan exists" : "no plan was found in time";
  const says = `The status is ${quote(plan.status)} (${what}), yet the plan lists`;
  if (plan.assignments.length > 0) report("status_mismatch", ["assignments"], `${says} ${plural(plan.assignments.length, "assignment")}.`);
  if (plan.unassigned.length > 0) report("status_mismatch", ["unassigned"], `${says} ${plural(plan.unassigned.length, "unfilled role")}.`);
  if (plan.objective !== null) {
    report("objective_mismatch", ["objective"], `The status is ${quote(plan.status)}, so the objective must be null, not ${plan.objective}.`);
  }
  if (plan.status === "infeasible" && plan.diagnosis.length === 0) {
    report("missing_diagnosis", ["diagnosis"], "The plan says no plan exists but gives no diagnosis saying why.");
  }
}

/** The objective and bound reported at the top of the plan, against the recomputed objective. */
export function checkNumbers(plan: PlanJson, objective: number, report: Report): void {
  if (plan.objective === null) {
    report("objective_mismatch", ["objective"], `The status is ${quote(plan.status)}, so the plan must report its objective (${objective}).`);
  } else if (!sameNumber(plan.objective, objective)) {
    report("objective_mismatch", ["objective"], `The plan reports an objective of ${plan.objective}, but its assignments cost ${objective} in total.`);
  }
  if (plan.bound === null) return;
  if (!Number.isFinite(plan.bound)) {
    report("bound_mismatch", ["bound"], `The bound must be a finite number or null, not ${plan.bound}.`);
  } else if (plan.bound > objective + numericTolerance(objective)) {
    report(
      "bound_above_objective",
      ["bound"],
      `The plan's lower bound (${plan.bound}) is above the objective of the plan itself (${objective}), which is impossible.`,
    );
  } else if (plan.status === "optimal" && !sameNumber(plan.bound, objective)) {
    report(
      "bound_mismatch",
      ["bound"],
      `The plan says it is optimal, but its lower bound (${plan.bound}) is below its objective (${objective}); it should be equal or null.`,
    );
  }
}

/** The trainee of an assignment: one of the cohort's, not assigned before; else undefined. */
export function checkTraineeEntry(run: PlanCheck, assignment: Assignment, at: number, seen: Map<string, number>): Trainee | undefined {
  const trainee = run.index.traineeById.get(assignment.trainee);
  const path = ["assignments", at, "trainee"];
  if (trainee === undefined) {
    run.report("unknown_trainee", path, `The plan assigns ${quote(assignment.trainee)}, which is not a trainee of the cohort.`);
    return undefined;
  }
  const first = seen.get(trainee.id);
  if (first !== undefined) {
    run.report(
      "duplicate_trainee",
      path,
      `Trainee ${quote(trainee.id)} is assigned twice (also in assignments[${first}]); each trainee must appear exactly once.`,
    );
    return undefined;
  }
  seen.set(trainee.id, at);
  return trainee;
}

/** Every trainee of the cohort appears in the plan (a repeated trainee id is reported once). */
export function checkMissingTrainees({ index, report }: PlanCheck, seen: ReadonlyMap<string, number>): void {
  index.cohort.trainees.forEach((trainee, position) => {
    if (!seen.has(trainee.id) && index.traineePosition.get(trainee.id) === position) {
      report("missing_trainee", ["assignments"], `Trainee ${quote(trainee.id)} is missing from the plan; every trainee must appear exactly once.`);
    }
  });
}

/**
 * A placement's period: one of the programme, placed once, in programme order, with the
 * programme's dates. Returns the period, or undefined when the placement cannot be read
 * further (unknown or repeated period).
 */
export function checkPlacementFrame(c: TraineeCheck, placement: Placement, k: number, path: readonly PathSegment[]): Period | undefined {
  const { index, report, periodOrder } = c.run;
  const order = periodOrder.get(placement.period);
  const period = order === undefined ? undefined : index.cohort.programme.periods[order];
  if (order === undefined || period === undefined) {
    report("unknown_period", [...path, "period"], `Period ${quote(placement.period)} is not a period of the programme.`);
    return undefined;
  }
  if (c.placed.has(period.id)) {
    report("duplicate_placement", [...path, "period"], `Trainee ${c.t} has two placements for period ${quote(period.id)}; there must be one.`);
    return undefined;
  }
  if (order < c.lastOrder) {
    report(
      "wrong_period_order",
      [...path, "period"],
      `Placements must follow the programme's order of periods; period ${quote(period.id)} comes too late in trainee ${c.t}'s list.`,
    );
  }
  c.lastOrder = Math.max(c.lastOrder, order);
  c.placed.set(period.id, { member: placement.member, at: k });
  const dates = index.datesByPeriod.get(period.id);
  if (dates !== undefined && (placement.from !== dates.from || placement.to !== dates.to)) {
    report(
      "wrong_dates",
      [...path, placement.from !== dates.from ? "from" : "to"],
      `Period ${quote(period.id)} runs from ${dates.from} to ${dates.to}, but the plan says ${placement.from} to ${placement.to}.`,
    );
  }
  return period;
}

/** A supervisor or mentor has that role in the cohort. */
export function checkPersonRole(c: TraineeCheck, person: Person, role: "supervisor" | "mentor", path: readonly PathSegment[]): void {
  if (person.role !== role) {
    c.run.report("wrong_role", path, `${quote(person.id)} is a ${person.role}, not a ${role}, yet the plan makes them the ${role} of trainee ${c.t}.`);
  }
}

/** The assignment's costs, recomputed from the cohort; returns the trainee's total. */
export function checkCost(c: TraineeCheck): number {
  const { index, report } = c.run;
  const { host, supervisor, mentor } = c.assignment;
  const away = index.awayPeriods.map((p) => c.placed.get(p.id)?.member ?? null);
  const expected = costOfChoice(index, c.trainee, { host, away, supervisor, mentor });
  const reported = c.assignment.cost;
  for (const term of COST_TERMS) {
    const want = expected[term] ?? 0;
    const got = reported[term] ?? 0;
    if (!sameNumber(got, want)) {
      report("cost_mismatch", [...c.base, "cost", term], `The ${term} cost of trainee ${c.t} is ${got} in the plan, but the cohort gives ${want}.`);
    }
  }
  return totalCost(expected);
}
