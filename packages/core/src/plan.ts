/**
 * The facade: validate a cohort, choose a backend, run it, assemble and verify the plan,
 * diagnose an infeasible cohort. It knows the backends only through their contract
 * (solvers/backend.ts).
 *
 * Two backends: "jslp" builds the MIP model (model/) and solves it exactly with our
 * branch-and-bound over javascript-lp-solver's simplex (solvers/jslp/); "network" exploits
 * the structure (min-cost flows, Lagrangian relaxation; solvers/network/) and scales to
 * national networks. "auto" picks by structure and size (see chooseBackend).
 *
 * Time: one absolute deadline (a performance.now() value) is computed here from the caller's
 * limit and passed down unchanged to every layer; an optional signal is checked with it.
 *
 * No plan leaves this function without passing verifyPlan; a plan that fails it is a bug in
 * rotamatch, reported as a thrown PlanVerificationError, never returned.
 */
import type { CohortIndex } from "./domain/cohort-index.js";
import { planExtras } from "./result/extras.js";
import { objectiveOfAssignments, type TraineeChoice } from "./domain/cost.js";
import type { Issue } from "./domain/issues.js";
import { PLAN_FORMAT, type DiagnosisItem, type Plan } from "./domain/schema.js";
import { parseCohort } from "./domain/validate.js";
import { diagnoseInfeasible } from "./diagnose/diagnose.js";
import { buildCandidates, type Candidates } from "./model/candidates.js";
import { modelVariablesAtMost, surelyNotDecomposable } from "./model/size-bound.js";
import { toAssignments } from "./result/decode.js";
import { fillFreePlaces } from "./result/fill-free-places.js";
import { listUnassigned } from "./result/unassigned.js";
import { verifyPlan, type PlanViolation } from "./result/verify.js";
import type { BackendResult, CohortBackend } from "./solvers/backend.js";
import { greedyChoices } from "./solvers/greedy/greedy-fill.js";
import { jslpBackend } from "./solvers/jslp/backend.js";
import { jslpSolver } from "./solvers/jslp/jslp-solver.js";
import { networkBackend } from "./solvers/network/backend.js";
import type { StopSignal } from "./solvers/stop.js";

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
/**
 * With allowUnassigned and hosts to choose, the same limit: the suite's `unassigned` ladder
 * (docs/benchmarks.md) found jslp's dense tableau no better than the network backend from
 * about 5,000 estimated variables on (30 × 15 with two away periods: one more empty role at
 * 30 s; 50 × 30 with two: 3 GiB and a worse plan), while the network backend, which runs jslp's
 * stages itself as an exact finish on small cohorts, matched it below.
 */
export const AUTO_JSLP_UNASSIGNED_VARIABLES = AUTO_JSLP_VARIABLES;

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
   * Ends the solve early, as the time limit would: the answer is then the best plan found so
   * far (`feasible` with its bound), or `timedout` without one. It is checked between steps
   * of the search, on the solving thread: a synchronous solve sees an abort made from
   * `onProgress`; from another task, use solveCohortAsync.
   */
  readonly signal?: AbortSignal;
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
  Omit<SolveOptions, "onProgress" | "signal">
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
  return solveWithStop(input, options, options.signal);
}

/**
 * solveCohort with any stop signal: the async solve's worker passes a flag it reads from
 * memory shared with the calling thread (an AbortSignal's event cannot reach a busy thread).
 */
