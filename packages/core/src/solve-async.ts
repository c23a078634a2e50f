/**
 * solveCohortAsync: solveCohort in a worker thread, so that the calling thread's event loop
 * keeps running (a server's other requests, a page's timers), with an AbortSignal that ends
 * the solve early and keeps the best plan so far.
 *
 * node:worker_threads is imported inside the function, so that the main entry still loads
 * in a browser bundle (where calling this rejects). The worker is a separate build entry next
 * to this module: dist/solve-worker.js (ESM) or .cjs (CJS); from the TypeScript sources
 * (tests), solve-worker.ts through tsx.
 */
import { checkSolveOptions, PlanVerificationError, type SolveOptions, type SolveResult } from "./plan.js";
import type { SolveRequest, WorkerMessage } from "./solve-messages.js";

/** The options of solveCohort; `onProgress` runs on the calling thread, with cloned reports. */
export type AsyncSolveOptions = SolveOptions;

/**
 * Solves in a worker thread. The answer is solveCohort's: input issues resolve (they do not
 * reject); bad options reject with a TypeError; a plan that fails verification rejects with
 * PlanVerificationError. On abort, the solve stops at its next check and resolves with the
 * best plan so far (`feasible` with its bound), or `timedout` when none was found.
 */
export async function solveCohortAsync(input: unknown, options: AsyncSolveOptions = {}): Promise<SolveResult> {
  const settings = checkSolveOptions(options);
  if (typeof settings === "string") throw new TypeError(settings);
  const { Worker } = await import("node:worker_threads");
  const abort = new SharedArrayBuffer(4);
  const flag = new Int32Array(abort);
  const request: SolveRequest = {
    input,
    options: { timeLimitMs: settings.timeLimitMs, backend: settings.backend, diagnose: settings.diagnose },
    progress: options.onProgress !== undefined,
    abort,
  };
  const worker = startWorker(Worker, request);
  const onAbort = (): void => {
    Atomics.store(flag, 0, 1);
  };
  const signal = options.signal;
  if (signal?.aborted === true) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });

  try {
    return await new Promise<SolveResult>((resolve, reject) => {
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "progress") {
          try {
            options.onProgress?.(message.progress);
          } catch (error) {
            // As in solveCohort, what the callback throws ends the solve.
            onAbort();
            reject(error);
          }
        } else if (message.type === "result") resolve(message.result);
        else if (message.violations !== undefined) reject(new PlanVerificationError(message.violations));
        else reject(Object.assign(new Error(message.message), { name: message.name }));
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the solve's worker thread ended (exit code ${code}) without an answer`)));
    });
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // Its answer is in: the worker has nothing left to do (ends it at once after a throw too).
    void worker.terminate();
  }
}

/**
 * The worker's file next to this module, in the same format. From the TypeScript sources
 * (tests), a bootstrap registers tsx in the worker first and then imports solve-worker.ts.
 */
function startWorker(Worker: typeof import("node:worker_threads").Worker, request: SolveRequest): import("node:worker_threads").Worker {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const source = JSON.stringify(new URL("./solve-worker.ts", here).href);
    const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${source}); })`;
    return new Worker(bootstrap, { eval: true, workerData: request });
  }
  return new Worker(new URL(here.endsWith(".cjs") ? "./solve-worker.cjs" : "./solve-worker.js", here), { workerData: request });
}
