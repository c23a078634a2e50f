/**
 * One operation of the re-planning benchmark on files: a full solve, a re-plan, a what-if or
 * an explanation, timed around the library call alone (the files are read and parsed before
 * the clock starts), its answer summed up as a row (status, changes, the backend that
 * answered) and checked after the clock: every plan through core's verifyPlan, a re-plan
 * through verifyReplan too (nothing started has moved), a what-if's plan against its pins.
 *
 * Never throws for what the library answers: invalid input is the status `invalid` with the
 * first issue's code, and an exception (an unknown backend, a plan that fails verification,
 * running out of memory inside the call) is `error` or `memory` with its message.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import {
  explainPlan,
  replanCohort,
  solveCohort,
  verifyPlan,
  verifyReplan,
  whatIf,
  type Backend,
  type ExplainResult,
  type Explanation,
  type Issue,
  type Pin,
  type ReplanOptions,
  type ReplanResult,
  type SolveResult,
  type WhatIfBackend,
  type WhatIfResult,
} from "../packages/core/src/index.js";
import { isReplanOperation, plural, type Operation } from "./replan-scenarios.js";

/** What one child is asked to do. Paths are absolute; the cohort is the one the operation gets (the changed one for a re-plan). */
export interface Job {
  readonly operation: Operation;
  readonly cohortPath: string;
  /** The published plan (every operation but the solve). */
  readonly planPath?: string;
  /** The solve writes its plan here, for the other operations. */
  readonly planOut?: string;
  readonly asOf?: string;
  readonly pins?: readonly Pin[];
  readonly trainee?: string;
  /** The backend asked of solveCohort (the full solve) and of replanCohort (the re-plans). */
  readonly solveBackend: string;
  readonly replanBackend: string;
  readonly timeLimitMs: number;
}

/**
 * How an operation ended: a plan or answer proven (`optimal`) or not (`feasible`: a re-plan
 * or what-if whose optimality was not proven, an explanation with a delta only bounded);
 * `timedout` (no plan in time, or an explanation with options the time limit left
 * unsettled); `infeasible`; `invalid` (the library answered with input issues); `memory` and
 * `error` (it threw, or the process died); `stopped` (the parent stopped it past its time
 * limit); `skipped` (not run: the full solve found no plan to start from).
 */
export type OperationStatus = "optimal" | "feasible" | "timedout" | "infeasible" | "invalid" | "memory" | "error" | "stopped" | "skipped";

/** One run of one operation, as the child reports it. */
export interface OperationReport {
  readonly status: OperationStatus;
  /** Wall time of the library call, in milliseconds. */
  readonly ms: number;
  /** The backend that answered, from the plan's stats (null when the answer names none: an explanation, no plan). */
  readonly backend: string | null;
  /** Changes listed by the answer: a re-plan's or what-if's changes; for an explanation, the options it settled. */
  readonly changes: number | null;
  /** The objective of the plan (the solve, re-plan, what-if) or null. */
  readonly objective: number | null;
  /** A few words on the answer: the changes by reason, the delta, the options. */
  readonly detail: string;
  /** Whether the plan passed the verifier (and verifyReplan for a re-plan); null without a plan. */
  readonly verified: boolean | null;
  /** Peak resident size of the process, MiB (Node itself included). */
  readonly peakMb: number | null;
  readonly error: string | null;
}

/** Messages of an exhausted heap (V8) or of an array the solver could not allocate. */
export const MEMORY_ERROR = /heap out of memory|Array buffer allocation failed|Invalid typed array length|Invalid array length/i;

type Outcome = Omit<OperationReport, "ms" | "peakMb">;

/** Runs `job` once and reports it (the plan of a solve is written to `job.planOut`). */
export function performJob(job: Job): OperationReport {
  const cohort: unknown = JSON.parse(readFileSync(job.cohortPath, "utf8"));
  const plan: unknown = job.planPath === undefined ? null : JSON.parse(readFileSync(job.planPath, "utf8"));
  const options = { timeLimitMs: job.timeLimitMs };
  let answer: Answer;
  let ms: number;
  const started = performance.now();
  try {
    answer = call(job, cohort, plan, options);
    ms = performance.now() - started;
  } catch (error) {
    ms = performance.now() - started;
    return { ...thrown(error), ms, peakMb: null };
  }
  let outcome: Outcome;
  try {
    outcome = summarize(job, cohort, plan, answer);
  } catch (error) {
    outcome = thrown(error);
  }
  return { ...outcome, ms, peakMb: null };
}

/** What the library answered, by the kind of call. */
type Answer =
  | { readonly kind: "solve"; readonly result: SolveResult }
  | { readonly kind: "replan"; readonly result: ReplanResult }
  | { readonly kind: "whatif"; readonly result: WhatIfResult }
  | { readonly kind: "explain"; readonly result: ExplainResult };

