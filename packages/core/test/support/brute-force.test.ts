/**
 * The test support itself: the brute-force oracle on tiny cohorts whose optimum is worked out
 * by hand, its search against a plain enumeration of every combination, and the random-cohort
 * generators (valid, varied, reorderable).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TraineeChoice } from "../../src/domain/cost.js";
import { cohortSchema, type Cohort, type CohortInput } from "../../src/domain/schema.js";
import { parseCohort } from "../../src/domain/validate.js";
import { verifyPlan } from "../../src/result/verify.js";
import { SPECIALIZATIONS, smallCohortArbitrary, withShuffledLists } from "./arbitraries.js";
import { bruteForceOptimum, countFilled, enumerateTraineeChoices, isValidChoiceSet, planFromChoices } from "./brute-force.js";
import { indexCohort } from "../../src/domain/cohort-index.js";
import { costOfChoice, totalCost } from "../../src/domain/cost.js";

function parse(input: unknown): Cohort {
  const parsed = parseCohort(input);
  if (!parsed.ok) throw new Error(`test cohort is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.cohort;
}

/**
 * Three members A, B, C (one organisation each, no locations, all offer water, room for one
 * trainee each), a supervisor and a mentor at each (capacity 1, listing water), and one
 * programme of host, away, host. `change` edits a copy; `read` reads it (validation by default).
 */
function tiny(
  change: (c: CohortInput & { people: NonNullable<CohortInput["people"]> }) => void,
  read: (input: unknown) => Cohort = parse,
): Cohort {
  const cohort = {
    format: "rotamatch.cohort/v1" as const,
    programme: {
      name: "Tiny",
      start: "2013-08-19",
      periods: [
        { id: "h1", months: 6, at: "host" as const },
        { id: "a1", months: 6, at: "away" as const },
        { id: "h2", months: 6, at: "host" as const },
      ],
    },
    members: ["A", "B", "C"].map((id) => ({ id, specializations: ["water"], hostCapacity: 1, awayCapacity: 1 })),
    people: ["A", "B", "C"].flatMap((m) => [
      { id: `s${m}`, member: m, role: "supervisor" as const, capacity: 1, specializations: ["water"] },
      { id: `m${m}`, member: m, role: "mentor" as const, capacity: 1, specializations: ["water"] },
    ]),
    trainees: [] as CohortInput["trainees"],
  };
  change(cohort);
  return read(cohort);
}

function member(c: CohortInput, id: string) {
  const m = c.members.find((x) => x.id === id);
  if (m === undefined) throw new Error(`no member ${id}`);
  return m;
}

