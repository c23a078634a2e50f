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

export * from "./format.js";
