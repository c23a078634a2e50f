/**
 * The facade: validate a cohort, pick a backend, solve, decode, verify, diagnose.
 *
 * Two backends: "jslp" builds the MIP model (model/) and solves it exactly with our
 * branch-and-bound over javascript-lp-solver's simplex; "network" exploits the structure
 * (min-cost flows, Lagrangian relaxation; solvers/network/) and scales to national networks.
 * "auto" picks by structure and size (see chooseBackend).
 *
 * No plan leaves this function without passing verifyPlan; a plan that fails it is a bug in
 * rotamatch, reported as a thrown PlanVerificationError, never returned.
 */
import type { CohortIndex } from "./domain/cohort-index.js";
import { totalCost, type TraineeChoice } from "./domain/cost.js";
import type { Issue } from "./domain/issues.js";
import { PLAN_FORMAT, type DiagnosisItem, type Plan, type PlanStatus } from "./domain/schema.js";
import { parseCohort } from "./domain/validate.js";
import { diagnoseInfeasible } from "./diagnose/diagnose.js";
import { buildModel, fillObjective, withMinimumFilled, type BuiltModel } from "./model/build-model.js";
import { buildCandidates, type Candidates } from "./model/candidates.js";
import { decodeChoices, toAssignments } from "./result/decode.js";
import { listUnassigned } from "./result/unassigned.js";
import { verifyPlan, type PlanViolation } from "./result/verify.js";
import { jslpSolver } from "./solvers/jslp/jslp-solver.js";
import { decomposable } from "./solvers/network/decomposition.js";
import { networkSupports, solveNetwork, type NetworkProgress } from "./solvers/network/index.js";
import { estimateModelVariables } from "./solvers/network/exact-finish.js";
import { compileProblem } from "./solvers/network/problem.js";
import type { Solver, SolverOptions, SolverResult } from "./solvers/solver.js";

export type Backend = "auto" | "jslp" | "network";
/** The backends `solveCohort` takes, "auto" first. */
export const BACKENDS = ["auto", "jslp", "network"] as const satisfies readonly Backend[];

/**
 * "auto" takes jslp when its MIP model has at most this many variables (estimated before it is
 * built): there jslp proves the optimum quickly and explains infeasibility with the smallest
 * capacity fix. Larger cohorts go to the network backend, whose own exact finish takes over
 * when its gap stays open on a model up to EXACT_FINISH_VARIABLES.
 */
export const AUTO_JSLP_VARIABLES = 4_000;

export interface SolveOptions {
  /** Wall-clock budget in milliseconds for the whole solve (default 60 000). */
  readonly timeLimitMs?: number;
  /**
   * Which backend to use (default "auto"): "jslp" (exact MIP), "network" (structure-exploiting,
   * for big networks), or "auto" to pick by structure and size. A cohort the network backend
   * cannot solve exactly (`allowUnassigned` with hosts to choose) is solved by jslp either way.
   */
  readonly backend?: Backend;
  /** Whether to explain an infeasible cohort with a relaxed solve (default true). */
  readonly diagnose?: boolean;
  /**
   * Called while the solver searches: with every better plan it finds and, every so often,
   * with a better bound. It runs on the solving thread, between steps of the search, so it
   * should return quickly; what it throws ends the solve.
   */
  readonly onProgress?: (progress: SolveProgress) => void;
}

/** A report from a running solve. */
export interface SolveProgress {
  /** Milliseconds since the solve started. */
  readonly elapsedMs: number;
  /** The objective of the best plan found so far; null before the first. */
  readonly objective: number | null;
  /**
   * A proven lower bound on the optimal objective; null when none is known yet. With
   * `allowUnassigned`, it is known only in the second stage (least cost among the plans that
   * fill the most roles).
   */
  readonly bound: number | null;
  /**
   * The best plan so far, when this report brings a better one: status `feasible`, verified
   * like every plan rotamatch returns, with `bound` as its bound.
   */
  readonly plan?: Plan;
}

