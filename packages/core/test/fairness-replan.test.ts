/**
 * Re-planning and explanations with history and fairness weights (issue 13 on issue 12's
 * machinery): the lexicographic stages carry the fairness terms, so a re-plan's objective and an
 * explanation's delta are the brute-force ones, reciprocity included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortSchema, type SolvedPlan } from "../src/domain/schema.js";
import { validateCohort } from "../src/domain/validate.js";
import { solveCohort } from "../src/plan.js";
import { explainPlan } from "../src/replan/explain.js";
import { replanCohort } from "../src/replan/replan.js";
import { verifyPlan } from "../src/result/verify.js";
import { bruteForceFair, fairnessCohortArbitrary } from "./support/fairness.js";
import { bruteForceReplan, planChoices, pinOf } from "./support/replan-brute-force.js";
import { datesOf, mutate, mutationArb } from "./support/replan-mutations.js";

function solved(input: unknown): SolvedPlan | null {
  const r = solveCohort(input, { backend: "jslp", diagnose: false });
  return r.ok && r.plan.status === "optimal" ? r.plan : null;
}

const cohorts = fairnessCohortArbitrary({ allowUnassigned: false, weights: "nonzero", maxTrainees: 3 });

describe("fairness terms in re-plans and explanations", () => {
  it("a re-plan changes fewest, then costs least with the fairness terms, as brute force says", () => {
    let compared = 0;
    fc.assert(
      fc.property(cohorts, mutationArb, fc.nat(10), (input, mutation, day) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        const now = mutate(cohort, plan, mutation);
        const asOf = datesOf(cohort)[day % datesOf(cohort).length] as string;
        const result = replanCohort(now, plan, { asOf });
        if (!result.ok || result.warnings.length > 0) return;
        const best = bruteForceReplan(now, planChoices(now, plan), asOf);
        if (best === null) return void expect(result.plan.status).toBe("infeasible");
        expect(result.plan.status).toBe("optimal");
        if (result.plan.status !== "optimal") return;
        compared += 1;
        expect(result.plan.changes.filter((c) => c.reason === "forced" || c.reason === "knock-on").length).toBe(best.changes);
        expect(result.plan.objective).toBeCloseTo(best.objective, 6);
        const { changes: _changes, ...asPlan } = result.plan;
        expect(verifyPlan(now, asPlan).violations).toEqual([]);
      }),
      { numRuns: 80, seed: 2 },
    );
    expect(compared).toBeGreaterThan(10);
  });

  it("every explanation delta is the brute-force optimum with the option pinned, fairness terms included", () => {
    let options = 0;
    fc.assert(
      fc.property(cohorts, (input) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        const result = explainPlan(cohort, plan, { lang: "en" });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        for (const t of result.explanation.trainees) {
          for (const o of t.options) {
            const pin = pinOf(cohort, t.trainee, o);
            if (pin === null) continue;
            const pinned = { ...cohort, pins: [...cohort.pins, pin] };
            const best = validateCohort(pinned).length > 0 ? null : bruteForceFair(cohortSchema.parse(pinned));
            expect(o.possible).toBe(best !== null);
            if (best === null) continue;
            options += 1;
            expect(o.delta).toBeCloseTo(best.objective - plan.objective, 6);
          }
        }
      }),
      { numRuns: 80, seed: 3 },
    );
    expect(options).toBeGreaterThan(5);
  });
});
