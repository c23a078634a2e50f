/**
 * The pre-solve checks. Each code has a tiny cohort that triggers it, with the trainees,
 * members, people and suggested change it must name; hand-made feasible cohorts yield
 * nothing; and on random small cohorts every report is held against the brute-force oracle:
 * when precheck reports anything, no plan may fill every role (precheck is incomplete by
 * design, so only that direction is tested).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PRECHECK_CODES, precheckCohort } from "../src/diagnose/precheck.js";
import { indexCohort } from "../src/domain/cohort-index.js";
import {
  cohortSchema,
  diagnosisItemSchema,
  type Cohort,
  type CohortInput,
  type DiagnosisItem,
  type SuggestedChange,
} from "../src/domain/schema.js";
import { parseCohort, validateCohort } from "../src/domain/validate.js";
import { smallCohortArbitrary } from "./support/arbitraries.js";
import { bruteForceOptimum } from "./support/brute-force.js";

const RUNS = Number(process.env.ROTAMATCH_PROPERTY_RUNS ?? 200);

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const ONE_AWAY = [
  { id: "part-1", months: 6, at: "host" },
  { id: "part-2", months: 6, at: "away" },
  { id: "part-3", months: 6, at: "host" },
] as const;

const TWO_AWAY = [
  { id: "part-1", months: 6, at: "host" },
  { id: "part-2", months: 4, at: "away" },
  { id: "part-3", months: 4, at: "away" },
  { id: "part-4", months: 4, at: "host" },
] as const;

type Parts = Omit<CohortInput, "format" | "programme"> & {
  readonly periods?: readonly { readonly id: string; readonly months: number; readonly at: "host" | "away" }[];
};

/** A cohort of the Romerike programme with the given members, people, trainees and rules. */
function cohort({ periods = ONE_AWAY, ...rest }: Parts): CohortInput {
  return {
    format: "rotamatch.cohort/v1",
    programme: { name: "Romerike 2013", start: "2013-08-19", periods: periods.map((p) => ({ ...p })) },
    ...rest,
  };
}

function supervisor(id: string, member: string, specializations: string[], capacity = 2) {
  return { id, member, role: "supervisor" as const, capacity, specializations };
}

function mentor(id: string, member: string, capacity = 2) {
  return { id, member, role: "mentor" as const, capacity, specializations: [] };
}

/** Three municipalities that each offer water and roads, with room to spare. */
const MEMBERS = [
  { id: "skedsmo", name: "Skedsmo kommune", specializations: ["water", "roads"], hostCapacity: 2, awayCapacity: 2 },
  { id: "lorenskog", name: "Lørenskog kommune", specializations: ["water", "roads"], hostCapacity: 2, awayCapacity: 2 },
  { id: "nittedal", name: "Nittedal kommune", specializations: ["water", "roads"], hostCapacity: 2, awayCapacity: 2 },
];

/** A supervisor (water and roads) and a mentor at each member of MEMBERS. */
const PEOPLE = [
  supervisor("sup-skedsmo", "skedsmo", ["water", "roads"]),
  supervisor("sup-lorenskog", "lorenskog", ["water", "roads"]),
  supervisor("sup-nittedal", "nittedal", ["water", "roads"]),
  mentor("mentor-skedsmo", "skedsmo"),
  mentor("mentor-lorenskog", "lorenskog"),
  mentor("mentor-nittedal", "nittedal"),
];

/** Precheck on a cohort that must be valid input (so that every fixture here is a real cohort). */
function diagnose(input: CohortInput): DiagnosisItem[] {
  expect(validateCohort(input)).toEqual([]);
  const items = precheckCohort(indexCohort(cohortSchema.parse(input)));
  for (const item of items) expect(diagnosisItemSchema.parse(item)).toEqual(item);
  return items;
}

function codes(items: readonly DiagnosisItem[]): string[] {
  return items.map((i) => i.code);
}

/** The one item of the list, which must hold exactly one. */
function only(items: readonly DiagnosisItem[]): DiagnosisItem {
  expect(codes(items)).toHaveLength(1);
  const first = items[0];
  if (first === undefined) throw new Error("no item");
  return first;
}

/** A suggested change with every field not given set to null. */
function change(fields: Partial<SuggestedChange> & Pick<SuggestedChange, "action">): SuggestedChange {
  return {
    path: null,
    member: null,
    person: null,
    period: null,
    role: null,
    specialization: null,
    outsideOrganisation: null,
    by: null,
    ...fields,
  };
}

