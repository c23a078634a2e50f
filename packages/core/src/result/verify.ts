/**
 * The independent plan verifier: checks a plan against every hard rule of the contract,
 * straight from the cohort. It knows nothing of the model or the solvers, so that a plan is
 * trusted because it passes these checks, not because of how it was made. Tests use it as
 * their oracle and the facade runs it before answering.
 *
 * It never throws on a plan that names unknown trainees, members, people or periods: it
 * reports them, like every other problem, as a violation with a code, a path into the plan
 * and a plain sentence.
 */
import { indexCohort, type CohortIndex } from "../domain/cohort-index.js";
import { costOfChoice, totalCost } from "../domain/cost.js";
import { formatPath, type PathSegment } from "../domain/issues.js";
import {
  COST_TERMS,
  PLAN_FORMAT,
  planSchema,
  type Assignment,
  type Cohort,
  type CostBreakdown,
  type Person,
  type Plan,
  type Trainee,
} from "../domain/schema.js";
import { listAt } from "../util/multimap.js";

/** Violation codes. Part of the public contract: add new ones, never rename them. */
export const VIOLATION_CODES = [
  // the plan as a whole
  "invalid_plan",
  "wrong_format",
  "status_mismatch",
  "missing_diagnosis",
  // trainees
  "missing_trainee",
  "duplicate_trainee",
  "unknown_trainee",
  // references
  "unknown_member",
  "unknown_person",
  "unknown_period",
  // hosts and placements
  "host_mismatch",
  "capacity_exceeded",
  "same_organisation",
  "repeated_away_member",
  "specialization_mismatch",
  "duplicate_placement",
  "wrong_period_order",
  "wrong_dates",
  // people
  "wrong_role",
  "wrong_employer",
  "mentor_inside",
  // pins and forbids
  "forbidden",
  "pin_broken",
  // filled and unfilled roles
  "role_missing",
  "role_without_host",
  "unassigned_mismatch",
  // numbers
  "cost_mismatch",
  "objective_mismatch",
  "bound_above_objective",
  "bound_mismatch",
] as const;

export type ViolationCode = (typeof VIOLATION_CODES)[number];

export interface PlanViolation {
  /** Stable machine code, e.g. `capacity_exceeded`. */
  readonly code: ViolationCode;
  /** Where in the plan, e.g. `assignments[2].placements[1].member`; `""` for the whole plan. */
  readonly path: string;
  /** A plain sentence for a person. */
  readonly message: string;
}

export interface VerifyResult {
  /** Whether the plan has no violation. */
  readonly ok: boolean;
  readonly violations: readonly PlanViolation[];
  /** The objective recomputed from the cohort (null when the status carries no plan). */
  readonly objective: number | null;
  /**
   * How many roles the plan fills (per trainee: the host, given or chosen, each away period,
   * the supervisor and the mentor), counted over the cohort's trainees found in the plan;
   * null when the status carries no plan.
   */
  readonly filled: number | null;
}

/** Tolerance for comparing reported numbers with recomputed ones: 1e-6 relative, at least 1e-6. */
export function numericTolerance(value: number): number {
  return Math.max(1e-6, 1e-6 * Math.abs(value));
}

function sameNumber(reported: number, expected: number): boolean {
  return Number.isFinite(reported) && Math.abs(reported - expected) <= numericTolerance(expected);
}

/**
 * Checks a plan against every hard rule of the contract, for a cohort that passed validation.
 * Returns every violation found (none means the plan can be trusted), the objective
 * recomputed from the cohort and the number of filled roles. Never throws.
 */
