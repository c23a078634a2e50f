/**
 * The repair's mentor shortcut (repair.ts, listingMentors): when it answers, its mentors cost
 * exactly what the exact mentor flow's do, every capacity holds and the plan verifies; when a
 * trainee cannot get a class listing its specialization, the flow takes over.
 */
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { cohortSchema, type CohortInput } from "../src/domain/schema.js";
import { generateCohortWithWitness } from "../src/generate/generate-cohort.js";
import { verifyPlan } from "../src/result/verify.js";
import { costOfChoice, totalCost } from "../src/domain/cost.js";
import { assignMentors } from "../src/solvers/network/mentor-flow.js";
import { Neighbours } from "../src/solvers/network/neighbours.js";
import { keepsCapacities, planCost, toChoices, type PlanArrays } from "../src/solvers/network/plan-arrays.js";
import { compileProblem, type NetworkProblem } from "../src/solvers/network/problem.js";
import { completePlan } from "../src/solvers/network/repair.js";
import { assignSupervisors } from "../src/solvers/network/supervisor-flow.js";
import { planFromChoices } from "./support/brute-force.js";

/** The generator's witness hosts, supervisors from the supervisor flow, then completePlan. */
function repaired(input: CohortInput): { problem: NetworkProblem; plan: PlanArrays; input: CohortInput } {
  const cohort = cohortSchema.parse(input);
  const problem = compileProblem(indexCohort(cohort));
  const T = problem.trainees.length;
  const host = Int32Array.from(cohort.trainees, (t) => problem.memberIds.indexOf(t.host ?? ""));
  return { problem, plan: completeFrom(problem, host, T), input };
}

function completeFrom(problem: NetworkProblem, host: Int32Array, T: number): PlanArrays {
  const supervisor = new Int32Array(T);
  expect(assignSupervisors(problem, host, supervisor, Number.POSITIVE_INFINITY)).toBe("complete");
  const prices = { away: new Float64Array(problem.periods * problem.memberCount), mentor: new Float64Array(problem.mentors.count).fill(1) };
  const hosts = { host, supervisor, hostPrice: new Float64Array(problem.memberCount), supervisorPrice: new Float64Array(problem.supervisors.count) };
  const plan = completePlan(problem, new Neighbours(problem), hosts, Number.POSITIVE_INFINITY, prices);
  expect(plan).not.toBeNull();
  return plan as PlanArrays;
}

/** The mentor part of a plan's cost: the plan's cost minus the same plan with mentors left out. */
function mentorCost(problem: NetworkProblem, plan: PlanArrays): number {
  return planCost(problem, plan) - planCost(problem, { ...plan, mentor: new Int32Array(plan.mentor.length).fill(-1) });
}

describe("repair: mentors without the flow", () => {
  it.each([
    { trainees: 60, members: 20, mentorsPerMember: 2, awayPeriods: 1, seed: 1 },
    { trainees: 80, members: 25, mentorsPerMember: 3, awayPeriods: 2, seed: 2 },
    { trainees: 40, members: 12, mentorsPerMember: 1, awayPeriods: 2, seed: 3, tightness: 0.95 },
  ])("costs what the exact mentor flow costs, and verifies: %o", (options) => {
    // Hosts given by the witness, then read as chosen: the generator's hosts are a valid choice.
    const { cohort, witness } = generateCohortWithWitness({ ...options, hosts: "chosen", mentorOutside: "host-and-away" });
    const withHosts = { ...cohort, trainees: cohort.trainees.map((t, i) => ({ ...t, host: witness[i]!.host })) } as CohortInput;
    const { problem, plan } = repaired(withHosts);
    expect(keepsCapacities(problem, plan)).toBe(true);
    const flow = new Int32Array(plan.mentor.length);
    expect(assignMentors(problem, plan.host, plan.away, flow, Number.POSITIVE_INFINITY)).toBe("complete");
    expect(mentorCost(problem, plan)).toBeCloseTo(mentorCost(problem, { ...plan, mentor: flow }), 9);

    const parsed = cohortSchema.parse(withHosts);
    const index = indexCohort(parsed);
    const choices = toChoices(problem, plan);
    const objective = parsed.trainees.reduce((sum, t, i) => sum + totalCost(costOfChoice(index, t, choices[i]!)), 0);
    const byId = new Map(parsed.trainees.map((t, i) => [t.id, choices[i]!]));
    const verdict = verifyPlan(parsed, planFromChoices(parsed, byId, { status: "feasible", bound: null }));
    expect(verdict.violations).toEqual([]);
    expect(verdict.objective).toBeCloseTo(objective, 6);
  });

  it("leaves a trainee with no listing class to the flow, which gives it another", () => {
    const { cohort, witness } = generateCohortWithWitness({ trainees: 30, members: 10, mentorsPerMember: 2, awayPeriods: 1, seed: 4, hosts: "chosen", mentorOutside: "host-and-away" });
    // One trainee's specialization listed by no mentor: only a mentor at the miss cost is left for it.
    const trainees = cohort.trainees.map((t, i) => ({ ...t, host: witness[i]!.host, ...(i === 0 ? { specialization: "unlisted-specialty" } : {}) }));
    const members = cohort.members.map((m) => (m.id === witness[0]!.host ? { ...m, specializations: [...(m.specializations ?? []), "unlisted-specialty"] } : m));
    const input = { ...cohort, trainees, members, rules: { ...cohort.rules, specializationFit: "preferred" } } as CohortInput;
    const { problem, plan } = repaired(input);
    expect(keepsCapacities(problem, plan)).toBe(true);
    expect(plan.mentor[0]).toBeGreaterThanOrEqual(0);
    const flow = new Int32Array(plan.mentor.length);
    expect(assignMentors(problem, plan.host, plan.away, flow, Number.POSITIVE_INFINITY)).toBe("complete");
    expect(mentorCost(problem, plan)).toBeCloseTo(mentorCost(problem, { ...plan, mentor: flow }), 9);
    expect(mentorCost(problem, plan)).toBeGreaterThan(0);
  });
});
