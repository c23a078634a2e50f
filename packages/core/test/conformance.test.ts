/**
 * The conformance suite every backend must pass, on the same cases: on random small cohorts
 * the backend's optimum equals the brute-force optimum (and it says infeasible exactly when
 * brute force finds no plan), every plan passes verifyPlan, the same input gives the same
 * bytes, reordering the input's lists does not change the objective, and adding capacity
 * never makes the plan worse.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortSchema, type Cohort, type CohortInput, type Plan } from "../src/domain/schema.js";
import { solveCohort, type Backend } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";
import { bruteForceOptimum } from "./support/brute-force.js";
import { mutateAt } from "./support/mutate.js";
import { generatedCohortArbitrary as makeGenerated, smallCohortArbitrary, withShuffledLists } from "./support/arbitraries.js";

const generatedCohortArbitrary = makeGenerated();

const BACKENDS: readonly Backend[] = ["jslp", "network", "auto"];
const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 120);

function solveOk(input: unknown, backend: Backend): Plan {
  const result = solveCohort(input, { backend, timeLimitMs: 30_000 });
  if (!result.ok) throw new Error(`unexpected input issues: ${JSON.stringify(result.issues)}`);
  return result.plan;
}

/** Filled roles, counted as the contract does: host (given or chosen), each away period, supervisor, mentor. */
function filledRoles(cohort: Cohort, plan: Plan): number {
  const away = new Set(cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id));
  let filled = 0;
  for (const a of plan.assignments) {
    if (a.host !== null) filled += 1;
    filled += a.placements.filter((p) => away.has(p.period)).length;
    if (a.supervisor !== null) filled += 1;
    if (a.mentor !== null) filled += 1;
  }
  return filled;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function withoutStats(plan: Plan): string {
  const { stats: _stats, ...rest } = plan;
  return JSON.stringify(rest);
}

describe.each(BACKENDS)("backend %s", (backend) => {
  it("finds the brute-force optimum, or says infeasible exactly when there is no plan; every plan verifies", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), (input) => {
        const cohort = cohortSchema.parse(input);
        const plan = solveOk(input, backend);
        const verdict = verifyPlan(cohort, plan);
        expect(verdict.violations).toEqual([]);
        const best = bruteForceOptimum(cohort);
        if (best === null) {
          expect(plan.status).toBe("infeasible");
          expect(plan.diagnosis.length).toBeGreaterThan(0);
          return;
        }
        expect(plan.status).toBe("optimal");
        expect(filledRoles(cohort, plan)).toBe(best.filled);
        expect(close(plan.objective ?? Number.NaN, best.objective)).toBe(true);
        expect(plan.bound).not.toBeNull();
        expect(close(plan.bound ?? Number.NaN, plan.objective ?? Number.NaN)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("finds the brute-force optimum on small generated networks", () => {
    fc.assert(
      fc.property(generatedCohortArbitrary, (input) => {
        const cohort = cohortSchema.parse(input);
        const plan = solveOk(input, backend);
        expect(verifyPlan(cohort, plan).violations).toEqual([]);
        const best = bruteForceOptimum(cohort);
        expect(best).not.toBeNull();
        expect(plan.status).toBe("optimal");
        expect(close(plan.objective ?? Number.NaN, best?.objective ?? Number.NaN)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it("gives the same bytes for the same input (apart from timing statistics)", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), (input) => {
        const copy = structuredClone(input);
        expect(withoutStats(solveOk(copy, backend))).toBe(withoutStats(solveOk(input, backend)));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it("does not change the objective when the input's lists are reordered", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), fc.integer(), (input, seed) => {
        const a = solveOk(input, backend);
        const b = solveOk(withShuffledLists(input, seed), backend);
        expect(b.status).toBe(a.status);
        if (a.objective !== null) expect(close(b.objective ?? Number.NaN, a.objective)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it("never gets worse when a capacity is raised", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), fc.nat(), fc.constantFrom("host", "away", "person"), (input, pick, what) => {
        const before = solveOk(input, backend);
        const raised = raiseCapacity(input, pick, what);
        if (raised === null) return;
        const after = solveOk(raised, backend);
        if (before.status === "infeasible") return;
        expect(after.status).toBe("optimal");
        const cohort = cohortSchema.parse(input);
        const filledBefore = filledRoles(cohort, before);
        const filledAfter = filledRoles(cohortSchema.parse(raised), after);
        expect(filledAfter).toBeGreaterThanOrEqual(filledBefore);
        if (filledAfter === filledBefore) {
          expect((after.objective ?? Number.NaN) <= (before.objective ?? Number.NaN) + 1e-6 * Math.max(1, Math.abs(before.objective ?? 0))).toBe(true);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe("solveCohort on bad input", () => {
  it("returns input issues for arbitrary junk and never throws", () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        const result = solveCohort(junk);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("answers mutated valid cohorts with input issues or a verified plan, never an exception", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), fc.array(fc.tuple(fc.nat(), fc.jsonValue()), { minLength: 1, maxLength: 3 }), (input, edits) => {
        const mutated = structuredClone(input) as unknown;
        for (const [pick, value] of edits) mutateAt(mutated, pick, value);
        const result = solveCohort(mutated, { timeLimitMs: 10_000 });
        if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
        else expect(verifyPlan(cohortSchema.parse(mutated), result.plan).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("rejects bad options with a TypeError instead of solving", () => {
    expect(() => solveCohort({}, { timeLimitMs: -1 })).toThrow(TypeError);
    expect(() => solveCohort({}, { backend: "gurobi" as Backend })).toThrow(TypeError);
  });
});

function raiseCapacity(input: CohortInput, pick: number, what: "host" | "away" | "person"): CohortInput | null {
  const copy = structuredClone(input);
  if (what === "person") {
    const people = copy.people ?? [];
    const person = people[pick % Math.max(1, people.length)];
    if (person === undefined) return null;
    person.capacity = (person.capacity ?? 1) + 1;
    return copy;
  }
  const member = copy.members[pick % copy.members.length];
  if (member === undefined) return null;
  if (what === "host") member.hostCapacity += 1;
  else member.awayCapacity += 1;
  return copy;
}
