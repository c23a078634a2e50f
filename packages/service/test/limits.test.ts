/**
 * Bounding the work before it starts (limits.ts): caps on every list of a cohort and a plan
 * (413 `input-too-large`, naming the field and the cap), the nesting depth checked while the
 * body is parsed (400), at most MAX_LISTED_ISSUES issues in any answer ("and N more"), and
 * no answer much bigger than its request, on the inputs of issue 10. In process, with
 * `app.request()`.
 */
import { generateCohort, solveCohort, type CohortInput } from "@rotamatch/core";
import { writeCohortCsv } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { COHORT_SHAPE, MAX_LISTED_ISSUES, findLimitBreach, listCaps, listIssues, readBody, type BodyCheck } from "../src/limits.js";
import { inProcessApp, postJson, romerike, textBody } from "./support.js";

type App = ReturnType<typeof inProcessApp>["app"];

interface ProblemBody {
  type: string;
  status: number;
  detail: string;
  issues?: unknown[];
  sheetIssues?: unknown[];
}

const plan = (() => {
  const result = solveCohort(romerike);
  if (!result.ok) throw new Error("the example is not valid");
  return result.plan;
})();

/** The example with `patch` applied to a copy. */
function romerikeWith(patch: (cohort: Record<string, unknown>) => void): Record<string, unknown> {
  const cohort = structuredClone(romerike) as Record<string, unknown>;
  patch(cohort);
  return cohort;
}

const empties = (n: number) => Array.from({ length: n }, () => ({}));

async function problemOf(res: Response, status: number): Promise<ProblemBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as ProblemBody;
}

/** Posts a text body as JSON; the answer and the sizes of both. */
async function exchange(app: App, path: string, body: string): Promise<{ res: Response; text: string; requestBytes: number }> {
  const res = await app.request(...postJson(path, body));
  const text = await res.text();
  return { res, text, requestBytes: Buffer.byteLength(body) };
}

