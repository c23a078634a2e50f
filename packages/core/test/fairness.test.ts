/**
 * Issue 13's fairness terms in the exact backend (jslp): on tiny random cohorts with a history
 * and random fairness weights, the jslp optimum equals the exhaustive optimum of the full
 * objective (support/fairness.ts), every plan verifies, and the cost breakdown and the objective
 * are the contract's. With every fairness weight 0 the model and the plan are the ones without
 * the terms. History with unknown ids gives warnings only; malformed history gives issues with
 * paths and stable codes. The verifier recomputes the terms.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { balanceOf, choiceOfAssignment, planObjective, reciprocityCost } from "../src/domain/cost.js";
import { cohortSchema, type Cohort, type CohortInput, type Plan } from "../src/domain/schema.js";
import { validateCohort } from "../src/domain/validate/index.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { buildModel } from "../src/model/build-model.js";
import { solveCohort } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";
import { generatedCohortArbitrary, smallCohortArbitrary } from "./support/arbitraries.js";
import { bruteForceOptimum } from "./support/brute-force.js";
import {
  bruteForceFair,
  fairnessCohortArbitrary,
  historyArbitrary,
  UNKNOWN_MEMBER,
  UNKNOWN_PERSON,
  withFairnessWeights,
  withHistory,
  type FairnessCohortOptions,
} from "./support/fairness.js";

const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 120);
const ZERO = { repeatExchange: 0, repeatMentorHost: 0, reciprocity: 0 };

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function solveJslp(input: unknown): Plan {
  const result = solveCohort(input, { backend: "jslp", timeLimitMs: 30_000 });
  if (!result.ok) throw new Error(`unexpected input issues: ${JSON.stringify(result.issues)}`);
  return result.plan;
}

/** Filled roles as the contract counts them: host, each away period, supervisor, mentor. */
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

/** The plan's JSON without `stats` and the listed keys. */
function withoutKeys(plan: Plan, ...keys: string[]): string {
  const rest: Record<string, unknown> = { ...plan };
  for (const key of ["stats", ...keys]) delete rest[key];
  return JSON.stringify(rest);
}

