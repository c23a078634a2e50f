/**
 * Explanations and what-if: every delta against a brute-force re-solve with the option pinned,
 * the changes against the brute-force fewest among the plans of that objective, a what-if with
 * the plan's own choices, the Romerike words in both languages, its time, and bad input.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortSchema, type CohortInput, type Pin, type SolvedPlan } from "../src/domain/schema.js";
import { validateCohort } from "../src/domain/validate.js";
import { solveCohort } from "../src/plan.js";
import { explainPlan } from "../src/replan/explain.js";
import { whatIf } from "../src/replan/what-if.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";
import { bruteForceOptimum } from "./support/brute-force.js";
import { bruteForceReplan, planChoices, pinOf } from "./support/replan-brute-force.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

function solved(input: unknown): SolvedPlan | null {
  const r = solveCohort(input, { backend: "jslp", diagnose: false });
  return r.ok && r.plan.status === "optimal" ? r.plan : null;
}
const romerikePlan = solved(romerike) as SolvedPlan;

describe("explainPlan against brute force", () => {
  it("every delta is a brute-force re-solve with the option pinned, with the fewest changes among such plans", () => {
    let options = 0;
    fc.assert(
      fc.property(smallCohortArbitrary({ maxTrainees: 3, maxMembers: 4, maxPeople: 6, allowUnassigned: false, ample: true }), (input) => {
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
            options += 1;
            const pinned = { ...cohort, pins: [...cohort.pins, pin] };
            const best = validateCohort(pinned).length > 0 ? null : bruteForceOptimum(cohortSchema.parse(pinned));
            expect(o.possible, o.text).toBe(best !== null);
            expect(o.text.length).toBeGreaterThan(20);
            if (best === null) {
              expect(o.rule).not.toBeNull();
              continue;
            }
            expect(o.delta).toBeCloseTo(best.objective - plan.objective, 6);
            const fewest = bruteForceReplan(cohortSchema.parse(pinned), planChoices(cohort, plan), cohort.programme.start, { costFirst: true });
            // The brute force counts the option's own role as a change too.
            expect(o.changes.length + 1).toBe(fewest?.changes);
          }
        }
      }),
      { numRuns: 120, seed: 21 },
    );
    expect(options).toBeGreaterThan(20);
  });
});

describe("whatIf", () => {
  it("with the plan's own choices has delta 0 and no changes", () => {
    fc.assert(
      fc.property(smallCohortArbitrary({ maxTrainees: 3, allowUnassigned: false, ample: true }), fc.nat(10), (input, which) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        const a = plan.assignments[which % plan.assignments.length];
        if (a === undefined) return;
        const pins: Pin[] = a.placements.filter((p) => cohort.programme.periods.find((x) => x.id === p.period)?.at === "away").map((p) => ({ trainee: a.trainee, period: p.period, member: p.member }));
        if (a.mentor !== null) pins.push({ trainee: a.trainee, mentor: a.mentor });
        if (a.supervisor !== null) pins.push({ trainee: a.trainee, supervisor: a.supervisor });
        const answer = whatIf(cohort, plan, pins);
        expect(answer.ok && answer.issues).toEqual([]);
        if (!answer.ok) return;
        expect(answer.answer.status).toBe("optimal");
        expect(answer.answer.delta).toBeCloseTo(0, 9);
        expect(answer.answer.changes).toEqual([]);
      }),
      { numRuns: 60, seed: 4 },
    );
  });

  it("answers the least objective with the pins, as brute force does", () => {
    fc.assert(
      fc.property(smallCohortArbitrary({ maxTrainees: 3, maxMembers: 4, allowUnassigned: false, ample: true }), fc.nat(20), fc.nat(20), (input, who, where) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        const away = cohort.programme.periods.filter((p) => p.at === "away");
        if (plan === null) return;
        const trainee = cohort.trainees[who % cohort.trainees.length]?.id as string;
        const pin: Pin = { trainee, period: away[where % away.length]?.id as string, member: cohort.members[where % cohort.members.length]?.id as string };
        const pinned = { ...cohort, pins: [...cohort.pins, pin] };
        const answer = whatIf(cohort, plan, [pin]);
        if (validateCohort(pinned).length > 0) {
          expect(answer.ok).toBe(false);
          if (!answer.ok) for (const issue of answer.issues) expect(issue.path.startsWith("pins[0]") || issue.path.startsWith("cohort.")).toBe(true);
          return;
        }
        const best = bruteForceOptimum(cohortSchema.parse(pinned));
        expect(answer.ok).toBe(true);
        if (!answer.ok) return;
        if (best === null) {
          expect(answer.answer.status).toBe("infeasible");
          return;
        }
        expect(answer.answer.objective).toBeCloseTo(best.objective, 6);
        expect(answer.answer.delta).toBeCloseTo(best.objective - plan.objective, 6);
      }),
      { numRuns: 80, seed: 8 },
    );
  });
});

describe("Romerike 2013", () => {
  it("explains every trainee well under a second, in Norwegian and English", () => {
    explainPlan(romerike, romerikePlan); // warm up the modules
    for (const lang of ["nb", "en"] as const) {
      const started = performance.now();
      const result = explainPlan(romerike, romerikePlan, { lang });
      const ms = performance.now() - started;
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.explanation.trainees.length).toBe(romerike.trainees.length);
      expect(ms).toBeLessThan(1000);
      const texts = result.explanation.trainees.flatMap((t) => t.options.map((o) => o.text));
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(text).toMatch(lang === "en" ? /^Giving .+ would .+\.$|cannot have/ : /^Å gi .+ ville .+\.$|kan ikke få/);
    }
  });

  it("says how much a first choice costs and who would move", () => {
    const result = explainPlan(romerike, romerikePlan, { lang: "en" });
    if (!result.ok) throw new Error("no explanation");
    const option = result.explanation.trainees.flatMap((t) => t.options).find((o) => o.possible && o.changes.length > 0);
    expect(option?.text).toMatch(/^Giving .+ the first choice for part-2, .+, would raise the total cost by \d+(\.\d)? and move .+ from .+ to .+ in part-2/);
  });
});

describe("the time limit", () => {
  it("leaves options unsettled, and says so, rather than guess", () => {
    const result = explainPlan(romerike, romerikePlan, { lang: "en", timeLimitMs: 0.001 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const options = result.explanation.trainees.flatMap((t) => t.options);
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      expect([o.possible, o.rule, o.delta]).toEqual([false, null, null]);
      expect(o.text).toMatch(/was not settled within the time limit/);
    }
  });
});

describe("bad input gets issues with paths and codes", () => {
  const nobody = { ...romerikePlan, assignments: romerikePlan.assignments.map((a, i) => (i === 3 ? { ...a, mentor: "nobody" } : a)) };
  const a0 = romerikePlan.assignments[0];
  it.each([
    ["a plan whose mentor names nobody (explain)", () => explainPlan(romerike, nobody).issues, ["plan_mismatch", "plan.assignments[3].mentor"]],
    ["a plan whose mentor names nobody (what-if)", () => whatIf(romerike, nobody, [{ trainee: "t1", mentor: "x" }]).issues, ["plan_mismatch", "plan.assignments[3].mentor"]],
    ["an unknown trainee to explain", () => explainPlan(romerike, romerikePlan, { trainee: "t99" }).issues, ["unknown_reference", "trainee"]],
    ["a pin that breaks a hard rule", () => whatIf(romerike, romerikePlan, [{ trainee: a0?.trainee, period: "part-2", member: a0?.host }]).issues, ["pin_breaks_rule", "pins[0].member"]],
    ["a pin naming nobody", () => whatIf(romerike, romerikePlan, [{ trainee: "t1", mentor: "nobody" }]).issues, ["unknown_reference", "pins[0].mentor"]],
    ["pins that are not a list", () => whatIf(romerike, romerikePlan, { trainee: "t1" }).issues, ["invalid_type", "pins"]],
  ] as const)("%s", (_name, run, [code, path]) => {
    const issues = run();
    expect(issues.map((i) => [i.code, i.path])).toContainEqual([code, path]);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (cohort, plan, pins) => {
        expect(whatIf(cohort, plan, pins).ok).toBe(false);
        expect(explainPlan(cohort, plan).ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});
