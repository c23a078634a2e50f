/**
 * Load benchmark of the solve service: the real server (packages/service, built), started as a
 * child process on a free port on 127.0.0.1, driven with autocannon from this process.
 *
 *     npx tsx benchmarks/load.ts [--duration S] [--saturate S] [--write]
 *     npm run bench:load -- --write
 *
 * Scenario A (saturation): many clients post a cohort that takes about 0.3 s to solve
 * (generateCohort({ trainees: 50, members: 30, hosts: "chosen", seed: 1 })), more than the
 * pool's threads and queue hold, while one probe asks `GET /health` one request at a time; it
 * reports how many solves got 200 and how many 503 (and whether each 503 had Retry-After), and
 * the probe's latency, next to the same probe on the idle service.
 *
 * Scenario B (throughput): clients post examples/romerike-2013.json at increasing concurrency;
 * for each step the completed solves a second and the p50/p99 round trip of the 200 answers.
 *
 * Loopback only, bounded: every step stops after its duration or its request cap, a watchdog
 * ends the whole run after a few minutes, and the server is stopped (SIGTERM) at the end.
 * Nothing here runs in `npm test`. With --write the tables, the command and the machine replace
 * the section between the markers in docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateCohort } from "../packages/core/src/index.js";
import { writeDocSection } from "./support/doc-section.js";
import { summarizeLatencies, type Latencies } from "./support/stats.js";

const BIN = fileURLToPath(new URL("../packages/service/bin/rotamatch-service.js", import.meta.url));
const BUILT = new URL("../packages/service/dist/server.js", import.meta.url);
const ROMERIKE = readFileSync(new URL("../examples/romerike-2013.json", import.meta.url), "utf8");
const CONCURRENCY = [1, 2, 4, 8, 16] as const;
/** Request caps: a step stops at its duration or after this many requests, whichever is first. */
const MAX_REQUESTS_SATURATE = 100_000;
const MAX_REQUESTS_STEP = 20_000;

// autocannon ships no types: the part of its API used here.
interface AutocannonRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly onResponse?: (status: number, body: string, context: unknown, headers: Record<string, string | undefined>) => void;
}
interface AutocannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly maxOverallRequests: number;
  readonly timeout: number;
  /** Leave non-2xx answers out of the latency histogram (they are counted by status either way). */
  readonly excludeErrorStats: boolean;
  readonly requests: readonly AutocannonRequest[];
}
interface AutocannonResult {
  /** Latency of the 2xx answers only, in whole milliseconds. */
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number; readonly totalCount: number };
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
}
type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => unknown;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const run = (options: AutocannonOptions): Promise<AutocannonResult> =>
  new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error === null ? resolve(result) : reject(error)));
  });

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    saturate: { type: "string", default: "10" },
    write: { type: "boolean", default: false },
  },
});
const stepSeconds = Number(args.duration);
const saturateSeconds = Number(args.saturate);
for (const [flag, value] of [["--duration", stepSeconds], ["--saturate", saturateSeconds]] as const) {
  if (!Number.isFinite(value) || value < 1 || value > 60) {
    console.error(`${flag} must be a number of seconds from 1 to 60`);
    process.exit(1);
  }
}
if (!existsSync(BUILT)) {
  console.error("The service is not built; run `npm run build` first.");
  process.exit(1);
}

// ---------------------------------------------------------------- the server, as a child

interface Server {
  readonly url: string;
  readonly threads: number;
  readonly queue: number;
  readonly child: ChildProcess;
}

