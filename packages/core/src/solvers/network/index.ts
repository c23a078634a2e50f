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
import { planObjective, type TraineeChoice } from "../../domain/cost.js";
import { configFinish, type ConfigFinish } from "./config-mip.js";
import { decomposable, solveDecomposed } from "./decomposition.js";
import { estimateModelVariables, exactFinish, finishable } from "./exact-finish.js";
import { lagrangianSearch } from "./lagrangian.js";
import { Neighbours } from "./neighbours.js";
import { toChoices, type PlanArrays } from "./plan-arrays.js";
import { compileProblem, withFreeRoles, type NetworkProblem } from "./problem.js";
import { mustStop, type StopSignal } from "../stop.js";
import { jslpBackend } from "../jslp/backend.js";
import { allRoles, betterFill, fillBound, fillPlan, filledRoles, projectPlan, roleCounts } from "./unassigned.js";

/** Share of the time the Lagrangian search gets when the exact finish may follow. */
const SEARCH_SHARE = 0.25;
/** Iterations without progress after which the search stops: alone, and before the exact finish. */
const STALL = 300;
const STALL_BEFORE_FINISH = 60;
/**
 * allowUnassigned: the price of a virtual supervisor or mentor class (withFreeRoles) in the
 * search that bounds the cost stage. Any price gives a valid bound; a higher one keeps the
 * search's plans on the real classes, a lower one loses less to the relaxation.
 */
const FREE_ROLE_PRICE = 20;
/** How much more, in the projection of such a search's plan, a host other than the plan's costs. */
const KEEP_BONUS = 50;

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
  /**
   * A proven lower bound on the optimum. With allowUnassigned: on the cost of the plans that fill
   * the most roles, so null until the fill is proven (`fill`).
   */
  readonly bound: number | null;
  /** With allowUnassigned: the roles the plan fills, and a proven upper bound on any plan's. */
  readonly fill?: { readonly filled: number; readonly bound: number };
  readonly stats: NetworkStats;
}

/**
 * Whether this backend handles the cohort: true, or the reason it does not. Every valid cohort
 * is handled: with allowUnassigned ("fill the most roles, then the least cost") the
 * decomposition is exact when hosts are fixed, and otherwise unassigned.ts gives a plan at
 * once with a valid bound on each stage (filled roles, then cost), closed by the exact finish
 * on small cohorts.
 */
export function networkSupports(_index: CohortIndex): true | string {
  return true;
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
    // Under allowUnassigned a plan always comes back, as in solveUnassigned: its flows are the
    // first plan there, and the facade's fallback (the greedy on the MIP model) ran out of a
    // 2 GB heap at 5,000 trainees when a short limit stopped them.
    const outcome = solveDecomposed(problem, neighbours, problem.allowUnassigned ? Number.POSITIVE_INFINITY : options.deadline);
    if (outcome.status !== "optimal") {
      return { status: outcome.status, choices: null, objective: null, bound: null, stats: stats("decomposition") };
    }
    const { choices, objective } = finalChoices(problem, outcome.plan);
    // Only allowUnassigned with reciprocity weighted can leave a gap here (decomposition.ts).
    const bound = outcome.bound === undefined ? objective : Math.min(outcome.bound, objective);
    const closed = objective - bound <= 1e-9 * Math.max(1, Math.abs(objective));
    options.onProgress?.({ bound: closed ? objective : bound, incumbent: choices, objective });
    return { status: closed ? "optimal" : "feasible", choices, objective, bound: closed ? objective : bound, stats: stats("decomposition") };
  }
  if (problem.allowUnassigned) return solveUnassigned(problem, neighbours, options, stats);

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
  return { choices, objective: planObjective(problem.index, choices) };
}

/**
 * allowUnassigned beyond the decomposition (unassigned.ts): the flow plan first, then the fill
 * bound and, once the fill is proven, the cost bound. When every role may be filled, the
 * Lagrangian search looks for full plans (its bound holds for them, the plans that then fill
 * the most); when only supervisors or mentors are short, it runs on the problem with those
 * roles made free, for a cost bound and plans to bring back. On small cohorts the exact
 * backend's two stages get the time left. A plan always comes back: the first one is built
 * without a deadline (a few flows), since under allowUnassigned a plan always exists.
 */
