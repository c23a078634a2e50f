import { cohortJsonSchema, generateCohort, planJsonSchema, planSchema } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { PoolFullError } from "../src/errors.js";
import { inProcessApp, postJson, romerike, romerikeText } from "./support.js";

const PROBLEM = "application/problem+json";

async function problemOf(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe(PROBLEM);
  const body = (await res.json()) as { type: string; title: string; status: number; detail: string; issues?: unknown[] };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^https:\/\/rotamatch\.dev\/problems\//);
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body;
}

describe("POST /v1/solve", () => {
  it("answers 200 with a verified plan for the Romerike 2013 cohort", async () => {
    const { app, logs } = inProcessApp();
    const res = await app.request(...postJson("/v1/solve", romerikeText));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const plan = planSchema.parse(await res.json());
    expect(plan.status).toBe("optimal");
    const line = logs.find((l) => l.msg === "request");
    expect(line).toMatchObject({ method: "POST", path: "/v1/solve", status: 200, solveStatus: "optimal" });
    expect(typeof line?.solveMs).toBe("number");
  });

  it("answers 200 with an infeasible plan and its diagnosis", async () => {
    // One mentor for the whole cohort: no plan.
    const cohort = structuredClone(romerike) as { people: { role: string }[] };
    const mentors = cohort.people.filter((p) => p.role === "mentor");
    cohort.people = [...cohort.people.filter((p) => p.role !== "mentor"), ...mentors.slice(0, 1)];
    const { app } = inProcessApp();
    const res = await app.request(...postJson("/v1/solve", JSON.stringify(cohort)));
    expect(res.status).toBe(200);
    const plan = planSchema.parse(await res.json());
    expect(plan.status).toBe("infeasible");
    expect(plan.diagnosis.length).toBeGreaterThan(0);
  });

  it("answers 422 problem+json with the core's issues for an invalid cohort", async () => {
    const cohort = structuredClone(romerike) as { trainees: { host?: string }[] };
    cohort.trainees[0]!.host = "atlantis";
    const { app } = inProcessApp();
    const body = await problemOf(await app.request(...postJson("/v1/solve", JSON.stringify(cohort))), 422);
    expect(body.issues).toContainEqual(expect.objectContaining({ code: "unknown_reference", path: "trainees[0].host" }));
  });

  it("answers 413 for a cohort bigger than the synchronous limit", async () => {
    const { app } = inProcessApp({ config: { maxTrainees: 5 } });
    const body = await problemOf(await app.request(...postJson("/v1/solve", romerikeText)), 413);
    expect(body.type).toMatch(/cohort-too-large$/);
  });

  it("answers 503 with Retry-After when the pool is full", async () => {
    const { app } = inProcessApp({
      solve: () => Promise.reject(new PoolFullError()),
      config: { retryAfterSeconds: 7 },
    });
    const res = await app.request(...postJson("/v1/solve", romerikeText));
    await problemOf(res, 503);
    expect(res.headers.get("retry-after")).toBe("7");
  });

  it("refuses a solve with 503 before reading the body when the pool cannot take it", async () => {
    let solves = 0;
    const { app } = inProcessApp({
      solve: () => {
        solves += 1;
        return Promise.reject(new Error("must not be called"));
      },
      isReady: () => false,
      config: { retryAfterSeconds: 3 },
    });
    const res = await app.request(...postJson("/v1/solve", "{ not even json"));
    expect((await problemOf(res, 503)).type).toMatch(/pool-full$/);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(solves).toBe(0);
  });

  it("answers 500 problem+json (logged, no details) when solve itself fails", async () => {
    const { app, logs } = inProcessApp({ solve: () => Promise.reject(new Error("boom: secret")) });
    const body = await problemOf(await app.request(...postJson("/v1/solve", romerikeText)), 500);
    expect(JSON.stringify(body)).not.toContain("secret");
    expect(logs.some((l) => l.msg === "internal error")).toBe(true);
  });
});

describe("body errors (both POST routes)", () => {
  for (const path of ["/v1/solve", "/v1/validate"]) {
    it(`${path}: 400 with line and column for malformed JSON`, async () => {
      const { app } = inProcessApp();
      const body = await problemOf(await app.request(...postJson(path, '{\n  "format": "rotamatch.cohort/v1",\n  "members": [,]\n}')), 400);
      expect(body.detail).toMatch(/line 3, column 15/);
      expect(body.issues).toEqual([expect.objectContaining({ code: "invalid_json", path: "" })]);
    });

    it(`${path}: 400 for an empty body and for bytes that are not UTF-8`, async () => {
      const { app } = inProcessApp();
      await problemOf(await app.request(...postJson(path, "")), 400);
      const res = await app.request(path, { method: "POST", body: new Uint8Array([0x7b, 0xff, 0x7d]), headers: { "Content-Type": "application/json" } });
      await problemOf(res, 400);
    });

    it(`${path}: 413 for a body over the limit, by Content-Length and by streaming`, async () => {
      const { app } = inProcessApp({ config: { bodyLimitBytes: 100 } });
      await problemOf(await app.request(...postJson(path, romerikeText)), 413);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(50)));
          controller.close();
        },
      });
      const res = await app.request(path, { method: "POST", body: stream, headers: { "Content-Type": "application/json" }, duplex: "half" } as RequestInit);
      const body = await problemOf(res, 413);
      expect(body.type).toMatch(/body-too-large$/);
    });

    it(`${path}: 415 for a missing or wrong Content-Type`, async () => {
      const { app } = inProcessApp();
      await problemOf(await app.request(path, { method: "POST", body: romerikeText }), 415);
      await problemOf(await app.request(...postJson(path, romerikeText, { "Content-Type": "text/plain" })), 415);
    });

    it(`${path}: takes application/json with a charset`, async () => {
      const { app } = inProcessApp();
      const res = await app.request(...postJson(path, romerikeText, { "Content-Type": "application/json; charset=utf-8" }));
      expect(res.status).toBe(200);
    });
  }
});