describe("bruteForceOptimum on hand-made cohorts", () => {
  it("one trainee: its first away preference, every role filled, cost 0", () => {
    const cohort = tiny((c) => {
      c.trainees = [{ id: "t1", specialization: "water", host: "A", awayPreferences: ["C", "B"] }];
    });
    const best = bruteForceOptimum(cohort);
    expect(best?.objective).toBe(0);
    expect(best?.filled).toBe(4);
    expect(best?.choices.get("t1")).toMatchObject({ host: "A", away: ["C"], supervisor: "sA" });
  });

  it("two trainees want C, which takes one visitor: one gets its second choice (10)", () => {
    const cohort = tiny((c) => {
      c.trainees = [
        { id: "t1", specialization: "water", host: "A", awayPreferences: ["C", "B"] },
        { id: "t2", specialization: "water", host: "B", awayPreferences: ["C", "A"] },
      ];
    });
    expect(bruteForceOptimum(cohort)).toMatchObject({ objective: 10, filled: 8 });
  });

  it("travel: the nearest away member, 0.1 x 6.196... km", () => {
    const cohort = tiny((c) => {
      member(c, "A").location = { lat: 59.956, lon: 11.05 };
      member(c, "B").location = { lat: 59.927, lon: 10.955 };
      member(c, "C").location = { lat: 60.2, lon: 11.1 };
      c.trainees = [{ id: "t1", specialization: "water", host: "A" }];
    });
    const best = bruteForceOptimum(cohort);
    expect(best?.objective).toBeCloseTo(0.6196295736537404, 12);
    expect(best?.choices.get("t1")?.away).toEqual(["B"]);
  });

  it("no mentor outside the host's organisation: no plan", () => {
    const cohort = tiny((c) => {
      c.people = c.people.filter((p) => p.role === "supervisor" || p.member === "A");
      c.trainees = [{ id: "t1", specialization: "water", host: "A" }];
    });
    expect(bruteForceOptimum(cohort)).toBeNull();
  });

  it("allowUnassigned: one mentor for two trainees leaves one mentor role empty", () => {
    const cohort = tiny((c) => {
      c.rules = { allowUnassigned: true };
      // Only mC, and it does not list water: the mentored trainee costs 5.
      c.people = [...c.people.filter((p) => p.role === "supervisor"), { id: "mC", member: "C", role: "mentor", specializations: [] }];
      c.trainees = [
        { id: "t1", specialization: "water", host: "A" },
        { id: "t2", specialization: "water", host: "B" },
      ];
    });
    const best = bruteForceOptimum(cohort);
    expect(best).toMatchObject({ objective: 5, filled: 7 });
    const mentors = [...(best?.choices.values() ?? [])].map((choice) => choice.mentor);
    expect(mentors.sort()).toEqual(["mC", null].sort());
  });

  it("allowUnassigned: filling a role comes before cost", () => {
    // Only A has a supervisor. Host B is the trainee's first choice but leaves the supervisor
    // empty; host A costs 10 (rank 1) and fills it.
    const cohort = tiny((c) => {
      c.rules = { allowUnassigned: true };
      c.people = c.people.filter((p) => p.role === "mentor" || p.member === "A");
      c.trainees = [{ id: "t1", specialization: "water", hostPreferences: ["B", "A"] }];
    });
    const best = bruteForceOptimum(cohort);
    expect(best).toMatchObject({ objective: 10, filled: 4 });
    expect(best?.choices.get("t1")?.host).toBe("A");
  });

  it("allowUnassigned: a trainee no host can take is left out entirely", () => {
    const cohort = tiny((c) => {
      c.rules = { allowUnassigned: true };
      for (const m of c.members) m.hostCapacity = 0;
      c.trainees = [{ id: "t1", specialization: "water" }];
    });
    const best = bruteForceOptimum(cohort);
    expect(best).toMatchObject({ objective: 0, filled: 0 });
    expect(best?.choices.get("t1")).toEqual({ host: null, away: [null], supervisor: null, mentor: null });
  });

  it("the host takes its given trainee into account: the other trainee goes to its second choice", () => {
    const cohort = tiny((c) => {
      c.trainees = [
        { id: "t1", specialization: "water", host: "A" },
        { id: "t2", specialization: "water", hostPreferences: ["A", "B"] },
      ];
    });
    const best = bruteForceOptimum(cohort);
    expect(best?.objective).toBe(10);
    expect(best?.choices.get("t2")?.host).toBe("B");
  });

  it("mentorOutside host-and-away: the only mentor's member cannot also be the away member", () => {
    const base = (mentorOutside: "host" | "host-and-away") =>
      tiny((c) => {
        c.rules = { mentorOutside };
        c.people = c.people.filter((p) => p.role === "supervisor" || p.member === "B");
        c.trainees = [{ id: "t1", specialization: "water", host: "A", awayPreferences: ["B", "C"] }];
      });
    expect(bruteForceOptimum(base("host"))?.objective).toBe(0);
    const best = bruteForceOptimum(base("host-and-away"));
    expect(best?.objective).toBe(10);
    expect(best?.choices.get("t1")).toMatchObject({ away: ["C"], mentor: "mB" });
  });

  it("away members of the host's organisation are ruled out", () => {
    const cohort = tiny((c) => {
      member(c, "B").organisation = "A";
      c.trainees = [{ id: "t1", specialization: "water", host: "A", awayPreferences: ["B", "C"] }];
    });
    expect(bruteForceOptimum(cohort)?.choices.get("t1")?.away).toEqual(["C"]);
    expect(bruteForceOptimum(cohort)?.objective).toBe(10);
  });

  it("two away periods are at two members, even with room for both at one", () => {
    const cohort = tiny((c) => {
      c.programme.periods = [
        { id: "h1", months: 6, at: "host" },
        { id: "a1", months: 3, at: "away" },
        { id: "a2", months: 3, at: "away" },
      ];
      member(c, "B").awayCapacity = 2;
      member(c, "C").awayCapacity = 2;
      c.trainees = [{ id: "t1", specialization: "water", host: "A", awayPreferences: ["B", "C"] }];
    });
    const best = bruteForceOptimum(cohort);
    expect(best).toMatchObject({ objective: 10, filled: 5 });
    expect(new Set(best?.choices.get("t1")?.away)).toEqual(new Set(["B", "C"]));
  });

  it("pins and forbids are obeyed", () => {
    const pinned = tiny((c) => {
      c.pins = [{ trainee: "t1", period: "a1", member: "B" }];
      c.trainees = [{ id: "t1", specialization: "water", host: "A", awayPreferences: ["C", "B"] }];
    });
    expect(bruteForceOptimum(pinned)?.objective).toBe(10);
    const forbidden = tiny((c) => {
      c.forbid = [{ trainee: "t1", member: "C" }];
      c.trainees = [{ id: "t1", specialization: "water", host: "A", awayPreferences: ["C", "B"] }];
    });
    expect(bruteForceOptimum(forbidden)?.objective).toBe(10);
    // Under host-and-away, the pinned mentor mC rules out C as the away member.
    const mentorPinned = tiny((c) => {
      c.rules = { mentorOutside: "host-and-away" };
      c.pins = [{ trainee: "t1", mentor: "mC" }];
      c.trainees = [{ id: "t1", specialization: "water", host: "A", awayPreferences: ["C", "B"] }];
    });
    expect(bruteForceOptimum(mentorPinned)?.choices.get("t1")).toMatchObject({ away: ["B"], mentor: "mC" });
    expect(bruteForceOptimum(mentorPinned)?.objective).toBe(10);
  });

  it("specializationFit: no plan when required, misses at a cost when preferred", () => {
    const roads = (specializationFit: "required" | "preferred") =>
      tiny((c) => {
        c.rules = { specializationFit };
        c.trainees = [{ id: "t1", specialization: "roads", host: "A" }];
      });
    expect(bruteForceOptimum(roads("required"))).toBeNull();
    // Given host: never a miss. Away member: 50. Supervisor and mentor without roads: 5 + 5.
    expect(bruteForceOptimum(roads("preferred"))).toMatchObject({ objective: 60, filled: 4 });
  });

  it("keeps apart states that leave room for some or all of the remaining trainees (found by shrinking)", () => {
    // fet can host two; t2 is pinned there. One supervisor (capacity 1, t1 may not have them),
    // mentors only at fet (so none can mentor a trainee hosted at fet), no away places.
    // Best: t2 and t3 at fet, the supervisor for one of them: 3 roles. Cost: t2 (water) at
    // fet, which lacks water: 2 host periods x 50; t3 (roads) fits; supervisor lists nothing: 5.
    const cohort = parse({
      format: "rotamatch.cohort/v1",
      programme: {
        name: "Regression",
        start: "2008-01-01",
        periods: [
          { id: "host-1", months: 1, at: "host" },
          { id: "host-2", months: 1, at: "host" },
          { id: "away-1", months: 1, at: "away" },
        ],
      },
      members: [
        { id: "fet", specializations: ["roads"], hostCapacity: 2, awayCapacity: 0 },
        { id: "enebakk", hostCapacity: 0, awayCapacity: 0 },
      ],
      people: [
        { id: "mentor-1", member: "fet", role: "mentor" },
        { id: "mentor-2", member: "fet", role: "mentor" },
        { id: "supervisor-3", member: "fet", role: "supervisor" },
      ],
      trainees: [
        { id: "t1", specialization: "water" },
        { id: "t2", specialization: "water" },
        { id: "t3", specialization: "roads" },
      ],
      rules: { specializationFit: "preferred", allowUnassigned: true },
      pins: [{ trainee: "t2", period: "host-1", member: "fet" }],
      forbid: [{ trainee: "t1", supervisor: "supervisor-3" }],
    });
    const best = bruteForceOptimum(cohort);
    expect(best).toMatchObject({ filled: 3, objective: 105 });
    expect(best?.choices.get("t1")?.host).toBeNull();
  });

  it("an empty cohort costs nothing", () => {
    // Validation refuses a cohort without trainees (nothing to plan), so the schema alone reads this one.
    const empty = tiny(() => {}, (input) => cohortSchema.parse(input));
    expect(bruteForceOptimum(empty)).toMatchObject({ objective: 0, filled: 0 });
  });
});

