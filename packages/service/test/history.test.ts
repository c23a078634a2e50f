/**
 * A cohort's `history` through the service (issue 13): a cohort that carries earlier plans
 * solves (200, with each member's `balance` and a warning, never an error, for each id it does
 * not know); a history over the service's caps is refused like any other list (413
 * `input-too-large`, naming the field and the cap); a malformed history is a 422 with every
 * issue's code and path. In process, with `app.request()`.
 */
import { readFileSync } from "node:fs";
import { generateCohort, solveCohort, verifyPlan, type Plan } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { COHORT_SHAPE, findLimitBreach, listCaps } from "../src/limits.js";
import { inProcessApp, postJson } from "./support.js";

interface ProblemBody {
  type: string;
  status: number;
  detail: string;
  issues?: { code: string; path: string; message: string }[];
}

const chain = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013-history.json", import.meta.url), "utf8")) as Record<string, unknown> & {
  history: { name: string; assignments: unknown[] }[];
};

/** The chain with `patch` applied to a copy. */
function chainWith(patch: (cohort: typeof chain) => void): typeof chain {
  const cohort = structuredClone(chain);
  patch(cohort);
  return cohort;
}

/** An earlier cohort of `n` assignments (each trainee at one member, which this cohort may not know). */
const earlier = (name: string, n: number) => ({
  name,
  assignments: Array.from({ length: n }, (_, i) => ({ trainee: `t${i}`, host: "skedsmo", supervisor: null, mentor: null, placements: [] })),
});

async function problemOf(res: Response, status: number): Promise<ProblemBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as ProblemBody;
}

describe("a cohort with history", () => {
  it("/v1/solve: 200 with the plan, each member's balance and warnings for unknown ids", async () => {
    const { app } = inProcessApp();
    const res = await app.request(...postJson("/v1/solve", JSON.stringify(chain)));
    expect(res.status).toBe(200);
    const plan = (await res.json()) as Plan;
    expect(plan.status).toBe("optimal");
    expect(plan.balance?.map((r) => r.member)).toEqual((chain.members as { id: string }[]).map((m) => m.id));
    const skedsmo = plan.balance?.find((r) => r.member === "skedsmo");
    expect(skedsmo?.balanceBefore).toBe((skedsmo?.history.received ?? 0) - (skedsmo?.history.sent ?? 0));
    // fet-mentor-1 mentored in 2008, 2009 and 2011 but is not among the 2013 people.
    expect(plan.warnings).toContainEqual({
      code: "history_unknown_person",
      path: "history[0].assignments[3].mentor",
      message: expect.stringContaining('"fet-mentor-1"') as string,
    });
    expect(plan.warnings?.every((w) => w.code === "history_unknown_person")).toBe(true);
    expect(verifyPlan(chain, plan).violations).toEqual([]);
    // The library's plan for the same cohort, timings apart.
    const library = solveCohort(chain);
    if (!library.ok) throw new Error("the chain is not valid");
    const { stats: _a, ...served } = plan;
    const { stats: _b, ...expected } = library.plan;
    expect(served).toEqual(expected);
  });

  it("/v1/validate: unknown ids are no issue", async () => {
    const { app } = inProcessApp();
    const res = await app.request(...postJson("/v1/validate", JSON.stringify(chain)));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ valid: true, issues: [] });
  });

  it("/v1/solve: a member of an earlier cohort that has left is a warning with its path, not an error", async () => {
    const { app } = inProcessApp();
    const cohort = chainWith((c) => {
      (c.history[2]!.assignments[0] as { host: string }).host = "hurdal";
    });
    const res = await app.request(...postJson("/v1/solve", JSON.stringify(cohort)));
    expect(res.status).toBe(200);
    const plan = (await res.json()) as Plan;
    expect(plan.warnings).toContainEqual({ code: "history_unknown_member", path: "history[2].assignments[0].host", message: expect.stringContaining('"hurdal"') as string });
  });
});

