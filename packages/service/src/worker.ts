/**
 * The worker-thread side of the pool: one solve per task, with the core's own time limit
 * shortened by however long the task waited in the queue. Loaded by piscina from dist/.
 */
import { solveCohort, type SolveResult } from "@rotamatch/core";

export interface SolveTask {
  /** The cohort as parsed from JSON, unchecked (the core checks it). */
  readonly cohort: unknown;
  readonly timeLimitMs: number;
  /** Epoch ms by which the solve should have answered (admission time + time limit). */
  readonly deadline: number;
}

export default function solveTask(task: SolveTask): SolveResult {
  const left = Math.min(task.timeLimitMs, task.deadline - Date.now());
  return solveCohort(task.cohort, { timeLimitMs: Math.max(1, left) });
}
