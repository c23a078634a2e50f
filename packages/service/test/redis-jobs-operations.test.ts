/**
 * Re-plans, what-ifs and explanations as jobs on Redis: the store over a fake queue (what it
 * enqueues for each operation, and how it shows a record of each, old solves' records as
 * before), then with real processes (a Redis of the test's own, two service instances and a
 * `rotamatch worker`): each operation posted to one instance and read on the other with its
 * synchronous route's answer, a failed one with the route's problem, a cancel, and the list.
 * The real-process part is skipped with a message where redis-server is missing, failed in CI.
 */
import {
  PLAN_FORMAT,
  explanationSchema,
  generateCohort,
  replanPlanSchema,
  solveCohort,
  whatIfAnswerSchema,
  type CohortInput,
  type Explanation,
  type Plan,
  type SolvedPlan,
} from "@rotamatch/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView } from "../src/jobs.js";
import type { SolveJobProgress, SolveJobResult } from "../src/queue/protocol.js";
import type { EnqueueRequest, SolveJobRecord, SolveQueue } from "../src/queue/solve-queue.js";
import { createRedisJobStore } from "../src/redis-jobs.js";
import type { RunningServer } from "../src/server.js";
import { createApp } from "../src/app.js";
import { listCaps, type BodyCheck } from "../src/limits.js";
import { bodyOf, romerike, romerikeText } from "./support.js";
import { describeWithRedis, startRedis, type RunningRedis } from "./support/redis-server.js";
import { pollUntil, redisReady, sleep, startInstance, startWorker, type CliChild } from "./support/redis-processes.js";

