/**
 * The conformance suite every backend must pass, from one table of backends, on the same
 * cases: on random small cohorts the backend's optimum equals the brute-force optimum (and it
 * says infeasible exactly when brute force finds no plan), every plan passes verifyPlan, the
 * same input gives the same bytes, reordering the input's lists does not change the objective,
 * and adding capacity never makes the plan worse. A backend that cannot take a case says so
 * through its contract (`supports`): the case is skipped for it, with that reason, and the
 * reasons are checked at the end. Below the table: the network backend's own methods (without
 * their exact finish) against the oracle, and the facade's fallback to jslp.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { indexCohort, type CohortIndex } from "../src/domain/cohort-index.js";
import type { TraineeChoice } from "../src/domain/cost.js";
import { cohortSchema, type Cohort, type CohortInput, type Plan } from "../src/domain/schema.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort, type Backend } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";
import { jslpBackend } from "../src/solvers/jslp/backend.js";
import { networkBackend } from "../src/solvers/network/backend.js";
import { solveNetwork, type NetworkResult } from "../src/solvers/network/index.js";
import { bruteForceOptimum, countFilled, planFromChoices } from "./support/brute-force.js";
import { mutateAt } from "./support/mutate.js";
import { generatedCohortArbitrary as makeGenerated, smallCohortArbitrary, withShuffledLists } from "./support/arbitraries.js";
import { allowUnassignedArbitrary } from "./support/allow-unassigned-cohorts.js";

const generatedCohortArbitrary = makeGenerated();

/** The table: each backend by the name solveCohort takes, and what it says it supports. */
interface BackendRow {
  readonly name: Backend;
  supports(index: CohortIndex): true | string;
}
const BACKENDS: readonly BackendRow[] = [jslpBackend, networkBackend, { name: "auto", supports: () => true }];
const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 120);

/** Why each backend skipped cases, with how many. */
const skipped = new Map<Backend, Map<string, number>>();

/**
 * The backend's verified plan, or null when the backend does not support the cohort (the skip
 * and its reason are recorded).
 */
function solveOk(input: unknown, backend: BackendRow): Plan | null {
  const reason = backend.supports(indexCohort(cohortSchema.parse(input)));
  if (reason !== true) {
    const reasons = skipped.get(backend.name) ?? new Map<string, number>();
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    skipped.set(backend.name, reasons);
    return null;
  }
  const result = solveCohort(input, { backend: backend.name, timeLimitMs: 30_000 });
  if (!result.ok) throw new Error(`unexpected input issues: ${JSON.stringify(result.issues)}`);
  return result.plan;
}

afterAll(() => {
  // Only the network backend may skip, and only for allowUnassigned it cannot solve exactly.
  for (const [backend, reasons] of skipped) {
    expect(backend).toBe("network");
    for (const reason of reasons.keys()) expect(reason).toMatch(/^allowUnassigned is supported only when /);
  }
});

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

