/**
 * What crosses the thread boundary of solveCohortAsync, as structured-clone data: the request
 * (the cohort as given, the options without functions, the shared abort flag) and the
 * worker's messages (progress reports, the answer, or a thrown error described).
 */
import type { Backend, SolveProgress, SolveResult } from "./plan.js";
import type { PlanViolation } from "./result/verify/index.js";

export interface SolveRequest {
  readonly input: unknown;
  readonly options: { readonly timeLimitMs?: number; readonly backend?: Backend; readonly diagnose?: boolean };
  /** Whether the caller wants progress reports (functions do not cross threads). */
  readonly progress: boolean;
  /** One Int32: 1 once the caller aborted. */
  readonly abort: SharedArrayBuffer;
}

export type WorkerMessage =
  | { readonly type: "progress"; readonly progress: SolveProgress }
  | { readonly type: "result"; readonly result: SolveResult }
  | { readonly type: "error"; readonly name: string; readonly message: string; readonly violations?: readonly PlanViolation[] };
