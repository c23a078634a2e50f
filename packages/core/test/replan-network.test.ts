/**
 * Re-planning on the network backend (replan/network.ts): on random small cohorts against the
 * brute-force oracle (support/replan-brute-force.ts) and the exact path, and one re-plan of a
 * generated 1,000-trainee network.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TraineeChoice } from "../src/domain/cost.js";
import { cohortSchema, type Cohort, type CohortInput, type Plan, type SolvedPlan } from "../src/domain/schema.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";
import { replanCohort, type ReplanPlan } from "../src/replan/replan.js";
import { verifyPlan } from "../src/result/verify.js";
import { verifyReplan } from "../src/result/verify/replan.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";
import { bruteForceReplan, planChoices, startedAt } from "./support/replan-brute-force.js";
import { datesOf, mutate, mutationArb, type Mutation } from "./support/replan-mutations.js";

function solved(input: unknown): SolvedPlan | null {
  const r = solveCohort(input, { backend: "jslp", diagnose: false });
  return r.ok && r.plan.status === "optimal" ? r.plan : null;
}

function withoutChanges(plan: ReplanPlan): Omit<ReplanPlan, "changes"> {
  const { changes: _changes, ...rest } = plan;
  return rest;
}

/** Changes of continuing trainees (what the lexicographic objective counts). */
function counted(plan: ReplanPlan): number {
  return plan.changes.filter((c) => c.reason === "forced" || c.reason === "knock-on").length;
}

/** Started placements and started hosts are those of the published plan. */
function expectStartedKept(now: Cohort, before: Pick<Plan, "assignments">, after: ReplanPlan, asOf: string): void {
  const started = startedAt(now, asOf);
  for (const a of after.assignments) {
    const was = before.assignments.find((x) => x.trainee === a.trainee);
    if (was === undefined) continue;
    if (started.hostStarted) expect(a.host).toBe(was.host);
    for (const period of started.periods) {
      expect(a.placements.find((p) => p.period === period)?.member).toBe(was.placements.find((p) => p.period === period)?.member);
    }
  }
}

const small = smallCohortArbitrary({ maxTrainees: 3, maxMembers: 4, maxPeople: 6, allowUnassigned: false, ample: true, pins: false });
const pinned = smallCohortArbitrary({ maxTrainees: 3, maxMembers: 4, maxPeople: 6, allowUnassigned: false, ample: true, pins: true });

