/**
 * The domain primitives against hand-computed values: period dates (month arithmetic with
 * clamping), great-circle distance, and every term of the contract's objective.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { costOfChoice, rankCost, totalCost, travelKm } from "../src/domain/cost.js";
import { addDays, addMonthsClamped, periodDates } from "../src/domain/dates.js";
import { EARTH_RADIUS_KM, distanceKm } from "../src/domain/geo.js";
import { cohortSchema, type CohortInput } from "../src/domain/schema.js";

describe("period dates", () => {
  it("chains the contract's example: 2013-08-19, three parts of 6 months", () => {
    const periods = [
      { id: "part-1", months: 6 },
      { id: "part-2", months: 6 },
      { id: "part-3", months: 6 },
    ];
    expect(periodDates("2013-08-19", periods)).toEqual([
      { period: "part-1", from: "2013-08-19", to: "2014-02-18" },
      { period: "part-2", from: "2014-02-19", to: "2014-08-18" },
      { period: "part-3", from: "2014-08-19", to: "2015-02-18" },
    ]);
  });

  it("clamps day 31 to the end of a shorter month: 2013-08-31 + 6 months ends 2014-02-27", () => {
    expect(addMonthsClamped("2013-08-31", 6)).toBe("2014-02-28");
    expect(periodDates("2013-08-31", [{ id: "a", months: 6 }, { id: "b", months: 6 }])).toEqual([
      { period: "a", from: "2013-08-31", to: "2014-02-27" },
      // The next period starts on the 28th, so it ends the day before the 28th, six months on.
      { period: "b", from: "2014-02-28", to: "2014-08-27" },
    ]);
  });

  it("clamps to 29 February in a leap year", () => {
    expect(addMonthsClamped("2015-08-31", 6)).toBe("2016-02-29");
    expect(periodDates("2015-08-31", [{ id: "a", months: 6 }])).toEqual([{ period: "a", from: "2015-08-31", to: "2016-02-28" }]);
    expect(addMonthsClamped("2012-02-29", 12)).toBe("2013-02-28");
  });

  it("clamps a one-month period from 31 January", () => {
    expect(periodDates("2013-01-31", [{ id: "a", months: 1 }, { id: "b", months: 1 }])).toEqual([
      { period: "a", from: "2013-01-31", to: "2013-02-27" },
      { period: "b", from: "2013-02-28", to: "2013-03-27" },
    ]);
  });

  it("crosses year ends and keeps 30-day months apart from 31-day ones", () => {
    expect(addMonthsClamped("2013-11-15", 3)).toBe("2014-02-15");
    expect(addMonthsClamped("2013-12-31", 1)).toBe("2014-01-31");
    expect(addMonthsClamped("2013-03-31", 1)).toBe("2013-04-30");
    expect(addMonthsClamped("2013-01-01", 120)).toBe("2023-01-01");
    expect(periodDates("2013-11-15", [{ id: "a", months: 3 }])).toEqual([{ period: "a", from: "2013-11-15", to: "2014-02-14" }]);
  });

  it("adds and subtracts days across month and year ends", () => {
    expect(addDays("2013-12-31", 1)).toBe("2014-01-01");
    expect(addDays("2016-03-01", -1)).toBe("2016-02-29");
    expect(addDays("2015-03-01", -1)).toBe("2015-02-28");
    expect(addDays("2014-01-01", -1)).toBe("2013-12-31");
  });

  it("gives no period for an empty programme", () => {
    expect(periodDates("2013-08-19", [])).toEqual([]);
  });

  it("chains periods without gaps or overlaps, each ending before day d of its last month", () => {
    const date = fc
      .record({ y: fc.integer({ min: 1990, max: 2090 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
      .map(({ y, m, d }) => {
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        return `${y}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
      });
    fc.assert(
      fc.property(date, fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 5 }), (start, months) => {
        const dated = periodDates(
          start,
          months.map((n, i) => ({ id: `p${i}`, months: n })),
        );
        expect(dated[0]?.from).toBe(start);
        dated.forEach((p, i) => {
          expect(p.from <= p.to).toBe(true);
          // The period ends the day before the same day n months later (clamped).
          expect(addDays(p.to, 1)).toBe(addMonthsClamped(p.from, months[i] ?? 0));
          const next = dated[i + 1];
          if (next !== undefined) expect(next.from).toBe(addDays(p.to, 1));
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("distance", () => {
  it("is 0 between a place and itself", () => {
    expect(distanceKm({ lat: 59.956, lon: 11.05 }, { lat: 59.956, lon: 11.05 })).toBe(0);
  });

  it("is 6371·π/180 km for one degree along a meridian or the equator", () => {
    const oneDegree = (EARTH_RADIUS_KM * Math.PI) / 180; // 111.19492664455873
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(oneDegree, 9);
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(oneDegree, 9);
    expect(oneDegree).toBeCloseTo(111.19492664455873, 9);
  });

  it("is half the Earth's circumference between antipodes", () => {
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(20015.086796020572, 6);
    expect(distanceKm({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(20015.086796020572, 6);
  });

  it("matches haversine values computed by hand for places on Romerike", () => {
    // Values from an independent haversine (R = 6371 km).
    expect(distanceKm({ lat: 59.956, lon: 11.05 }, { lat: 59.927, lon: 10.955 })).toBeCloseTo(6.196295736537404, 9);
    expect(distanceKm({ lat: 59.956, lon: 11.05 }, { lat: 60.2, lon: 11.1 })).toBeCloseTo(27.272932101781407, 9);
    expect(distanceKm({ lat: 60, lon: 10 }, { lat: 60, lon: 11 })).toBeCloseTo(55.59693407114086, 9);
  });

  it("is symmetric", () => {
    const place = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
    fc.assert(
      fc.property(place, place, (a, b) => {
        expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 9);
        expect(distanceKm(a, b)).toBeGreaterThanOrEqual(0);
        expect(distanceKm(a, b)).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_KM + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});

describe("rank cost", () => {
  it("counts the position from 0", () => {
    expect(rankCost(["a", "b", "c"], "a")).toBe(0);
    expect(rankCost(["a", "b", "c"], "c")).toBe(2);
  });
  it("charges the list's length for a member not in a non-empty list", () => {
    expect(rankCost(["a", "b", "c"], "z")).toBe(3);
  });
  it("charges nothing against an empty list", () => {
    expect(rankCost([], "z")).toBe(0);
  });
});

/**
 * Four members: skedsmo and its company skedsmo-kf (one organisation), lorenskog, and roaf
 * without a location. Hand-computed distances: skedsmo-lorenskog 6.196295736537404 km,
 * skedsmo-nittedal 27.272932101781407 km (nittedal at 60.2, 11.1).
 */
