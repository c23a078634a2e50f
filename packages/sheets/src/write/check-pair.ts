/**
 * The plan writers' guard: a plan is written only with the cohort it was made for. Names,
 * dates and gatherings come from the cohort and ids from the plan, so a plan of another
 * cohort would give files that look right and mix people up. The check is the core's
 * independent verifier, the same that the CLI's and the service's exports run, so all of them
 * accept and refuse the same pairs.
 */
import { verifyPlan, type CohortInput, type Plan, type PlanJson, type PlanViolation } from "@rotamatch/core/format";

/** Thrown by the plan writers when the plan does not fit the cohort; `violations` says why. */
export class PlanCohortMismatchError extends Error {
  readonly violations: readonly PlanViolation[];
  constructor(violations: readonly PlanViolation[]) {
    const first = violations[0];
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : "";
    const where = first === undefined || first.path === "" ? "" : ` at ${first.path}`;
    super(`the plan does not fit the cohort: ${first?.code ?? "invalid_plan"}${where}: ${first?.message ?? "it cannot be checked."}${more}`);
    this.name = "PlanCohortMismatchError";
    this.violations = violations;
  }
}

/**
 * Pairs already checked, by identity: writing one plan as several files (every CSV file, a
 * calendar per trainee) checks the pair once. The objects are taken as unchanged between calls.
 */
const checked = new WeakMap<object, WeakSet<object>>();

/**
 * The plan, once verified against the cohort; throws PlanCohortMismatchError otherwise. A
 * verified plan keeps what the `Plan` type states, but for the bound of a solved plan, which
 * the format lets be null (none known): the writers only print it.
 */
export function checkPlanOfCohort(cohort: CohortInput, plan: PlanJson): Plan {
  const isObject = typeof cohort === "object" && cohort !== null && typeof plan === "object" && plan !== null;
  if (isObject && checked.get(cohort)?.has(plan) === true) return plan as Plan;
  const verdict = verifyPlan(cohort, plan);
  if (!verdict.ok) throw new PlanCohortMismatchError(verdict.violations);
  if (isObject) {
    let plans = checked.get(cohort);
    if (plans === undefined) checked.set(cohort, (plans = new WeakSet()));
    plans.add(plan);
  }
  return plan as Plan;
}
