/**
 * What a runner answers, and the one way a generic solver's values become an answer: checked
 * against every row of the model and priced with the model's own objective, so that every
 * solver's objective is computed the same way.
 */
import type { LinearModel } from "../../../packages/core/src/model/linear-model.js";
import { checkSolution, objectiveOf } from "../model.js";
import type { ChildReport } from "../solvers.js";

export type Answer = Omit<ChildReport, "ms" | "peakMb">;

/**
 * Runs one solver on a parsed cohort; the whole run must end by `deadline` (a performance.now()
 * time). It returns how to finish the answer: the checks and pricing of the solution, done
 * after the clock has stopped, so that no solver's time includes the suite's own checks.
 */
export type Runner = (cohort: unknown, deadline: number) => Finish;
export type Finish = () => Answer;

export const noPlan = (status: "timedout" | "infeasible", solveMs: number | null, bound: number | null = null): Answer => ({
  status,
  objective: null,
  bound,
  solveMs,
  verified: null,
  error: null,
});

/** A run that ended with an error (or out of memory), with its message. */
export const failedAnswer = (message: string, status: "error" | "memory" = "error", verified: boolean | null = null): Answer => ({
  status,
  objective: null,
  bound: null,
  solveMs: null,
  verified,
  error: message,
});

/** A plan from a generic solver's variable values; an error when they break a row or bound. */
export function planFromValues(
  model: LinearModel,
  values: Float64Array,
  status: "optimal" | "feasible",
  bound: number | null,
  solveMs: number,
): Answer {
  if (!checkSolution(model, values)) {
    return failedAnswer("the values returned break a row or a bound of the model", "error", false);
  }
  const objective = objectiveOf(model, values);
  const proven = status === "optimal" ? objective : bound === null || !Number.isFinite(bound) ? null : Math.min(bound, objective);
  return { status, objective, bound: proven, solveMs, verified: true, error: null };
}

/** Milliseconds left until the deadline, at least 1. */
export const remainingMs = (deadline: number): number => Math.max(1, deadline - performance.now());
