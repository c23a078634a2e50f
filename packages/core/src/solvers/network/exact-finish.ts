/**
 * Closing the gap on small cohorts: the exact MIP backend (model/ + solvers/jslp/) on the time
 * left, when its model is small enough for jslp's dense tableau. The caller keeps its own
 * incumbent when this does not improve on it, and the better of the two bounds.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import { planObjective, type TraineeChoice } from "../../domain/cost.js";
import { buildModel } from "../../model/build-model.js";
import { decodeChoices } from "../../model/decode.js";
import { jslpSolver } from "../jslp/jslp-solver.js";
import { mustStop, type StopSignal } from "../stop.js";
import type { NetworkProblem } from "./problem.js";

/** Largest model (variables) handed to jslp. */
export const EXACT_FINISH_VARIABLES = 20_000;

export interface FinishResult {
  readonly status: "optimal" | "feasible" | "infeasible" | "timedout";
  readonly choices: TraineeChoice[] | null;
  readonly objective: number | null;
  readonly bound: number | null;
}

/** Whether the cohort may be small enough for the exact finish (a cheap estimate, no model built). */
export function finishable(problem: NetworkProblem): boolean {
  return estimateModelVariables(problem) <= 2 * EXACT_FINISH_VARIABLES;
}

/** null when the model is too large. */
export function exactFinish(problem: NetworkProblem, deadline: number, signal?: StopSignal): FinishResult | null {
  if (!finishable(problem)) return null;
  const index: CohortIndex = problem.index;
  const built = buildModel(index, { fairness: true });
  if (built.model.variables.length > EXACT_FINISH_VARIABLES) return null;
  if (mustStop(deadline, signal)) return null;
  const result = jslpSolver.solve(built.model, { deadline, signal });
  if (result.values === null) return { status: result.status, choices: null, objective: null, bound: result.bound };
  const choices = decodeChoices(built, result.values);
  const objective = planObjective(index, choices);
  return { status: result.status, choices, objective, bound: result.status === "optimal" ? objective : result.bound };
}

/**
 * Roughly the MIP model's variables, without building it: (host, away member) pairs per period,
 * supervisors and mentors.
 */
export function estimateModelVariables(problem: NetworkProblem): number {
  let away = 0;
  for (let m = 0; m < problem.memberCount; m++) if ((problem.awayCap[m] as number) > 0) away++;
  let total = 0;
  for (const td of problem.trainees) {
    const hosts = td.hosts.length;
    total += (hosts > 1 ? hosts * (1 + problem.periods * away) : problem.periods * away) + problem.mentors.count;
  }
  return total;
}
