/**
 * The fairness terms (issue 13) in the network backend, held to the brute-force oracle
 * (test/support/fairness.ts) on tiny cohorts with a random history and random weights:
 *
 * - hosts given, full plans, mentors outside the host: the exact decomposition (repeatExchange
 *   in the pair cost, repeatMentorHost on the (mentor, host) arcs, reciprocity by split arcs)
 *   proves the brute-force optimum;
 * - hosts given otherwise, hosts chosen, allowUnassigned: a valid bound (at most the optimum),
 *   an objective at least the optimum, `optimal` only when they meet;
 * - the exact finishes off (`exactFinish: false`), so the search's own bound is what is tested;
 *   and once with them on, through the facade, which verifies every plan it returns;
 * - every plan passes verifyPlan (costs, objective with reciprocity, balance);
 * - a history with every weight 0 changes no choice.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { planObjective, type TraineeChoice } from "../src/domain/cost.js";
import { cohortSchema, type Cohort, type CohortInput, type Plan } from "../src/domain/schema.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";
import { planExtras } from "../src/result/extras.js";
import { verifyPlan } from "../src/result/verify.js";
import { decomposable } from "../src/solvers/network/decomposition.js";
import { solveNetwork, type NetworkResult } from "../src/solvers/network/index.js";
import { compileProblem } from "../src/solvers/network/problem.js";
import { countFilled, planFromChoices } from "./support/brute-force.js";
import { bruteForceFair, fairnessCohortArbitrary, withFairnessWeights, withHistory } from "./support/fairness.js";

const RUNS = 60;
const tolerance = (a: number) => 1e-6 * Math.max(1, Math.abs(a));
const close = (a: number, b: number) => Math.abs(a - b) <= tolerance(Math.max(Math.abs(a), Math.abs(b)));

function solve(cohort: Cohort, exactFinish = false): NetworkResult {
  return solveNetwork(indexCohort(cohort), { deadline: performance.now() + 20_000, exactFinish });
}

/** The plan the facade would write for the result, checked by the verifier. */
function verified(cohort: Cohort, result: NetworkResult): void {
  const choices = result.choices as readonly TraineeChoice[];
  const byId = new Map(cohort.trainees.map((t, i) => [t.id, choices[i] as TraineeChoice]));
  const base = planFromChoices(cohort, byId, { status: result.status === "optimal" ? "optimal" : "feasible", bound: result.bound });
  const plan = { ...base, objective: result.objective, ...planExtras(indexCohort(cohort), choices) } as Plan;
  expect(verifyPlan(cohort, plan).violations).toEqual([]);
}

function filledOf(result: NetworkResult): number {
  return (result.choices ?? []).reduce((n, c) => n + countFilled(c), 0);
}

/**
 * What any answer must satisfy against the oracle: the same feasibility, a verified plan, the
 * most roles filled (allowUnassigned), objective >= optimum >= bound, optimal only when equal.
 * Returns whether the answer was proven optimal.
 */
/** Answers without a plan (see holdsToOracle); they must stay rare. */
let withoutPlan = 0;

