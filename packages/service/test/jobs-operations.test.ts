/**
 * Re-plans, what-ifs and explanations as jobs (POST /v1/jobs with a `rotamatch.replan/v1`
 * document or `?operation=`), in memory: each job done carries its synchronous route's answer,
 * bad bodies get the route's problems (400, 413, 415 at once; 422 as a failed job's problem),
 * the job limits apply to the body's cohort, a re-plan reports its stages, a cancel keeps no
 * plan, jobs are the token's own, and the list says each job's operation.
 */
import {
  explanationSchema,
  generateCohort,
  replanPlanSchema,
  solveCohort,
  verifyPlan,
  verifyReplan,
  whatIfAnswerSchema,
  type CohortInput,
  type Plan,
  type SolveResult,
  type SolvedPlan,
} from "@rotamatch/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createApp, type AppDeps } from "../src/app.js";
import { createSolvePool } from "../src/pool.js";
import type { JobRunner, JobView, SolveWatch } from "../src/jobs.js";
import { changeBody } from "../src/worker.js";
import { inProcessApp, postJson, romerike, romerikeText } from "./support.js";

const PROBLEM = "application/problem+json";
const cohort = romerike as CohortInput;
const solved = solveCohort(cohort, { backend: "jslp", diagnose: false });
if (!solved.ok || solved.plan.status !== "optimal") throw new Error("Romerike 2013 should solve to optimality");
const plan = solved.plan as SolvedPlan;

