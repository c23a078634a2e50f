/**
 * Whatever a client sends, the answer is problem+json or a plan, never a 500.
 */
import { planSchema } from "@rotamatch/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mutateAt } from "../../core/test/support/mutate.js";
import { inProcessApp, postJson, romerike } from "./support.js";

const { app } = inProcessApp({ config: { timeLimitMs: 2_000 } });

async function expectProblemOrPlan(path: string, body: string): Promise<void> {
  const res = await app.request(...postJson(path, body));
  expect(res.status).not.toBe(500);
  const type = res.headers.get("content-type") ?? "";
  const json: unknown = await res.json();
  if (res.status === 200) {
    expect(type).toMatch(/^application\/json/);
    if (path === "/v1/solve") planSchema.parse(json);
  } else {
    expect(type).toBe("application/problem+json");
    expect(json).toMatchObject({ status: res.status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    expect([400, 413, 422]).toContain(res.status);
  }
}

describe.each(["/v1/solve", "/v1/validate"])("%s never answers 500", (path) => {
  it("for random JSON values", async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), (value) => expectProblemOrPlan(path, JSON.stringify(value))), { numRuns: 150 });
  });

  it("for random text", async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: "binary" }), (text) => expectProblemOrPlan(path, text)), { numRuns: 150 });
  });

  it("for the Romerike 2013 cohort with random edits", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 3 }), async (edits) => {
        const mutated = structuredClone(romerike);
        for (const [pick, value] of edits) mutateAt(mutated, pick, value);
        await expectProblemOrPlan(path, JSON.stringify(mutated));
      }),
      { numRuns: 60 },
    );
  });

  it("for deeply nested and truncated bodies", async () => {
    await expectProblemOrPlan(path, "[".repeat(100_000) + "]".repeat(100_000));
    await expectProblemOrPlan(path, `{"trainees":${"[".repeat(50_000)}`);
    await expectProblemOrPlan(path, JSON.stringify(romerike).slice(0, 500));
  });
});

/** A job either is refused with a problem (400/413/415) or ends done with a plan or failed with a 422 problem. */
async function expectJobProblemOrPlan(body: string): Promise<void> {
  const res = await app.request(...postJson("/v1/jobs", body));
  expect(res.status).not.toBe(500);
  const json = (await res.json()) as { id?: string; state?: string };
  if (res.status !== 202) {
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect([400, 413]).toContain(res.status);
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  const job = (await (await app.request(`/v1/jobs/${json.id}`)).json()) as { state: string; plan: unknown; problem: { status: number } | null };
  expect(["done", "failed"]).toContain(job.state);
  if (job.state === "done") planSchema.parse(job.plan);
  else expect(job.problem?.status).toBe(422);
}

describe("/v1/jobs never ends in 500", () => {
  it("for random JSON values", async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), (value) => expectJobProblemOrPlan(JSON.stringify(value))), { numRuns: 100 });
  });

  it("for the Romerike 2013 cohort with random edits", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 3 }), async (edits) => {
        const mutated = structuredClone(romerike);
        for (const [pick, value] of edits) mutateAt(mutated, pick, value);
        await expectJobProblemOrPlan(JSON.stringify(mutated));
      }),
      { numRuns: 40 },
    );
  });
});
