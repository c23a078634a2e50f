/**
 * The worker pool, with the built worker (dist/worker.js; the root `npm test` builds first).
 */
import { existsSync } from "node:fs";
import { generateCohort, planSchema } from "@rotamatch/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { PoolFullError } from "../src/errors.js";
import { createSolvePool, defaultWorkerUrl, type SolvePool } from "../src/pool.js";
import { postJson, romerike, solveIn } from "./support.js";

const spinWorker = new URL("./fixtures/spin-worker.mjs", import.meta.url);
const pools: SolvePool[] = [];
const track = (pool: SolvePool): SolvePool => (pools.push(pool), pool);

beforeAll(() => {
  if (!existsSync(defaultWorkerUrl())) throw new Error(`${defaultWorkerUrl().pathname} is missing: run \`npm run build\` first`);
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.destroy()));
});

/** ms until a timer fires: stays small when the event loop is free. */
async function healthLatency(app: ReturnType<typeof createApp>): Promise<number> {
  const started = performance.now();
  const res = await app.request("/health");
  expect(res.status).toBe(200);
  return performance.now() - started;
}

describe("solve pool", () => {
  it("solves the Romerike 2013 cohort in a worker thread", async () => {
    const pool = track(createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 5_000 }));
    const result = await solveIn(pool, romerike, { timeLimitMs: 20_000 });
    expect(result.ok).toBe(true);
    expect(planSchema.parse(result.plan).status).toBe("optimal");
    expect(pool.inFlight()).toBe(0);
  });

  it("returns the core's issues for an invalid cohort", async () => {
    const pool = track(createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 5_000 }));
    const result = await solveIn(pool, { format: "nope" }, { timeLimitMs: 1_000 });
    expect(result.ok).toBe(false);
    expect(result.issues.length).toBeGreaterThan(0);
  });

  it("ends a solve that overruns its hard limit and answers timedout, without blocking the event loop", async () => {
    const pool = track(createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 200, workerUrl: spinWorker }));
    const app = createApp({ solve: (c, o) => pool.solve(c, o), isReady: () => pool.canAccept(), config: { timeLimitMs: 300 } });
    const started = performance.now();
    const solving = app.request(...postJson("/v1/solve", JSON.stringify(romerike)));
    await new Promise((r) => setTimeout(r, 100));
    expect(await healthLatency(app)).toBeLessThan(100);
    expect((await app.request("/ready")).status).toBe(503);
    const res = await solving;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "timedout", assignments: [] });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(pool.inFlight()).toBe(0);
    expect((await app.request("/ready")).status).toBe(200);
  });

  it("a hard cohort with a tiny limit answers within the limit while /health stays fast", async () => {
    const cohort = generateCohort({ trainees: 50, members: 30, hosts: "chosen", awayPeriods: 2 });
    const pool = track(createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 500 }));
    const app = createApp({ solve: (c, o) => pool.solve(c, o), config: { timeLimitMs: 200 } });
    const started = performance.now();
    const solving = app.request(...postJson("/v1/solve", JSON.stringify(cohort)));
    await new Promise((r) => setTimeout(r, 50));
    expect(await healthLatency(app)).toBeLessThan(100);
    const res = await solving;
    expect(res.status).toBe(200);
    const plan = planSchema.parse(await res.json());
    expect(["timedout", "feasible", "optimal"]).toContain(plan.status);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("reports a solve's start and its better plans as it searches (the job watch)", async () => {
    const pool = track(createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 5_000 }));
    // Two away periods with hosts chosen: the search finds plans before it proves the best.
    const cohort = generateCohort({ trainees: 20, members: 10, hosts: "chosen", awayPeriods: 2, seed: 2 });
    const events: string[] = [];
    const plans: number[] = [];
    const result = await solveIn(pool, cohort, { timeLimitMs: 30_000 }, {
      onStart: () => events.push("start"),
      onProgress: (p) => {
        events.push("progress");
        expect(p.elapsedMs).toBeGreaterThanOrEqual(0);
        if (p.plan !== undefined) plans.push(planSchema.parse(p.plan).objective as number);
      },
    });
    expect(result.ok).toBe(true);
    expect(events[0]).toBe("start");
    expect(plans.length).toBeGreaterThan(0);
    // Every plan reported is at least as costly as the final one.
    for (const objective of plans) expect(objective).toBeGreaterThanOrEqual((result.plan?.objective as number) - 1e-9);
  });

  it("ends a solve whose watch signal aborts, at once, answering timedout", async () => {
    const pool = track(createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 5_000, workerUrl: spinWorker }));
    const stop = new AbortController();
    let started = false;
    const solving = solveIn(pool, romerike, { timeLimitMs: 60_000 }, { signal: stop.signal, onStart: () => (started = true) });
    await new Promise((r) => setTimeout(r, 100));
    const asked = performance.now();
    stop.abort();
    const result = await solving;
    expect(performance.now() - asked).toBeLessThan(1_000);
    expect(result.plan?.status).toBe("timedout");
    expect(started).toBe(false); // the spinning stand-in never says it started
    expect(pool.inFlight()).toBe(0);
  });

  it("refuses a solve beyond threads + queue with PoolFullError, and the route answers 503 with Retry-After", async () => {
    const pool = track(createSolvePool({ threads: 1, queue: 1, hardLimitMarginMs: 300, workerUrl: spinWorker }));
    const first = solveIn(pool, romerike, { timeLimitMs: 100 });
    const second = solveIn(pool, romerike, { timeLimitMs: 100 });
    expect(pool.canAccept()).toBe(false);
    await expect(solveIn(pool, romerike, { timeLimitMs: 100 })).rejects.toBeInstanceOf(PoolFullError);
    const app = createApp({ solve: (c, o) => pool.solve(c, o), config: { retryAfterSeconds: 3 } });
    const res = await app.request(...postJson("/v1/solve", JSON.stringify(romerike)));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await first).plan?.status).toBe("timedout");
    expect((await second).plan?.status).toBe("timedout");
    expect(pool.canAccept()).toBe(true);
  });

  it("drain waits for in-flight solves and then refuses new ones; destroy ends running ones", async () => {
    const pool = track(createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 5_000 }));
    const solving = solveIn(pool, romerike, { timeLimitMs: 20_000 });
    expect(await pool.drain(20_000)).toBe(true);
    expect((await solving).plan?.status).toBe("optimal");
    await expect(solveIn(pool, romerike, {})).rejects.toBeInstanceOf(PoolFullError);

    const spinning = track(createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 60_000, workerUrl: spinWorker }));
    const stuck = solveIn(spinning, romerike, { timeLimitMs: 60_000 });
    expect(await spinning.drain(100)).toBe(false);
    await spinning.destroy();
    expect((await stuck).plan?.status).toBe("timedout");
  });
});
