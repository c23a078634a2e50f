/**
 * The worker thread of solveCohortAsync (its own build entry): it runs solveCohort on the
 * request it is started with, posts each progress report and then the answer, and ends.
 * The caller's abort reaches it through shared memory, read where the solve checks its
 * deadline.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PlanVerificationError, solveWithStop } from "./plan.js";
import type { SolveRequest, WorkerMessage } from "./solve-messages.js";

const request = workerData as SolveRequest;
const port = parentPort;
if (port === null) throw new Error("solve-worker runs in a worker thread only");
const flag = new Int32Array(request.abort);
const post = (message: WorkerMessage): void => port.postMessage(message);

try {
  const result = solveWithStop(
    request.input,
    request.progress ? { ...request.options, onProgress: (progress) => post({ type: "progress", progress }) } : request.options,
    {
      get aborted() {
        return Atomics.load(flag, 0) === 1;
      },
    },
  );
  post({ type: "result", result });
} catch (error) {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  post(error instanceof PlanVerificationError ? { type: "error", name, message, violations: error.violations } : { type: "error", name, message });
}
