/**
 * Every code a diagnosis item can carry, in one place, so that the plan's type, the page's
 * texts and the rule catalogue all name the same set (a code added here without a text on the
 * page fails the page's type check). Codes are snake_case, like issue and violation codes.
 *
 * It lives in the domain because the plan schema types `DiagnosisItem.code` with it; the
 * diagnosis (diagnose/) writes the items. The JSON format keeps `code` a string: the contract
 * does not list the codes, so a reader must not reject a plan for one it does not know.
 */

/** The codes of the pre-solve counting checks (diagnose/precheck.ts), in the order their items are reported. */
export const PRECHECK_CODES = [
  "no_host_candidate",
  "no_away_candidate",
  "too_few_away_candidates",
  "no_supervisor_candidate",
  "no_mentor_candidate",
  "host_places_short",
  "away_places_short",
  "supervisors_short",
  "mentors_short",
] as const;

/** The codes of the relaxed solve's capacity changes (diagnose/relax.ts), one per kind of change. */
export const CAPACITY_CHANGE_CODES = [
  "raise_host_capacity",
  "raise_away_capacity",
  "raise_supervisor_capacity",
  "raise_mentor_capacity",
  "add_supervisor",
  "add_mentor",
] as const;

/** Every diagnosis code: the pre-solve checks, then what diagnose/diagnose.ts adds around the relaxed solve. */
export const DIAGNOSIS_CODES = [
  ...PRECHECK_CODES,
  /** Heads the list of capacity changes the relaxed solve found. */
  "smallest_capacity_fix",
  ...CAPACITY_CHANGE_CODES,
  /** The relaxed solve proved that no capacity change helps: the rules themselves are the cause. */
  "capacity_cannot_help",
  /** The time limit ran out before the relaxed solve found capacity changes. */
  "capacity_fix_timedout",
  /** Nothing more specific is known. */
  "no_plan",
] as const;

export type PrecheckCode = (typeof PRECHECK_CODES)[number];
export type CapacityChangeCode = (typeof CAPACITY_CHANGE_CODES)[number];
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];
