/**
 * Issue 16, cases 2 and 3, in small: a diagnosis must name every shortage it can prove (host
 * places count only where a supervisor who fits can take the trainee too), count a mentor only
 * for the trainees the organisation rules let it take, and offer only changes that work.
 */
import { describe, expect, it } from "vitest";
import { precheckCohort } from "../src/diagnose/precheck.js";
import { indexCohort } from "../src/domain/cohort-index.js";
import { cohortSchema, type CohortInput, type DiagnosisItem, type Plan } from "../src/domain/schema.js";
import { solveCohort } from "../src/plan.js";

function solve(input: CohortInput): Plan {
  const result = solveCohort(input, { timeLimitMs: 30_000 });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

function precheck(input: CohortInput): DiagnosisItem[] {
  return precheckCohort(indexCohort(cohortSchema.parse(input)));
}

const programme = {
  name: "Test",
  start: "2013-08-19",
  periods: [
    { id: "part-1", months: 6, at: "host" as const },
    { id: "part-2", months: 6, at: "away" as const },
  ],
};

/** The relaxed solve's changes applied to a copy (as the page applies them). */
function applyFix(input: CohortInput, items: readonly DiagnosisItem[]): CohortInput {
  const copy = structuredClone(input);
  const people = (copy.people ??= []);
  const start = items.findIndex((i) => i.code === "smallest_capacity_fix");
  expect(start).toBeGreaterThanOrEqual(0);
  for (const { change } of items.slice(start + 1)) {
    if (change === null) continue;
    const path = /^(members|people)\[(\d+)\]\.(\w+)$/.exec(change.path ?? "");
    if (change.action === "raise-capacity" && path !== null) {
      const target = (path[1] === "members" ? copy.members : people)[Number(path[2])] as unknown as Record<string, number>;
      target[path[3] as string] = (target[path[3] as string] ?? 1) + (change.by ?? 0);
    } else if (change.action === "add-person") {
      people.push({ id: `new-${people.length}`, member: change.member as string, role: change.role as "mentor" | "supervisor", capacity: change.by ?? 1, specializations: ["water", "roads"] });
    }
  }
  return copy;
}

/** Case 2: away places are short (2 for 3), and so are host places with a supervisor (2 for 3), though host places alone (4) are not. */
function caseTwo(): CohortInput {
  return {
    format: "rotamatch.cohort/v1",
    programme,
    members: [
      { id: "a", name: "Aurskog-Høland kommune", specializations: ["water"], hostCapacity: 2, awayCapacity: 1 },
      { id: "b", name: "Fet kommune", specializations: ["water"], hostCapacity: 2, awayCapacity: 1 },
      { id: "c", name: "ROAF", specializations: ["water"], hostCapacity: 0, awayCapacity: 0 },
    ],
    people: [
      { id: "sup-b", member: "b", role: "supervisor", capacity: 2, specializations: ["water"] },
      { id: "sup-c", member: "c", role: "supervisor", capacity: 3, specializations: ["water"] },
      { id: "mentor-c", member: "c", role: "mentor", capacity: 3, specializations: ["water"] },
    ],
    trainees: [
      { id: "t1", specialization: "water" },
      { id: "t2", specialization: "water" },
      { id: "t3", specialization: "water" },
    ],
  };
}

/**
 * Case 3: under "host-and-away", trainees t1 and t2 can only go away to Skedsmo, where mentor
 * m-skedsmo works; the only other mentor, at Nittedal, has one place.
 */
function caseThree(withNittedalMentor: boolean): CohortInput {
  return {
    format: "rotamatch.cohort/v1",
    programme,
    members: [
      { id: "lorenskog", name: "Lørenskog kommune", specializations: ["water"], hostCapacity: 3, awayCapacity: 0 },
      { id: "skedsmo", name: "Skedsmo kommune", specializations: ["water"], hostCapacity: 0, awayCapacity: 3 },
      { id: "nittedal", name: "Nittedal kommune", specializations: ["roads"], hostCapacity: 0, awayCapacity: 0 },
    ],
    people: [
      { id: "sup-1", member: "lorenskog", role: "supervisor", capacity: 3, specializations: ["water"] },
      { id: "m-skedsmo", member: "skedsmo", role: "mentor", capacity: 3, specializations: ["water"] },
      ...(withNittedalMentor ? [{ id: "m-nittedal", member: "nittedal", role: "mentor" as const, capacity: 1, specializations: ["water"] }] : []),
    ],
    trainees: [
      { id: "t1", specialization: "water", host: "lorenskog" },
      { id: "t2", specialization: "water", host: "lorenskog" },
    ],
    rules: { mentorOutside: "host-and-away" },
  };
}

describe("issue 16, case 2: every shortage is named", () => {
  it("names the away places and the host places that have a supervisor", () => {
    const items = precheck(caseTwo());
    expect(items.map((i) => i.code)).toEqual(["host_places_short", "away_places_short"]);
    const host = items[0] as DiagnosisItem;
    expect(host.message).toBe(
      "3 trainees in water (t1, t2 and t3) still need a host, but the members that list water (Aurskog-Høland kommune, " +
        "Fet kommune and ROAF) can host only 2 of them with a supervisor who lists water once given and pinned hosts are " +
        "counted: Aurskog-Høland kommune has 2 host places left but supervisors for 0 more trainees. Suggested change: add " +
        "host places with a supervisor who lists water for 1 more trainee in all: supervisors where they are the limit " +
        "(Aurskog-Høland kommune), hostCapacity where it is.",
    );
    expect(host.change).toMatchObject({ action: "add-person", role: "supervisor", member: "a", specialization: "water", by: 1 });
  });

  it("suggests changes that together make a plan possible", () => {
    const plan = solve(caseTwo());
    expect(plan.status).toBe("infeasible");
    expect(solve(applyFix(caseTwo(), plan.diagnosis)).status).toBe("optimal");
  });
});

describe("issue 16, case 3: a mentor counts only where the rules let it take the trainee", () => {
  it("never suggests raising the capacity of mentors the rule keeps out", () => {
    const plan = solve(caseThree(false));
    expect(plan.status).toBe("infeasible");
    const codes = plan.diagnosis.map((i) => i.code);
    expect(codes).toContain("no_mentor_candidate");
    expect(codes).not.toContain("raise_mentor_capacity");
    expect(codes).toContain("add_mentor");
    for (const item of plan.diagnosis) expect(item.message).not.toContain("raise the capacity of existing");
    const noMentor = plan.diagnosis.find((i) => i.code === "no_mentor_candidate");
    expect(noMentor?.message).toContain('(rules.mentorOutside is "host-and-away")');
    expect(solve(applyFix(caseThree(false), plan.diagnosis)).status).toBe("optimal");
  });

  it("counts the mentors who may take the trainees, and names the rule that keeps the others out", () => {
    const items = precheck(caseThree(true));
    const short = items.find((i) => i.code === "mentors_short");
    expect(short?.people).toEqual(["m-nittedal"]);
    expect(short?.message).toBe(
      "2 trainees hosted within Lørenskog kommune (t1 and t2) need a mentor from outside that organisation, but the only " +
        "mentor outside it who may take them, m-nittedal, can take only 1 trainee. m-skedsmo may not take them: under " +
        'rules.mentorOutside "host-and-away" (the mentor rule) a mentor must also come from outside the organisation of ' +
        "every member the trainee visits. Suggested change: add mentors outside Lørenskog kommune for 1 more trainee, or " +
        "raise the capacity of existing ones who may take them.",
    );
    const plan = solve(caseThree(true));
    expect(plan.status).toBe("infeasible");
    expect(solve(applyFix(caseThree(true), plan.diagnosis)).status).toBe("optimal");
  });
});
