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
 */
import { PLAN_FORMAT, type SolveOptions, type SolveResult } from "@rotamatch/core";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { PoolFullError } from "./errors.js";
import type { SolveWatch } from "./jobs.js";
import type { SolveTask, WorkerMessage } from "./worker.js";

/** How long an answer waits, at most, for the worker's last progress reports. */
const REPORTS_GRACE_MS = 1_000;

export interface PoolOptions {
  /** Worker threads (solves running at once). */
  readonly threads: number;
  /** Solves that may wait for a thread. */
  readonly queue: number;
  /** Ms after a solve's time limit before its worker is ended. */
  readonly hardLimitMarginMs: number;
  /** The built worker module (default: dist/worker.js of this package). */
  readonly workerUrl?: URL;
}

export interface SolvePool {
  /**
   * Solves off the event loop; rejects with PoolFullError when full or closing. `watch` hears
   * when the solve starts and how it progresses, and its signal ends the solve early.
   */
  solve(cohortJson: unknown, options: SolveOptions, watch?: SolveWatch): Promise<SolveResult>;
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

export function createSolvePool(options: PoolOptions): SolvePool {
  const { threads, queue, hardLimitMarginMs } = options;
  const piscina = new Piscina<SolveTask, SolveResult>({
    filename: (options.workerUrl ?? defaultWorkerUrl()).href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  const stop = new AbortController();
  let inFlight = 0;
  let closing = false;
  const idleWaiters = new Set<() => void>();

  const settle = (): void => {
    inFlight -= 1;
    if (inFlight === 0) for (const wake of idleWaiters) wake();
  };

  return {
    async solve(cohort, solveOptions, watch = {}) {
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
      const task: SolveTask = { cohort, timeLimitMs, deadline: Date.now() + timeLimitMs };
      // Progress comes back over a port of its own, so it reaches the event loop while the
      // worker is still busy with the solve.
      const channel = watch.onStart === undefined && watch.onProgress === undefined ? null : new MessageChannel();
      // The worker says "end" after its last report; the answer waits for that (briefly), so
      // that no report arrives after it.
      let reportsDone: Promise<void> = Promise.resolve();
      if (channel !== null) {
        reportsDone = new Promise((resolve) => {
          channel.port1.on("message", (message: WorkerMessage) => {
            if (message.type === "start") watch.onStart?.();
            else if (message.type === "progress") watch.onProgress?.(message.progress);
            else resolve();
          });
          setTimeout(resolve, REPORTS_GRACE_MS).unref();
        });
      }
      const run =
        channel === null
          ? piscina.run(task, { signal })
          : piscina.run({ ...task, port: channel.port2 }, { signal, transferList: [channel.port2] });
      run.catch(() => undefined); // its rejection after an abort is expected and handled below
      try {
        const outcome = await Promise.race([run, aborted]);
        if (outcome === "aborted") return timedOut();
        await reportsDone;
        return outcome;
      } catch (error) {
        if (signal.aborted) return timedOut();
        throw error;
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