function costCohort(overrides: Partial<CohortInput> = {}): CohortInput {
  return {
    format: "rotamatch.cohort/v1",
    programme: {
      name: "Cost test",
      start: "2013-08-19",
      periods: [
        { id: "part-1", months: 6, at: "host" },
        { id: "part-2", months: 6, at: "away" },
        { id: "part-3", months: 6, at: "host" },
        { id: "part-4", months: 3, at: "away" },
      ],
    },
    members: [
      { id: "skedsmo", location: { lat: 59.956, lon: 11.05 }, specializations: ["water"], hostCapacity: 2, awayCapacity: 1 },
      { id: "skedsmo-kf", organisation: "skedsmo", specializations: ["roads"], hostCapacity: 1, awayCapacity: 1 },
      { id: "lorenskog", location: { lat: 59.927, lon: 10.955 }, specializations: ["water"], hostCapacity: 1, awayCapacity: 1 },
      { id: "nittedal", location: { lat: 60.2, lon: 11.1 }, specializations: ["roads"], hostCapacity: 1, awayCapacity: 1 },
      { id: "roaf", specializations: ["waste"], hostCapacity: 1, awayCapacity: 1 },
    ],
    people: [
      { id: "sup-water", member: "skedsmo", role: "supervisor", specializations: ["water"] },
      { id: "sup-roads", member: "skedsmo", role: "supervisor", specializations: ["roads"] },
      { id: "men-water", member: "lorenskog", role: "mentor", specializations: ["water"] },
      { id: "men-none", member: "roaf", role: "mentor" },
    ],
    trainees: [
      { id: "given", specialization: "water", host: "skedsmo", hostPreferences: ["lorenskog"], awayPreferences: ["roaf", "lorenskog"] },
      { id: "chosen", specialization: "water", hostPreferences: ["lorenskog", "skedsmo"], awayPreferences: [] },
    ],
    ...overrides,
  };
}

describe("travel", () => {
  it("is the distance when both members have a location, else 0", () => {
    const index = indexCohort(cohortSchema.parse(costCohort()));
    expect(travelKm(index, "skedsmo", "lorenskog")).toBeCloseTo(6.196295736537404, 9);
    expect(travelKm(index, "skedsmo", "roaf")).toBe(0);
    expect(travelKm(index, "roaf", "skedsmo")).toBe(0);
    expect(travelKm(index, "skedsmo", "unknown")).toBe(0);
  });
});