function startServer(): Promise<Server> {
  const child = spawn(process.execPath, [BIN, "--port", "0", "--host", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    // Every request is logged as a JSON line; read them all so the pipe never fills.
    const lines = createInterface({ input: child.stdout! });
    let started = false;
    lines.on("line", (line) => {
      if (started) return;
      try {
        const record = JSON.parse(line) as { msg?: string; url?: string; threads?: number; queue?: number };
        if (record.msg === "listening" && record.url !== undefined) {
          started = true;
          resolve({ url: record.url, threads: record.threads ?? 0, queue: record.queue ?? 0, child });
        }
      } catch {
        // not a log line
      }
    });
    child.once("exit", (code) => {
      if (!started) reject(new Error(`the service exited (${code}) before listening:\n${stderr}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

let server: Server | null = null;
const watchdogMs = (saturateSeconds + 3 + (CONCURRENCY.length + 1) * (stepSeconds + 2)) * 1000 + 60_000;
const watchdog = setTimeout(() => {
  console.error(`load benchmark: still running after ${watchdogMs / 1000} s; stopping`);
  server?.child.kill("SIGKILL");
  process.exit(1);
}, watchdogMs);
watchdog.unref();
process.once("exit", () => {
  if (server !== null && server.child.exitCode === null) server.child.kill("SIGKILL");
});

// ---------------------------------------------------------------- the /health probe

/** GETs /health one request at a time (keep-alive), a pause of `gapMs` between, until stopped. */
function probeHealth(url: string, gapMs: number): { stop: () => Promise<{ latencies: Latencies; failures: number }> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  let failures = 0;
  let running = true;
  const once = (): Promise<void> =>
    new Promise((resolve) => {
      const started = performance.now();
      const request = http.get(`${url}/health`, { agent, timeout: 10_000 }, (response) => {
        response.resume();
        response.on("end", () => {
          if (response.statusCode === 200) samples.push(performance.now() - started);
          else failures++;
          resolve();
        });
      });
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", () => {
        failures++;
        resolve();
      });
    });
  const loop = (async () => {
    while (running) {
      await once();
      await new Promise((r) => setTimeout(r, gapMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      agent.destroy();
      return { latencies: summarizeLatencies(samples), failures };
    },
  };
}

// ---------------------------------------------------------------- the scenarios

const json = { "content-type": "application/json" };
const count = (result: AutocannonResult, status: number): number => result.statusCodeStats[String(status)]?.count ?? 0;
const otherStatuses = (result: AutocannonResult): number =>
  Object.entries(result.statusCodeStats)
    .filter(([status]) => status !== "200" && status !== "503")
    .reduce((sum, [, s]) => sum + s.count, 0);

interface SaturationResult {
  readonly connections: number;
  readonly seconds: number;
  readonly ok: number;
  readonly shed: number;
  readonly shedWithRetryAfter: number;
  /** The plan statuses of the 200 answers, e.g. "14 optimal". */
  readonly planStatuses: string;
  readonly other: number;
  readonly errors: number;
  readonly solveP50: number;
  readonly solveP99: number;
  readonly idle: Latencies;
  readonly loaded: Latencies;
  readonly healthFailures: number;
}

async function saturate(target: Server): Promise<SaturationResult> {
  const big = JSON.stringify(generateCohort({ trainees: 50, members: 30, hosts: "chosen", seed: 1 }));
  const idleProbe = probeHealth(target.url, 10);
  await new Promise((r) => setTimeout(r, 3_000));
  const idle = await idleProbe.stop();

  const connections = (target.threads + target.queue) * 2;
  let shedWithRetryAfter = 0;
  const planStatuses = new Map<string, number>();
  const probe = probeHealth(target.url, 10);
  const result = await run({
    url: target.url,
    connections,
    duration: saturateSeconds,
    maxOverallRequests: MAX_REQUESTS_SATURATE,
    timeout: 30,
    excludeErrorStats: true,
    requests: [
      {
        method: "POST",
        path: "/v1/solve",
        headers: json,
        body: big,
        onResponse: (status, body, _context, headers) => {
          if (status === 503 && /^\d+$/.test(headers["retry-after"] ?? "")) shedWithRetryAfter++;
          if (status === 200) {
            const plan = JSON.parse(body) as { status?: string };
            const key = plan.status ?? "?";
            planStatuses.set(key, (planStatuses.get(key) ?? 0) + 1);
          }
        },
      },
    ],
  });
  const loaded = await probe.stop();
  return {
    connections,
    seconds: result.duration,
    ok: count(result, 200),
    shed: count(result, 503),
    shedWithRetryAfter,
    planStatuses: [...planStatuses].map(([k, v]) => `${v} ${k}`).join(", ") || "none",
    other: otherStatuses(result),
    errors: result.errors + result.timeouts,
    solveP50: result.latency.p50,
    solveP99: result.latency.p99,
    idle: idle.latencies,
    loaded: loaded.latencies,
    healthFailures: idle.failures + loaded.failures,
  };
}

interface StepResult {
  readonly connections: number;
  readonly seconds: number;
  readonly ok: number;
  readonly shed: number;
  readonly other: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

async function romerikeStep(target: Server, connections: number, seconds: number): Promise<StepResult> {
  const result = await run({
    url: target.url,
    connections,
    duration: seconds,
    maxOverallRequests: MAX_REQUESTS_STEP,
    timeout: 30,
    excludeErrorStats: true,
    requests: [{ method: "POST", path: "/v1/solve", headers: json, body: ROMERIKE }],
  });
  const ok = count(result, 200);
  return {
    connections,
    seconds: result.duration,
    ok,
    shed: count(result, 503),
    other: otherStatuses(result),
    errors: result.errors + result.timeouts,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

// ---------------------------------------------------------------- report

const ms = (value: number): string => (Number.isNaN(value) ? "–" : value < 10 ? value.toFixed(2) : value.toFixed(1));

function report(target: Server, a: SaturationResult, steps: readonly StepResult[]): string {
  const best = steps.reduce((x, y) => (y.perSecond > x.perSecond ? y : x));
  const single = steps.find((s) => s.connections === 1);
  const p50Met = single !== undefined && single.ok > 0 && single.p50 < 50;
  const rateMet = best.perSecond >= 100;
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const lines = [
    `Service: ${target.threads} worker threads, queue ${target.queue} (the defaults on this machine), so ${target.threads + target.queue} solves at once; one JSON log line per request to a pipe.`,
    "",
    `**Scenario A: saturation.** ${a.connections} connections post \`generateCohort({ trainees: 50, members: 30, hosts: "chosen", seed: 1 })\` (0.3 to 0.5 s a solve alone, in the solve-time table above) for ${a.seconds} s, each sending its next request as soon as it has an answer; meanwhile one probe sends \`GET /health\` one at a time, 10 ms apart.`,
    "",
    "| solve requests | 200 | plans | 503 | 503 with Retry-After | other status | errors | solve p50 ms (200s) | solve p99 ms (200s) |",
    "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${a.ok + a.shed + a.other} | ${a.ok} | ${a.planStatuses} | ${a.shed} | ${a.shedWithRetryAfter} | ${a.other} | ${a.errors} | ${a.solveP50} | ${a.solveP99} |`,
    "",
    "| `GET /health` | probes | p50 ms | p99 ms | max ms |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| idle service | ${a.idle.count} | ${ms(a.idle.p50)} | ${ms(a.idle.p99)} | ${ms(a.idle.max)} |`,
    `| pool saturated | ${a.loaded.count} | ${ms(a.loaded.p50)} | ${ms(a.loaded.p99)} | ${ms(a.loaded.max)} |`,
    "",
    `**Scenario B: throughput.** Each step posts \`examples/romerike-2013.json\` (8 trainees, 14 members) from N connections for ${stepSeconds} s, each sending its next request as soon as it has an answer. Latency is the round trip of the 200 answers (autocannon, whole milliseconds).`,
    "",
    "| connections | solves (200) | 503 | other | solves/s | p50 ms | p99 ms | max ms |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...steps.map(
      (s) => `| ${s.connections} | ${s.ok} | ${s.shed} | ${s.other + s.errors} | ${s.perSecond.toFixed(0)} | ${s.p50} | ${s.p99} | ${s.max} |`,
    ),
    "",
    `Targets: a Romerike round trip p50 under 50 ms: **${p50Met ? "met" : "not met"}** (${single === undefined ? "–" : single.p50} ms at 1 connection); at least 100 solves a second: **${rateMet ? "met" : "not met"}** (at most ${best.perSecond.toFixed(0)}/s, at ${best.connections} connections).`,
    "",
    `Command: \`npm run bench:load -- --write\` (steps of ${stepSeconds} s, saturation ${saturateSeconds} s). Measured on ${cpu} (${os.availableParallelism()} logical cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; the load generator and the /health probe run in one process on the same machine as the service, so their own delays are included.`,
  ];
  return lines.join("\n");
}

// ---------------------------------------------------------------- main

server = await startServer();
console.error(`service at ${server.url} (${server.threads} threads, queue ${server.queue})`);
try {
  console.error(`scenario A: saturating for ${saturateSeconds} s ...`);
  const a = await saturate(server);
  console.error("scenario B: warm-up ...");
  await romerikeStep(server, 2, 2);
  const steps: StepResult[] = [];
  for (const connections of CONCURRENCY) {
    console.error(`scenario B: ${connections} connection(s) for ${stepSeconds} s ...`);
    steps.push(await romerikeStep(server, connections, stepSeconds));
  }
  const text = report(server, a, steps);
  console.log(text);
  if (args.write) writeDocSection("load", text);
} finally {
  const code = await stopServer(server.child);
  console.error(`service stopped (exit ${code})`);
}
