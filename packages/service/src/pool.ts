/**
 * The solve pool: piscina worker threads, so that no solve ever runs on the event loop.
 *
 * - Admission: at most `threads + queue` solves in flight; one more is refused with
 *   PoolFullError (the route answers 503). piscina's own `maxQueue` does not count tasks
 *   that carry an abort signal, so the count is kept here.
 * - Time: each solve gets the core's time limit, counted from admission, so a solve that
 *   waited in the queue has less of it. If the core has not answered `hardLimitMarginMs`
 *   after that, the task is aborted, which ends its worker thread (piscina starts a fresh
 *   one), and the answer is a plan with status `timedout`.
 * - Memory: each thread's heap is bounded (`heapMb`, from `--worker-heap-mb`). A solve that
 *   needs more ends its own thread (piscina starts a fresh one) and is rejected with
 *   WorkerOutOfMemoryError (see worker-errors.ts). The process and the other solves go on.
 * - Input: a solve's body goes to its worker as bytes, moved rather than copied, and is parsed
 *   and checked there (limits.ts `readBody`): a body that is no JSON or over a cap comes back
 *   as its problem (`RefusedBody`), never as a parsed value on the event loop.
 */
import { PLAN_FORMAT, type SolveOptions, type SolveResult } from "@rotamatch/core";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { PoolFullError } from "./errors.js";
import type { SolveWatch } from "./jobs.js";
import type { JsonBody } from "./limits.js";
import type { SolveAnswer, SolveTask, WorkerMessage } from "./worker.js";
import { classifyWorkerError } from "./worker-errors.js";

/** How long an answer waits, at most, for the worker's last progress reports. */
const REPORTS_GRACE_MS = 1_000;

export interface PoolOptions {
  /** Worker threads (solves running at once). */
  readonly threads: number;
  /** Solves that may wait for a thread. */
  readonly queue: number;
  /** Ms after a solve's time limit before its worker is ended. */
  readonly hardLimitMarginMs: number;
  /** Most heap of each worker thread in MiB (V8's old generation); unbounded when absent. */
  readonly heapMb?: number;
  /** Most issues an invalid cohort's answer carries back, the rest counted (see SolveTask); unset: all. */
  readonly maxIssues?: number;
  /** The built worker module (default: dist/worker.js of this package). */
  readonly workerUrl?: URL;
  /** Hears failures of a thread that no task was waiting on (piscina's `error` event). */
  readonly onPoolError?: (error: unknown) => void;
  /**
   * Ms after which an idle thread ends, heap and all; with it set, no thread is kept when idle
   * (default: one thread is kept, and the others end after 60 s idle). For pools whose tasks
   * read big bodies (jobs, validation, import, export): a thread's heap grows with the biggest
   * body it parsed and is not given back while the thread lives.
   */
  readonly retireIdleAfterMs?: number;
}

export interface SolvePool {
  /**
   * Parses, checks and solves a body off the event loop (the body travels as text: see
   * worker.ts); rejects with PoolFullError when full or closing. `watch` hears when the solve
   * starts and how it progresses, and its signal ends the solve early.
   */
  solve(body: JsonBody, options: SolveOptions, watch?: SolveWatch): Promise<SolveAnswer>;
  /** Whether another solve would be taken now. */
  canAccept(): boolean;
  /** Solves admitted and not yet answered. */
  inFlight(): number;
  /** Stops taking solves and waits up to `graceMs` for those in flight; true when all finished. */
  drain(graceMs: number): Promise<boolean>;
  /** Ends every worker thread; solves still running are answered `timedout`. */
  destroy(): Promise<void>;
}

/** dist/worker.js next to the running module; from source (tests), the built one. */
export function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../dist/worker.js", here) : new URL("./worker.js", here);
}

/**
 * piscina's `resourceLimits` for a heap of `heapMb` MiB: the old generation is the heap asked
 * for; the young generation (where new objects start, collected often) is an eighth of it,
 * between 16 and 64 MiB, so that a small heap still leaves room for the old generation and a
 * big one does not collect more often than V8 would by default.
 */
export function workerResourceLimits(heapMb: number | undefined): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } | undefined {
  if (heapMb === undefined) return undefined;
  return { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(16, Math.round(heapMb / 8))) };
}

/**
 * The worker threads' Node flags: no `require()` of ES modules (given explicitly, they replace
 * the parent's, some of which, such as `--expose-gc`, a worker may not be given). piscina
 * loads the worker module with `require()` first; on Node 20.19+ that loads our ES module
 * synchronously, and a thread ended during that load (a pool closed or a task aborted just
 * after start) brings the whole process down with a V8 fatal error ("IsGraphAsync ... must
 * be used on an instantiated module"). Refused by `require()`, piscina falls back to
 * `import()`, which a thread can be ended in safely.
 */
export const WORKER_EXEC_ARGV: readonly string[] = ["--no-experimental-require-module"];

/**
 * A piscina pool over the worker module, with bounded heaps. piscina emits `error` for a
 * thread that fails with no task on it; without a listener that event would throw and end the
 * process, so it is always heard (and passed to `onPoolError`).
 */
