/**
 * Issue 16 at national scale: on a generated 1,000-trainee cohort with away places and mentors
 * cut short, solved by the network backend in a short time, every reason for an empty role names
 * its cause (never "names no cause"), and every place a reason calls full is full in the plan.
 * The check recounts the plan's places here, apart from result/: the trainees at each member in
 * each away period, and the trainees of each supervisor and mentor.
 */
import { describe, expect, it } from "vitest";
import type { Cohort, CohortInput, Plan } from "../src/domain/schema.js";
import { cohortSchema } from "../src/domain/schema.js";
import { generateCohort } from "../src/generate/generate-cohort.js";
import { solveCohort } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify.js";

/** A generated cohort with 30 % of every member's away places and a quarter of every mentor's capacity cut. */
function cutShort(seed: number): CohortInput {
  const input = generateCohort({ trainees: 1_000, members: 200, awayPeriods: 2, mentorOutside: "host-and-away", tightness: 1, seed });
  return {
    ...input,
    members: input.members.map((m) => ({ ...m, awayCapacity: Math.floor((m.awayCapacity ?? 0) * 0.7) })),
    people: (input.people ?? []).map((p) => (p.role === "mentor" ? { ...p, capacity: Math.floor((p.capacity ?? 1) * 0.75) } : p)),
    rules: { ...input.rules, allowUnassigned: true },
  };
}

/** Places taken in the plan: `period|member` and person id, each with its count of trainees. */
function recount(plan: Plan): Map<string, number> {
  const used = new Map<string, number>();
  const add = (key: string) => used.set(key, (used.get(key) ?? 0) + 1);
  for (const a of plan.assignments) {
    for (const p of a.placements) if (p.member !== null && p.member !== a.host) add(`${p.period}|${p.member}`);
    if (a.supervisor !== null) add(a.supervisor);
    if (a.mentor !== null) add(a.mentor);
  }
  return used;
}

/** "A, B, C and 12 more" or "A and B": the names listed and how many values in all. */
function parseList(text: string): { names: string[]; count: number } {
  const more = /^(.*) and (\d+) more$/.exec(text);
  if (more !== null) {
    const names = (more[1] as string).split(", ");
    return { names, count: names.length + Number(more[2]) };
  }
  const names = text.split(/, | and /);
  return { names, count: names.length };
}

/** Every claim "X are full in P" / "X are at capacity" a reason makes. */
function fullClaims(reason: string): { names: string[]; count: number; period: string | null }[] {
  const out: { names: string[]; count: number; period: string | null }[] = [];
  // "every … is full (A and B)" / "every … is at capacity (A and B)": all candidates full.
  const all = /(?:is|are) (full|at capacity) \(([^)]*)\)/.exec(reason);
  if (all !== null) out.push({ ...parseList(all[2] as string), period: null });
  const colon = reason.indexOf(": ");
  if (colon >= 0) {
    for (const part of reason.slice(colon + 2).split("; ")) {
      const m = /^(.+?) (?:is|are) (?:full in (\S+?)(?:,|$| \()|at capacity(?:,|$| \())/.exec(part);
      if (m !== null) out.push({ ...parseList(m[1] as string), period: m[2] ?? null });
    }
  }
  return out;
}

describe("unassigned reasons on a national cohort cut short", () => {
  it("name a cause for every empty role, and every place called full is full in the plan", () => {
    const input = cutShort(16);
    const cohort: Cohort = cohortSchema.parse(input);
    const result = solveCohort(input, { backend: "network", timeLimitMs: 150 });
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
    const { plan } = result;
    expect(plan.status).toBe("feasible");
    expect(verifyPlan(cohort, plan).violations).toEqual([]);
    expect(plan.unassigned.length).toBeGreaterThan(100);

    const used = recount(plan);
    const memberByName = new Map(cohort.members.map((m) => [m.name ?? m.id, m]));
    // Generated people's names can repeat: a name stands for any person who has it.
    const peopleByName = new Map<string, Cohort["people"][number][]>();
    for (const p of cohort.people) peopleByName.set(p.name ?? p.id, [...(peopleByName.get(p.name ?? p.id) ?? []), p]);
    const byTrainee = new Map(plan.assignments.map((a) => [a.trainee, a]));
    const organisationOf = (member: string) => cohort.members.find((m) => m.id === member)?.organisation ?? member;
    let claims = 0;
    let named = 0;
    for (const u of plan.unassigned) {
      expect(u.reason).not.toContain("names no cause");
      expect(u.reason).not.toContain("room that this plan leaves unused");
      for (const claim of fullClaims(u.reason)) {
        claims += 1;
        for (const name of claim.names) {
          named += 1;
          if (claim.period !== null) {
            const member = memberByName.get(name);
            expect(member, name).toBeDefined();
            expect(used.get(`${claim.period}|${member?.id}`) ?? 0, `${name} in ${claim.period}`).toBeGreaterThanOrEqual(member?.awayCapacity ?? 0);
          } else {
            const people = peopleByName.get(name) ?? [];
            expect(people.length, name).toBeGreaterThan(0);
            expect(people.some((p) => (used.get(p.id) ?? 0) >= p.capacity), `${name} at capacity`).toBe(true);
          }
        }
      }
      // An away reason's count of full members is every member the rules allow there that is full.
      if (u.role === "away" && u.period !== undefined) {
        const a = byTrainee.get(u.trainee);
        const host = a?.host ?? null;
        expect(host).not.toBeNull();
        const trainee = cohort.trainees.find((t) => t.id === u.trainee);
        const others = new Set(a?.placements.filter((p) => p.period !== u.period && p.member !== host).map((p) => p.member));
        const mentorOrg = a?.mentor ? organisationOf(cohort.people.find((p) => p.id === a.mentor)?.member ?? "") : null;
        const allowed = cohort.members.filter(
          (m) =>
            m.awayCapacity > 0 &&
            m.specializations.includes(trainee?.specialization ?? "") &&
            m.organisation !== organisationOf(host ?? "") &&
            !others.has(m.id) &&
            m.organisation !== mentorOrg,
        );
        const full = allowed.filter((m) => (used.get(`${u.period}|${m.id}`) ?? 0) >= m.awayCapacity);
        // No member the rules allow has room: else the role would have been filled.
        expect(full.length).toBe(allowed.length);
        const claim = fullClaims(u.reason).find((c) => c.period === u.period);
        expect(claim?.count ?? 0, u.reason).toBe(full.length);
      }
    }
    expect(claims).toBeGreaterThan(0);
    console.info(`national reasons: ${JSON.stringify({ status: plan.status, unassigned: plan.unassigned.length, fullClaims: claims, namesChecked: named })}`);
  });
});
