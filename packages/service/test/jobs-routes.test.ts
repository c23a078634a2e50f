/**
 * The job routes in process: POST /v1/jobs, GET and DELETE /v1/jobs/{id}, with the core
 * solving in process (the fallback runner) or a runner the test drives.
 */
import { PLAN_FORMAT, type Plan, type SolveResult } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import type { JobRunner, JobView, SolveWatch } from "../src/jobs.js";
import { inProcessApp, postJson, romerike, romerikeText } from "./support.js";

const PROBLEM = "application/problem+json";
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function submit(app: ReturnType<typeof inProcessApp>["app"], body = romerikeText, headers: Record<string, string> = {}) {
  const res = await app.request(...postJson("/v1/jobs", body, headers));
  return { res, job: (await res.json()) as JobView };
}

describe("POST /v1/jobs", () => {
  it("answers 202 with Location; the job then holds the same plan /v1/solve gives", async () => {
    const { app } = inProcessApp();
    const { res, job } = await submit(app);
    expect(res.status).toBe(202);
    expect(res.headers.get("location")).toBe(`/v1/jobs/${job.id}`);
    expect(["queued", "running", "done"]).toContain(job.state);
    await settle();
    const polled = await app.request(`/v1/jobs/${job.id}`);
    expect(polled.status).toBe(200);
    const done = (await polled.json()) as JobView;
    expect(done.state).toBe("done");
    const direct = (await (await app.request(...postJson("/v1/solve", romerikeText))).json()) as Plan;
    expect(done.plan?.status).toBe("optimal");
    expect(done.plan?.assignments).toEqual(direct.assignments);
    expect(done.progress).toMatchObject({ objective: direct.objective, bound: direct.objective, gap: 0 });
  });

  it("takes cohorts over the synchronous limit, up to its own, and answers 413 above it", async () => {
    const { app } = inProcessApp({ config: { maxTrainees: 2, maxJobTrainees: 20 } });
    expect((await app.request(...postJson("/v1/solve", romerikeText))).status).toBe(413);
    const { res } = await submit(app);
    expect(res.status).toBe(202);
    const small = inProcessApp({ config: { maxJobTrainees: 2 } });
    const refused = await small.app.request(...postJson("/v1/jobs", romerikeText));
    expect(refused.status).toBe(413);
    expect(refused.headers.get("content-type")).toBe(PROBLEM);
    expect(await refused.json()).toMatchObject({ type: "https://rotamatch.dev/problems/cohort-too-large" });
  });

  it("has its own body limit", async () => {
    const { app } = inProcessApp({ config: { bodyLimitBytes: 100, jobBodyLimitBytes: 1_000_000 } });
    expect((await app.request(...postJson("/v1/solve", romerikeText))).status).toBe(413);
    expect((await submit(app)).res.status).toBe(202);
    const tight = inProcessApp({ config: { jobBodyLimitBytes: 100 } });
    expect((await tight.app.request(...postJson("/v1/jobs", romerikeText))).status).toBe(413);
  });

  it("answers 400 and 415 like /v1/solve", async () => {
    const { app } = inProcessApp();
    const malformed = await app.request(...postJson("/v1/jobs", "{"));
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe(PROBLEM);
    const wrongType = await app.request("/v1/jobs", { method: "POST", body: romerikeText, headers: { "Content-Type": "text/plain" } });
    expect(wrongType.status).toBe(415);
  });

  it("answers 503 with Retry-After, before reading the body, when no job can be taken", async () => {
    const { app } = inProcessApp({ canAcceptJob: () => false, config: { retryAfterSeconds: 7 } });
    const res = await app.request(...postJson("/v1/jobs", "not even JSON"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.headers.get("content-type")).toBe(PROBLEM);
  });

  it("turns an invalid cohort into a failed job with the 422 problem and the core's issues", async () => {
    const { app } = inProcessApp();
    const bad = structuredClone(romerike) as { trainees: { specialization: string }[] };
    (bad.trainees[0] as { specialization: string }).specialization = "";
    const { res, job } = await submit(app, JSON.stringify(bad));
    expect(res.status).toBe(202);
    await settle();
    const failed = (await (await app.request(`/v1/jobs/${job.id}`)).json()) as JobView;
    expect(failed).toMatchObject({ state: "failed", plan: null, problem: { status: 422 } });
    expect(failed.problem?.issues?.[0]?.path).toBe("trainees[0].specialization");
  });
});

describe("GET and DELETE /v1/jobs/{id}", () => {
  /** A runner the test drives: it reports a plan, then waits to be stopped. */
  function drivenApp() {
    const watches: SolveWatch[] = [];
    const finishes: ((result: SolveResult) => void)[] = [];
    const solveJob: JobRunner = (_cohort, _options, watch) =>
      new Promise((resolve) => {
        watches.push(watch);
        finishes.push(resolve);
        watch.onStart?.();
      });
    return { ...inProcessApp({ solveJob }), watches, finishes };
  }
  const feasible: Plan = { format: PLAN_FORMAT, status: "feasible", objective: 12, bound: 10, assignments: [], unassigned: [], diagnosis: [] };

  it("shows a running job's progress and best plan, and DELETE cancels it keeping that plan", async () => {
    const { app, watches } = drivenApp();
    const { job } = await submit(app);
    watches[0]?.onProgress?.({ elapsedMs: 1_500, objective: 12, bound: 10, plan: feasible });
    const running = (await (await app.request(`/v1/jobs/${job.id}`)).json()) as JobView;
    expect(running).toMatchObject({ state: "running", progress: { elapsedMs: 1_500, objective: 12, bound: 10 }, plan: { objective: 12 } });
    const res = await app.request(`/v1/jobs/${job.id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: "cancelled", plan: { status: "feasible", objective: 12, bound: 10 } });
    expect(watches[0]?.signal?.aborted).toBe(true);
    expect(((await (await app.request(`/v1/jobs/${job.id}`)).json()) as JobView).state).toBe("cancelled");
  });

  it("answers 404 problem+json for an unknown id, and 405 with Allow for another method", async () => {
    const { app } = inProcessApp();
    for (const method of ["GET", "DELETE"]) {
      const res = await app.request("/v1/jobs/00000000-0000-4000-8000-000000000000", { method });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe(PROBLEM);
    }
    const put = await app.request("/v1/jobs/abc", { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, DELETE");
    const list = await app.request("/v1/jobs", { method: "PUT" });
    expect(list.status).toBe(405);
    expect(list.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("shows a job only to the token that made it", async () => {
    const solveJob: JobRunner = () => new Promise(() => {});
    const { app } = inProcessApp({ solveJob, config: { tokens: ["token-a", "token-b"] } });
    const { res, job } = await submit(app, romerikeText, { Authorization: "Bearer token-a" });
    expect(res.status).toBe(202);
    const asA = await app.request(`/v1/jobs/${job.id}`, { headers: { Authorization: "Bearer token-a" } });
    expect(asA.status).toBe(200);
    const asB = await app.request(`/v1/jobs/${job.id}`, { headers: { Authorization: "Bearer token-b" } });
    expect(asB.status).toBe(404);
    const cancelAsB = await app.request(`/v1/jobs/${job.id}`, { method: "DELETE", headers: { Authorization: "Bearer token-b" } });
    expect(cancelAsB.status).toBe(404);
    expect((await app.request(`/v1/jobs/${job.id}`)).status).toBe(401);
  });

  it("forgets a finished job after the TTL", async () => {
    let now = Date.UTC(2026, 0, 1);
    const { app } = inProcessApp({ clock: () => now, config: { jobTtlSeconds: 60 } });
    const { job } = await submit(app);
    await settle();
    expect((await app.request(`/v1/jobs/${job.id}`)).status).toBe(200);
    now += 60_000;
    expect((await app.request(`/v1/jobs/${job.id}`)).status).toBe(404);
  });

  it("logs the route, never the job's id", async () => {
    const { app, logs } = inProcessApp();
    const { job } = await submit(app);
    await app.request(`/v1/jobs/${job.id}`);
    await app.request(`/v1/jobs/${job.id}`, { method: "DELETE" });
    const text = JSON.stringify(logs);
    expect(text).not.toContain(job.id);
    expect(logs.filter((r) => r["path"] === "/v1/jobs/{id}")).toHaveLength(2);
  });
});
