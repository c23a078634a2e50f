/**
 * @rotamatch/core: plan trainee rotations. Every public export is listed here by name, or in
 * ./format.ts (the formats without the solver, also `@rotamatch/core/format`), all of whose
 * exports are this entry's too.
 */
export { BACKENDS, DEFAULT_SOLVE_OPTIONS, PlanVerificationError, solveCohort } from "./plan.js";
export type { Backend, SolveOptions, SolveProgress, SolveResult } from "./plan.js";
export { solveCohortAsync } from "./solve-async.js";
export type { AsyncSolveOptions } from "./solve-async.js";
export type { CohortIndex } from "./domain/cohort-index.js";
export { generateCohort } from "./generate/generate-cohort.js";
export type { GenerateOptions } from "./generate/generate-cohort.js";
export { seededRandom } from "./util/random.js";
export type { Random } from "./util/random.js";

export { replanCohort, replanRequest } from "./replan/replan.js";
export type { ReplanOptions, ReplanPlan, ReplanProgress, ReplanResult, ReplanWarning } from "./replan/replan.js";
export { parseReplanRequest } from "./replan/inputs.js";
export type { ReplanRequestResult } from "./replan/inputs.js";
export { whatIf } from "./replan/what-if.js";
export type { WhatIfBackend, WhatIfOptions, WhatIfResult } from "./replan/what-if.js";
export { explainPlan } from "./replan/explain.js";
export type { ExplainOptions, ExplainResult } from "./replan/explain.js";
export type { Lang } from "./replan/words.js";
export { verifyReplan } from "./result/verify/replan.js";
export type { ReplanVerdict } from "./result/verify/replan.js";
export {
  CHANGE_REASONS,
  CHANGE_ROLES,
  EXPLANATION_FORMAT,
  REPLAN_FORMAT,
  WHATIF_FORMAT,
  changeSchema,
  explanationSchema,
  replanChangeSchema,
  replanPlanSchema,
  replanRequestSchema,
  whatIfAnswerSchema,
} from "./domain/replan-schema.js";
export type {
  Change,
  ChangeReason,
  ChangeRole,
  Explanation,
  ExplanationOption,
  ReplanChange,
  ReplanRequest,
  TraineeExplanation,
  WhatIfAnswer,
} from "./domain/replan-schema.js";

export * from "./format.js";
