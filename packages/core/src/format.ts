/**
 * @rotamatch/core/format: the file formats without the solver. The schemas and types of the
 * cohort and plan files, validation with its issues and their wording, JSON text parsing with
 * line and column, dates and distances, and the plan by member. Nothing here imports the model
 * or the solvers (javascript-lp-solver), so a browser bundle or a command that only reads,
 * checks or writes files stays small: the sheets package and the page import from here.
 * Everything here is also exported from `@rotamatch/core`.
 */
export { parseCohort, validateCohort } from "./domain/validate.js";
export type { ParseResult } from "./domain/validate.js";
export { cohortJsonSchema, planJsonSchema } from "./domain/json-schema.js";
// Reading a plan and checking it against its cohort: the verifier needs no solver.
export { parsePlan } from "./domain/parse-plan.js";
export type { PlanJson, PlanParseResult } from "./domain/parse-plan.js";
export { verifyPlan, VIOLATION_CODES } from "./result/verify/index.js";
// One trainee's cost terms for given choices, as the verifier computes them: what a plan
// edited by hand costs (the sheets' readPlanWorkbook rebuilds such a plan from its sheets).
export { costOfChoice } from "./domain/cost.js";
export type { TraineeChoice } from "./domain/cost.js";
export type { PlanViolation, VerifyResult, ViolationCode } from "./result/verify/index.js";
// The codes a diagnosis item can carry, for consumers keyed by them (the page's texts).
export { DIAGNOSIS_CODES } from "./domain/diagnosis-codes.js";
export type { DiagnosisCode } from "./domain/diagnosis-codes.js";
// The rule catalogue: each rule family with its codes in every stage and its files.
export { RULES, RULE_STAGES, ruleOfCode } from "./domain/rules.js";
export type { CodesOfStage, RuleFamily, RuleFamilyId, RuleFiles, RuleStage } from "./domain/rules.js";

export { DEFAULT_WEIGHTS } from "./domain/defaults.js";
export {
  COHORT_FORMAT,
  PLAN_FORMAT,
  COST_TERMS,
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
export { closestMatch } from "./domain/did-you-mean.js";
export { plural } from "./util/words.js";
export type { ClosestMatchOptions } from "./domain/did-you-mean.js";
export type { Issue, IssueCode, PathSegment } from "./domain/issues.js";
export { findJsonSyntaxError, lineAndColumn, parseJsonText } from "./domain/json-text.js";
export type { JsonParseOptions, JsonParseResult, JsonSyntaxError } from "./domain/json-text.js";

export { periodDates } from "./domain/dates.js";
export type { DatedPeriod } from "./domain/dates.js";
export { distanceKm } from "./domain/geo.js";

// The formats of the programme over time (no solver): the plan writers read a re-planned plan's changes.
export { CHANGE_REASONS, CHANGE_ROLES, REPLAN_FORMAT, replanChangeSchema, replanPlanSchema } from "./domain/replan-schema.js";
export type { Change, ChangeReason, ChangeRole, ReplanChange } from "./domain/replan-schema.js";

export { assignmentCost, planByMember, planByPerson } from "./result/plan-by-member.js";
export type { CohortShape, MemberLoad, PeriodPlace, PersonLoad, PlanShape } from "./result/plan-by-member.js";
// Each member across the cohort's history (and a plan): `rotamatch history`, the page's fairness view.
export { historyReport } from "./result/history-report.js";
export type {
  HistoryColumn,
  HistoryCounts,
  HistoryReport,
  HistoryReportOptions,
  MemberHistory,
  RepeatedExchange,
  RepeatedMentorHost,
  ReportAssignment,
  ReportPlan,
} from "./result/history-report.js";
// The fairness counts of a plan (the sheets' Balance by member sheet, a plan workbook rebuilt by
// hand) and the history's types: what a plan carries besides its assignments.
export { balanceOf, choiceOfAssignment } from "./domain/cost.js";
export { historyWarnings } from "./domain/history.js";
export type { HistoryAssignment, HistoryEntry, MemberBalance, PlanWarning } from "./domain/schema.js";
