/**
 * The plan writers' guard: a plan is written only with the cohort it was made for. Names,
 * dates and gatherings come from the cohort and ids from the plan, so a plan of another
 * cohort would give files that look right and mix people up. The check is the core's
 * independent verifier, the same that the CLI's and the service's exports run, so all of them
 * accept and refuse the same pairs.
 */
import { formatPath, replanPlanSchema, verifyPlan, type CohortInput, type Plan, type PlanJson, type PlanViolation, type ReplanChange } from "@rotamatch/core/format";

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

/** A plan as the writers take it: the plan format, or a re-planned plan with its `changes` (docs/replanning.md). */
export type PlanToWrite = PlanJson | (PlanJson & { readonly changes: readonly ReplanChange[] });

/** A verified plan and, for a re-planned plan, its changes (null for a plan without `changes`). */
export interface CheckedPlan {
  readonly plan: Plan;
  readonly changes: readonly ReplanChange[] | null;
}

/**
 * Pairs already checked, by identity: writing one plan as several files (every CSV file, a
 * calendar per trainee) checks the pair once. The objects are taken as unchanged between calls.
 */
const checked = new WeakMap<object, WeakMap<object, CheckedPlan>>();

/**
 * The plan, once verified against the cohort; throws PlanCohortMismatchError otherwise. A
 * verified plan keeps what the `Plan` type states, but for the bound of a solved plan, which
 * the format lets be null (none known): the writers only print it.
 */
export function checkPlanOfCohort(cohort: CohortInput, plan: PlanToWrite): Plan {
  return checkPlanAndChanges(cohort, plan).plan;
}

/**
 * checkPlanOfCohort for a plan that may be re-planned: `changes`, when present, must be in the
 * format of a re-plan's changes (their trainees may have left the cohort, so they are not
 * looked up); the plan without them is verified as any plan is.
 */
export function checkPlanAndChanges(cohort: CohortInput, plan: PlanToWrite): CheckedPlan {
  const isObject = typeof cohort === "object" && cohort !== null && typeof plan === "object" && plan !== null;
  const known = isObject ? checked.get(cohort)?.get(plan) : undefined;
  if (known !== undefined) return known;
  let changes: readonly ReplanChange[] | null = null;
  let plain: unknown = plan;
  if (isObject && Object.hasOwn(plan, "changes")) {
    const { changes: given, ...rest } = plan as PlanJson & { readonly changes: unknown };
    const parsed = replanPlanSchema.shape.changes.safeParse(given);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const path = formatPath(["changes", ...(first?.path ?? []).map((key) => (typeof key === "number" ? key : String(key)))]);
      throw new PlanCohortMismatchError([{ code: "invalid_plan", path, message: `The plan's changes are not in the format of a re-plan: ${first?.message ?? "unreadable"}.` }]);
    }
    changes = parsed.data;
    plain = rest;
  }
  const verdict = verifyPlan(cohort, plain);
  if (!verdict.ok) throw new PlanCohortMismatchError(verdict.violations);
  const result: CheckedPlan = { plan: plain as Plan, changes };
  if (isObject) {
    let plans = checked.get(cohort);
    if (plans === undefined) checked.set(cohort, (plans = new WeakMap()));
    plans.set(plan, result);
  }
  return result;
}
