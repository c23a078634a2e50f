/**
 * The worker-thread side of a sweep: receives the shared job once (workerData), then one
 * RunSpec per message, and answers each with its RunRecord. Built to dist/sweep-worker.js.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runOne, type RunSpec, type SweepJob } from "./run-one.js";

const job = workerData as SweepJob;
const port = parentPort;
if (port === null) throw new Error("the sweep worker must run in a worker thread");
port.on("message", (run: RunSpec) => {
  port.postMessage(runOne(job, run));
});
