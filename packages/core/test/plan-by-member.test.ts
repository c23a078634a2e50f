/**
 * planByMember, planByPerson and assignmentCost: the reading of a plan by member and by person
 * that the command line, the page and the sheets share. Checked against a plain reference
 * (each question asked of the assignments directly, as the three views used to) on solved
 * cohorts and on hand-made plans with empty roles and unknown people.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { COST_TERMS, type Assignment, type CohortInput, type CostBreakdown } from "../src/domain/schema.js";
import { cohortSchema } from "../src/domain/schema.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";
import { assignmentCost, planByMember, planByPerson, type CohortShape, type PlanShape } from "../src/result/plan-by-member.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

function solved(cohort: CohortInput): PlanShape {
  const result = solveCohort(cohort, { timeLimitMs: 20_000 });
  if (!result.ok) throw new Error("fixture: invalid cohort");
  return result.plan;
}

/** The plain reference: every list asked of the assignments directly. */
function reference(cohort: CohortShape, plan: PlanShape) {
  const employer = new Map((cohort.people ?? []).map((p) => [p.id, p.member]));
  const carried = (role: "supervisor" | "mentor", member: string) => {
    const taken = new Map<string, string[]>();
    for (const a of plan.assignments) {
      const person = a[role];
      if (person === null || employer.get(person) !== member) continue;
      taken.set(person, [...(taken.get(person) ?? []), a.trainee]);
    }
    return [...taken].map(([person, trainees]) => ({ person, trainees }));
  };
  return cohort.members.map((m) => ({
    hosted: plan.assignments.filter((a) => a.host === m.id).map((a) => a.trainee),
    periods: cohort.programme.periods.map((p) => ({
      period: p.id,
      trainees: plan.assignments
        .filter((a) => a.placements.some((pl) => pl.period === p.id && pl.member === m.id))
        .map((a) => a.trainee),
      capacity: p.at === "host" ? m.hostCapacity : m.awayCapacity,
    })),
    supervisors: carried("supervisor", m.id),
    mentors: carried("mentor", m.id),
  }));
}

const withoutLoads = (loads: readonly { person: string; trainees: readonly string[] }[]) =>
  loads.map(({ person, trainees }) => ({ person, trainees }));

const cohorts: [string, CohortInput][] = [
  ["Romerike 2013", romerike],
  ...[1, 2, 3].map((seed): [string, CohortInput] => [`generated, seed ${seed}`, generateCohort({ trainees: 12, members: 8, seed })]),
  ["generated, hosts chosen, two away periods", generateCohort({ trainees: 10, members: 8, hosts: "chosen", awayPeriods: 2, seed: 4 })],
];

describe("planByMember", () => {
  it.each(cohorts)("reads the plan of %s as the assignments say", (_, input) => {
    const plan = solved(input);
    // A raw cohort file and the parsed cohort give the same reading.
    for (const cohort of [input as CohortShape, cohortSchema.parse(input)]) {
      const got = planByMember(cohort, plan);
      expect(got.map((m) => m.member)).toEqual(cohort.members.map((m) => m.id));
      expect(
        got.map((m) => ({
          hosted: m.hosted,
          periods: m.periods.map(({ period, trainees, capacity }) => ({ period, trainees, capacity })),
          supervisors: withoutLoads(m.supervisors),
          mentors: withoutLoads(m.mentors),
        })),
      ).toEqual(reference(cohort, plan));
    }
  });

  it("leaves out empty roles and people the cohort does not list", () => {
    const cohort: CohortShape = {
      programme: { periods: [{ id: "p1", at: "host" }, { id: "p2", at: "away" }] },
      members: [
        { id: "a", hostCapacity: 2, awayCapacity: 1 },
        { id: "b", hostCapacity: 1, awayCapacity: 3 },
      ],
      people: [
        { id: "b-sup", member: "b", role: "supervisor" },
        { id: "a-sup", member: "a", role: "supervisor", capacity: 2 },
        { id: "a-men", member: "a", role: "mentor" },
      ],
    };
    const assignment = (trainee: string, host: string | null, supervisor: string | null, mentor: string | null, away?: string): Assignment => ({
      trainee,
      host,
      supervisor,
      mentor,
      placements: [
        ...(host === null ? [] : [{ period: "p1", member: host, from: "2020-01-01", to: "2020-06-30" }]),
        ...(away === undefined ? [] : [{ period: "p2", member: away, from: "2020-07-01", to: "2020-12-31" }]),
      ],
      cost: {},
    });
    const plan: PlanShape = {
      assignments: [
        assignment("t1", "a", "a-sup", "ghost", "b"),
        assignment("t2", null, null, "a-men"),
        assignment("t3", "a", "b-sup", "a-men", "b"),
        assignment("t4", "b", "a-sup", null),
      ],
    };
    const [a, b] = planByMember(cohort, plan);
    expect(a).toEqual({
      member: "a",
      hosted: ["t1", "t3"],
      hostCapacity: 2,
      awayCapacity: 1,
      periods: [
        { period: "p1", at: "host", trainees: ["t1", "t3"], capacity: 2 },
        { period: "p2", at: "away", trainees: [], capacity: 1 },
      ],
      supervisors: [{ person: "a-sup", member: "a", trainees: ["t1", "t4"], capacity: 2 }],
      mentors: [{ person: "a-men", member: "a", trainees: ["t2", "t3"], capacity: 1 }],
    });
    expect(b?.periods.map((p) => p.trainees)).toEqual([["t4"], ["t1", "t3"]]);
    expect(b?.supervisors).toEqual([{ person: "b-sup", member: "b", trainees: ["t3"], capacity: 1 }]);
    // Every supervisor in cohort order, used or not; the unknown mentor "ghost" nowhere.
    expect(planByPerson(cohort, plan, "supervisor").map((l) => [l.person, l.trainees])).toEqual([
      ["b-sup", ["t3"]],
      ["a-sup", ["t1", "t4"]],
    ]);
    expect(planByPerson(cohort, plan, "mentor").map((l) => l.person)).toEqual(["a-men"]);
    expect(planByPerson({ ...cohort, people: undefined }, plan, "mentor")).toEqual([]);
  });
});

describe("assignmentCost", () => {
  const breakdown: fc.Arbitrary<CostBreakdown> = fc.record(
    Object.fromEntries(COST_TERMS.map((t) => [t, fc.double({ min: 0, max: 1e6, noNaN: true })])) as Record<(typeof COST_TERMS)[number], fc.Arbitrary<number>>,
    { requiredKeys: [] },
  );

  it("sums the terms in the order of COST_TERMS, to the last digit", () => {
    fc.assert(
      fc.property(breakdown, (cost) => {
        let total = 0;
        for (const term of COST_TERMS) total += cost[term] ?? 0;
        expect(assignmentCost(cost)).toBe(total);
      }),
    );
    expect(assignmentCost({})).toBe(0);
  });
});
