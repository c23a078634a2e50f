/**
 * Re-planning: properties on random small cohorts against the brute-force oracle
 * (support/replan-brute-force.ts), the Romerike stories of the contract, and bad input.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REPLAN_FORMAT } from "../src/domain/replan-schema.js";
import { cohortSchema, type CohortInput, type SolvedPlan } from "../src/domain/schema.js";
import { solveCohort } from "../src/plan.js";
import { replanCohort, replanRequest, type ReplanResult } from "../src/replan/replan.js";
import { verifyPlan } from "../src/result/verify.js";
import { verifyReplan } from "../src/result/verify/replan.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";
import { bruteForceReplan, planChoices, startedAt } from "./support/replan-brute-force.js";
import { datesOf, mutate, mutationArb } from "./support/replan-mutations.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

function solved(input: unknown): SolvedPlan | null {
  const r = solveCohort(input, { backend: "jslp", diagnose: false });
  return r.ok && r.plan.status === "optimal" ? r.plan : null;
}

const romerikePlan = solved(romerike) as SolvedPlan;

/** A re-planned plan as a plan (the plan format has no `changes`). */
function withoutChanges<P extends { readonly changes: unknown }>(plan: P): Omit<P, "changes"> {
  const { changes: _changes, ...rest } = plan;
  return rest;
}

const small = smallCohortArbitrary({ maxTrainees: 3, maxMembers: 4, maxPeople: 6, allowUnassigned: false, ample: true, pins: false });