export function createPiscina<Task, Result>(options: {
  readonly threads: number;
  readonly heapMb?: number;
  readonly workerUrl?: URL;
  readonly onPoolError?: (error: unknown) => void;
  readonly retireIdleAfterMs?: number;
}): Piscina<Task, Result> {
  const resourceLimits = workerResourceLimits(options.heapMb);
  const piscina = new Piscina<Task, Result>({
    filename: (options.workerUrl ?? defaultWorkerUrl()).href,
    minThreads: options.retireIdleAfterMs === undefined ? 1 : 0,
    maxThreads: options.threads,
    idleTimeout: options.retireIdleAfterMs ?? 60_000,
    execArgv: [...WORKER_EXEC_ARGV],
    ...(resourceLimits === undefined ? {} : { resourceLimits }),
  });
  piscina.on("error", (error: unknown) => options.onPoolError?.(error));
  return piscina;
}

export function createSolvePool(options: PoolOptions): SolvePool {
  const { threads, queue, hardLimitMarginMs } = options;
  const piscina = createPiscina<SolveTask, SolveAnswer>(options);
  const stop = new AbortController();
  let inFlight = 0;
  let closing = false;
  const idleWaiters = new Set<() => void>();

  const settle = (): void => {
    inFlight -= 1;
    if (inFlight === 0) for (const wake of idleWaiters) wake();
  };

  return {
    async solve(body, solveOptions, watch = {}) {
      if (closing) throw new PoolFullError("the service is shutting down");
      if (inFlight >= threads + queue) throw new PoolFullError();
      inFlight += 1;
      const timeLimitMs = solveOptions.timeLimitMs ?? 60_000;
      const signals = [AbortSignal.timeout(timeLimitMs + hardLimitMarginMs), stop.signal];
      if (watch.signal !== undefined) signals.push(watch.signal);
      const signal = AbortSignal.any(signals);
      // The answer is decided by whichever comes first: the worker's result, or the abort.
      // piscina ends the worker on abort, but the caller never waits on piscina for that.
      const aborted = new Promise<"aborted">((resolve) => {
        if (signal.aborted) resolve("aborted");
        else signal.addEventListener("abort", () => resolve("aborted"), { once: true });
      });
      const task: SolveTask = {
        kind: "solve",
        body,
        timeLimitMs,
        deadline: Date.now() + timeLimitMs,
        ...(solveOptions.backend === undefined ? {} : { backend: solveOptions.backend }),
        ...(solveOptions.diagnose === undefined ? {} : { diagnose: solveOptions.diagnose }),
        ...(options.maxIssues === undefined ? {} : { maxIssues: options.maxIssues }),
      };
      // Progress comes back over a port of its own, so it reaches the event loop while the
      // worker is still busy with the solve.
      const channel = watch.onStart === undefined && watch.onProgress === undefined && watch.onStage === undefined ? null : new MessageChannel();
      // The worker says "end" after its last report; the answer waits for that (briefly), so
      // that no report arrives after it.
      let reportsDone: Promise<void> = Promise.resolve();
      if (channel !== null) {
        reportsDone = new Promise((resolve) => {
          channel.port1.on("message", (message: WorkerMessage) => {
            if (message.type === "start") watch.onStart?.();
            else if (message.type === "progress") watch.onProgress?.(message.progress);
            else if (message.type === "stage") watch.onStage?.(message.progress);
            else resolve();
          });
          setTimeout(resolve, REPORTS_GRACE_MS).unref();
        });
      }
      // The body's bytes are moved to the worker, not copied (see limits.ts JsonBody).
      const run =
        channel === null
          ? piscina.run(task, { signal, transferList: [body.bytes] })
          : piscina.run({ ...task, port: channel.port2 }, { signal, transferList: [body.bytes, channel.port2] });
      run.catch(() => undefined); // its rejection after an abort is expected and handled below
      try {
        const outcome = await Promise.race([run, aborted]);
        if (outcome === "aborted") return timedOut();
        await reportsDone;
        return outcome;
      } catch (error) {
        if (signal.aborted) return timedOut();
        throw classifyWorkerError(error);
      } finally {
        channel?.port1.close();
        settle();
      }
    },
    canAccept: () => !closing && inFlight < threads + queue,
    inFlight: () => inFlight,
    async drain(graceMs) {
      closing = true;
      if (inFlight === 0) return true;
      return new Promise<boolean>((resolve) => {
        const done = (finished: boolean): void => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve(finished);
        };
        const wake = (): void => done(true);
        const timer = setTimeout(() => done(false), graceMs);
        idleWaiters.add(wake);
      });
    },
    async destroy() {
      closing = true;
      stop.abort();
      await piscina.destroy();
    },
  };
}

/** The answer when a solve's worker had to be ended: no plan within the time limit. */
function timedOut(): SolveResult {
  return {
    ok: true,
    issues: [],
    plan: {
      format: PLAN_FORMAT,
      status: "timedout",
      objective: null,
      bound: null,
      assignments: [],
      unassigned: [],
      diagnosis: [],
    },
  };
}
