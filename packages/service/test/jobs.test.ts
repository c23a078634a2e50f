/**
 * The job store, with a fake runner and a fake clock: states, progress, cancel keeping the best
 * plan, expiry, visibility per token, and limits.
 */
import { PLAN_FORMAT, type Issue, type Plan, type SolveOptions, type SolveResult } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import type { LogRecord } from "../src/app.js";
import type { JsonBody } from "../src/limits.js";
import { MAX_JOB_ISSUES, createJobStore, type JobStoreOptions, type SolveWatch } from "../src/jobs.js";
import { WorkerOutOfMemoryError } from "../src/worker-errors.js";
import type { PooledSolveResult } from "../src/worker.js";
import { bodyOf } from "./support.js";

/** A plan of any status with any numbers (the store does not look inside), typed as a Plan. */
function plan(status: Plan["status"], objective: number | null, bound: number | null = objective): Plan {
  return <Plan>{ format: PLAN_FORMAT, status, objective, bound, assignments: [], unassigned: [], diagnosis: [] };
}

/** A runner whose solves the test finishes by hand. */
function manualRunner() {
  const runs: { body: JsonBody; options: SolveOptions; watch: SolveWatch; finish: (r: SolveResult) => void; fail: (e: unknown) => void }[] = [];
  const run: JobStoreOptions["run"] = (body, options, watch) =>
    new Promise<SolveResult>((resolve, reject) => runs.push({ body, options, watch, finish: resolve, fail: reject }));
  return { run, runs };
}