describe("replanCohort against brute force", () => {
  it("changes as few roles as any plan can, then costs least; never moves what started; verifies", () => {
    const tallies = new Map<string, number>();
    const tally = (what: string) => tallies.set(what, (tallies.get(what) ?? 0) + 1);
    let compared = 0;
    fc.assert(
      fc.property(small, mutationArb, fc.nat(10), (input, mutation, day) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return void tally("no plan");
        const now = mutate(cohort, plan, mutation);
        const dates = datesOf(cohort);
        const asOf = dates[day % dates.length] as string;
        const result = replanCohort(now, plan, { asOf });
        const best = bruteForceReplan(now, planChoices(now, plan), asOf);
        tally(!result.ok ? "issues" : result.warnings.length > 0 ? "warnings" : best === null ? "none" : "compared");
        if (!result.ok) {
          // Only a cohort that contradicts what has started is refused; then no plan keeps it.
          expect(result.issues.map((i) => i.code)).toEqual(result.issues.map(() => "started_conflict"));
          expect(best).toBeNull();
          return;
        }
        const replanned = result.plan;
        if (result.warnings.length > 0) return; // a capacity raised for what started: not the cohort's own rules
        if (best === null) {
          expect(replanned.status).toBe("infeasible");
          return;
        }
        expect(replanned.status).toBe("optimal");
        if (replanned.status !== "optimal") return;
        compared += 1;
        const continuing = replanned.changes.filter((c) => c.reason === "forced" || c.reason === "knock-on");
        expect(continuing.length).toBe(best.changes);
        expect(replanned.objective).toBeCloseTo(best.objective, 6);
        expect(verifyPlan(now, withoutChanges(replanned)).violations).toEqual([]);
        expect(verifyReplan(now, plan, replanned, asOf).violations).toEqual([]);
        // Started placements, checked here on their own.
        const started = startedAt(now, asOf);
        for (const a of replanned.assignments) {
          const was = plan.assignments.find((x) => x.trainee === a.trainee);
          if (was === undefined) continue;
          if (started.hostStarted) expect(a.host).toBe(was.host);
          for (const period of started.periods) {
            expect(a.placements.find((p) => p.period === period)?.member).toBe(was.placements.find((p) => p.period === period)?.member);
          }
        }
      }),
      { numRuns: 150, seed: 12 },
    );
    expect(compared, [...tallies].join("; ")).toBeGreaterThan(20);
  });

  it("re-planning with nothing changed returns the same bytes and no changes", () => {
    fc.assert(
      fc.property(smallCohortArbitrary({ maxTrainees: 4 }), fc.nat(10), (input, day) => {
        const cohort = cohortSchema.parse(input);
        const r = solveCohort(cohort, { backend: "jslp", diagnose: false });
        if (!r.ok || r.plan.status !== "optimal") return;
        const dates = datesOf(cohort);
        const result = replanCohort(cohort, r.plan, { asOf: dates[day % dates.length] as string });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.plan.changes).toEqual([]);
        expect(JSON.stringify(result.plan.assignments)).toBe(JSON.stringify(r.plan.assignments));
        expect(JSON.stringify(result.plan.unassigned)).toBe(JSON.stringify(r.plan.unassigned));
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("a forced change where spare capacity exists changes exactly the forced roles", () => {
    let seen = 0;
    fc.assert(
      fc.property(small, fc.nat(20), (input, which) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        const a = plan.assignments[which % plan.assignments.length];
        if (a?.mentor == null) return;
        const gone = a.mentor;
        const now = mutate(cohort, plan, { kind: "remove-person", which: plan.assignments.flatMap((x) => [x.supervisor, x.mentor]).indexOf(gone) });
        const forced = plan.assignments.filter((x) => x.mentor === gone).map((x) => x.trainee);
        const asOf = now.programme.start;
        const best = bruteForceReplan(now, planChoices(now, plan), asOf);
        if (best === null || best.changes !== forced.length) return; // no spare place for every forced role
        seen += 1;
        const result = replanCohort(now, plan, { asOf });
        expect(result.ok && result.plan.status).toBe("optimal");
        if (!result.ok) return;
        expect(result.plan.changes.map((c) => [c.trainee, c.role, c.from, c.reason])).toEqual(forced.map((t) => [t, "mentor", gone, "forced"]));
      }),
      { numRuns: 400, seed: 3 },
    );
    expect(seen).toBeGreaterThan(10);
  });

  it("under allowUnassigned fills the most roles first, then changes fewest, then costs least", () => {
    fc.assert(
      fc.property(smallCohortArbitrary({ maxTrainees: 3, maxMembers: 3, maxPeople: 3, allowUnassigned: true }), mutationArb, fc.nat(10), (input, mutation, day) => {
        const cohort = cohortSchema.parse(input);
        const plan = solved(cohort);
        if (plan === null) return;
        const now = mutate(cohort, plan, mutation);
        const dates = datesOf(cohort);
        const asOf = dates[day % dates.length] as string;
        const result = replanCohort(now, plan, { asOf });
        if (!result.ok || result.warnings.length > 0 || result.plan.status !== "optimal") return;
        const best = bruteForceReplan(now, planChoices(now, plan), asOf);
        expect(best).not.toBeNull();
        if (best === null) return;
        const filled = verifyPlan(now, withoutChanges(result.plan));
        expect(filled.violations).toEqual([]);
        expect(filled.filled).toBe(best.filled);
        expect(result.plan.changes.filter((c) => c.reason === "forced" || c.reason === "knock-on").length).toBe(best.changes);
        expect(result.plan.objective).toBeCloseTo(best.objective, 6);
      }),
      { numRuns: 80, seed: 5 },
    );
  });
});

describe("Romerike 2013 over time", () => {
  const asOf = "2014-03-01"; // part 2 (away) started on 2014-02-19

  it("a mentor leaves in part 2: only that trainee's mentor changes, forced", () => {
    const a = romerikePlan.assignments[2];
    const gone = a?.mentor;
    const now = { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== gone) };
    const result = replanCohort(now, romerikePlan, { asOf });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.status).toBe("optimal");
    expect(result.plan.changes).toEqual([{ trainee: a?.trainee, role: "mentor", from: gone, to: expect.any(String), reason: "forced" }]);
  });

  it("a trainee quits: their later roles are freed and nobody else moves", () => {
    const gone = romerike.trainees[0]?.id;
    const now = { ...romerike, trainees: romerike.trainees.slice(1) };
    const result = replanCohort(now, romerikePlan, { asOf });
    expect(result.ok && result.plan.changes.every((c) => c.trainee === gone && c.reason === "left" && c.to === null)).toBe(true);
    expect(result.ok && result.plan.changes.map((c) => c.role)).toEqual(["host", "supervisor", "mentor"]);
  });

  it("a trainee joins late: planned in full, with reason joined", () => {
    const joiner = { id: "t9", name: "Nina Dahl", specialization: romerike.trainees[0]?.specialization ?? "water", awayPreferences: ["roaf"] };
    const result = replanCohort({ ...romerike, trainees: [...romerike.trainees, joiner] }, romerikePlan, { asOf });
    expect(result.ok).toBe(true);
    if (!result.ok || result.plan.status !== "optimal") return;
    expect(result.plan.changes.filter((c) => c.trainee !== "t9")).toEqual([]);
    expect(result.plan.changes.map((c) => [c.role, c.reason])).toEqual([
      ["host", "joined"],
      ["away", "joined"],
      ["supervisor", "joined"],
      ["mentor", "joined"],
    ]);
  });

  it("reads a rotamatch.replan/v1 document, and a re-planned plan as the next plan", () => {
    const first = replanRequest({ format: REPLAN_FORMAT, asOf, cohort: romerike, plan: romerikePlan });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = replanCohort(romerike, first.plan, { asOf: "2014-09-01" });
    expect(again.ok && again.plan.changes).toEqual([]);
  });

  it("a member that has left keeps the placements that started there, with a warning", () => {
    const hosts = new Set(romerikePlan.assignments.map((a) => a.host));
    const i = romerikePlan.assignments.findIndex((a) => !hosts.has(a.placements.find((p) => p.period === "part-2")?.member ?? null));
    const away = romerikePlan.assignments[i]?.placements.find((p) => p.period === "part-2")?.member as string;
    const now = {
      ...romerike,
      members: romerike.members.filter((m) => m.id !== away),
      people: (romerike.people ?? []).filter((p) => p.member !== away),
      trainees: romerike.trainees.map((t) => ({ ...t, awayPreferences: (t.awayPreferences ?? []).filter((m) => m !== away), hostPreferences: (t.hostPreferences ?? []).filter((m) => m !== away) })),
    };
    const result = replanCohort(now, romerikePlan, { asOf });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((w) => w.code)).toContain("started_member_left");
    expect(result.plan.status).toBe("optimal");
    expect(result.plan.assignments[i]?.placements.find((p) => p.period === "part-2")?.member).toBe(away);
  });
});

