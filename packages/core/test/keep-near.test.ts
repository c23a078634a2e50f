/**
 * keepNear (replan/keep-near.ts): a plan's equal-cost moves taken back. It never raises the
 * objective, never breaks a rule (the verifier), never changes more roles than it was given,
 * and gives back what it can: every period order the network dealt out differently, a swap of
 * two mentors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { planObjective, type TraineeChoice } from "../src/domain/cost.js";
import type { Cohort } from "../src/domain/schema.js";
import { parseCohort } from "../src/domain/validate.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";
import { keepNear } from "../src/replan/keep-near.js";
import { toAssignments } from "../src/result/decode.js";
import { verifyPlan } from "../src/result/verify.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";
import { planChoices } from "./support/replan-brute-force.js";

const FOREVER = Number.POSITIVE_INFINITY;

function parsed(input: unknown): Cohort {
  const r = parseCohort(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.cohort;
}

function choicesOf(cohort: Cohort, backend: "jslp" | "network"): TraineeChoice[] | null {
  const r = solveCohort(cohort, { backend, diagnose: false, timeLimitMs: 20_000 });
  if (!r.ok || (r.plan.status !== "optimal" && r.plan.status !== "feasible")) return null;
  const byTrainee = planChoices(cohort, r.plan);
  return cohort.trainees.map((t) => byTrainee.get(t.id) as TraineeChoice);
}

/** Roles that differ: host, each away period, supervisor, mentor. */
function changes(a: readonly TraineeChoice[], b: readonly TraineeChoice[]): number {
  let n = 0;
  a.forEach((x, t) => {
    const y = b[t] as TraineeChoice;
    n += Number(x.host !== y.host) + Number(x.supervisor !== y.supervisor) + Number(x.mentor !== y.mentor);
    x.away.forEach((m, p) => (n += Number(m !== y.away[p])));
  });
  return n;
}

function valid(cohort: Cohort, choices: readonly TraineeChoice[]): boolean {
  const index = indexCohort(cohort);
  const objective = planObjective(index, choices);
  const plan = { format: "rotamatch.plan/v1", status: "feasible", objective, bound: 0, assignments: toAssignments(index, choices), unassigned: [], diagnosis: [] };
  return verifyPlan(cohort, plan).ok;
}

describe("keepNear", () => {
  const cohort = parsed(generateCohort({ trainees: 40, members: 14, awayPeriods: 2, hosts: "given", seed: 7 }));
  const index = indexCohort(cohort);
  const plan = choicesOf(cohort, "network") as TraineeChoice[];

  it("puts back every trainee's away members in the periods the plan had them in", () => {
    // Every trainee's two members swapped: each period's loads trade places, so this is valid too.
    const swapped = plan.map((c) => ({ ...c, away: [...c.away].reverse() }));
    expect(valid(cohort, swapped)).toBe(true);
    expect(changes(plan, swapped)).toBeGreaterThan(40);
    const back = keepNear(index, plan, swapped, new Map(), FOREVER);
    expect(changes(plan, back)).toBe(0);
    expect(planObjective(index, back)).toBeCloseTo(planObjective(index, plan), 9);
  });

  it("gives back two mentors that traded trainees", () => {
    const a = plan.findIndex((c) => c.mentor !== null);
    const b = plan.findIndex((c, t) => t !== a && c.mentor !== null && c.mentor !== plan[a]?.mentor && valid(cohort, swapMentors(plan, a, t)));
    expect(b).toBeGreaterThanOrEqual(0);
    const traded = swapMentors(plan, a, b);
    const back = keepNear(index, plan, traded, new Map(), FOREVER);
    expect(changes(plan, back)).toBe(0);
  });

  it("leaves the roles it is told to keep (a what-if's pins)", () => {
    const swapped = plan.map((c) => ({ ...c, away: [...c.away].reverse() }));
    const kept = new Map([[0, new Set(["away:0", "away:1"] as const)]]);
    const back = keepNear(index, plan, swapped, kept, FOREVER);
    expect(back[0]?.away).toEqual(swapped[0]?.away);
  });

  it("never costs more, never breaks a rule, never changes more roles than it was given (random cohorts)", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), (input) => {
        const small = parsed(input);
        const previous = choicesOf(small, "jslp");
        const current = choicesOf(small, "network");
        if (previous === null || current === null) return;
        const smallIndex = indexCohort(small);
        const near = keepNear(smallIndex, previous, current, new Map(), FOREVER);
        if (small.rules.allowUnassigned) {
          expect(near).toEqual(current);
          return;
        }
        expect(valid(small, near)).toBe(true);
        const before = planObjective(smallIndex, current);
        expect(planObjective(smallIndex, near)).toBeLessThanOrEqual(before + 1e-9 * Math.max(1, Math.abs(before)));
        expect(changes(previous, near)).toBeLessThanOrEqual(changes(previous, current));
      }),
      { numRuns: Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 60) },
    );
  });
});

function swapMentors(plan: readonly TraineeChoice[], a: number, b: number): TraineeChoice[] {
  const out = [...plan];
  out[a] = { ...(plan[a] as TraineeChoice), mentor: plan[b]?.mentor ?? null };
  out[b] = { ...(plan[b] as TraineeChoice), mentor: plan[a]?.mentor ?? null };
  return out;
}
