/**
 * The sweep's perturbations: pure (the input is never changed), seeded (the same seed gives
 * the same cohort), and a perturbed cohort is a valid cohort except for the capacity problems
 * the validator reports when capacities fall below what given hosts or pins need.
 */
import fc from "fast-check";
import { cohortSchema, generateCohort, validateCohort, type Cohort } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import {
  choosePeople,
  drawFactor,
  isNoPerturbation,
  perturbCohort,
  removePeople,
  scaleCapacities,
  type Perturbation,
} from "../src/sweep/perturb.js";
import { sampleWithoutReplacement, seededRandom } from "../src/sweep/random.js";

/** Issues a perturbation may legitimately cause: lowered capacity under given hosts or pins. */
const CAPACITY_ISSUES = ["host_over_capacity", "pins_over_capacity"];

/** A generated cohort with pins and forbids that name mentors and supervisors. */
function cohortWithPins(seed: number): Cohort {
  const cohort = cohortSchema.parse(generateCohort({ trainees: 12, members: 8, seed, mentorsPerMember: 2 }));
  const [t1, t2, t3] = cohort.trainees;
  const organisation = new Map(cohort.members.map((m) => [m.id, m.organisation ?? m.id]));
  const mentor = cohort.people.find(
    (p) => p.role === "mentor" && organisation.get(p.member) !== organisation.get(t1?.host ?? ""),
  );
  const otherMentor = cohort.people.filter((p) => p.role === "mentor").at(-1);
  const supervisor = cohort.people.find(
    (p) => p.role === "supervisor" && p.member === t2?.host && p.specializations.includes(t2.specialization),
  );
  const notHost = cohort.members.find((m) => m.id !== t3?.host);
  if (!t1 || !t2 || !t3 || !mentor || !otherMentor || !supervisor || !notHost) throw new Error("fixture: unexpected cohort");
  return {
    ...cohort,
    pins: [
      { trainee: t1.id, mentor: mentor.id },
      { trainee: t2.id, supervisor: supervisor.id },
    ],
    forbid: [
      { trainee: t3.id, mentor: otherMentor.id },
      { trainee: t3.id, member: notHost.id },
    ],
  };
}