function holdsToOracle(cohort: Cohort, result: NetworkResult): boolean {
  const oracle = bruteForceFair(cohort);
  if (oracle === null) {
    if (result.status === "timedout" && result.choices === null) {
      // The known limit below, on a cohort with no plan at all: the search alone stops without a
      // plan and without a proof (CI found one, seed 1790673286); the facade, with its exact
      // finish, must prove it infeasible.
      const facade = solveCohort(cohort, { backend: "network", diagnose: false });
      expect(facade.ok && facade.plan.status).toBe("infeasible");
      withoutPlan++;
      return false;
    }
    expect(result.status).toBe("infeasible");
    return true;
  }
  if (result.status === "timedout" && result.choices === null) {
    // Known limit of the search with its exact finishes off: on a tiny cohort where the rules tie
    // every role to every other (host-and-away mentors, each trainee's mentor fixed by the one
    // organisation its placements leave), the repair may find no plan before the search has no
    // direction left. The bound must still hold, and the facade (exact finish on) must answer.
    if (result.bound !== null) expect(result.bound).toBeLessThanOrEqual(oracle.objective + tolerance(oracle.objective));
    const facade = solveCohort(cohort, { backend: "network", diagnose: false });
    expect(facade.ok && facade.plan.status === "optimal" && close(facade.plan.objective as number, oracle.objective)).toBe(true);
    withoutPlan++;
    return false;
  }
  expect(result.status === "optimal" || result.status === "feasible").toBe(true);
  verified(cohort, result);
  const objective = result.objective as number;
  const sameFill = !cohort.rules.allowUnassigned || filledOf(result) === oracle.filled;
  if (cohort.rules.allowUnassigned) expect(filledOf(result)).toBeLessThanOrEqual(oracle.filled);
  if (sameFill) expect(objective).toBeGreaterThanOrEqual(oracle.objective - tolerance(oracle.objective));
  if (result.bound !== null) expect(result.bound).toBeLessThanOrEqual(oracle.objective + tolerance(oracle.objective));
  if (result.status === "optimal") {
    expect(sameFill).toBe(true);
    expect(close(objective, oracle.objective)).toBe(true);
    expect(result.bound).toBe(result.objective);
  }
  return result.status === "optimal";
}

/** The cohort with mentors outside the host only: with hosts given, the decomposition applies. */
const mentorsOutsideHost = (input: CohortInput): CohortInput => ({ ...input, rules: { ...input.rules, mentorOutside: "host" } });