describe.each(BACKENDS)("backend $name", (backend) => {
  it("finds the brute-force optimum, or says infeasible exactly when there is no plan; every plan verifies", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), (input) => {
        const cohort = cohortSchema.parse(input);
        const plan = solveOk(input, backend);
        if (plan === null) return;
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
        if (plan === null) return;
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
        const first = solveOk(input, backend);
        if (first === null) return;
        expect(withoutStats(solveOk(copy, backend) as Plan)).toBe(withoutStats(first));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it("does not change the objective when the input's lists are reordered", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), fc.integer(), (input, seed) => {
        const a = solveOk(input, backend);
        const b = solveOk(withShuffledLists(input, seed), backend);
        if (a === null || b === null) return;
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
        if (before === null || raised === null) return;
        const after = solveOk(raised, backend);
        if (after === null || before.status === "infeasible") return;
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

/**
 * Issue 11's cohorts: allowUnassigned, hosts chosen for some or all trainees, one or two away
 * periods, capacities cut so that roles stay empty. The exact backends (jslp, and auto, which
 * picks it or an exact network path) reach the lexicographic optimum: the most roles filled,
 * then the least cost.
 */
describe.each(BACKENDS.filter((b) => b.name !== "network"))("backend $name on allowUnassigned cohorts with hosts chosen", (backend) => {
  it("finds the brute-force optimum: the most roles filled, then the least cost", () => {
    fc.assert(
      fc.property(allowUnassignedArbitrary(), (input) => {
        const cohort = cohortSchema.parse(input);
        const plan = solveOk(input, backend);
        if (plan === null) return;
        expect(verifyPlan(cohort, plan).violations).toEqual([]);
        const best = bruteForceOptimum(cohort);
        expect(best).not.toBeNull();
        expect(plan.status).toBe("optimal");
        expect(filledRoles(cohort, plan)).toBe(best?.filled);
        expect(close(plan.objective ?? Number.NaN, best?.objective ?? Number.NaN)).toBe(true);
        expect(close(plan.bound ?? Number.NaN, plan.objective ?? Number.NaN)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Checks the network backend's own answer on one cohort against the oracle (unsupported cohorts skipped). */
function networkConforms(input: CohortInput, exactFinish: boolean): void {
  const cohort = cohortSchema.parse(input);
  const index = indexCohort(cohort);
  if (networkBackend.supports(index) !== true) return;
  const result: NetworkResult = solveNetwork(index, { deadline: performance.now() + 20_000, exactFinish });
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
  if (cohort.rules.allowUnassigned) {
    // Outside the decomposition the first plan may fill fewer roles (its fill bound is open);
    // it may say optimal only with the most filled.
    expect(filled).toBeLessThanOrEqual(best.filled);
    if (result.status === "optimal" || result.stats.method === "decomposition") expect(filled).toBe(best.filled);
  }
  if (result.status === "optimal") expect(close(result.objective as number, best.objective)).toBe(true);
  if (exactFinish) expect(result.status).toBe("optimal");
}

/**
 * The network backend's methods on their own: with the exact finish (small cohorts then always
 * end proven, like the exact backend) and without it, so that the search itself is held to the
 * oracle: every plan verifies, its bound never exceeds the optimum, it says optimal only with
 * the optimum in hand, and infeasible only when no plan exists.
 */
describe.each([true, false])("network backend's methods (exact finish %s)", (exactFinish) => {
  it("conform to the brute-force oracle on random small cohorts", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), (input) => networkConforms(input, exactFinish)),
      { numRuns: Math.ceil((RUNS * 5) / 6) },
    );
  });

  it("conform to the brute-force oracle on small generated networks", () => {
    fc.assert(
      fc.property(makeGenerated({ trainees: 5, members: 5 }), (input) => networkConforms(input, exactFinish)),
      { numRuns: Math.ceil((RUNS * 5) / 12) },
    );
  });
});

describe("backend support and the facade's choice", () => {
  const base = generateCohort({ trainees: 3, members: 4, hosts: "chosen", seed: 3 });
  const unassigned = { ...base, rules: { ...base.rules, allowUnassigned: true } };
  const given = generateCohort({ trainees: 3, members: 4, hosts: "given", seed: 3 });
  const givenUnassigned = { ...given, rules: { ...given.rules, allowUnassigned: true } };
  const index = (input: CohortInput) => indexCohort(cohortSchema.parse(input));

  it.each([
    ["hosts chosen", base, true],
    ["allowUnassigned, hosts chosen", unassigned, true],
    ["allowUnassigned, hosts given", givenUnassigned, true],
  ] as const)("network supports %s: %s", (_, input, supported) => {
    const answer = networkBackend.supports(index(input));
    if (supported) expect(answer).toBe(true);
    else expect(answer).toMatch(/allowUnassigned/);
    expect(jslpBackend.supports(index(input))).toBe(true);
  });

  it("solves allowUnassigned with hosts chosen with the network backend when it is asked for", () => {
    const result = solveCohort(unassigned, { backend: "network" });
    expect(result.ok && result.plan.stats?.backend).toBe("network");
    if (result.ok) expect(verifyPlan(cohortSchema.parse(unassigned), result.plan).violations).toEqual([]);
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
