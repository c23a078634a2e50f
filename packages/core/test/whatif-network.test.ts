/**
 * What-ifs and explanations on the network backend (replan/what-if-network.ts), on random small
 * cohorts forced to `backend: "network"`, against brute force: the objective equals the
 * brute-force optimum with the pins when the answer says optimal, the bound is never above it,
 * and every plan passes the verifier with the pins. Then the deadlines: no solve starts after
 * the deadline (an abort), every option is settled or said to be unsettled, and "auto" puts a
 * cohort whose exact model is too big on the network.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExplanationOption } from "../src/domain/replan-schema.js";
import { cohortSchema, type CohortInput, type Pin, type SolvedPlan } from "../src/domain/schema.js";
import { validateCohort } from "../src/domain/validate.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";
import { explainPlan } from "../src/replan/explain.js";
import { whatIf } from "../src/replan/what-if.js";
import { verifyPlan } from "../src/result/verify.js";
import { jslpSolver } from "../src/solvers/jslp/jslp-solver.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";
import { bruteForceOptimum } from "./support/brute-force.js";
import { bruteForceReplan, planChoices, pinOf } from "./support/replan-brute-force.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

function solved(input: unknown): SolvedPlan | null {
  const r = solveCohort(input, { backend: "jslp", diagnose: false });
  return r.ok && r.plan.status === "optimal" ? r.plan : null;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

const small = smallCohortArbitrary({ maxTrainees: 3, maxMembers: 4, maxPeople: 6, allowUnassigned: false, ample: true });

describe("whatIf on the network backend, against brute force", () => {
  it("optimal only at the brute-force optimum; the bound never above it; the plan verified with the pins; changes never fewer than possible", () => {
    const tallies = { optimal: 0, feasible: 0, infeasible: 0, fewest: 0 };
    fc.assert(
      fc.property(small, fc.nat(20), fc.nat(20), (input, who, where) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        const away = cohort.programme.periods.filter((p) => p.at === "away");
        const trainee = cohort.trainees[who % cohort.trainees.length]?.id as string;
        const pin: Pin = { trainee, period: away[where % away.length]?.id as string, member: cohort.members[where % cohort.members.length]?.id as string };
        const pinned = { ...cohort, pins: [...cohort.pins, pin] };
        const answer = whatIf(cohort, plan, [pin], { backend: "network", timeLimitMs: 10_000 });
        if (validateCohort(pinned).length > 0) {
          expect(answer.ok).toBe(false);
          return;
        }
        expect(answer.ok).toBe(true);
        if (!answer.ok) return;
        const a = answer.answer;
        const best = bruteForceOptimum(cohortSchema.parse(pinned));
        if (best === null) {
          expect(a.status).toBe("infeasible");
          tallies.infeasible += 1;
          return;
        }
        expect(["optimal", "feasible"]).toContain(a.status);
        if (a.plan === null || a.objective === null) throw new Error("a what-if with a plan has an objective");
        expect(a.plan.stats?.backend).toBe("network");
        expect(verifyPlan(pinned, a.plan).ok).toBe(true);
        expect(a.plan.assignments.find((x) => x.trainee === pin.trainee)?.placements.some((p) => p.period === pin.period && p.member === pin.member)).toBe(true);
        expect(a.objective).toBeGreaterThanOrEqual(best.objective - 1e-6);
        expect(a.plan.bound).toBeLessThanOrEqual(best.objective + 1e-6);
        if (a.status === "optimal") {
          tallies.optimal += 1;
          expect(a.objective).toBeCloseTo(best.objective, 6);
          expect(a.delta).toBeCloseTo(best.objective - plan.objective, 6);
          expect(a.deltaBound).toBeNull();
        } else {
          tallies.feasible += 1;
          expect(a.delta).toBeNull();
          expect(a.deltaBound).toBeLessThanOrEqual(best.objective - plan.objective + 1e-6);
        }
        // The brute force's fewest changes among the plans of least objective count the pinned role too.
        const fewest = bruteForceReplan(cohortSchema.parse(pinned), planChoices(cohort, plan), cohort.programme.start, { costFirst: true });
        const pinMoved = plan.assignments.find((x) => x.trainee === pin.trainee)?.placements.find((p) => p.period === pin.period)?.member !== pin.member ? 1 : 0;
        if (fewest !== null && close(a.objective, fewest.objective)) {
          expect(a.changes.length + pinMoved).toBeGreaterThanOrEqual(fewest.changes);
          if (a.changes.length + pinMoved === fewest.changes) tallies.fewest += 1;
        }
      }),
      { numRuns: 80, seed: 31 },
    );
    expect(tallies.optimal).toBeGreaterThan(20);
    // The keep-pins re-plan finds the fewest changes in most of these small cases.
    expect(tallies.fewest).toBeGreaterThan(tallies.optimal / 2);
  });

  it("under allowUnassigned: the plan verified with the pins, optimal only at the brute-force optimum", () => {
    let optimal = 0;
    fc.assert(
      fc.property(smallCohortArbitrary({ maxTrainees: 3, maxMembers: 4, maxPeople: 6, allowUnassigned: true }), fc.nat(20), fc.nat(20), (input, who, where) => {
        const cohort = cohortSchema.parse(input);
        const r = solveCohort(cohort, { backend: "jslp", diagnose: false });
        if (!r.ok || r.plan.status !== "optimal") return;
        const plan = r.plan;
        const away = cohort.programme.periods.filter((p) => p.at === "away");
        const pin: Pin = { trainee: cohort.trainees[who % cohort.trainees.length]?.id as string, period: away[where % away.length]?.id as string, member: cohort.members[where % cohort.members.length]?.id as string };
        const pinned = { ...cohort, pins: [...cohort.pins, pin] };
        if (validateCohort(pinned).length > 0) return;
        const answer = whatIf(cohort, plan, [pin], { backend: "network", timeLimitMs: 10_000 });
        expect(answer.ok).toBe(true);
        if (!answer.ok || answer.answer.plan === null) return;
        const a = answer.answer;
        expect(verifyPlan(pinned, a.plan).ok).toBe(true);
        if (a.status !== "optimal") return;
        optimal += 1;
        const best = bruteForceOptimum(cohortSchema.parse(pinned));
        expect(a.objective).toBeCloseTo(best?.objective ?? Number.NaN, 6);
      }),
      { numRuns: 60, seed: 17 },
    );
    expect(optimal).toBeGreaterThan(5);
  });

  it("with the plan's own choices: delta 0 and no changes", () => {
    fc.assert(
      fc.property(small, fc.nat(10), (input, which) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        const a = plan?.assignments[which % (plan?.assignments.length ?? 1)];
        if (plan === null || a === undefined) return;
        const pins: Pin[] = a.placements.filter((p) => cohort.programme.periods.find((x) => x.id === p.period)?.at === "away").map((p) => ({ trainee: a.trainee, period: p.period, member: p.member }));
        if (a.mentor !== null) pins.push({ trainee: a.trainee, mentor: a.mentor });
        const answer = whatIf(cohort, plan, pins, { backend: "network" });
        expect(answer.ok).toBe(true);
        if (!answer.ok) return;
        expect(answer.answer.status).toBe("optimal");
        expect(answer.answer.delta).toBeCloseTo(0, 9);
        expect(answer.answer.changes).toEqual([]);
      }),
      { numRuns: 40, seed: 6 },
    );
  });
});

describe("explainPlan on the network backend, against brute force", () => {
  it("possible exactly when brute force finds a plan; delta exact or deltaBound never above it", () => {
    let options = 0;
    fc.assert(
      fc.property(small, (input) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        const result = explainPlan(cohort, plan, { lang: "en", backend: "network", timeLimitMs: 20_000 });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        for (const t of result.explanation.trainees) {
          for (const o of t.options) {
            const pin = pinOf(cohort, t.trainee, o);
            if (pin === null) continue;
            options += 1;
            const pinned = { ...cohort, pins: [...cohort.pins, pin] };
            const best = validateCohort(pinned).length > 0 ? null : bruteForceOptimum(cohortSchema.parse(pinned));
            expect(o.possible, o.text).toBe(best !== null);
            if (best === null) {
              expect(o.rule).not.toBeNull();
              continue;
            }
            const truth = best.objective - plan.objective;
            if (o.delta !== null) expect(o.delta).toBeCloseTo(truth, 6);
            else expect(o.deltaBound).toBeLessThanOrEqual(truth + 1e-6);
          }
        }
      }),
      { numRuns: 80, seed: 21 },
    );
    expect(options).toBeGreaterThan(20);
  });
});

/** Every option is settled (ruled out with a rule, or possible with a delta or a bound) or says it is not. */
function expectSettledOrSaid(options: readonly ExplanationOption[]): number {
  let unsettled = 0;
  for (const o of options) {
    if (o.possible) expect(o.delta !== null || o.deltaBound !== null).toBe(true);
    else if (o.rule === null) {
      unsettled += 1;
      expect(o.text).toMatch(/was not settled within the time limit/);
    }
  }
  return unsettled;
}