/** Freezes every object and array of a value, so that a change throws in strict mode. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const perturbationArbitrary: fc.Arbitrary<Perturbation> = fc
  .record({
    scale: fc.option(
      fc.tuple(fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })).map(([a, b]) => ({
        min: Math.min(a, b),
        max: Math.max(a, b),
      })),
      { nil: undefined },
    ),
    removeMentors: fc.integer({ min: 0, max: 20 }),
    removeSupervisors: fc.integer({ min: 0, max: 20 }),
  })
  .map(({ scale, ...rest }) => ({ capacityScale: scale, ...rest }));

describe("perturbCohort", () => {
  it("starts from valid cohorts with pins and forbids (the fixture)", () => {
    for (let seed = 1; seed <= 50; seed++) expect(validateCohort(cohortWithPins(seed))).toEqual([]);
  });

  it("never changes its input, and the same seed gives the same cohort", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), perturbationArbitrary, fc.integer(), (cohortSeed, perturbation, seed) => {
        const base = deepFreeze(cohortWithPins(cohortSeed));
        const copy = structuredClone(base);
        const first = perturbCohort(base, perturbation, seed);
        expect(base).toEqual(copy);
        expect(perturbCohort(base, perturbation, seed)).toEqual(first);
      }),
      { numRuns: 60 },
    );
  });

  it("gives a valid cohort, apart from capacities below what given hosts or pins need", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), perturbationArbitrary, fc.integer(), (cohortSeed, perturbation, seed) => {
        const { cohort } = perturbCohort(cohortWithPins(cohortSeed), perturbation, seed);
        expect(cohortSchema.safeParse(cohort).error).toBeUndefined();
        const issues = validateCohort(cohort).filter((issue) => !CAPACITY_ISSUES.includes(issue.code));
        expect(issues).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("reports what it did: the factor drawn and the people removed", () => {
    const base = cohortWithPins(3);
    const { cohort, applied } = perturbCohort(
      base,
      { capacityScale: { min: 0.5, max: 1.5 }, removeMentors: 3, removeSupervisors: 2 },
      7,
    );
    expect(applied.capacityFactor).toBeGreaterThanOrEqual(0.5);
    expect(applied.capacityFactor).toBeLessThanOrEqual(1.5);
    expect(applied.removedMentors).toHaveLength(3);
    expect(applied.removedSupervisors).toHaveLength(2);
    const roleOf = new Map(base.people.map((p) => [p.id, p.role]));
    expect(applied.removedMentors.every((id) => roleOf.get(id) === "mentor")).toBe(true);
    expect(applied.removedSupervisors.every((id) => roleOf.get(id) === "supervisor")).toBe(true);
    expect(cohort.people).toHaveLength(base.people.length - 5);
    expect(cohort.members[0]?.hostCapacity).toBe(Math.round((base.members[0]?.hostCapacity ?? 0) * (applied.capacityFactor ?? 0)));
  });

  it("different seeds give different perturbations", () => {
    const base = cohortWithPins(4);
    const perturbation = { capacityScale: { min: 0.5, max: 1.5 }, removeMentors: 2 };
    const runs = [1, 2, 3, 4, 5].map((seed) => perturbCohort(base, perturbation, seed).applied);
    expect(new Set(runs.map((a) => a.capacityFactor)).size).toBeGreaterThan(1);
    expect(new Set(runs.map((a) => a.removedMentors.join())).size).toBeGreaterThan(1);
  });

  it("without a perturbation gives the cohort back unchanged", () => {
    const base = cohortWithPins(5);
    expect(isNoPerturbation({})).toBe(true);
    expect(isNoPerturbation({ removeMentors: 0, removeSupervisors: 0 })).toBe(true);
    expect(isNoPerturbation({ removeMentors: 1 })).toBe(false);
    expect(perturbCohort(base, {}, 1)).toEqual({
      cohort: base,
      applied: { capacityFactor: null, removedMentors: [], removedSupervisors: [] },
    });
  });
});

describe("scaleCapacities", () => {
  it("scales every capacity and rounds to the nearest whole number, halves up, never below 0", () => {
    const base = cohortWithPins(6);
    const withCapacities = {
      ...base,
      members: base.members.map((m, i) => ({ ...m, hostCapacity: i, awayCapacity: 2 * i + 1 })),
      people: base.people.map((p, i) => ({ ...p, capacity: i % 4 })),
    };
    const scaled = scaleCapacities(withCapacities, 0.5);
    expect(scaled.members.map((m) => m.hostCapacity)).toEqual(withCapacities.members.map((_, i) => Math.round(i / 2)));
    expect(scaled.members[1]?.hostCapacity).toBe(1); // 0.5 rounds up
    expect(scaled.members.map((m) => m.awayCapacity)).toEqual(withCapacities.members.map((_, i) => Math.round((2 * i + 1) / 2)));
    expect(scaled.people.map((p) => p.capacity)).toEqual(withCapacities.people.map((_, i) => Math.round((i % 4) / 2)));
    expect(scaleCapacities(withCapacities, 0).members.every((m) => m.hostCapacity === 0 && m.awayCapacity === 0)).toBe(true);
    expect(scaleCapacities(withCapacities, 1)).toEqual(withCapacities);
  });

  it("stays within the format's largest count", () => {
    const base = cohortWithPins(7);
    const huge = { ...base, members: base.members.map((m) => ({ ...m, hostCapacity: 90_000 })) };
    expect(scaleCapacities(huge, 10).members.every((m) => m.hostCapacity === 100_000)).toBe(true);
  });
});

describe("removing people", () => {
  it("removes the people and every pin and forbid that names them, and nothing else", () => {
    const base = cohortWithPins(8);
    const pinnedMentor = base.pins[0]?.mentor as string;
    const pinnedSupervisor = base.pins[1]?.supervisor as string;
    const forbiddenMentor = base.forbid[0]?.mentor as string;
    const removed = removePeople(base, new Set([pinnedMentor, pinnedSupervisor, forbiddenMentor]));
    expect(removed.people.map((p) => p.id)).toEqual(
      base.people.map((p) => p.id).filter((id) => ![pinnedMentor, pinnedSupervisor, forbiddenMentor].includes(id)),
    );
    expect(removed.pins).toEqual([]);
    expect(removed.forbid).toEqual([base.forbid[1]]);
    expect(removed.members).toBe(base.members);
    expect(removed.trainees).toBe(base.trainees);
  });

  it("chooses distinct people of the role, all of them when asked for more", () => {
    const base = cohortWithPins(9);
    const mentors = base.people.filter((p) => p.role === "mentor").map((p) => p.id);
    const chosen = choosePeople(base, "mentor", 5, seededRandom(1));
    expect(new Set(chosen).size).toBe(5);
    expect(chosen.every((id) => mentors.includes(id))).toBe(true);
    expect([...choosePeople(base, "mentor", 1000, seededRandom(1))].sort()).toEqual([...mentors].sort());
    expect(choosePeople(base, "supervisor", 0, seededRandom(1))).toEqual([]);
  });
});

// The generator itself (the core's seededRandom) is tested in packages/core/test/random.test.ts.
describe("seeded random draws", () => {
  it("draws factors in [min, max], rounded to 3 decimals, spread over the range", () => {
    const random = seededRandom(3);
    const factors = Array.from({ length: 1000 }, () => drawFactor(random, 0.8, 1.2));
    expect(Math.min(...factors)).toBeGreaterThanOrEqual(0.8);
    expect(Math.max(...factors)).toBeLessThanOrEqual(1.2);
    expect(factors.every((f) => Math.round(f * 1000) / 1000 === f)).toBe(true);
    expect(factors.filter((f) => f < 1).length).toBeGreaterThan(400);
    expect(factors.filter((f) => f > 1).length).toBeGreaterThan(400);
    expect(drawFactor(random, 0.9, 0.9)).toBe(0.9);
  });

  it("samples without replacement", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 60 }), (seed, count) => {
        const sample = sampleWithoutReplacement(seededRandom(seed), items, count);
        expect(sample).toHaveLength(Math.min(count, items.length));
        expect(new Set(sample).size).toBe(sample.length);
      }),
    );
    expect(items).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
