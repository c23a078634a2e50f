/**
 * The diagnosis of an infeasible cohort stays within the caller's deadline: the precheck and
 * the relaxed solve both stop, and the answer is what the diagnosis has by then (the precheck
 * items so far, and `capacity_fix_timedout` when the relaxed solve found nothing in time).
 */
import { describe, expect, it } from "vitest";
import { diagnoseInfeasible } from "../src/diagnose/diagnose.js";
import type { CohortIndex } from "../src/domain/cohort-index.js";
import type { CohortInput } from "../src/domain/schema.js";
import { parseCohort } from "../src/domain/validate.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { jslpSolver } from "../src/solvers/jslp/jslp-solver.js";

/**
 * 30 trainees and 12 members with one visiting place fewer at every member: no plan, and a
 * relaxed model of about 3,000 variables and 1,000 rows whose solve takes well over a minute.
 */
function bigInfeasibleCohort(): CohortIndex {
  const cohort: CohortInput = generateCohort({ trainees: 30, members: 12, seed: 7, hosts: "chosen", awayPeriods: 2 });
  for (const member of cohort.members) member.awayCapacity = Math.max(0, member.awayCapacity - 1);
  const parsed = parseCohort(cohort);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.index;
}

describe("diagnoseInfeasible within a deadline", () => {
  it("answers within the deadline when the relaxed solve is big, with what it has", () => {
    const index = bigInfeasibleCohort();
    const budgetMs = 1_000;
    const started = performance.now();
    const items = diagnoseInfeasible(index, { relax: true, solver: jslpSolver, deadline: started + budgetMs });
    const elapsed = performance.now() - started;
    // Generous: the point is "about the deadline", not "the full relaxed solve" (over a minute).
    expect(elapsed).toBeLessThan(2 * budgetMs);
    const codes = items.map((i) => i.code);
    expect(codes.at(-1)).toBe("capacity_fix_timedout");
    expect(codes).not.toContain("no_plan");
    expect(items.at(-1)?.change).toMatchObject({ action: "relax-rule", path: "rules.allowUnassigned" });
  });

  it.each([
    { relax: true, code: "capacity_fix_timedout" },
    { relax: false, code: "no_plan" },
  ])("with the deadline already passed (relax: $relax), answers at once with $code alone", ({ relax, code }) => {
    const index = bigInfeasibleCohort();
    const started = performance.now();
    const items = diagnoseInfeasible(index, { relax, solver: jslpSolver, deadline: started - 1 });
    expect(performance.now() - started).toBeLessThan(500);
    expect(items.map((i) => i.code)).toEqual([code]);
  });

  it("stops at an aborted signal as at a deadline", () => {
    const index = bigInfeasibleCohort();
    const items = diagnoseInfeasible(index, {
      relax: true,
      solver: jslpSolver,
      deadline: performance.now() + 60_000,
      signal: { aborted: true },
    });
    expect(items.map((i) => i.code)).toEqual(["capacity_fix_timedout"]);
  });
});
