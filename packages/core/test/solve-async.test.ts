/**
 * solveCohortAsync: the same answer as solveCohort, off the calling thread (a timer keeps
 * firing), an abort that keeps the best plan so far and ends the worker, and input issues as
 * an answer rather than a rejection.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort, type SolveProgress } from "../src/plan.js";
import { solveCohortAsync } from "../src/solve-async.js";
import { parseCohort } from "../src/domain/validate.js";
import { verifyPlan } from "../src/result/verify/index.js";

const romerike: unknown = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8"));

const withoutTimes = (plan: object) => JSON.stringify({ ...plan, stats: undefined });

describe("solveCohortAsync", () => {
  it("gives solveCohort's plan for Romerike 2013", async () => {
    const sync = solveCohort(romerike, { timeLimitMs: 30_000 });
    const progress: SolveProgress[] = [];
    const async = await solveCohortAsync(romerike, { timeLimitMs: 30_000, onProgress: (p) => progress.push(p) });
    expect(async.ok && sync.ok).toBe(true);
    if (!async.ok || !sync.ok) return;
    expect(withoutTimes(async.plan)).toBe(withoutTimes(sync.plan));
    expect(progress.at(-1)?.plan?.assignments).toEqual(async.plan.assignments);
  });

  it("keeps the best plan so far on abort, and the worker ends", async () => {
    const cohort = generateCohort({ trainees: 400, members: 120, awayPeriods: 2, hosts: "chosen", mentorOutside: "host-and-away", seed: 7 });
    const controller = new AbortController();
    const started = performance.now();
    const result = await solveCohortAsync(cohort, {
      backend: "network",
      timeLimitMs: 60_000,
      signal: controller.signal,
      // Abort as soon as a first plan is in.
      onProgress: (p) => {
        if (p.plan !== undefined) controller.abort();
      },
    });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(["feasible", "optimal"]).toContain(result.plan.status);
    if (result.plan.status === "feasible") expect(result.plan.bound).toBeLessThanOrEqual(result.plan.objective);
    const parsed = parseCohort(cohort);
    if (!parsed.ok) throw new Error("a generated cohort parses");
    expect(verifyPlan(parsed.index.cohort, result.plan).ok).toBe(true);
  });

  it("answers timedout without a plan when aborted before it starts", async () => {
    const controller = new AbortController();
    controller.abort();
    const cohort = generateCohort({ trainees: 20, members: 10, hosts: "chosen", awayPeriods: 2, seed: 2 });
    const result = await solveCohortAsync(cohort, { signal: controller.signal, backend: "jslp" });
    expect(result.ok && result.plan.status).toBe("timedout");
  });

  it("leaves the calling thread free: a 10 ms timer keeps firing", async () => {
    const cohort = generateCohort({ trainees: 400, members: 120, awayPeriods: 2, hosts: "chosen", mentorOutside: "host-and-away", seed: 7 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await solveCohortAsync(cohort, { timeLimitMs: 1_500 });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it("resolves bad input with issues, and rejects bad options with a TypeError", async () => {
    const result = await solveCohortAsync({ members: 3 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
    await expect(solveCohortAsync(romerike, { timeLimitMs: -1 })).rejects.toThrow(TypeError);
  });
});
