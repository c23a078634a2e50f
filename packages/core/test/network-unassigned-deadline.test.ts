/**
 * Issue 11 follow-up: the network backend with allowUnassigned, hosts given and mentors outside
 * the host and the away members (not decomposable), on a generated cohort with too few away
 * places, keeps its deadline. Its fill bound once built one flow source per trainee and mentor
 * class (8.6 million arcs at 5,000 trainees) without looking at the clock; at 1,500 trainees
 * that alone ran past a 1 s limit. The margin is generous for a loaded 2-core machine: what is
 * checked is an answer in seconds, not in tens of seconds, with a plan that verifies.
 */
import { describe, expect, it } from "vitest";
import { cohortSchema, type CohortInput } from "../src/domain/schema.js";
import { parseCohort } from "../src/domain/validate.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { Neighbours } from "../src/solvers/network/neighbours.js";
import { compileProblem } from "../src/solvers/network/problem.js";
import { fillBound, fillPlan, filledRoles } from "../src/solvers/network/unassigned.js";
import { solveCohort } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";

/** Hosts given, two away periods, mentors outside host and away, 30 % of the away places cut. */
function hostsGivenCutShort(trainees: number): CohortInput {
  const input = generateCohort({ trainees, members: trainees / 5, hosts: "given", seed: 7, tightness: 1, awayPeriods: 2, mentorOutside: "host-and-away" });
  return {
    ...input,
    members: input.members.map((m) => ({ ...m, awayCapacity: Math.floor((m.awayCapacity ?? 0) * 0.7) })),
    rules: { ...input.rules, allowUnassigned: true },
  };
}

describe("allowUnassigned on the network backend at scale keeps its deadline", () => {
  it("1,500 trainees, hosts given, 1 s: a verified plan within 10 s", () => {
    const input = hostsGivenCutShort(1_500);
    const started = performance.now();
    const result = solveCohort(input, { timeLimitMs: 1_000, backend: "network" });
    const wall = performance.now() - started;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { plan } = result;
    expect(["feasible", "optimal"]).toContain(plan.status);
    expect(plan.unassigned.length).toBeGreaterThan(0); // the cut leaves roles empty: the case in question
    expect(verifyPlan(cohortSchema.parse(input), plan).violations).toEqual([]);
    expect(wall).toBeLessThan(10_000);
  }, 60_000);

  it("2,000 trainees, hosts given: the fill bound, without a deadline, in seconds and above the first plan's fill", () => {
    // One source per trainee made 660,000 mentor arcs and 430,000 away arcs here, 4.5 s to
    // solve on a quiet machine; merged, 71 ms. The limit leaves room for a loaded one.
    const parsed = parseCohort(hostsGivenCutShort(2_000));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
    const problem = compileProblem(parsed.index);
    const neighbours = new Neighbours(problem);
    const first = fillPlan(problem, neighbours, Number.POSITIVE_INFINITY);
    if (first.status !== "plan") throw new Error(first.status);
    const started = performance.now();
    const bound = fillBound(problem, neighbours, Number.POSITIVE_INFINITY);
    const ms = performance.now() - started;
    expect(bound).not.toBeNull();
    expect(bound?.roles).toBeGreaterThanOrEqual(filledRoles(problem, first.plan));
    expect(ms).toBeLessThan(3_000);
  }, 60_000);
});
