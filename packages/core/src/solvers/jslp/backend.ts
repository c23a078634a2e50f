/**
 * The exact backend behind the cohort-level contract (../backend.ts): it builds the MIP model
 * (model/), solves it with our branch-and-bound over javascript-lp-solver's simplex
 * (jslp-solver.ts), and decodes the values into each trainee's choice. With `allowUnassigned`
 * the answer is lexicographic: first the most roles filled, then the least cost among the plans
 * that fill that many (solveLexicographic, below). The model carries the fairness terms
 * (model/constraints/fairness.ts), so its objective is the plan's; their variables fill no role
 * and are left out of every count of filled roles.
 */
import type { CohortIndex } from "../../domain/cohort-index.js";
import type { TraineeChoice } from "../../domain/cost.js";
import { buildModel, extendWithFairness, fillObjective, withMinimumFilled, withoutFairness, type BuiltModel } from "../../model/build-model.js";
import { decodeChoices } from "../../model/decode.js";
import type { BackendOptions, BackendResult, CohortBackend } from "../backend.js";
import type { SolverOptions } from "../solver.js";
import { mustStop } from "../stop.js";
import { fillUpperBound } from "../greedy/fill-bound.js";
import { greedyFill } from "../greedy/greedy-fill.js";
import { jslpSolver } from "./jslp-solver.js";