describe("network backend with the fairness terms, against brute force", () => {
  it("hosts given, full plans: the decomposition proves the optimum", () => {
    let decomposed = 0;
    fc.assert(
      fc.property(fairnessCohortArbitrary({ hosts: "given", allowUnassigned: false }).map(mentorsOutsideHost), (input) => {
        const cohort = cohortSchema.parse(input);
        const result = solve(cohort);
        if (decomposable(compileProblem(indexCohort(cohort))) === true) {
          decomposed++;
          const oracle = bruteForceFair(cohort);
          if (oracle === null) {
            expect(result.status).toBe("infeasible");
            return;
          }
          expect(result.stats.method).toBe("decomposition");
          expect(result.status).toBe("optimal");
          expect(close(result.objective as number, oracle.objective)).toBe(true);
          verified(cohort, result);
        } else {
          holdsToOracle(cohort, result);
        }
      }),
      { numRuns: RUNS },
    );
    expect(decomposed).toBeGreaterThan(RUNS / 2);
  });

  it("hosts given, host-and-away mentors or allowUnassigned: bound <= optimum <= objective", () => {
    withoutPlan = 0;
    fc.assert(
      fc.property(fairnessCohortArbitrary({ hosts: "given" }), (input) => {
        holdsToOracle(cohortSchema.parse(input), solve(cohortSchema.parse(input)));
      }),
      { numRuns: RUNS },
    );
    expect(withoutPlan).toBeLessThanOrEqual(RUNS / 10);
  });

  it("hosts given, allowUnassigned, mentors outside the host: the decomposition's plan and bound", () => {
    let emptyAway = 0;
    fc.assert(
      fc.property(fairnessCohortArbitrary({ hosts: "given", allowUnassigned: true, weights: "nonzero" }).map(mentorsOutsideHost), (input) => {
        const cohort = cohortSchema.parse(input);
        const result = solve(cohort);
        holdsToOracle(cohort, result);
        if (result.choices?.some((c) => c.away.includes(null))) emptyAway++;
      }),
      { numRuns: RUNS },
    );
    // Some plans leave an away period empty: the case where the term is not exact there.
    expect(emptyAway).toBeGreaterThan(0);
  });

  it("hosts chosen (the Lagrangian with the balance multipliers): bound <= optimum <= objective", () => {
    let proven = 0;
    fc.assert(
      fc.property(fairnessCohortArbitrary({ hosts: "chosen", allowUnassigned: false, weights: "nonzero" }), (input) => {
        const cohort = cohortSchema.parse(input);
        if (holdsToOracle(cohort, solve(cohort))) proven++;
      }),
      { numRuns: RUNS },
    );
    // The search closes the gap on most of these tiny cohorts by itself.
    expect(proven).toBeGreaterThan(RUNS / 4);
  });

  it("hosts chosen, allowUnassigned, and mixed cohorts: bound <= optimum <= objective", () => {
    fc.assert(
      fc.property(fairnessCohortArbitrary({ hosts: "chosen", allowUnassigned: true }), (input) => {
        holdsToOracle(cohortSchema.parse(input), solve(cohortSchema.parse(input)));
      }),
      { numRuns: RUNS / 2 },
    );
    fc.assert(
      fc.property(fairnessCohortArbitrary({ hosts: "mixed" }), (input) => {
        holdsToOracle(cohortSchema.parse(input), solve(cohortSchema.parse(input)));
      }),
      { numRuns: RUNS },
    );
  });

  it("with the exact finishes on, through the facade: verified plans, optimal only at the optimum", () => {
    fc.assert(
      fc.property(fairnessCohortArbitrary({ hosts: "mixed", weights: "nonzero" }), (input) => {
        const cohort = cohortSchema.parse(input);
        const oracle = bruteForceFair(cohort);
        const answer = solveCohort(input, { backend: "network", timeLimitMs: 20_000 });
        expect(answer.ok).toBe(true);
        if (!answer.ok) return;
        const plan = answer.plan;
        if (oracle === null) {
          expect(plan.status).toBe("infeasible");
          return;
        }
        expect(verifyPlan(cohort, plan).violations).toEqual([]);
        if (plan.status === "optimal") expect(close(plan.objective as number, oracle.objective)).toBe(true);
        if (plan.bound !== null && plan.bound !== undefined) expect(plan.bound).toBeLessThanOrEqual(oracle.objective + tolerance(oracle.objective));
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe("network backend: the terms at scale and at weight 0", () => {
  /** A generated cohort with its own plan, three times over, as history. */
  function withOwnHistory(input: CohortInput): CohortInput {
    const plan = solveCohort(input, { backend: "network", timeLimitMs: 5_000 });
    if (!plan.ok) throw new Error("no plan");
    const entry = (year: number) => ({ name: `Cohort ${year}`, assignments: plan.plan.assignments.map((a) => ({ ...a, cost: undefined })) });
    return withHistory(input, [entry(2008), entry(2009), entry(2011)]);
  }

  it("a history with every weight 0 changes no choice", () => {
    const input = generateCohort({ trainees: 40, members: 12, awayPeriods: 2, hosts: "chosen", seed: 3 });
    const history = withOwnHistory(input);
    const a = solve(cohortSchema.parse(input));
    const b = solve(cohortSchema.parse(history));
    expect(JSON.stringify(b.choices)).toBe(JSON.stringify(a.choices));
    expect(b.objective).toBe(a.objective);
    expect(b.bound).toBe(a.bound);
  });

  it.each([
    { hosts: "given" as const, mentorOutside: "host" as const },
    { hosts: "chosen" as const, mentorOutside: "host-and-away" as const },
  ])("weights change the plan the way they should, with a verified plan and a valid bound: %o", (options) => {
    const input = generateCohort({ trainees: 60, members: 16, awayPeriods: 2, seed: 7, ...options });
    const history = withOwnHistory(input);
    const plain = cohortSchema.parse(history);
    const weighted = cohortSchema.parse(withFairnessWeights(history, { repeatExchange: 5, repeatMentorHost: 5, reciprocity: 2 }));
    const before = solve(plain);
    const after = solve(weighted);
    verified(weighted, after);
    expect(after.bound).not.toBeNull();
    expect(after.bound as number).toBeLessThanOrEqual((after.objective as number) + tolerance(after.objective as number));
    if (options.hosts === "given") expect(after.status).toBe("optimal");
    // The plain plan, scored with the weights, is no better than the optimum nor below the bound.
    const plainScore = planObjective(indexCohort(weighted), before.choices as TraineeChoice[]);
    expect(plainScore).toBeGreaterThanOrEqual((after.bound as number) - 1e-6);
    if (after.status === "optimal") expect(after.objective as number).toBeLessThanOrEqual(plainScore + 1e-6);
    // The terms cost something here: the history repeats every exchange and pairing.
    expect(plainScore).toBeGreaterThan(planObjective(indexCohort(plain), before.choices as TraineeChoice[]));
  });
});