describe("cost of a choice", () => {
  it("with the default weights and specializationFit required", () => {
    const index = indexCohort(cohortSchema.parse(costCohort()));
    const [given, chosen] = index.cohort.trainees;
    if (given === undefined || chosen === undefined) throw new Error("fixture");

    // Given host: no hostRank term. Away lorenskog (rank 1) and roaf (rank 0): 10 x 1.
    // Travel skedsmo-lorenskog 6.196... km (roaf has no location): 0.1 x 6.196...
    // Mentor men-none does not list water: 5. "required": no specialization-miss terms.
    const cost = costOfChoice(index, given, { host: "skedsmo", away: ["lorenskog", "roaf"], supervisor: "sup-water", mentor: "men-none" });
    expect(cost).toEqual({
      awayRank: 10,
      travelPerKm: expect.closeTo(0.6196295736537404, 12),
      mentorSpecialization: 5,
    });
    expect(totalCost(cost)).toBeCloseTo(15.6196295736537404, 12);

    // Chosen host skedsmo: rank 1 in [lorenskog, skedsmo] -> 10. Empty awayPreferences cost 0.
    // Travel skedsmo-nittedal 27.27... km -> 2.727...; mentor men-water lists water -> 0.
    const chosenCost = costOfChoice(index, chosen, { host: "skedsmo", away: ["nittedal", null], supervisor: null, mentor: "men-water" });
    expect(chosenCost).toEqual({
      awayRank: 0,
      hostRank: 10,
      travelPerKm: expect.closeTo(2.7272932101781407, 12),
      mentorSpecialization: 0,
    });
  });

  it("a host not in a non-empty hostPreferences list costs the list's length", () => {
    const index = indexCohort(cohortSchema.parse(costCohort()));
    const chosen = index.cohort.trainees[1];
    if (chosen === undefined) throw new Error("fixture");
    const cost = costOfChoice(index, chosen, { host: "roaf", away: [null, null], supervisor: null, mentor: null });
    expect(cost.hostRank).toBe(20);
    expect(totalCost(cost)).toBe(20);
  });

  it("with specializationFit preferred: misses at away members and a chosen host, never a given host", () => {
    const index = indexCohort(
      cohortSchema.parse(
        costCohort({
          rules: { specializationFit: "preferred" },
          weights: { awayRank: 1, hostRank: 2, travelPerKm: 0, mentorSpecialization: 3, supervisorSpecialization: 7, specializationMiss: 100 },
        }),
      ),
    );
    const [given, chosen] = index.cohort.trainees;
    if (given === undefined || chosen === undefined) throw new Error("fixture");

    // Given host skedsmo-kf does not list water: no miss for it (a given host is a fact).
    // Away nittedal and roaf do not list water: 2 misses x 100. Ranks: nittedal 2 (not listed), roaf 0.
    // Supervisor sup-roads does not list water: 7. Mentor men-water lists it: 0.
    const cost = costOfChoice(index, { ...given, host: "skedsmo-kf" }, {
      host: "skedsmo-kf",
      away: ["nittedal", "roaf"],
      supervisor: "sup-roads",
      mentor: "men-water",
    });
    expect(cost).toEqual({
      awayRank: 2,
      travelPerKm: 0,
      mentorSpecialization: 0,
      supervisorSpecialization: 7,
      specializationMiss: 200,
    });

    // Chosen host roaf does not list water: one miss per host period (2) plus one per away
    // period at a member without it (nittedal): 3 x 100. hostRank: roaf not in the list of 2 -> 2 x 2.
    const chosenCost = costOfChoice(index, chosen, { host: "roaf", away: ["nittedal", "lorenskog"], supervisor: null, mentor: null });
    expect(chosenCost).toEqual({
      awayRank: 0,
      hostRank: 4,
      travelPerKm: 0,
      mentorSpecialization: 0,
      supervisorSpecialization: 0,
      specializationMiss: 300,
    });
    expect(totalCost(chosenCost)).toBe(304);
  });

  it("costs nothing for a trainee left without any role", () => {
    const index = indexCohort(cohortSchema.parse(costCohort({ rules: { allowUnassigned: true, specializationFit: "preferred" } })));
    const chosen = index.cohort.trainees[1];
    if (chosen === undefined) throw new Error("fixture");
    const cost = costOfChoice(index, chosen, { host: null, away: [null, null], supervisor: null, mentor: null });
    expect(totalCost(cost)).toBe(0);
  });

  it("sums every term in totalCost, missing terms counting 0", () => {
    expect(totalCost({})).toBe(0);
    expect(
      totalCost({ awayRank: 1, hostRank: 2, travelPerKm: 0.5, mentorSpecialization: 4, supervisorSpecialization: 8, specializationMiss: 16 }),
    ).toBe(31.5);
  });
});
