/**
 * The cohort-level contract both backends implement (jslp/backend.ts, network/backend.ts).
 * The facade (plan.ts) validates, chooses a backend, runs it, and turns its answer into a
 * verified plan; each backend owns its model, its decoding and its stages. A backend answers
 * with each trainee's choice, in the cohort's ids, never with solver values.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import type { TraineeChoice } from "../domain/cost.js";
import type { StopSignal } from "./stop.js";

export type BackendName = "jslp" | "network";

export interface BackendOptions {
  /** performance.now() value by which to answer: the facade's, passed down unchanged. */
  readonly deadline: number;
  /**
   * Checked wherever the deadline is (jslp: before every simplex pivot; network: every
   * iteration). An abort ends the solve as the deadline would: with the best plan so far.
   */
  readonly signal?: StopSignal;
  /** Called with each better plan and, every so often, with a better bound; it must be quick. */
  readonly onProgress?: (progress: BackendProgress) => void;
}

/** A report from a running backend. */
export interface BackendProgress {
  /**
   * A proven lower bound on the optimal objective; null when none is known (with
   * `allowUnassigned`, while the backend still looks for the most roles it can fill).
   */
  readonly bound: number | null;
  /** A better plan, when this report brings one: each trainee's choice, input order. */
  readonly incumbent?: readonly TraineeChoice[];
}

export interface BackendResult {
  /**
   * optimal: proven; feasible: a plan, optimality not proven; infeasible: proven that no plan
   * exists; timedout: no plan by the deadline (or before the abort).
   */
  readonly status: "optimal" | "feasible" | "infeasible" | "timedout";
  /** One per trainee, input order (people are person ids); null without a plan. */
  readonly choices: readonly TraineeChoice[] | null;
  /** A proven lower bound on the optimum; null when none is known. */
  readonly bound: number | null;
  readonly stats: BackendStats;
}

export interface BackendStats {
  /** The MIP model's size (0 for a backend that builds none). */
  readonly variables: number;
  readonly constraints: number;
  readonly solveMs: number;
}

export interface CohortBackend {
  readonly name: BackendName;
  /** Whether this backend can solve the cohort exactly: true, or the reason it cannot. */
  supports(index: CohortIndex): true | string;
  /** Solves a cohort it supports; never throws for a valid cohort. */
  solve(index: CohortIndex, options: BackendOptions): BackendResult;
}
