/**
 * @rotamatch/core: plan trainee rotations. Every public export is listed here by name.
 */
export { BACKENDS, DEFAULT_SOLVE_OPTIONS, PlanVerificationError, solveCohort } from "./plan.js";
export type { Backend, SolveOptions, SolveProgress, SolveResult } from "./plan.js";
export { solveCohortAsync } from "./solve-async.js";
export type { AsyncSolveOptions } from "./solve-async.js";

export { parseCohort, validateCohort } from "./domain/validate.js";
export type { ParseResult } from "./domain/validate.js";
export type { CohortIndex } from "./domain/cohort-index.js";
export { verifyPlan, VIOLATION_CODES } from "./result/verify/index.js";
export type { PlanViolation, VerifyResult, ViolationCode } from "./result/verify/index.js";
export { parsePlan } from "./domain/parse-plan.js";
export type { PlanJson, PlanParseResult } from "./domain/parse-plan.js";
export { cohortJsonSchema, planJsonSchema } from "./domain/json-schema.js";
export { generateCohort } from "./generate/generate-cohort.js";
export type { GenerateOptions } from "./generate/generate-cohort.js";
export { seededRandom } from "./util/random.js";
export type { Random } from "./util/random.js";

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
  InfeasiblePlan,
  Plan,
  PlanStats,
  PlanStatus,
  Programme,
  Rules,
  SolvedPlan,
  SuggestedChange,
  TimedOutPlan,
  Trainee,
  Unassigned,
  Weights,
} from "./domain/schema.js";

export { ISSUE_CODES, formatIssue, formatPath } from "./domain/issues.js";
export { DIAGNOSIS_CODES } from "./domain/diagnosis-codes.js";
export type { DiagnosisCode } from "./domain/diagnosis-codes.js";
export { RULES, RULE_STAGES, ruleOfCode } from "./domain/rules.js";
export type { CodesOfStage, RuleFamily, RuleFamilyId, RuleFiles, RuleStage } from "./domain/rules.js";
export { closestMatch } from "./domain/did-you-mean.js";
export { plural } from "./util/words.js";
export type { ClosestMatchOptions } from "./domain/did-you-mean.js";
export { findJsonSyntaxError, lineAndColumn, parseJsonText } from "./domain/json-text.js";
export type { JsonParseOptions, JsonParseResult, JsonSyntaxError } from "./domain/json-text.js";
export type { Issue, IssueCode, PathSegment } from "./domain/issues.js";

export { periodDates } from "./domain/dates.js";
export type { DatedPeriod } from "./domain/dates.js";
export { distanceKm } from "./domain/geo.js";
export { assignmentCost, planByMember, planByPerson } from "./result/plan-by-member.js";
export type { CohortShape, MemberLoad, PeriodPlace, PersonLoad, PlanShape } from "./result/plan-by-member.js";
