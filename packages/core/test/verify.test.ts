/**
 * verifyPlan: a hand-written valid plan, then one mutation per rule of the contract, each
 * expected to give exactly the listed violations (code and path). Then properties on random
 * cohorts against the brute-force oracle, whose rule checks are written apart from verify.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexCohort } from "../src/domain/cohort-index.js";
import { balanceOf, choiceOfAssignment, costOfChoice, totalCost, type TraineeChoice } from "../src/domain/cost.js";
// Plans as the format allows them (PlanJson), not the sharper Plan: most here break a rule on purpose.
import type { Cohort, CohortInput, PlanJson as Plan } from "../src/domain/schema.js";
import { parseCohort } from "../src/domain/validate.js";
import { VIOLATION_CODES, verifyPlan, type PlanViolation, type ViolationCode } from "../src/result/verify.js";
import { smallCohortArbitrary, withShuffledLists } from "./support/arbitraries.js";
import { bruteForceOptimum, enumerateTraineeChoices, isValidChoiceSet, planFromChoices } from "./support/brute-force.js";

// ---------------------------------------------------------------------------------------
// The hand-made cohort and plan
// ---------------------------------------------------------------------------------------

/**
 * Five members: skedsmo and its company skedsmo-kf are one organisation. Four periods: host,
 * away, away, host. ada is hired by skedsmo; bo's host is chosen.
 */
const COHORT: CohortInput = {
  format: "rotamatch.cohort/v1",
  programme: {
    name: "Verify test",
    start: "2013-08-19",
    periods: [
      { id: "part-1", months: 6, at: "host" },
      { id: "part-2", months: 3, at: "away" },
      { id: "part-3", months: 3, at: "away" },
      { id: "part-4", months: 6, at: "host" },
    ],
  },
  members: [
    { id: "skedsmo", kind: "municipality", specializations: ["water", "roads"], hostCapacity: 1, awayCapacity: 1 },
    { id: "skedsmo-kf", kind: "municipal-company", organisation: "skedsmo", specializations: ["water"], hostCapacity: 1, awayCapacity: 1 },
    { id: "lorenskog", kind: "municipality", specializations: ["water", "roads"], hostCapacity: 2, awayCapacity: 1 },
    { id: "nrv", kind: "inter-municipal-company", specializations: ["water"], hostCapacity: 0, awayCapacity: 2 },
    { id: "roaf", kind: "inter-municipal-company", specializations: ["waste"], hostCapacity: 1, awayCapacity: 1 },
  ],
  people: [
    { id: "sup-skedsmo", member: "skedsmo", role: "supervisor", capacity: 1, specializations: ["water"] },
    { id: "sup-lorenskog", member: "lorenskog", role: "supervisor", capacity: 2, specializations: ["water", "roads"] },
    { id: "sup-lorenskog-2", member: "lorenskog", role: "supervisor", capacity: 1, specializations: ["water"] },
    { id: "sup-lorenskog-roads", member: "lorenskog", role: "supervisor", capacity: 1, specializations: ["roads"] },
    { id: "sup-roaf", member: "roaf", role: "supervisor", capacity: 1, specializations: ["waste"] },
    { id: "men-nrv", member: "nrv", role: "mentor", capacity: 1, specializations: ["water"] },
    { id: "men-roaf", member: "roaf", role: "mentor", capacity: 2, specializations: [] },
    { id: "men-kf", member: "skedsmo-kf", role: "mentor", capacity: 1, specializations: ["water"] },
    { id: "men-lorenskog", member: "lorenskog", role: "mentor", capacity: 1, specializations: ["water"] },
  ],
  trainees: [
    { id: "ada", specialization: "water", host: "skedsmo", awayPreferences: ["nrv", "lorenskog"] },
    { id: "bo", specialization: "water", hostPreferences: ["lorenskog"], awayPreferences: ["nrv"] },
  ],
};

const DATES = {
  "part-1": { from: "2013-08-19", to: "2014-02-18" },
  "part-2": { from: "2014-02-19", to: "2014-05-18" },
  "part-3": { from: "2014-05-19", to: "2014-08-18" },
  "part-4": { from: "2014-08-19", to: "2015-02-18" },
} as const;

function at(period: keyof typeof DATES, member: string) {
  return { period, member, ...DATES[period] };
}

/**
 * A valid plan, costs by hand (default weights, no locations so no travel):
 * ada: away nrv (rank 0) and lorenskog (rank 1) -> awayRank 10; mentor men-nrv lists water -> 0. Total 10.
 * bo: host lorenskog (rank 0) -> 0; away skedsmo-kf (not listed: rank 1) and nrv (0) -> 10;
 *     mentor men-roaf lists nothing -> 5. Total 15. Objective 25.
 */
