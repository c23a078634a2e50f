/**
 * From a staged solve's values to a plan, as the facade assembles one (plan.ts): dated
 * placements, each trainee's cost, the objective summed in a fixed order, the bound, and under
 * allowUnassigned the empty roles with their reasons. Also the options every entry point of
 * this folder shares, completed and checked like solveCohort's.
 */
import type { CohortIndex } from "../domain/cohort-index.js";
import { objectiveOfAssignments, type TraineeChoice } from "../domain/cost.js";
import { PLAN_FORMAT, type DiagnosisItem, type InfeasiblePlan, type SolvedPlan, type TimedOutPlan } from "../domain/schema.js";
import { diagnoseInfeasible } from "../diagnose/diagnose.js";
import type { BuiltModel } from "../model/build-model.js";
import { PlanVerificationError } from "../plan.js";
import { planExtras } from "../result/extras.js";
import { toAssignments } from "../result/decode.js";
import { listUnassigned } from "../result/unassigned.js";
import { verifyPlan } from "../result/verify.js";
import { jslpSolver } from "../solvers/jslp/jslp-solver.js";
import type { StagedResult } from "./lexicographic.js";

/** The relaxed diagnosis of an infeasible re-plan runs only on models up to this size (as "auto" picks jslp). */
const DIAGNOSE_VARIABLES = 4_000;

export function solvedPlan(index: CohortIndex, built: BuiltModel, choices: readonly TraineeChoice[], staged: StagedResult, started: number): SolvedPlan {
  const assignments = toAssignments(index, choices);
  const objective = objectiveOfAssignments(index, assignments);
  const status = staged.status === "optimal" ? "optimal" : "feasible";
  // A feasible plan always carries a numeric bound: 0 when none is proven (no cost term is negative).
  const bound = status === "optimal" ? objective : Math.min(staged.costBound ?? 0, objective);
  return {
    format: PLAN_FORMAT,
    status,
    objective,
    bound,
    assignments,
    unassigned: index.cohort.rules.allowUnassigned ? listUnassigned(index, built.candidates, choices) : [],
    diagnosis: [],
    ...planExtras(index, choices),
    stats: statsOf(staged, started),
  };
}

/** The answer without a plan: infeasible with its diagnosis, or timed out. */
export function planWithout(
  index: CohortIndex,
  staged: StagedResult,
  deadline: number,
  started: number,
  /** For the network re-plan (it builds no model): its stats say "network", and `relax` whether the relaxed diagnosis may run. */
  network?: { readonly relax: boolean },
): InfeasiblePlan | TimedOutPlan {
  const stats = statsOf(staged, started, network === undefined ? "jslp" : "network");
  if (staged.status === "infeasible") {
    const relax = network === undefined ? staged.variables <= DIAGNOSE_VARIABLES : network.relax;
    const items: DiagnosisItem[] = diagnoseInfeasible(index, { relax, solver: jslpSolver, deadline });
    const [first, ...rest] = items;
    if (first !== undefined) {
      return { format: PLAN_FORMAT, status: "infeasible", objective: null, bound: null, assignments: [], unassigned: [], diagnosis: [first, ...rest], ...planExtras(index, null), stats: { ...stats, totalMs: performance.now() - started } };
    }
  }
  return { format: PLAN_FORMAT, status: "timedout", objective: null, bound: null, assignments: [], unassigned: [], diagnosis: [], ...planExtras(index, null), stats };
}

export function statsOf(staged: Pick<StagedResult, "solveMs" | "variables" | "constraints">, started: number, backend = "jslp"): NonNullable<SolvedPlan["stats"]> {
  return { backend, solveMs: staged.solveMs, totalMs: performance.now() - started, variables: staged.variables, constraints: staged.constraints };
}

/** Every plan leaves only verified: a plan that fails is a bug in rotamatch, thrown as the facade throws it. */
export function mustVerify(index: CohortIndex, plan: SolvedPlan): void {
  const verdict = verifyPlan(index, plan);
  if (!verdict.ok) throw new PlanVerificationError(verdict.violations);
}

export interface CommonOptions {
  /** Wall-clock budget in milliseconds for the whole answer (default 60 000). */
  readonly timeLimitMs?: number;
  /** Ends the work early, as the time limit would. */
  readonly signal?: AbortSignal;
}

/** The deadline of a call, or what is wrong with its options (a programming error, thrown as solveCohort throws it). */
export function deadlineOf(options: CommonOptions, started: number): number {
  const limit = options.timeLimitMs ?? 60_000;
  if (typeof limit !== "number" || !(limit > 0)) throw new TypeError("timeLimitMs must be a positive number");
  const signal: unknown = options.signal;
  if (signal !== undefined && typeof (signal as { aborted?: unknown } | null)?.aborted !== "boolean") throw new TypeError("signal must be an AbortSignal");
  return started + limit;
}