export function solveWithStop(input: unknown, options: SolveOptions, signal: StopSignal | undefined): SolveResult {
  const started = performance.now();
  const settings = checkSolveOptions(options);
  if (typeof settings === "string") throw new TypeError(settings);
  const parsed = parseCohort(input);
  if (!parsed.ok) return { ok: false, plan: null, issues: parsed.issues };

  const index = parsed.index;
  const { diagnose } = settings;
  // The caller's deadline: the diagnosis of an infeasible cohort must fit in it too.
  const deadline = started + settings.timeLimitMs;
  // The backend stops early enough for decoding and verifying its plan to fit in the limit.
  const solveDeadline = deadline - finishingReserveMs(index, settings.timeLimitMs);
  const chosen = chooseBackend(index, settings.backend);
  const candidates = once(() => buildCandidates(index)); // for `unassigned` only
  const first = solveOn(chosen);
  if (first.verdict.ok) return { ok: true, plan: first.plan, issues: [] };
  // A plan that fails the verifier is never returned. A backend's plan should never fail it
  // (that is a bug, and each backend's tests hold it to the verifier); as a last line, where
  // the exact model fits, the exact backend answers instead, else the error is thrown.
  if (chosen.name !== "jslp" && networkBackend.estimate(index).modelVariables <= AUTO_JSLP_VARIABLES) {
    const exact = solveOn(jslpBackend);
    if (exact.verdict.ok) return { ok: true, plan: exact.plan, issues: [] };
  }
  throw new PlanVerificationError(first.verdict.violations);

  function solveOn(backend: CohortBackend): { readonly plan: Plan; readonly verdict: ReturnType<typeof verifyPlan> } {
    const report = options.onProgress === undefined ? undefined : progressReporter(index, candidates, backend.name, started, options.onProgress);
    const solved = backend.solve(index, {
      deadline: solveDeadline,
      ...(signal === undefined ? {} : { signal }),
      ...(report === undefined ? {} : { onProgress: (u) => report(u.incumbent ?? null, u.bound) }),
    });
    const result = withGreedyPlan(index, solved);
    // A plan found in a last step (an exact finish, a solve without search) was not reported yet.
    if (report !== undefined && result.choices !== null) report(result.choices, result.bound, { unlessSame: true });

    let diagnosis: DiagnosisItem[] = [];
    if (result.status === "infeasible") {
      diagnosis = diagnoseInfeasible(index, {
        // The relaxed solve is a jslp MIP: only where such a model fits.
        relax: diagnose && (backend.name === "jslp" || networkBackend.estimate(index).modelVariables <= AUTO_JSLP_VARIABLES),
        solver: jslpSolver,
        deadline,
      });
    }
    const plan = assemblePlan(index, candidates, result, diagnosis, backend.name, started);
    return { plan, verdict: verifyPlan(index, plan) };
  }
}

/**
 * Under allowUnassigned a plan exists whenever the pins fit, so "timedout" is never the right
 * answer: a backend that ran out of time without a plan gets the greedy one
 * (solvers/greedy/greedy-fill.ts), "feasible" with no proven bound (the plan's bound is then 0).
 */
export function withGreedyPlan(index: CohortIndex, result: BackendResult): BackendResult {
  if (!index.cohort.rules.allowUnassigned || result.status !== "timedout" || result.choices !== null) return result;
  const choices = greedyChoices(index);
  return choices === null ? result : { ...result, status: "feasible", choices, bound: null };
}

/**
 * The backend for this cohort: the one asked for, except that a cohort the network backend
 * cannot solve exactly goes to jslp; "auto" takes the network backend when its answer is
 * exact by construction (hosts fixed, mentors outside the host only: independent min-cost
 * flows), jslp when its model is small, and the network backend otherwise.
 */
export function chooseBackend(index: CohortIndex, requested: Backend): CohortBackend {
  if (requested === "jslp" || networkBackend.supports(index) !== true) return jslpBackend;
  if (requested === "network") return networkBackend;
  // A small cohort the decomposition cannot take goes to jslp without compiling the network
  // problem, whose estimate would only say the same (model/size-bound.ts).
  if (surelyNotDecomposable(index) && modelVariablesAtMost(index) <= AUTO_JSLP_VARIABLES) return jslpBackend;
  const estimate = networkBackend.estimate(index);
  if (estimate.decomposable) return networkBackend;
  return estimate.modelVariables <= (index.cohort.rules.allowUnassigned ? AUTO_JSLP_UNASSIGNED_VARIABLES : AUTO_JSLP_VARIABLES) ? jslpBackend : networkBackend;
}