const PLAN: Plan = {
  format: "rotamatch.plan/v1",
  status: "optimal",
  objective: 25,
  bound: 25,
  assignments: [
    {
      trainee: "ada",
      host: "skedsmo",
      supervisor: "sup-skedsmo",
      mentor: "men-nrv",
      placements: [at("part-1", "skedsmo"), at("part-2", "nrv"), at("part-3", "lorenskog"), at("part-4", "skedsmo")],
      cost: { awayRank: 10, travelPerKm: 0, mentorSpecialization: 0 },
    },
    {
      trainee: "bo",
      host: "lorenskog",
      supervisor: "sup-lorenskog",
      mentor: "men-roaf",
      placements: [at("part-1", "lorenskog"), at("part-2", "skedsmo-kf"), at("part-3", "nrv"), at("part-4", "lorenskog")],
      cost: { awayRank: 10, hostRank: 0, travelPerKm: 0, mentorSpecialization: 5 },
    },
  ],
  unassigned: [],
  diagnosis: [],
};

function parse(input: unknown): Cohort {
  const parsed = parseCohort(input);
  if (!parsed.ok) throw new Error(`test cohort is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.cohort;
}

function cohortWith(change: (c: CohortInput) => void = () => {}): Cohort {
  const copy = structuredClone(COHORT);
  change(copy);
  return parse(copy);
}

/** The plan's costs and objective recomputed from its own content (so a mutation tests one rule). */
function recost(cohort: Cohort, plan: Plan): Plan {
  const index = indexCohort(cohort);
  const seen = new Set<string>();
  let objective = 0;
  const assignments = plan.assignments.map((a) => {
    const trainee = index.traineeById.get(a.trainee);
    if (trainee === undefined) return a;
    const choice: TraineeChoice = {
      host: a.host,
      away: index.awayPeriods.map((p) => a.placements.find((x) => x.period === p.id)?.member ?? null),
      supervisor: a.supervisor,
      mentor: a.mentor,
    };
    const cost = costOfChoice(index, trainee, choice);
    if (!seen.has(a.trainee)) objective += totalCost(cost);
    seen.add(a.trainee);
    return { ...a, cost };
  });
  return { ...plan, assignments, objective, bound: plan.bound === null ? null : objective };
}

/** The plan's balance as rotamatch lists it (domain/cost.ts balanceOf), for cases that then break it. */
function listedBalance(plan: Plan): NonNullable<Plan["balance"]> {
  const index = indexCohort(parse(COHORT));
  return balanceOf(index, plan.assignments.map((a) => choiceOfAssignment(index, a)));
}

function codesAndPaths(violations: readonly PlanViolation[]): string[] {
  return violations.map((v) => `${v.code} ${v.path}`).sort();
}

/** Every message is a plain sentence: no leaked `undefined` or object dumps. */
function expectReadable(violations: readonly PlanViolation[]): void {
  for (const v of violations) {
    expect(v.message.length).toBeGreaterThan(20);
    expect(v.message).not.toMatch(/undefined|\[object|NaN/);
    expect(v.message).toMatch(/[.]$/);
  }
}

// ---------------------------------------------------------------------------------------
// One case per rule
// ---------------------------------------------------------------------------------------

interface Case {
  readonly name: string;
  readonly cohort?: (c: CohortInput) => void;
  /** Changes a fresh copy of PLAN (costs and objective are recomputed after, unless `keepCosts`). */
  readonly plan?: (p: Plan) => void;
  readonly keepCosts?: boolean;
  /** `code path` of every expected violation. */
  readonly expected: readonly string[];
}

const a0 = (p: Plan) => p.assignments[0] as Plan["assignments"][number];
const a1 = (p: Plan) => p.assignments[1] as Plan["assignments"][number];

const CASES: readonly Case[] = [
  { name: "the hand-made plan is valid", expected: [] },

  // the plan as a whole
  {
    name: "a plan in another format",
    plan: (p) => {
      (p as { format: string }).format = "rotamatch.plan/v2";
    },
    expected: ["wrong_format format"],
  },
  {
    name: "a cohort that is not valid: nothing can be checked against it",
    cohort: (c) => {
      (c as { format: string }).format = "rotamatch.cohort/v0";
    },
    keepCosts: true,
    expected: ["invalid_cohort "],
  },
  {
    name: "a plan that is not in the plan format at all",
    plan: (p) => {
      (p as unknown as { assignments: unknown }).assignments = "nope";
    },
    keepCosts: true,
    expected: ["invalid_plan assignments"],
  },

  // trainees
  { name: "a trainee left out", plan: (p) => void p.assignments.pop(), expected: ["missing_trainee assignments"] },
  {
    name: "a trainee twice",
    plan: (p) => void p.assignments.push(structuredClone(a0(p))),
    expected: ["duplicate_trainee assignments[2].trainee"],
  },
  {
    name: "a trainee the cohort does not have",
    plan: (p) => void p.assignments.push({ ...structuredClone(a1(p)), trainee: "zed" }),
    expected: ["unknown_trainee assignments[2].trainee"],
  },

  // hosts
  {
    name: "a given host not respected",
    plan: (p) => {
      a0(p).host = "lorenskog";
    },
    expected: [
      "host_mismatch assignments[0].host",
      "host_mismatch assignments[0].placements[0].member",
      "host_mismatch assignments[0].placements[3].member",
      "same_organisation assignments[0].placements[2].member",
      "wrong_employer assignments[0].supervisor",
    ],
  },
  {
    name: "a host period spent elsewhere",
    plan: (p) => {
      a0(p).placements[0] = at("part-1", "lorenskog");
    },
    expected: ["host_mismatch assignments[0].placements[0].member"],
  },
  {
    name: "a chosen host that does not offer the specialization (nor does its supervisor)",
    plan: (p) => {
      const bo = a1(p);
      bo.host = "roaf";
      bo.supervisor = "sup-roaf";
      bo.mentor = "men-lorenskog";
      bo.placements = [at("part-1", "roaf"), at("part-2", "skedsmo-kf"), at("part-3", "nrv"), at("part-4", "roaf")];
    },
    expected: ["specialization_mismatch assignments[1].host", "specialization_mismatch assignments[1].supervisor"],
  },
  {
    name: "a forbidden host",
    cohort: (c) => {
      c.forbid = [{ trainee: "bo", member: "lorenskog" }];
    },
    expected: ["forbidden assignments[1].host"],
  },
  {
    name: "a host over its hostCapacity, with its supervisor over capacity too",
    plan: (p) => {
      const bo = a1(p);
      bo.host = "skedsmo";
      bo.supervisor = "sup-skedsmo";
      bo.placements = [at("part-1", "skedsmo"), at("part-2", "lorenskog"), at("part-3", "nrv"), at("part-4", "skedsmo")];
    },
    expected: ["capacity_exceeded assignments[1].host", "capacity_exceeded assignments[1].supervisor"],
  },
  {
    name: "an unknown host (reported, not thrown)",
    plan: (p) => {
      const bo = a1(p);
      bo.host = "atlantis";
      bo.placements = [at("part-1", "atlantis"), at("part-2", "skedsmo-kf"), at("part-3", "nrv"), at("part-4", "atlantis")];
    },
    expected: ["unknown_member assignments[1].host", "wrong_employer assignments[1].supervisor"],
  },

  // away placements
  {
    name: "away at a member of the host's organisation",
    plan: (p) => {
      a0(p).placements[2] = at("part-3", "skedsmo-kf");
    },
    expected: ["same_organisation assignments[0].placements[2].member"],
  },
  {
    name: "away at the host itself",
    plan: (p) => {
      a0(p).placements[2] = at("part-3", "skedsmo");
    },
    expected: ["same_organisation assignments[0].placements[2].member"],
  },
  {
    name: "two away periods at one member",
    plan: (p) => {
      a0(p).placements[2] = at("part-3", "nrv");
    },
    expected: ["repeated_away_member assignments[0].placements[2].member"],
  },
  {
    name: "a member over its awayCapacity in one period",
    cohort: (c) => {
      const nrv = c.members.find((m) => m.id === "nrv");
      if (nrv) nrv.awayCapacity = 1;
    },
    plan: (p) => {
      a1(p).placements[1] = at("part-2", "nrv");
      a1(p).placements[2] = at("part-3", "skedsmo-kf");
    },
    expected: ["capacity_exceeded assignments[1].placements[1].member"],
  },
  {
    name: "away at an unknown member",
    plan: (p) => {
      a0(p).placements[2] = at("part-3", "atlantis");
    },
    expected: ["unknown_member assignments[0].placements[2].member"],
  },
  {
    name: "away at a member that does not offer the specialization",
    plan: (p) => {
      a0(p).placements[2] = at("part-3", "roaf");
    },
    expected: ["specialization_mismatch assignments[0].placements[2].member"],
  },
  {
    name: "away at a forbidden member",
    cohort: (c) => {
      c.forbid = [{ trainee: "ada", member: "lorenskog" }];
    },
    expected: ["forbidden assignments[0].placements[2].member"],
  },
  {
    name: "wrong dates",
    plan: (p) => {
      a0(p).placements[1] = { ...at("part-2", "nrv"), to: "2014-05-19" };
    },
    expected: ["wrong_dates assignments[0].placements[1].to"],
  },
  {
    name: "placements out of programme order",
    plan: (p) => {
      const pl = a0(p).placements;
      a0(p).placements = [pl[0], pl[2], pl[1], pl[3]].filter((x) => x !== undefined);
    },
    expected: ["wrong_period_order assignments[0].placements[2].period"],
  },
  {
    name: "a placement for a period the programme does not have",
    plan: (p) => void a0(p).placements.push({ period: "part-9", member: "skedsmo", from: "2015-02-19", to: "2015-08-18" }),
    expected: ["unknown_period assignments[0].placements[4].period"],
  },
  {
    name: "two placements for one period",
    plan: (p) => void a0(p).placements.push(at("part-2", "nrv")),
    expected: ["duplicate_placement assignments[0].placements[4].period"],
  },
  {
    name: "a host period without placement",
    plan: (p) => void a0(p).placements.pop(),
    expected: ["role_missing assignments[0].placements"],
  },
  {
    name: "an away period without placement, allowUnassigned false",
    plan: (p) => void a0(p).placements.splice(2, 1),
    expected: ["role_missing assignments[0].placements"],
  },

  // supervisors
  {
    name: "a mentor as supervisor",
    plan: (p) => {
      a0(p).supervisor = "men-kf";
    },
    expected: ["wrong_role assignments[0].supervisor", "wrong_employer assignments[0].supervisor"],
  },
  {
    name: "a supervisor employed by another member",
    plan: (p) => {
      a0(p).supervisor = "sup-lorenskog";
    },
    expected: ["wrong_employer assignments[0].supervisor"],
  },
  {
    name: "a supervisor without the specialization",
    plan: (p) => {
      a1(p).supervisor = "sup-lorenskog-roads";
    },
    expected: ["specialization_mismatch assignments[1].supervisor"],
  },
  {
    name: "an unknown supervisor",
    plan: (p) => {
      a1(p).supervisor = "nobody";
    },
    expected: ["unknown_person assignments[1].supervisor"],
  },
  {
    name: "a forbidden supervisor",
    cohort: (c) => {
      c.forbid = [{ trainee: "ada", supervisor: "sup-skedsmo" }];
    },
    expected: ["forbidden assignments[0].supervisor"],
  },

  // mentors
  {
    name: "a mentor over capacity",
    plan: (p) => {
      a1(p).mentor = "men-nrv";
    },
    expected: ["capacity_exceeded assignments[1].mentor"],
  },
  {
    name: "a mentor from the host's organisation",
    plan: (p) => {
      a0(p).mentor = "men-kf";
    },
    expected: ["mentor_inside assignments[0].mentor"],
  },
  {
    name: "a mentor from an away member's organisation under host-and-away",
    cohort: (c) => {
      c.rules = { mentorOutside: "host-and-away" };
    },
    expected: ["mentor_inside assignments[0].mentor"],
  },
  {
    name: "a supervisor as mentor",
    plan: (p) => {
      a1(p).mentor = "sup-roaf";
    },
    expected: ["wrong_role assignments[1].mentor"],
  },
  {
    name: "a forbidden mentor",
    cohort: (c) => {
      c.forbid = [{ trainee: "ada", mentor: "men-nrv" }];
    },
    expected: ["forbidden assignments[0].mentor"],
  },
  {
    name: "an unknown mentor",
    plan: (p) => {
      a0(p).mentor = "nobody";
    },
    expected: ["unknown_person assignments[0].mentor"],
  },

  // pins
  {
    name: "an away pin not kept",
    cohort: (c) => {
      c.pins = [{ trainee: "bo", period: "part-2", member: "nrv" }];
    },
    expected: ["pin_broken assignments[1].placements[1].member"],
  },
  {
    name: "a host-period pin not kept (it fixes the host)",
    cohort: (c) => {
      c.pins = [{ trainee: "bo", period: "part-4", member: "skedsmo-kf" }];
    },
    expected: ["pin_broken assignments[1].host"],
  },
  {
    name: "a mentor pin not kept",
    cohort: (c) => {
      c.pins = [{ trainee: "bo", mentor: "men-lorenskog" }];
    },
    expected: ["pin_broken assignments[1].mentor"],
  },
  {
    name: "a supervisor pin not kept",
    cohort: (c) => {
      c.pins = [{ trainee: "bo", supervisor: "sup-lorenskog-2" }];
    },
    expected: ["pin_broken assignments[1].supervisor"],
  },
  {
    name: "pins that are kept",
    cohort: (c) => {
      c.pins = [
        { trainee: "bo", period: "part-1", member: "lorenskog" },
        { trainee: "bo", period: "part-3", member: "nrv" },
        { trainee: "ada", mentor: "men-nrv" },
        { trainee: "ada", supervisor: "sup-skedsmo" },
      ];
    },
    expected: [],
  },

  // filled roles without allowUnassigned
  {
    name: "an empty role with allowUnassigned false",
    plan: (p) => {
      a1(p).mentor = null;
    },
    expected: ["role_missing assignments[1].mentor"],
  },
  {
    name: "a trainee without host with allowUnassigned false",
    plan: (p) => {
      Object.assign(a1(p), { host: null, supervisor: null, mentor: null, placements: [] });
    },
    expected: [
      "role_missing assignments[1].host",
      "role_missing assignments[1].placements",
      "role_missing assignments[1].placements",
      "role_missing assignments[1].supervisor",
      "role_missing assignments[1].mentor",
    ],
  },
  {
    name: "an unassigned list with allowUnassigned false",
    plan: (p) => void p.unassigned.push({ trainee: "bo", role: "mentor", reason: "No mentor left." }),
    expected: ["unassigned_mismatch unassigned[0]"],
  },

  // allowUnassigned
  {
    name: "allowUnassigned: an empty role, listed",
    cohort: allowUnassigned,
    plan: (p) => {
      a1(p).mentor = null;
      p.unassigned.push({ trainee: "bo", role: "mentor", reason: "Every mentor is at capacity." });
    },
    expected: [],
  },
  {
    name: "allowUnassigned: an empty role, not listed",
    cohort: allowUnassigned,
    plan: (p) => {
      a1(p).mentor = null;
    },
    expected: ["unassigned_mismatch assignments[1].mentor"],
  },
  {
    name: "allowUnassigned: an empty away period, not listed",
    cohort: allowUnassigned,
    plan: (p) => void a1(p).placements.splice(1, 1),
    expected: ["unassigned_mismatch assignments[1].placements"],
  },
  {
    name: "allowUnassigned: a trainee without host, every role listed",
    cohort: allowUnassigned,
    plan: (p) => {
      Object.assign(a1(p), { host: null, supervisor: null, mentor: null, placements: [] });
      p.unassigned.push(
        { trainee: "bo", role: "host", reason: "No host has room." },
        { trainee: "bo", role: "away", period: "part-2", reason: "No host." },
        { trainee: "bo", role: "away", period: "part-3", reason: "No host." },
        { trainee: "bo", role: "supervisor", reason: "No host." },
        { trainee: "bo", role: "mentor", reason: "No host." },
      );
    },
    expected: [],
  },
  {
    name: "allowUnassigned: a trainee without host but with a mentor and a placement",
    cohort: allowUnassigned,
    plan: (p) => {
      Object.assign(a1(p), { host: null, supervisor: null, mentor: "men-roaf", placements: [at("part-2", "nrv")] });
      p.unassigned.push(
        { trainee: "bo", role: "host", reason: "No host has room." },
        { trainee: "bo", role: "away", period: "part-3", reason: "No host." },
        { trainee: "bo", role: "supervisor", reason: "No host." },
      );
    },
    expected: ["role_without_host assignments[1].mentor", "role_without_host assignments[1].placements[0].member"],
  },
  {
    name: "allowUnassigned: a given host left out",
    cohort: allowUnassigned,
    plan: (p) => {
      Object.assign(a0(p), { host: null, supervisor: null, mentor: null, placements: [] });
      p.unassigned.push(
        { trainee: "ada", role: "host", reason: "No host has room." },
        { trainee: "ada", role: "away", period: "part-2", reason: "No host." },
        { trainee: "ada", role: "away", period: "part-3", reason: "No host." },
        { trainee: "ada", role: "supervisor", reason: "No host." },
        { trainee: "ada", role: "mentor", reason: "No host." },
      );
    },
    expected: ["host_mismatch assignments[0].host"],
  },
  {
    name: "allowUnassigned: a pinned role left empty",
    cohort: (c) => {
      allowUnassigned(c);
      c.pins = [{ trainee: "bo", mentor: "men-roaf" }];
    },
    plan: (p) => {
      a1(p).mentor = null;
      p.unassigned.push({ trainee: "bo", role: "mentor", reason: "Every mentor is at capacity." });
    },
    expected: ["pin_broken assignments[1].mentor"],
  },
  {
    name: "allowUnassigned: a pinned away period left empty",
    cohort: (c) => {
      allowUnassigned(c);
      c.pins = [{ trainee: "bo", period: "part-3", member: "nrv" }];
    },
    plan: (p) => {
      a1(p).placements.splice(2, 1);
      p.unassigned.push({ trainee: "bo", role: "away", period: "part-3", reason: "Full." });
    },
    expected: ["pin_broken assignments[1].placements"],
  },
  {
    name: "allowUnassigned: a filled role listed as empty",
    cohort: allowUnassigned,
    plan: (p) => void p.unassigned.push({ trainee: "ada", role: "supervisor", reason: "None left." }),
    expected: ["unassigned_mismatch unassigned[0]"],
  },
  {
    name: "allowUnassigned: an empty role listed twice",
    cohort: allowUnassigned,
    plan: (p) => {
      a1(p).mentor = null;
      p.unassigned.push({ trainee: "bo", role: "mentor", reason: "Full." }, { trainee: "bo", role: "mentor", reason: "Full." });
    },
    expected: ["unassigned_mismatch unassigned[1]"],
  },
  {
    name: "allowUnassigned: an empty away role without its period",
    cohort: allowUnassigned,
    plan: (p) => {
      a1(p).placements.splice(2, 1);
      p.unassigned.push({ trainee: "bo", role: "away", reason: "Full." });
    },
    expected: ["unassigned_mismatch unassigned[0].period", "unassigned_mismatch assignments[1].placements"],
  },
  {
    name: "allowUnassigned: a period on a role that has none",
    cohort: allowUnassigned,
    plan: (p) => {
      a1(p).mentor = null;
      p.unassigned.push({ trainee: "bo", role: "mentor", period: "part-2", reason: "Full." });
    },
    expected: ["unassigned_mismatch unassigned[0].period", "unassigned_mismatch assignments[1].mentor"],
  },
  {
    name: "allowUnassigned: an empty role without a reason",
    cohort: allowUnassigned,
    plan: (p) => {
      a1(p).mentor = null;
      p.unassigned.push({ trainee: "bo", role: "mentor", reason: " " });
    },
    expected: ["unassigned_mismatch unassigned[0].reason"],
  },
  {
    name: "allowUnassigned: an unfilled role of an unknown trainee or period",
    cohort: allowUnassigned,
    plan: (p) =>
      void p.unassigned.push(
        { trainee: "zed", role: "mentor", reason: "Full." },
        { trainee: "bo", role: "away", period: "part-1", reason: "Full." },
      ),
    expected: ["unknown_trainee unassigned[0].trainee", "unknown_period unassigned[1].period"],
  },

  // numbers
  {
    name: "a cost term that does not match the cohort",
    plan: (p) => {
      a0(p).cost.awayRank = 11;
    },
    keepCosts: true,
    expected: ["cost_mismatch assignments[0].cost.awayRank"],
  },
  {
    name: "a cost term left out that is not zero",
    plan: (p) => {
      delete a1(p).cost.mentorSpecialization;
    },
    keepCosts: true,
    expected: ["cost_mismatch assignments[1].cost.mentorSpecialization"],
  },
  {
    name: "an objective that is not the sum of the costs",
    plan: (p) => {
      p.objective = 26;
      p.bound = 20;
    },
    keepCosts: true,
    expected: ["objective_mismatch objective", "bound_mismatch bound"],
  },
  {
    name: "an objective within the tolerance",
    plan: (p) => {
      p.objective = 25 + 1e-9;
      p.bound = 25 - 1e-9;
    },
    keepCosts: true,
    expected: [],
  },
  {
    name: "an objective just outside the tolerance (1e-6 relative)",
    plan: (p) => {
      p.objective = 25.0001;
      p.bound = 25;
    },
    keepCosts: true,
    expected: ["objective_mismatch objective"],
  },
  {
    name: "a cost term just outside the tolerance",
    plan: (p) => {
      a0(p).cost.awayRank = 10.0001;
    },
    keepCosts: true,
    expected: ["cost_mismatch assignments[0].cost.awayRank"],
  },
  {
    name: "no objective on an optimal plan",
    plan: (p) => {
      p.objective = null;
    },
    keepCosts: true,
    expected: ["objective_mismatch objective"],
  },
  {
    name: "a bound above the objective",
    plan: (p) => {
      p.bound = 26;
    },
    keepCosts: true,
    expected: ["bound_above_objective bound"],
  },
  {
    name: "an optimal plan whose bound is below its objective",
    plan: (p) => {
      p.bound = 20;
    },
    keepCosts: true,
    expected: ["bound_mismatch bound"],
  },
  {
    name: "a member's balance that does not match the placements",
    plan: (p) => {
      p.balance = listedBalance(p);
      (p.balance[2] as { received: number }).received += 1;
    },
    keepCosts: true,
    expected: ["balance_mismatch balance[2].received"],
  },
  {
    name: "a balance without a row for one member, and a row for no member",
    plan: (p) => {
      const rows = listedBalance(p);
      rows[0] = { ...(rows[0] as NonNullable<Plan["balance"]>[number]), member: "nowhere" };
      p.balance = rows;
    },
    keepCosts: true,
    expected: ["balance_mismatch balance", "balance_mismatch balance[0].member"],
  },
  {
    name: "a feasible plan whose bound is below its objective",
    plan: (p) => {
      p.status = "feasible";
      p.bound = 20;
    },
    keepCosts: true,
    expected: [],
  },
  {
    name: "an optimal plan without a bound",
    plan: (p) => {
      p.bound = null;
    },
    keepCosts: true,
    expected: [],
  },

  // no plan
  {
    name: "infeasible, with a diagnosis",
    plan: (p) => Object.assign(p, noPlan("infeasible")),
    keepCosts: true,
    expected: [],
  },
  {
    name: "timed out",
    plan: (p) => Object.assign(p, { ...noPlan("timedout"), diagnosis: [] }),
    keepCosts: true,
    expected: [],
  },
  {
    name: "infeasible without a diagnosis",
    plan: (p) => Object.assign(p, { ...noPlan("infeasible"), diagnosis: [] }),
    keepCosts: true,
    expected: ["missing_diagnosis diagnosis"],
  },
  {
    name: "infeasible, yet with assignments, unfilled roles and an objective",
    plan: (p) =>
      Object.assign(p, {
        ...noPlan("infeasible"),
        assignments: p.assignments,
        unassigned: [{ trainee: "bo", role: "mentor", reason: "Full." }],
        objective: 25,
      }),
    keepCosts: true,
    expected: ["status_mismatch assignments", "status_mismatch unassigned", "objective_mismatch objective"],
  },
];

function allowUnassigned(c: CohortInput): void {
  c.rules = { ...c.rules, allowUnassigned: true };
}

function noPlan(status: "infeasible" | "timedout"): Partial<Plan> {
  return {
    status,
    objective: null,
    bound: null,
    assignments: [],
    unassigned: [],
    diagnosis: [
      {
        code: "mentors_short",
        message: "Too few mentors.",
        trainees: ["bo"],
        members: [],
        people: [],
        change: null,
      },
    ],
  };
}

describe("verifyPlan on a hand-made plan", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const input = structuredClone(COHORT);
    c.cohort?.(input);
    const parsed = parseCohort(input);
    const plan = structuredClone(PLAN);
    c.plan?.(plan);
    const checked = c.keepCosts || !parsed.ok ? plan : recost(parsed.cohort, plan);
    const result = verifyPlan(parsed.ok ? parsed.cohort : input, checked);
    expect(codesAndPaths(result.violations)).toEqual([...c.expected].sort());
    expect(result.ok).toBe(c.expected.length === 0);
    expectReadable(result.violations);
  });

  it("recomputes the objective and counts the filled roles", () => {
    const result = verifyPlan(parse(COHORT), PLAN);
    expect(result).toEqual({ ok: true, violations: [], objective: 25, filled: 10 });
  });

  it("gives no objective when there is no plan", () => {
    const plan = { ...structuredClone(PLAN), ...noPlan("timedout") };
    expect(verifyPlan(parse(COHORT), plan)).toMatchObject({ ok: true, objective: null, filled: null });
  });

  it("never throws, whatever it is given as a plan", () => {
    const cohort = parse(COHORT);
    for (const junk of [null, undefined, 42, "plan", [], {}, { ...PLAN, assignments: [null] }, { ...PLAN, status: "done" }]) {
      const result = verifyPlan(cohort, junk as unknown as Plan);
      expect(result.ok).toBe(false);
      expect(result.violations.length).toBeGreaterThan(0);
      expect(result.violations.every((v) => v.code === "invalid_plan" || v.code === "wrong_format")).toBe(true);
    }
  });

  it("points at the first assignment beyond a capacity and names every trainee in the message", () => {
    const cohort = cohortWith((c) => {
      const lorenskog = c.members.find((m) => m.id === "lorenskog");
      if (lorenskog) lorenskog.awayCapacity = 0;
    });
    const result = verifyPlan(cohort, PLAN);
    expect(result.violations).toEqual([
      {
        code: "capacity_exceeded",
        path: "assignments[0].placements[2].member",
        message: '"lorenskog" takes 1 visiting trainee in period "part-3" (ada), but its awayCapacity is 0.',
      },
    ]);
  });

  it("has one case at least for every violation code", () => {
    const seen = new Set<ViolationCode>();
    for (const c of CASES) for (const e of c.expected) seen.add(e.split(" ")[0] as ViolationCode);
    // started_changed is verifyReplan's (result/verify/replan.ts), tested in replan-verify.test.ts.
    expect([...seen].sort()).toEqual(VIOLATION_CODES.filter((code) => code !== "started_changed").sort());
  });

  it("has stable, lowercase snake_case codes", () => {
    expect(new Set(VIOLATION_CODES).size).toBe(VIOLATION_CODES.length);
    for (const code of VIOLATION_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});

// ---------------------------------------------------------------------------------------
// Properties against the brute-force oracle
// ---------------------------------------------------------------------------------------

function parsedCohorts(options?: Parameters<typeof smallCohortArbitrary>[0]): fc.Arbitrary<Cohort> {
  return smallCohortArbitrary(options).map(parse);
}

/**
 * Random choices, one per trainee, in four kinds: every trainee takes an option the rules
 * allow on their own (only shared capacities can break the plan); the same, then (mostly) one
 * field of one trainee changed to anything; the brute-force optimum, then (mostly) one field
 * changed; anything at all.
 */
function randomChoices(cohort: Cohort, picks: readonly number[]): Map<string, TraineeChoice> {
  let k = 0;
  const next = (): number => picks[k++ % picks.length] ?? 0;
  const pick = <T>(list: readonly T[]): T => list[next() % list.length] as T;
  const members = [...cohort.members.map((m) => m.id), null, "atlantis"];
  const people = [...cohort.people.map((p) => p.id), null, "nobody"];
  const awayCount = cohort.programme.periods.filter((p) => p.at === "away").length;
  const anything = (): TraineeChoice => ({
    host: pick(members),
    away: Array.from({ length: awayCount }, () => pick(members)),
    supervisor: pick(people),
    mentor: pick(people),
  });
  const mode = next() % 4;
  const optimum = mode === 2 ? bruteForceOptimum(cohort) : null;
  const choices = new Map<string, TraineeChoice>(optimum?.choices ?? []);
  for (const trainee of cohort.trainees) {
    if (choices.has(trainee.id)) continue;
    const allowed = enumerateTraineeChoices(cohort, trainee.id);
    choices.set(trainee.id, mode < 3 && allowed.length > 0 ? pick(allowed) : anything());
  }
  if ((mode === 1 || mode === 2) && cohort.trainees.length > 0 && next() % 4 !== 0) {
    const trainee = pick(cohort.trainees);
    const choice = choices.get(trainee.id) ?? anything();
    const field = next() % (3 + awayCount);
    const away = [...choice.away];
    if (field >= 3) away[field - 3] = pick(members);
    choices.set(trainee.id, {
      host: field === 0 ? pick(members) : choice.host,
      away,
      supervisor: field === 1 ? pick(people) : choice.supervisor,
      mentor: field === 2 ? pick(people) : choice.mentor,
    });
  }
  return choices;
}

describe("verifyPlan against the brute-force oracle", () => {
  it("accepts the brute-force optimum, with its objective and filled roles", () => {
    fc.assert(
      fc.property(parsedCohorts(), (cohort) => {
        const best = bruteForceOptimum(cohort);
        if (best === null) return;
        const result = verifyPlan(cohort, planFromChoices(cohort, best.choices));
        expect(result.violations).toEqual([]);
        expect(result.objective).toBeCloseTo(best.objective, 9);
        expect(result.filled).toBe(best.filled);
      }),
      { numRuns: 150 },
    );
  });

  it("accepts a plan exactly when the oracle's own rule checks do", () => {
    fc.assert(
      fc.property(parsedCohorts(), fc.array(fc.nat({ max: 1_000 }), { minLength: 64, maxLength: 64 }), (cohort, picks) => {
        const choices = randomChoices(cohort, picks);
        const result = verifyPlan(cohort, planFromChoices(cohort, choices));
        expect(result.ok).toBe(isValidChoiceSet(cohort, choices));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same verdict whatever the order of the cohort's lists and of the plan's assignments", () => {
    fc.assert(
      fc.property(
        smallCohortArbitrary(),
        fc.array(fc.nat({ max: 1_000 }), { minLength: 64, maxLength: 64 }),
        fc.integer(),
        (input, picks, seed) => {
          const cohort = parse(input);
          const plan = planFromChoices(cohort, randomChoices(cohort, picks));
          const before = verifyPlan(cohort, plan);
          const shuffledCohort = parse(withShuffledLists(input, seed));
          const after = verifyPlan(shuffledCohort, plan);
          expect(after.ok).toBe(before.ok);
          expect(codesAndPaths(after.violations)).toEqual(codesAndPaths(before.violations));
          expect(after.objective).toBe(before.objective);

          const reversed = { ...plan, assignments: [...plan.assignments].reverse() };
          const again = verifyPlan(cohort, reversed);
          expect(again.ok).toBe(before.ok);
          expect(again.violations.map((v) => v.code).sort()).toEqual(before.violations.map((v) => v.code).sort());
          expect(again.objective ?? 0).toBeCloseTo(before.objective ?? 0, 9);
        },
      ),
      { numRuns: 100 },
    );
  });
});