describe("replanCohort on the network backend, against brute force", () => {
  it.each([
    ["ample places", small, 80, 12, 15],
    ["pins and forbids", pinned, 80, 5, 15],
  ])("%s: optimal only when the changes and the objective are the least; the bound never above the optimum; started placements stay", (_name, arbitrary, numRuns, seed, least) => {
    const tallies = new Map<string, number>();
    const tally = (what: string) => tallies.set(what, (tallies.get(what) ?? 0) + 1);
    fc.assert(
      fc.property(arbitrary, mutationArb, fc.nat(10), (input: CohortInput, mutation: Mutation, day: number) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return void tally("no plan");
        const now = mutate(cohort, plan, mutation);
        const dates = datesOf(cohort);
        const asOf = dates[day % dates.length] as string;
        const result = replanCohort(now, plan, { asOf, backend: "network", timeLimitMs: 5_000 });
        const exact = replanCohort(now, plan, { asOf, backend: "jslp" });
        expect(result.ok).toBe(exact.ok);
        if (!result.ok || !exact.ok) return void tally("issues");
        const replanned = result.plan;
        const refused = result.warnings.some((w) => w.code === "network_refused");
        if (refused) {
          // Solved on the exact model: the same plan as the exact path gives.
          tally("refused");
          expect(JSON.stringify(replanned)).toBe(JSON.stringify({ ...exact.plan, stats: replanned.stats }));
          return;
        }
        expect(replanned.stats?.backend).toBe("network");
        const best = result.warnings.length > 0 ? null : bruteForceReplan(now, planChoices(now, plan), asOf);
        if (replanned.status === "infeasible" || replanned.status === "timedout") {
          // Without a plan only when none exists (the network may run out of time proving it).
          tally(replanned.status);
          expect(exact.plan.status).toBe("infeasible");
          return;
        }
        if (exact.plan.status !== "optimal") throw new Error(`the exact path gave ${exact.plan.status}`);
        expect(verifyPlan(now, withoutChanges(replanned)).violations.filter(() => result.warnings.length === 0)).toEqual([]);
        expect(verifyReplan(now, plan, replanned, asOf).violations).toEqual([]);
        expectStartedKept(now, plan, replanned, asOf);
        expect(replanned.bound).toBeLessThanOrEqual(replanned.objective + 1e-9);
        const proven = !result.warnings.some((w) => w.code === "changes_not_proven");
        // The exact path's lexicographic optimum (brute force agrees with it: replan.test.ts).
        const exactChanges = counted(exact.plan);
        expect(counted(replanned)).toBeGreaterThanOrEqual(exactChanges);
        if (proven) expect(counted(replanned)).toBe(exactChanges);
        expect(replanned.bound).toBeLessThanOrEqual(exact.plan.objective + 1e-6);
        if (replanned.status === "optimal") {
          tally("optimal");
          expect(proven).toBe(true);
          expect(replanned.objective).toBeCloseTo(exact.plan.objective, 6);
        } else tally(proven ? "feasible, fewest changes" : "feasible");
        if (best !== null) {
          expect(exactChanges).toBe(best.changes);
          if (replanned.status === "optimal") expect(replanned.objective).toBeCloseTo(best.objective, 6);
          expect(replanned.bound).toBeLessThanOrEqual(best.objective + 1e-6);
        }
      }),
      { numRuns, seed },
    );
    if (process.env.TALLY === "1") console.log(_name, [...tallies].join("; "));
    expect(tallies.get("optimal") ?? 0, [...tallies].join("; ")).toBeGreaterThan(least);
  });

  it("when a capacity falls below the kept roles: the change count is the least unless changes_not_proven says otherwise, optimal only when proven", () => {
    let seen = 0;
    let fewest = 0;
    let proven = 0;
    fc.assert(
      fc.property(small, fc.nat(20), (input, which) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        // A mentor the plan uses twice or more loses one place: one of their trainees must move.
        const used = plan.assignments.map((a) => a.mentor).filter((m): m is string => m !== null);
        const mentor = used[which % Math.max(1, used.length)];
        if (mentor === undefined) return;
        const load = used.filter((m) => m === mentor).length;
        if (load < 2) return; // at capacity 0 the mentor is no longer a candidate: a forced change, proven
        const now: Cohort = { ...cohort, people: cohort.people.map((p) => (p.id === mentor ? { ...p, capacity: load - 1 } : p)) };
        const asOf = cohort.programme.start;
        const exact = replanCohort(now, plan, { asOf, backend: "jslp" });
        if (!exact.ok || exact.plan.status !== "optimal") return;
        const result = replanCohort(now, plan, { asOf, backend: "network", timeLimitMs: 5_000 });
        expect(result.ok).toBe(true);
        if (!result.ok || (result.plan.status !== "optimal" && result.plan.status !== "feasible")) throw new Error("no network plan where the exact path has one");
        seen += 1;
        // Kept roles were released: the change count is proven when it meets the lower bound
        // (no warning), and must then be the least; optimal only when the objective also meets
        // the bound on every plan's.
        if (result.plan.status === "optimal") {
          expect(counted(result.plan)).toBe(counted(exact.plan));
          expect(result.plan.objective).toBeCloseTo(exact.plan.objective, 6);
        }
        if (!result.warnings.some((w) => w.code === "changes_not_proven")) expect(counted(result.plan)).toBe(counted(exact.plan));
        expect(verifyPlan(now, withoutChanges(result.plan)).violations).toEqual([]);
        expect(verifyReplan(now, plan, result.plan, asOf).violations).toEqual([]);
        expect(counted(result.plan)).toBeGreaterThanOrEqual(counted(exact.plan));
        if (counted(result.plan) === counted(exact.plan)) fewest += 1;
        if (!result.warnings.some((w) => w.code === "changes_not_proven")) proven += 1;
        expect(result.plan.bound).toBeLessThanOrEqual(exact.plan.objective + 1e-6);
      }),
      { numRuns: 150, seed: 21 },
    );
    if (process.env.TALLY === "1") console.log(`capacity falls: ${seen} compared, ${fewest} with the fewest changes, ${proven} proven`);
    expect(seen).toBeGreaterThan(10);
  });

  it("with nothing changed returns the same assignments, byte for byte, and no changes", () => {
    let seen = 0;
    fc.assert(
      fc.property(smallCohortArbitrary({ maxTrainees: 4, allowUnassigned: false }), fc.nat(10), (input, day) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        const dates = datesOf(cohort);
        const stages: string[] = [];
        const result = replanCohort(cohort, plan, { asOf: dates[day % dates.length] as string, backend: "network", onProgress: (p) => stages.push(`${p.stage} ${p.status} ${p.value}`) });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        if (result.warnings.some((w) => w.code === "network_refused")) return;
        seen += 1;
        expect(stages).toEqual(["changes optimal 0", `cost optimal ${result.plan.objective}`]);
        expect(result.plan.status).toBe("optimal");
        expect(result.plan.changes).toEqual([]);
        expect(JSON.stringify(result.plan.assignments)).toBe(JSON.stringify(plan.assignments));
      }),
      { numRuns: 80, seed: 7 },
    );
    expect(seen).toBeGreaterThan(10);
  });

  it("under allowUnassigned, refuses with the warning network_refused and solves on the exact model", () => {
    const input = fc.sample(smallCohortArbitrary({ maxTrainees: 3, allowUnassigned: true }), { numRuns: 30, seed: 4 });
    let seen = 0;
    for (const cohort of input) {
      const plan = solved(cohort);
      if (plan === null) continue;
      const parsed = cohortSchema.parse(cohort);
      const result = replanCohort(parsed, plan, { asOf: parsed.programme.start, backend: "network" });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      seen += 1;
      expect(result.warnings.map((w) => w.code)).toContain("network_refused");
      expect(result.plan.stats?.backend).toBe("jslp");
    }
    expect(seen).toBeGreaterThan(5);
  });
});

