/**
 * The work pool: worker threads of their own for the light work of the routes (validation,
 * import, export: work.ts), apart from the solve and job pools.
 *
 * Why a pool of its own rather than a task kind in the solve pool: a validation or an export
 * takes milliseconds to a second, a solve up to its time limit. In one pool, a validation would
 * wait behind solves of 10 s and count against their admission; here it waits only behind
 * other light work, and a burst of exports never takes a solver's thread.
 *
 * - Admission: at most `threads + queue` tasks in flight; one more is refused with
 *   PoolFullError (503 with Retry-After), as in the solve pool.
 * - Memory: each thread's heap is bounded (`heapMb`); a task that needs more is rejected with
 *   WorkerOutOfMemoryError (413) and only its thread ends.
 * - Time: a task still running `timeLimitMs` after it was admitted is aborted, which ends its
 *   thread, and rejected with WorkTimeoutError (503): the caps on bodies and arrays keep real
 *   work far below that, so only a pathological input gets there.
 */
import type { Piscina } from "piscina";
import { PoolFullError } from "./errors.js";
import { createPiscina } from "./pool.js";
import type { WorkResult, WorkTask } from "./work.js";
import type { WorkerTask } from "./worker.js";
import { WorkTimeoutError, classifyWorkerError } from "./worker-errors.js";

export interface WorkPoolOptions {
  /** Worker threads (light tasks running at once). */
  readonly threads: number;
  /** Light tasks that may wait for a thread. */
  readonly queue: number;
  /** Ms a task may run, counted from admission, before its thread is ended. */
  readonly timeLimitMs: number;
  /** Most heap of each worker thread in MiB; unbounded when absent. */
  readonly heapMb?: number;
  /** The built worker module (default: dist/worker.js of this package). */
  readonly workerUrl?: URL;
  /** Hears failures of a thread that no task was waiting on. */
  readonly onPoolError?: (error: unknown) => void;
  /** Ms after which an idle thread ends, giving back its heap (see PoolOptions). */
  readonly retireIdleAfterMs?: number;
}

export interface WorkPool {
  /** Does the task in a worker thread; rejects with PoolFullError when full or closed. */
  run<T extends WorkTask>(task: T): Promise<WorkResult<T>>;
  /** Whether another task would be taken now. */
  canAccept(): boolean;
  /** Tasks admitted and not yet answered. */
  inFlight(): number;
  /** Ends every worker thread; tasks still running are rejected. */
  destroy(): Promise<void>;
}

export function createWorkPool(options: WorkPoolOptions): WorkPool {
  const { threads, queue, timeLimitMs } = options;
  const piscina: Piscina<WorkerTask, unknown> = createPiscina<WorkerTask, unknown>(options);
  let inFlight = 0;
  let closing = false;
  return {
    async run<T extends WorkTask>(task: T): Promise<WorkResult<T>> {
      if (closing) throw new PoolFullError("the service is shutting down");
      if (inFlight >= threads + queue) throw new PoolFullError("every worker for this kind of request is busy");
      inFlight += 1;
      const signal = AbortSignal.timeout(timeLimitMs);
      try {
        // A body's bytes are moved, not copied: the route has no more use for them, and a copy
        // of a big body would hold up the event loop.
        const transferList = [task.kind === "import-xlsx" ? task.bytes.buffer : task.body.bytes];
        return (await piscina.run(task, { signal, transferList })) as WorkResult<T>;
      } catch (error) {
        if (signal.aborted && !closing) throw new WorkTimeoutError();
        throw classifyWorkerError(error);
      } finally {
        inFlight -= 1;
      }
    },
    canAccept: () => !closing && inFlight < threads + queue,
    inFlight: () => inFlight,
    async destroy() {
      closing = true;
      await piscina.destroy();
    },
  };
}