describe("bruteForceOptimum against a plain enumeration", () => {
  it("finds the same optimum as trying every combination of allowed choices", () => {
    let compared = 0;
    const runs = 120;
    fc.assert(
      fc.property(smallCohortArbitrary({ maxTrainees: 3, maxPeople: 5 }), (input) => {
        const cohort = parse(input);
        const options = cohort.trainees.map((t) => enumerateTraineeChoices(cohort, t.id));
        const combinations = options.reduce((n, list) => n * list.length, 1);
        if (combinations > 4_000) return; // too many for the plain way; counted below
        compared += 1;
        const index = indexCohort(cohort);
        let best: { filled: number; cost: number } | null = null;
        const walk = (k: number, picked: Map<string, TraineeChoice>): void => {
          const trainee = cohort.trainees[k];
          if (trainee === undefined) {
            if (!isValidChoiceSet(cohort, picked)) return;
            let filled = 0;
            let cost = 0;
            for (const t of cohort.trainees) {
              const choice = picked.get(t.id);
              if (choice === undefined) return;
              filled += countFilled(choice);
              cost += totalCost(costOfChoice(index, t, choice));
            }
            if (best === null || filled > best.filled || (filled === best.filled && cost < best.cost)) best = { filled, cost };
            return;
          }
          for (const choice of options[k] ?? []) walk(k + 1, new Map(picked).set(trainee.id, choice));
        };
        walk(0, new Map());
        const found = bruteForceOptimum(cohort);
        const plain = best as { filled: number; cost: number } | null;
        if (plain === null) {
          expect(found).toBeNull();
        } else {
          expect(found?.filled).toBe(plain.filled);
          expect(found?.objective).toBeCloseTo(plain.cost, 9);
          expect(isValidChoiceSet(cohort, found?.choices ?? new Map())).toBe(true);
        }
      }),
      { numRuns: runs },
    );
    expect(compared).toBeGreaterThan(runs / 2);
  });

  it("returns choices that make a valid plan with the reported objective and filled roles", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), (input) => {
        const cohort = parse(input);
        const best = bruteForceOptimum(cohort);
        if (best === null) return;
        expect(isValidChoiceSet(cohort, best.choices)).toBe(true);
        const plan = planFromChoices(cohort, best.choices);
        expect(plan.objective).toBeCloseTo(best.objective, 9);
        expect(verifyPlan(cohort, plan)).toMatchObject({ ok: true, filled: best.filled });
      }),
      { numRuns: 100 },
    );
  });

  it("does not depend on the order of the cohort's lists", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), fc.integer(), (input, seed) => {
        const a = bruteForceOptimum(parse(input));
        const b = bruteForceOptimum(parse(withShuffledLists(input, seed)));
        expect(b === null).toBe(a === null);
        if (a === null || b === null) return;
        expect(b.filled).toBe(a.filled);
        expect(b.objective).toBeCloseTo(a.objective, 9);
      }),
      { numRuns: 100 },
    );
  });
});