/** The library call itself: all that is timed. */
function call(job: Job, cohort: unknown, plan: unknown, options: { timeLimitMs: number }): Answer {
  const op = job.operation;
  if (op === "solve") return { kind: "solve", result: solveCohort(cohort, { ...options, backend: job.solveBackend as Backend }) };
  if (isReplanOperation(op)) {
    // Any text the script was given: the library, not the benchmark, says which backends it takes.
    return { kind: "replan", result: replanCohort(cohort, plan, { ...options, asOf: job.asOf ?? "", backend: job.replanBackend as ReplanOptions["backend"] }) };
  }
  // What-ifs and explanations take the same backend names as re-plans.
  const backend = job.replanBackend as WhatIfBackend;
  if (op === "whatif") return { kind: "whatif", result: whatIf(cohort, plan, job.pins ?? [], { ...options, backend }) };
  return { kind: "explain", result: explainPlan(cohort, plan, { ...options, backend, lang: "en", ...(op === "explain-one" ? { trainee: job.trainee ?? "" } : {}) }) };
}

/** The row of an answer, with its checks (after the clock). */
function summarize(job: Job, cohort: unknown, previous: unknown, answer: Answer): Outcome {
  if (answer.kind === "solve") {
    const result = answer.result;
    if (!result.ok) return invalid(result.issues);
    const plan = result.plan;
    if (job.planOut !== undefined && plan.status !== "infeasible" && plan.status !== "timedout") writeFileSync(job.planOut, JSON.stringify(plan));
    return planRow(plan, verifyIfPlan(cohort, plan), null, "");
  }
  if (answer.kind === "replan") {
    const result = answer.result;
    if (!result.ok) return invalid(result.issues);
    const plan = result.plan;
    const hasPlan = plan.status === "optimal" || plan.status === "feasible";
    // verifyPlan reads the plan format, which has no `changes`: the plan without them must pass it.
    const { changes, ...bare } = plan;
    const verified = hasPlan ? verifyPlan(cohort, bare).ok && verifyReplan(cohort, previous, plan, job.asOf ?? "").ok : null;
    const byReason = new Map<string, number>();
    for (const c of changes) byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + 1);
    const said = hasPlan ? [[...byReason].map(([reason, n]) => `${reason} ${n}`).join(", ") || "no change"] : [];
    // A warning says what the answer had to do (a backend that refused, a capacity raised for started placements).
    const detail = [...said, ...result.warnings.map((w) => `warning ${w.code}`)].join(", ");
    return planRow(plan, verified, changes.length, detail);
  }
  if (answer.kind === "whatif") {
    const result = answer.result;
    if (!result.ok) return invalid(result.issues);
    const a = result.answer;
    const pinned = a.plan !== null && (job.pins ?? []).every((pin) => a.plan?.assignments.find((x) => x.trainee === pin.trainee)?.placements.some((p) => p.period === pin.period && p.member === pin.member));
    const verified = a.plan === null ? null : pinned && verifyPlan(cohort, a.plan).ok;
    const delta = a.delta !== null ? `delta ${a.delta.toFixed(2)}` : a.deltaBound !== null ? `delta ≥ ${a.deltaBound.toFixed(2)}` : "";
    return { status: a.status, backend: a.plan?.stats?.backend ?? null, changes: a.changes.length, objective: a.objective, detail: delta, verified, error: null };
  }
  const result = answer.result;
  if (!result.ok) return invalid(result.issues);
  return explanationRow(result.explanation);
}

function planRow(plan: { status: "optimal" | "feasible" | "timedout" | "infeasible"; objective: number | null; stats?: { backend: string } | undefined }, verified: boolean | null, changes: number | null, detail: string): Outcome {
  return { status: plan.status, backend: plan.stats?.backend ?? null, changes, objective: plan.objective, detail, verified, error: null };
}

function verifyIfPlan(cohort: unknown, plan: { status: string }): boolean | null {
  return plan.status === "optimal" || plan.status === "feasible" ? verifyPlan(cohort, plan).ok : null;
}

/**
 * An explanation's row. It has no status of its own: `timedout` when the time limit left an
 * option unsettled (`possible` false without a rule), `feasible` when a delta is only bounded,
 * otherwise `optimal` (every delta exact, every impossible option with its rule).
 */
export function explanationRow(explanation: Explanation): Outcome {
  const options = explanation.trainees.flatMap((t) => t.options);
  const unsettled = options.filter((o) => !o.possible && o.rule === null).length;
  const bounded = options.filter((o) => o.possible && o.delta === null).length;
  const possible = options.filter((o) => o.possible).length;
  const status = unsettled > 0 ? "timedout" : bounded > 0 ? "feasible" : "optimal";
  const parts = [`${plural(explanation.trainees.length, "trainee")}, ${plural(options.length, "option")}: ${possible} possible, ${options.length - possible - unsettled} ruled out`];
  if (unsettled > 0) parts.push(`${unsettled} unsettled`);
  if (bounded > 0) parts.push(`${bounded} with a bound only`);
  return { status, backend: null, changes: options.length - unsettled, objective: explanation.objective, detail: parts.join(", "), verified: null, error: null };
}

function invalid(issues: readonly Issue[]): Outcome {
  const first = issues[0];
  const detail = first === undefined ? "" : `${first.code} at ${first.path}${issues.length > 1 ? ` and ${issues.length - 1} more` : ""}`;
  return { status: "invalid", backend: null, changes: null, objective: null, detail, verified: null, error: detail };
}

function thrown(error: unknown): Outcome {
  const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);
  return { status: MEMORY_ERROR.test(message) ? "memory" : "error", backend: null, changes: null, objective: null, detail: "", verified: null, error: message };
}
