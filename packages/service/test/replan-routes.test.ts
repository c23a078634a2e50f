/**
 * `POST /v1/replan`, `/v1/whatif` and `/v1/explain` (replan.ts): each route's answer on Romerike
 * 2013 checked against the core's formats and verifiers, bad input answered 422 with the core's
 * paths and codes, bodies over a limit 413 naming the field, the wrong content type 415, and no
 * body of any shape a 500.
 */
import {
  explanationSchema,
  replanPlanSchema,
  solveCohort,
  verifyPlan,
  verifyReplan,
  whatIfAnswerSchema,
  type CohortInput,
  type SolveResult,
  type SolvedPlan,
} from "@rotamatch/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createApp, type AppDeps } from "../src/app.js";
import { PoolFullError } from "../src/errors.js";
import { createSolvePool } from "../src/pool.js";
import { changeBody } from "../src/worker.js";
import { inProcessApp, postJson, romerike } from "./support.js";

const PROBLEM = "application/problem+json";
const cohort = romerike as CohortInput;
const solved = solveCohort(cohort, { backend: "jslp", diagnose: false });
if (!solved.ok || solved.plan.status !== "optimal") throw new Error("Romerike 2013 should solve to optimality");
const plan = solved.plan as SolvedPlan;

const app = inProcessApp;

async function post(path: string, body: unknown, overrides: Partial<AppDeps> = {}) {
  const { app: a, logs } = app(overrides);
  const res = await a.request(...postJson(path, typeof body === "string" ? body : JSON.stringify(body)));
  return { res, logs };
}

async function problemOf(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe(PROBLEM);
  return (await res.json()) as { type: string; status: number; detail: string; issues?: { code: string; path: string }[] };
}

const replanBody = (c: unknown, p: unknown, asOf = "2014-03-01") => ({ format: "rotamatch.replan/v1", asOf, cohort: c, plan: p });

