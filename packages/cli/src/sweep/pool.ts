/**
 * Runs a sweep's runs on worker threads: each thread takes the next run as soon as it has
 * answered the last, so results arrive in completion order; they are returned in run order.
 * A thread that dies (out of memory, say) fails only the run it had, and a fresh thread takes
 * over the runs left. Each solve keeps to the core's own time limit.
 */
import { Worker } from "node:worker_threads";
import { makeRecord, type RunRecord, type RunSpec, type SweepJob } from "./run-one.js";

export interface PoolOptions {
  /** Worker threads (runs at once); never more than there are runs. */
  readonly threads: number;
  /** Called once per finished run, in completion order. */
  readonly onRecord?: (record: RunRecord) => void;
  /** The built worker module (default: dist/sweep-worker.js of this package). */
  readonly workerUrl?: URL;
}

/** dist/sweep-worker.js next to the running bundle; from source (tests), the built one. */
function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../../dist/sweep-worker.js", here) : new URL("./sweep-worker.js", here);
}

export function runInWorkers(job: SweepJob, runs: readonly RunSpec[], options: PoolOptions): Promise<RunRecord[]> {
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const records: RunRecord[] = [];
  let next = 0;
  let live = 0;

  return new Promise((resolve) => {
    const finish = (record: RunRecord): void => {
      records.push(record);
      options.onRecord?.(record);
    };

    const start = (): void => {
      const worker = new Worker(workerUrl, { workerData: job });
      live += 1;
      let current: RunSpec | undefined;
      let failure = "the worker thread stopped";
      const feed = (): void => {
        current = runs[next];
        if (current === undefined) {
          void worker.terminate();
          return;
        }
        next += 1;
        worker.postMessage(current);
      };
      worker.on("message", (record: RunRecord) => {
        finish(record);
        feed();
      });
      worker.on("error", (error) => {
        failure = error.message;
      });
      worker.on("exit", () => {
        live -= 1;
        if (current !== undefined) {
          finish(makeRecord(current, { status: "error", error: failure }));
          if (next < runs.length) start();
        }
        if (live === 0) resolve(records.sort((a, b) => a.index - b.index));
      });
      feed();
    };

    const threads = Math.max(1, Math.min(options.threads, runs.length));
    if (runs.length === 0) resolve([]);
    else for (let i = 0; i < threads; i++) start();
  });
}
