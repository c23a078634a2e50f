/**
 * `/openapi.json` against the service itself: its shape (every route, HEAD beside GET, an
 * operationId and a tag on each, servers, license), every problem type the code can make
 * declared under its own status, and for every answer the tests can trigger, its status,
 * media type, problem type and headers among those declared for that operation.
 */
import { readFileSync, readdirSync } from "node:fs";
import { solveCohort, type CohortInput } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import type { AppDeps } from "../src/app.js";
import { PoolFullError } from "../src/errors.js";
import { PROBLEM_KINDS, PROBLEM_TYPE_BASE } from "../src/problem.js";
import { XLSX_TYPE } from "../src/sheets.js";
import { inProcessApp, postJson, romerike, romerikeText } from "./support.js";

interface Response_ {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: { allOf?: [unknown, { properties: { type: { enum: string[] } } }] } }>;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, Response_>;
}
interface OpenApiDoc {
  openapi: string;
  info: { license?: { name: string; identifier?: string } };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

const TOKEN = "a-long-enough-token-1234";
const documentOf = async (deps: Partial<AppDeps> = {}) => (await (await inProcessApp(deps).app.request("/openapi.json")).json()) as OpenApiDoc;

/** The path template of the document that a request path falls under. */
function templateOf(doc: OpenApiDoc, path: string): string {
  const found = Object.keys(doc.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path));
  if (found === undefined) throw new Error(`no path in the document for ${path}`);
  return found;
}

const mediaTypeOf = (header: string | null) => (header ?? "").split(";")[0]!.trim().toLowerCase();

/** Response headers a client acts on; when an answer carries one, the document must declare it. */
const WATCHED_HEADERS = ["Retry-After", "Allow", "WWW-Authenticate", "Location", "Content-Disposition", "Accept-Encoding"];

/** Checks one real answer against the document; returns what it checked, for the coverage test. */
async function expectDeclared(doc: OpenApiDoc, method: string, path: string, res: Response): Promise<string> {
  const template = templateOf(doc, new URL(path, "http://localhost").pathname);
  const item = doc.paths[template]!;
  const where = `${method} ${path} -> ${res.status}`;
  const operation = item[method.toLowerCase()];
  if (operation === undefined) {
    // A method the path does not list: 405, with exactly the listed methods in Allow.
    expect(res.status, where).toBe(405);
    expect(res.headers.get("allow")?.split(", ").sort(), where).toEqual(Object.keys(item).map((m) => m.toUpperCase()).sort());
    for (const op of Object.values(item)) expect(op.responses["405"]?.headers, where).toHaveProperty("Allow");
    return `${template} other 405`;
  }
  const declared = operation.responses[String(res.status)];
  expect(declared, `${where} is not declared`).toBeDefined();
  for (const name of WATCHED_HEADERS) {
    if (res.headers.has(name)) expect(declared!.headers ?? {}, `${where}: header ${name}`).toHaveProperty(name);
  }
  const body = await res.text();
  if (method === "HEAD") {
    expect(body, where).toBe("");
    const get = item.get!.responses[String(res.status)]!;
    expect(Object.keys(get.content ?? {}), where).toContain(mediaTypeOf(res.headers.get("content-type")));
    return `${template} head ${res.status}`;
  }
  const type = mediaTypeOf(res.headers.get("content-type"));
  expect(Object.keys(declared!.content ?? {}), where).toContain(type);
  if (type === "application/problem+json") {
    const problem = JSON.parse(body) as { type: string; status: number };
    expect(problem.status, where).toBe(res.status);
    expect(declared!.content![type]!.schema.allOf?.[1].properties.type.enum, where).toContain(problem.type);
  }
  return `${template} ${method.toLowerCase()} ${res.status}`;
}

const plan = (() => {
  const result = solveCohort(romerike as CohortInput);
  if (!result.ok) throw new Error("the example is not valid");
  return result.plan;
})();
const invalidCohort = (() => {
  const cohort = structuredClone(romerike) as { trainees: { host?: string }[] };
  cohort.trainees[0]!.host = "atlantis";
  return JSON.stringify(cohort);
})();
const exportBody = JSON.stringify({ cohort: romerike, plan });
const replanBody = (asOf: string) => JSON.stringify({ format: "rotamatch.replan/v1", asOf, cohort: romerike, plan });

interface Case {
  readonly name: string;
  readonly deps?: Partial<AppDeps>;
  readonly method: string;
  readonly path: string;
  readonly init?: RequestInit;
  /** The status this case is meant to trigger, so that a changed route shows here. */
  readonly status: number;
}