describe("POST /v1/replan", () => {
  it("re-plans Romerike 2013 when a mentor leaves in part 2: one forced change, verified", async () => {
    expect(plan.assignments.find((a) => a.trainee === "t3")?.mentor).toBe("oras-mentor-1");
    const now = { ...cohort, people: (cohort.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
    const { res, logs } = await post("/v1/replan", replanBody(now, plan));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("rotamatch-warnings")).toBeNull();
    const answer = replanPlanSchema.parse(await res.json());
    expect(answer.status).toBe("optimal");
    expect(answer.changes).toEqual([{ trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" }]);
    const { changes: _changes, ...asPlan } = answer;
    expect(verifyPlan(now, asPlan).ok).toBe(true);
    expect(verifyReplan(now, plan, answer, "2014-03-01").ok).toBe(true);
    expect(logs.find((l) => l.msg === "request")).toMatchObject({ path: "/v1/replan", status: 200, solveStatus: "optimal" });
  });

  it("gives the same assignments and no changes when nothing changed, also from its own answer", async () => {
    const first = replanPlanSchema.parse(await (await post("/v1/replan", replanBody(cohort, plan))).res.json());
    expect(JSON.stringify(first.assignments)).toBe(JSON.stringify(plan.assignments));
    expect(first.changes).toEqual([]);
    // The answer is a plan as it is: it can be re-planned again.
    const again = replanPlanSchema.parse(await (await post("/v1/replan", replanBody(cohort, first))).res.json());
    expect(JSON.stringify(again.assignments)).toBe(JSON.stringify(plan.assignments));
    expect(again.changes).toEqual([]);
  });

  it("carries the re-plan's warnings in Rotamatch-Warnings, in ASCII", async () => {
    // A member that hosts nobody, where someone spent part 2, leaves the consortium after part 2 started.
    const hosts = new Set(plan.assignments.map((a) => a.host));
    const away = plan.assignments.flatMap((a) => a.placements).find((p) => p.period === "part-2" && !hosts.has(p.member))?.member;
    expect(away).toBeDefined();
    const now = {
      ...cohort,
      members: (cohort.members ?? []).filter((m) => m.id !== away),
      people: (cohort.people ?? []).filter((p) => p.member !== away),
      trainees: cohort.trainees.map((t) => ({ ...t, awayPreferences: t.awayPreferences?.filter((m) => m !== away) })),
    };
    const { res } = await post("/v1/replan", replanBody(now, plan, "2014-06-01"));
    expect(res.status).toBe(200);
    const header = res.headers.get("rotamatch-warnings");
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(header ?? "[]")).toContainEqual(expect.objectContaining({ code: "started_member_left", path: "plan" }));
  });
});

describe("POST /v1/whatif", () => {
  it("with the plan's own choice, has delta 0 and no changes", async () => {
    const t4 = plan.assignments.find((a) => a.trainee === "t4");
    const own = t4?.placements.find((p) => p.period === "part-2");
    const pins = [{ trainee: "t4", period: "part-2", member: own?.member }];
    const { res, logs } = await post("/v1/whatif", { cohort, plan, pins });
    expect(res.status).toBe(200);
    const answer = whatIfAnswerSchema.parse(await res.json());
    expect(answer).toMatchObject({ format: "rotamatch.whatif/v1", status: "optimal", delta: 0, changes: [] });
    expect(verifyPlan({ ...cohort, pins: [...(cohort.pins ?? []), ...pins] }, answer.plan).ok).toBe(true);
    expect(logs.find((l) => l.msg === "request")).toMatchObject({ path: "/v1/whatif", solveStatus: "optimal" });
  });

  it("prices a pin away from the plan: Kristian Helle in Skedsmo for part 2", async () => {
    const pins = [{ trainee: "t4", period: "part-2", member: "skedsmo" }];
    const answer = whatIfAnswerSchema.parse(await (await post("/v1/whatif", { cohort, plan, pins })).res.json());
    expect(answer.delta).toBeCloseTo(0.519861762120712, 9);
    expect(answer.changes.length).toBeGreaterThan(0);
    expect(verifyPlan({ ...cohort, pins }, answer.plan).ok).toBe(true);
  });
});

describe("POST /v1/explain", () => {
  it("explains one trainee in Norwegian", async () => {
    const { res } = await post("/v1/explain", { cohort, plan, trainee: "t4", lang: "nb" });
    expect(res.status).toBe(200);
    const explanation = explanationSchema.parse(await res.json());
    expect(explanation).toMatchObject({ format: "rotamatch.explanation/v1", lang: "nb" });
    expect(explanation.trainees.map((t) => t.trainee)).toEqual(["t4"]);
    const skedsmo = explanation.trainees[0]?.options.find((o) => o.member === "skedsmo");
    expect(skedsmo?.text).toMatch(/^Å gi Kristian Helle førstevalget for part-2, Skedsmo kommune, ville øke totalkostnaden med 0,5/);
  });

  it("explains every trainee, in Norwegian by default", async () => {
    const explanation = explanationSchema.parse(await (await post("/v1/explain", { cohort, plan })).res.json());
    expect(explanation.lang).toBe("nb");
    expect(explanation.trainees.map((t) => t.trainee)).toEqual(cohort.trainees.map((t) => t.id));
  });
});

describe("bad input: 422 with the core's issues, paths and codes", () => {
  const nobody = { ...plan, assignments: plan.assignments.map((a, i) => (i === 3 ? { ...a, mentor: "nobody" } : a)) };
  const noPeriod = { ...plan, assignments: plan.assignments.map((a, i) => (i === 2 ? { ...a, placements: a.placements.map((p, k) => (k === 1 ? { ...p, period: "part-9" } : p)) } : a)) };
  const a0 = plan.assignments[0];
  it.each([
    ["/v1/whatif", "a plan whose mentor names nobody", { cohort, plan: nobody, pins: [{ trainee: "t1", mentor: "x" }] }, "invalid-plan", "plan_mismatch", "plan.assignments[3].mentor"],
    ["/v1/explain", "a plan whose mentor names nobody", { cohort, plan: nobody }, "invalid-plan", "plan_mismatch", "plan.assignments[3].mentor"],
    ["/v1/replan", "a placement in a period the programme lacks", replanBody(cohort, noPeriod), "invalid-plan", "plan_mismatch", "plan.assignments[2].placements[1].period"],
    ["/v1/replan", "asOf after the programme", replanBody(cohort, plan, "2030-01-01"), "invalid-input", "as_of_outside_programme", "asOf"],
    ["/v1/replan", "asOf that is no date", replanBody(cohort, plan, "2014-02-30"), "invalid-input", "invalid_as_of", "asOf"],
    ["/v1/replan", "a cohort with an unknown host", replanBody({ ...cohort, trainees: cohort.trainees.map((t, i) => (i === 0 ? { ...t, host: "atlantis" } : t)) }, plan), "invalid-cohort", "unknown_reference", "cohort.trainees[0].host"],
    ["/v1/explain", "an unknown trainee", { cohort, plan, trainee: "t99" }, "invalid-input", "unknown_reference", "trainee"],
    ["/v1/explain", "a trainee that is not text", { cohort, plan, trainee: 4 }, "invalid-input", "invalid_type", "trainee"],
    ["/v1/explain", "an unknown language", { cohort, plan, lang: "de" }, "invalid-input", "invalid_value", "lang"],
    ["/v1/whatif", "a pin that breaks a hard rule", { cohort, plan, pins: [{ trainee: a0?.trainee, period: "part-2", member: a0?.host }] }, "invalid-input", "pin_breaks_rule", "pins[0].member"],
    ["/v1/whatif", "no pins", { cohort, plan, pins: [] }, "invalid-input", "too_small", "pins"],
    ["/v1/whatif", "an unknown field", { cohort, plan, pins: [], extra: 1 }, "invalid-input", "unrecognized_key", "extra"],
    ["/v1/whatif", "a body that is a list", [cohort, plan], "invalid-input", "invalid_type", ""],
  ])("%s: %s", async (path, _what, body, kind, code, issuePath) => {
    const { res, logs } = await post(path, body);
    const problem = await problemOf(res, 422);
    expect(problem.type).toBe(`https://rotamatch.dev/problems/${kind}`);
    expect(problem.issues).toContainEqual(expect.objectContaining({ code, path: issuePath }));
    expect(logs.find((l) => l.msg === "request")).toMatchObject({ status: 422, solveStatus: "invalid" });
  });

  it.each(["/v1/replan", "/v1/whatif", "/v1/explain"])("%s answers 400 for a body that is not JSON", async (path) => {
    const problem = await problemOf((await post(path, "{ not json")).res, 400);
    expect(problem.type).toMatch(/invalid-json$/);
  });
});

describe("limits", () => {
  const eight = { config: { maxTrainees: 8 } };
  const twice = { ...plan, assignments: [...plan.assignments, ...plan.assignments.slice(0, 1)] };
  const pins = Array.from({ length: 101 }, () => ({ trainee: "t1", mentor: "x" }));
  it.each([
    ["/v1/replan", "the cohort over the trainee limit", replanBody(cohort, plan), { config: { maxTrainees: 5 } }, "cohort-too-large", /^The cohort has 8 trainees; this route takes at most 5\.$/],
    ["/v1/whatif", "the cohort over the trainee limit", { cohort, plan, pins: [] }, { config: { maxTrainees: 5 } }, "cohort-too-large", /8 trainees/],
    ["/v1/replan", "the plan's assignments", replanBody(cohort, twice), eight, "input-too-large", /^plan\.assignments has 9 entries; this route takes at most 8\.$/],
    ["/v1/explain", "the plan's assignments", { cohort, plan: twice }, eight, "input-too-large", /^plan\.assignments has 9 entries/],
    ["/v1/whatif", "the pins", { cohort, plan, pins }, eight, "input-too-large", /^pins has 101 entries; this route takes at most 100\.$/],
    ["/v1/replan", "a plan's changes", replanBody(cohort, { ...plan, changes: Array.from({ length: 101 }, () => ({})) }), eight, "input-too-large", /^plan\.changes has 101 entries/],
    ["/v1/explain", "the body's bytes", { cohort, plan }, { config: { bodyLimitBytes: 1000 } }, "body-too-large", /bigger than 1000 bytes/],
  ])("%s: 413 for %s", async (path, _what, body, overrides, kind, detail) => {
    const problem = await problemOf((await post(path, body, overrides)).res, 413);
    expect(problem.type).toBe(`https://rotamatch.dev/problems/${kind}`);
    expect(problem.detail).toMatch(detail);
  });

  it.each(["/v1/replan", "/v1/whatif", "/v1/explain"])("%s answers 415 for a body that is not JSON by its type", async (path) => {
    const { app: a } = app();
    const res = await a.request(path, { method: "POST", body: "{}", headers: { "Content-Type": "text/plain" } });
    expect((await problemOf(res, 415)).type).toMatch(/unsupported-media-type$/);
  });

  it.each(["/v1/replan", "/v1/whatif", "/v1/explain"])("%s answers 405 for GET", async (path) => {
    const { app: a } = app();
    const res = await a.request(path);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it.each(["/v1/replan", "/v1/whatif", "/v1/explain"])("%s answers 503 with Retry-After when every solver is busy", async (path) => {
    const { app: a } = app({ isReady: () => false });
    const res = await a.request(...postJson(path, "{}"));
    await problemOf(res, 503);
    expect(res.headers.get("retry-after")).toBe("1");
    const { app: b } = app({ change: async () => Promise.reject(new PoolFullError()) });
    await problemOf(await b.request(...postJson(path, "{}")), 503);
  });

  it("hands the body to the solve pool with its check and the solve's time limit, when no change runner is given", async () => {
    const seen: { shape: string; timeLimitMs: number | undefined }[] = [];
    const { app: a } = inProcessApp({
      change: undefined,
      config: { timeLimitMs: 1234 },
      solve: async (body, options) => {
        seen.push({ shape: body.check.shape, timeLimitMs: options.timeLimitMs });
        return changeBody(body, options) as never;
      },
    });
    const res = await a.request(...postJson("/v1/explain", JSON.stringify({ cohort, plan, trainee: "t1" })));
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ shape: "explain", timeLimitMs: 1234 }]);
  });

  it("answers a re-plan whose worker the pool ended as a timed-out plan, and a what-if's as 503", async () => {
    const ended: SolveResult = { ok: true, issues: [], plan: { format: "rotamatch.plan/v1", status: "timedout", objective: null, bound: null, assignments: [], unassigned: [], diagnosis: [] } };
    const overrides: Partial<AppDeps> = { change: async () => ended };
    const replanned = await (await post("/v1/replan", replanBody(cohort, plan), overrides)).res;
    expect(replanned.status).toBe(200);
    expect(replanPlanSchema.parse(await replanned.json())).toMatchObject({ status: "timedout", changes: [] });
    expect((await problemOf((await post("/v1/whatif", {}, overrides)).res, 503)).type).toMatch(/work-timed-out$/);
  });
});

describe("in the solve pool's worker threads (the built worker, as in production)", () => {
  const pool = createSolvePool({ threads: 1, queue: 2, hardLimitMarginMs: 5_000 });
  afterAll(() => pool.destroy());
  // No `change`: the routes hand their bodies to `solve`, whose worker does what the check names.
  const pooled = createApp({ solve: (body, options) => pool.solve(body, options), config: { timeLimitMs: 20_000 } });

  it("answers a re-plan, a what-if and an explanation as in process", async () => {
    const now = { ...cohort, people: (cohort.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
    const replanned = replanPlanSchema.parse(await (await pooled.request(...postJson("/v1/replan", JSON.stringify(replanBody(now, plan))))).json());
    expect(replanned.changes).toEqual([{ trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" }]);
    const pins = [{ trainee: "t4", period: "part-2", member: "skedsmo" }];
    const answer = whatIfAnswerSchema.parse(await (await pooled.request(...postJson("/v1/whatif", JSON.stringify({ cohort, plan, pins })))).json());
    expect(answer.delta).toBeCloseTo(0.519861762120712, 9);
    const res = await pooled.request(...postJson("/v1/explain", JSON.stringify({ cohort, plan, trainee: "t4", lang: "en" })));
    const explanation = explanationSchema.parse(await res.json());
    expect(explanation.trainees[0]?.options.find((o) => o.member === "skedsmo")?.text).toMatch(/^Giving Kristian Helle the first choice for part-2, Skedsmo kommune/);
  }, 60_000);

  it("answers bad input 422 and a body over a cap 413 from the worker", async () => {
    const bad = await pooled.request(...postJson("/v1/explain", JSON.stringify({ cohort, plan, trainee: "t99" })));
    expect((await problemOf(bad, 422)).issues).toContainEqual(expect.objectContaining({ code: "unknown_reference", path: "trainee" }));
    const pins = Array.from({ length: 801 }, () => ({ trainee: "t1", mentor: "x" }));
    const over = await pooled.request(...postJson("/v1/whatif", JSON.stringify({ cohort, plan, pins })));
    expect((await problemOf(over, 413)).detail).toBe("pins has 801 entries; this route takes at most 800.");
  }, 60_000);
});

describe("never a 500", () => {
  it("answers any JSON body with a 2xx, 400, 413 or 422 problem", async () => {
    const { app: a } = app({ config: { timeLimitMs: 2_000 } });
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ format: fc.constant("rotamatch.replan/v1"), asOf: fc.string(), cohort: fc.jsonValue({ maxDepth: 2 }), plan: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
      fc.record({ cohort: fc.constant(cohort), plan: fc.oneof(fc.constant(plan), fc.jsonValue({ maxDepth: 2 })), pins: fc.jsonValue({ maxDepth: 2 }), trainee: fc.jsonValue({ maxDepth: 1 }), lang: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/v1/replan", "/v1/whatif", "/v1/explain"), value, async (path, body) => {
        const res = await a.request(...postJson(path, JSON.stringify(body)));
        expect([200, 400, 413, 422]).toContain(res.status);
        if (res.status !== 200) expect(res.headers.get("content-type")).toBe(PROBLEM);
        await res.arrayBuffer();
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
