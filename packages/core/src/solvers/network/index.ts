/**
 * The network backend: a solver that exploits the cohort's structure instead of building the
 * MIP. See docs/network.md for the algorithm and its exactness arguments.
 *
 * - Hosts fixed (given, pinned, or the only candidate) and mentors outside the host only: the
 *   problem splits into three independent transportation problems (supervisors, away places,
 *   mentors), each solved exactly by min-cost flow (decomposition.ts): status optimal.
 * - Otherwise: Lagrangian relaxation with a repair heuristic (lagrangian.ts), giving a plan and
 *   a proven bound. When the search stalls, reduced-cost fixing (config-mip.ts) can prove the
 *   optimum; on small cohorts the exact MIP backend gets the rest of the time (exact-finish.ts).
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import { costOfChoice, totalCost, type TraineeChoice } from "../../domain/cost.js";
import { configFinish, type ConfigFinish } from "./config-mip.js";
import { decomposable, solveDecomposed } from "./decomposition.js";
import { estimateModelVariables, exactFinish, finishable } from "./exact-finish.js";
import { lagrangianSearch } from "./lagrangian.js";
import { Neighbours } from "./neighbours.js";
import { toChoices, type PlanArrays } from "./plan-arrays.js";
import { compileProblem, type NetworkProblem } from "./problem.js";
import { mustStop, type StopSignal } from "../stop.js";

/** Share of the time the Lagrangian search gets when the exact finish may follow. */
const SEARCH_SHARE = 0.25;
/** Iterations without progress after which the search stops: alone, and before the exact finish. */
const STALL = 300;
const STALL_BEFORE_FINISH = 60;

export interface NetworkProgress {
  readonly bound: number | null;
  readonly incumbent?: readonly TraineeChoice[];
  readonly objective?: number;
}

export interface NetworkOptions {
  /** performance.now() value by which to answer. */
  readonly deadline: number;
  /**
   * Checked with the deadline (per iteration of the search, and by the exact finishes): an
   * abort ends the solve as the deadline would, with the best plan so far.
   */
  readonly signal?: StopSignal;
  /** Called when a better plan is found (choices) or the bound improves; cheap to call. */
  readonly onProgress?: (update: NetworkProgress) => void;
  /**
   * Whether the exact finishes may run when the gap is still open: reduced-cost fixing when the
   * search stalls, and the exact MIP backend on small cohorts (default true). Tests turn them
   * off to check the search on its own.
   */
  readonly exactFinish?: boolean;
}

export interface NetworkStats {
  /** "decomposition", "lagrangian", "lagrangian+configurations" or "lagrangian+jslp". */
  readonly method: string;
  /** Dual iterations of the Lagrangian search (0 for the decomposition). */
  readonly iterations: number;
  readonly repairs: number;
  /** Trainee × host subproblem evaluations. */
  readonly evaluations: number;
  readonly ms: number;
}

export interface NetworkResult {
  /**
   * optimal: proven (gap closed); feasible: a plan with a bound; timedout: no plan found in
   * time; infeasible: proven that no plan exists.
   */
  readonly status: "optimal" | "feasible" | "infeasible" | "timedout";
  /** One per trainee, input order; people are person ids. */
  readonly choices: readonly TraineeChoice[] | null;
  /** Σ totalCost(costOfChoice(...)) of the choices. */
  readonly objective: number | null;
  /** A proven lower bound on the optimum. */
  readonly bound: number | null;
  readonly stats: NetworkStats;
}

/**
 * Whether this backend handles the cohort: true, or the reason it does not. With
 * allowUnassigned ("fill the most roles, then the least cost") only the decomposition is
 * exact, so such cohorts need every host fixed and mentors outside the host only.
 */
export function networkSupports(index: CohortIndex): true | string {
  if (!index.cohort.rules.allowUnassigned) return true;
  const reason = decomposable(problemOf(index));
  return reason === true ? true : `allowUnassigned is supported only when ${reason}`;
}

/** What the facade's "auto" choice asks of this backend, from the one compiled problem. */
export interface NetworkEstimate {
  /** Whether the exact decomposition applies (hosts fixed, mentors outside the host only). */
  readonly decomposable: boolean;
  /** Roughly the variables of the MIP model of the same cohort (not built). */
  readonly modelVariables: number;
}

export function estimateNetwork(index: CohortIndex): NetworkEstimate {
  const problem = problemOf(index);
  return { decomposable: decomposable(problem) === true, modelVariables: estimateModelVariables(problem) };
}

/**
 * The problem is compiled once per index: choosing the backend, checking support and solving
 * all read the same one. A WeakMap, so that it goes with its index.
 */
const compiled = new WeakMap<CohortIndex, NetworkProblem>();

function problemOf(index: CohortIndex): NetworkProblem {
  let problem = compiled.get(index);
  if (problem === undefined) {
    problem = compileProblem(index);
    compiled.set(index, problem);
  }
  return problem;
}