describe("list caps (413 input-too-large, before any validation or solve)", () => {
  it.each([
    ["/v1/solve", () => romerikeWith((c) => (c.members = empties(1_000))), "members has 1,000 entries; this route takes at most 400."],
    ["/v1/solve", () => romerikeWith((c) => (c.pins = empties(5_000))), "pins has 5,000 entries; this route takes at most 800."],
    ["/v1/jobs", () => romerikeWith((c) => (c.people = empties(50_000))), "people has 50,000 entries; this route takes at most 40,000."],
    ["/v1/validate", () => romerikeWith((c) => (c.trainees = empties(300_000))), "trainees has 300,000 entries; this route takes at most 10,000."],
    ["/v1/validate", () => romerikeWith((c) => ((c.trainees as { awayPreferences?: unknown }[])[2]!.awayPreferences = Array(1_001).fill("x"))), "trainees[2].awayPreferences has 1,001 entries; this route takes at most 1,000."],
    ["/v1/validate", () => romerikeWith((c) => ((c.programme as { periods: unknown[] }).periods = empties(49))), "programme.periods has 49 entries; this route takes at most 48."],
    ["/v1/validate", () => romerikeWith((c) => (c.history = empties(1_001))), "history has 1,001 entries; this route takes at most 1,000."],
    ["/v1/validate", () => romerikeWith((c) => ((c.members as { specializations?: unknown }[])[0]!.specializations = Array(201).fill("x"))), "members[0].specializations has 201 entries; this route takes at most 200."],
    ["/v1/validate", () => romerikeWith((c) => (c.weights = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`w${i}`, 1])))), "weights has 300 properties; this route takes at most 256."],
    ["/v1/validate", () => romerikeWith((c) => ((c.programme as { name: string }).name = "x".repeat(20_000))), "programme.name has 20,000 characters; this route takes at most 10,000."],
    ["/v1/validate", () => romerikeWith((c) => (c["odd key"] = [empties(101)])), '["odd key"][0] has 101 entries; this route takes at most 100.'],
    ["/v1/export", () => ({ cohort: romerikeWith((c) => (c.forbid = empties(1_000_000))), plan }), "cohort.forbid has 1,000,000 entries; this route takes at most 40,000."],
    ["/v1/export", () => ({ cohort: romerike, plan: { ...plan, assignments: empties(50_000) } }), "plan.assignments has 50,000 entries; this route takes at most 10,000."],
    ["/v1/export", () => ({ cohort: romerike, plan: { ...plan, diagnosis: [{ trainees: Array(50_000).fill("t") }] } }), "plan.diagnosis[0].trainees has 50,000 entries; this route takes at most 10,000."],
    ["/v1/import", () => ({ files: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}.csv`, ""])) }), "files has 51 properties; this route takes at most 50."],
  ])("%s: %s", async (path, makeBody, detail) => {
    const { app } = inProcessApp();
    const body = await problemOf(await app.request(...postJson(`${path}${path === "/v1/export" ? "?format=csv" : ""}`, JSON.stringify(makeBody()))), 413);
    expect(body.type).toBe("https://rotamatch.dev/problems/input-too-large");
    expect(body.detail).toBe(detail);
  });

  it("keeps the trainee limits' own 413 cohort-too-large, with its advice", async () => {
    const { app } = inProcessApp();
    const cohort = romerikeWith((c) => (c.trainees = empties(201)));
    const body = await problemOf(await app.request(...postJson("/v1/solve", JSON.stringify(cohort))), 413);
    expect(body.type).toMatch(/cohort-too-large$/);
    expect(body.detail).toBe("The cohort has 201 trainees; a synchronous solve takes at most 200; post it to /v1/jobs.");
  });

  it("caps every value of the body together", async () => {
    // 200 lists of 99 entries: each list within its cap, the whole over 200 × 10 + 10,000 values.
    const { app } = inProcessApp({ config: { maxJobTrainees: 10 } });
    const cohort = romerikeWith((c) => {
      for (let i = 0; i < 200; i++) c[`extra${i}`] = Array(99).fill(0);
    });
    const body = await problemOf(await app.request(...postJson("/v1/validate", JSON.stringify(cohort))), 413);
    expect(body.detail).toBe("The body holds more than 12,000 values (objects, lists, texts and numbers together); this route takes at most 12,000.");
  });

  it("lets the examples through, with the plans they make and big generated cohorts", () => {
    const big = generateCohort({ trainees: 10_000, members: 60 });
    const caps = listCaps(10_000);
    expect(findLimitBreach(big, COHORT_SHAPE, caps)).toBeNull();
    expect(findLimitBreach(romerike, COHORT_SHAPE, listCaps(200))).toBeNull();
    expect(findLimitBreach({ cohort: romerike, plan }, { fields: { cohort: COHORT_SHAPE } }, listCaps(20))).toBeNull();
  });

  it("walks a body of any depth without recursion", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findLimitBreach(deep, COHORT_SHAPE, listCaps(10))?.counted).toBe("values");
    expect(findLimitBreach(deep, COHORT_SHAPE, listCaps(1_000))).toBeNull();
  });
});

describe("nesting depth (400 invalid-json while parsing)", () => {
  const deep = "[".repeat(10_000) + "]".repeat(10_000);
  it.each(["/v1/solve", "/v1/jobs", "/v1/validate", "/v1/export?format=csv", "/v1/import"])("%s: 10 KB of [[[…]]] is a 400 with line and column", async (path) => {
    const { app, logs } = inProcessApp();
    const body = await problemOf(await app.request(...postJson(path, `{"a": ${deep}}`)), 400);
    expect(body.type).toMatch(/invalid-json$/);
    expect(body.detail).toBe("The body is nested deeper than 64 levels of [ ] and { } at line 1, column 70; a cohort or a plan needs about 5.");
    expect(logs.filter((r) => r.msg !== "request")).toEqual([]);
  });
});

describe("bounded issue lists (at most MAX_LISTED_ISSUES, and N more)", () => {
  /** 150 trainees, each with an unknown host: 150 issues. */
  const bad = (() => {
    const cohort = generateCohort({ trainees: 150, members: 8 }) as CohortInput & { trainees: { host?: string }[] };
    for (const trainee of cohort.trainees) trainee.host = "atlantis";
    return cohort;
  })();
  const more = /The first 100 are listed, and [\d,]+ more\.$/;

  it("/v1/solve: 422 invalid-cohort lists 100 and counts the rest", async () => {
    const { app } = inProcessApp();
    const body = await problemOf(await app.request(...postJson("/v1/solve", JSON.stringify(bad))), 422);
    expect(body.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(body.detail).toMatch(/^The cohort has \d+ issues; see issues\. /);
    expect(body.detail).toMatch(more);
  });

  it("/v1/validate: issues cut to 100, with issueCount and truncated", async () => {
    const { app } = inProcessApp();
    const res = await app.request(...postJson("/v1/validate", JSON.stringify(bad)));
    const body = (await res.json()) as { valid: boolean; issues: unknown[]; issueCount: number; truncated: boolean };
    expect(body.valid).toBe(false);
    expect(body.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(body.issueCount).toBeGreaterThan(MAX_LISTED_ISSUES);
    expect(body.truncated).toBe(true);
    const ok = (await (await app.request(...postJson("/v1/validate", JSON.stringify(romerike)))).json()) as Record<string, unknown>;
    expect(ok).toEqual({ valid: true, issues: [], issueCount: 0, truncated: false });
  });

  it("/v1/export: the cohort's issues and the plan's violations cut to 100", async () => {
    const { app } = inProcessApp();
    const cohortProblem = await problemOf(await app.request(...postJson("/v1/export?format=csv", JSON.stringify({ cohort: bad, plan }))), 422);
    expect(cohortProblem.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(cohortProblem.detail).toMatch(more);
    const planProblem = await problemOf(
      await app.request(...postJson("/v1/export?format=csv", JSON.stringify({ cohort: romerike, plan: { ...plan, assignments: empties(5_000) } }))),
      422,
    );
    expect(planProblem.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(planProblem.detail).toMatch(more);
  });

  it("/v1/import: sheetIssues and issues cut to 100", async () => {
    const { app } = inProcessApp();
    const files = writeCohortCsv(romerike as CohortInput);
    const [header, first] = (files["trainees.csv"] ?? "").split("\n");
    // 500 more trainees, each with a host that is no member: an issue a row.
    const rows = Array.from({ length: 500 }, (_, i) => (first ?? "").replace(/^[^,]*/, `extra-${i}`).replace(/,[a-z-]+-?[a-z]*,/, ",atlantis,"));
    files["trainees.csv"] = [header, ...rows].join("\n");
    const body = await problemOf(await app.request(...postJson("/v1/import", JSON.stringify({ files }))), 422);
    expect(body.sheetIssues).toHaveLength(MAX_LISTED_ISSUES);
    expect(body.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(body.detail).toMatch(more);
  });

  it("listIssues keeps short lists as they are", () => {
    expect(listIssues([1, 2, 3])).toEqual({ issues: [1, 2, 3], total: 3, truncated: false, note: "" });
    expect(listIssues([1, 2, 3], 2)).toEqual({ issues: [1, 2], total: 3, truncated: true, note: " The first 2 are listed, and 1 more." });
  });
});

describe("no answer much bigger than its request (issue 10's inputs)", () => {
  /** At most twice the request, and 64 KiB besides (100 issues of a small request). */
  const bound = (requestBytes: number) => 2 * requestBytes + 64 * 1024;

  it.each([
    ["300,000 empty trainees to /v1/validate", "/v1/validate", () => JSON.stringify({ ...(romerike as object), trainees: empties(300_000) })],
    [
      "100,000 junk rows of CSV to /v1/import",
      "/v1/import",
      () => JSON.stringify({ files: { "trainees.csv": "x,y\n".repeat(100_000), "members.csv": "a;b\n".repeat(75_000) } }),
    ],
    [
      "3 MB of assignments of unknown trainees to /v1/export",
      "/v1/export?format=xlsx",
      () => {
        const assignments = Array.from({ length: 9_000 }, (_, i) => ({ ...plan.assignments[i % plan.assignments.length]!, trainee: `nobody-${i}` }));
        return JSON.stringify({ cohort: romerike, plan: { ...plan, assignments } });
      },
    ],
    [
      "wrongly typed preferences to /v1/export",
      "/v1/export?format=csv",
      () => {
        const trainees = Array.from({ length: 1_000 }, (_, i) => ({ id: `t${i}`, specialization: "water", awayPreferences: Array(40).fill(0) }));
        return JSON.stringify({ cohort: { ...(romerike as object), trainees }, plan });
      },
    ],
  ])("%s", async (_, path, makeBody) => {
    const { app } = inProcessApp();
    const { res, text, requestBytes } = await exchange(app, path, makeBody());
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(Buffer.byteLength(text), `${Buffer.byteLength(text)} bytes for a request of ${requestBytes}`).toBeLessThanOrEqual(bound(requestBytes));
  });
});

describe("readBody, what a worker does first with a body's bytes", () => {
  const check: BodyCheck = { shape: "cohort", caps: listCaps(2), trainees: { max: 3, limitText: "a synchronous solve takes at most", advice: "; post it to /v1/jobs" } };
  const trainees = (n: number) => JSON.stringify({ trainees: Array.from({ length: n }, () => ({})) });
  const problems = "https://rotamatch.dev/problems/";
  it.each([
    ["bytes that are not UTF-8", { bytes: new Uint8Array([0x7b, 0xff, 0x7d]).buffer, check }, "invalid-json", "The body is not UTF-8 text."],
    ["text that is not JSON", textBody("{ nope", check), "invalid-json", /line 1, column 3/],
    ["nesting deeper than the limit", textBody("[".repeat(100) + "]".repeat(100), check), "invalid-json", /nested deeper than 64 levels/],
    // The trainee limit comes before the caps, as the routes have always answered.
    ["more trainees than the limit", textBody(trainees(200), check), "cohort-too-large", "The cohort has 200 trainees; a synchronous solve takes at most 3; post it to /v1/jobs."],
    ["a list over its cap", textBody(JSON.stringify({ pins: Array.from({ length: 101 }, () => ({})) }), check), "input-too-large", "pins has 101 entries; this route takes at most 100."],
  ] as const)("refuses %s", (_what, body, kind, detail) => {
    const read = readBody(body);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.type).toBe(problems + kind);
    if (typeof detail === "string") expect(read.problem.detail).toBe(detail);
    else expect(read.problem.detail).toMatch(detail);
  });

  it("gives the parsed value of a body within its checks", () => {
    expect(readBody(textBody(trainees(2), check))).toEqual({ ok: true, value: { trainees: [{}, {}] } });
  });
});