function solveUnassigned(
  problem: NetworkProblem,
  neighbours: Neighbours,
  options: NetworkOptions,
  stats: (method: string, iterations?: number, repairs?: number, evaluations?: number) => NetworkStats,
): NetworkResult {
  const first = fillPlan(problem, neighbours, Number.POSITIVE_INFINITY);
  if (first.status === "infeasible") return { status: "infeasible", choices: null, objective: null, bound: null, stats: stats("flows") };
  if (first.status === "timedout") throw new Error("unreachable: the first plan has no deadline");
  let method = "flows";
  let plan = finalChoices(problem, first.plan);
  let filled = filledRoles(problem, first.plan);
  /** A lower bound on the cost of the plans that fill the most roles; null while the fill is not proven. */
  let bound: number | null = null;
  const report = () => options.onProgress?.({ bound: bound === null ? null : Math.min(bound, plan.objective), incumbent: plan.choices, objective: plan.objective });
  report();
  // The bounds come after the first plan is out; at the deadline, only the trivial fill bound.
  const bounds = fillBound(problem, neighbours, options.deadline);
  let mostRoles = bounds === null ? allRoles(problem) : bounds.roles;
  const fillProven = () => filled >= mostRoles;
  if (bounds !== null && fillProven()) {
    bound = bounds.cost;
    report();
  }
  let proven = false;
  const closed = () => proven || (fillProven() && bound !== null && plan.objective - bound <= 1e-9 * Math.max(1, Math.abs(plan.objective)));
  let iterations = 0;
  let repairs = 0;
  let evaluations = 0;

  const finishing = options.exactFinish !== false && finishable(problem);
  if (!closed() && mostRoles === allRoles(problem) && !mustStop(options.deadline, options.signal)) {
    // A full plan may exist: the search's plans are full, its bound holds for full plans.
    method = "flows+lagrangian";
    const search = lagrangianSearch(problem, neighbours, {
      deadline: finishing ? performance.now() + SEARCH_SHARE * (options.deadline - performance.now()) : options.deadline,
      signal: options.signal,
      stallIterations: finishing ? STALL_BEFORE_FINISH : STALL,
      onProgress: (progress) => {
        if (progress.incumbent !== undefined && betterFill(allRoles(problem), progress.objective as number, filled, plan.objective)) {
          plan = finalChoices(problem, progress.incumbent);
          filled = allRoles(problem);
          report();
        }
      },
    });
    iterations = search.iterations;
    repairs = search.repairs;
    evaluations = search.evaluations;
    // The search proves that no full plan exists when hosts and supervisors cannot all be given.
    if (!search.feasible) mostRoles = allRoles(problem) - 1;
    if (search.incumbent !== null && betterFill(allRoles(problem), search.objective as number, filled, plan.objective)) {
      plan = finalChoices(problem, search.incumbent);
      filled = allRoles(problem);
    }
    if (fillProven() && search.bound !== null) bound = bound === null ? search.bound : Math.max(bound, search.bound);
    if (fillProven() && search.closed) proven = true;
  }
  const counts = roleCounts(first.plan);
  const T = problem.trainees.length;
  // When the plan reaches the per-type fill bound, every plan that fills as many fills each
  // role type as often as this one (unassigned.ts); a fill proven otherwise says nothing of types.
  const typesKnown = bounds !== null && filled >= bounds.roles;
  const onlyPeopleShort = counts.hosted === T && counts.away === problem.periods * T && counts.supervised + counts.mentored < 2 * T;
  if (!closed() && typesKnown && onlyPeopleShort && !mustStop(options.deadline, options.signal)) {
    // Every plan that fills the most roles hosts everyone and fills every away period: with
    // the short roles made free (withFreeRoles), the Lagrangian search bounds the cost stage,
    // and its plans, brought back (projectPlan), improve on the first one when they fill as many.
    method = "flows+lagrangian(free roles)";
    const price = FREE_ROLE_PRICE;
    const relaxedProblem = withFreeRoles(problem, { supervisors: counts.supervised < T, mentors: counts.mentored < T }, price);
    /** What the virtual classes add to every plan that fills the most roles. */
    const shift = price * (2 * T - counts.supervised - counts.mentored);
    const consider = (arrays: PlanArrays): void => {
      const projected = projectPlan(problem, neighbours, arrays, KEEP_BONUS, options.deadline);
      if (projected === null || filledRoles(problem, projected) !== filled) return;
      const candidate = finalChoices(problem, projected);
      if (betterFill(filled, candidate.objective, filled, plan.objective)) {
        plan = candidate;
        report();
      }
    };
    const search = lagrangianSearch(relaxedProblem, new Neighbours(relaxedProblem), {
      deadline: finishing ? performance.now() + SEARCH_SHARE * (options.deadline - performance.now()) : options.deadline,
      signal: options.signal,
      stallIterations: finishing ? STALL_BEFORE_FINISH : STALL,
      onProgress: (progress) => {
        if (progress.incumbent !== undefined) consider(progress.incumbent);
        else if (progress.bound !== null && (bound === null || progress.bound - shift > bound)) {
          bound = progress.bound - shift;
          report();
        }
      },
    });
    iterations = search.iterations;
    repairs = search.repairs;
    evaluations = search.evaluations;
    if (search.incumbent !== null) consider(search.incumbent);
    if (search.bound !== null) bound = bound === null ? search.bound - shift : Math.max(bound, search.bound - shift);
  }
  if (!closed() && finishing && !mustStop(options.deadline, options.signal)) {
    // The exact backend's own two stages (most roles, then least cost).
    method += "+jslp";
    const finish = jslpBackend.solve(problem.index, { deadline: options.deadline, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    if (finish.choices !== null) {
      const choices = finish.choices;
      const objective = planObjective(problem.index, choices);
      let count = 0;
      problem.trainees.forEach((_, t) => {
        const choice = choices[t] as TraineeChoice;
        count += (choice.host === null ? 0 : 1) + choice.away.filter((m) => m !== null).length + (choice.supervisor === null ? 0 : 1) + (choice.mentor === null ? 0 : 1);
      });
      if (finish.status === "optimal" || betterFill(count, objective, filled, plan.objective)) {
        plan = { choices: [...choices], objective };
        filled = count;
      }
      if (finish.status === "optimal") {
        // Proven lexicographic optimum: its fill is the most any plan fills.
        proven = true;
        bound = objective;
      }
    }
  }
  const done = closed();
  const fill = { filled, bound: done ? filled : mostRoles };
  return {
    status: done ? "optimal" : "feasible",
    choices: plan.choices,
    objective: plan.objective,
    bound: done ? plan.objective : bound === null ? null : Math.min(bound, plan.objective),
    fill,
    stats: stats(method, iterations, repairs, evaluations),
  };
}
