/**
 * What can go wrong when work is handed to a worker thread, as errors the routes and the job
 * store answer with a problem of their own rather than a 500:
 *
 * - the worker ran out of its heap (`--worker-heap-mb`): V8 ends that thread alone, piscina
 *   rejects its task with ERR_WORKER_OUT_OF_MEMORY and starts a fresh thread; the request
 *   needed more memory than a worker has, so it is a 413 and a job `failed`, never a dead
 *   process;
 * - light work (validation, import, export) ran past the work pool's time limit.
 *
 * Nothing here touches Node.
 */
import { PoolFullError } from "./errors.js";
import { makeProblem, problemResponse, type Problem } from "./problem.js";

/** The worker thread ran out of heap while doing this request's work. */
export class WorkerOutOfMemoryError extends Error {
  constructor() {
    super("the worker thread ran out of memory");
    this.name = "WorkerOutOfMemoryError";
  }
}

/** Light work ran past the work pool's time limit, and its thread was ended (work-pool.ts). */
export class WorkTimeoutError extends Error {
  constructor() {
    super("the work took too long");
    this.name = "WorkTimeoutError";
  }
}

/**
 * The error a pool rethrows for what piscina rejected a task with: running out of heap gets its
 * own class; anything else (a bug) is returned as it is. (A body reaches a worker as its bytes,
 * moved, never as a parsed value, so handing it over cannot fail on its nesting: the worker
 * parses it with a depth limit.)
 */
export function classifyWorkerError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY") return new WorkerOutOfMemoryError();
  return error;
}

/** The problem for a worker failure that is the request's doing, or null for anything else (a bug). */
export function workerProblem(error: unknown): Problem | null {
  if (error instanceof WorkerOutOfMemoryError) {
    return makeProblem("worker-out-of-memory", "Doing this needs more memory than a worker thread has; send a smaller cohort, or ask for a bigger --worker-heap-mb.");
  }
  if (error instanceof WorkTimeoutError) {
    return makeProblem("work-timed-out", "Doing this took longer than a worker thread is allowed; send a smaller body.");
  }
  return null;
}

/**
 * The answer to a route whose work a pool refused or a worker failed: 503 with Retry-After when
 * the pool is full, the problem of `workerProblem`, or null (the error is a bug: rethrow it).
 */
export function workerFailureResponse(error: unknown, retryAfter: Record<string, string>): Response | null {
  if (error instanceof PoolFullError) return problemResponse(makeProblem("pool-full", error.message), retryAfter);
  const problem = workerProblem(error);
  return problem === null ? null : problemResponse(problem);
}