export function verifyPlan(cohort: Cohort, plan: Plan): VerifyResult {
  const violations: PlanViolation[] = [];
  const report = (code: ViolationCode, path: readonly PathSegment[], message: string): void => {
    violations.push({ code, path: formatPath(path), message });
  };

  if (!checkShape(plan, report)) return { ok: false, violations, objective: null, filled: null };

  if (plan.status === "infeasible" || plan.status === "timedout") {
    checkNoPlan(plan, report);
    return { ok: violations.length === 0, violations, objective: null, filled: null };
  }

  const index = indexCohort(cohort);
  const { objective, filled } = checkAssignments(index, plan, report);
  checkNumbers(plan, objective, report);
  return { ok: violations.length === 0, violations, objective, filled };
}

type Report = (code: ViolationCode, path: readonly PathSegment[], message: string) => void;

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The plan's shape: the format literal first, then every other field. False when unusable. */
function checkShape(plan: Plan, report: Report): boolean {
  const parsed = planSchema.safeParse(plan);
  if (parsed.success) return true;
  let usable = true;
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s === "string" || typeof s === "number");
    if (path.length === 1 && path[0] === "format") {
      const found = (plan as { format?: unknown } | null)?.format;
      report("wrong_format", ["format"], `The plan's format is ${quote(found)}; it must be ${quote(PLAN_FORMAT)}.`);
    } else {
      usable = false;
      report("invalid_plan", path, `The plan is not in the plan format: ${issue.message}.`);
    }
  }
  return usable;
}

/** `infeasible` and `timedout` carry no plan. */
function checkNoPlan(plan: Plan, report: Report): void {
  const what = plan.status === "infeasible" ? "no plan exists" : "no plan was found in time";
  if (plan.assignments.length > 0) {
    report(
      "status_mismatch",
      ["assignments"],
      `The status is ${quote(plan.status)} (${what}), yet the plan lists ${plural(plan.assignments.length, "assignment")}.`,
    );
  }
  if (plan.unassigned.length > 0) {
    report(
      "status_mismatch",
      ["unassigned"],
      `The status is ${quote(plan.status)} (${what}), yet the plan lists ${plural(plan.unassigned.length, "unfilled role")}.`,
    );
  }
  if (plan.objective !== null) {
    report("objective_mismatch", ["objective"], `The status is ${quote(plan.status)}, so the objective must be null, not ${plan.objective}.`);
  }
  if (plan.status === "infeasible" && plan.diagnosis.length === 0) {
    report("missing_diagnosis", ["diagnosis"], "The plan says no plan exists but gives no diagnosis saying why.");
  }
}