/** The options with their defaults, or what is wrong with them. */
export function checkSolveOptions(options: SolveOptions): Required<Omit<SolveOptions, "onProgress" | "signal">> | string {
  const merged = { ...DEFAULT_SOLVE_OPTIONS, ...stripUndefined(options) };
  if (typeof merged.timeLimitMs !== "number" || !(merged.timeLimitMs > 0)) return "timeLimitMs must be a positive number";
  if (!(BACKENDS as readonly unknown[]).includes(merged.backend)) {
    return `unknown backend "${String(merged.backend)}" (use ${BACKENDS.map((b) => `"${b}"`).join(", ")})`;
  }
  if (typeof merged.diagnose !== "boolean") return "diagnose must be a boolean";
  if (merged.onProgress !== undefined && typeof merged.onProgress !== "function") return "onProgress must be a function";
  if (merged.signal !== undefined && typeof (merged.signal as { aborted?: unknown } | null)?.aborted !== "boolean") return "signal must be an AbortSignal";
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
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
      const found: BackendResult = { status: "feasible", choices, bound, stats: { variables: 0, constraints: 0, solveMs: 0 } };
      plan = assemblePlan(index, candidates, found, [], backend, started);
      const verdict = verifyPlan(index, plan);
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
 * and never more than a quarter of the limit. With allowUnassigned the plan also gets its free
 * places filled and its empty roles explained, on every trainee's candidates (built here, not
 * by the network backend): about 0.36 ms per trainee (5,000 trainees with hosts given: 1.8 s),
 * so twice that.
 */
function finishingReserveMs(index: CohortIndex, timeLimitMs: number): number {
  const perTrainee = index.cohort.rules.allowUnassigned ? 0.72 : 0.12;
  return Math.min(timeLimitMs / 4, 10 + perTrainee * index.cohort.trainees.length);
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

// ---- the plan ---------------------------------------------------------------------------------

function assemblePlan(
  index: CohortIndex,
  candidates: () => Candidates,
  outcome: BackendResult,
  diagnosis: DiagnosisItem[],
  backend: string,
  started: number,
): Plan {
  const stats = { backend, solveMs: outcome.stats.solveMs, totalMs: 0, variables: outcome.stats.variables, constraints: outcome.stats.constraints };
  if (outcome.choices === null || (outcome.status !== "optimal" && outcome.status !== "feasible")) {
    stats.totalMs = performance.now() - started;
    const [first, ...rest] = diagnosis;
    // An infeasible answer always carries a diagnosis (diagnoseInfeasible ends with no_plan).
    if (outcome.status === "infeasible" && first !== undefined) {
      return { format: PLAN_FORMAT, status: "infeasible", objective: null, bound: null, assignments: [], unassigned: [], diagnosis: [first, ...rest], ...planExtras(index, null), stats };
    }
    return { format: PLAN_FORMAT, status: "timedout", objective: null, bound: outcome.bound, assignments: [], unassigned: [], diagnosis, ...planExtras(index, null), stats };
  }
  // With allowUnassigned, no role stays empty that a free place would fill (result/fill-free-places.ts):
  // such a plan fills more roles, so it is better, and only then are the reasons for the roles
  // still empty true of it. A plan it improves was not the best, and its bound was for fewer roles.
  // (An optimal plan fills the most roles already: nothing to fill.)
  const fill = index.cohort.rules.allowUnassigned && outcome.status === "feasible" ? fillFreePlaces(index, candidates(), outcome.choices) : null;
  const choices = fill?.choices ?? outcome.choices;
  const improved = fill !== null && fill.filled > 0;
  const assignments = toAssignments(index, choices);
  const objective = objectiveOfAssignments(index, assignments);
  // A feasible plan always carries a numeric bound: without a proven one (the first stage of
  // allowUnassigned, a plan found before any bound), 0, which holds as no cost term is negative.
  const status = outcome.status;
  const bound = status === "optimal" ? objective : improved ? TRIVIAL_BOUND : Math.min(outcome.bound ?? TRIVIAL_BOUND, objective);
  const unassigned = index.cohort.rules.allowUnassigned ? listUnassigned(index, candidates(), choices) : [];
  // After the reasons, which take a noticeable share at national scale (result/unassigned.ts).
  stats.totalMs = performance.now() - started;
  return { format: PLAN_FORMAT, status, objective, bound, assignments, unassigned, diagnosis, ...planExtras(index, choices), stats };
}

/** A lower bound on every plan's objective: weights and cost terms are never negative. */
const TRIVIAL_BOUND = 0;

