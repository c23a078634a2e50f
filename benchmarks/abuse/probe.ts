/**
 * The `/health` probe of the abuse suite, in a worker thread of its own: the suite builds
 * bodies of many megabytes and runs fast-check on its own event loop, which must not show up
 * as the server's latency. One keep-alive connection (its own, apart from the attack), one
 * `GET /health` at a time, about 20 ms apart. Each sample keeps its start time (epoch ms), so
 * stalls can be laid against the case that was running.
 */
import { Worker } from "node:worker_threads";
import { percentile, type Latencies } from "../support/stats.js";

export interface HealthSample {
  /** Epoch ms when the request was sent. */
  readonly at: number;
  readonly ms: number;
  /** 200 came back (else it failed: refused while the server restarted, or another status). */
  readonly ok: boolean;
}

export interface HealthProbe {
  /** Points the probe at another server (after a restart). */
  retarget(url: string): void;
  stop(): Promise<readonly HealthSample[]>;
}

// Plain JavaScript, run by the worker: no TypeScript loader is needed inside it.
const PROBE_SOURCE = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const now = () => performance.timeOrigin + performance.now();
let url = workerData.url;
let agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let running = true;
const samples = [];
parentPort.on("message", (message) => {
  if (message.url !== undefined) {
    url = message.url;
    agent.destroy();
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }
  if (message.stop === true) running = false;
});
const once = () => new Promise((resolve) => {
  const at = now();
  let done = false;
  const finish = (ok) => {
    if (done) return;
    done = true;
    samples.push({ at, ms: now() - at, ok });
    resolve();
  };
  const request = http.get(url + "/health", { agent, timeout: 30000 }, (response) => {
    response.resume();
    response.on("end", () => finish(response.statusCode === 200));
    response.on("error", () => finish(false));
  });
  request.on("timeout", () => request.destroy(new Error("timeout")));
  request.on("error", () => finish(false));
});
(async () => {
  while (running) {
    await once();
    await new Promise((r) => setTimeout(r, workerData.gapMs));
  }
  agent.destroy();
  parentPort.postMessage(samples);
})();
`;

export function startHealthProbe(url: string, gapMs = 20): HealthProbe {
  const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { url, gapMs } });
  const result = new Promise<readonly HealthSample[]>((resolve, reject) => {
    worker.once("message", (samples: readonly HealthSample[]) => resolve(samples));
    worker.once("error", reject);
  });
  return {
    retarget: (next) => worker.postMessage({ url: next }),
    stop: async () => {
      worker.postMessage({ stop: true });
      const samples = await result;
      await worker.terminate();
      return samples;
    },
  };
}

/** The latencies of the probes that answered 200, and how many did not. */
export interface LatencySummary extends Latencies {
  readonly failures: number;
}

/**
 * Latency of the samples sent within [from, to] (epoch ms) that answered 200. By the time sent,
 * not answered: a stall shows against the case that caused it, not the one after.
 */
export function summarizeHealth(samples: readonly HealthSample[], from = -Infinity, to = Infinity): LatencySummary {
  const within = samples.filter((s) => s.at >= from && s.at <= to);
  const sorted = within.filter((s) => s.ok).map((s) => s.ms).sort((a, b) => a - b);
  return {
    count: sorted.length,
    failures: within.length - sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}