export const jslpBackend: CohortBackend = {
  name: "jslp",
  // Every valid cohort: the model states every rule of the contract.
  supports: () => true,
  solve(index: CohortIndex, options: BackendOptions): BackendResult {
    const built = buildModel(index, { fairness: true });
    const solved = index.cohort.rules.allowUnassigned ? solveLexicographic(index, built, options) : solveOnce(built, options);
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
 * The solver options of one stage. "cost": its bound is the answer's. "fill": it bounds the
 * number of roles filled, or the cost of plans that may fill fewer roles than the best, so its
 * reports carry plans but no bound. "cost-once-found": a cost stage at a count of filled roles
 * not yet known to be reachable; its bound holds for the answer once it has found a plan.
 */
function stage(built: BuiltModel, options: BackendOptions, kind: "fill" | "cost" | "cost-once-found"): SolverOptions {
  const report = options.onProgress;
  let found = false;
  return {
    deadline: options.deadline,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(report === undefined
      ? {}
      : {
          onProgress: (u) => {
            if (u.incumbent !== undefined) found = true;
            const bound = kind === "cost" || (kind === "cost-once-found" && found) ? u.bound : null;
            report(u.incumbent === undefined ? { bound } : { bound, incumbent: decodeChoices(built, u.incumbent.values) });
          },
        }),
  };
}

function solveOnce(built: BuiltModel, options: BackendOptions): Solved {
  if (built.fairness !== null) return solveWithFairness(built, options);
  const r = jslpSolver.solve(built.model, stage(built, options, "cost"));
  return { status: r.status, values: r.values, bound: r.bound, solveMs: r.solveMs };
}

/** Share of the time left that the role-only stage of solveWithFairness may use. */
const ROLE_STAGE_SHARE = 1 / 3;

/**
 * With fairness terms that couple choices (reciprocity, repeatMentorHost with chosen hosts), the
 * LP relaxation is much harder for jslp's simplex (reciprocity ties every trainee to every
 * other), and the first plan can come late. So first the model without those terms (the same
 * role variables and rows, withoutFairness) is solved on a third of the time: its plan, with
 * the fairness variables at their least cost, is a plan of the whole model and the search's
 * first incumbent; no plan there means none at all. Its optimum (or bound) plus the constant
 * fairness offset is a lower bound of the whole objective too, as the fairness terms cost at
 * least that offset; the better of the two bounds is kept.
 */
function solveWithFairness(built: BuiltModel, options: BackendOptions): Solved {
  const started = performance.now();
  const roleOnly = withoutFairness(built);
  const roleDeadline = Math.min(options.deadline, started + Math.max(1, (options.deadline - started) * ROLE_STAGE_SHARE));
  const role = jslpSolver.solve(roleOnly.model, { ...stage(built, options, "fill"), deadline: roleDeadline });
  if (role.status === "infeasible") return { status: "infeasible", values: null, bound: null, solveMs: performance.now() - started };
  const incumbent = role.values === null ? undefined : extendWithFairness(built, role.values);
  const r = jslpSolver.solve(built.model, { ...stage(built, options, "cost"), ...(incumbent === undefined ? {} : { incumbent }) });
  const solveMs = performance.now() - started;
  const roleBound = role.status === "optimal" ? role.objective : role.bound;
  const lower = roleBound === null ? null : roleBound + built.model.objectiveOffset;
  if (r.status === "optimal" || r.status === "infeasible") return { status: r.status, values: r.values, bound: r.bound, solveMs };
  const bound = r.bound === null ? lower : lower === null ? r.bound : Math.max(r.bound, lower);
  if (r.values !== null) return { status: "feasible", values: r.values, bound, solveMs };
  // Out of time before the whole model's search started: the role-only plan stands.
  if (incumbent !== undefined) return { status: "feasible", values: incumbent, bound, solveMs };
  return { status: "timedout", values: null, bound, solveMs };
}

/**
 * allowUnassigned: first the most filled roles, then the least cost among plans that fill
 * that many. Anytime: under this rule a plan exists whenever the pins fit, so a greedy plan
 * (greedy/greedy-fill.ts) is reported first, and it is the answer ("feasible", bound null) if
 * nothing better is found in time: never "timedout" when the greedy found one.
 *
 * The most roles filled lies between the greedy plan's count and a flow bound
 * (greedy/fill-bound.ts). Instead of maximising the filled roles (an LP so degenerate that
 * jslp's simplex takes thousands of pivots that move nothing: docs/model.md), it solves the
 * cost stage itself for the bound, then one role fewer, and so on: "at least F filled" with
 * the cost objective. A count no plan reaches is usually refuted by its LP alone; the first
 * count some plan reaches is the most (every higher one was refuted), so that stage's plans
 * and bound are the lexicographic ones. At the greedy's own count, the greedy plan is the
 * stage's first incumbent.
 */
function solveLexicographic(index: CohortIndex, built: BuiltModel, options: BackendOptions): Solved {
  const started = performance.now();
  // The greedy plan fills roles on the role variables' rows; the fairness variables then take their least cost.
  const roleGreedy = greedyFill(withoutFairness(built));
  if (roleGreedy === null) return solveFillThenCost(built, options);
  const greedy = extendWithFairness(built, roleGreedy);
  options.onProgress?.({ bound: null, incumbent: decodeChoices(built, greedy) });
  const floor = countOn(roleGreedy);
  const upper = fillUpperBound(built, built.candidates.hostPlacesLeft, (member) => index.memberById.get(member)?.awayCapacity ?? 0);
  for (let filled = upper; filled >= floor; filled--) {
    // Loading a model into jslp builds its dense tableau, which takes longer than a tiny budget.
    if (mustStop(options.deadline, options.signal)) break;
    // At the greedy's own count a plan is in hand, so the count is proven from the start.
    const atFloor = filled === floor;
    const r = jslpSolver.solve(withMinimumFilled(built.model, filled, built.roleVariables), {
      ...stage(built, options, atFloor ? "cost" : "cost-once-found"),
      ...(atFloor ? { incumbent: greedy } : {}),
    });
    if (r.status === "infeasible") continue;
    if (r.values === null) break; // out of time at this count: the greedy plan stands
    return { status: r.status === "optimal" ? "optimal" : "feasible", values: r.values, bound: r.bound, solveMs: performance.now() - started };
  }
  return { status: "feasible", values: greedy, bound: null, solveMs: performance.now() - started };
}

/**
 * Without a greedy plan (a pin it could not honour): maximise the filled roles, then minimise
 * the cost at that count. The second stage starts from the first's plan.
 */
function solveFillThenCost(built: BuiltModel, options: BackendOptions): Solved {
  const fill = jslpSolver.solve(fillObjective(built.model, built.roleVariables), stage(built, options, "fill"));
  if (fill.values === null || fill.objective === null) return { status: fill.status, values: null, bound: null, solveMs: fill.solveMs };
  const filled = Math.round(-fill.objective);
  const proven = fill.status === "optimal";
  const cost = jslpSolver.solve(withMinimumFilled(built.model, filled, built.roleVariables), { ...stage(built, options, proven ? "cost" : "fill"), incumbent: fill.values });
  const solveMs = fill.solveMs + cost.solveMs;
  if (cost.values !== null) {
    return { status: proven && cost.status === "optimal" ? "optimal" : "feasible", values: cost.values, bound: proven ? cost.bound : null, solveMs };
  }
  return { status: "feasible", values: fill.values, bound: null, solveMs };
}

/** How many variables are 1: the roles filled beyond the given hosts (role variables only). */
function countOn(values: Float64Array): number {
  let n = 0;
  for (const v of values) if (v > 0.5) n += 1;
  return n;
}