describe("jslp with the fairness terms against exhaustive search", () => {
  const cases: { name: string; options: FairnessCohortOptions }[] = [
    { name: "given hosts", options: { hosts: "given", allowUnassigned: false } },
    { name: "given hosts, allowUnassigned", options: { hosts: "given", allowUnassigned: true } },
    { name: "chosen hosts", options: { hosts: "chosen", allowUnassigned: false } },
    { name: "chosen hosts, allowUnassigned", options: { hosts: "chosen", allowUnassigned: true } },
    { name: "mixed hosts", options: { hosts: "mixed", allowUnassigned: false } },
    { name: "mixed hosts, allowUnassigned", options: { hosts: "mixed", allowUnassigned: true } },
  ];
  it.each(cases)("$name: the optimum is the brute-force optimum, every plan verifies, costs and objective are the contract's", ({ options }) => {
    let solved = 0;
    let fairnessMattered = 0;
    fc.assert(
      fc.property(fairnessCohortArbitrary(options), (input) => {
        expect(validateCohort(input)).toEqual([]);
        const cohort = cohortSchema.parse(input);
        const index = indexCohort(cohort);
        const plan = solveJslp(input);
        expect(verifyPlan(cohort, plan).violations).toEqual([]);
        const best = bruteForceFair(cohort);
        if (best === null) {
          expect(plan.status).toBe("infeasible");
          return;
        }
        solved += 1;
        expect(plan.status).toBe("optimal");
        expect(filledRoles(cohort, plan)).toBe(best.filled);
        expect(close(plan.objective ?? Number.NaN, best.objective)).toBe(true);
        expect(close(plan.bound ?? Number.NaN, plan.objective ?? Number.NaN)).toBe(true);
        // The objective is planObjective of the plan's own choices, to the bit.
        const choices = plan.assignments.map((a) => choiceOfAssignment(index, a));
        expect(plan.objective).toBe(planObjective(index, choices));
        // The breakdown lists the per-trainee terms exactly when they are weighted.
        for (const a of plan.assignments) {
          expect("repeatExchange" in a.cost).toBe(cohort.weights.repeatExchange !== 0);
          expect("repeatMentorHost" in a.cost).toBe(cohort.weights.repeatMentorHost !== 0);
          expect("reciprocity" in a.cost).toBe(false);
        }
        // A history is present: so is the balance, the plan's own recount.
        expect(plan.balance).toEqual(balanceOf(index, choices));
        // How often the fairness terms changed the optimum: the property must reach such cases.
        const plain = bruteForceOptimum(cohortSchema.parse(withFairnessWeights(input, ZERO)));
        if (plain !== null && (plain.filled !== best.filled || !close(planObjective(index, cohort.trainees.map((t) => plain.choices.get(t.id) ?? { host: null, away: [], supervisor: null, mentor: null })), best.objective))) {
          fairnessMattered += 1;
        }
      }),
      { numRuns: RUNS },
    );
    expect(solved).toBeGreaterThan(RUNS / 4);
    expect(fairnessMattered).toBeGreaterThan(0);
  });

  it("prices reciprocity with chosen hosts: under allowUnassigned each away variable knows its sending host", () => {
    fc.assert(
      fc.property(fairnessCohortArbitrary({ hosts: "chosen", weights: "nonzero" }), (input) => {
        const index = indexCohort(cohortSchema.parse(input));
        const built = buildModel(index, { fairness: true });
        // Without allowUnassigned, a host sends once per away period: its host variables count, no pairs needed.
        if (index.cohort.rules.allowUnassigned) {
          for (const tv of built.traineeVars) {
            if (tv.candidates.hosts.length < 2) continue;
            expect(["paired", "combined"]).toContain(tv.structure);
          }
        }
        // One balance row per member some variable can change; links only where history counts.
        expect(built.fairness).not.toBeNull();
        expect(built.model.variables.length).toBe(built.roleVariables + 2 * (built.fairness?.balances.length ?? 0) + (built.fairness?.links.length ?? 0));
        for (const v of built.model.variables.slice(built.roleVariables)) expect(v.integer).toBe(false);
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});

describe("weight 0", () => {
  const anyCohort = fc.oneof(smallCohortArbitrary(), generatedCohortArbitrary());

  it("leaves the model variable for variable and row for row, with or without a history", () => {
    fc.assert(
      fc.property(
        anyCohort.chain((cohort) => fc.tuple(fc.constant(cohort), historyArbitrary(cohort))),
        ([input, history]) => {
          const plain = withFairnessWeights(input, ZERO);
          const bare = JSON.stringify(buildModel(indexCohort(cohortSchema.parse(plain))));
          const withFairness = buildModel(indexCohort(cohortSchema.parse(plain)), { fairness: true });
          expect(withFairness.fairness).toBeNull();
          expect(JSON.stringify(withFairness)).toBe(bare);
          expect(JSON.stringify(buildModel(indexCohort(cohortSchema.parse(withHistory(plain, history))), { fairness: true }))).toBe(bare);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("leaves the plan unchanged by a history apart from balance and warnings; without one, the plan has neither", () => {
    fc.assert(
      fc.property(
        anyCohort.chain((cohort) => fc.tuple(fc.constant(cohort), historyArbitrary(cohort))),
        ([input, history]) => {
          const plain = solveJslp(input);
          expect("balance" in plain).toBe(false);
          expect("warnings" in plain).toBe(false);
          for (const a of plain.assignments) {
            expect("repeatExchange" in a.cost || "repeatMentorHost" in a.cost).toBe(false);
          }
          const withPast = solveJslp(withHistory(input, history));
          // A plan lists the balance once there is a history (an infeasible answer has no plan to count).
          expect(withPast.balance !== undefined).toBe(withPast.status === "optimal" || withPast.status === "feasible");
          expect(withoutKeys(withPast, "balance", "warnings")).toBe(withoutKeys(plain));
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe("history input", () => {
  const base = generateCohort({ trainees: 3, members: 4, seed: 2, mentorsPerMember: 1, supervisorsPerMember: 1 });
  const members = base.members.map((m) => m.id);
  const mentor = (base.people ?? []).find((p) => p.role === "mentor")?.id ?? "";
  const supervisor = (base.people ?? []).find((p) => p.role === "supervisor")?.id ?? "";
  const assignment = {
    trainee: "earlier-1",
    host: members[0] ?? "",
    supervisor,
    mentor,
    placements: [{ period: "part-2", member: members[1] ?? "" }],
  };
  const entry = { name: "Cohort 2011", assignments: [assignment] };

  it("names unknown ids in warnings (code and path of the first appearance), never issues", () => {
    const input: CohortInput = {
      ...base,
      weights: { reciprocity: 1, repeatExchange: 1, repeatMentorHost: 1 },
      history: [
        entry,
        {
          name: "Cohort 2013",
          assignments: [
            assignment,
            { ...assignment, trainee: "earlier-2", host: UNKNOWN_MEMBER, mentor: UNKNOWN_PERSON },
            { ...assignment, trainee: "earlier-3", placements: [{ period: "part-2", member: "gone-too" }] },
          ],
        },
      ],
    };
    expect(validateCohort(input)).toEqual([]);
    const plan = solveJslp(input);
    expect(plan.status).toBe("optimal");
    expect(verifyPlan(input, plan).violations).toEqual([]);
    expect((plan.warnings ?? []).map((w) => `${w.code} ${w.path}`)).toEqual([
      "history_unknown_member history[1].assignments[1].host",
      "history_unknown_person history[1].assignments[1].mentor",
      "history_unknown_member history[1].assignments[2].placements[0].member",
    ]);
  });

  it("warns on random unknown ids and still finds the optimum", () => {
    fc.assert(
      fc.property(fairnessCohortArbitrary({ maxTrainees: 2 }), (input) => {
        expect(validateCohort(input)).toEqual([]);
        const plan = solveJslp(input);
        const unknown = JSON.stringify(input.history).includes(UNKNOWN_MEMBER) || JSON.stringify(input.history).includes(UNKNOWN_PERSON);
        expect(plan.warnings !== undefined).toBe(unknown);
        for (const w of plan.warnings ?? []) {
          expect(w.code).toMatch(/^history_unknown_(member|person)$/);
          expect(w.path).toMatch(/^history\[\d+\]\.assignments\[\d+\]\.(host|mentor|supervisor|placements\[\d+\]\.member)$/);
        }
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it.each([
    { name: "a missing assignments", history: [entry, { name: "Cohort 2013" }], weights: {}, code: "invalid_type", path: "history[1].assignments" },
    {
      name: "a placement without member",
      history: [entry, { name: "Cohort 2013", assignments: [assignment, assignment, assignment, assignment, { ...assignment, placements: [{ period: "part-2" }] }] }],
      weights: {},
      code: "invalid_type",
      path: "history[1].assignments[4].placements[0].member",
    },
    { name: "a negative weight", history: [entry], weights: { reciprocity: -1 }, code: "too_small", path: "weights.reciprocity" },
    { name: "a negative repeatExchange", history: [entry], weights: { repeatExchange: -0.5 }, code: "too_small", path: "weights.repeatExchange" },
    { name: "an entry without name", history: [{ assignments: [] }], weights: {}, code: "invalid_type", path: "history[0].name" },
  ])("gives an input issue for $name, with its path and code", ({ history, weights, code, path }) => {
    const input = { ...base, history, weights };
    expect(validateCohort(input).map((i) => `${i.code} ${i.path}`)).toEqual([`${code} ${path}`]);
    const result = solveCohort(input, { backend: "jslp" });
    expect(result.ok).toBe(false);
  });
});

describe("the verifier recomputes the fairness terms", () => {
  // Two trainees with given hosts and a history that repeats their likely exchanges.
  const base = generateCohort({ trainees: 4, members: 4, seed: 5, mentorsPerMember: 1, supervisorsPerMember: 1 });
  const solvedBase = solveJslp(base);
  const history = [
    {
      name: "Cohort 2011",
      assignments: solvedBase.assignments.map((a) => ({ trainee: `old-${a.trainee}`, host: a.host, supervisor: a.supervisor, mentor: a.mentor, placements: a.placements })),
    },
  ];
  const input: CohortInput = { ...base, history, weights: { repeatExchange: 2, repeatMentorHost: 3, reciprocity: 1.5 } };
  const plan = solveJslp(input);
  const codes = (tampered: unknown): string[] => verifyPlan(input, tampered).violations.map((v) => `${v.code} ${v.path}`);

  it("passes the plan as it is", () => {
    expect(plan.status).toBe("optimal");
    expect(codes(plan)).toEqual([]);
  });

  it("finds a tampered repeatExchange cost", () => {
    const tampered = structuredClone(plan);
    const a = tampered.assignments[0];
    if (a === undefined) throw new Error("no assignment");
    a.cost.repeatExchange = (a.cost.repeatExchange ?? 0) + 2;
    tampered.objective = (tampered.objective ?? 0) + 2;
    tampered.bound = tampered.objective;
    expect(codes(tampered)).toContain("cost_mismatch assignments[0].cost.repeatExchange");
  });

  it("finds an objective without its reciprocity part", () => {
    const index = indexCohort(cohortSchema.parse(input));
    const reciprocity = reciprocityCost(index, plan.assignments.map((a) => choiceOfAssignment(index, a)));
    expect(reciprocity).toBeGreaterThan(0);
    const tampered = { ...structuredClone(plan), objective: (plan.objective ?? 0) - reciprocity, bound: (plan.objective ?? 0) - reciprocity };
    expect(codes(tampered)).toContain("objective_mismatch objective");
  });

  it("finds a tampered balance", () => {
    const tampered = structuredClone(plan);
    const row = tampered.balance?.[1];
    if (row === undefined) throw new Error("no balance");
    row.balanceAfter += 1;
    expect(codes(tampered)).toEqual(["balance_mismatch balance[1].balanceAfter"]);
  });
});