const post = (path: string, body: string, status: number, headers: Record<string, string> = {}): Omit<Case, "name"> => ({
  method: "POST",
  path,
  init: postJson(path, body, headers)[1],
  status,
});

const CASES: readonly Case[] = [
  { name: "solve", ...post("/v1/solve", romerikeText, 200) },
  { name: "solve, bad JSON", ...post("/v1/solve", "{", 400) },
  { name: "solve, too many trainees", deps: { config: { maxTrainees: 5 } }, ...post("/v1/solve", romerikeText, 413) },
  { name: "solve, body over the limit", deps: { config: { bodyLimitBytes: 100 } }, ...post("/v1/solve", romerikeText, 413) },
  { name: "solve, not JSON", method: "POST", path: "/v1/solve", init: { method: "POST", body: "x", headers: { "Content-Type": "text/plain" } }, status: 415 },
  { name: "solve, an encoding not taken", ...post("/v1/solve", romerikeText, 415, { "Content-Encoding": "br" }) },
  { name: "solve, invalid cohort", ...post("/v1/solve", invalidCohort, 422) },
  { name: "solve, pool full", deps: { solve: () => Promise.reject(new PoolFullError()) }, ...post("/v1/solve", romerikeText, 503) },
  { name: "solve, not ready", deps: { isReady: () => false }, ...post("/v1/solve", romerikeText, 503) },
  { name: "solve, a bug", deps: { solve: () => Promise.reject(new Error("boom")) }, ...post("/v1/solve", romerikeText, 500) },
  { name: "solve, shutting down", deps: { shuttingDown: () => 5 }, ...post("/v1/solve", romerikeText, 503) },
  { name: "solve, no token", deps: { config: { tokens: [TOKEN] } }, ...post("/v1/solve", romerikeText, 401) },
  { name: "solve, wrong method", method: "GET", path: "/v1/solve", status: 405 },
  { name: "solve, HEAD", method: "HEAD", path: "/v1/solve", status: 405 },
  { name: "job", ...post("/v1/jobs", romerikeText, 202) },
  { name: "job, too many trainees", deps: { config: { maxJobTrainees: 5 } }, ...post("/v1/jobs", romerikeText, 413) },
  { name: "job, queue full", deps: { canAcceptJob: () => false }, ...post("/v1/jobs", romerikeText, 503) },
  { name: "job, a re-plan", ...post("/v1/jobs", replanBody("2014-03-01"), 202) },
  { name: "job, a what-if", ...post("/v1/jobs?operation=whatif", JSON.stringify({ cohort: romerike, plan, pins: [{ trainee: "t1", mentor: "x" }] }), 202) },
  { name: "job, an explanation", ...post("/v1/jobs?operation=explain", JSON.stringify({ cohort: romerike, plan, trainee: "t1" }), 202) },
  { name: "job, an unknown operation", ...post("/v1/jobs?operation=import", romerikeText, 400) },
  { name: "job, a re-plan of too many trainees", deps: { config: { maxJobTrainees: 5 } }, ...post("/v1/jobs", replanBody("2014-03-01"), 413) },
  { name: "job, no such", method: "GET", path: "/v1/jobs/nope", status: 404 },
  { name: "job, no such, HEAD", method: "HEAD", path: "/v1/jobs/nope", status: 404 },
  { name: "job, no such, DELETE", method: "DELETE", path: "/v1/jobs/nope", status: 404 },
  { name: "job, PUT", method: "PUT", path: "/v1/jobs/nope", status: 405 },
  { name: "replan", ...post("/v1/replan", replanBody("2014-03-01"), 200) },
  { name: "replan, asOf outside", ...post("/v1/replan", replanBody("2030-01-01"), 422) },
  { name: "replan, too many trainees", deps: { config: { maxTrainees: 5 } }, ...post("/v1/replan", replanBody("2014-03-01"), 413) },
  { name: "replan, not ready", deps: { isReady: () => false }, ...post("/v1/replan", replanBody("2014-03-01"), 503) },
  { name: "what-if, no pins", ...post("/v1/whatif", JSON.stringify({ cohort: romerike, plan, pins: [] }), 422) },
  { name: "what-if, bad JSON", ...post("/v1/whatif", "{", 400) },
  { name: "explain", ...post("/v1/explain", JSON.stringify({ cohort: romerike, plan, trainee: "t1", lang: "en" }), 200) },
  { name: "explain, unknown trainee", ...post("/v1/explain", JSON.stringify({ cohort: romerike, plan, trainee: "t99" }), 422) },
  { name: "explain, not JSON", method: "POST", path: "/v1/explain", init: { method: "POST", body: "x", headers: { "Content-Type": "text/plain" } }, status: 415 },
  { name: "explain, GET", method: "GET", path: "/v1/explain", status: 405 },
  { name: "validate", ...post("/v1/validate", romerikeText, 200) },
  { name: "validate, bad JSON", ...post("/v1/validate", "[", 400) },
  { name: "import CSV", ...post("/v1/import", JSON.stringify({ files: {} }), 422) },
  { name: "import, not { files }", ...post("/v1/import", "[]", 400) },
  { name: "import, not a workbook", method: "POST", path: "/v1/import", init: { method: "POST", body: "x", headers: { "Content-Type": "text/plain" } }, status: 415 },
  { name: "import plan, not a workbook", method: "POST", path: "/v1/import/plan", init: { method: "POST", body: "x", headers: { "Content-Type": XLSX_TYPE } }, status: 422 },
  { name: "import plan, JSON", ...post("/v1/import/plan", exportBody, 415) },
  { name: "export csv", ...post("/v1/export?format=csv", exportBody, 200) },
  { name: "export ics", ...post("/v1/export?format=ics", exportBody, 200) },
  { name: "export xlsx", ...post("/v1/export?format=xlsx", exportBody, 200) },
  { name: "export, unknown format", ...post("/v1/export?format=pdf", exportBody, 400) },
  { name: "export, invalid cohort", ...post("/v1/export?format=csv", JSON.stringify({ cohort: {}, plan }), 422) },
  { name: "cohort schema", method: "GET", path: "/v1/schema/cohort", status: 200 },
  { name: "cohort schema, HEAD", method: "HEAD", path: "/v1/schema/cohort", status: 200 },
  { name: "plan schema", method: "GET", path: "/v1/schema/plan", status: 200 },
  { name: "plan schema, HEAD", method: "HEAD", path: "/v1/schema/plan", status: 200 },
  { name: "plan schema, no token", deps: { config: { tokens: [TOKEN] } }, method: "GET", path: "/v1/schema/plan", status: 401 },
  { name: "plan schema, POST", method: "POST", path: "/v1/schema/plan", status: 405 },
  { name: "health", method: "GET", path: "/health", status: 200 },
  { name: "health, HEAD", method: "HEAD", path: "/health", status: 200 },
  { name: "health, shutting down", deps: { shuttingDown: () => 5 }, method: "GET", path: "/health", status: 200 },
  { name: "health, DELETE", method: "DELETE", path: "/health", status: 405 },
  { name: "ready", method: "GET", path: "/ready", status: 200 },
  { name: "ready, HEAD", method: "HEAD", path: "/ready", status: 200 },
  { name: "ready, busy", deps: { isReady: () => false }, method: "GET", path: "/ready", status: 503 },
  { name: "ready, busy, HEAD", deps: { isReady: () => false }, method: "HEAD", path: "/ready", status: 503 },
  { name: "ready, shutting down", deps: { shuttingDown: () => 5 }, method: "GET", path: "/ready", status: 503 },
];

