/**
 * Worker threads with a bounded heap, with the built worker (dist/worker.js): a request that
 * needs more memory than a worker has is a 413 (a `failed` job), never a dead process; a value
 * too deeply nested to hand to a worker is a 4xx, never a 500; validation, import and export
 * run in the work pool, off the event loop.
 */
import { existsSync } from "node:fs";
import { planSchema } from "@rotamatch/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp, type LogRecord } from "../src/app.js";
import { createSolvePool, defaultWorkerUrl, type SolvePool } from "../src/pool.js";
import { createWorkPool, type WorkPool } from "../src/work-pool.js";
import { WorkerOutOfMemoryError } from "../src/worker-errors.js";
import { postJson, romerike, romerikeText, solveIn, textBody } from "./support.js";

/** A heap a worker starts in but that no big cohort fits in. */
const TINY_HEAP_MB = 32;
/** Far more than fits in TINY_HEAP_MB: 200,000 trainees, each an empty object with a few issues. */
const HUGE_TRAINEES = 200_000;
const hugeCohort = (): unknown => ({ ...(romerike as object), trainees: Array.from({ length: HUGE_TRAINEES }, () => ({})) });
/** Limits that let the huge cohort through to the worker (the caps are tested elsewhere). */
const roomy = { maxTrainees: HUGE_TRAINEES, maxJobTrainees: HUGE_TRAINEES, bodyLimitBytes: 64 << 20, jobBodyLimitBytes: 64 << 20 };
/** About 10 KB of `[[[[...]]]]`. */
const deepText = "[".repeat(5_000) + "]".repeat(5_000);

const closers: (() => Promise<void>)[] = [];
const solvePool = (heapMb?: number): SolvePool => {
  const pool = createSolvePool({ threads: 1, queue: 2, hardLimitMarginMs: 5_000, ...(heapMb === undefined ? {} : { heapMb }) });
  closers.push(() => pool.destroy());
  return pool;
};
const workPool = (heapMb?: number): WorkPool => {
  const pool = createWorkPool({ threads: 1, queue: 2, timeLimitMs: 30_000, ...(heapMb === undefined ? {} : { heapMb }) });
  closers.push(() => pool.destroy());
  return pool;
};

