/**
 * The facade: validate a cohort, build the model, solve, decode, verify, diagnose.
 * (Implementation in progress; the signature is final.)
 */
import type { Issue } from "./domain/issues.js";
import type { Plan } from "./domain/schema.js";

export type Backend = "auto" | "jslp";

export interface SolveOptions {
  /** Wall-clock budget in milliseconds for the whole solve (default 60 000). */
  readonly timeLimitMs?: number;
  /** Which backend to use (default "auto"). */
  readonly backend?: Backend;
  /** Whether to explain an infeasible cohort with a relaxed solve (default true). */
  readonly diagnose?: boolean;
}

export type SolveResult =
  | { readonly ok: true; readonly plan: Plan; readonly issues: readonly [] }
  | { readonly ok: false; readonly plan: null; readonly issues: readonly Issue[] };

export function solveCohort(_input: unknown, _options: SolveOptions = {}): SolveResult {
  throw new Error("solveCohort: not implemented yet");
}
