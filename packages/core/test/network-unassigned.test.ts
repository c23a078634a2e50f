/**
 * The network backend under allowUnassigned with hosts to choose (unassigned.ts): on small
 * random cohorts of issue 11's kind, held to the brute-force oracle. Every plan verifies and
 * keeps its pins; the fill bound is at least the most roles any plan fills; the plan fills no
 * more than that; the cost bound is reported only once the fill is proven, and then is at most
 * the optimum; "optimal" only with the oracle's fill and cost in hand; never "timedout".
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import type { TraineeChoice } from "../src/domain/cost.js";
import { cohortSchema, type CohortInput } from "../src/domain/schema.js";
import { solveCohort } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";
import { networkBackend } from "../src/solvers/network/backend.js";
import { solveNetwork } from "../src/solvers/network/index.js";
import { allowUnassignedArbitrary, allowUnassignedCohort } from "./support/allow-unassigned-cohorts.js";
import { bruteForceOptimum, countFilled, planFromChoices } from "./support/brute-force.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";

const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 120);
const tolerance = (x: number) => 1e-6 * Math.max(1, Math.abs(x));

/** The network backend's own answer against the oracle (see the file's comment). */
function conforms(input: CohortInput, exactFinish: boolean): void {
  const cohort = cohortSchema.parse(input);
  if (!cohort.rules.allowUnassigned) return;
  const index = indexCohort(cohort);
  expect(networkBackend.supports(index)).toBe(true);
  const result = solveNetwork(index, { deadline: performance.now() + 20_000, exactFinish });
  const best = bruteForceOptimum(cohort);
  expect(result.status).not.toBe("timedout");
  if (result.status === "infeasible") {
    expect(best).toBeNull();
    return;
  }
  expect(best).not.toBeNull();
  if (best === null || result.choices === null) return;
  const choices = new Map<string, TraineeChoice>(cohort.trainees.map((t, i) => [t.id, result.choices?.[i] as TraineeChoice]));
  const plan = planFromChoices(cohort, choices, { status: result.status === "optimal" ? "optimal" : "feasible", bound: result.bound });
  expect(verifyPlan(cohort, plan).violations).toEqual([]);
  expect(Math.abs((plan.objective as number) - (result.objective as number))).toBeLessThanOrEqual(tolerance(plan.objective as number));

  const filled = [...choices.values()].reduce((n, c) => n + countFilled(c), 0);
  const fill = result.stats.method === "decomposition" ? { filled, bound: filled } : result.fill;
  expect(fill).toBeDefined();
  if (fill === undefined) return;
  expect(fill.filled).toBe(filled);
  expect(filled).toBeLessThanOrEqual(best.filled);
  expect(fill.bound).toBeGreaterThanOrEqual(best.filled);
  // A cost bound only with the fill proven, and then at most the optimum.
  if (fill.bound > filled) expect(result.bound).toBeNull();
  if (result.bound !== null) {
    expect(filled).toBe(best.filled);
    expect(result.bound).toBeLessThanOrEqual(best.objective + tolerance(best.objective));
  }
  if (result.status === "optimal") {
    expect(filled).toBe(best.filled);
    expect(Math.abs((result.objective as number) - best.objective)).toBeLessThanOrEqual(tolerance(best.objective));
  }
  if (exactFinish) expect(result.status).toBe("optimal");
}

describe.each([true, false])("network backend, allowUnassigned with hosts chosen (exact finish %s)", (exactFinish) => {
  it("conforms to the brute-force oracle on generated cohorts with too few places", () => {
    fc.assert(
      fc.property(allowUnassignedArbitrary({ trainees: 4, members: 4 }), (input) => conforms(input, exactFinish)),
      { numRuns: RUNS },
    );
  });

  it("conforms to the brute-force oracle on random small cohorts (pins, forbids, odd capacities)", () => {
    fc.assert(
      fc.property(smallCohortArbitrary({ allowUnassigned: true }), (input) => conforms(input, exactFinish)),
      { numRuns: RUNS },
    );
  });
});

describe("at scale", () => {
  it("answers a 300-trainee cohort with too few places with a verified plan, never timed out", () => {
    const input = allowUnassignedCohort({ trainees: 300, members: 60, awayPeriods: 2, chosen: "all", shortage: 0.4, seed: 11 });
    const result = solveCohort(input, { backend: "network", timeLimitMs: 2_000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.stats?.backend).toBe("network");
    expect(["optimal", "feasible"]).toContain(result.plan.status);
    expect(verifyPlan(cohortSchema.parse(input), result.plan).violations).toEqual([]);
    expect(result.plan.unassigned.length).toBeGreaterThan(0);
  });

  it("answers even with no time at all (the first plan has no deadline)", () => {
    const input = allowUnassignedCohort({ trainees: 200, members: 40, awayPeriods: 1, chosen: "some", shortage: 0.5, seed: 12 });
    const cohort = cohortSchema.parse(input);
    const result = solveNetwork(indexCohort(cohort), { deadline: performance.now() - 1 });
    expect(result.status === "feasible" || result.status === "optimal").toBe(true);
    expect(result.choices).not.toBeNull();
  });
});
