/**
 * The facade: validate a cohort, build the model, solve, decode, verify, diagnose.
 *
 * No plan leaves this function without passing verifyPlan; a plan that fails it is a bug in
 * rotamatch, reported as a thrown PlanVerificationError, never returned.
 */
import type { CohortIndex } from "./domain/cohort-index.js";
import { totalCost } from "./domain/cost.js";
import type { Issue } from "./domain/issues.js";
import { PLAN_FORMAT, type DiagnosisItem, type Plan, type PlanStatus } from "./domain/schema.js";
import { parseCohort } from "./domain/validate.js";
import { diagnoseInfeasible } from "./diagnose/diagnose.js";
import { buildModel, fillObjective, withMinimumFilled, type BuiltModel } from "./model/build-model.js";
import { decodeChoices, toAssignments } from "./result/decode.js";
import { listUnassigned } from "./result/unassigned.js";
import { verifyPlan, type PlanViolation } from "./result/verify.js";
import { jslpSolver } from "./solvers/jslp/jslp-solver.js";
import type { Solver, SolverOptions, SolverResult } from "./solvers/solver.js";

export type Backend = "auto" | "jslp";

export interface SolveOptions {
  /** Wall-clock budget in milliseconds for the whole solve (default 60 000). */
  readonly timeLimitMs?: number;
  /** Which backend to use (default "auto"). */
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
  const solver = pickBackend(settings.backend);
  const built = buildModel(index);
  const progress = options.onProgress === undefined ? undefined : progressReporter(index, built, solver.name, started, options.onProgress);
  const outcome = index.cohort.rules.allowUnassigned
    ? solveLexicographic(solver, built, deadline, progress)
    : solveOnce(solver, built, deadline, progress);

  let diagnosis: DiagnosisItem[] = [];
  if (outcome.status === "infeasible") {
    diagnosis = diagnoseInfeasible(index, {
      relax: settings.diagnose,
      solver,
      deadline: Math.max(deadline, performance.now() + Math.min(10_000, settings.timeLimitMs)),
    });
  }
  const plan = assemblePlan(index, built, outcome, diagnosis, solver.name, started);
  const verdict = verifyPlan(index.cohort, plan);
  if (!verdict.ok) throw new PlanVerificationError(verdict.violations);
  return { ok: true, plan, issues: [] };
}

function resolveOptions(options: SolveOptions): Required<Omit<SolveOptions, "onProgress">> | string {
  const merged = { ...DEFAULT_SOLVE_OPTIONS, ...stripUndefined(options) };
  if (typeof merged.timeLimitMs !== "number" || !(merged.timeLimitMs > 0)) return "timeLimitMs must be a positive number";
  if (merged.backend !== "auto" && merged.backend !== "jslp") return `unknown backend "${String(merged.backend)}"`;
  if (typeof merged.diagnose !== "boolean") return "diagnose must be a boolean";
  if (merged.onProgress !== undefined && typeof merged.onProgress !== "function") return "onProgress must be a function";
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function pickBackend(_backend: Backend): Solver {
  return jslpSolver;
}

interface Outcome {
  readonly status: PlanStatus;
  readonly values: Float64Array | null;
  readonly bound: number | null;
  readonly solveMs: number;
}

function remaining(deadline: number): number {
  return Math.max(1, deadline - performance.now());
}

/** Turns a backend's progress into the caller's: decodes, verifies and reports each better plan. */
type ProgressReporter = (stage: "fill" | "cost") => SolverOptions["onProgress"];

function progressReporter(
  index: CohortIndex,
  built: BuiltModel,
  backend: string,
  started: number,
  onProgress: (progress: SolveProgress) => void,
): ProgressReporter {
  let objective: number | null = null;
  return (stage) => (update) => {
    // The first stage's bound is on the number of roles filled, not on the cost.
    const bound = stage === "cost" ? update.bound : null;
    let plan: Plan | undefined;
    if (update.incumbent !== undefined) {
      plan = assemblePlan(index, built, { status: "feasible", values: update.incumbent.values, bound, solveMs: 0 }, [], backend, started);
      const verdict = verifyPlan(index.cohort, plan);
      if (!verdict.ok) throw new PlanVerificationError(verdict.violations);
      objective = plan.objective;
    }
    const elapsedMs = performance.now() - started;
    onProgress(plan === undefined ? { elapsedMs, objective, bound } : { elapsedMs, objective, bound: plan.bound, plan });
  };
}

function solveOnce(solver: Solver, built: BuiltModel, deadline: number, progress: ProgressReporter | undefined): Outcome {
  const r = solver.solve(built.model, { timeLimitMs: remaining(deadline), ...withProgress(progress?.("cost")) });
  return { status: r.status, values: r.values, bound: r.bound, solveMs: r.solveMs };
}

function withProgress(onProgress: SolverOptions["onProgress"]): Pick<SolverOptions, "onProgress"> {
  return onProgress === undefined ? {} : { onProgress };
}

/**
 * allowUnassigned: first the most filled roles, then the least cost among plans that fill
 * that many. When the second stage finds nothing in time, the first stage's plan is kept.
 */
function solveLexicographic(solver: Solver, built: BuiltModel, deadline: number, progress: ProgressReporter | undefined): Outcome {
  const fill: SolverResult = solver.solve(fillObjective(built.model), {
    timeLimitMs: remaining(deadline),
    ...withProgress(progress?.("fill")),
  });
  if (fill.values === null || fill.objective === null) return { status: fill.status, values: null, bound: null, solveMs: fill.solveMs };
  const filled = Math.round(-fill.objective);
  const cost = solver.solve(withMinimumFilled(built.model, filled), {
    timeLimitMs: remaining(deadline),
    ...withProgress(progress?.("cost")),
  });
  const solveMs = fill.solveMs + cost.solveMs;
  if (cost.values !== null) {
    const proven = fill.status === "optimal" && cost.status === "optimal";
    return { status: proven ? "optimal" : "feasible", values: cost.values, bound: cost.bound, solveMs };
  }
  return { status: "feasible", values: fill.values, bound: null, solveMs };
}

function assemblePlan(
  index: CohortIndex,
  built: BuiltModel,
  outcome: Outcome,
  diagnosis: DiagnosisItem[],
  backend: string,
  started: number,
): Plan {
  const stats = {
    backend,
    solveMs: outcome.solveMs,
    totalMs: 0,
    variables: built.model.variables.length,
    constraints: built.model.constraints.length,
  };
  if (outcome.values === null || (outcome.status !== "optimal" && outcome.status !== "feasible")) {
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
  const choices = decodeChoices(built, outcome.values);
  const assignments = toAssignments(index, choices);
  const objective = sumObjective(assignments);
  const bound = outcome.status === "optimal" ? objective : outcome.bound === null ? null : Math.min(outcome.bound, objective);
  stats.totalMs = performance.now() - started;
  return {
    format: PLAN_FORMAT,
    status: outcome.status,
    objective,
    bound,
    assignments,
    unassigned: index.cohort.rules.allowUnassigned ? listUnassigned(index, built, choices) : [],
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