beforeAll(() => {
  if (!existsSync(defaultWorkerUrl())) throw new Error(`${defaultWorkerUrl().pathname} is missing: run \`npm run build\` first`);
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** An app over real pools, logging into `logs`. */
function pooledApp(solve: SolvePool, jobs: SolvePool, work: WorkPool) {
  const logs: LogRecord[] = [];
  const app = createApp({
    solve: (c, o) => solve.solve(c, o),
    solveJob: (c, o, w) => jobs.solve(c, o, w),
    work: (task) => work.run(task),
    config: roomy,
    logger: { info: (r) => logs.push(r), error: (r) => logs.push(r) },
  });
  return { app, logs };
}

async function pollJob(app: ReturnType<typeof createApp>, location: string): Promise<{ state: string; problem: { status: number; type: string; issues?: unknown[] } | null }> {
  for (let i = 0; i < 600; i++) {
    const job = (await (await app.request(location)).json()) as { state: string; problem: { status: number; type: string } | null };
    if (job.state !== "queued" && job.state !== "running") return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the job did not finish");
}

describe("a worker out of memory", () => {
  it("rejects that solve with WorkerOutOfMemoryError, and the next solve gets a fresh thread", async () => {
    const pool = solvePool(TINY_HEAP_MB);
    await expect(solveIn(pool, hugeCohort(), { timeLimitMs: 20_000 })).rejects.toBeInstanceOf(WorkerOutOfMemoryError);
    const next = await solveIn(pool, romerike, { timeLimitMs: 20_000 });
    expect(planSchema.parse(next.plan).status).toBe("optimal");
    expect(pool.inFlight()).toBe(0);
  }, 60_000);

  it("answers 413 worker-out-of-memory on /v1/solve, /v1/validate and /v1/export, a failed job on /v1/jobs, and the process goes on", async () => {
    const { app } = pooledApp(solvePool(TINY_HEAP_MB), solvePool(TINY_HEAP_MB), workPool(TINY_HEAP_MB));
    const text = JSON.stringify(hugeCohort());
    for (const [path, body] of [
      ["/v1/solve", text],
      ["/v1/validate", text],
      ["/v1/export?format=csv", `{"cohort":${text},"plan":{}}`],
    ] as const) {
      const res = await app.request(...postJson(path, body));
      expect(res.status, path).toBe(413);
      expect(await res.json(), path).toMatchObject({ type: "https://rotamatch.dev/problems/worker-out-of-memory", status: 413 });
    }
    // A job's body is checked in the work pool before it is queued (app.ts): out of memory
    // there, the POST itself is the 413; with room there, the job's own worker runs out.
    const refused = await app.request(...postJson("/v1/jobs", text));
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ type: "https://rotamatch.dev/problems/worker-out-of-memory", status: 413 });
    const jobs = pooledApp(solvePool(), solvePool(TINY_HEAP_MB), workPool());
    const posted = await jobs.app.request(...postJson("/v1/jobs", text, { "X-Request-Id": "oom-job-1" }));
    expect(posted.status).toBe(202);
    const job = await pollJob(jobs.app, posted.headers.get("location") as string);
    expect(job).toMatchObject({ state: "failed", problem: { status: 413, type: "https://rotamatch.dev/problems/worker-out-of-memory" } });
    expect(jobs.logs).toContainEqual(expect.objectContaining({ msg: "job failed", requestId: "oom-job-1", error: "WorkerOutOfMemoryError" }));
    // Every pool still works, each with a fresh thread.
    expect((await app.request(...postJson("/v1/solve", romerikeText))).status).toBe(200);
    expect(await (await app.request(...postJson("/v1/validate", romerikeText))).json()).toMatchObject({ valid: true });
    expect((await app.request("/health")).status).toBe(200);
  }, 120_000);
});

describe("a body too deeply nested", () => {
  it("goes to the pools as text, and the worker refuses it with 400 invalid-json: no deep value is ever handed over", async () => {
    const invalidJson = { refused: expect.objectContaining({ type: "https://rotamatch.dev/problems/invalid-json", status: 400 }) };
    await expect(solvePool().solve(textBody(deepText), { timeLimitMs: 1_000 })).resolves.toEqual(invalidJson);
    await expect(workPool().run({ kind: "validate", body: textBody(deepText) })).resolves.toEqual(invalidJson);
  });

  it.each(["/v1/solve", "/v1/jobs", "/v1/validate", "/v1/export?format=csv"])("answers 400 or 422 on %s, never 500", async (path) => {
    const { app } = pooledApp(solvePool(), solvePool(), workPool());
    const res = await app.request(...postJson(path, deepText));
    expect([400, 422]).toContain(res.status);
    const wrapped = await app.request(...postJson(path, `{"cohort":${deepText},"plan":${deepText},"trainees":[${deepText}]}`));
    expect([400, 422]).toContain(wrapped.status);
  });
});

describe("the work pool", () => {
  it("validates, imports and exports in a worker thread, with the same answers as in process", async () => {
    const pool = workPool();
    const pooled = pooledApp(solvePool(), solvePool(), pool).app;
    const inProcess = createApp({ solve: () => Promise.reject(new Error("not used")) });
    const plan = await (await pooled.request(...postJson("/v1/solve", romerikeText))).json();
    const requests: [string, string][] = [
      ["/v1/validate", romerikeText],
      ["/v1/validate", JSON.stringify({ format: "nope" })],
      ["/v1/import", JSON.stringify({ files: { "trainees.csv": "id;name\n" } })],
      ["/v1/export?format=csv", JSON.stringify({ cohort: romerike, plan })],
      ["/v1/export?format=ics", JSON.stringify({ cohort: romerike, plan })],
    ];
    for (const [path, body] of requests) {
      const [a, b] = await Promise.all([pooled.request(...postJson(path, body)), inProcess.request(...postJson(path, body))]);
      expect(a.status, path).toBe(b.status);
      expect(a.headers.get("content-type"), path).toBe(b.headers.get("content-type"));
      expect(new Uint8Array(await a.arrayBuffer()), path).toEqual(new Uint8Array(await b.arrayBuffer()));
    }
    expect(pool.inFlight()).toBe(0);
  });

  it("refuses work beyond threads + queue with 503 and Retry-After", async () => {
    const pool = createWorkPool({ threads: 1, queue: 0, timeLimitMs: 30_000 });
    closers.push(() => pool.destroy());
    const app = createApp({ solve: () => Promise.reject(new Error("not used")), work: (task) => pool.run(task), config: { ...roomy, retryAfterSeconds: 2 } });
    const big = JSON.stringify({ ...(romerike as object), trainees: Array.from({ length: 20_000 }, () => ({})) });
    const first = app.request(...postJson("/v1/validate", big));
    await new Promise((r) => setTimeout(r, 20));
    const second = await app.request(...postJson("/v1/validate", romerikeText));
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe("2");
    expect((await first).status).toBe(200);
  });

  it("keeps /health fast while a big validation runs (seconds of work in process)", async () => {
    const pool = workPool();
    const app = createApp({ solve: () => Promise.reject(new Error("not used")), work: (task) => pool.run(task) });
    // 10,000 trainees (the default job cap), each missing most fields: about 50,000 issues.
    const big = JSON.stringify({ ...(romerike as object), trainees: Array.from({ length: 10_000 }, (_, i) => ({ id: `t${i}` })) });
    // Once to start the thread and warm up; then measured.
    expect((await app.request(...postJson("/v1/validate", big))).status).toBe(200);
    const validating = app.request(...postJson("/v1/validate", big));
    let worst = 0;
    let done = false;
    void Promise.resolve(validating).then(() => (done = true));
    while (!done) {
      const started = performance.now();
      await new Promise((r) => setTimeout(r, 5));
      expect((await app.request("/health")).status).toBe(200);
      worst = Math.max(worst, performance.now() - started);
    }
    expect((await validating).status).toBe(200);
    expect(worst).toBeLessThan(250);
  }, 60_000);
});
