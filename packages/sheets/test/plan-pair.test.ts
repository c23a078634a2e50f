/**
 * The plan writers write a plan only with the cohort it was made for: a plan of another
 * cohort, one out of shape, or one that breaks the cohort's rules is refused with a
 * PlanCohortMismatchError that lists the core verifier's violations.
 */
import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput, type PlanJson } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { PlanCohortMismatchError, writePlanCsv, writePlanIcs, writePlanWorkbook } from "../src/index.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan: PlanJson = solved.plan;

const WRITERS = [
  ["writePlanCsv", (cohort: CohortInput, p: PlanJson) => writePlanCsv(cohort, p)],
  ["writePlanWorkbook", (cohort: CohortInput, p: PlanJson) => writePlanWorkbook(cohort, p)],
  ["writePlanIcs", (cohort: CohortInput, p: PlanJson) => writePlanIcs(cohort, p)],
] as const;

/** The cohort with its trainees renamed: the same shape, another cohort. */
const other: CohortInput = {
  ...romerike,
  trainees: romerike.trainees.map((t) => ({ ...t, id: `${t.id}-other` })),
  pins: [],
  forbid: [],
};
const first = plan.assignments[0] as PlanJson["assignments"][number];

const BAD: readonly (readonly [string, CohortInput, unknown, string])[] = [
  ["a plan of another cohort", other, plan, "unknown_trainee"],
  ["a plan with a placement moved to an unknown member", romerike, { ...plan, assignments: [{ ...first, host: "atlantis" }, ...plan.assignments.slice(1)] }, "unknown_member"],
  ["a plan out of shape", romerike, { ...plan, status: "great" }, "invalid_plan"],
  ["an invalid cohort", { ...romerike, members: [] }, plan, "invalid_cohort"],
];

/** What a writer throws (or rejects with), or null when it writes. */
async function thrown(write: () => unknown): Promise<unknown> {
  try {
    await write();
    return null;
  } catch (error) {
    return error;
  }
}

describe.each(WRITERS)("%s", (_name, write) => {
  it("writes a plan with its own cohort", async () => {
    expect(await thrown(() => write(romerike, plan))).toBeNull();
  });

  it.each(BAD)("refuses %s", async (_case, cohort, bad, code) => {
    const error = await thrown(() => write(cohort, bad as PlanJson));
    expect(error).toBeInstanceOf(PlanCohortMismatchError);
    const mismatch = error as PlanCohortMismatchError;
    expect(mismatch.name).toBe("PlanCohortMismatchError");
    expect(mismatch.violations.length).toBeGreaterThan(0);
    expect(mismatch.violations.map((v) => v.code)).toContain(code);
    expect(mismatch.message).toMatch(/^the plan does not fit the cohort: /);
  });
});