/** The objective and bound reported at the top of the plan. */
function checkNumbers(plan: Plan, objective: number, report: Report): void {
  if (plan.objective === null) {
    report("objective_mismatch", ["objective"], `The status is ${quote(plan.status)}, so the plan must report its objective (${objective}).`);
  } else if (!sameNumber(plan.objective, objective)) {
    report(
      "objective_mismatch",
      ["objective"],
      `The plan reports an objective of ${plan.objective}, but its assignments cost ${objective} in total.`,
    );
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

// ---------------------------------------------------------------------------------------
// Assignments
// ---------------------------------------------------------------------------------------

interface PinsOfTrainee {
  /** Period id -> the pin's position in `pins` and the member it names. */
  readonly periods: Map<string, { readonly at: number; readonly member: string }>;
  mentor: { readonly at: number; readonly person: string } | null;
  supervisor: { readonly at: number; readonly person: string } | null;
}

interface ForbidsOfTrainee {
  readonly members: Map<string, number>;
  readonly mentors: Map<string, number>;
  readonly supervisors: Map<string, number>;
}

/** What one trainee's assignment uses, for the capacity counts done over the whole plan. */
interface Use {
  readonly trainee: string;
  readonly at: number; // position in assignments
}

interface Usage {
  readonly hosts: Map<string, Use[]>;
  readonly away: Map<string, Use[]>; // `${period}\u0000${member}`
  readonly people: Map<string, { use: Use; field: "supervisor" | "mentor" }[]>;
  readonly placementOf: Map<string, number>; // `${at}\u0000${period}` -> placement position
}

/** Separates the parts of composite map keys (ids cannot hold it in any sensible input). */
const SEP = "\u0000";

function checkAssignments(index: CohortIndex, plan: Plan, report: Report): { objective: number; filled: number } {
  const { cohort } = index;
  const pins = collectPins(cohort);
  const forbids = collectForbids(cohort);
  const usage: Usage = { hosts: new Map(), away: new Map(), people: new Map(), placementOf: new Map() };
  const periodOrder = new Map(cohort.programme.periods.map((p, i) => [p.id, i] as const));
  const seen = new Map<string, number>();
  /** Roles left empty by the plan, keyed `${trainee}\u0000${role}\u0000${period}`, with where to point. */
  const unfilled = new Map<string, readonly PathSegment[]>();
  let objective = 0;
  let filled = 0;

  plan.assignments.forEach((assignment, at) => {
    const trainee = index.traineeById.get(assignment.trainee);
    if (trainee === undefined) {
      report("unknown_trainee", ["assignments", at, "trainee"], `The plan assigns ${quote(assignment.trainee)}, which is not a trainee of the cohort.`);
      return;
    }
    const first = seen.get(trainee.id);
    if (first !== undefined) {
      report(
        "duplicate_trainee",
        ["assignments", at, "trainee"],
        `Trainee ${quote(trainee.id)} is assigned twice (also in assignments[${first}]); each trainee must appear exactly once.`,
      );
      return;
    }
    seen.set(trainee.id, at);
    const result = checkAssignment(index, trainee, assignment, at, {
      pins: pins.get(trainee.id) ?? null,
      forbids: forbids.get(trainee.id) ?? null,
      usage,
      unfilled,
      periodOrder,
      report,
    });
    objective += result.cost;
    filled += result.filled;
  });

  cohort.trainees.forEach((trainee, position) => {
    if (!seen.has(trainee.id) && index.traineePosition.get(trainee.id) === position) {
      report("missing_trainee", ["assignments"], `Trainee ${quote(trainee.id)} is missing from the plan; every trainee must appear exactly once.`);
    }
  });

  checkCapacities(index, usage, report);
  checkUnassigned(index, plan, seen, unfilled, report);
  return { objective, filled };
}

function collectPins(cohort: Cohort): Map<string, PinsOfTrainee> {
  const out = new Map<string, PinsOfTrainee>();
  const of = (trainee: string): PinsOfTrainee => {
    let entry = out.get(trainee);
    if (entry === undefined) {
      entry = { periods: new Map(), mentor: null, supervisor: null };
      out.set(trainee, entry);
    }
    return entry;
  };
  cohort.pins.forEach((pin, at) => {
    const entry = of(pin.trainee);
    if (pin.period !== undefined && pin.member !== undefined && !entry.periods.has(pin.period)) {
      entry.periods.set(pin.period, { at, member: pin.member });
    }
    if (pin.mentor !== undefined) entry.mentor ??= { at, person: pin.mentor };
    if (pin.supervisor !== undefined) entry.supervisor ??= { at, person: pin.supervisor };
  });
  return out;
}

function collectForbids(cohort: Cohort): Map<string, ForbidsOfTrainee> {
  const out = new Map<string, ForbidsOfTrainee>();
  cohort.forbid.forEach((forbid, at) => {
    let entry = out.get(forbid.trainee);
    if (entry === undefined) {
      entry = { members: new Map(), mentors: new Map(), supervisors: new Map() };
      out.set(forbid.trainee, entry);
    }
    if (forbid.member !== undefined && !entry.members.has(forbid.member)) entry.members.set(forbid.member, at);
    if (forbid.mentor !== undefined && !entry.mentors.has(forbid.mentor)) entry.mentors.set(forbid.mentor, at);
    if (forbid.supervisor !== undefined && !entry.supervisors.has(forbid.supervisor)) entry.supervisors.set(forbid.supervisor, at);
  });
  return out;
}

function unfilledKey(trainee: string, role: string, period: string | undefined): string {
  return `${trainee}${SEP}${role}${SEP}${period ?? ""}`;
}

interface AssignmentContext {
  readonly pins: PinsOfTrainee | null;
  readonly forbids: ForbidsOfTrainee | null;
  readonly usage: Usage;
  readonly unfilled: Map<string, readonly PathSegment[]>;
  /** Position of each period in the programme. */
  readonly periodOrder: ReadonlyMap<string, number>;
  readonly report: Report;
}

/** Every rule that concerns one trainee's assignment. Returns its recomputed cost and filled roles. */
function checkAssignment(
  index: CohortIndex,
  trainee: Trainee,
  assignment: Assignment,
  at: number,
  context: AssignmentContext,
): { cost: number; filled: number } {
  const { cohort } = index;
  const { pins, forbids, usage, unfilled, periodOrder, report } = context;
  const allowUnassigned = cohort.rules.allowUnassigned;
  const required = cohort.rules.specializationFit === "required";
  const spec = trainee.specialization;
  const base: PathSegment[] = ["assignments", at];
  const t = quote(trainee.id);
  const use: Use = { trainee: trainee.id, at };
  let filled = 0;

  const missing = (field: PathSegment[], role: "host" | "away" | "supervisor" | "mentor", what: string, period?: string): void => {
    if (allowUnassigned) unfilled.set(unfilledKey(trainee.id, role, period), field);
    else report("role_missing", field, `Trainee ${t} has no ${what}; with allowUnassigned false every trainee must get every role.`);
  };

  // --- host ---------------------------------------------------------------------------
  const host = assignment.host;
  const hostMember = host === null ? undefined : index.memberById.get(host);
  if (trainee.host !== undefined && host !== trainee.host) {
    report(
      "host_mismatch",
      [...base, "host"],
      `Trainee ${t} is already hired by ${quote(trainee.host)}, but the plan gives ${host === null ? "no host" : `host ${quote(host)}`}.`,
    );
  }
  if (host === null) {
    missing([...base, "host"], "host", "host");
  } else if (hostMember === undefined) {
    report("unknown_member", [...base, "host"], `The host ${quote(host)} of trainee ${t} is not a member of the cohort.`);
  } else {
    filled += 1;
    listAt(usage.hosts, host).push(use);
    if (trainee.host === undefined && required && !index.offers(host, spec)) {
      report(
        "specialization_mismatch",
        [...base, "host"],
        `Host ${quote(host)} does not list ${quote(spec)}, the specialization of trainee ${t}; the rule specializationFit "required" asks that it does.`,
      );
    }
    const forbid = forbids?.members.get(host);
    if (forbid !== undefined) {
      report("forbidden", [...base, "host"], `Trainee ${t} may not be at ${quote(host)} (forbid[${forbid}]), but the plan makes it the host.`);
    }
  }
  // A pin on a host period fixes the host.
  for (const period of index.hostPeriods) {
    const pin = pins?.periods.get(period.id);
    if (pin !== undefined && pin.member !== host) {
      report(
        "pin_broken",
        [...base, "host"],
        `pins[${pin.at}] fixes the host of trainee ${t} at ${quote(pin.member)} (period ${quote(period.id)}), but the plan gives ${host === null ? "no host" : quote(host)}.`,
      );
    }
  }

  // --- placements ---------------------------------------------------------------------
  const placed = new Map<string, { member: string; at: number }>();
  const awayMembers = new Map<string, number>(); // member -> placement position
  let lastOrder = -1;
  assignment.placements.forEach((placement, k) => {
    const path: PathSegment[] = [...base, "placements", k];
    const order = periodOrder.get(placement.period);
    const period = order === undefined ? undefined : cohort.programme.periods[order];
    if (order === undefined || period === undefined) {
      report("unknown_period", [...path, "period"], `Period ${quote(placement.period)} is not a period of the programme.`);
      return;
    }
    if (placed.has(period.id)) {
      report("duplicate_placement", [...path, "period"], `Trainee ${t} has two placements for period ${quote(period.id)}; there must be one.`);
      return;
    }
    if (order < lastOrder) {
      report(
        "wrong_period_order",
        [...path, "period"],
        `Placements must follow the programme's order of periods; period ${quote(period.id)} comes too late in trainee ${t}'s list.`,
      );
    }
    lastOrder = Math.max(lastOrder, order);
    placed.set(period.id, { member: placement.member, at: k });

    const dates = index.datesByPeriod.get(period.id);
    if (dates !== undefined && (placement.from !== dates.from || placement.to !== dates.to)) {
      report(
        "wrong_dates",
        [...path, placement.from !== dates.from ? "from" : "to"],
        `Period ${quote(period.id)} runs from ${dates.from} to ${dates.to}, but the plan says ${placement.from} to ${placement.to}.`,
      );
    }

    if (host === null) {
      report(
        "role_without_host",
        [...path, "member"],
        `Trainee ${t} has no host, so it must have no placements; the plan places it at ${quote(placement.member)} in period ${quote(period.id)}.`,
      );
      return;
    }

    if (period.at === "host") {
      if (placement.member !== host) {
        report(
          "host_mismatch",
          [...path, "member"],
          `Period ${quote(period.id)} is spent at the host (${quote(host)}), but the plan places trainee ${t} at ${quote(placement.member)}.`,
        );
      }
      return;
    }

    // An away period.
    const member = placement.member;
    const pin = pins?.periods.get(period.id);
    if (pin !== undefined && pin.member !== member) {
      report("pin_broken", [...path, "member"], `pins[${pin.at}] places trainee ${t} at ${quote(pin.member)} in period ${quote(period.id)}, but the plan says ${quote(member)}.`);
    }
    if (!index.memberById.has(member)) {
      report("unknown_member", [...path, "member"], `${quote(member)}, where trainee ${t} is away in period ${quote(period.id)}, is not a member of the cohort.`);
      return;
    }
    filled += 1;
    listAt(usage.away, `${period.id}${SEP}${member}`).push(use);
    usage.placementOf.set(`${at}${SEP}${period.id}`, k);
    const repeated = awayMembers.get(member);
    if (repeated !== undefined) {
      report(
        "repeated_away_member",
        [...path, "member"],
        `Trainee ${t} is away at ${quote(member)} twice (also placements[${repeated}]); each away period must be at a different member.`,
      );
    } else {
      awayMembers.set(member, k);
    }
    if (hostMember !== undefined && index.organisationOf(member) === index.organisationOf(host)) {
      report(
        "same_organisation",
        [...path, "member"],
        member === host
          ? `Trainee ${t} is away at its own host ${quote(host)} in period ${quote(period.id)}; an away period must be at another organisation.`
          : `Trainee ${t} is away at ${quote(member)} in period ${quote(period.id)}, which belongs to the same organisation (${quote(index.organisationOf(member))}) as its host ${quote(host)}.`,
      );
    }
    if (required && !index.offers(member, spec)) {
      report(
        "specialization_mismatch",
        [...path, "member"],
        `${quote(member)} does not list ${quote(spec)}, the specialization of trainee ${t}; the rule specializationFit "required" asks that it does.`,
      );
    }
    const forbid = forbids?.members.get(member);
    if (forbid !== undefined) {
      report("forbidden", [...path, "member"], `Trainee ${t} may not be at ${quote(member)} (forbid[${forbid}]), but the plan places it there in period ${quote(period.id)}.`);
    }
  });

  for (const period of cohort.programme.periods) {
    if (placed.has(period.id)) continue;
    const field: PathSegment[] = [...base, "placements"];
    if (period.at === "host") {
      // Without a host there is nothing to spend there: the missing host says it all.
      if (host !== null) {
        report("role_missing", field, `Trainee ${t} has a host but no placement for period ${quote(period.id)}, which is spent at the host.`);
      }
      continue;
    }
    const pin = pins?.periods.get(period.id);
    if (pin !== undefined) {
      report("pin_broken", field, `pins[${pin.at}] places trainee ${t} at ${quote(pin.member)} in period ${quote(period.id)}, but the plan leaves that period empty.`);
    }
    missing(field, "away", `placement for away period ${quote(period.id)}`, period.id);
  }

  // --- supervisor ---------------------------------------------------------------------
  const supervisor = assignment.supervisor;
  const supervisorPin = pins?.supervisor ?? null;
  if (supervisorPin !== null && supervisor !== supervisorPin.person) {
    report(
      "pin_broken",
      [...base, "supervisor"],
      `pins[${supervisorPin.at}] gives trainee ${t} the supervisor ${quote(supervisorPin.person)}, but the plan gives ${supervisor === null ? "none" : quote(supervisor)}.`,
    );
  }
  if (supervisor === null) {
    missing([...base, "supervisor"], "supervisor", "supervisor");
  } else if (host === null) {
    report("role_without_host", [...base, "supervisor"], `Trainee ${t} has no host, so it must have no supervisor; the plan gives ${quote(supervisor)}.`);
  } else {
    const person = index.personById.get(supervisor);
    if (person === undefined) {
      report("unknown_person", [...base, "supervisor"], `The supervisor ${quote(supervisor)} of trainee ${t} is not a person of the cohort.`);
    } else {
      filled += 1;
      listAt(usage.people, person.id).push({ use, field: "supervisor" });
      checkSupervisor(index, trainee, person, host, [...base, "supervisor"], forbids, report);
    }
  }

  // --- mentor -------------------------------------------------------------------------
  const mentor = assignment.mentor;
  const mentorPin = pins?.mentor ?? null;
  if (mentorPin !== null && mentor !== mentorPin.person) {
    report(
      "pin_broken",
      [...base, "mentor"],
      `pins[${mentorPin.at}] gives trainee ${t} the mentor ${quote(mentorPin.person)}, but the plan gives ${mentor === null ? "none" : quote(mentor)}.`,
    );
  }
  if (mentor === null) {
    missing([...base, "mentor"], "mentor", "mentor");
  } else if (host === null) {
    report("role_without_host", [...base, "mentor"], `Trainee ${t} has no host, so it must have no mentor; the plan gives ${quote(mentor)}.`);
  } else {
    const person = index.personById.get(mentor);
    if (person === undefined) {
      report("unknown_person", [...base, "mentor"], `The mentor ${quote(mentor)} of trainee ${t} is not a person of the cohort.`);
    } else {
      filled += 1;
      listAt(usage.people, person.id).push({ use, field: "mentor" });
      const away = index.awayPeriods.flatMap((p) => {
        const placement = placed.get(p.id);
        return placement === undefined ? [] : [placement.member];
      });
      checkMentor(index, trainee, person, host, away, [...base, "mentor"], forbids, report);
    }
  }

  // --- cost ---------------------------------------------------------------------------
  const choice = {
    host,
    away: index.awayPeriods.map((p) => placed.get(p.id)?.member ?? null),
    supervisor,
    mentor,
  };
  const expected = costOfChoice(index, trainee, choice);
  checkCost(assignment.cost, expected, [...base, "cost"], t, report);
  return { cost: totalCost(expected), filled };
}

function checkSupervisor(
  index: CohortIndex,
  trainee: Trainee,
  person: Person,
  host: string,
  path: readonly PathSegment[],
  forbids: ForbidsOfTrainee | null,
  report: Report,
): void {
  const t = quote(trainee.id);
  const p = quote(person.id);
  if (person.role !== "supervisor") {
    report("wrong_role", path, `${p} is a ${person.role}, not a supervisor, yet the plan makes them the supervisor of trainee ${t}.`);
  }
  if (person.member !== host) {
    report(
      "wrong_employer",
      path,
      `Supervisor ${p} is employed by ${quote(person.member)}, but trainee ${t} is hosted by ${quote(host)}; the supervisor must be employed by the host itself.`,
    );
  }
  if (index.cohort.rules.specializationFit === "required" && !index.personLists(person.id, trainee.specialization)) {
    report(
      "specialization_mismatch",
      path,
      `Supervisor ${p} does not list ${quote(trainee.specialization)}, the specialization of trainee ${t}; the rule specializationFit "required" asks that they do.`,
    );
  }
  const forbid = forbids?.supervisors.get(person.id);
  if (forbid !== undefined) {
    report("forbidden", path, `Trainee ${t} may not have ${p} as supervisor (forbid[${forbid}]), but the plan gives them.`);
  }
}

function checkMentor(
  index: CohortIndex,
  trainee: Trainee,
  person: Person,
  host: string,
  away: readonly string[],
  path: readonly PathSegment[],
  forbids: ForbidsOfTrainee | null,
  report: Report,
): void {
  const t = quote(trainee.id);
  const p = quote(person.id);
  if (person.role !== "mentor") {
    report("wrong_role", path, `${p} is a ${person.role}, not a mentor, yet the plan makes them the mentor of trainee ${t}.`);
  }
  const organisation = index.organisationOf(person.member);
  if (organisation === index.organisationOf(host)) {
    report(
      "mentor_inside",
      path,
      `Mentor ${p} works for ${quote(person.member)}, in the same organisation (${quote(organisation)}) as trainee ${t}'s host ${quote(host)}; a mentor must come from outside.`,
    );
  } else if (index.cohort.rules.mentorOutside === "host-and-away") {
    const inside = away.find((member) => index.organisationOf(member) === organisation);
    if (inside !== undefined) {
      report(
        "mentor_inside",
        path,
        `Mentor ${p} works for ${quote(person.member)}, in the same organisation (${quote(organisation)}) as ${quote(inside)}, where trainee ${t} is away; the rule mentorOutside "host-and-away" asks for a mentor from outside both.`,
      );
    }
  }
  const forbid = forbids?.mentors.get(person.id);
  if (forbid !== undefined) {
    report("forbidden", path, `Trainee ${t} may not have ${p} as mentor (forbid[${forbid}]), but the plan gives them.`);
  }
}

function checkCost(reported: CostBreakdown, expected: CostBreakdown, path: readonly PathSegment[], t: string, report: Report): void {
  for (const term of COST_TERMS) {
    const want = expected[term] ?? 0;
    const got = reported[term] ?? 0;
    if (!sameNumber(got, want)) {
      report("cost_mismatch", [...path, term], `The ${term} cost of trainee ${t} is ${got} in the plan, but the cohort gives ${want}.`);
    }
  }
}

function checkCapacities(index: CohortIndex, usage: Usage, report: Report): void {
  for (const [memberId, uses] of usage.hosts) {
    const capacity = index.memberById.get(memberId)?.hostCapacity ?? 0;
    const over = uses[capacity];
    if (over !== undefined) {
      report(
        "capacity_exceeded",
        ["assignments", over.at, "host"],
        `${quote(memberId)} hosts ${plural(uses.length, "trainee")} (${uses.map((u) => u.trainee).join(", ")}), but its hostCapacity is ${capacity}.`,
      );
    }
  }
  for (const [key, uses] of usage.away) {
    const [period = "", memberId = ""] = key.split(SEP);
    const capacity = index.memberById.get(memberId)?.awayCapacity ?? 0;
    const over = uses[capacity];
    if (over !== undefined) {
      const k = usage.placementOf.get(`${over.at}${SEP}${period}`) ?? 0;
      report(
        "capacity_exceeded",
        ["assignments", over.at, "placements", k, "member"],
        `${quote(memberId)} takes ${plural(uses.length, "visiting trainee")} in period ${quote(period)} (${uses.map((u) => u.trainee).join(", ")}), but its awayCapacity is ${capacity}.`,
      );
    }
  }
  for (const [personId, uses] of usage.people) {
    const capacity = index.personById.get(personId)?.capacity ?? 0;
    const trainees = [...new Set(uses.map((u) => u.use.trainee))];
    if (trainees.length <= capacity) continue;
    const over = uses.find((u) => trainees.indexOf(u.use.trainee) >= capacity) ?? uses[uses.length - 1];
    if (over === undefined) continue;
    report(
      "capacity_exceeded",
      ["assignments", over.use.at, over.field],
      `${quote(personId)} follows ${plural(trainees.length, "trainee")} (${trainees.join(", ")}), but their capacity is ${capacity}.`,
    );
  }
}

/** With allowUnassigned, `unassigned` lists exactly the roles left empty; without it, nothing. */
function checkUnassigned(
  index: CohortIndex,
  plan: Plan,
  seen: ReadonlyMap<string, number>,
  unfilled: ReadonlyMap<string, readonly PathSegment[]>,
  report: Report,
): void {
  const allowUnassigned = index.cohort.rules.allowUnassigned;
  const listed = new Map<string, number>();
  plan.unassigned.forEach((entry, j) => {
    const path: PathSegment[] = ["unassigned", j];
    const t = quote(entry.trainee);
    if (!index.traineeById.has(entry.trainee)) {
      report("unknown_trainee", [...path, "trainee"], `The unfilled role names ${t}, which is not a trainee of the cohort.`);
      return;
    }
    if (!allowUnassigned) {
      report(
        "unassigned_mismatch",
        path,
        `The plan leaves the ${entry.role} of trainee ${t} empty, but with allowUnassigned false every role must be filled.`,
      );
      return;
    }
    if (entry.role === "away") {
      if (entry.period === undefined) {
        report("unassigned_mismatch", [...path, "period"], `An unfilled away role must say which period; the one for trainee ${t} does not.`);
        return;
      }
      if (!index.awayPeriods.some((p) => p.id === entry.period)) {
        report("unknown_period", [...path, "period"], `Period ${quote(entry.period)} is not an away period of the programme.`);
        return;
      }
    } else if (entry.period !== undefined) {
      report("unassigned_mismatch", [...path, "period"], `Only an unfilled away role names a period; the ${entry.role} role of trainee ${t} names ${quote(entry.period)}.`);
      return;
    }
    if (entry.reason.trim() === "") {
      report("unassigned_mismatch", [...path, "reason"], `The unfilled ${entry.role} role of trainee ${t} must give a reason.`);
    }
    const key = unfilledKey(entry.trainee, entry.role, entry.role === "away" ? entry.period : undefined);
    const before = listed.get(key);
    if (before !== undefined) {
      report("unassigned_mismatch", path, `The same unfilled role is listed twice (also unassigned[${before}]).`);
      return;
    }
    listed.set(key, j);
    if (!unfilled.has(key) && seen.has(entry.trainee)) {
      const what = entry.role === "away" ? `away period ${quote(entry.period)}` : entry.role;
      report("unassigned_mismatch", path, `The plan lists the ${what} of trainee ${t} as unfilled, but the assignment fills it.`);
    }
  });
  if (!allowUnassigned) return;
  for (const [key, path] of unfilled) {
    if (listed.has(key)) continue;
    const [trainee = "", role = "", period = ""] = key.split(SEP);
    const what = role === "away" ? `away period ${quote(period)}` : role;
    report("unassigned_mismatch", path, `The ${what} of trainee ${quote(trainee)} is empty, but the plan's unassigned list does not say so and why.`);
  }
}