describe("the schemas the service publishes", () => {
  const committed = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../docs/schema/${name}.schema.json`, import.meta.url), "utf8"));

  it("/v1/schema/* and /openapi.json carry history, balance and warnings, as docs/schema/ does", async () => {
    const { app } = inProcessApp();
    const cohort = (await (await app.request("/v1/schema/cohort")).json()) as { properties: Record<string, unknown> };
    const plan = (await (await app.request("/v1/schema/plan")).json()) as { properties: Record<string, unknown> };
    expect(cohort).toEqual(committed("cohort"));
    expect(plan).toEqual(committed("plan"));
    expect(Object.keys(cohort.properties)).toContain("history");
    expect(Object.keys(plan.properties)).toEqual(expect.arrayContaining(["balance", "warnings"]));
    const doc = (await (await app.request("/openapi.json")).json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(Object.keys(doc.components.schemas.Cohort?.properties ?? {})).toContain("history");
    expect(Object.keys(doc.components.schemas.Plan?.properties ?? {})).toEqual(expect.arrayContaining(["balance", "warnings"]));
  });
});

describe("history within the service's caps (413 input-too-large, like every other list)", () => {
  const solveCaps = listCaps(200);
  const jobCaps = listCaps(10_000);

  it("scales the history caps with the trainee limit", () => {
    expect(solveCaps.history).toBe(200);
    expect(solveCaps.historyAssignments).toBe(1_000);
    expect(jobCaps.history).toBe(1_000); // the format's own bound
    expect(jobCaps.historyAssignments).toBe(50_000);
    expect(listCaps(5).history).toBe(100);
    expect(listCaps(5).historyAssignments).toBe(100);
  });

  it.each([
    ["/v1/solve", "201 entries", () => chainWith((c) => (c.history = Array.from({ length: 201 }, (_, i) => earlier(`cohort ${i}`, 0)))), "history has 201 entries; this route takes at most 200."],
    ["/v1/jobs", "1,001 entries", () => chainWith((c) => (c.history = Array.from({ length: 1_001 }, (_, i) => earlier(`cohort ${i}`, 0)))), "history has 1,001 entries; this route takes at most 1,000."],
    // Each entry within its own cap (the trainee limit, 200), the six together over five times it.
    ["/v1/solve", "1,200 assignments in all", () => chainWith((c) => (c.history = Array.from({ length: 6 }, (_, i) => earlier(`cohort ${i}`, 200)))), "history[5].assignments brings the history's assignments to 1,200 in all; this route takes at most 1,000."],
    ["/v1/solve", "201 assignments in one entry", () => chainWith((c) => (c.history = [earlier("big", 201)])), "history[0].assignments has 201 entries; this route takes at most 200."],
    ["/v1/solve", "a plan file's unassigned", () => chainWith((c) => ((c.history[0] as { unassigned?: unknown[] }).unassigned = Array(1_601).fill({}))), "history[0].unassigned has 1,601 entries; this route takes at most 1,600."],
    ["/v1/solve", "placements", () => chainWith((c) => ((c.history[0]!.assignments[0] as { placements: unknown[] }).placements = Array(49).fill({}))), "history[0].assignments[0].placements has 49 entries; this route takes at most 48."],
  ])("%s: %s", async (path, _what, makeBody, detail) => {
    const { app } = inProcessApp();
    const res = await app.request(...postJson(path, JSON.stringify(makeBody())));
    const body = await problemOf(res, 413);
    expect(body.type).toBe("https://rotamatch.dev/problems/input-too-large");
    expect(body.status).toBe(413);
    expect(body.detail).toBe(detail);
  });
});

it("lets a 5,000-trainee cohort with three earlier cohorts as big through the job routes' caps", () => {
  const big = generateCohort({ trainees: 5_000, members: 60 });
  const history = [1, 2, 3].map((k) => ({
    name: `earlier ${k}`,
    assignments: big.trainees.map((t, i) => ({
      trainee: t.id,
      host: "m1",
      supervisor: "p1",
      mentor: "p2",
      placements: [
        { period: "part-1", member: "m1", from: "2020-01-01", to: "2020-06-30" },
        { period: "part-2", member: `m${(i % 59) + 2}`, from: "2020-07-01", to: "2020-12-31" },
      ],
      cost: { awayRank: 0, travelPerKm: 1 },
    })),
  }));
  expect(findLimitBreach({ ...big, history }, COHORT_SHAPE, listCaps(10_000))).toBeNull();
  // Even with the trainee limit at the cohort's own size, values included.
  expect(findLimitBreach({ ...big, history }, COHORT_SHAPE, listCaps(5_000))).toBeNull();
});

describe("malformed history (422 invalid-cohort, every issue with its code and path)", () => {
  it.each(["/v1/solve", "/v1/validate"])("%s", async (path) => {
    const { app } = inProcessApp();
    const cohort = chainWith((c) => {
      delete (c.history[1] as { assignments?: unknown }).assignments;
      delete ((c.history[0]!.assignments[4] as { placements: { member?: string }[] }).placements[0] as { member?: string }).member;
      c.history[2]!.name = "";
      (c.history[2]!.assignments[0] as { host: unknown }).host = 7;
      c.weights = { reciprocity: -1 };
    });
    const res = await app.request(...postJson(path, JSON.stringify(cohort)));
    const expected = [
      { code: "invalid_type", path: "history[0].assignments[4].placements[0].member" },
      { code: "invalid_type", path: "history[1].assignments" },
      { code: "too_small", path: "history[2].name" },
      { code: "invalid_type", path: "history[2].assignments[0].host" },
      { code: "too_small", path: "weights.reciprocity" },
    ];
    if (path === "/v1/validate") {
      expect(res.status).toBe(200);
      const body = (await res.json()) as { valid: boolean; issues: { code: string; path: string }[] };
      expect(body.valid).toBe(false);
      expect(body.issues.map(({ code, path: at }) => ({ code, path: at }))).toEqual(expected);
      return;
    }
    const body = await problemOf(res, 422);
    expect(body.type).toBe("https://rotamatch.dev/problems/invalid-cohort");
    expect(body.issues?.map(({ code, path: at }) => ({ code, path: at }))).toEqual(expected);
    expect(body.issues?.every((i) => i.message.length > 0)).toBe(true);
  });
});
