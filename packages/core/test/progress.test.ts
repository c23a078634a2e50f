/**
 * Progress reports (`onProgress`): every plan reported on the way is a verified plan of the
 * cohort, no report claims more than the final answer, and the last plan reported is the one
 * returned.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort, type Backend, type SolveProgress } from "../src/plan.js";
import { parseCohort } from "../src/domain/validate.js";
import { verifyPlan } from "../src/result/verify.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";

const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 120);

function solveWithReports(cohort: unknown, backend: Backend = "auto", timeLimitMs = 20_000) {
  const reports: SolveProgress[] = [];
  const result = solveCohort(cohort, { timeLimitMs, backend, onProgress: (p) => reports.push(p) });
  return { result, reports };
}

describe("onProgress", () => {
  it.each(["jslp", "network"] as const)("%s: reports verified plans, bounds below the optimum, and the returned plan last", (backend) => {
    fc.assert(
      fc.property(smallCohortArbitrary(), (cohort) => {
        const { result, reports } = solveWithReports(cohort, backend);
        if (!result.ok) return;
        const final = result.plan;
        const parsed = parseCohort(cohort);
        if (!parsed.ok) throw new Error("a solved cohort parses");
        const withPlan = reports.filter((r) => r.plan !== undefined);
        for (const report of reports) {
          expect(report.elapsedMs).toBeGreaterThanOrEqual(0);
          if (final.status === "optimal" && report.bound !== null) {
            expect(report.bound).toBeLessThanOrEqual((final.objective as number) + 1e-6);
          }
        }
        for (const { plan } of withPlan) {
          if (plan === undefined) continue;
          expect(plan.status).toBe("feasible");
          expect(verifyPlan(parsed.index.cohort, plan).ok).toBe(true);
        }
        if (final.status === "optimal" || final.status === "feasible") {
          // The returned plan was found by the search, so it was reported.
          const last = withPlan.at(-1)?.plan;
          expect(last?.assignments).toEqual(final.assignments);
          expect(last?.objective).toBe(final.objective);
        } else {
          expect(withPlan).toEqual([]);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it("reports improving plans while searching a fractional relaxation", () => {
    // Two away periods with hosts chosen: the search has work to do.
    const cohort = generateCohort({ trainees: 20, members: 10, hosts: "chosen", awayPeriods: 2, seed: 2 });
    const { result, reports } = solveWithReports(cohort);
    expect(result.ok).toBe(true);
    const objectives = reports.flatMap((r) => (r.plan === undefined ? [] : [r.plan.objective as number]));
    expect(objectives.length).toBeGreaterThan(0);
    for (let i = 1; i < objectives.length; i++) expect(objectives[i]).toBeLessThan(objectives[i - 1] as number);
    const elapsed = reports.map((r) => r.elapsedMs);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
  });

  it("ends the solve with what the callback throws", () => {
    const cohort = generateCohort({ trainees: 5, members: 4, seed: 1 });
    const stop = new Error("stop");
    expect(() =>
      solveCohort(cohort, {
        onProgress: () => {
          throw stop;
        },
      }),
    ).toThrow(stop);
  });

  it("rejects an onProgress that is not a function", () => {
    const cohort = generateCohort({ trainees: 5, members: 4, seed: 1 });
    expect(() => solveCohort(cohort, { onProgress: 42 as never })).toThrow(TypeError);
  });
});
