/**
 * Real processes around a test Redis (redis-server.ts): `rotamatch worker` and `rotamatch
 * serve` children run from the CLI's sources through tsx, and in-process service instances
 * started with `--redis`, with the few waits the Redis tests share. Each child's output is
 * kept, so that a test can tell which worker ran a job ("job started" lines) and that nothing
 * printed a stack trace.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { readSettings } from "../../src/config.js";
import { startServer, type RunningServer } from "../../src/server.js";

export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CLI = `${ROOT}packages/cli/src/cli.ts`;
const silent = { info: () => {}, error: () => {} };
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A child process of the CLI with everything it printed so far. */
export interface CliChild {
  readonly child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves once the output contains `text` (rejects after `timeoutMs`, or if the process exits first). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
}

/** Spawns `rotamatch ARGS...` from the CLI's sources. */
export function spawnCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliChild {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const hear = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", hear);
  child.stderr?.on("data", hear);
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const waitFor = (text: string | RegExp, timeoutMs = 60_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const found = () => (typeof text === "string" ? output.includes(text) : text.test(output));
      const check = () => {
        if (!found()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${String(text)} within ${timeoutMs} ms; output: ${output.slice(-2000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      void exited.then((code) => {
        if (!listeners.has(check)) return;
        cleanup();
        if (found()) resolve();
        else reject(new Error(`the process exited (${code}) before ${String(text)}; output: ${output.slice(-2000)}`));
      });
      check();
    });
  return { child, output: () => output, waitFor, exited };
}

/** A `rotamatch worker --redis URL` process; resolves once it says it started. */
export async function startWorker(url: string, extra: readonly string[] = []): Promise<CliChild> {
  const worker = spawnCli(["worker", "--redis", url, "--shutdown-grace", "2000", ...extra]);
  await worker.waitFor('"worker started"');
  return worker;
}

/** An in-process service instance on Redis (port 0), silent. */
export async function startInstance(url: string, extra: readonly string[] = []): Promise<RunningServer> {
  const read = readSettings(["--port", "0", "--redis", url, "--job-time-limit", "3000", "--threads", "1", ...extra], {});
  if (!read.ok) throw new Error(read.error);
  return startServer(read.settings, silent);
}

/** Resolves once the instance's /ready says it reaches Redis. */
export async function redisReady(server: RunningServer, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ready = (await (await fetch(`${server.url}/ready`)).json()) as { redis?: string };
    if (ready.redis === "ok") return;
    await sleep(100);
  }
  throw new Error("the instance never reached Redis");
}

export const postJob = (server: RunningServer, body: string) =>
  fetch(`${server.url}/v1/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body });

/** A job as GET /v1/jobs/:id answers it (the fields the tests look at). */
export interface JobView {
  readonly state: string;
  readonly plan: unknown;
}

/** Polls GET /v1/jobs/:id until `done` says so (rejects after `timeoutMs`). */
export async function pollUntil(server: RunningServer, id: string, done: (job: JobView) => boolean, timeoutMs = 40_000): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${server.url}/v1/jobs/${id}`);
    const job = (await res.json()) as JobView;
    if (done(job)) return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.state}`);
    await sleep(100);
  }
}

/** Whether a worker's output says it started the job (its "job started" log line). */
export function startedJob(worker: CliChild, id: string): boolean {
  return worker.output().split("\n").some((line) => line.includes('"job started"') && line.includes(`"job":"${id}"`));
}
