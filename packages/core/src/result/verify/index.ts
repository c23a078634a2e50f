/**
 * The independent plan verifier: checks a plan against every hard rule of the contract,
 * straight from the cohort. It knows nothing of the model or the solvers, so that a plan is
 * trusted because it passes these checks, not because of how it was made. Tests use it as
 * their oracle and the facade runs it before answering.
 *
 * One file per rule family of the contract, the same names as in validation and the
 * diagnosis: host.ts, away.ts, supervisor.ts, mentor.ts, capacity.ts, pins.ts (pins and
 * forbids), filling.ts (filled and unfilled roles), and plan.ts (format, status, trainees,
 * references, numbers). assignment.ts reads one trainee's assignment and calls them in a
 * fixed order; this file reads the inputs and runs the whole plan.
 *
 * It never throws, whatever it is given: a cohort or plan that cannot be read, a plan that
 * names unknown trainees, members, people or periods, are all reported as violations with a
 * code, a path into the plan and a plain sentence.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import { formatIssue, formatPath, type Issue, type PathSegment } from "../../domain/issues.js";
import { readPlan } from "../../domain/parse-plan.js";
import type { PlanJson } from "../../domain/schema.js";
import { parseCohort } from "../../domain/validate.js";
import { checkAssignment } from "./assignment.js";
import { checkCapacities } from "./capacity.js";
import type { PlanViolation, ViolationCode } from "./codes.js";
import type { PlanCheck, Report } from "./context.js";
import { checkBalance } from "./fairness.js";
import { checkUnassigned } from "./filling.js";
import { collectForbids, collectPins } from "./pins.js";
import { checkMissingTrainees, checkNoPlan, checkNumbers, checkTraineeEntry } from "./plan.js";

export { VIOLATION_CODES, type PlanViolation, type ViolationCode } from "./codes.js";
export { numericTolerance } from "./context.js";

/**
 * The verdict. `objective` is the objective recomputed from the cohort and `filled` the
 * number of roles the plan fills (per trainee: the host, given or chosen, each away period,
 * the supervisor and the mentor, over the cohort's trainees found in the plan); both are null
 * when the status carries no plan, or when the cohort or the plan cannot be read. A passed
 * plan's own costs, objective and bound agree with the recomputed ones, so the result carries
 * no per-trainee costs of its own; the typed plan comes from `parsePlan`.
 */
export type VerifyResult =
  | {
      readonly ok: true;
      readonly violations: readonly [];
      readonly objective: number | null;
      readonly filled: number | null;
    }
  | {
      readonly ok: false;
      /** Every violation found, at least one, in the order the plan is read. */
      readonly violations: readonly PlanViolation[];
      readonly objective: number | null;
      readonly filled: number | null;
    };

/**
 * Checks a plan against every hard rule of the contract. Both arguments may be anything:
 * the cohort as read from JSON (it is validated with `parseCohort` first; an invalid cohort
 * gives `invalid_cohort` violations) or the `CohortIndex` of a cohort that passed it (taken
 * as it is, without validating it again: the facade checks every plan this way), and the
 * plan as read from JSON (its shape is checked first: `invalid_plan`, `wrong_format`).
 * Returns every violation found (none means the plan can be trusted), the objective
 * recomputed from the cohort and the number of filled roles. Never throws.
 */
export function verifyPlan(cohort: unknown, plan: unknown): VerifyResult {
  try {
    if (isCohortIndex(cohort)) return verifyWithIndex(cohort, plan);
    const parsed = parseCohort(cohort);
    if (!parsed.ok) return cohortFailure(parsed.issues, plan);
    return verifyWithIndex(parsed.index, plan);
  } catch (error) {
    // Only reachable with values JSON cannot produce (a hand-made index, throwing getters).
    const reason = error instanceof Error ? error.message : String(error);
    const message = `The plan could not be checked against the cohort (${reason}).`;
    return { ok: false, violations: [{ code: "invalid_cohort", path: "", message }], objective: null, filled: null };
  }
}

/**
 * Whether a value is a `CohortIndex` (from `parseCohort`) rather than a cohort: its lookup
 * tables are Maps and its helpers functions, which no JSON value can hold, so a cohort read
 * from JSON is never mistaken for one.
 */
function isCohortIndex(value: unknown): value is CohortIndex {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Record<keyof CohortIndex, unknown>>;
  return (
    typeof candidate.cohort === "object" &&
    candidate.cohort !== null &&
    candidate.memberById instanceof Map &&
    candidate.personById instanceof Map &&
    candidate.traineeById instanceof Map &&
    typeof candidate.organisationOf === "function" &&
    typeof candidate.offers === "function"
  );
}

/** An invalid cohort: its issues as `invalid_cohort`, then what the plan's shape alone shows. */
function cohortFailure(issues: readonly Issue[], plan: unknown): VerifyResult {
  const violations: PlanViolation[] = issues.map((issue) => ({
    code: "invalid_cohort",
    path: "",
    message: `The cohort is not valid (${formatIssue(issue)}), so no plan can be checked against it.`,
  }));
  violations.push(...readPlan(plan).violations);
  return { ok: false, violations, objective: null, filled: null };
}

function verifyWithIndex(index: CohortIndex, input: unknown): VerifyResult {
  const read = readPlan(input);
  const violations: PlanViolation[] = [...read.violations];
  const report: Report = (code: ViolationCode, path: readonly PathSegment[], message: string) => {
    violations.push({ code, path: formatPath(path), message });
  };
  const plan = read.plan;
  if (plan === null) return verdict(violations, null, null);
  if (plan.status === "infeasible" || plan.status === "timedout") {
    checkNoPlan(plan, report);
    return verdict(violations, null, null);
  }
  const { objective, filled } = checkAssignments(index, plan, report);
  checkNumbers(plan, objective, report);
  return verdict(violations, objective, filled);
}

function verdict(violations: readonly PlanViolation[], objective: number | null, filled: number | null): VerifyResult {
  return violations.length === 0 ? { ok: true, violations: [], objective, filled } : { ok: false, violations, objective, filled };
}

/** Every assignment, then what is checked over the whole plan: missing trainees, capacities, `unassigned`. */
function checkAssignments(index: CohortIndex, plan: PlanJson, report: Report): { objective: number; filled: number } {
  const { cohort } = index;
  const run: PlanCheck = {
    index,
    report,
    pins: collectPins(cohort),
    forbids: collectForbids(cohort),
    usage: { hosts: new Map(), away: new Map(), people: new Map(), placementOf: new Map() },
    unfilled: new Map(),
    periodOrder: new Map(cohort.programme.periods.map((p, i) => [p.id, i] as const)),
  };
  const seen = new Map<string, number>();
  let objective = 0;
  let filled = 0;
  plan.assignments.forEach((assignment, at) => {
    const trainee = checkTraineeEntry(run, assignment, at, seen);
    if (trainee === undefined) return;
    const result = checkAssignment(run, trainee, assignment, at);
    objective += result.cost;
    filled += result.filled;
  });
  checkMissingTrainees(run, seen);
  checkCapacities(run);
  checkUnassigned(run, plan, seen);
  objective += checkBalance(index, plan, seen, report);
  return { objective, filled };
}
