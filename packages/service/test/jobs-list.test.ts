/**
 * GET /v1/jobs with the in-memory store (no Redis): the caller's jobs, newest first, paged
 * by `offset` and `limit` (1 to 100), with `total` and the link to the `next` page.
 */
import { describe, expect, it } from "vitest";
import { inProcessApp, postJson, romerikeText } from "./support.js";

interface Page {
  readonly jobs: readonly { id: string; state: string; inputHash: string; version: string; options: { timeLimitMs: number }; createdAt: string }[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly next: string | null;
}

async function submitted(app: ReturnType<typeof inProcessApp>["app"], count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await app.request(...postJson("/v1/jobs", romerikeText));
    expect(res.status).toBe(202);
    ids.push(((await res.json()) as { id: string }).id);
    await new Promise((resolve) => setTimeout(resolve, 2)); // distinct creation times
  }
  return ids;
}

describe("GET /v1/jobs in memory", () => {
  it("pages the caller's jobs newest first, with total and next", async () => {
    const { app } = inProcessApp();
    const ids = await submitted(app, 5);
    const newestFirst = [...ids].reverse();
    const first = (await (await app.request("/v1/jobs?limit=2")).json()) as Page;
    expect(first).toMatchObject({ total: 5, offset: 0, limit: 2, next: "/v1/jobs?offset=2&limit=2" });
    expect(first.jobs.map((j) => j.id)).toEqual(newestFirst.slice(0, 2));
    const second = (await (await app.request(first.next ?? "")).json()) as Page;
    expect(second.jobs.map((j) => j.id)).toEqual(newestFirst.slice(2, 4));
    const last = (await (await app.request("/v1/jobs?offset=4&limit=2")).json()) as Page;
    expect(last.jobs.map((j) => j.id)).toEqual(newestFirst.slice(4));
    expect(last.next).toBeNull();
    const past = (await (await app.request("/v1/jobs?offset=9")).json()) as Page;
    expect(past).toMatchObject({ jobs: [], total: 5, next: null });
    const job = first.jobs[0];
    expect(job?.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(job?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof job?.options.timeLimitMs).toBe("number");
  });

  it.each([
    ["limit=0", /limit/],
    ["limit=101", /limit/],
    ["limit=x", /limit/],
    ["offset=-1", /offset/],
    ["offset=1.5", /offset/],
  ])("answers 400 invalid-request for %s", async (query, says) => {
    const { app } = inProcessApp();
    const res = await app.request(`/v1/jobs?${query}`);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { type: string; detail: string };
    expect(problem.type).toMatch(/invalid-request$/);
    expect(problem.detail).toMatch(says);
  });
});