/** The brute-force oracle: whether some plan fills every role. */
function hasFullPlan(input: CohortInput): boolean {
  const parsed: Cohort = cohortSchema.parse(input);
  return bruteForceOptimum({ ...parsed, rules: { ...parsed.rules, allowUnassigned: false } }) !== null;
}

// ---------------------------------------------------------------------------------------
// Feasible cohorts
// ---------------------------------------------------------------------------------------

describe("feasible cohorts", () => {
  const feasible: Record<string, CohortInput> = {
    "three trainees, one hired, one with a pinned host": cohort({
      members: MEMBERS,
      people: PEOPLE,
      trainees: [
        { id: "t1", name: "Kari Nordmann", specialization: "water" },
        { id: "t2", name: "Ola Hansen", specialization: "roads", host: "lorenskog" },
        { id: "t3", specialization: "water" },
      ],
      pins: [{ trainee: "t3", period: "part-1", member: "nittedal" }],
      forbid: [{ trainee: "t1", member: "skedsmo" }],
    }),
    "a specialization nobody lists, under the preferred fit": cohort({
      members: MEMBERS,
      people: PEOPLE,
      trainees: [{ id: "t1", specialization: "surveying" }],
      rules: { specializationFit: "preferred" },
    }),
    "a municipal company and its municipality, mentors outside host and away": cohort({
      members: [
        { id: "sorum", name: "Sørum kommune", specializations: ["water"], hostCapacity: 1, awayCapacity: 1 },
        {
          id: "sorum-kf",
          name: "Sørum Kommunalteknikk KF",
          organisation: "sorum",
          specializations: ["water"],
          hostCapacity: 1,
          awayCapacity: 1,
        },
        { id: "nrv-nra", name: "NRV/NRA", specializations: ["water"], hostCapacity: 0, awayCapacity: 2 },
        { id: "roaf", name: "ROAF", specializations: ["waste"], hostCapacity: 0, awayCapacity: 0 },
      ],
      people: [
        supervisor("sup-sorum", "sorum", ["water"], 1),
        supervisor("sup-kf", "sorum-kf", ["water"], 1),
        mentor("mentor-roaf", "roaf", 2),
      ],
      trainees: [
        { id: "t1", specialization: "water", host: "sorum" },
        { id: "t2", specialization: "water" },
      ],
      rules: { mentorOutside: "host-and-away" },
    }),
    "two away periods at different members": cohort({
      periods: TWO_AWAY,
      members: MEMBERS,
      people: PEOPLE,
      trainees: [
        { id: "t1", specialization: "water", host: "skedsmo" },
        { id: "t2", specialization: "roads" },
      ],
      pins: [{ trainee: "t1", period: "part-2", member: "lorenskog" }],
    }),
  };

  for (const [name, input] of Object.entries(feasible)) {
    it(`reports nothing: ${name}`, () => {
      expect(hasFullPlan(input)).toBe(true);
      expect(diagnose(input)).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------
// 1. A role without any candidate
// ---------------------------------------------------------------------------------------

describe("no_host_candidate", () => {
  it("names a specialization no member lists and suggests relaxing the fit", () => {
    const input = cohort({
      members: MEMBERS,
      people: PEOPLE,
      trainees: [{ id: "t1", name: "Kari Nordmann", specialization: "surveying" }],
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({ code: "no_host_candidate", trainees: ["t1"], members: [], people: [] });
    expect(item.message).toMatch(/^No member can host Kari Nordmann \(trainee t1, surveying\): no member lists surveying\./);
    expect(item.change).toEqual(
      change({ action: "relax-rule", path: "rules.specializationFit", specialization: "surveying" }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });

  const crowded = (nittedalHostCapacity: number, forbid: CohortInput["forbid"]) =>
    cohort({
      members: [
        { ...MEMBERS[0]!, hostCapacity: 1 },
        { ...MEMBERS[1]!, hostCapacity: 0 },
        { ...MEMBERS[2]!, hostCapacity: nittedalHostCapacity },
      ],
      people: PEOPLE,
      trainees: [
        { id: "t1", name: "Kari Nordmann", specialization: "water" },
        { id: "t2", name: "Ola Hansen", specialization: "water", host: "skedsmo" },
        { id: "t3", specialization: "roads", host: "nittedal" },
        { id: "t4", specialization: "roads", host: "nittedal" },
      ],
      forbid,
    });

  it("gives each member's reason and suggests removing the forbid that matters", () => {
    // Nittedal has a place left; only the forbid keeps the trainee out.
    const input = crowded(3, [{ trainee: "t1", member: "nittedal" }]);
    const item = only(diagnose(input));
    expect(item.code).toBe("no_host_candidate");
    expect(item.trainees).toEqual(["t1"]);
    expect(item.members).toEqual(["skedsmo", "lorenskog", "nittedal"]);
    expect(item.message).toContain("Among the members that list water:");
    expect(item.message).toContain(
      "Skedsmo kommune has no host place left " +
        "(its only host place is taken by trainee Ola Hansen with a given or pinned host)",
    );
    expect(item.message).toContain("Lørenskog kommune hosts no trainees (hostCapacity 0)");
    expect(item.message).toContain("Nittedal kommune is ruled out for this trainee by forbid[0]");
    expect(item.change).toEqual(change({ action: "remove-forbid", path: "forbid[0]", member: "nittedal" }));
    expect(hasFullPlan(input)).toBe(false);
  });

  it("suggests raising a host capacity when only capacity is in the way", () => {
    const input = crowded(2, []);
    const item = only(diagnose(input));
    expect(item.message).toContain(
      "Nittedal kommune has no host place left (all 2 host places are taken by trainees t3 and t4",
    );
    expect(item.change).toEqual(
      change({ action: "raise-capacity", path: "members[0].hostCapacity", member: "skedsmo", by: 1 }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });

  it("counts the organisation of a pinned away member against every host", () => {
    const input = cohort({
      members: [
        { ...MEMBERS[0]!, organisation: "lorenskog" },
        MEMBERS[1]!,
        { ...MEMBERS[2]!, specializations: ["roads"] },
      ],
      people: PEOPLE,
      trainees: [{ id: "t1", specialization: "water" }],
      pins: [{ trainee: "t1", period: "part-2", member: "lorenskog" }],
    });
    const item = only(diagnose(input));
    expect(item.code).toBe("no_host_candidate");
    expect(item.message).toMatch(/^No member can host trainee t1 \(water\)\./);
    expect(item.message).toContain("Skedsmo kommune is in the same organisation as Lørenskog kommune, where pins[0]");
    expect(item.message).toContain("Lørenskog kommune is where pins[0] places the trainee away in part-2");
    expect(item.change).toEqual(change({ action: "remove-pin", path: "pins[0]", member: "lorenskog", period: "part-2" }));
    expect(hasFullPlan(input)).toBe(false);
  });
});

describe("no_away_candidate", () => {
  const members = [
    MEMBERS[0]!,
    {
      id: "skedsmo-kf",
      name: "Skedsmo KF",
      organisation: "skedsmo",
      specializations: ["water"],
      hostCapacity: 0,
      awayCapacity: 2,
    },
    { ...MEMBERS[1]!, awayCapacity: 1 },
    MEMBERS[2]!,
  ];
  const trainees = [
    { id: "t1", name: "Kari Nordmann", specialization: "water", host: "skedsmo" },
    { id: "t2", name: "Ola Hansen", specialization: "water", host: "nittedal" },
  ];
  const pins = [{ trainee: "t2", period: "part-2", member: "lorenskog" }];

  it("explains every member in the trainee's terms and suggests removing the forbid", () => {
    const input = cohort({ members, people: PEOPLE, trainees, pins, forbid: [{ trainee: "t1", member: "nittedal" }] });
    const item = only(diagnose(input));
    expect(item.code).toBe("no_away_candidate");
    expect(item.trainees).toEqual(["t1"]);
    expect(item.message).toMatch(/^Kari Nordmann \(trainee t1, water\) has no possible away member in part-2\./);
    expect(item.message).toContain("Skedsmo kommune is the host");
    expect(item.message).toContain(
      "Skedsmo KF is in the same organisation as the host, Skedsmo kommune, and an away period must be spent at another " +
        "organisation",
    );
    expect(item.message).toContain(
      "Lørenskog kommune has no visiting place left in part-2 (its only place is taken by trainee Ola Hansen pinned there)",
    );
    expect(item.message).toContain("Nittedal kommune is ruled out for this trainee by forbid[0]");
    expect(item.change).toEqual(change({ action: "remove-forbid", path: "forbid[0]", member: "nittedal" }));
    expect(hasFullPlan(input)).toBe(false);
  });

  it("suggests raising the away capacity of a member whose places pins took", () => {
    const input = cohort({
      members: [...members.slice(0, 3), { ...MEMBERS[2]!, awayCapacity: 0 }],
      people: PEOPLE,
      trainees,
      pins,
    });
    const item = only(diagnose(input));
    expect(item.code).toBe("no_away_candidate");
    expect(item.message).toContain("Nittedal kommune takes no visiting trainees (awayCapacity 0)");
    expect(item.change).toEqual(
      change({ action: "raise-capacity", path: "members[2].awayCapacity", member: "lorenskog", period: "part-2", by: 1 }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });
});

describe("too_few_away_candidates", () => {
  it("needs a different member for each away period", () => {
    const input = cohort({
      periods: TWO_AWAY,
      members: [MEMBERS[0]!, MEMBERS[1]!, { ...MEMBERS[2]!, awayCapacity: 0 }],
      people: PEOPLE,
      trainees: [{ id: "t1", name: "Kari Nordmann", specialization: "water", host: "skedsmo" }],
    });
    const item = only(diagnose(input));
    expect(item.code).toBe("too_few_away_candidates");
    expect(item.trainees).toEqual(["t1"]);
    expect(item.members).toEqual(["lorenskog"]);
    expect(item.message).toMatch(
      new RegExp(
        "^Kari Nordmann \\(trainee t1, water\\) needs 2 different members for the away periods part-2 and part-3, " +
          "but only 1 member outside the host's organisation can take the trainee \\(possible: Lørenskog kommune\\)\\.",
      ),
    );
    expect(item.change).toEqual(
      change({ action: "raise-capacity", path: "members[2].awayCapacity", member: "nittedal", period: "part-2", by: 1 }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });

  it("holds whichever member hosts: each possible host rules out the other", () => {
    // Two possible hosts and two possible away members, but they are the same two members:
    // whichever hosts, only the other one is left for two away periods.
    const input = cohort({
      periods: TWO_AWAY,
      members: [MEMBERS[0]!, MEMBERS[1]!, { ...MEMBERS[2]!, specializations: ["roads"] }],
      people: PEOPLE,
      trainees: [{ id: "t1", specialization: "water" }],
    });
    const item = only(diagnose(input));
    expect(item.code).toBe("too_few_away_candidates");
    expect(item.members).toEqual(["skedsmo", "lorenskog"]);
    expect(item.message).toContain("whichever member hosts the trainee, at most 1 member outside the host's organisation");
    expect(item.change).toEqual(
      change({ action: "relax-rule", path: "rules.specializationFit", specialization: "water" }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });
});

describe("no_supervisor_candidate", () => {
  it("says the host has no supervisor who lists the specialization", () => {
    const input = cohort({
      members: MEMBERS,
      people: [supervisor("sup-skedsmo", "skedsmo", ["roads"]), ...PEOPLE.slice(1)],
      trainees: [{ id: "t1", name: "Kari Nordmann", specialization: "water", host: "skedsmo" }],
    });
    const item = only(diagnose(input));
    expect(item.message).toBe(
      "Kari Nordmann (trainee t1, water) has no possible supervisor: Skedsmo kommune, the host, has no supervisor who " +
        "lists water. Suggested change: add a supervisor who lists water at Skedsmo kommune.",
    );
    expect(item).toMatchObject({
      code: "no_supervisor_candidate",
      trainees: ["t1"],
      members: ["skedsmo"],
      people: ["sup-skedsmo"],
    });
    expect(item.change).toEqual(
      change({ action: "add-person", role: "supervisor", member: "skedsmo", specialization: "water", by: 1 }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });

  it("suggests raising the capacity of a supervisor another trainee has pinned", () => {
    const input = cohort({
      members: MEMBERS,
      people: [supervisor("sup-skedsmo", "skedsmo", ["water"], 1), ...PEOPLE.slice(1)],
      trainees: [
        { id: "t1", specialization: "water", host: "skedsmo" },
        { id: "t2", specialization: "water", host: "skedsmo" },
      ],
      pins: [{ trainee: "t2", supervisor: "sup-skedsmo" }],
    });
    const item = only(diagnose(input));
    expect(item.code).toBe("no_supervisor_candidate");
    expect(item.trainees).toEqual(["t1"]);
    expect(item.message).toContain(
      "sup-skedsmo has no place left (its only place is taken by trainee t2 pinned to this supervisor)",
    );
    expect(item.change).toEqual(
      change({
        action: "raise-capacity",
        path: "people[0].capacity",
        person: "sup-skedsmo",
        member: "skedsmo",
        role: "supervisor",
        by: 1,
      }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });

  it("suggests removing the forbid on the only supervisor", () => {
    const input = cohort({
      members: MEMBERS,
      people: PEOPLE,
      trainees: [{ id: "t1", specialization: "water", host: "skedsmo" }],
      forbid: [{ trainee: "t1", supervisor: "sup-skedsmo" }],
    });
    const item = only(diagnose(input));
    expect(item.code).toBe("no_supervisor_candidate");
    expect(item.change).toEqual(
      change({ action: "remove-forbid", path: "forbid[0]", person: "sup-skedsmo", role: "supervisor" }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });
});

describe("no_mentor_candidate", () => {
  it("finds no mentor outside the host's organisation", () => {
    const input = cohort({
      members: [
        MEMBERS[0]!,
        {
          id: "skedsmo-kf",
          name: "Skedsmo KF",
          organisation: "skedsmo",
          specializations: [],
          hostCapacity: 0,
          awayCapacity: 0,
        },
        MEMBERS[1]!,
      ],
      people: [PEOPLE[0]!, mentor("mentor-kf", "skedsmo-kf")],
      trainees: [{ id: "t1", specialization: "water", host: "skedsmo" }],
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({ code: "no_mentor_candidate", trainees: ["t1"], people: ["mentor-kf"] });
    expect(item.message).toContain(
      "every mentor works in the same organisation as the host, Skedsmo kommune, and a mentor must come from outside the " +
        "trainee's organisation",
    );
    expect(item.change).toEqual(change({ action: "add-person", role: "mentor", outsideOrganisation: "skedsmo", by: 1 }));
    expect(hasFullPlan(input)).toBe(false);
  });

  it("applies mentorOutside host-and-away to a pinned away member", () => {
    const input = cohort({
      members: MEMBERS,
      people: [PEOPLE[0]!, mentor("mentor-skedsmo", "skedsmo"), mentor("mentor-lorenskog", "lorenskog")],
      trainees: [{ id: "t1", specialization: "water", host: "skedsmo" }],
      pins: [{ trainee: "t1", period: "part-2", member: "lorenskog" }],
      rules: { mentorOutside: "host-and-away" },
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({ code: "no_mentor_candidate", people: ["mentor-lorenskog"] });
    expect(item.message).toContain('rules.mentorOutside is "host-and-away"');
    expect(item.change).toEqual(change({ action: "relax-rule", path: "rules.mentorOutside" }));
    expect(hasFullPlan(input)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// 2. Counting places
// ---------------------------------------------------------------------------------------

describe("host_places_short", () => {
  const threeWater = [
    { id: "t1", specialization: "water" },
    { id: "t2", specialization: "water" },
    { id: "t3", specialization: "water" },
  ];

  it("counts host places at the members that list the specialization", () => {
    const input = cohort({
      members: [
        { ...MEMBERS[0]!, hostCapacity: 1 },
        { ...MEMBERS[1]!, hostCapacity: 1 },
        { ...MEMBERS[2]!, specializations: ["roads"], hostCapacity: 3 },
      ],
      people: PEOPLE,
      trainees: threeWater,
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({
      code: "host_places_short",
      trainees: ["t1", "t2", "t3"],
      members: ["skedsmo", "lorenskog"],
    });
    expect(item.message).toBe(
      "3 trainees in water (t1, t2 and t3) still need a host, but the members that list water (Skedsmo kommune and " +
        "Lørenskog kommune) have only 2 host places left once given and pinned hosts are counted. Suggested change: " +
        "raise the hostCapacity of one or more of these members by 1 in all.",
    );
    expect(item.change).toEqual(change({ action: "raise-capacity", specialization: "water", by: 1 }));
    expect(hasFullPlan(input)).toBe(false);
  });

  it("subtracts the places given hosts take", () => {
    const input = cohort({
      members: [
        { ...MEMBERS[0]!, hostCapacity: 2 },
        { ...MEMBERS[1]!, hostCapacity: 0 },
        { ...MEMBERS[2]!, specializations: ["roads"] },
      ],
      people: [supervisor("sup-skedsmo", "skedsmo", ["water", "roads"], 3), ...PEOPLE.slice(1)],
      trainees: [
        { id: "t1", specialization: "water" },
        { id: "t2", specialization: "water" },
        { id: "t3", specialization: "roads", host: "skedsmo" },
      ],
    });
    const item = only(diagnose(input));
    expect(item.code).toBe("host_places_short");
    expect(item.trainees).toEqual(["t1", "t2"]);
    expect(item.message).toContain(
      "the members that list water (Skedsmo kommune and Lørenskog kommune) have only 1 host place left once given and " +
        "pinned hosts are counted",
    );
    expect(item.change).toEqual(change({ action: "raise-capacity", specialization: "water", by: 1 }));
    expect(hasFullPlan(input)).toBe(false);
  });

  it("counts all host places under the preferred fit", () => {
    const input = cohort({
      members: [
        { ...MEMBERS[0]!, hostCapacity: 1 },
        { ...MEMBERS[1]!, hostCapacity: 1 },
        { ...MEMBERS[2]!, hostCapacity: 0 },
      ],
      people: PEOPLE,
      trainees: threeWater,
      rules: { specializationFit: "preferred" },
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({ code: "host_places_short", members: ["skedsmo", "lorenskog", "nittedal"] });
    expect(item.message).toContain(
      "all members together (Skedsmo kommune, Lørenskog kommune and Nittedal kommune) have only 2 host places left",
    );
    expect(item.change).toEqual(change({ action: "raise-capacity", by: 1 }));
    expect(hasFullPlan(input)).toBe(false);
  });

  it("leaves out the overall count when the specialization count already asks for as many places", () => {
    const input = cohort({
      members: [
        { ...MEMBERS[0]!, hostCapacity: 1 },
        { ...MEMBERS[1]!, hostCapacity: 1 },
        { ...MEMBERS[2]!, hostCapacity: 0 },
      ],
      people: PEOPLE,
      trainees: threeWater,
    });
    const item = only(diagnose(input));
    expect(item.code).toBe("host_places_short");
    expect(item.change?.specialization).toBe("water");
  });

  it("does not repeat a trainee that has no host candidate at all", () => {
    const input = cohort({
      members: [
        { ...MEMBERS[0]!, hostCapacity: 1 },
        { ...MEMBERS[1]!, hostCapacity: 0 },
        { ...MEMBERS[2]!, hostCapacity: 0 },
      ],
      people: [supervisor("sup-skedsmo", "skedsmo", ["water"], 3), ...PEOPLE.slice(1)],
      trainees: [
        { id: "t1", specialization: "water" },
        { id: "t2", specialization: "water" },
        { id: "t3", specialization: "water" },
        { id: "t4", specialization: "surveying" },
      ],
    });
    const items = diagnose(input);
    expect(codes(items)).toEqual(["no_host_candidate", "host_places_short"]);
    expect(items[0]?.trainees).toEqual(["t4"]);
    expect(items[1]?.trainees).toEqual(["t1", "t2", "t3"]);
    expect(items[1]?.change?.by).toBe(2);
  });
});

describe("away_places_short", () => {
  it("reports the same shortage in several away periods once", () => {
    const input = cohort({
      periods: TWO_AWAY,
      members: [
        { ...MEMBERS[0]!, awayCapacity: 1 },
        { ...MEMBERS[1]!, awayCapacity: 1 },
        { ...MEMBERS[2]!, specializations: ["roads"], hostCapacity: 3, awayCapacity: 0 },
      ],
      people: [...PEOPLE.slice(0, 2), supervisor("sup-nittedal", "nittedal", ["water"], 3), ...PEOPLE.slice(3)],
      trainees: [
        { id: "t1", specialization: "water", host: "nittedal" },
        { id: "t2", specialization: "water", host: "nittedal" },
        { id: "t3", specialization: "water", host: "nittedal" },
      ],
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({
      code: "away_places_short",
      trainees: ["t1", "t2", "t3"],
      members: ["skedsmo", "lorenskog"],
    });
    expect(item.message).toBe(
      "In each of the away periods part-2 and part-3, 3 trainees in water (t1, t2 and t3) need an away place, but the " +
        "members that list water (Skedsmo kommune and Lørenskog kommune) take only 2 visiting trainees per away period. " +
        "Suggested change: raise the awayCapacity of one or more of these members by 1 in all.",
    );
    expect(item.change).toEqual(change({ action: "raise-capacity", specialization: "water", by: 1 }));
    expect(hasFullPlan(input)).toBe(false);
  });

  it("counts places outside the organisation of a known host", () => {
    const input = cohort({
      members: [
        { ...MEMBERS[0]!, awayCapacity: 2 },
        { ...MEMBERS[1]!, awayCapacity: 1 },
        { ...MEMBERS[2]!, awayCapacity: 0 },
      ],
      people: PEOPLE,
      trainees: [
        { id: "t1", specialization: "water", host: "skedsmo" },
        { id: "t2", specialization: "water", host: "skedsmo" },
        { id: "t3", specialization: "water", host: "lorenskog" },
      ],
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({ code: "away_places_short", trainees: ["t1", "t2"], members: ["lorenskog", "nittedal"] });
    expect(item.message).toContain(
      "In part-2, 2 trainees in water hosted within Skedsmo kommune (t1 and t2) need an away place outside that " +
        "organisation",
    );
    expect(item.change).toEqual(
      change({ action: "raise-capacity", period: "part-2", specialization: "water", outsideOrganisation: "skedsmo", by: 1 }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });
});

describe("supervisors_short", () => {
  it("counts the supervisors employed by a known host", () => {
    const input = cohort({
      members: MEMBERS,
      people: [
        supervisor("sup-water", "skedsmo", ["water"], 1),
        supervisor("sup-roads", "skedsmo", ["roads"], 5),
        ...PEOPLE.slice(1),
      ],
      trainees: [
        { id: "t1", specialization: "water", host: "skedsmo" },
        { id: "t2", specialization: "water", host: "skedsmo" },
      ],
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({
      code: "supervisors_short",
      trainees: ["t1", "t2"],
      members: ["skedsmo"],
      people: ["sup-water"],
    });
    expect(item.message).toBe(
      "2 trainees in water (t1 and t2) have Skedsmo kommune as their host, but its only supervisor who lists water, " +
        "sup-water, can take only 1 trainee. Suggested change: raise the capacity of sup-water (people[0].capacity) by 1, " +
        "or add a supervisor who lists water at Skedsmo kommune.",
    );
    expect(item.change).toEqual(
      change({
        action: "raise-capacity",
        path: "people[0].capacity",
        person: "sup-water",
        member: "skedsmo",
        role: "supervisor",
        specialization: "water",
        by: 1,
      }),
    );
    expect(hasFullPlan(input)).toBe(false);
  });

  it("counts all supervisors together", () => {
    const input = cohort({
      members: MEMBERS,
      people: [
        supervisor("sup-skedsmo", "skedsmo", ["water"], 1),
        supervisor("sup-lorenskog", "lorenskog", ["water"], 1),
        ...PEOPLE.slice(3),
      ],
      trainees: [
        { id: "t1", specialization: "water" },
        { id: "t2", specialization: "water" },
        { id: "t3", specialization: "water" },
      ],
      rules: { specializationFit: "preferred" },
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({ code: "supervisors_short", trainees: ["t1", "t2", "t3"], members: [] });
    expect(item.message).toContain(
      "all supervisors together (sup-skedsmo and sup-lorenskog) can take only 2 trainees in all",
    );
    expect(item.change).toEqual(change({ action: "add-person", role: "supervisor", by: 1 }));
    expect(hasFullPlan(input)).toBe(false);
  });
});

describe("mentors_short", () => {
  it("counts mentors outside the organisation of a known host", () => {
    const input = cohort({
      members: MEMBERS,
      people: [...PEOPLE.slice(0, 3), mentor("mentor-skedsmo", "skedsmo", 5), mentor("mentor-lorenskog", "lorenskog", 1)],
      trainees: [
        { id: "t1", specialization: "water", host: "skedsmo" },
        { id: "t2", specialization: "roads", host: "skedsmo" },
      ],
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({ code: "mentors_short", trainees: ["t1", "t2"], people: ["mentor-lorenskog"] });
    expect(item.message).toBe(
      "2 trainees hosted within Skedsmo kommune (t1 and t2) need a mentor from outside that organisation, but the only " +
        "mentor outside it, mentor-lorenskog, can take only 1 trainee. Suggested change: add mentors outside Skedsmo " +
        "kommune for 1 more trainee, or raise the capacity of existing ones.",
    );
    expect(item.change).toEqual(change({ action: "add-person", role: "mentor", outsideOrganisation: "skedsmo", by: 1 }));
    expect(hasFullPlan(input)).toBe(false);
  });

  it("counts all mentors together", () => {
    const input = cohort({
      members: MEMBERS,
      people: [...PEOPLE.slice(0, 3), mentor("mentor-skedsmo", "skedsmo", 1), mentor("mentor-lorenskog", "lorenskog", 1)],
      trainees: [
        { id: "t1", specialization: "water" },
        { id: "t2", specialization: "water" },
        { id: "t3", specialization: "roads" },
      ],
    });
    const item = only(diagnose(input));
    expect(item).toMatchObject({
      code: "mentors_short",
      trainees: ["t1", "t2", "t3"],
      people: ["mentor-skedsmo", "mentor-lorenskog"],
    });
    expect(item.change).toEqual(change({ action: "add-person", role: "mentor", by: 1 }));
    expect(hasFullPlan(input)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// Order and determinism
// ---------------------------------------------------------------------------------------

describe("output", () => {
  const troubled = cohort({
    members: MEMBERS,
    people: [supervisor("sup-skedsmo", "skedsmo", ["roads"], 1), mentor("mentor-lorenskog", "lorenskog", 1)],
    trainees: [
      { id: "t1", specialization: "water", host: "skedsmo" },
      { id: "t2", specialization: "surveying" },
      { id: "t3", specialization: "roads", host: "lorenskog" },
      { id: "t4", specialization: "water", host: "nittedal" },
    ],
  });

  it("comes by check, then in input order, and is the same every time", () => {
    const items = diagnose(troubled);
    expect(items.map((i) => [i.code, i.trainees.join(",")])).toEqual([
      ["no_host_candidate", "t2"],
      ["no_supervisor_candidate", "t1"],
      ["no_supervisor_candidate", "t3"],
      ["no_supervisor_candidate", "t4"],
      ["no_mentor_candidate", "t3"],
      ["mentors_short", "t1,t2,t4"],
    ]);
    const rank = (code: string) => PRECHECK_CODES.indexOf(code as (typeof PRECHECK_CODES)[number]);
    const ranks = items.map((i) => rank(i.code));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(diagnose(troubled)).toEqual(items);
    expect(hasFullPlan(troubled)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

/** Checks every item's shape and references; returns the items. */
function checkedItems(cohort: Cohort): DiagnosisItem[] {
  const items = precheckCohort(indexCohort(cohort));
  const trainees = new Set(cohort.trainees.map((t) => t.id));
  const members = new Set(cohort.members.map((m) => m.id));
  const people = new Set(cohort.people.map((p) => p.id));
  for (const item of items) {
    expect(diagnosisItemSchema.parse(item)).toEqual(item);
    expect(PRECHECK_CODES).toContain(item.code);
    expect(item.trainees.length).toBeGreaterThan(0);
    for (const t of item.trainees) expect(trainees.has(t)).toBe(true);
    for (const m of item.members) expect(members.has(m)).toBe(true);
    for (const p of item.people) expect(people.has(p)).toBe(true);
    expect(item.message).not.toMatch(/undefined|null|NaN|\s\s|\.\./);
  }
  return items;
}

describe("properties", () => {
  it("reports only cohorts that have no plan filling every role", () => {
    fc.assert(
      fc.property(smallCohortArbitrary({ allowUnassigned: false }), (input) => {
        const parsed = parseCohort(input);
        if (!parsed.ok) throw new Error(`the generator made an invalid cohort: ${JSON.stringify(parsed.issues)}`);
        const items = checkedItems(parsed.cohort);
        if (items.length > 0) expect(bruteForceOptimum(parsed.cohort)).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it("with allowUnassigned, reports only cohorts where the best plan leaves a role empty", () => {
    fc.assert(
      fc.property(smallCohortArbitrary({ allowUnassigned: true }), (input) => {
        const parsed = parseCohort(input);
        if (!parsed.ok) throw new Error(`the generator made an invalid cohort: ${JSON.stringify(parsed.issues)}`);
        const items = checkedItems(parsed.cohort);
        if (items.length === 0) return;
        const roles = parsed.cohort.trainees.length * (3 + parsed.index.awayPeriods.length);
        const best = bruteForceOptimum(parsed.cohort);
        expect(best === null || best.filled < roles).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it("exercises every check on the generated cohorts (so the properties above are not vacuous)", () => {
    const seen = new Set<string>();
    for (const input of fc.sample(smallCohortArbitrary({ allowUnassigned: false }), { numRuns: 1500, seed: 20130819 })) {
      const parsed = parseCohort(input);
      if (!parsed.ok) continue;
      for (const item of precheckCohort(parsed.index)) seen.add(item.code);
    }
    expect([...seen].sort()).toEqual([...PRECHECK_CODES].sort());
  });
});