export function solveNetwork(index: CohortIndex, options: NetworkOptions): NetworkResult {
  const started = performance.now();
  const problem = problemOf(index);
  const neighbours = new Neighbours(problem);
  const stats = (method: string, iterations = 0, repairs = 0, evaluations = 0): NetworkStats => ({
    method,
    iterations,
    repairs,
    evaluations,
    ms: performance.now() - started,
  });

  if (decomposable(problem) === true) {
    const outcome = solveDecomposed(problem, neighbours, options.deadline);
    if (outcome.status !== "optimal") {
      return { status: outcome.status, choices: null, objective: null, bound: null, stats: stats("decomposition") };
    }
    const { choices, objective } = finalChoices(problem, outcome.plan);
    options.onProgress?.({ bound: objective, incumbent: choices, objective });
    return { status: "optimal", choices, objective, bound: objective, stats: stats("decomposition") };
  }
  if (problem.allowUnassigned) throw new RangeError(`the network backend does not support this cohort: ${networkSupports(index)}`);

  // A cohort the exact finish can take leaves it most of the time, and the search gives up
  // sooner when it stops making progress.
  const finishing = options.exactFinish !== false && finishable(problem);
  // Reduced-cost fixing (config-mip.ts) is tried whenever the search stalls.
  let configured: ConfigFinish | null = null;
  const search = lagrangianSearch(problem, neighbours, {
    deadline: finishing ? performance.now() + SEARCH_SHARE * (options.deadline - performance.now()) : options.deadline,
    signal: options.signal,
    stallIterations: finishing ? STALL_BEFORE_FINISH : STALL,
    onProgress: (progress) => {
      if (options.onProgress === undefined) return;
      if (progress.incumbent === undefined) options.onProgress({ bound: progress.bound });
      else {
        const { choices, objective } = finalChoices(problem, progress.incumbent);
        options.onProgress({ bound: progress.bound === null ? null : Math.min(progress.bound, objective), incumbent: choices, objective });
      }
    },
    onStall:
      options.exactFinish === false
        ? undefined
        : (incumbent, objective, multipliers) => {
            const left = options.deadline - performance.now();
            const finish = configFinish(problem, neighbours, multipliers, { plan: incumbent, objective }, performance.now() + left / 2, options.signal);
            if (finish === null) return false;
            configured = finish;
            return finish.status === "optimal";
          },
  });
  const searchStats = (method: string) => stats(method, search.iterations, search.repairs, search.evaluations);
  if (!search.feasible) return { status: "infeasible", choices: null, objective: null, bound: null, stats: searchStats("lagrangian") };

  let plan: { choices: TraineeChoice[]; objective: number } | null = search.incumbent === null ? null : finalChoices(problem, search.incumbent);
  let bound = search.bound;
  let proven = search.closed && plan !== null;
  let method = "lagrangian";
  const finished = configured as ConfigFinish | null;
  if (finished !== null) {
    method = "lagrangian+configurations";
    if (plan === null || finished.objective < plan.objective) plan = finalChoices(problem, finished.plan);
    bound = bound === null ? finished.bound : Math.max(bound, finished.bound);
    proven ||= finished.status === "optimal";
  }
  if (!proven && finishing && !mustStop(options.deadline, options.signal)) {
    const finish = exactFinish(problem, options.deadline, options.signal);
    if (finish !== null) {
      method = "lagrangian+jslp";
      if (finish.status === "infeasible") return { status: "infeasible", choices: null, objective: null, bound: null, stats: searchStats(method) };
      if (finish.bound !== null) bound = bound === null ? finish.bound : Math.max(bound, finish.bound);
      if (finish.choices !== null && (plan === null || (finish.objective as number) < plan.objective)) {
        plan = { choices: finish.choices, objective: finish.objective as number };
      }
      if (finish.status === "optimal") proven = true;
    }
  }
  if (plan === null) return { status: "timedout", choices: null, objective: null, bound, stats: searchStats(method) };
  const closed = proven || (bound !== null && plan.objective - bound <= 1e-9 * Math.max(1, Math.abs(plan.objective)));
  return {
    status: closed ? "optimal" : "feasible",
    choices: plan.choices,
    objective: plan.objective,
    bound: closed ? plan.objective : bound === null ? null : Math.min(bound, plan.objective),
    stats: searchStats(method),
  };
}

/** The plan as choices, with its objective recomputed term by term as the facade does. */
function finalChoices(problem: NetworkProblem, plan: PlanArrays): { choices: TraineeChoice[]; objective: number } {
  const choices = toChoices(problem, plan);
  let objective = 0;
  problem.trainees.forEach((td, t) => (objective += totalCost(costOfChoice(problem.index, td.trainee, choices[t] as TraineeChoice))));
  return { choices, objective };
}
