/**
 * The exact backend's branching rules (solvers/jslp/jslp-solver.ts): pseudocosts, the default,
 * and javascript-lp-solver's most-fractional rule. The rule changes how fast the search proves
 * its optimum, never the optimum: on random small cohorts with hosts to choose (where the
 * search branches), both prove the same objective, with solutions that satisfy every row. The
 * brute-force properties (fairness.test.ts, conformance.test.ts, ...) check the default rule's
 * optimum through solveCohort; benchmarks/branching.ts measures the two rules' times.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCohort, parseCohort } from "../src/index.js";
import { buildModel } from "../src/model/build-model.js";
import { checkSolution } from "../src/solvers/check-solution.js";
import { jslpSolver } from "../src/solvers/jslp/jslp-solver.js";

describe("the exact backend's branching rules", () => {
  it("prove the same optimum on random small cohorts with hosts to choose, with and without fairness terms", () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          trainees: fc.integer({ min: 4, max: 10 }),
          awayPeriods: fc.integer({ min: 1, max: 2 }),
          reciprocity: fc.constantFrom(0, 1, 3),
        }),
        ({ seed, trainees, awayPeriods, reciprocity }) => {
          const cohort = generateCohort({ trainees, members: 5, seed, awayPeriods, hosts: "chosen", history: 2, weights: { reciprocity, repeatExchange: 1, repeatMentorHost: 1 } });
          const parsed = parseCohort(cohort);
          if (!parsed.ok) throw new Error("the generated cohort should be valid");
          const { model } = buildModel(parsed.index, { fairness: true });
          const answers = (["pseudocost", "most-fractional"] as const).map((branching) =>
            jslpSolver.solve(model, { deadline: performance.now() + 60_000, branching }),
          );
          const [pseudocost, mostFractional] = answers;
          expect(pseudocost?.status).toBe(mostFractional?.status);
          if (pseudocost?.status !== "optimal") return;
          expect(pseudocost.objective).toBeCloseTo(mostFractional?.objective as number, 6);
          for (const answer of answers) expect(checkSolution(model, answer?.values as Float64Array)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