describe("/openapi.json matches what the service answers", () => {
  it.each(CASES)("$name: $method $path is a declared answer", async ({ deps, method, path, init, status }) => {
    // The document of the same configuration (fetched from an app that is not shutting down).
    const doc = await documentOf(deps?.config === undefined ? {} : { config: deps.config });
    const res = await inProcessApp(deps).app.request(path, { method, ...init });
    expect(res.status).toBe(status);
    await expectDeclared(doc, method, path, res);
  });

  it("a running job, fetched and cancelled, and the rate limit's 429", async () => {
    const deps = { config: { rateLimit: 4 } };
    const { app } = inProcessApp(deps);
    const doc = await documentOf(deps);
    const created = await app.request(...postJson("/v1/jobs", romerikeText));
    await expectDeclared(doc, "POST", "/v1/jobs", created);
    const location = created.headers.get("location")!;
    for (const method of ["GET", "HEAD", "DELETE"]) {
      const res = await app.request(location, { method });
      expect(res.status).toBe(200);
      await expectDeclared(doc, method, location, res);
    }
    const limited = await app.request("/v1/schema/plan");
    expect(limited.status).toBe(429);
    await expectDeclared(doc, "GET", "/v1/schema/plan", limited);
  });

  it("every other method on every path is a 405 whose Allow lists the path's operations", async () => {
    const { app } = inProcessApp();
    const doc = await documentOf();
    for (const [template, item] of Object.entries(doc.paths)) {
      const path = template.replace(/\{[^}]+\}/g, "x");
      for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
        if (Object.hasOwn(item, method.toLowerCase())) continue;
        await expectDeclared(doc, method, path, await app.request(path, { method }));
      }
    }
  });
});