describe("POST /v1/validate", () => {
  it("answers valid: true for the example", async () => {
    const { app } = inProcessApp();
    const res = await app.request(...postJson("/v1/validate", romerikeText));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ valid: true, issues: [], issueCount: 0, truncated: false });
  });

  it("answers valid: false with the issues for an invalid cohort (still 200)", async () => {
    const { app } = inProcessApp();
    const res = await app.request(...postJson("/v1/validate", JSON.stringify({ format: "rotamatch.cohort/v1" })));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { valid: boolean; issues: { code: string; path: string; message: string }[] };
    expect(body.valid).toBe(false);
    expect(body.issues.length).toBeGreaterThan(0);
    for (const issue of body.issues) expect(Object.keys(issue).sort()).toEqual(["code", "message", "path"]);
  });

  it("does not apply the synchronous solve limit", async () => {
    const { app } = inProcessApp({ config: { maxTrainees: 1 } });
    const res = await app.request(...postJson("/v1/validate", JSON.stringify(generateCohort({ trainees: 5, members: 4 }))));
    expect(res.status).toBe(200);
  });
});

describe("GET routes", () => {
  it("serves the core's JSON Schemas", async () => {
    const { app } = inProcessApp();
    const cohort = await app.request("/v1/schema/cohort");
    expect(cohort.status).toBe(200);
    expect(cohort.headers.get("content-type")).toBe("application/schema+json");
    expect(await cohort.json()).toEqual(cohortJsonSchema());
    const plan = await app.request("/v1/schema/plan");
    expect(await plan.json()).toEqual(planJsonSchema());
  });

  it("/health is 200 ok; /ready follows isReady", async () => {
    let ready = true;
    const { app } = inProcessApp({ isReady: () => ready });
    expect(await (await app.request("/health")).json()).toEqual({ status: "ok" });
    expect((await app.request("/ready")).status).toBe(200);
    ready = false;
    const res = await app.request("/ready");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable" });
  });

  // The OpenAPI document's tests are in openapi.test.ts (and its lint in openapi-lint.test.ts).
});

describe("404, 405 and headers", () => {
  it("404 problem+json for an unknown path, which is not logged", async () => {
    const { app, logs } = inProcessApp();
    await problemOf(await app.request("/v1/people/kari-nordmann"), 404);
    expect(JSON.stringify(logs)).not.toContain("kari");
    expect(logs.at(-1)).toMatchObject({ path: "(unknown)", status: 404 });
  });

  it("405 with Allow for a wrong method on a known route", async () => {
    const { app } = inProcessApp();
    const res = await app.request("/v1/solve");
    await problemOf(res, 405);
    expect(res.headers.get("allow")).toBe("POST");
    const del = await app.request("/health", { method: "DELETE" });
    await problemOf(del, 405);
    expect(del.headers.get("allow")).toBe("GET, HEAD");
  });

  it("sets security headers and a request id on every response, echoing a sane one", async () => {
    const { app } = inProcessApp();
    for (const res of [await app.request("/health"), await app.request("/nope"), await app.request(...postJson("/v1/solve", "{"))]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    const echoed = await app.request("/health", { headers: { "X-Request-Id": "abc-123" } });
    expect(echoed.headers.get("x-request-id")).toBe("abc-123");
    const replaced = await app.request("/health", { headers: { "X-Request-Id": "a b\u00e6<script>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs no bodies, names or ids of people", async () => {
    const { app, logs } = inProcessApp();
    await app.request(...postJson("/v1/solve", romerikeText));
    const bad = structuredClone(romerike) as { trainees: { id: string }[] };
    bad.trainees[0]!.id = "";
    await app.request(...postJson("/v1/solve", JSON.stringify(bad)));
    await app.request(...postJson("/v1/validate", romerikeText));
    const text = JSON.stringify(logs);
    const ids = JSON.stringify(romerike).match(/"id":"[^"]+"/g) ?? [];
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(text).not.toContain(id.slice(6, -1));
    expect(text).not.toContain("Skedsmo");
  });
});
