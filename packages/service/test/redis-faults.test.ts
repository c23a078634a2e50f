/**
 * The faults of issue 14 with real processes, none of which may lose a job or a finished
 * result: a worker killed with SIGKILL mid-job (stalled recovery on another worker), a worker
 * stopped with SIGTERM (it hands its job back), a service instance restarted on the same
 * Redis, and `serve` with a malformed or unreachable `--redis` (it starts and says so on
 * /ready, without a stack trace). One Redis and the workers are shared by the cases, in order.
 * Skipped with a message where redis-server is missing, failed in CI.
 *
 * The workers run with `--lock-duration-ms 5000 --stalled-interval-ms 2000`, so that a dead
 * worker's job runs elsewhere within seconds rather than BullMQ's default 30 s.
 */
import { generateCohort, verifyPlan, type Plan } from "@rotamatch/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningServer } from "../src/server.js";
import { describeWithRedis, freePort, startRedis, type RunningRedis } from "./support/redis-server.js";
import { pollUntil, postJob, redisReady, sleep, spawnCli, startInstance, startWorker, startedJob, type CliChild } from "./support/redis-processes.js";

/** A cohort whose solve takes seconds on one thread, so that a worker can be stopped in the middle of it. */
const COHORT = generateCohort({ trainees: 3_000, members: 150, seed: 14 });
const COHORT_TEXT = JSON.stringify(COHORT);
// 5 s, not less: on a loaded machine a 2 s lock was once lost by a live worker too, and the
// job, stalled twice, failed (BullMQ renews a lock every half of its duration).
const FAST_STALL = ["--lock-duration-ms", "5000", "--stalled-interval-ms", "2000"];
const INSTANCE = ["--job-time-limit", "20000"];

const verified = (plan: unknown): boolean => verifyPlan(COHORT, plan as Plan).ok;

describeWithRedis("faults with jobs on Redis (real processes)", () => {
  let redis: RunningRedis;
  let instance: RunningServer;
  const workers: CliChild[] = [];

  /** The worker that started the job, once one has (polling its log lines). */
  async function holderOf(id: string, timeoutMs = 40_000): Promise<CliChild> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const holder = workers.find((worker) => startedJob(worker, id) && worker.child.exitCode === null && worker.child.signalCode === null);
      if (holder !== undefined) return holder;
      await sleep(50);
    }
    throw new Error(`no worker started job ${id}`);
  }

  async function postedId(): Promise<string> {
    const res = await postJob(instance, COHORT_TEXT);
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    redis = await startRedis();
    const [started, ...both] = await Promise.all([startInstance(redis.url, INSTANCE), startWorker(redis.url, FAST_STALL), startWorker(redis.url, FAST_STALL)]);
    instance = started;
    workers.push(...both);
    await redisReady(instance);
  }, 90_000);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await instance?.close();
    await redis?.stop();
  }, 30_000);

  it("finishes on another worker the job of a worker killed with SIGKILL mid-job (stalled recovery)", async () => {
    const id = await postedId();
    const holder = await holderOf(id);
    await sleep(300); // well inside the solve
    holder.child.kill("SIGKILL");
    const killedAt = Date.now();
    expect(await holder.exited).toBe("SIGKILL");
    // A fresh worker for the next case meanwhile; the survivor takes the job back by itself.
    const replacement = startWorker(redis.url, FAST_STALL);
    const job = await pollUntil(instance, id, (j) => j.state === "done" || j.state === "failed", 60_000);
    console.info(`SIGKILL: the job was ${job.state} ${Date.now() - killedAt} ms after its worker was killed`);
    workers.push(await replacement);
    expect(job.state, JSON.stringify((job as { problem?: unknown }).problem ?? null)).toBe("done");
    expect(verified(job.plan)).toBe(true);
    expect(workers.some((worker) => worker !== holder && startedJob(worker, id))).toBe(true);
  }, 90_000);

  it("ends done the job of a worker stopped with SIGTERM: finished within the grace, or handed back and finished by another worker", async () => {
    const id = await postedId();
    const holder = await holderOf(id);
    await sleep(300);
    const stoppedAt = Date.now();
    holder.child.kill("SIGTERM");
    // --shutdown-grace 2000: a solve that ends within it finishes on this worker; one that
    // runs longer is handed back and another worker runs it. Either way the worker exits 0.
    expect(await holder.exited).toBe(0);
    const handedBack = holder.output().includes('"job handed back"');
    const finishedHere = holder.output().split("\n").some((line) => line.includes('"job done"') && line.includes(`"job":"${id}"`));
    console.info(`SIGTERM: the worker exited ${Date.now() - stoppedAt} ms after the signal; it ${handedBack ? "handed the job back" : "finished the job"}`);
    expect(handedBack !== finishedHere).toBe(true);
    const job = await pollUntil(instance, id, (j) => j.state === "done" || j.state === "failed", 60_000);
    console.info(`SIGTERM: the job was done ${Date.now() - stoppedAt} ms after the signal`);
    expect(job.state).toBe("done");
    expect(verified(job.plan)).toBe(true);
    if (handedBack) expect(workers.some((worker) => worker !== holder && startedJob(worker, id))).toBe(true);
  }, 90_000);

  it("keeps jobs and results across a restart of the service instance", async () => {
    const finished = await postedId();
    await pollUntil(instance, finished, (j) => j.state === "done", 60_000);
    const pending = await postedId();
    await instance.close();
    instance = await startInstance(redis.url, INSTANCE);
    await redisReady(instance);
    const again = await pollUntil(instance, finished, () => true);
    expect(again.state).toBe("done");
    expect(verified(again.plan)).toBe(true);
    const later = await pollUntil(instance, pending, (j) => j.state === "done" || j.state === "failed", 60_000);
    expect(later.state).toBe("done");
    expect(verified(later.plan)).toBe(true);
    const list = (await (await fetch(`${instance.url}/v1/jobs?limit=100`)).json()) as { jobs: { id: string }[] };
    expect(list.jobs.map((j) => j.id)).toEqual(expect.arrayContaining([finished, pending]));
  }, 90_000);

  it.each([
    ["malformed", async () => "http://127.0.0.1:6379", /^redis: --redis: the scheme "http:"/],
    ["unreachable", async () => `redis://127.0.0.1:${await freePort()}`, /^redis: cannot reach redis:\/\/127\.0\.0\.1:\d+\/0/],
  ])("starts `serve` with a %s --redis, says what is missing on /ready, refuses jobs with 503, prints no stack", async (_name, url, missing) => {
    const serve = spawnCli(["serve", "--port", "0", "--threads", "1", "--redis", await url()]);
    try {
      await serve.waitFor('"msg":"listening"');
      const address = /"url":"(http:\/\/[^"]+)"/.exec(serve.output())?.[1] ?? "";
      const ready = await fetch(`${address}/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { status: string; redis: string; missing: string[] };
      expect(body.redis).toBe("unavailable");
      expect(body.missing[0]).toMatch(missing);
      const refused = await fetch(`${address}/v1/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await fetch(`${address}/health`)).status).toBe(200);
      serve.child.kill("SIGTERM");
      expect(await serve.exited).toBe(0);
      expect(serve.output()).not.toMatch(/^\s+at /m);
    } finally {
      serve.child.kill("SIGKILL");
    }
  }, 60_000);
});
