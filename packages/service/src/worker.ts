/**
 * The worker-thread side of the pools, loaded by piscina from dist/. A task's `kind` says what
 * to do: `solve` (the solve and job pools) is one solve, with the core's own time limit
 * shortened by however long the task waited in the queue; every other kind is light work of
 * the work pool (work.ts: validation, import, export). Each thread's heap is bounded by the
 * pool (`--worker-heap-mb`), so a task that needs more ends its thread, not the process.
 *
 * A solve's cohort comes as the body's bytes: the worker decodes and parses them and checks
 * the caps and trainee limit (limits.ts `readBody`), so that no body is parsed on the event loop.
 * The body's check names what is solved: a cohort (`solveCohort`), or a re-plan, a what-if or
 * an explanation (shapes `replan`, `whatif`, `explain`: replan.ts `runChange`), with the same
 * time limit. A re-plan reports its stages on the port (`stage` messages) as the core finishes
 * each; a what-if and an explanation report nothing until they answer.
 *
 * When the task brings a port, the worker says on it when the solve starts, reports its
 * progress, and says when it has reported all. A plan is a big message, so better plans are posted at most every
 * PLAN_INTERVAL_MS; one that comes sooner waits for the next report after the interval (the
 * final answer always carries the final plan).
 */
import { solveCohort, type Issue, type ReplanProgress, type SolveOptions, type SolveProgress, type SolveResult } from "@rotamatch/core";
import type { MessagePort } from "node:worker_threads";
import { readBody, type JsonBody, type ListedIssues, type RefusedBody } from "./limits.js";
import { isChangeShape, runChange, type ChangeAnswer, type ChangeResult } from "./replan.js";
import type { CheckAnswer, WorkAnswer, WorkTask } from "./work.js";

export interface SolveTask {
  readonly kind: "solve";
  /** The cohort's JSON bytes (moved to the worker) and the route's check; the core checks the cohort itself. */
  readonly body: JsonBody;
  readonly timeLimitMs: number;
  /** The core's backend and whether to explain infeasibility; unset: the core's defaults (queued jobs set them, see queue/). */
  readonly backend?: SolveOptions["backend"];
  readonly diagnose?: boolean;
  /** Epoch ms by which the solve should have answered (admission time + time limit). */
  readonly deadline: number;
  /** Where to report the start and the progress of the solve, if anyone listens. */
  readonly port?: MessagePort;
  /**
   * Most issues an invalid cohort's answer carries back (the rest counted in `issueCount`):
   * cloning every issue of a big invalid cohort would hold up the event loop. Unset: all.
   */
  readonly maxIssues?: number;
}

/** A solve's answer from a worker: the core's, with `issueCount` when its issues were cut to `maxIssues`. */
export type PooledSolveResult = SolveResult & { readonly issueCount?: number };

/** What a solve of a body answers: the core's result, or the body refused before the solve (400, 413). */
export type SolveAnswer = PooledSolveResult | RefusedBody;

/** What the worker posts on the task's port. */
export type WorkerMessage =
  | { readonly type: "start" }
  | { readonly type: "progress"; readonly progress: SolveProgress }
  /** A re-plan finished one of its stages. */
  | { readonly type: "stage"; readonly progress: ReplanProgress }
  | { readonly type: "end" };

const PLAN_INTERVAL_MS = 200;

/** Every task a worker takes. */
export type WorkerTask = SolveTask | WorkTask;

/**
 * The light work's module, loaded on a thread's first light task: it brings the sheets package
 * (a separate chunk of the build), which the solve and job threads never need.
 */
let work: Promise<typeof import("./work.js")> | undefined;

export default function runTask(task: WorkerTask): SolveAnswer | ChangeAnswer | Promise<WorkAnswer | ListedIssues<Issue> | RefusedBody | CheckAnswer> {
  if (task.kind === "solve") return solveTask(task);
  work ??= import("./work.js");
  return work.then(({ runWork }) => runWork(task));
}

/**
 * Parses and checks a body, then solves it, here and now: the in-process solve of `createApp`
 * without pools (tests), with the answers of a worker.
 */
export function solveBody(body: JsonBody, options: SolveOptions): SolveAnswer {
  const read = readBody(body);
  return read.ok ? solveCohort(read.value, options) : { refused: read.problem };
}