const cohort = romerike as CohortInput;
const solved = solveCohort(cohort, { backend: "jslp", diagnose: false });
if (!solved.ok || solved.plan.status !== "optimal") throw new Error("Romerike 2013 should solve to optimality");
const plan = solved.plan as SolvedPlan;
const replanBody = (c: unknown, p: unknown, asOf = "2014-03-01") => ({ format: "rotamatch.replan/v1", asOf, cohort: c, plan: p });
const withoutMentor = { ...cohort, people: (cohort.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
const check = (shape: BodyCheck["shape"]): BodyCheck => ({ shape, caps: listCaps(200_000) });

/** A SolveQueue in memory: what was enqueued, and records the test writes. */
function fakeQueue() {
  const enqueued: EnqueueRequest[] = [];
  const records = new Map<string, SolveJobRecord>();
  const owners: string[] = [];
  const queue: Omit<SolveQueue, "queue"> = {
    enqueue: async (request) => {
      enqueued.push(request);
      const jobId = `job-${enqueued.length}`;
      const data = { options: request.options, tokenId: request.tokenId, inputHash: request.inputHash ?? "", version: "0.1.0", submittedAt: 0, maxTrainees: request.maxTrainees, ...(request.operation === undefined ? {} : { operation: request.operation }) };
      records.set(jobId, { id: jobId, state: "waiting", data, createdAt: 1_000, startedAt: null, finishedAt: null, progress: null, result: null, answer: null, failedReason: null, cancelRequested: false });
      owners.unshift(jobId);
      return { jobId, added: true };
    },
    read: async (jobId) => records.get(jobId) ?? null,
    bestPlan: async () => null,
    cancel: async () => undefined,
    list: async (_tokenId, offset, limit) => ({ ids: owners.slice(offset, offset + limit), total: owners.length }),
    activeCount: async () => 0,
    isConnected: () => true,
    ready: async () => undefined,
    close: async () => undefined,
  };
  const update = (jobId: string, change: Partial<SolveJobRecord>): void => {
    const record = records.get(jobId);
    if (record === undefined) throw new Error(`no record ${jobId}`);
    records.set(jobId, { ...record, ...change });
  };
  const store = createRedisJobStore({ queue: queue as SolveQueue, timeLimitMs: 60_000, ttlMs: 3_600_000, maxStored: 100, maxTrainees: 1_000, clock: () => 10_000 });
  return { store, enqueued, update };
}

describe("the Redis job store for each operation (a fake queue)", () => {
  it("enqueues a solve's data as before (no operation), and names every other operation", async () => {
    const { store, enqueued } = fakeQueue();
    await store.submit(bodyOf(cohort, check("cohort")), null, null, "h0");
    for (const shape of ["replan", "whatif", "explain"] as const) await store.submit(bodyOf({}, check(shape)), "tok", null, `h-${shape}`);
    expect(enqueued[0]).not.toHaveProperty("operation");
    expect(enqueued.map((r) => r.operation)).toEqual([undefined, "replan", "whatif", "explain"]);
    expect(enqueued[1]).toMatchObject({ tokenId: "tok", inputHash: "h-replan", maxTrainees: 1_000, options: { timeLimitMs: 60_000, backend: null } });
  });

  it("shows an old solve's record as before, with operation solve and no field of the other operations", async () => {
    const { store, update } = fakeQueue();
    const submitted = await store.submit(bodyOf(cohort, check("cohort")), null);
    const id = submitted?.id as string;
    expect(submitted).toMatchObject({ operation: "solve", state: "queued" });
    const result: SolveJobResult = { outcome: "done", plan };
    update(id, { state: "completed", startedAt: 2_000, finishedAt: 3_000, result });
    const view = (await store.get(id, null)) as JobView;
    expect(Object.keys(view).sort()).toEqual(["createdAt", "expiresAt", "finishedAt", "id", "operation", "plan", "problem", "progress", "startedAt", "state"]);
    expect(Object.keys(view.progress).sort()).toEqual(["bound", "elapsedMs", "gap", "objective"]);
    expect(view).toMatchObject({ operation: "solve", state: "done", plan: { objective: plan.objective } });
  });

  it("shows a re-plan's stages while it runs, then its plan and warnings, and a cancelled one without a plan", async () => {
    const { store, update } = fakeQueue();
    const id = (await store.submit(bodyOf({}, check("replan")), null))?.id as string;
    const progress: SolveJobProgress = { elapsedMs: 300, objective: 50, bound: 40, gap: 0.2, stages: [{ stage: "changes", status: "optimal", value: 1, bound: 1, elapsedMs: 120 }, { stage: "cost", status: "feasible", value: 50, bound: 40, elapsedMs: 300 }] };
    update(id, { state: "active", startedAt: 2_000, progress });
    expect(await store.get(id, null)).toMatchObject({ operation: "replan", state: "running", plan: null, warnings: [], progress });
    const replanned = { ...plan, changes: [] };
    const warnings = [{ code: "started_member_left", path: "plan", message: "A member has left." }];
    update(id, { state: "completed", finishedAt: 3_000, result: { outcome: "done", plan: replanned, warnings } as SolveJobResult });
    const done = (await store.get(id, null)) as JobView;
    expect(done).toMatchObject({ operation: "replan", state: "done", plan: replanned, warnings, problem: null });
    expect(done).not.toHaveProperty("answer");

    const cancelledId = (await store.submit(bodyOf({}, check("replan")), null))?.id as string;
    update(cancelledId, { state: "active", startedAt: 2_000 });
    expect(await store.cancel(cancelledId, null)).toMatchObject({ operation: "replan", state: "cancelled", plan: null, warnings: [] });
    update(cancelledId, { state: "completed", finishedAt: 4_000, cancelRequested: true, result: { outcome: "cancelled", plan: null } });
    expect(await store.get(cancelledId, null)).toMatchObject({ state: "cancelled", plan: null });
  });

  it("keeps a cancelled job cancelled when its worker finished before the cancel reached it (the race of a short solve)", async () => {
    const { store, update } = fakeQueue();
    const id = (await store.submit(bodyOf(cohort, check("cohort")), null))?.id as string;
    update(id, { state: "active", startedAt: 2_000 });
    expect(await store.cancel(id, null)).toMatchObject({ state: "cancelled" });
    // The worker's solve ended first: it stored "done" with its plan, and the cancel is on record.
    update(id, { state: "completed", finishedAt: 3_000, cancelRequested: true, result: { outcome: "done", plan } });
    expect(await store.get(id, null)).toMatchObject({ state: "cancelled", plan: { objective: plan.objective } });
    // A job finished with no cancel asked stays done.
    const other = (await store.submit(bodyOf(cohort, check("cohort")), null))?.id as string;
    update(other, { state: "completed", startedAt: 2_000, finishedAt: 3_000, result: { outcome: "done", plan } });
    expect(await store.get(other, null)).toMatchObject({ state: "done" });
  });

  it("shows a what-if's or an explanation's answer, its objective and its run time, and lists each job's operation", async () => {
    const { store, update } = fakeQueue();
    const explanation: Explanation = { format: "rotamatch.explanation/v1", objective: 42.5, lang: "en", trainees: [] };
    const answer = { format: "rotamatch.whatif/v1" as const, pins: [{ trainee: "t1", mentor: "x" }], status: "optimal" as const, objective: 45, delta: 2.5, deltaBound: null, changes: [], plan: { format: PLAN_FORMAT, status: "optimal", objective: 45, bound: 45, assignments: [], unassigned: [], diagnosis: [] } as Plan };
    const whatif = (await store.submit(bodyOf({}, check("whatif")), null))?.id as string;
    const explain = (await store.submit(bodyOf({}, check("explain")), null))?.id as string;
    expect(await store.get(whatif, null)).toMatchObject({ operation: "whatif", state: "queued", plan: null, answer: null });
    update(whatif, { state: "completed", startedAt: 2_000, finishedAt: 2_750, answer });
    update(explain, { state: "completed", startedAt: 2_000, finishedAt: 5_000, answer: explanation });
    expect(await store.get(whatif, null)).toMatchObject({ operation: "whatif", state: "done", plan: null, answer, progress: { objective: 45, bound: 45, gap: 0, elapsedMs: 750 }, problem: null });
    expect(await store.get(explain, null)).toMatchObject({ operation: "explain", state: "done", answer: explanation, progress: { objective: 42.5, bound: null, elapsedMs: 3_000 } });
    const page = await store.list(null, 0, 10);
    expect(page.jobs.map((j) => [j.operation, j.state, j.objective])).toEqual([
      ["explain", "done", 42.5],
      ["whatif", "done", 45],
    ]);
  });

  it("is what POST /v1/jobs hands each operation to (the app over the Redis store)", async () => {
    const { store, enqueued } = fakeQueue();
    const app = createApp({ solve: async () => Promise.reject(new Error("no solve here")), jobStore: store, referenceAssets: null, webAssets: null });
    const post = (path: string, body: string) => app.request(path, { method: "POST", body, headers: { "Content-Type": "application/json" } });
    expect((await post("/v1/jobs", romerikeText)).status).toBe(202);
    expect((await post("/v1/jobs", JSON.stringify(replanBody(cohort, plan)))).status).toBe(202);
    expect((await post("/v1/jobs?operation=explain", JSON.stringify({ cohort, plan }))).status).toBe(202);
    expect(enqueued.map((r) => r.operation)).toEqual([undefined, "replan", "explain"]);
    expect(new TextDecoder().decode(enqueued[1]?.cohortJson as Uint8Array)).toBe(JSON.stringify(replanBody(cohort, plan)));
  });
});

describeWithRedis("re-plans, what-ifs and explanations as jobs on Redis (real processes)", () => {
  let redis: RunningRedis;
  let a: RunningServer;
  let b: RunningServer;
  let worker: CliChild;

  beforeAll(async () => {
    redis = await startRedis();
    const extra = ["--job-time-limit", "30000"];
    [a, b, worker] = await Promise.all([startInstance(redis.url, extra), startInstance(redis.url, extra), startWorker(redis.url)]);
    await Promise.all([redisReady(a), redisReady(b)]);
  }, 90_000);

  afterAll(async () => {
    worker?.child.kill("SIGKILL");
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  }, 30_000);

  const post = (server: RunningServer, path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  async function posted(path: string, body: unknown): Promise<string> {
    const res = await post(a, path, body);
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }
  const finished = (id: string) => pollUntil(b, id, (j) => j.state === "done" || j.state === "failed" || j.state === "cancelled", 60_000) as Promise<JobView>;

  it("runs a re-plan, a what-if and an explanation posted to one instance, read on the other, with the routes' answers", async () => {
    const replanned = await finished(await posted("/v1/jobs", replanBody(withoutMentor, plan)));
    expect(replanned).toMatchObject({ operation: "replan", state: "done", warnings: [], problem: null });
    expect(replanPlanSchema.parse(replanned.plan).changes).toEqual([{ trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" }]);
    expect(replanned.progress.stages?.map((s) => s.stage)).toEqual(["changes", "cost"]);

    const pins = [{ trainee: "t4", period: "part-2", member: "skedsmo" }];
    const whatif = await finished(await posted("/v1/jobs?operation=whatif", { cohort, plan, pins }));
    expect(whatif).toMatchObject({ operation: "whatif", state: "done", plan: null });
    expect(whatIfAnswerSchema.parse(whatif.answer).delta).toBeCloseTo(0.519861762120712, 9);

    const body = { cohort, plan, trainee: "t4", lang: "en" };
    const explained = await finished(await posted("/v1/jobs?operation=explain", body));
    expect(explained).toMatchObject({ operation: "explain", state: "done", plan: null });
    const sync = await (await post(b, "/v1/explain", body)).text();
    expect(JSON.stringify(explanationSchema.parse(explained.answer))).toBe(sync);

    const list = (await (await fetch(`${b.url}/v1/jobs?limit=3`)).json()) as { jobs: { operation: string }[] };
    expect(list.jobs.map((j) => j.operation)).toEqual(["explain", "whatif", "replan"]);
  }, 120_000);

  it("fails a job with bad input with the synchronous route's 422 problem", async () => {
    const body = { cohort, plan, trainee: "t99" };
    const failed = await finished(await posted("/v1/jobs?operation=explain", body));
    const sync = await post(b, "/v1/explain", body);
    expect(sync.status).toBe(422);
    expect(failed).toMatchObject({ operation: "explain", state: "failed", answer: null });
    expect(failed.problem).toEqual(await sync.json());
  }, 60_000);

  it("cancels a running explanation through the other instance: cancelled with no answer, and it stays so", async () => {
    // Explaining every trainee of a generated cohort of 100 takes many seconds: long enough to cancel.
    const big = generateCohort({ trainees: 100, members: 20, seed: 12 });
    const bigPlan = solveCohort(big, { diagnose: false });
    if (!bigPlan.ok) throw new Error("the generated cohort should solve");
    const id = await posted("/v1/jobs?operation=explain", { cohort: big, plan: bigPlan.plan });
    await pollUntil(a, id, (j) => j.state === "running", 60_000);
    const cancelled = await fetch(`${b.url}/v1/jobs/${id}`, { method: "DELETE" });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ operation: "explain", state: "cancelled", answer: null });
    // The worker says so once the cancel reaches it (however late on a loaded machine), and the job stays cancelled.
    await worker.waitFor(/"job cancelled"/, 60_000);
    await sleep(500);
    expect(await pollUntil(a, id, () => true)).toMatchObject({ state: "cancelled", answer: null });
  }, 120_000);
});