describe("the time limit", () => {
  it("answers timedout, without changes, when no plan is found in time", () => {
    const result = replanCohort(romerike, romerikePlan, { asOf: "2014-03-01", timeLimitMs: 0.001 });
    expect(result.ok && [result.plan.status, result.plan.changes]).toEqual(["timedout", []]);
  });
});

describe("bad input gets issues with paths and codes", () => {
  const cases: readonly [string, () => ReplanResult, readonly (readonly [string, string])[]][] = [
    ["asOf is not a date", () => replanCohort(romerike, romerikePlan, { asOf: "2014-02-30" }), [["invalid_as_of", "asOf"]]],
    ["asOf before the programme", () => replanCohort(romerike, romerikePlan, { asOf: "2012-01-01" }), [["as_of_outside_programme", "asOf"]]],
    ["asOf after the programme", () => replanCohort(romerike, romerikePlan, { asOf: "2016-01-01" }), [["as_of_outside_programme", "asOf"]]],
    [
      "a placement in a period the programme does not have",
      () =>
        replanCohort(
          romerike,
          { ...romerikePlan, assignments: romerikePlan.assignments.map((a, i) => (i === 3 ? { ...a, placements: a.placements.map((p, j) => (j === 1 ? { ...p, period: "part-9" } : p)) } : a)) },
          { asOf: "2014-03-01" },
        ),
      [["plan_mismatch", "plan.assignments[3].placements[1].period"]],
    ],
    ["a plan that is not a plan", () => replanCohort(romerike, { ...romerikePlan, status: "done" }, { asOf: "2014-03-01" }), [["invalid_previous_plan", "plan.status"]]],
    ["a plan without assignments", () => replanCohort(romerike, { ...romerikePlan, status: "timedout", objective: null, bound: null, assignments: [] }, { asOf: "2014-03-01" }), [["plan_mismatch", "plan.status"]]],
    ["a cohort that is not a cohort", () => replanCohort({ ...romerike, members: 3 }, romerikePlan, { asOf: "2014-03-01" }), [["invalid_type", "cohort.members"]]],
    [
      "a pin against a started placement",
      () => {
        const a = romerikePlan.assignments[0];
        const started = a?.placements.find((p) => p.period === "part-2")?.member;
        const other = romerike.members.find((m) => m.id !== started && m.id !== a?.host)?.id as string;
        return replanCohort({ ...romerike, pins: [{ trainee: a?.trainee as string, period: "part-2", member: other }] }, romerikePlan, { asOf: "2014-03-01" });
      },
      [["started_conflict", "cohort.pins[0]"]],
    ],
    ["a request with another format", () => replanRequest({ format: "rotamatch.cohort/v1", asOf: "2014-03-01", cohort: romerike, plan: romerikePlan }), [["invalid_value", "format"]]],
    ["a request without a date", () => replanRequest({ format: REPLAN_FORMAT, asOf: "1 March", cohort: romerike, plan: romerikePlan }), [["invalid_as_of", "asOf"]]],
  ];

  it.each(cases)("%s", (_name, run, expected) => {
    const result = run();
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual(expected);
    for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(10);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.oneof(fc.string(), fc.constant("2014-03-01")), (cohort, plan, asOf) => {
        expect(replanCohort(cohort, plan, { asOf }).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
