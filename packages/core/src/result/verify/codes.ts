/**
 * The verifier's violation codes and the shape of a violation. Kept apart from the checks so
 * that `parsePlan` (domain/parse-plan.ts) and the rule catalogue can name them without
 * loading the verifier.
 */

/**
 * Violation codes, grouped by the rule family that reports them (see docs/format.md). Part of
 * the public contract: add new ones, never rename them.
 */
export const VIOLATION_CODES = [
  // plan: the plan as a whole
  "invalid_plan",
  "wrong_format",
  "status_mismatch",
  "missing_diagnosis",
  // plan: trainees
  "missing_trainee",
  "duplicate_trainee",
  "unknown_trainee",
  // plan: references
  "unknown_member",
  "unknown_person",
  "unknown_period",
  // host, away, supervisor (specialization_mismatch: the specializationFit rule of all three)
  "host_mismatch",
  "capacity_exceeded",
  "same_organisation",
  "repeated_away_member",
  "specialization_mismatch",
  // plan: placements
  "duplicate_placement",
  "wrong_period_order",
  "wrong_dates",
  // supervisor and mentor
  "wrong_role",
  "wrong_employer",
  "mentor_inside",
  // pins and forbids
  "forbidden",
  "pin_broken",
  // filling: filled and unfilled roles
  "role_missing",
  "role_without_host",
  "unassigned_mismatch",
  // plan: numbers
  "cost_mismatch",
  "objective_mismatch",
  "bound_above_objective",
  "bound_mismatch",
  // plan: the members' balance (the reciprocity counts), when the plan lists it
  "balance_mismatch",
  // plan: the cohort itself cannot be read, so no plan can be checked against it
  "invalid_cohort",
  // replan: a re-planned plan moved what had started before its date
  "started_changed",
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
