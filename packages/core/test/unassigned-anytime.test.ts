/**
 * Issue 11: under allowUnassigned a plan always exists (no pins in these cohorts), so no solve
 * may answer "timedout", however short its time and even when aborted before it starts; the
 * greedy first plan and the flow bound behind the jslp backend's anytime search hold what they
 * promise; and a solver given an incumbent keeps it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { cohortSchema } from "../src/domain/schema.js";
import { buildModel, withMinimumFilled } from "../src/model/build-model.js";
import { solveCohort, withGreedyPlan, type Backend, type SolveProgress } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";
import { checkSolution, objectiveOf } from "../src/solvers/check-solution.js";
import { fillUpperBound } from "../src/solvers/greedy/fill-bound.js";
import { greedyFill } from "../src/solvers/greedy/greedy-fill.js";
import { jslpSolver } from "../src/solvers/jslp/jslp-solver.js";
import { allowUnassignedArbitrary, issueScaleCohort } from "./support/allow-unassigned-cohorts.js";
import { bruteForceOptimum } from "./support/brute-force.js";

const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 120);
const aborted = (): AbortSignal => {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
};

describe.each(["auto", "jslp", "network"] as const satisfies readonly Backend[])("backend %s under allowUnassigned", (backend) => {
  it.each([
    ["a 1 ms time limit", () => ({ timeLimitMs: 1 })],
    ["a signal aborted before the solve", () => ({ signal: aborted() })],
  ])("never answers timedout with %s: a verified plan every time", (_, stop) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const input = issueScaleCohort(seed);
        const result = solveCohort(input, { backend, ...stop() });
        if (!result.ok) throw new Error(`unexpected input issues: ${JSON.stringify(result.issues)}`);
        expect(["optimal", "feasible"]).toContain(result.plan.status);
        expect(verifyPlan(cohortSchema.parse(input), result.plan).violations).toEqual([]);
        expect(result.plan.bound).not.toBeNull();
      }),
      { numRuns: Math.max(3, Math.ceil(RUNS / 20)) },
    );
  });
});

describe("the facade's fallback", () => {
  const stats = { variables: 0, constraints: 0, solveMs: 0 };
  it("turns a backend's timedout without a plan into the greedy plan, feasible without a bound", () => {
    const index = indexCohort(cohortSchema.parse(issueScaleCohort(3)));
    const result = withGreedyPlan(index, { status: "timedout", choices: null, bound: null, stats });
    expect(result.status).toBe("feasible");
    expect(result.bound).toBeNull();
    expect(result.choices?.length).toBe(index.cohort.trainees.length);
  });

  it("leaves other answers alone, and cohorts without allowUnassigned", () => {
    const input = issueScaleCohort(3);
    const strict = indexCohort(cohortSchema.parse({ ...input, rules: { ...input.rules, allowUnassigned: false } }));
    const timedout = { status: "timedout", choices: null, bound: null, stats } as const;
    expect(withGreedyPlan(strict, timedout)).toBe(timedout);
    const infeasible = { status: "infeasible", choices: null, bound: null, stats } as const;
    expect(withGreedyPlan(indexCohort(cohortSchema.parse(input)), infeasible)).toBe(infeasible);
  });
});

describe("the jslp backend's anytime search", () => {
  it("reports a verified plan first, before any bound, and ends proven on a small cohort", () => {
    const input = issueScaleCohort(8);
    const reports: SolveProgress[] = [];
    const result = solveCohort(input, { backend: "jslp", onProgress: (p) => reports.push(p) });
    expect(result.ok && result.plan.status).toBe("optimal");
    expect(reports[0]?.plan).toBeDefined();
    expect(reports[0]?.bound).toBe(0); // no proven bound yet: the plan's trivial one
  });
});

describe("the greedy plan and the flow bound", () => {
  it("the greedy plan satisfies every row; the bound is never below the most roles filled", () => {
    fc.assert(
      fc.property(allowUnassignedArbitrary(), (input) => {
        const index = indexCohort(cohortSchema.parse(input));
        const built = buildModel(index);
        const greedy = greedyFill(built);
        expect(greedy).not.toBeNull();
        expect(checkSolution(built.model, greedy as Float64Array)).toBe(true);
        const best = bruteForceOptimum(index.cohort);
        expect(best).not.toBeNull();
        const upper = fillUpperBound(built, built.candidates.hostPlacesLeft, (m) => index.memberById.get(m)?.awayCapacity ?? 0);
        const filledByModel = (best?.filled ?? 0) - built.filledByInput;
        expect(upper).toBeGreaterThanOrEqual(filledByModel);
        expect((greedy as Float64Array).reduce((n, v) => n + v, 0)).toBeLessThanOrEqual(filledByModel);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("jslpSolver with an incumbent", () => {
  const index = indexCohort(cohortSchema.parse(issueScaleCohort(7)));
  const built = buildModel(index);
  const greedy = greedyFill(built) as Float64Array;
  const filled = greedy.reduce((n, v) => n + v, 0);
  const model = withMinimumFilled(built.model, filled);

  it("returns it, feasible, when the deadline has already passed", () => {
    const r = jslpSolver.solve(model, { deadline: performance.now() - 1, incumbent: greedy });
    expect(r.status).toBe("feasible");
    expect(Array.from(r.values ?? [])).toEqual(Array.from(greedy));
  });

  it("improves on it given time, and never answers worse", () => {
    const r = jslpSolver.solve(model, { deadline: performance.now() + 30_000, incumbent: greedy });
    expect(r.status).toBe("optimal");
    expect(r.objective ?? Infinity).toBeLessThanOrEqual(objectiveOf(model, greedy) + 1e-9);
  });

  it("ignores one that breaks a row", () => {
    const broken = new Float64Array(model.variables.length).fill(1);
    const r = jslpSolver.solve(model, { deadline: performance.now() - 1, incumbent: broken });
    expect(r.status).toBe("timedout");
    expect(r.values).toBeNull();
  });
});
