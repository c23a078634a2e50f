/**
 * @rotamatch/core: plan trainee rotations. Every public export is listed here by name.
 */
export { BACKENDS, DEFAULT_SOLVE_OPTIONS, PlanVerificationError, solveCohort } from "./plan.js";
export type { Backend, SolveOptions, SolveProgress, SolveResult } from "./plan.js";

export { parseCohort, validateCohort } from "./domain/validate.js";
export type { ParseResult } from "./domain/validate.js";
export type { CohortIndex } from "./domain/cohort-index.js";
export { verifyPlan, VIOLATION_CODES } from "./result/verify.js";
export type { PlanViolation, VerifyResult, ViolationCode } from "./result/verify.js";
export { cohortJsonSchema, planJsonSchema } from "./domain/json-schema.js";
export { generateCohort } from "./generate/generate-cohort.js";
export type { GenerateOptions } from "./generate/generate-cohort.js";

export {
  COHORT_FORMAT,
  PLAN_FORMAT,
  COST_TERMS,
  DEFAULT_WEIGHTS,
  cohortSchema,
  planSchema,
} from "./domain/schema.js";
export type {
  Assignment,
  Cohort,
  CohortInput,
  CostBreakdown,
  CostTerm,
  DiagnosisItem,
  Forbid,
  Member,
  MemberKind,
  Period,
  Person,
  Pin,
  Placement,
  Plan,
  PlanStats,
  PlanStatus,
  Programme,
  Rules,
  SuggestedChange,
  Trainee,
  Unassigned,
  Weights,
} from "./domain/schema.js";

export { ISSUE_CODES, formatIssue, formatPath } from "./domain/issues.js";
export { findJsonSyntaxError, lineAndColumn, parseJsonText } from "./domain/json-text.js";
export type { JsonParseResult, JsonSyntaxError } from "./domain/json-text.js";
export type { Issue, IssueCode, PathSegment } from "./domain/issues.js";

export { periodDates } from "./domain/dates.js";
export type { DatedPeriod } from "./domain/dates.js";
export { distanceKm } from "./domain/geo.js";