function setup(overrides: Partial<JobStoreOptions> = {}) {
  const { run, runs } = manualRunner();
  let now = Date.UTC(2026, 10, 22, 10, 0, 0);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const store = createJobStore({ run, canAccept: () => true, timeLimitMs: 60_000, ttlMs: 3_600_000, maxStored: 10, clock: clock.now, ...overrides });
  return { store, runs, clock };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("job store", () => {
  it("goes queued, running, done, with progress and the best plan so far on the way", async () => {
    const { store, runs, clock } = setup();
    const submitted = store.submit(bodyOf({ cohort: 1 }), null);
    expect(submitted).toMatchObject({ state: "queued", startedAt: null, finishedAt: null, expiresAt: null, plan: null, problem: null });
    const id = submitted?.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(runs[0]?.options).toEqual({ timeLimitMs: 60_000 });
    expect(runs[0]?.body).toEqual(bodyOf({ cohort: 1 }));

    clock.advance(1_000);
    runs[0]?.watch.onStart?.();
    expect(store.get(id, null)).toMatchObject({ state: "running", startedAt: "2026-11-22T10:00:01.000Z" });

    runs[0]?.watch.onProgress?.({ elapsedMs: 120, objective: 50, bound: 40, plan: plan("feasible", 50, 40) });
    runs[0]?.watch.onProgress?.({ elapsedMs: 400, objective: 50, bound: 45 });
    const running = store.get(id, null);
    expect(running?.progress).toEqual({ elapsedMs: 400, objective: 50, bound: 45, gap: 0.1 });
    expect(running?.plan?.objective).toBe(50);

    clock.advance(2_000);
    runs[0]?.finish({ ok: true, plan: plan("optimal", 47), issues: [] });
    await settle();
    const done = store.get(id, null);
    expect(done).toMatchObject({
      state: "done",
      finishedAt: "2026-11-22T10:00:03.000Z",
      expiresAt: "2026-11-22T11:00:03.000Z",
      progress: { objective: 47, bound: 47, gap: 0 },
    });
    expect(done?.plan?.status).toBe("optimal");
    expect(store.active()).toBe(0);
  });

  it("cancels a running job, keeping its best plan, and ignores the solve's later answer", async () => {
    const { store, runs } = setup();
    const id = store.submit(bodyOf({}), null)?.id as string;
    runs[0]?.watch.onStart?.();
    runs[0]?.watch.onProgress?.({ elapsedMs: 10, objective: 9, bound: 3, plan: plan("feasible", 9, 3) });
    const cancelled = store.cancel(id, null);
    expect(cancelled).toMatchObject({ state: "cancelled", plan: { status: "feasible", objective: 9 }, progress: { gap: 6 / 9 } });
    expect(runs[0]?.watch.signal?.aborted).toBe(true);
    runs[0]?.finish({ ok: true, plan: plan("timedout", null, null), issues: [] });
    await settle();
    expect(store.get(id, null)).toMatchObject({ state: "cancelled", plan: { objective: 9 } });
    // Cancelling again, or cancelling a finished job, changes nothing.
    expect(store.cancel(id, null)).toEqual(store.get(id, null));
  });

  it("cancels a queued job without a plan", () => {
    const { store, runs } = setup();
    const id = store.submit(bodyOf({}), null)?.id as string;
    expect(store.cancel(id, null)).toMatchObject({ state: "cancelled", plan: null, startedAt: null });
    expect(runs[0]?.watch.signal?.aborted).toBe(true);
  });

  it("leaves a finished job as it is on cancel", async () => {
    const { store, runs } = setup();
    const id = store.submit(bodyOf({}), null)?.id as string;
    runs[0]?.finish({ ok: true, plan: plan("optimal", 1), issues: [] });
    await settle();
    expect(store.cancel(id, null)).toMatchObject({ state: "done", plan: { status: "optimal" } });
  });

  it("keeps the reported plan when the worker had to be ended at the hard limit", async () => {
    const { store, runs } = setup();
    const id = store.submit(bodyOf({}), null)?.id as string;
    runs[0]?.watch.onProgress?.({ elapsedMs: 10, objective: 9, bound: 3, plan: plan("feasible", 9, 3) });
    runs[0]?.finish({ ok: true, plan: plan("timedout", null, null), issues: [] });
    await settle();
    expect(store.get(id, null)).toMatchObject({ state: "done", plan: { status: "feasible", objective: 9, bound: 3 } });
  });

  it("fails with the invalid-cohort problem and the core's issues", async () => {
    const { store, runs } = setup();
    const id = store.submit(bodyOf({}), null)?.id as string;
    const issues = [{ code: "invalid_value" as const, path: "format", message: "format must be rotamatch.cohort/v1." }];
    runs[0]?.finish({ ok: false, plan: null, issues });
    await settle();
    expect(store.get(id, null)).toMatchObject({
      state: "failed",
      plan: null,
      problem: { status: 422, type: "https://rotamatch.dev/problems/invalid-cohort", issues },
    });
  });

  it("fails with an internal-error problem when the solve itself fails, without its message", async () => {
    const { store, runs } = setup();
    const id = store.submit(bodyOf({}), null)?.id as string;
    runs[0]?.fail(new Error("secret detail"));
    await settle();
    const job = store.get(id, null);
    expect(job).toMatchObject({ state: "failed", problem: { status: 500 } });
    expect(JSON.stringify(job)).not.toContain("secret detail");
  });

  it("shows a job only to the token that submitted it", () => {
    const { store } = setup();
    const id = store.submit(bodyOf({}), "token-a")?.id as string;
    expect(store.get(id, "token-a")?.id).toBe(id);
    expect(store.get(id, "token-b")).toBeUndefined();
    expect(store.get(id, null)).toBeUndefined();
    expect(store.cancel(id, "token-b")).toBeUndefined();
    expect(store.get(id, "token-a")?.state).toBe("queued");
  });

  it("forgets a finished job after the TTL, never a running one", async () => {
    const { store, runs, clock } = setup({ ttlMs: 60_000 });
    const finished = store.submit(bodyOf({}), null)?.id as string;
    const running = store.submit(bodyOf({}), null)?.id as string;
    runs[0]?.finish({ ok: true, plan: plan("optimal", 1), issues: [] });
    await settle();
    clock.advance(59_999);
    expect(store.get(finished, null)?.state).toBe("done");
    clock.advance(1);
    expect(store.get(finished, null)).toBeUndefined();
    clock.advance(10 * 3_600_000);
    expect(store.get(running, null)?.state).toBe("queued");
  });

  it("refuses a job when the pool cannot take it, or when every kept job is still active", async () => {
    let accept = false;
    const { store, runs } = setup({ canAccept: () => accept, maxStored: 2 });
    expect(store.submit(bodyOf({}), null)).toBeNull();
    accept = true;
    const first = store.submit(bodyOf({}), null)?.id as string;
    store.submit(bodyOf({}), null);
    expect(store.submit(bodyOf({}), null)).toBeNull();
    // A finished job gives way to a new one: the oldest finished first.
    runs[0]?.finish({ ok: true, plan: plan("optimal", 1), issues: [] });
    await settle();
    expect(store.submit(bodyOf({}), null)).not.toBeNull();
    expect(store.get(first, null)).toBeUndefined();
    expect(store.active()).toBe(2);
  });

  const issues = (n: number): Issue[] => Array.from({ length: n }, (_, i) => ({ code: "invalid_type", path: `trainees[${i}].name`, message: "Missing." }));

  it.each([
    ["all its issues, when they are few", issues(3), undefined, 3, "The cohort has 3 issues; see issues."],
    ["the first issues of many, the rest counted", issues(2_500), undefined, MAX_JOB_ISSUES, "The cohort has 2500 issues; see issues. The first 100 are listed, and 2,400 more."],
    ["the count the worker gave when it cut the list", issues(MAX_JOB_ISSUES), 50_000, MAX_JOB_ISSUES, "The cohort has 50000 issues; see issues. The first 100 are listed, and 49,900 more."],
  ])("keeps a bounded problem for an invalid cohort: %s", async (_name, found, issueCount, listed, detail) => {
    const { store, runs } = setup();
    const id = store.submit(bodyOf({}), null)?.id as string;
    const result: PooledSolveResult = { ok: false, plan: null, issues: found, ...(issueCount === undefined ? {} : { issueCount }) };
    runs[0]?.finish(result);
    await settle();
    const job = store.get(id, null);
    expect(job).toMatchObject({ state: "failed", plan: null, problem: { status: 422, detail } });
    expect(job?.problem?.issues).toHaveLength(listed);
  });

  it("logs a failed solve with the request id of its POST, never the error's message, and answers a bounded problem", async () => {
    const logs: LogRecord[] = [];
    const { store, runs } = setup({ logger: { error: (r) => logs.push(r) } });
    const crashed = store.submit(bodyOf({}), null, "req-42")?.id as string;
    const outOfMemory = store.submit(bodyOf({}), null, "req-43")?.id as string;
    runs[0]?.fail(new TypeError("cannot read trainee Kari Nordmann"));
    runs[1]?.fail(new WorkerOutOfMemoryError());
    await settle();
    expect(store.get(crashed, null)).toMatchObject({ state: "failed", problem: { status: 500, type: "https://rotamatch.dev/problems/internal-error" } });
    expect(store.get(outOfMemory, null)).toMatchObject({ state: "failed", problem: { status: 413, type: "https://rotamatch.dev/problems/worker-out-of-memory" } });
    expect(logs).toEqual([
      expect.objectContaining({ msg: "job failed", requestId: "req-42", error: "TypeError" }),
      expect.objectContaining({ msg: "job failed", requestId: "req-43", error: "WorkerOutOfMemoryError" }),
    ]);
    expect(JSON.stringify(logs)).not.toContain("Nordmann");
    expect(JSON.stringify(logs)).not.toContain(crashed);
  });
});