describe("a re-plan of 1,000 trainees", () => {
  it("answers on the network backend under auto with a verified plan that keeps what started", () => {
    const cohort = cohortSchema.parse(generateCohort({ trainees: 1_000, members: 200, hosts: "chosen", seed: 3 }));
    const first = solveCohort(cohort, { backend: "network", timeLimitMs: 20_000, diagnose: false });
    expect(first.ok).toBe(true);
    if (!first.ok || (first.plan.status !== "optimal" && first.plan.status !== "feasible")) throw new Error("no plan to re-plan");
    const plan = first.plan;
    // In part 2: a used mentor leaves, a trainee quits, one joins, a member loses an away place.
    const mentor = plan.assignments[0]?.mentor as string;
    const quitter = plan.assignments[1]?.trainee as string;
    const joiner = cohort.trainees[2] as Cohort["trainees"][number];
    const member = plan.assignments[3]?.placements.find((p) => p.period !== undefined)?.member as string;
    const now: Cohort = {
      ...cohort,
      people: cohort.people.filter((p) => p.id !== mentor),
      trainees: [...cohort.trainees.filter((t) => t.id !== quitter), { ...joiner, id: "late-joiner", name: "Late Joiner" }],
      members: cohort.members.map((m) => (m.id === member ? { ...m, awayCapacity: Math.max(0, m.awayCapacity - 1) } : m)),
    };
    const periods = datesOf(cohort);
    const asOf = periods[Math.floor(periods.length / 2)] as string;
    const result = replanCohort(now, plan, { asOf, timeLimitMs: 120_000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const replanned = result.plan;
    expect(replanned.stats?.backend).toBe("network");
    expect(["optimal", "feasible"]).toContain(replanned.status);
    if (replanned.status !== "optimal" && replanned.status !== "feasible") return;
    expect(verifyReplan(now, plan, replanned, asOf).violations).toEqual([]);
    if (result.warnings.length === 0) expect(verifyPlan(now, withoutChanges(replanned)).violations).toEqual([]);
    expectStartedKept(now, plan, replanned, asOf);
    expect(replanned.bound).toBeLessThanOrEqual(replanned.objective);
    const reasons = new Set(replanned.changes.map((c) => c.reason));
    expect(reasons.has("left")).toBe(true);
    expect(reasons.has("joined")).toBe(true);
    expect(replanned.changes.some((c) => c.role === "mentor" && c.from === mentor && c.reason === "forced")).toBe(true);
    const choiceOf = (p: Pick<Plan, "assignments">): Map<string, TraineeChoice> => planChoices(now, p);
    expect(choiceOf(replanned).size).toBe(now.trainees.length);

    // Three mentors the plan uses twice or more lose a place: keeping every other role leaves no plan.
    const load = new Map<string, number>();
    for (const a of plan.assignments) if (a.mentor !== null) load.set(a.mentor, (load.get(a.mentor) ?? 0) + 1);
    const busy = new Map([...load].filter(([, n]) => n >= 2).slice(0, 3));
    const tighter: Cohort = { ...cohort, people: cohort.people.map((p) => (busy.has(p.id) ? { ...p, capacity: (busy.get(p.id) as number) - 1 } : p)) };
    const second = replanCohort(tighter, plan, { asOf, timeLimitMs: 120_000, backend: "network" });
    expect(second.ok).toBe(true);
    if (!second.ok || (second.plan.status !== "optimal" && second.plan.status !== "feasible")) throw new Error("no plan");
    expect(verifyReplan(tighter, plan, second.plan, asOf).violations).toEqual([]);
    expect(second.plan.bound).toBeLessThanOrEqual(second.plan.objective);
    // At least one trainee of each such mentor moves, and only mentors change.
    expect(counted(second.plan)).toBeGreaterThanOrEqual(busy.size);
    expect(second.plan.changes.every((c) => c.role === "mentor")).toBe(true);
  }, 300_000);
});