export const DEFAULT_SOLVE_OPTIONS = { timeLimitMs: 60_000, backend: "auto", diagnose: true } as const satisfies Required<
  Omit<SolveOptions, "onProgress">
>;

export type SolveResult =
  | { readonly ok: true; readonly plan: Plan; readonly issues: readonly [] }
  | { readonly ok: false; readonly plan: null; readonly issues: readonly Issue[] };

/** Thrown when a computed plan fails verification: a bug in rotamatch, never bad input. */
export class PlanVerificationError extends Error {
  readonly violations: readonly PlanViolation[];
  constructor(violations: readonly PlanViolation[]) {
    super(`internal error: the computed plan failed verification (${violations.map((v) => v.code).join(", ")})`);
    this.name = "PlanVerificationError";
    this.violations = violations;
  }
}

export function solveCohort(input: unknown, options: SolveOptions = {}): SolveResult {
  const started = performance.now();
  const settings = resolveOptions(options);
  if (typeof settings === "string") throw new TypeError(settings);
  const parsed = parseCohort(input);
  if (!parsed.ok) return { ok: false, plan: null, issues: parsed.issues };

  const index = parsed.index;
  const deadline = started + settings.timeLimitMs;
  // The backend stops early enough for decoding and verifying its plan to fit in the limit.
  const solveDeadline = deadline - finishingReserveMs(index, settings.timeLimitMs);
  const backend = chooseBackend(index, settings.backend);
  const candidates = once(() => buildCandidates(index)); // for `unassigned` only
  const report = options.onProgress === undefined ? undefined : progressReporter(index, candidates, backend, started, options.onProgress);
  const run = backend === "network" ? runNetwork(index, solveDeadline, report) : runJslp(index, solveDeadline, report);
  // A plan found in a last step (an exact finish, a solve without search) was not reported yet.
  if (report !== undefined && run.outcome.choices !== null) report(run.outcome.choices, run.outcome.bound, { unlessSame: true });

  let diagnosis: DiagnosisItem[] = [];
  if (run.outcome.status === "infeasible") {
    diagnosis = diagnoseInfeasible(index, {
      // The relaxed solve is a jslp MIP: only where such a model fits.
      relax: settings.diagnose && (backend === "jslp" || networkModelSize(index) <= AUTO_JSLP_VARIABLES),
      solver: jslpSolver,
      deadline: Math.max(deadline, performance.now() + Math.min(10_000, settings.timeLimitMs)),
    });
  }
  const plan = assemblePlan(index, candidates, run, diagnosis, backend, started);
  const verdict = verifyPlan(index.cohort, plan);
  if (!verdict.ok) throw new PlanVerificationError(verdict.violations);
  return { ok: true, plan, issues: [] };
}

/**
 * The backend for this cohort: the one asked for, except that a cohort the network backend
 * cannot solve exactly goes to jslp; "auto" takes the network backend when its answer is
 * exact by construction (hosts fixed, mentors outside the host only: independent min-cost
 * flows), jslp when its model is small, and the network backend otherwise.
 */
export function chooseBackend(index: CohortIndex, requested: Backend): "jslp" | "network" {
  if (requested === "jslp" || networkSupports(index) !== true) return "jslp";
  if (requested === "network") return "network";
  const problem = compileProblem(index);
  if (decomposable(problem) === true) return "network";
  return estimateModelVariables(problem) <= AUTO_JSLP_VARIABLES ? "jslp" : "network";
}

function networkModelSize(index: CohortIndex): number {
  return estimateModelVariables(compileProblem(index));
}

