/**
 * The pre-solve checks. Each code has a table of tiny cohorts that trigger it, each with the
 * trainees, members, people and suggested change it must name; hand-made feasible cohorts yield
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

/**
 * One tiny cohort and the one item precheck must report for it. Every case also asks the
 * brute-force oracle that no plan fills every role (precheck only reports what is true).
 */
interface Case {
  readonly name: string;
  readonly input: CohortInput;
  /** Fields the item must have (`toMatchObject`: lists compared whole). */
  readonly item: Partial<DiagnosisItem>;
  /** The whole message, where the case pins it down. */
  readonly message?: string;
  /** A pattern the message must match. */
  readonly matches?: RegExp;
  /** Passages the message must contain. */
  readonly contains?: readonly string[];
  /** The suggested change, whole. */
  readonly change?: SuggestedChange;
}

/** One test per case, named by the case. */
function itReports(cases: readonly Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const item = only(diagnose(c.input));
    expect(item).toMatchObject(c.item);
    if (c.message !== undefined) expect(item.message).toBe(c.message);
    if (c.matches !== undefined) expect(item.message).toMatch(c.matches);
    for (const passage of c.contains ?? []) expect(item.message).toContain(passage);
    if (c.change !== undefined) expect(item.change).toEqual(c.change);
    expect(hasFullPlan(c.input)).toBe(false);
  });
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

  it.each(Object.entries(feasible))("reports nothing: %s", (_name, input) => {
    expect(hasFullPlan(input)).toBe(true);
    expect(diagnose(input)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// 1. A role without any candidate
// ---------------------------------------------------------------------------------------

describe("no_host_candidate", () => {
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

  itReports([
    {
      name: "names a specialization no member lists and suggests relaxing the fit",
      input: cohort({
        members: MEMBERS,
        people: PEOPLE,
        trainees: [{ id: "t1", name: "Kari Nordmann", specialization: "surveying" }],
      }),
      item: { code: "no_host_candidate", trainees: ["t1"], members: [], people: [] },
      matches: /^No member can host Kari Nordmann \(trainee t1, surveying\): no member lists surveying\./,
      change: change({ action: "relax-rule", path: "rules.specializationFit", specialization: "surveying" }),
    },
    {
      name: "gives each member's reason and suggests removing the forbid that matters",
      // Nittedal has a place left; only the forbid keeps the trainee out.
      input: crowded(3, [{ trainee: "t1", member: "nittedal" }]),
      item: { code: "no_host_candidate", trainees: ["t1"], members: ["skedsmo", "lorenskog", "nittedal"] },
      contains: [
        "Among the members that list water:",
        "Skedsmo kommune has no host place left " +
          "(its only host place is taken by trainee Ola Hansen with a given or pinned host)",
        "Lørenskog kommune hosts no trainees (hostCapacity 0)",
        "Nittedal kommune is ruled out for this trainee by forbid[0]",
      ],
      change: change({ action: "remove-forbid", path: "forbid[0]", member: "nittedal" }),
    },
    {
      name: "suggests raising a host capacity when only capacity is in the way",
      input: crowded(2, []),
      item: { code: "no_host_candidate" },
      contains: ["Nittedal kommune has no host place left (all 2 host places are taken by trainees t3 and t4"],
      change: change({ action: "raise-capacity", path: "members[0].hostCapacity", member: "skedsmo", by: 1 }),
    },
    {
      name: "counts the organisation of a pinned away member against every host",
      input: cohort({
        members: [
          { ...MEMBERS[0]!, organisation: "lorenskog" },
          MEMBERS[1]!,
          { ...MEMBERS[2]!, specializations: ["roads"] },
        ],
        people: PEOPLE,
        trainees: [{ id: "t1", specialization: "water" }],
        pins: [{ trainee: "t1", period: "part-2", member: "lorenskog" }],
      }),
      item: { code: "no_host_candidate" },
      matches: /^No member can host trainee t1 \(water\)\./,
      contains: [
        "Skedsmo kommune is in the same organisation as Lørenskog kommune, where pins[0]",
        "Lørenskog kommune is where pins[0] places the trainee away in part-2",
      ],
      change: change({ action: "remove-pin", path: "pins[0]", member: "lorenskog", period: "part-2" }),
    },
  ]);
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

  itReports([
    {
      name: "explains every member in the trainee's terms and suggests removing the forbid",
      input: cohort({ members, people: PEOPLE, trainees, pins, forbid: [{ trainee: "t1", member: "nittedal" }] }),
      item: { code: "no_away_candidate", trainees: ["t1"] },
      matches: /^Kari Nordmann \(trainee t1, water\) has no possible away member in part-2\./,
      contains: [
        "Skedsmo kommune is the host",
        "Skedsmo KF is in the same organisation as the host, Skedsmo kommune, and an away period must be spent at " +
          "another organisation",
        "Lørenskog kommune has no visiting place left in part-2 (its only place is taken by trainee Ola Hansen pinned " +
          "there)",
        "Nittedal kommune is ruled out for this trainee by forbid[0]",
      ],
      change: change({ action: "remove-forbid", path: "forbid[0]", member: "nittedal" }),
    },
    {
      name: "suggests raising the away capacity of a member whose places pins took",
      input: cohort({
        members: [...members.slice(0, 3), { ...MEMBERS[2]!, awayCapacity: 0 }],
        people: PEOPLE,
        trainees,
        pins,
      }),
      item: { code: "no_away_candidate" },
      contains: ["Nittedal kommune takes no visiting trainees (awayCapacity 0)"],
      change: change({
        action: "raise-capacity",
        path: "members[2].awayCapacity",
        member: "lorenskog",
        period: "part-2",
        by: 1,
      }),
    },
  ]);
});

describe("too_few_away_candidates", () => {
  itReports([
    {
      name: "needs a different member for each away period",
      input: cohort({
        periods: TWO_AWAY,
        members: [MEMBERS[0]!, MEMBERS[1]!, { ...MEMBERS[2]!, awayCapacity: 0 }],
        people: PEOPLE,
        trainees: [{ id: "t1", name: "Kari Nordmann", specialization: "water", host: "skedsmo" }],
      }),
      item: { code: "too_few_away_candidates", trainees: ["t1"], members: ["lorenskog"] },
      matches: new RegExp(
        "^Kari Nordmann \\(trainee t1, water\\) needs 2 different members for the away periods part-2 and part-3, " +
          "but only 1 member outside the host's organisation can take the trainee \\(possible: Lørenskog kommune\\)\\.",
      ),
      change: change({
        action: "raise-capacity",
        path: "members[2].awayCapacity",
        member: "nittedal",
        period: "part-2",
        by: 1,
      }),
    },
    {
      name: "holds whichever member hosts: each possible host rules out the other",
      // Two possible hosts and two possible away members, but they are the same two members:
      // whichever hosts, only the other one is left for two away periods.
      input: cohort({
        periods: TWO_AWAY,
        members: [MEMBERS[0]!, MEMBERS[1]!, { ...MEMBERS[2]!, specializations: ["roads"] }],
        people: PEOPLE,
        trainees: [{ id: "t1", specialization: "water" }],
      }),
      item: { code: "too_few_away_candidates", members: ["skedsmo", "lorenskog"] },
      contains: ["whichever member hosts the trainee, at most 1 member outside the host's organisation"],
      change: change({ action: "relax-rule", path: "rules.specializationFit", specialization: "water" }),
    },
  ]);
});

describe("no_supervisor_candidate", () => {
  itReports([
    {
      name: "says the host has no supervisor who lists the specialization",
      input: cohort({
        members: MEMBERS,
        people: [supervisor("sup-skedsmo", "skedsmo", ["roads"]), ...PEOPLE.slice(1)],
        trainees: [{ id: "t1", name: "Kari Nordmann", specialization: "water", host: "skedsmo" }],
      }),
      item: { code: "no_supervisor_candidate", trainees: ["t1"], members: ["skedsmo"], people: ["sup-skedsmo"] },
      message:
        "Kari Nordmann (trainee t1, water) has no possible supervisor: Skedsmo kommune, the host, has no supervisor who " +
        "lists water. Suggested change: add a supervisor who lists water at Skedsmo kommune.",
      change: change({ action: "add-person", role: "supervisor", member: "skedsmo", specialization: "water", by: 1 }),
    },
    {
      name: "suggests raising the capacity of a supervisor another trainee has pinned",
      input: cohort({
        members: MEMBERS,
        people: [supervisor("sup-skedsmo", "skedsmo", ["water"], 1), ...PEOPLE.slice(1)],
        trainees: [
          { id: "t1", specialization: "water", host: "skedsmo" },
          { id: "t2", specialization: "water", host: "skedsmo" },
        ],
        pins: [{ trainee: "t2", supervisor: "sup-skedsmo" }],
      }),
      item: { code: "no_supervisor_candidate", trainees: ["t1"] },
      contains: ["sup-skedsmo has no place left (its only place is taken by trainee t2 pinned to this supervisor)"],
      change: change({
        action: "raise-capacity",
        path: "people[0].capacity",
        person: "sup-skedsmo",
        member: "skedsmo",
        role: "supervisor",
        by: 1,
      }),
    },
    {
      name: "suggests removing the forbid on the only supervisor",
      input: cohort({
        members: MEMBERS,
        people: PEOPLE,
        trainees: [{ id: "t1", specialization: "water", host: "skedsmo" }],
        forbid: [{ trainee: "t1", supervisor: "sup-skedsmo" }],
      }),
      item: { code: "no_supervisor_candidate" },
      change: change({ action: "remove-forbid", path: "forbid[0]", person: "sup-skedsmo", role: "supervisor" }),
    },
  ]);
});

describe("no_mentor_candidate", () => {
  itReports([
    {
      name: "finds no mentor outside the host's organisation",
      input: cohort({
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
      }),
      item: { code: "no_mentor_candidate", trainees: ["t1"], people: ["mentor-kf"] },
      contains: [
        "every mentor works in the same organisation as the host, Skedsmo kommune, and a mentor must come from outside " +
          "the trainee's organisation",
      ],
      change: change({ action: "add-person", role: "mentor", outsideOrganisation: "skedsmo", by: 1 }),
    },
    {
      name: "applies mentorOutside host-and-away to a pinned away member",
      input: cohort({
        members: MEMBERS,
        people: [PEOPLE[0]!, mentor("mentor-skedsmo", "skedsmo"), mentor("mentor-lorenskog", "lorenskog")],
        trainees: [{ id: "t1", specialization: "water", host: "skedsmo" }],
        pins: [{ trainee: "t1", period: "part-2", member: "lorenskog" }],
        rules: { mentorOutside: "host-and-away" },
      }),
      item: { code: "no_mentor_candidate", people: ["mentor-lorenskog"] },
      contains: ['rules.mentorOutside is "host-and-away"'],
      change: change({ action: "relax-rule", path: "rules.mentorOutside" }),
    },
  ]);
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

  itReports([
    {
      name: "counts host places at the members that list the specialization",
      input: cohort({
        members: [
          { ...MEMBERS[0]!, hostCapacity: 1 },
          { ...MEMBERS[1]!, hostCapacity: 1 },
          { ...MEMBERS[2]!, specializations: ["roads"], hostCapacity: 3 },
        ],
        people: PEOPLE,
        trainees: threeWater,
      }),
      item: { code: "host_places_short", trainees: ["t1", "t2", "t3"], members: ["skedsmo", "lorenskog"] },
      message:
        "3 trainees in water (t1, t2 and t3) still need a host, but the members that list water (Skedsmo kommune and " +
        "Lørenskog kommune) have only 2 host places left once given and pinned hosts are counted. Suggested change: " +
        "raise the hostCapacity of one or more of these members by 1 in all.",
      change: change({ action: "raise-capacity", specialization: "water", by: 1 }),
    },
    {
      name: "subtracts the places given hosts take",
      input: cohort({
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
      }),
      item: { code: "host_places_short", trainees: ["t1", "t2"] },
      contains: [
        "the members that list water (Skedsmo kommune and Lørenskog kommune) have only 1 host place left once given " +
          "and pinned hosts are counted",
      ],
      change: change({ action: "raise-capacity", specialization: "water", by: 1 }),
    },
    {
      name: "counts all host places under the preferred fit",
      input: cohort({
        members: [
          { ...MEMBERS[0]!, hostCapacity: 1 },
          { ...MEMBERS[1]!, hostCapacity: 1 },
          { ...MEMBERS[2]!, hostCapacity: 0 },
        ],
        people: PEOPLE,
        trainees: threeWater,
        rules: { specializationFit: "preferred" },
      }),
      item: { code: "host_places_short", members: ["skedsmo", "lorenskog", "nittedal"] },
      contains: [
        "all members together (Skedsmo kommune, Lørenskog kommune and Nittedal kommune) have only 2 host places left",
      ],
      change: change({ action: "raise-capacity", by: 1 }),
    },
    {
      name: "leaves out the overall count when the specialization count already asks for as many places",
      input: cohort({
        members: [
          { ...MEMBERS[0]!, hostCapacity: 1 },
          { ...MEMBERS[1]!, hostCapacity: 1 },
          { ...MEMBERS[2]!, hostCapacity: 0 },
        ],
        people: PEOPLE,
        trainees: threeWater,
      }),
      item: { code: "host_places_short" },
      change: change({ action: "raise-capacity", specialization: "water", by: 1 }),
    },
  ]);

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
  itReports([
    {
      name: "reports the same shortage in several away periods once",
      input: cohort({
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
      }),
      item: { code: "away_places_short", trainees: ["t1", "t2", "t3"], members: ["skedsmo", "lorenskog"] },
      message:
        "In each of the away periods part-2 and part-3, 3 trainees in water (t1, t2 and t3) need an away place, but the " +
        "members that list water (Skedsmo kommune and Lørenskog kommune) take only 2 visiting trainees per away period. " +
        "Suggested change: raise the awayCapacity of one or more of these members by 1 in all.",
      change: change({ action: "raise-capacity", specialization: "water", by: 1 }),
    },
    {
      name: "counts places outside the organisation of a known host",
      input: cohort({
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
      }),
      item: { code: "away_places_short", trainees: ["t1", "t2"], members: ["lorenskog", "nittedal"] },
      contains: [
        "In part-2, 2 trainees in water hosted within Skedsmo kommune (t1 and t2) need an away place outside that " +
          "organisation",
      ],
      change: change({
        action: "raise-capacity",
        period: "part-2",
        specialization: "water",
        outsideOrganisation: "skedsmo",
        by: 1,
      }),
    },
  ]);
});

describe("supervisors_short", () => {
  itReports([
    {
      name: "counts the supervisors employed by a known host",
      input: cohort({
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
      }),
      item: { code: "supervisors_short", trainees: ["t1", "t2"], members: ["skedsmo"], people: ["sup-water"] },
      message:
        "2 trainees in water (t1 and t2) have Skedsmo kommune as their host, but its only supervisor who lists water, " +
        "sup-water, can take only 1 trainee. Suggested change: raise the capacity of sup-water (people[0].capacity) by 1, " +
        "or add a supervisor who lists water at Skedsmo kommune.",
      change: change({
        action: "raise-capacity",
        path: "people[0].capacity",
        person: "sup-water",
        member: "skedsmo",
        role: "supervisor",
        specialization: "water",
        by: 1,
      }),
    },
    {
      name: "counts all supervisors together",
      input: cohort({
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
      }),
      item: { code: "supervisors_short", trainees: ["t1", "t2", "t3"], members: [] },
      contains: ["all supervisors together (sup-skedsmo and sup-lorenskog) can take only 2 trainees in all"],
      change: change({ action: "add-person", role: "supervisor", by: 1 }),
    },
  ]);
});

describe("mentors_short", () => {
  itReports([
    {
      name: "counts mentors outside the organisation of a known host",
      input: cohort({
        members: MEMBERS,
        people: [...PEOPLE.slice(0, 3), mentor("mentor-skedsmo", "skedsmo", 5), mentor("mentor-lorenskog", "lorenskog", 1)],
        trainees: [
          { id: "t1", specialization: "water", host: "skedsmo" },
          { id: "t2", specialization: "roads", host: "skedsmo" },
        ],
      }),
      item: { code: "mentors_short", trainees: ["t1", "t2"], people: ["mentor-lorenskog"] },
      message:
        "2 trainees hosted within Skedsmo kommune (t1 and t2) need a mentor from outside that organisation, but the only " +
        "mentor outside it, mentor-lorenskog, can take only 1 trainee. Suggested change: add mentors outside Skedsmo " +
        "kommune for 1 more trainee, or raise the capacity of existing ones.",
      change: change({ action: "add-person", role: "mentor", outsideOrganisation: "skedsmo", by: 1 }),
    },
    {
      name: "counts all mentors together",
      input: cohort({
        members: MEMBERS,
        people: [...PEOPLE.slice(0, 3), mentor("mentor-skedsmo", "skedsmo", 1), mentor("mentor-lorenskog", "lorenskog", 1)],
        trainees: [
          { id: "t1", specialization: "water" },
          { id: "t2", specialization: "water" },
          { id: "t3", specialization: "roads" },
        ],
      }),
      item: { code: "mentors_short", trainees: ["t1", "t2", "t3"], people: ["mentor-skedsmo", "mentor-lorenskog"] },
      change: change({ action: "add-person", role: "mentor", by: 1 }),
    },
  ]);
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
