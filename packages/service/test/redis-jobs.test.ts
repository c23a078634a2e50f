/**
 * Jobs on BullMQ and Redis (issue 14) with real processes: a Redis of the test's own (G's
 * harness, test/support/redis-server.ts), two service instances started with `--redis`, and
 * two `rotamatch worker` processes. Skipped with a message where redis-server is missing,
 * failed in CI.
 */
import { verifyPlan, type Plan } from "@rotamatch/core";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readSettings } from "../src/config.js";
import { startServer, type RunningServer } from "../src/server.js";
import { describeWithRedis, startRedis, type RunningRedis } from "./support/redis-server.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const COHORT_TEXT = readFileSync(`${ROOT}examples/romerike-2013.json`, "utf8");
const silent = { info: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A `rotamatch worker` process, from the CLI's sources; resolves once it says it started. */
function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", `${ROOT}packages/cli/src/cli.ts`, "worker", "--redis", url, "--shutdown-grace", "2000"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start: ${output}`)), 30_000);
    const hear = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"worker started"')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on("data", hear);
    child.stderr?.on("data", hear);
    child.once("exit", (code) => reject(new Error(`the worker exited (${code}): ${output}`)));
  });
}

async function redisReady(server: RunningServer): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ready = (await (await fetch(`${server.url}/ready`)).json()) as { redis?: string };
    if (ready.redis === "ok") return;
    await sleep(100);
  }
  throw new Error("the instance never reached Redis");
}

async function startInstance(url: string, extra: readonly string[] = []): Promise<RunningServer> {
  const read = readSettings(["--port", "0", "--redis", url, "--job-time-limit", "3000", "--threads", "1", ...extra], {});
  if (!read.ok) throw new Error(read.error);
  return startServer(read.settings, silent);
}

const postJob = (server: RunningServer) =>
  fetch(`${server.url}/v1/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: COHORT_TEXT });

async function pollUntil(server: RunningServer, id: string, done: (job: { state: string }) => boolean, timeoutMs = 40_000): Promise<{ state: string; plan: Plan | null }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${server.url}/v1/jobs/${id}`);
    const job = (await res.json()) as { state: string; plan: Plan | null };
    if (done(job)) return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.state}`);
    await sleep(100);
  }
}

describeWithRedis("jobs on Redis across instances and workers (real processes)", () => {
  let redis: RunningRedis;
  let a: RunningServer;
  let b: RunningServer;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startInstance(redis.url), startInstance(redis.url)]);
    workers.push(...(await Promise.all([startWorker(redis.url), startWorker(redis.url)])));
    await Promise.all([redisReady(a), redisReady(b)]);
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill("SIGKILL");
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  }, 30_000);

  it("runs a job posted to one instance, read on the other, with a plan the verifier accepts, and lists it", async () => {
    const res = await postJob(a);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const job = await pollUntil(b, id, (j) => j.state === "done" || j.state === "failed");
    expect(job.state).toBe("done");
    expect(job.plan).not.toBeNull();
    const cohort = JSON.parse(COHORT_TEXT) as Parameters<typeof verifyPlan>[0];
    expect(verifyPlan(cohort, job.plan as Plan).ok).toBe(true);
    const list = (await (await fetch(`${b.url}/v1/jobs?limit=5`)).json()) as { jobs: { id: string; inputHash: string; state: string }[] };
    expect(list.jobs.map((j) => j.id)).toContain(id);
    expect(list.jobs.find((j) => j.id === id)?.inputHash).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it("cancels through the other instance: cancelled at once, and stays cancelled when its worker answers", async () => {
    const { id } = (await (await postJob(a)).json()) as { id: string };
    await pollUntil(a, id, (j) => j.state === "running");
    const cancelled = await fetch(`${b.url}/v1/jobs/${id}`, { method: "DELETE" });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { state: string }).state).toBe("cancelled");
    await sleep(1_500);
    const later = await pollUntil(a, id, () => true);
    expect(later.state).toBe("cancelled");
  }, 60_000);

  it("answers 503 with Retry-After on the job routes while Redis is away, keeps /health and /ready, and recovers by itself", async () => {
    await redis.halt();
    const refused = await postJob(a);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await refused.json()) as { type: string }).type).toMatch(/not-ready$/);
    expect((await fetch(`${a.url}/health`)).status).toBe(200);
    const ready = (await (await fetch(`${a.url}/ready`)).json()) as { redis: string; missing?: string[] };
    expect(ready.redis).toBe("unavailable");
    expect(ready.missing?.[0]).toMatch(/^redis: /);
    await redis.start();
    const until = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < until) {
      status = (await fetch(`${a.url}/v1/jobs`)).status;
      if (status === 200) break;
      await sleep(200);
    }
    expect(status).toBe(200);
  }, 60_000);
});