/**
 * Parses and checks a re-plan, what-if or explanation body, then answers it, here and now: the
 * in-process `change` of `createApp` without pools (tests), with the answers of a worker.
 */
export function changeBody(body: JsonBody, options: SolveOptions): ChangeAnswer {
  const shape = body.check.shape;
  if (!isChangeShape(shape)) throw new TypeError(`changeBody takes a re-plan, what-if or explanation body, not ${shape}`);
  const read = readBody(body);
  const changeOptions = { timeLimitMs: options.timeLimitMs ?? 60_000, ...(options.backend === undefined ? {} : { backend: options.backend }) };
  return read.ok ? runChange(shape, read.value, changeOptions) : { refused: read.problem };
}

function solveTask(task: SolveTask): SolveAnswer | ChangeAnswer {
  const result = runSolve(task);
  const max = task.maxIssues;
  if ("refused" in result || max === undefined) return result;
  if ("operation" in result) return cutChangeIssues(result, max);
  if (result.ok || result.issues.length <= max) return result;
  return { ...result, issues: result.issues.slice(0, max), issueCount: result.issues.length };
}

/** A change's issues cut to `max`, counted in `issueCount`, as a solve's are. */
function cutChangeIssues(answer: ChangeResult, max: number): ChangeResult {
  const { result } = answer;
  if (result.ok || result.issues.length <= max) return answer;
  const issues = result.issues.slice(0, max);
  const issueCount = result.issues.length;
  switch (answer.operation) {
    case "replan":
      return { operation: "replan", result: { ok: false, plan: null, warnings: [], issues }, issueCount };
    case "whatif":
      return { operation: "whatif", result: { ok: false, answer: null, issues }, issueCount };
    case "explain":
      return { operation: "explain", result: { ok: false, explanation: null, issues }, issueCount };
  }
}

function runSolve(task: SolveTask): SolveResult | ChangeAnswer {
  const port = task.port;
  try {
    port?.postMessage({ type: "start" } satisfies WorkerMessage);
    // Parsed here, after "start": for a job, the parse is part of its run.
    const read = readBody(task.body);
    if (!read.ok) return { refused: read.problem };
    // The time limit counts from admission: the wait in the queue and the parse come out of it.
    const left = Math.min(task.timeLimitMs, task.deadline - Date.now());
    const shape = task.body.check.shape;
    if (isChangeShape(shape)) {
      return runChange(shape, read.value, {
        timeLimitMs: Math.max(1, left),
        ...(task.backend === undefined ? {} : { backend: task.backend }),
        ...(port === undefined ? {} : { onStage: (progress: ReplanProgress) => port.postMessage({ type: "stage", progress } satisfies WorkerMessage) }),
      });
    }
    const options: SolveOptions = {
      timeLimitMs: Math.max(1, left),
      ...(task.backend === undefined ? {} : { backend: task.backend }),
      ...(task.diagnose === undefined ? {} : { diagnose: task.diagnose }),
    };
    if (port === undefined) return solveCohort(read.value, options);
    return solveCohort(read.value, { ...options, onProgress: throttledReporter(port) });
  } finally {
    port?.postMessage({ type: "end" } satisfies WorkerMessage);
    port?.close();
  }
}

function throttledReporter(port: MessagePort): (progress: SolveProgress) => void {
  let lastPlanAt = -Infinity;
  let pending: SolveProgress["plan"];
  // The objective reported is always that of the last plan posted, so the two agree.
  let postedObjective: number | null = null;
  return ({ elapsedMs, bound, plan }) => {
    if (plan !== undefined) pending = plan;
    const now = performance.now();
    if (pending !== undefined && now - lastPlanAt >= PLAN_INTERVAL_MS) {
      const posted = pending;
      lastPlanAt = now;
      pending = undefined;
      postedObjective = posted.objective;
      port.postMessage({ type: "progress", progress: { elapsedMs, objective: postedObjective, bound, plan: posted } } satisfies WorkerMessage);
      return;
    }
    port.postMessage({ type: "progress", progress: { elapsedMs, objective: postedObjective, bound } } satisfies WorkerMessage);
  };
}