describe("the deadline", () => {
  afterEach(() => void vi.restoreAllMocks());

  it.each(["explain", "whatif"] as const)("%s starts no solve after an abort, and answers with what it settled", (which) => {
    const plan = solved(romerike) as SolvedPlan;
    const stop = new AbortController();
    const real = jslpSolver.solve;
    let calls = 0;
    let afterStop = 0;
    vi.spyOn(jslpSolver, "solve").mockImplementation((model, options) => {
      calls += 1;
      if (stop.signal.aborted) afterStop += 1;
      const result = real(model, options);
      // The stop comes after the first solve, as a deadline passing mid-answer would.
      stop.abort();
      return result;
    });
    if (which === "explain") {
      const result = explainPlan(romerike, plan, { lang: "en", backend: "jslp", signal: stop.signal });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const options = result.explanation.trainees.flatMap((t) => t.options);
      expect(options.length).toBeGreaterThan(1);
      expect(expectSettledOrSaid(options)).toBeGreaterThan(0);
    } else {
      const t4 = { trainee: "t4", period: "part-2", member: "skedsmo" };
      const answer = whatIf(romerike, plan, [t4], { backend: "jslp", signal: stop.signal });
      expect(answer.ok).toBe(true);
      // The cost stage gave a plan; the changes stage never started: a plan, not proven.
      if (answer.ok) expect(answer.answer.status).toBe("feasible");
    }
    expect(calls).toBe(1);
    expect(afterStop).toBe(0);
  });

  it("a signal aborted before the call leaves every option unsettled, on either backend, with no solve", () => {
    const plan = solved(romerike) as SolvedPlan;
    const spy = vi.spyOn(jslpSolver, "solve");
    for (const backend of ["jslp", "network"] as const) {
      const result = explainPlan(romerike, plan, { lang: "en", backend, signal: AbortSignal.abort() });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const options = result.explanation.trainees.flatMap((t) => t.options);
      expect(expectSettledOrSaid(options)).toBe(options.length);
    }
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('"auto" at scale', () => {
  it("a 60-trainee what-if and explanation run on the network, verified, within a short time limit", () => {
    const cohort = generateCohort({ trainees: 60, members: 30, hosts: "given", seed: 2 });
    const solvedPlan = solveCohort(cohort, { timeLimitMs: 10_000 });
    if (!solvedPlan.ok || (solvedPlan.plan.status !== "optimal" && solvedPlan.plan.status !== "feasible")) throw new Error("no plan to start from");
    const plan = solvedPlan.plan;
    const away = cohort.programme.periods.filter((p) => p.at === "away").map((p) => p.id);
    // The first trainee who did not get their first away choice, pinned to it.
    let pin: Pin | null = null;
    for (const a of plan.assignments) {
      const wish = cohort.trainees.find((t) => t.id === a.trainee)?.awayPreferences?.[0];
      const got = a.placements.find((p) => p.period === away[0])?.member;
      if (wish !== undefined && got !== wish && a.host !== wish) {
        pin = { trainee: a.trainee, period: away[0] as string, member: wish };
        break;
      }
    }
    if (pin === null) throw new Error("everyone got their first choice");
    const answer = whatIf(cohort, plan, [pin], { timeLimitMs: 20_000 });
    if (!answer.ok) throw new Error(JSON.stringify(answer.issues));
    const a = answer.answer;
    expect(a.plan?.stats?.backend).toBe("network");
    if (a.plan !== null) expect(verifyPlan({ ...cohort, pins: [...(cohort.pins ?? []), pin] }, a.plan).ok).toBe(true);
    expect(a.delta !== null || a.deltaBound !== null || a.status === "infeasible").toBe(true);

    const started = performance.now();
    const why = explainPlan(cohort, plan, { trainee: pin.trainee, lang: "en", timeLimitMs: 1_000 });
    const ms = performance.now() - started;
    expect(why.ok).toBe(true);
    if (!why.ok) return;
    expectSettledOrSaid(why.explanation.trainees.flatMap((t) => t.options));
    // Generous: the limit plus building the answer, on a loaded machine.
    expect(ms).toBeLessThan(1_000 + 10_000);
  });
});
