/**
 * verifyReplan, the verifier's check that nothing started before `asOf` moved: it finds every
 * moved started placement and host, with its path and code, and never throws.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CohortInput, SolvedPlan } from "../src/domain/schema.js";
import { solveCohort } from "../src/plan.js";
import { verifyReplan } from "../src/result/verify/replan.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
const plan = (solved.ok ? solved.plan : null) as SolvedPlan;

/** The plan with one assignment changed. */
function edit(i: number, change: (a: SolvedPlan["assignments"][number]) => SolvedPlan["assignments"][number]): SolvedPlan {
  return { ...plan, assignments: plan.assignments.map((a, j) => (j === i ? change(a) : a)) };
}

const otherMember = (not: readonly (string | null)[]): string => romerike.members.find((m) => !not.includes(m.id))?.id as string;

describe("verifyReplan", () => {
  const moved = edit(2, (a) => ({ ...a, placements: a.placements.map((p) => (p.period === "part-2" ? { ...p, member: otherMember([p.member, a.host]) } : p)) }));
  const rehosted = edit(1, (a) => ({ ...a, host: otherMember([a.host]) }));

  it.each([
    ["nothing moved", plan, "2014-03-01", []],
    ["a started away placement moved", moved, "2014-03-01", [["started_changed", "assignments[2].placements[1].member"]]],
    ["an away placement moved before it started", moved, "2014-02-19", []],
    ["a host changed after the programme started", rehosted, "2013-08-20", [["started_changed", "assignments[1].host"]]],
    ["a host changed on the first day", rehosted, "2013-08-19", []],
  ] as const)("%s", (_name, after, asOf, expected) => {
    const verdict = verifyReplan(romerike, plan, after, asOf);
    expect(verdict.violations.map((v) => [v.code, v.path])).toEqual(expected);
    expect(verdict.ok).toBe(expected.length === 0);
  });

  it("accepts a re-planned plan (with its changes) on either side", () => {
    expect(verifyReplan(romerike, { ...plan, changes: [] }, { ...plan, changes: [] }, "2014-03-01").ok).toBe(true);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.string(), (cohort, before, after, asOf) => {
        expect(verifyReplan(cohort, before, after, asOf).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