const replanBody = (c: unknown, p: unknown, asOf = "2014-03-01") => ({ format: "rotamatch.replan/v1", asOf, cohort: c, plan: p });
/** Romerike 2013 with t3's mentor gone: re-planned, one forced change. */
const withoutMentor = { ...cohort, people: (cohort.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

type App = ReturnType<typeof inProcessApp>["app"];

async function submit(app: App, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(...postJson(path, typeof body === "string" ? body : JSON.stringify(body), headers));
  return { res, job: (await res.clone().json()) as JobView };
}

async function finished(app: App, id: string, headers: Record<string, string> = {}): Promise<JobView> {
  await settle();
  const res = await app.request(`/v1/jobs/${id}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as JobView;
}

/** A plan without its timings, to compare a job's with the synchronous route's. */
function withoutStats<T extends { stats?: unknown } | null | undefined>(value: T): unknown {
  if (value === null || value === undefined) return value;
  const { stats: _stats, ...rest } = value;
  return rest;
}

describe("each operation as a job carries its synchronous route's answer", () => {
  it.each([
    ["a re-plan document, told by its format", "/v1/jobs"],
    ["a re-plan asked for by ?operation=replan", "/v1/jobs?operation=replan"],
  ])("%s: the re-planned plan with its changes, verified, and the route's warnings", async (_name, path) => {
    const { app } = inProcessApp();
    const body = replanBody(withoutMentor, plan);
    const { res, job } = await submit(app, path, body);
    expect(res.status).toBe(202);
    expect(res.headers.get("location")).toBe(`/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ operation: "replan", plan: null, warnings: [], progress: { stages: [] } });
    expect(job).not.toHaveProperty("answer");
    const done = await finished(app, job.id);
    expect(done).toMatchObject({ operation: "replan", state: "done", problem: null });
    const replanned = replanPlanSchema.parse(done.plan);
    expect(replanned.changes).toEqual([{ trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" }]);
    const { changes: _changes, ...asPlan } = replanned;
    expect(verifyPlan(withoutMentor, asPlan).ok).toBe(true);
    expect(verifyReplan(withoutMentor, plan, replanned, "2014-03-01").ok).toBe(true);
    const sync = await app.request(...postJson("/v1/replan", JSON.stringify(body)));
    expect(withoutStats(done.plan)).toEqual(withoutStats((await sync.json()) as Plan));
    expect(done.warnings).toEqual([]);
    expect(done.progress).toMatchObject({ objective: replanned.objective, bound: replanned.bound });
  });

  it("a re-plan's warnings, as /v1/replan gives them in Rotamatch-Warnings", async () => {
    const hosts = new Set(plan.assignments.map((a) => a.host));
    const away = plan.assignments.flatMap((a) => a.placements).find((p) => p.period === "part-2" && !hosts.has(p.member))?.member;
    const now = {
      ...cohort,
      members: (cohort.members ?? []).filter((m) => m.id !== away),
      people: (cohort.people ?? []).filter((p) => p.member !== away),
      trainees: cohort.trainees.map((t) => ({ ...t, awayPreferences: t.awayPreferences?.filter((m) => m !== away) })),
    };
    const { app } = inProcessApp();
    const body = replanBody(now, plan, "2014-06-01");
    const { job } = await submit(app, "/v1/jobs", body);
    const done = await finished(app, job.id);
    const header = (await app.request(...postJson("/v1/replan", JSON.stringify(body)))).headers.get("rotamatch-warnings");
    expect(done.warnings).toContainEqual(expect.objectContaining({ code: "started_member_left", path: "plan" }));
    expect(done.warnings).toEqual(JSON.parse(header ?? "[]"));
  });

  it("a what-if: the answer /v1/whatif gives", async () => {
    const { app } = inProcessApp();
    const body = { cohort, plan, pins: [{ trainee: "t4", period: "part-2", member: "skedsmo" }] };
    const { res, job } = await submit(app, "/v1/jobs?operation=whatif", body);
    expect(res.status).toBe(202);
    expect(job).toMatchObject({ operation: "whatif", plan: null, answer: null });
    expect(job).not.toHaveProperty("warnings");
    const done = await finished(app, job.id);
    expect(done).toMatchObject({ state: "done", plan: null, problem: null });
    const answer = whatIfAnswerSchema.parse(done.answer);
    expect(answer.delta).toBeCloseTo(0.519861762120712, 9);
    expect(done.progress.objective).toBe(answer.objective);
    const sync = whatIfAnswerSchema.parse(await (await app.request(...postJson("/v1/whatif", JSON.stringify(body)))).json());
    expect({ ...answer, plan: withoutStats(answer.plan) }).toEqual({ ...sync, plan: withoutStats(sync.plan) });
    expect(verifyPlan({ ...cohort, pins: body.pins }, answer.plan as Plan).ok).toBe(true);
  });

  it("an explanation: the answer /v1/explain gives, byte for byte", async () => {
    const { app } = inProcessApp();
    const body = { cohort, plan, trainee: "t4", lang: "en" };
    const { job } = await submit(app, "/v1/jobs?operation=explain", body);
    expect(job.operation).toBe("explain");
    const done = await finished(app, job.id);
    const explanation = explanationSchema.parse(done.answer);
    expect(explanation.trainees[0]?.options.find((o) => o.member === "skedsmo")?.text).toMatch(/^Giving Kristian Helle the first choice for part-2, Skedsmo kommune/);
    const sync = await (await app.request(...postJson("/v1/explain", JSON.stringify(body)))).text();
    expect(JSON.stringify(done.answer)).toBe(sync);
    expect(done.progress.objective).toBe(plan.objective);
  });

  it("a cohort without ?operation= is a solve as it always was, and ?operation=solve the same", async () => {
    const { app } = inProcessApp();
    for (const path of ["/v1/jobs", "/v1/jobs?operation=solve"]) {
      const { job } = await submit(app, path, romerikeText);
      expect(job).toMatchObject({ operation: "solve" });
      const done = await finished(app, job.id);
      expect(done).toMatchObject({ operation: "solve", state: "done", plan: { status: "optimal", objective: plan.objective } });
      expect(Object.keys(done).sort()).toEqual(["createdAt", "expiresAt", "finishedAt", "id", "operation", "plan", "problem", "progress", "startedAt", "state"]);
      expect(Object.keys(done.progress).sort()).toEqual(["bound", "elapsedMs", "gap", "objective"]);
    }
  });

  it("passes the job's time limit to the runner, with the body's check for the operation and the job trainee limit", async () => {
    const seen: { shape: string; max: number | undefined; timeLimitMs: number | undefined }[] = [];
    const { app } = inProcessApp({
      config: { jobTimeLimitMs: 4321, maxJobTrainees: 30 },
      change: async (body, options) => {
        seen.push({ shape: body.check.shape, max: body.check.trainees?.max, timeLimitMs: options.timeLimitMs });
        return changeBody(body, options);
      },
    });
    await submit(app, "/v1/jobs", replanBody(cohort, plan));
    await submit(app, "/v1/jobs?operation=whatif", { cohort, plan, pins: [{ trainee: "t4", period: "part-2", member: "skedsmo" }] });
    await submit(app, "/v1/jobs?operation=explain", { cohort, plan, trainee: "t1" });
    await settle();
    expect(seen).toEqual([
      { shape: "replan", max: 30, timeLimitMs: 4321 },
      { shape: "whatif", max: 30, timeLimitMs: 4321 },
      { shape: "explain", max: 30, timeLimitMs: 4321 },
    ]);
  });
});

describe("bad bodies: the synchronous routes' problems", () => {
  const nobody = { ...plan, assignments: plan.assignments.map((a, i) => (i === 3 ? { ...a, mentor: "nobody" } : a)) };
  const a0 = plan.assignments[0];
  it.each([
    ["replan", "/v1/replan", "asOf after the programme", replanBody(cohort, plan, "2030-01-01"), "invalid-input", "as_of_outside_programme", "asOf"],
    ["replan", "/v1/replan", "a cohort with an unknown host", replanBody({ ...cohort, trainees: cohort.trainees.map((t, i) => (i === 0 ? { ...t, host: "atlantis" } : t)) }, plan), "invalid-cohort", "unknown_reference", "cohort.trainees[0].host"],
    ["replan", "/v1/replan", "a cohort sent as a re-plan", cohort, "invalid-input", "invalid_value", "format"],
    ["whatif", "/v1/whatif", "a plan whose mentor names nobody", { cohort, plan: nobody, pins: [{ trainee: "t1", mentor: "x" }] }, "invalid-plan", "plan_mismatch", "plan.assignments[3].mentor"],
    ["whatif", "/v1/whatif", "a pin that breaks a hard rule", { cohort, plan, pins: [{ trainee: a0?.trainee, period: "part-2", member: a0?.host }] }, "invalid-input", "pin_breaks_rule", "pins[0].member"],
    ["whatif", "/v1/whatif", "an unknown field", { cohort, plan, pins: [], extra: 1 }, "invalid-input", "unrecognized_key", "extra"],
    ["explain", "/v1/explain", "an unknown trainee", { cohort, plan, trainee: "t99" }, "invalid-input", "unknown_reference", "trainee"],
    ["explain", "/v1/explain", "an unknown language", { cohort, plan, lang: "de" }, "invalid-input", "invalid_value", "lang"],
  ])("%s, %s: %s is a failed job with the route's 422 problem", async (operation, route, _what, body, kind, code, path) => {
    const { app } = inProcessApp();
    const { res, job } = await submit(app, `/v1/jobs?operation=${operation}`, body);
    expect(res.status).toBe(202);
    const failed = await finished(app, job.id);
    expect(failed).toMatchObject({ operation, state: "failed", plan: null, problem: { status: 422, type: `https://rotamatch.dev/problems/${kind}` } });
    expect(failed.problem?.issues).toContainEqual(expect.objectContaining({ code, path }));
    const sync = await app.request(...postJson(route, JSON.stringify(body)));
    expect(sync.status).toBe(422);
    expect(failed.problem).toEqual(await sync.json());
  });

  it.each(["replan", "whatif", "explain"])("?operation=%s: 400 for a body that is not JSON, 415 for one that is not JSON by its type", async (operation) => {
    const { app } = inProcessApp();
    const malformed = await app.request(...postJson(`/v1/jobs?operation=${operation}`, "{ not json"));
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe(PROBLEM);
    expect(((await malformed.json()) as { type: string }).type).toMatch(/invalid-json$/);
    const wrongType = await app.request(`/v1/jobs?operation=${operation}`, { method: "POST", body: "{}", headers: { "Content-Type": "text/plain" } });
    expect(wrongType.status).toBe(415);
  });

  it.each([["", "nothing"], ["Solve", "a capital"], ["replan,explain", "two"], ["import", "another route's"]])("400 invalid-request for ?operation=%s (%s), before any job", async (value) => {
    const { app } = inProcessApp();
    const res = await app.request(...postJson(`/v1/jobs?operation=${encodeURIComponent(value)}`, JSON.stringify(replanBody(cohort, plan))));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { type: string; detail: string };
    expect(problem.type).toMatch(/invalid-request$/);
    expect(problem.detail).toMatch(/^operation must be one of solve, replan, whatif, explain/);
    expect(((await (await app.request("/v1/jobs")).json()) as { total: number }).total).toBe(0);
  });
});

describe("never a 500, never an internal error", () => {
  it("answers any JSON body under any operation 202, 400 or 413, and the job ends done or failed with a 422 problem", async () => {
    const { app } = inProcessApp({ config: { jobTimeLimitMs: 2_000 } });
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ format: fc.constant("rotamatch.replan/v1"), asOf: fc.string(), cohort: fc.jsonValue({ maxDepth: 2 }), plan: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
      fc.record({ cohort: fc.constant(cohort), plan: fc.oneof(fc.constant(plan), fc.jsonValue({ maxDepth: 2 })), pins: fc.jsonValue({ maxDepth: 2 }), trainee: fc.jsonValue({ maxDepth: 1 }), lang: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("", "?operation=solve", "?operation=replan", "?operation=whatif", "?operation=explain"), value, async (query, body) => {
        const res = await app.request(...postJson(`/v1/jobs${query}`, JSON.stringify(body)));
        expect([202, 400, 413]).toContain(res.status);
        if (res.status !== 202) {
          expect(res.headers.get("content-type")).toBe(PROBLEM);
          return;
        }
        const job = await finished(app, ((await res.json()) as JobView).id);
        expect(["done", "failed"]).toContain(job.state);
        if (job.state === "failed") expect(job.problem?.status).toBe(422);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe("limits: the job limits, on the body's cohort", () => {
  const twice = { ...plan, assignments: [...plan.assignments, ...plan.assignments.slice(0, 1)] };
  const pins = Array.from({ length: 101 }, () => ({ trainee: "t1", mentor: "x" }));
  it.each([
    ["replan", "the cohort over the job trainee limit", replanBody(cohort, plan), { maxJobTrainees: 5 }, "cohort-too-large", /^The cohort has 8 trainees; a job takes at most 5\.$/],
    ["whatif", "the cohort over the job trainee limit", { cohort, plan, pins: [] }, { maxJobTrainees: 5 }, "cohort-too-large", /^The cohort has 8 trainees; a job takes at most 5\.$/],
    ["explain", "the plan's assignments", { cohort, plan: twice }, { maxJobTrainees: 8 }, "input-too-large", /^plan\.assignments has 9 entries; this route takes at most 8\.$/],
    ["replan", "a plan's changes", replanBody(cohort, { ...plan, changes: Array.from({ length: 101 }, () => ({})) }), { maxJobTrainees: 8 }, "input-too-large", /^plan\.changes has 101 entries/],
    ["whatif", "the pins", { cohort, plan, pins }, { maxJobTrainees: 8 }, "input-too-large", /^pins has 101 entries; this route takes at most 100\.$/],
    ["explain", "the body's bytes", { cohort, plan }, { jobBodyLimitBytes: 1000 }, "body-too-large", /bigger than 1000 bytes/],
  ])("?operation=%s: 413 for %s, at once", async (operation, _what, body, config, kind, detail) => {
    const { app } = inProcessApp({ config });
    const res = await app.request(...postJson(`/v1/jobs?operation=${operation}`, JSON.stringify(body)));
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe(PROBLEM);
    const problem = (await res.json()) as { type: string; detail: string };
    expect(problem.type).toBe(`https://rotamatch.dev/problems/${kind}`);
    expect(problem.detail).toMatch(detail);
  });

  it("a re-plan document without ?operation= is checked as a re-plan: its cohort against the trainee limit", async () => {
    const { app } = inProcessApp({ config: { maxJobTrainees: 5 } });
    const res = await app.request(...postJson("/v1/jobs", JSON.stringify(replanBody(cohort, plan))));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toBe("The cohort has 8 trainees; a job takes at most 5.");
  });

  it("takes a re-plan over the synchronous limit as a job, up to the job limit", async () => {
    const { app } = inProcessApp({ config: { maxTrainees: 2, maxJobTrainees: 20 } });
    const body = replanBody(withoutMentor, plan);
    expect((await app.request(...postJson("/v1/replan", JSON.stringify(body)))).status).toBe(413);
    const { res, job } = await submit(app, "/v1/jobs", body);
    expect(res.status).toBe(202);
    expect((await finished(app, job.id)).plan?.status).toBe("optimal");
  });

  it("answers 503 with Retry-After, before reading the body, when no job can be taken", async () => {
    const { app } = inProcessApp({ canAcceptJob: () => false, config: { retryAfterSeconds: 7 } });
    const res = await app.request(...postJson("/v1/jobs?operation=explain", "not even JSON"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("7");
  });
});

describe("progress, cancel and the worker's end", () => {
  /** A runner the test drives: it reports what the test says, and answers when told. */
  function drivenApp(overrides: Partial<AppDeps> = {}) {
    const watches: SolveWatch[] = [];
    const finishes: ((result: Awaited<ReturnType<JobRunner>>) => void)[] = [];
    const solveJob: JobRunner = (_body, _options, watch) =>
      new Promise((resolve) => {
        watches.push(watch);
        finishes.push(resolve);
        watch.onStart?.();
      });
    return { ...inProcessApp({ solveJob, ...overrides }), watches, finishes };
  }
  const ended: SolveResult = { ok: true, issues: [], plan: { format: "rotamatch.plan/v1", status: "timedout", objective: null, bound: null, assignments: [], unassigned: [], diagnosis: [] } };

  it("shows a re-plan's stages as they finish, and a cancel ends it keeping no plan", async () => {
    const { app, watches, finishes } = drivenApp();
    const { job } = await submit(app, "/v1/jobs", replanBody(withoutMentor, plan));
    watches[0]?.onStage?.({ stage: "changes", status: "optimal", value: 1, bound: 1, elapsedMs: 120.4 });
    const running = (await (await app.request(`/v1/jobs/${job.id}`)).json()) as JobView;
    expect(running).toMatchObject({ state: "running", plan: null, progress: { elapsedMs: 120, objective: null, bound: null, gap: null } });
    expect(running.progress.stages).toEqual([{ stage: "changes", status: "optimal", value: 1, bound: 1, elapsedMs: 120 }]);
    watches[0]?.onStage?.({ stage: "cost", status: "feasible", value: 50, bound: 40, elapsedMs: 300 });
    const costed = (await (await app.request(`/v1/jobs/${job.id}`)).json()) as JobView;
    expect(costed.progress).toMatchObject({ elapsedMs: 300, objective: 50, bound: 40, gap: 0.2 });
    expect(costed.progress.stages?.map((s) => s.stage)).toEqual(["changes", "cost"]);
    const cancelled = await app.request(`/v1/jobs/${job.id}`, { method: "DELETE" });
    expect(await cancelled.json()).toMatchObject({ operation: "replan", state: "cancelled", plan: null, warnings: [], problem: null });
    expect(watches[0]?.signal?.aborted).toBe(true);
    // The pool answers a timed-out solve when it ends the worker: the job stays cancelled, without a plan.
    finishes[0]?.(ended);
    expect(await finished(app, job.id)).toMatchObject({ state: "cancelled", plan: null });
  });

  it.each(["whatif", "explain"])("cancels a %s job: cancelled, with no answer", async (operation) => {
    const { app, watches } = drivenApp();
    const { job } = await submit(app, `/v1/jobs?operation=${operation}`, { cohort, plan, ...(operation === "whatif" ? { pins: [{ trainee: "t4", period: "part-2", member: "skedsmo" }] } : {}) });
    const res = await app.request(`/v1/jobs/${job.id}`, { method: "DELETE" });
    expect(await res.json()).toMatchObject({ operation, state: "cancelled", plan: null, answer: null });
    expect(watches[0]?.signal?.aborted).toBe(true);
  });

  it("answers as the routes do when the pool ended the worker past the time limit: a re-plan a timed-out plan, a what-if or an explanation work-timed-out", async () => {
    const { app, finishes } = drivenApp();
    const replan = (await submit(app, "/v1/jobs", replanBody(cohort, plan))).job;
    const whatif = (await submit(app, "/v1/jobs?operation=whatif", { cohort, plan, pins: [{ trainee: "t1", mentor: "x" }] })).job;
    const explain = (await submit(app, "/v1/jobs?operation=explain", { cohort, plan })).job;
    for (const finish of finishes) finish(ended);
    expect(replanPlanSchema.parse((await finished(app, replan.id)).plan)).toMatchObject({ status: "timedout", changes: [] });
    for (const id of [whatif.id, explain.id]) {
      expect(await finished(app, id)).toMatchObject({ state: "failed", answer: null, problem: { status: 503, type: "https://rotamatch.dev/problems/work-timed-out" } });
    }
  });

  it("keeps a bounded problem when the worker cut a change's issues, counting them all", async () => {
    const { app, finishes } = drivenApp();
    const { job } = await submit(app, "/v1/jobs?operation=explain", { cohort, plan });
    const issues = Array.from({ length: 100 }, (_, i) => ({ code: "invalid_type" as const, path: `cohort.trainees[${i}].name`, message: "Missing." }));
    finishes[0]?.({ operation: "explain", result: { ok: false, explanation: null, issues }, issueCount: 5_000 });
    const failed = await finished(app, job.id);
    expect(failed.problem).toMatchObject({ status: 422, type: "https://rotamatch.dev/problems/invalid-cohort", detail: "The request has 5,000 issues; see issues. The first 100 are listed, and 4,900 more." });
    expect(failed.problem?.issues).toHaveLength(100);
  });
});

describe("tokens and the job list", () => {
  const tokens = { config: { tokens: ["token-a", "token-b"] } };
  const asA = { Authorization: "Bearer token-a" };
  const asB = { Authorization: "Bearer token-b" };

  it("shows a re-plan, what-if or explanation job only to the token that made it", async () => {
    const { app } = inProcessApp(tokens);
    const bodies: [string, unknown][] = [
      ["/v1/jobs", replanBody(cohort, plan)],
      ["/v1/jobs?operation=whatif", { cohort, plan, pins: [{ trainee: "t4", period: "part-2", member: "skedsmo" }] }],
      ["/v1/jobs?operation=explain", { cohort, plan, trainee: "t1" }],
    ];
    for (const [path, body] of bodies) {
      const { res, job } = await submit(app, path, body, asA);
      expect(res.status).toBe(202);
      expect((await app.request(`/v1/jobs/${job.id}`, { headers: asA })).status).toBe(200);
      expect((await app.request(`/v1/jobs/${job.id}`, { headers: asB })).status).toBe(404);
      expect((await app.request(`/v1/jobs/${job.id}`, { method: "DELETE", headers: asB })).status).toBe(404);
    }
    expect((await app.request(...postJson("/v1/jobs?operation=explain", "{}"))).status).toBe(401);
    const listB = (await (await app.request("/v1/jobs", { headers: asB })).json()) as { total: number };
    expect(listB.total).toBe(0);
  });

  it("lists each job with its operation, newest first", async () => {
    const { app } = inProcessApp();
    await submit(app, "/v1/jobs", romerikeText);
    await submit(app, "/v1/jobs", replanBody(cohort, plan));
    await submit(app, "/v1/jobs?operation=whatif", { cohort, plan, pins: [{ trainee: "t4", period: "part-2", member: "skedsmo" }] });
    await submit(app, "/v1/jobs?operation=explain", { cohort, plan, trainee: "t1" });
    await settle();
    const page = (await (await app.request("/v1/jobs")).json()) as { jobs: { operation: string; state: string; inputHash: string; objective: number | null }[] };
    expect(page.jobs.map((j) => j.operation)).toEqual(["explain", "whatif", "replan", "solve"]);
    expect(page.jobs.every((j) => j.state === "done" && /^[0-9a-f]{64}$/.test(j.inputHash))).toBe(true);
    expect(page.jobs.map((j) => j.objective)).toEqual([plan.objective, expect.any(Number), plan.objective, plan.objective]);
  });
});

describe("in the job pool's worker threads (the built worker, as in production)", () => {
  const pool = createSolvePool({ threads: 1, queue: 4, hardLimitMarginMs: 5_000 });
  afterAll(() => pool.destroy());
  const pooled = createApp({
    solve: async () => Promise.reject(new Error("jobs only")),
    solveJob: (body, options, watch) => pool.solve(body, options, watch),
    config: { jobTimeLimitMs: 60_000 },
    referenceAssets: null,
    webAssets: null,
  });
  async function poll(id: string, until: (job: JobView) => boolean): Promise<JobView> {
    for (let i = 0; i < 600; i++) {
      const job = (await (await pooled.request(`/v1/jobs/${id}`)).json()) as JobView;
      if (until(job)) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${id} never got there`);
  }
  const ended = (job: JobView) => job.state === "done" || job.state === "failed" || job.state === "cancelled";

  it("runs a re-plan reporting its stages, a what-if and an explanation, with the answers of the routes in process", async () => {
    const { job: replan } = await submit(pooled, "/v1/jobs", replanBody(withoutMentor, plan));
    const replanned = await poll(replan.id, ended);
    expect(replanned).toMatchObject({ operation: "replan", state: "done", warnings: [] });
    expect(replanPlanSchema.parse(replanned.plan).changes).toEqual([{ trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" }]);
    expect(replanned.progress.stages?.map((s) => [s.stage, s.status])).toEqual([
      ["changes", "optimal"],
      ["cost", "optimal"],
    ]);
    expect(replanned.progress).toMatchObject({ objective: replanned.plan?.objective, gap: 0 });

    const pins = [{ trainee: "t4", period: "part-2", member: "skedsmo" }];
    const { job: whatif } = await submit(pooled, "/v1/jobs?operation=whatif", { cohort, plan, pins });
    expect(whatIfAnswerSchema.parse((await poll(whatif.id, ended)).answer).delta).toBeCloseTo(0.519861762120712, 9);

    const body = { cohort, plan, trainee: "t4", lang: "nb" };
    const { job: explain } = await submit(pooled, "/v1/jobs?operation=explain", body);
    const explained = await poll(explain.id, ended);
    const { app } = inProcessApp();
    expect(JSON.stringify(explained.answer)).toBe(await (await app.request(...postJson("/v1/explain", JSON.stringify(body)))).text());
  }, 120_000);

  it("fails bad input with the route's problem, from the worker", async () => {
    const { job } = await submit(pooled, "/v1/jobs?operation=whatif", { cohort, plan, pins: [] });
    expect(await poll(job.id, ended)).toMatchObject({ state: "failed", problem: { status: 422, type: "https://rotamatch.dev/problems/invalid-input", issues: [{ code: "too_small", path: "pins" }] } });
  }, 60_000);

  it("cancels a running explanation by ending its thread, and the pool takes the next job", async () => {
    // Explaining every trainee of a generated cohort of 100 takes many seconds.
    const big = generateCohort({ trainees: 100, members: 20, seed: 12 });
    const bigPlan = solveCohort(big, { diagnose: false });
    if (!bigPlan.ok) throw new Error("the generated cohort should solve");
    const { job } = await submit(pooled, "/v1/jobs?operation=explain", { cohort: big, plan: bigPlan.plan });
    await poll(job.id, (j) => j.state === "running");
    const started = performance.now();
    const cancelled = await pooled.request(`/v1/jobs/${job.id}`, { method: "DELETE" });
    expect(await cancelled.json()).toMatchObject({ state: "cancelled", answer: null });
    const { job: next } = await submit(pooled, "/v1/jobs?operation=explain", { cohort, plan, trainee: "t1" });
    expect(await poll(next.id, ended)).toMatchObject({ state: "done" });
    // The next job ran on a fresh thread well before the cancelled explanation could have ended.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await poll(job.id, () => true)).toMatchObject({ state: "cancelled", answer: null });
  }, 120_000);
});
