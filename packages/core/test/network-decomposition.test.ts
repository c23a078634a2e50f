/**
 * The exact decomposition (hosts given, mentors outside the host only) on generated networks of
 * 50 to 100 trainees: it proves the same optimum as the exact MIP backend, its plans verify, and
 * allowUnassigned fills as many roles as that backend. Also: the general method on a small
 * generated network reports progress and respects its deadline.
 */
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import type { TraineeChoice } from "../src/domain/cost.js";
import { cohortSchema, type Cohort, type CohortInput } from "../src/domain/schema.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";
import { solveNetwork, type NetworkProgress, type NetworkResult } from "../src/solvers/network/index.js";
import { countFilled, planFromChoices } from "./support/brute-force.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function network(input: CohortInput, ms = 20_000, onProgress?: (update: NetworkProgress) => void): { cohort: Cohort; result: NetworkResult } {
  const cohort = cohortSchema.parse(input);
  return { cohort, result: solveNetwork(indexCohort(cohort), { deadline: performance.now() + ms, onProgress }) };
}

function verified(cohort: Cohort, result: NetworkResult): void {
  expect(result.choices).not.toBeNull();
  const choices = new Map<string, TraineeChoice>(cohort.trainees.map((t, i) => [t.id, result.choices?.[i] as TraineeChoice]));
  const plan = planFromChoices(cohort, choices, { status: result.status === "optimal" ? "optimal" : "feasible", bound: result.bound });
  expect(verifyPlan(cohort, plan).violations).toEqual([]);
  expect(close(plan.objective ?? Number.NaN, result.objective ?? Number.NaN)).toBe(true);
}

function exactOptimum(input: CohortInput): number {
  const result = solveCohort(input, { backend: "jslp", timeLimitMs: 60_000 });
  if (!result.ok || result.plan.status !== "optimal") throw new Error("the exact backend did not prove an optimum");
  return result.plan.objective as number;
}

describe("exact decomposition with the away pins of one trainee (two away periods)", () => {
  // A what-if's or an explanation's pin: the trainee at its first choice, or at members of its plan in swapped periods.
  it.each([
    { seed: 11, pin: "first-choice" as const },
    { seed: 12, pin: "swapped" as const },
    { seed: 13, pin: "first-choice" as const, tightness: 0.95 },
  ])("proves the exact backend's optimum: %o", ({ seed, pin, tightness }) => {
    const base = generateCohort({ trainees: 40, members: 16, awayPeriods: 2, seed, hosts: "given", mentorOutside: "host", mentorsPerMember: 2, ...(tightness === undefined ? {} : { tightness }) });
    const solved = solveCohort(base, { backend: "network" });
    if (!solved.ok || solved.plan.status !== "optimal") throw new Error("no plan to pin");
    const away = base.programme.periods.filter((p) => p.at === "away").map((p) => p.id);
    const a = solved.plan.assignments[3] as (typeof solved.plan.assignments)[number];
    const placed = away.map((period) => a.placements.find((p) => p.period === period)?.member as string);
    const trainee = base.trainees.find((t) => t.id === a.trainee);
    const pins =
      pin === "swapped"
        ? away.map((period, i) => ({ trainee: a.trainee, period, member: placed[(i + 1) % away.length] as string }))
        : [{ trainee: a.trainee, period: away[0] as string, member: trainee?.awayPreferences?.find((m) => !placed.includes(m)) ?? (placed[0] as string) }];
    const input = { ...base, pins: [...(base.pins ?? []), ...pins] };
    const { cohort, result } = network(input);
    expect(result.stats.method).toBe("decomposition");
    expect(result.status).toBe("optimal");
    verified(cohort, result);
    expect(close(result.objective as number, exactOptimum(input))).toBe(true);
  });
});

describe("exact decomposition (hosts given, mentor outside the host)", () => {
  const cases = [
    { trainees: 50, members: 20, awayPeriods: 1, seed: 1 },
    { trainees: 60, members: 25, awayPeriods: 2, seed: 2 },
    { trainees: 80, members: 30, awayPeriods: 1, seed: 3, specializationFit: "preferred" as const },
    { trainees: 100, members: 40, awayPeriods: 2, seed: 4, tightness: 0.95 },
  ];
  it.each(cases)("proves the exact backend's optimum: %o", (options) => {
    const input = generateCohort({ ...options, hosts: "given", mentorOutside: "host", mentorsPerMember: 2 });
    const { cohort, result } = network(input);
    expect(result.stats.method).toBe("decomposition");
    expect(result.status).toBe("optimal");
    expect(result.bound).toBe(result.objective);
    verified(cohort, result);
    expect(close(result.objective as number, exactOptimum(input))).toBe(true);
  });

  it("with allowUnassigned, fills as many roles as the exact backend, then at its cost", () => {
    const base = generateCohort({ trainees: 40, members: 12, awayPeriods: 2, hosts: "given", seed: 5, tightness: 1 });
    // Take capacity away so that some roles cannot be filled.
    const input: CohortInput = {
      ...base,
      members: base.members.map((m, i) => (i % 3 === 0 ? { ...m, awayCapacity: 0 } : m)),
      people: (base.people ?? []).filter((_, i) => i % 4 !== 1),
      rules: { ...base.rules, allowUnassigned: true },
    };
    const { cohort, result } = network(input);
    expect(result.status).toBe("optimal");
    verified(cohort, result);
    const exact = solveCohort(input, { backend: "jslp", timeLimitMs: 60_000 });
    if (!exact.ok) throw new Error("input issues");
    const filled = (result.choices ?? []).reduce((n, c) => n + countFilled(c), 0);
    expect(filled).toBe(verifyPlan(cohort, exact.plan).filled);
    expect(close(result.objective as number, exact.plan.objective as number)).toBe(true);
  });
});

describe("general method", () => {
  const input = generateCohort({ trainees: 30, members: 12, awayPeriods: 2, hosts: "chosen", mentorOutside: "host-and-away", seed: 6 });

  it("reports better plans and bounds as it goes, and its answer is the last reported", () => {
    const updates: NetworkProgress[] = [];
    const { cohort, result } = network(input, 10_000, (u) => updates.push(u));
    verified(cohort, result);
    const plans = updates.filter((u) => u.incumbent !== undefined);
    expect(plans.length).toBeGreaterThan(0);
    for (let i = 1; i < plans.length; i++) expect(plans[i]?.objective as number).toBeLessThan(plans[i - 1]?.objective as number);
    expect((plans.at(-1)?.objective as number) >= (result.objective as number) - 1e-9).toBe(true);
    for (const u of updates) if (u.bound !== null) expect(u.bound).toBeLessThanOrEqual((result.objective as number) + 1e-6);
  });

  it("answers by its deadline", () => {
    const started = performance.now();
    const { result } = network(generateCohort({ trainees: 400, members: 120, awayPeriods: 2, hosts: "chosen", mentorOutside: "host-and-away", seed: 7 }), 300);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(["feasible", "optimal", "timedout"]).toContain(result.status);
  });
});
