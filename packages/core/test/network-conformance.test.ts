/**
 * The network backend against the brute-force oracle on random small cohorts and small
 * generated networks: every plan it returns verifies, its bound never exceeds the optimum, it
 * says optimal only with the optimum in hand, and infeasible only when no plan exists. Run
 * twice: with the exact finish (small cohorts then always end proven, like the exact backend)
 * and without it, so that the network methods themselves are held to the oracle.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import type { TraineeChoice } from "../src/domain/cost.js";
import { cohortSchema, type Cohort, type CohortInput } from "../src/domain/schema.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { verifyPlan } from "../src/result/verify.js";
import { networkSupports, solveNetwork, type NetworkResult } from "../src/solvers/network/index.js";
import { bruteForceOptimum, countFilled, planFromChoices } from "./support/brute-force.js";
import { generatedCohortArbitrary as makeGenerated, smallCohortArbitrary } from "./support/arbitraries.js";

const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 100);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

const generatedCohortArbitrary = makeGenerated({ trainees: 5, members: 5 });

function solve(cohort: Cohort, exactFinish: boolean): NetworkResult {
  return solveNetwork(indexCohort(cohort), { deadline: performance.now() + 20_000, exactFinish });
}

/** Checks one cohort against the oracle; skips cohorts the backend says it does not support. */
function conforms(input: CohortInput, exactFinish: boolean): void {
  const cohort = cohortSchema.parse(input);
  if (networkSupports(indexCohort(cohort)) !== true) return;
  const result = solve(cohort, exactFinish);
  const best = bruteForceOptimum(cohort);
  if (result.status === "infeasible") {
    expect(best).toBeNull();
    return;
  }
  if (exactFinish || result.stats.method === "decomposition") expect(result.status).not.toBe("timedout");
  if (best === null) {
    // No plan exists: the backend must not claim one.
    expect(result.choices).toBeNull();
    return;
  }
  if (result.bound !== null) expect(result.bound).toBeLessThanOrEqual(best.objective + 1e-6 * Math.max(1, Math.abs(best.objective)));
  if (result.choices === null) {
    expect(result.status).toBe("timedout");
    return;
  }
  const choices = new Map<string, TraineeChoice>(cohort.trainees.map((t, i) => [t.id, result.choices?.[i] as TraineeChoice]));
  const plan = planFromChoices(cohort, choices, { status: result.status === "optimal" ? "optimal" : "feasible", bound: result.bound });
  expect(verifyPlan(cohort, plan).violations).toEqual([]);
  expect(close(plan.objective ?? Number.NaN, result.objective ?? Number.NaN)).toBe(true);
  const filled = [...choices.values()].reduce((n, c) => n + countFilled(c), 0);
  if (cohort.rules.allowUnassigned) expect(filled).toBe(best.filled);
  if (result.status === "optimal") expect(close(result.objective as number, best.objective)).toBe(true);
  if (exactFinish) expect(result.status).toBe("optimal");
}

describe.each([true, false])("network backend (exact finish %s)", (exactFinish) => {
  it("conforms to the brute-force oracle on random small cohorts", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), (input) => conforms(input, exactFinish)),
      { numRuns: RUNS },
    );
  });

  it("conforms to the brute-force oracle on small generated networks", () => {
    fc.assert(
      fc.property(generatedCohortArbitrary, (input) => conforms(input, exactFinish)),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe("networkSupports", () => {
  it("takes allowUnassigned only when the decomposition is exact", () => {
    const base = generateCohort({ trainees: 3, members: 4, hosts: "chosen", seed: 3 });
    expect(networkSupports(indexCohort(cohortSchema.parse(base)))).toBe(true);
    const unassigned = { ...base, rules: { ...base.rules, allowUnassigned: true } };
    expect(networkSupports(indexCohort(cohortSchema.parse(unassigned)))).toMatch(/allowUnassigned/);
    const given = generateCohort({ trainees: 3, members: 4, hosts: "given", seed: 3 });
    const givenUnassigned = { ...given, rules: { ...given.rules, allowUnassigned: true } };
    expect(networkSupports(indexCohort(cohortSchema.parse(givenUnassigned)))).toBe(true);
  });
});
