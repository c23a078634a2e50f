/**
 * What a runner answers, and the one way a generic solver's values become an answer: checked
 * against every row of the model and priced with the model's own objective, so that every
 * solver's objective is computed the same way.
 */
import type { LinearModel } from "../../../packages/core/src/model/linear-model.js";
import { checkSolution, objectiveOf, questionOf } from "../model.js";
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
  emptyRoles: null,
  solveMs,
  verified: null,
  error: null,
});

/** A run that ended with an error (or out of memory), with its message. */
export const failedAnswer = (message: string, status: "error" | "memory" = "error", verified: boolean | null = null): Answer => ({
  status,
  objective: null,
  bound: null,
  emptyRoles: null,
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
  emptyRoles: number | null = null,
): Answer {
  if (!checkSolution(model, values)) {
    return failedAnswer("the values returned break a row or a bound of the model", "error", false);
  }
  const objective = objectiveOf(model, values);
  const proven = status === "optimal" ? objective : bound === null || !Number.isFinite(bound) ? null : Math.min(bound, objective);
  return { status, objective, bound: proven, emptyRoles, solveMs, verified: true, error: null };
}

/** A generic MIP solver's answer on one model, within `deadline` (a performance.now() time). */
export interface MipAnswer {
  readonly status: "optimal" | "feasible" | "timedout" | "infeasible";
  /** The variables' values (integers rounded); null without a solution. */
  readonly values: Float64Array | null;
  /** The solver's proven lower bound, when it gives one. */
  readonly bound: number | null;
  readonly solveMs: number;
}
export type MipSolve = (model: LinearModel, deadline: number) => MipAnswer;

/**
 * A runner from a generic MIP solver: one model, or with `allowUnassigned` the fill stage and
 * then the cost stage (see model.ts), like rotamatch's exact backend. The run is optimal only
 * when both stages are; when the second stage finds nothing in time, the first stage's plan is
 * the answer, without a bound.
 */
export function genericRunner(solve: MipSolve): Runner {
  return (cohort, deadline) => {
    const question = questionOf(cohort);
    if (question.kind === "single") {
      const a = solve(question.model, deadline);
      if (a.values === null || a.status === "timedout" || a.status === "infeasible") {
        return () => noPlan(a.status === "infeasible" ? "infeasible" : "timedout", a.solveMs, a.bound);
      }
      const values = a.values;
      return () => planFromValues(question.model, values, a.status === "optimal" ? "optimal" : "feasible", a.bound, a.solveMs);
    }
    const fill = solve(question.fill, deadline);
    if (fill.values === null || fill.status === "timedout" || fill.status === "infeasible") {
      return () => noPlan(fill.status === "infeasible" ? "infeasible" : "timedout", fill.solveMs);
    }
    const fillValues = fill.values;
    const filled = Math.round(-objectiveOf(question.fill, fillValues));
    const empty = question.roles - filled;
    if (fill.status !== "optimal") return () => planFromValues(question.model, fillValues, "feasible", null, fill.solveMs, empty);
    const costModel = question.cost(filled);
    const cost = solve(costModel, deadline);
    const solveMs = fill.solveMs + cost.solveMs;
    if (cost.values === null || cost.status === "timedout" || cost.status === "infeasible") {
      return () => planFromValues(question.model, fillValues, "feasible", null, solveMs, empty);
    }
    const costValues = cost.values;
    return () => planFromValues(costModel, costValues, cost.status === "optimal" ? "optimal" : "feasible", cost.bound, solveMs, empty);
  };
}

/** Milliseconds left until the deadline, at least 1. */
export const remainingMs = (deadline: number): number => Math.max(1, deadline - performance.now());