function resolveOptions(options: SolveOptions): Required<Omit<SolveOptions, "onProgress">> | string {
  const merged = { ...DEFAULT_SOLVE_OPTIONS, ...stripUndefined(options) };
  if (typeof merged.timeLimitMs !== "number" || !(merged.timeLimitMs > 0)) return "timeLimitMs must be a positive number";
  if (!(BACKENDS as readonly unknown[]).includes(merged.backend)) {
    return `unknown backend "${String(merged.backend)}" (use ${BACKENDS.map((b) => `"${b}"`).join(", ")})`;
  }
  if (typeof merged.diagnose !== "boolean") return "diagnose must be a boolean";
  if (merged.onProgress !== undefined && typeof merged.onProgress !== "function") return "onProgress must be a function";
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What a backend found: each trainee's choice (or none), its status and bound. */
interface Outcome {
  readonly status: PlanStatus;
  readonly choices: readonly TraineeChoice[] | null;
  readonly bound: number | null;
  readonly solveMs: number;
}

/** A backend's run: its outcome and the size of what it solved. */
interface Run {
  readonly outcome: Outcome;
  readonly variables: number;
  readonly constraints: number;
}

/**
 * Reports a plan (or just a bound) found on the way; see SolveOptions.onProgress. With
 * `unlessSame`, a plan equal to the last one reported is not reported again.
 */
type Report = (choices: readonly TraineeChoice[] | null, bound: number | null, options?: { readonly unlessSame: boolean }) => void;

function progressReporter(
  index: CohortIndex,
  candidates: () => Candidates,
  backend: string,
  started: number,
  onProgress: (progress: SolveProgress) => void,
): Report {
  let objective: number | null = null;
  let reported: readonly TraineeChoice[] | null = null;
  return (choices, bound, options) => {
    if (options?.unlessSame === true && choices !== null && reported !== null && sameChoices(choices, reported)) return;
    if (choices !== null) reported = choices;
    let plan: Plan | undefined;
    if (choices !== null) {
      const run = { outcome: { status: "feasible", choices, bound, solveMs: 0 }, variables: 0, constraints: 0 } as const;
      plan = assemblePlan(index, candidates, run, [], backend, started);
      const verdict = verifyPlan(index.cohort, plan);
      if (!verdict.ok) throw new PlanVerificationError(verdict.violations);
      objective = plan.objective;
    }
    const elapsedMs = performance.now() - started;
    onProgress(plan === undefined ? { elapsedMs, objective, bound } : { elapsedMs, objective, bound: plan.bound, plan });
  };
}

function sameChoices(a: readonly TraineeChoice[], b: readonly TraineeChoice[]): boolean {
  if (a === b) return true;
  return (
    a.length === b.length &&
    a.every((x, t) => {
      const y = b[t] as TraineeChoice;
      return x.host === y.host && x.supervisor === y.supervisor && x.mentor === y.mentor && x.away.every((m, p) => m === y.away[p]);
    })
  );
}

/**
 * Time kept back from the backend for turning its answer into a verified plan: measured at
 * about 0.06 ms per trainee on a quiet machine (5,000 trainees: about 0.3 s), so twice that,
 * and never more than a quarter of the limit.
 */
function finishingReserveMs(index: CohortIndex, timeLimitMs: number): number {
  return Math.min(timeLimitMs / 4, 10 + 0.12 * index.cohort.trainees.length);
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

function remaining(deadline: number): number {
  return Math.max(1, deadline - performance.now());
}

// ---- jslp: the MIP model, solved exactly ----------------------------------------------------

function runJslp(index: CohortIndex, deadline: number, report: Report | undefined): Run {
  const built = buildModel(index);
  const toChoices = (values: Float64Array | null) => (values === null ? null : decodeChoices(built, values));
  // The first stage of allowUnassigned bounds the number of roles filled, not the cost.
  const stage = (kind: "fill" | "cost"): Pick<SolverOptions, "onProgress"> =>
    report === undefined
      ? {}
      : { onProgress: (u) => report(u.incumbent === undefined ? null : toChoices(u.incumbent.values), kind === "cost" ? u.bound : null) };
  const solved = index.cohort.rules.allowUnassigned ? solveLexicographic(jslpSolver, built, deadline, stage) : solveOnce(jslpSolver, built, deadline, stage);
  return {
    outcome: { status: solved.status, choices: toChoices(solved.values), bound: solved.bound, solveMs: solved.solveMs },
    variables: built.model.variables.length,
    constraints: built.model.constraints.length,
  };
}

interface Solved {
  readonly status: PlanStatus;
  readonly values: Float64Array | null;
  readonly bound: number | null;
  readonly solveMs: number;
}

type Stage = (kind: "fill" | "cost") => Pick<SolverOptions, "onProgress">;

function solveOnce(solver: Solver, built: BuiltModel, deadline: number, stage: Stage): Solved {
  const r = solver.solve(built.model, { timeLimitMs: remaining(deadline), ...stage("cost") });
  return { status: r.status, values: r.values, bound: r.bound, solveMs: r.solveMs };
}

/**
 * allowUnassigned: first the most filled roles, then the least cost among plans that fill
 * that many. When the second stage finds nothing in time, the first stage's plan is kept.
 */
function solveLexicographic(solver: Solver, built: BuiltModel, deadline: number, stage: Stage): Solved {
  const fill: SolverResult = solver.solve(fillObjective(built.model), { timeLimitMs: remaining(deadline), ...stage("fill") });
  if (fill.values === null || fill.objective === null) return { status: fill.status, values: null, bound: null, solveMs: fill.solveMs };
  const filled = Math.round(-fill.objective);
  const cost = solver.solve(withMinimumFilled(built.model, filled), { timeLimitMs: remaining(deadline), ...stage("cost") });
  const solveMs = fill.solveMs + cost.solveMs;
  if (cost.values !== null) {
    const proven = fill.status === "optimal" && cost.status === "optimal";
    return { status: proven ? "optimal" : "feasible", values: cost.values, bound: cost.bound, solveMs };
  }
  return { status: "feasible", values: fill.values, bound: null, solveMs };
}

// ---- network: min-cost flows and Lagrangian relaxation --------------------------------------

/** The network backend builds no MIP model: its plan's stats count 0 variables and rows. */
function runNetwork(index: CohortIndex, deadline: number, report: Report | undefined): Run {
  const onProgress = report === undefined ? undefined : (u: NetworkProgress) => report(u.incumbent ?? null, u.bound);
  const result = solveNetwork(index, { deadline, ...(onProgress === undefined ? {} : { onProgress }) });
  return {
    outcome: { status: result.status, choices: result.choices, bound: result.bound, solveMs: result.stats.ms },
    variables: 0,
    constraints: 0,
  };
}

// ---- the plan ---------------------------------------------------------------------------------

function assemblePlan(
  index: CohortIndex,
  candidates: () => Candidates,
  run: Run,
  diagnosis: DiagnosisItem[],
  backend: string,
  started: number,
): Plan {
  const { outcome } = run;
  const stats = { backend, solveMs: outcome.solveMs, totalMs: 0, variables: run.variables, constraints: run.constraints };
  if (outcome.choices === null || (outcome.status !== "optimal" && outcome.status !== "feasible")) {
    const status = outcome.status === "infeasible" ? "infeasible" : "timedout";
    stats.totalMs = performance.now() - started;
    return {
      format: PLAN_FORMAT,
      status,
      objective: null,
      bound: status === "timedout" ? outcome.bound : null,
      assignments: [],
      unassigned: [],
      diagnosis,
      stats,
    };
  }
  const assignments = toAssignments(index, outcome.choices);
  const objective = sumObjective(assignments);
  const bound = outcome.status === "optimal" ? objective : outcome.bound === null ? null : Math.min(outcome.bound, objective);
  stats.totalMs = performance.now() - started;
  return {
    format: PLAN_FORMAT,
    status: outcome.status,
    objective,
    bound,
    assignments,
    unassigned: index.cohort.rules.allowUnassigned ? listUnassigned(index, candidates(), outcome.choices) : [],
    diagnosis,
    stats,
  };
}

/** The plan's objective: the trainees' cost terms summed in a fixed order (reproducible bytes). */
function sumObjective(assignments: readonly Plan["assignments"][number][]): number {
  let sum = 0;
  for (const a of assignments) sum += totalCost(a.cost);
  return sum;
}