describe("/openapi.json", () => {
  it("is an OpenAPI 3.1 document with every route, the core's schemas, servers and an SPDX license", async () => {
    const doc = await documentOf();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([expect.objectContaining({ url: "/" })]);
    expect(doc.info.license).toEqual({ name: "MIT", identifier: "MIT" });
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/health",
      "/ready",
      "/v1/explain",
      "/v1/export",
      "/v1/export/cohort",
      "/v1/import",
      "/v1/import/plan",
      "/v1/jobs",
      "/v1/jobs/{id}",
      "/v1/replan",
      "/v1/schema/cohort",
      "/v1/schema/plan",
      "/v1/solve",
      "/v1/validate",
      "/v1/whatif",
    ]);
    expect(Object.keys(doc.paths["/v1/solve"]!)).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/jobs/{id}"]!).sort()).toEqual(["delete", "get", "head"]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Cohort", "Plan", "Problem", "Issue", "Job"]));
    // Every $ref points at a component the document has.
    for (const ref of JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? []) {
      const [kind, name] = ref.slice('"$ref":"#/components/'.length, -1).split("/");
      expect((doc.components as Record<string, Record<string, unknown>>)[kind!]).toHaveProperty(name!);
    }
  });

  it("has HEAD beside every GET, a unique operationId and a described tag on every operation", async () => {
    const doc = await documentOf();
    const tags = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
    const ids = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      expect(Object.hasOwn(item, "get")).toBe(Object.hasOwn(item, "head"));
      for (const op of Object.values(item)) {
        expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(op.operationId!)).toBe(false);
        ids.add(op.operationId!);
        expect(op.tags).toHaveLength(1);
        expect(tags.get(op.tags![0]!)).toEqual(expect.any(String));
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["405", "500"]));
      }
    }
  });

  it("declares /v1/schema/* as application/schema+json, as they are served", async () => {
    const doc = await documentOf();
    for (const path of ["/v1/schema/cohort", "/v1/schema/plan"]) {
      expect(Object.keys(doc.paths[path]!.get!.responses["200"]!.content!)).toEqual(["application/schema+json"]);
    }
  });

  it("describes bearer tokens (401) and rate limits (429) exactly when they are configured", async () => {
    const plain = await documentOf();
    expect(plain.components.securitySchemes).toBeUndefined();
    expect(plain.security).toEqual([]);
    expect(plain.paths["/v1/solve"]?.post?.security).toBeUndefined();
    expect(Object.keys(plain.paths["/v1/solve"]?.post?.responses ?? {})).not.toContain("401");
    expect(Object.keys(plain.paths["/v1/solve"]?.post?.responses ?? {})).not.toContain("429");

    const doc = await documentOf({ config: { tokens: [TOKEN], rateLimit: 10 } });
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item)) {
        const v1 = path.startsWith("/v1/");
        // Open by default (the root's `security: []`); every /v1 operation needs the token.
        expect(op.security).toEqual(v1 ? [{ bearer: [] }] : undefined);
        expect(Object.hasOwn(op.responses, "401")).toBe(v1);
        expect(Object.hasOwn(op.responses, "429")).toBe(v1);
      }
    }
  });

  it("declares every problem type the service makes, only under its own status", async () => {
    const doc = await documentOf({ config: { tokens: [TOKEN], rateLimit: 10 } });
    const declared = new Map<string, Set<number>>();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          for (const type of response.content?.["application/problem+json"]?.schema.allOf?.[1].properties.type.enum ?? []) {
            declared.set(type, new Set([...(declared.get(type) ?? []), Number(status)]));
          }
        }
      }
    }
    for (const [kind, { status }] of Object.entries(PROBLEM_KINDS)) {
      expect([...(declared.get(PROBLEM_TYPE_BASE + kind) ?? [status])], kind).toEqual([status]);
    }
    // Every kind a source file makes is declared (a kind no route answers need not be).
    const dir = new URL("../src/", import.meta.url);
    const made = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .flatMap((f) => [...readFileSync(new URL(f, dir), "utf8").matchAll(/makeProblem\(\s*"([a-z-]+)"/g)].map((m) => m[1]!)),
    );
    expect(made.size).toBeGreaterThan(10);
    for (const kind of made) expect(declared.has(PROBLEM_TYPE_BASE + kind), kind).toBe(true);
    expect(declared.has(`${PROBLEM_TYPE_BASE}unauthorized`)).toBe(true);
    expect(declared.has(`${PROBLEM_TYPE_BASE}rate-limited`)).toBe(true);
  });
});
