/**
 * The time limit: a solve that runs out of time says so (timedout, or feasible with a proven
 * bound), never returns an unverified or fractional plan, and does not throw. (How long it
 * takes is measured by the benchmarks, not here.)
 */
import { describe, expect, it } from "vitest";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";

describe("time limit", () => {
  // Two away periods with hosts chosen: the LP relaxation is fractional, so the search has work to do.
  const input = generateCohort({ trainees: 20, members: 10, hosts: "chosen", awayPeriods: 2, seed: 2 });

  it("stops before the search when the budget is already spent, without a plan", () => {
    const result = solveCohort(input, { timeLimitMs: 1 });
    expect(result.ok && result.plan.status).toBe("timedout");
    if (!result.ok) return;
    expect(result.plan.assignments).toEqual([]);
    expect(result.plan.objective).toBeNull();
  });

  it("returns the best plan found in time with a proven bound below its objective", () => {
    const result = solveCohort(input, { timeLimitMs: 3_000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const plan = result.plan;
    expect(["optimal", "feasible", "timedout"]).toContain(plan.status);
    if (plan.status === "feasible" || plan.status === "optimal") {
      expect(plan.assignments).toHaveLength(20);
      expect(plan.bound).not.toBeNull();
      expect(plan.bound as number).toBeLessThanOrEqual((plan.objective as number) + 1e-9);
    }
  });
});
