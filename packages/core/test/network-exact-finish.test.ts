/**
 * Reduced-cost fixing (config-mip.ts) on its own: from the multipliers and plan where the
 * Lagrangian search first stalls, the MIP over the configurations within the gap must prove the
 * same optimum as the exact backend, with a plan that verifies.
 */
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { costOfChoice, totalCost, type TraineeChoice } from "../src/domain/cost.js";
import { cohortSchema } from "../src/domain/schema.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";
import { configFinish, type ConfigFinish } from "../src/solvers/network/config-mip.js";
import { lagrangianSearch } from "../src/solvers/network/lagrangian.js";
import { Neighbours } from "../src/solvers/network/neighbours.js";
import { toChoices } from "../src/solvers/network/plan-arrays.js";
import { compileProblem } from "../src/solvers/network/problem.js";
import { planFromChoices } from "./support/brute-force.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe("exact finish by reduced-cost fixing", () => {
  it.each([1, 2, 3, 4, 5, 6])("proves the exact backend's optimum on a 30-trainee network (seed %i)", (seed) => {
    const input = generateCohort({ trainees: 30, members: 12, hosts: "chosen", mentorOutside: "host-and-away", seed, specializationFit: seed % 2 === 0 ? "preferred" : "required" });
    const cohort = cohortSchema.parse(input);
    const problem = compileProblem(indexCohort(cohort));
    const neighbours = new Neighbours(problem);
    let finish: ConfigFinish | null = null;
    const search = lagrangianSearch(problem, neighbours, {
      deadline: performance.now() + 20_000,
      stallIterations: 1_000,
      onStall: (incumbent, objective, multipliers) => {
        finish = configFinish(problem, neighbours, multipliers, { plan: incumbent, objective }, performance.now() + 20_000);
        return true;
      },
    });
    const exact = solveCohort(input, { backend: "jslp", timeLimitMs: 60_000 });
    if (!exact.ok || exact.plan.status !== "optimal") throw new Error("the exact backend did not prove an optimum");
    const optimum = exact.plan.objective as number;
    const done = finish as ConfigFinish | null;
    if (done === null) {
      // The search closed the gap before it stalled.
      expect(search.closed).toBe(true);
      expect(close(search.objective as number, optimum)).toBe(true);
      return;
    }
    expect(done.status).toBe("optimal");
    expect(close(done.objective, optimum)).toBe(true);
    const choices = toChoices(problem, done.plan);
    const byId = new Map<string, TraineeChoice>(cohort.trainees.map((t, i) => [t.id, choices[i] as TraineeChoice]));
    expect(verifyPlan(cohort, planFromChoices(cohort, byId)).violations).toEqual([]);
    const recomputed = cohort.trainees.reduce((sum, t, i) => sum + totalCost(costOfChoice(problem.index, t, choices[i] as TraineeChoice)), 0);
    expect(close(recomputed, optimum)).toBe(true);
  });
});