describe("smallCohortArbitrary", () => {
  const sample = fc.sample(smallCohortArbitrary(), { numRuns: 400, seed: 20130819 });

  it("makes cohorts that pass validation", () => {
    for (const input of sample) {
      const parsed = parseCohort(input);
      expect(parsed.issues).toEqual([]);
    }
  });

  it("stays within the brute-force sizes", () => {
    for (const input of sample) {
      expect(input.members.length).toBeGreaterThanOrEqual(2);
      expect(input.members.length).toBeLessThanOrEqual(4);
      expect(input.trainees.length).toBeGreaterThanOrEqual(1);
      expect(input.trainees.length).toBeLessThanOrEqual(4);
      expect((input.people ?? []).length).toBeLessThanOrEqual(6);
      const away = input.programme.periods.filter((p) => p.at === "away").length;
      expect(away).toBeGreaterThanOrEqual(1);
      expect(away).toBeLessThanOrEqual(2);
      expect(input.programme.periods.length - away).toBeLessThanOrEqual(2);
    }
  });

  it("covers every feature the solvers must handle", () => {
    const cohorts = sample.map(parse);
    const some = (predicate: (c: Cohort) => boolean) => cohorts.filter(predicate).length;
    const organisationOf = (c: Cohort, id: string) => c.members.find((m) => m.id === id)?.organisation ?? id;
    const features: Record<string, number> = {
      "shared organisation": some((c) => new Set(c.members.map((m) => organisationOf(c, m.id))).size < c.members.length),
      "a location": some((c) => c.members.some((m) => m.location !== undefined)),
      "a member without location": some((c) => c.members.some((m) => m.location === undefined)),
      "a given host": some((c) => c.trainees.some((t) => t.host !== undefined)),
      "a chosen host": some((c) => c.trainees.some((t) => t.host === undefined)),
      "4 trainees": some((c) => c.trainees.length === 4),
      "2 away periods": some((c) => c.programme.periods.filter((p) => p.at === "away").length === 2),
      "no host period": some((c) => c.programme.periods.every((p) => p.at === "away")),
      "zero capacity": some((c) => c.members.some((m) => m.hostCapacity === 0 || m.awayCapacity === 0)),
      "no people": some((c) => c.people.length === 0),
      "both roles": some((c) => c.people.some((p) => p.role === "mentor") && c.people.some((p) => p.role === "supervisor")),
      "host-and-away": some((c) => c.rules.mentorOutside === "host-and-away"),
      preferred: some((c) => c.rules.specializationFit === "preferred"),
      allowUnassigned: some((c) => c.rules.allowUnassigned),
      "default weights": some((c) => c.weights.awayRank === 10 && c.weights.travelPerKm === 0.1),
      "other weights": some((c) => c.weights.awayRank !== 10),
      "a period pin": some((c) => c.pins.some((p) => p.period !== undefined)),
      "a host-period pin": some((c) => c.pins.some((p) => c.programme.periods.some((q) => q.id === p.period && q.at === "host"))),
      "a mentor pin": some((c) => c.pins.some((p) => p.mentor !== undefined)),
      "a supervisor pin": some((c) => c.pins.some((p) => p.supervisor !== undefined)),
      "a member forbid": some((c) => c.forbid.some((f) => f.member !== undefined)),
      "a person forbid": some((c) => c.forbid.some((f) => f.mentor !== undefined || f.supervisor !== undefined)),
      "preferences": some((c) => c.trainees.some((t) => t.awayPreferences.length > 0 && t.hostPreferences.length > 0)),
      "a month-end start": some((c) => Number(c.programme.start.slice(8)) >= 29),
      "every specialization": some((c) => SPECIALIZATIONS.every((s) => c.trainees.some((t) => t.specialization === s))),
    };
    for (const [feature, count] of Object.entries(features)) {
      expect({ feature, some: count > 0 }).toEqual({ feature, some: true });
    }
  });

  it("makes cohorts of both kinds: with a plan and without", () => {
    const outcomes = sample.slice(0, 150).map((input) => bruteForceOptimum(parse(input)));
    expect(outcomes.filter((o) => o === null).length).toBeGreaterThan(10);
    // Plans that fill every role, the case solvers must get exactly right most often.
    const fullPlans = sample
      .slice(0, 150)
      .filter((input, i) => outcomes[i] !== null && !parse(input).rules.allowUnassigned).length;
    expect(fullPlans).toBeGreaterThan(10);
  });
});

