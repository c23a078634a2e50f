/**
 * The exact backend behind the cohort-level contract (../backend.ts): it builds the MIP model
 * (model/), solves it with our branch-and-bound over javascript-lp-solver's simplex
 * (jslp-solver.ts), and decodes the values into each trainee's choice. With `allowUnassigned`
 * it runs two stages: first the most roles filled, then the least cost among the plans that
 * fill that many.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { TraineeChoice } from "../../domain/cost.js";
import { buildModel, fillObjective, withMinimumFilled, type BuiltModel } from "../../model/build-model.js";
import { decodeChoices } from "../../model/decode.js";
import type { BackendOptions, BackendResult, CohortBackend } from "../backend.js";
import type { SolverOptions, SolverResult } from "../solver.js";
import { jslpSolver } from "./jslp-solver.js";

export const jslpBackend: CohortBackend = {
  name: "jslp",
  // Every valid cohort: the model states every rule of the contract.
  supports: () => true,
  solve(index: CohortIndex, options: BackendOptions): BackendResult {
    const built = buildModel(index);
    const solved = index.cohort.rules.allowUnassigned ? solveLexicographic(built, options) : solveOnce(built, options);
    return {
      status: solved.status,
      choices: toChoices(built, solved.values),
      bound: solved.bound,
      stats: { variables: built.model.variables.length, constraints: built.model.constraints.length, solveMs: solved.solveMs },
    };
  },
};

interface Solved {
  readonly status: BackendResult["status"];
  readonly values: Float64Array | null;
  readonly bound: number | null;
  readonly solveMs: number;
}

function toChoices(built: BuiltModel, values: Float64Array | null): TraineeChoice[] | null {
  return values === null ? null : decodeChoices(built, values);
}

/**
 * The solver options of one stage. The first stage of allowUnassigned bounds the number of
 * roles filled, not the cost: its reports carry plans but no bound.
 */
function stage(built: BuiltModel, options: BackendOptions, kind: "fill" | "cost"): SolverOptions {
  const report = options.onProgress;
  return {
    deadline: options.deadline,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(report === undefined
      ? {}
      : {
          onProgress: (u) => {
            const bound = kind === "cost" ? u.bound : null;
            report(u.incumbent === undefined ? { bound } : { bound, incumbent: decodeChoices(built, u.incumbent.values) });
          },
        }),
  };
}

function solveOnce(built: BuiltModel, options: BackendOptions): Solved {
  const r = jslpSolver.solve(built.model, stage(built, options, "cost"));
  return { status: r.status, values: r.values, bound: r.bound, solveMs: r.solveMs };
}

/**
 * allowUnassigned: first the most filled roles, then the least cost among plans that fill
 * that many. When the second stage finds nothing in time, the first stage's plan is kept.
 */
function solveLexicographic(built: BuiltModel, options: BackendOptions): Solved {
  const fill: SolverResult = jslpSolver.solve(fillObjective(built.model), stage(built, options, "fill"));
  if (fill.values === null || fill.objective === null) return { status: fill.status, values: null, bound: null, solveMs: fill.solveMs };
  const filled = Math.round(-fill.objective);
  const cost = jslpSolver.solve(withMinimumFilled(built.model, filled), stage(built, options, "cost"));
  const solveMs = fill.solveMs + cost.solveMs;
  if (cost.values !== null) {
    const proven = fill.status === "optimal" && cost.status === "optimal";
    return { status: proven ? "optimal" : "feasible", values: cost.values, bound: cost.bound, solveMs };
  }
  return { status: "feasible", values: fill.values, bound: null, solveMs };
}
