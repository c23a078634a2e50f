/**
 * The LP-level contract: a MIP solver over the solver-neutral linear model
 * (model/linear-model.ts), which never sees the cohort. Its one implementation (jslp) is a
 * piece of the jslp backend (solvers/jslp/backend.ts), also used by the network backend's
 * exact finishes and by the relaxed diagnosis. The cohort-level contract the facade speaks is
 * `CohortBackend` (backend.ts).
 */
import type { LinearModel } from "../model/linear-model.js";
import type { StopSignal } from "./stop.js";

export interface SolverOptions {
  /** performance.now() value by which to answer: the caller's, never re-derived. */
  readonly deadline: number;
  /** Checked where the deadline is (before every simplex pivot): abort keeps the best solution so far. */
  readonly signal?: StopSignal;
  /**
   * Most branch-and-bound nodes to explore (default: no limit). Unlike the time limit, it stops
   * the search at the same point on every run, so the answer does not depend on the machine.
   */
  readonly nodeLimit?: number;
  /**
   * How the branch-and-bound picks its variable once it has a first solution: "pseudocost"
   * (the default: the product of the estimated rises of both children, learnt as it goes) or
   * "most-fractional" (javascript-lp-solver's own rule). The answer's optimum is the same;
   * only the time to prove it differs (benchmarks/branching.ts compares the two).
   */
  readonly branching?: "pseudocost" | "most-fractional";
  /**
   * A known solution (values by variable index), e.g. a greedy plan: when it satisfies every
   * row, the search starts with it as its incumbent (a cutoff for the tree) and returns it if
   * it finds nothing better in time, with status "feasible" (or "optimal" once proven). It is
   * not reported through onProgress: the caller already has it.
   */
  readonly incumbent?: Float64Array;
  /**
   * Called as the search goes: with each new best solution, and every so often with the bound.
   * It runs inside the search, so it must be quick; it must not throw.
   */
  readonly onProgress?: (update: SolverProgress) => void;
}

/** What a backend reports while it searches. */
export interface SolverProgress {
  /** A proven lower bound on the optimum (minimisation, objective offset included); null when none is known yet. */
  readonly bound: number | null;
  /** A new best solution, when this update brings one: values by variable index and their objective. */
  readonly incumbent?: { readonly values: Float64Array; readonly objective: number };
}

export type SolverStatus = "optimal" | "feasible" | "infeasible" | "timedout";

export interface SolverResult {
  readonly status: SolverStatus;
  /** Value of each variable by index (length = model.variables.length); null without a solution. */
  readonly values: Float64Array | null;
  /** Objective of `values` under the model's objective; null without a solution. */
  readonly objective: number | null;
  /** A proven lower bound on the optimum (minimisation); null when none is known. */
  readonly bound: number | null;
  readonly solveMs: number;
}

export interface Solver {
  readonly name: string;
  solve(model: LinearModel, options: SolverOptions): SolverResult;
}