describe("withShuffledLists", () => {
  it("reorders members, people, trainees, pins and forbids, and nothing else", () => {
    fc.assert(
      fc.property(smallCohortArbitrary(), fc.integer(), (input, seed) => {
        const shuffled = withShuffledLists(input, seed);
        const sorted = (list: readonly unknown[] | undefined) => (list ?? []).map((x) => JSON.stringify(x)).sort();
        for (const key of ["members", "people", "trainees", "pins", "forbid"] as const) {
          expect(sorted(shuffled[key])).toEqual(sorted(input[key]));
        }
        expect(shuffled.programme).toEqual(input.programme);
        expect(Object.keys(shuffled).sort()).toEqual(Object.keys(input).sort());
        // Preference lists keep their order: they are inside each trainee, untouched.
        for (const t of input.trainees) expect(shuffled.trainees).toContainEqual(t);
        expect(withShuffledLists(input, seed)).toEqual(shuffled);
      }),
      { numRuns: 100 },
    );
  });

  it("does reorder", () => {
    const input = fc.sample(smallCohortArbitrary({ maxMembers: 4, ample: true }), { numRuns: 1, seed: 7 })[0];
    if (input === undefined) throw new Error("no sample");
    const orders = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => withShuffledLists(input, seed).members.map((m) => m.id).join(",")));
    expect(orders.size).toBeGreaterThan(1);
  });
});
