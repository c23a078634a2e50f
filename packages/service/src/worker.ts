/**
 * The worker-thread side of the pool: one solve per task, with the core's own time limit
 * shortened by however long the task waited in the queue. Loaded by piscina from dist/.
 *
 * When the task brings a port, the worker says on it when the solve starts, reports its
 * progress, and says when it has reported all. A plan is a big message, so better plans are posted at most every
 * PLAN_INTERVAL_MS; one that comes sooner waits for the next report after the interval (the
 * final answer always carries the final plan).
 */
import { solveCohort, type SolveProgress, type SolveResult } from "@rotamatch/core";
import type { MessagePort } from "node:worker_threads";

export interface SolveTask {
  /** The cohort as parsed from JSON, unchecked (the core checks it). */
  readonly cohort: unknown;
  readonly timeLimitMs: number;
  /** Epoch ms by which the solve should have answered (admission time + time limit). */
  readonly deadline: number;
  /** Where to report the start and the progress of the solve, if anyone listens. */
  readonly port?: MessagePort;
}

/** What the worker posts on the task's port. */
export type WorkerMessage =
  | { readonly type: "start" }
  | { readonly type: "progress"; readonly progress: SolveProgress }
  | { readonly type: "end" };

const PLAN_INTERVAL_MS = 200;

export default function solveTask(task: SolveTask): SolveResult {
  const left = Math.min(task.timeLimitMs, task.deadline - Date.now());
  const options = { timeLimitMs: Math.max(1, left) };
  const port = task.port;
  if (port === undefined) return solveCohort(task.cohort, options);
  try {
    port.postMessage({ type: "start" } satisfies WorkerMessage);
    return solveCohort(task.cohort, { ...options, onProgress: throttledReporter(port) });
  } finally {
    port.postMessage({ type: "end" } satisfies WorkerMessage);
    port.close();
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
