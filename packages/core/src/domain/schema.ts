/**
 * The cohort and plan format, version 1 (see docs/format.md and the contract in
 * shared/cohort-format.md). These zod schemas are the single source of truth: the
 * TypeScript types are inferred from them and docs/schema/*.json is generated from them.
 *
 * The schemas check shape and ranges only. Rules that need the whole cohort (references,
 * duplicate ids, pins that break a hard rule) live in validate.ts.
 */
import * as z from "zod";
import { DEFAULT_WEIGHTS } from "./defaults.js";
import type { DiagnosisCode } from "./diagnosis-codes.js";

export const COHORT_FORMAT = "rotamatch.cohort/v1";
export const PLAN_FORMAT = "rotamatch.plan/v1";

/** Largest count accepted for capacities and months; larger numbers are a typo, not a plan. */
export const MAX_COUNT = 100_000;

const identifier = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
/** The id of an entry, unique within its list. */
const id = identifier.describe("An identifier, unique within its list.");
/** A reference to the id of an entry in another list. */
const ref = (what: string) => identifier.describe(`The id of ${what}.`);

const count = z
  .number()
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(MAX_COUNT, `must be at most ${MAX_COUNT}`);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine(isRealDate, "is not a real calendar date")
  .describe("A calendar date, YYYY-MM-DD.");

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d); // Date.UTC would read years 0-99 as 1900-1999
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const memberKindSchema = z.enum(["municipality", "municipal-company", "inter-municipal-company", "other"]);

export const periodSchema = z.strictObject({
  id,
  months: z.number().int("must be a whole number").min(1, "must be at least 1").max(120, "must be at most 120"),
  at: z.enum(["host", "away"]).describe("Where the trainee is during the period: at the host, or away at another member."),
});

export const gatheringSchema = z.strictObject({
  name: z.string().min(1).max(200),
  date: isoDate,
});

export const programmeSchema = z.strictObject({
  name: z.string().min(1).max(200),
  start: isoDate.describe("The first day of the first period."),
  periods: z.array(periodSchema).min(1, "must list at least one period").max(48),
  gatherings: z.array(gatheringSchema).max(200).default([]),
});

export const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

const specializations = z.array(z.string().trim().min(1, "must not be empty").max(100)).max(200);

export const memberSchema = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  kind: memberKindSchema.optional(),
  organisation: identifier
    .optional()
    .describe("Groups members that are one employer in law; defaults to the member's own id."),
  location: locationSchema.optional(),
  specializations: specializations.default([]),
  hostCapacity: count.describe("How many trainees the member can host (given hosts count)."),
  awayCapacity: count.describe("How many visiting trainees the member can take in each away period."),
});

export const personSchema = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  member: ref("the member that employs the person"),
  role: z.enum(["mentor", "supervisor"]),
  capacity: count.default(1).describe("How many trainees the person takes over the whole programme."),
  specializations: specializations.default([]),
});

export const traineeSchema = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  specialization: z.string().trim().min(1, "must not be empty").max(100),
  host: ref("the member that has hired the trainee; when missing the solver chooses").optional(),
  hostPreferences: z.array(ref("a member, most wanted first")).max(1000).default([]),
  awayPreferences: z.array(ref("a member, most wanted first")).max(1000).default([]),
});

export const rulesSchema = z.strictObject({
  mentorOutside: z.enum(["host", "host-and-away"]).default("host"),
  specializationFit: z.enum(["required", "preferred"]).default("required"),
  allowUnassigned: z.boolean().default(false),
});

const weight = z.number().min(0, "must not be negative").max(1e9, "must be at most 1e9");

export { DEFAULT_WEIGHTS } from "./defaults.js";

export const weightsSchema = z.strictObject({
  awayRank: weight.default(DEFAULT_WEIGHTS.awayRank),
  hostRank: weight.default(DEFAULT_WEIGHTS.hostRank),
  travelPerKm: weight.default(DEFAULT_WEIGHTS.travelPerKm),
  mentorSpecialization: weight.default(DEFAULT_WEIGHTS.mentorSpecialization),
  supervisorSpecialization: weight.default(DEFAULT_WEIGHTS.supervisorSpecialization),
  specializationMiss: weight.default(DEFAULT_WEIGHTS.specializationMiss),
  repeatExchange: weight
    .default(DEFAULT_WEIGHTS.repeatExchange)
    .describe("Per away placement: the number of history entries with the same exchange (host member to away member)."),
  repeatMentorHost: weight
    .default(DEFAULT_WEIGHTS.repeatMentorHost)
    .describe("Per trainee: the number of history entries in which the same mentor mentored a trainee of the same host."),
  reciprocity: weight
    .default(DEFAULT_WEIGHTS.reciprocity)
    .describe("The sum over members of |received - sent| away placements, over the history and this plan together."),
});

/**
 * An earlier cohort's placement: `from` and `to` may be left out. An away placement is one at a
 * member other than the assignment's host; period ids need not match this cohort's.
 */
export const historyPlacementSchema = z.strictObject({
  period: z.string().max(200),
  member: identifier.describe("The member the trainee was at."),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
});

/** An earlier cohort's assignment, in the plan's shape (`cost` may be left out, and is ignored). */
export const historyAssignmentSchema = z.strictObject({
  trainee: identifier.describe("The earlier trainee's id (not matched with this cohort's trainees)."),
  host: identifier.nullable().describe("The member that hosted the trainee."),
  supervisor: identifier.nullable(),
  mentor: identifier.nullable(),
  placements: z.array(historyPlacementSchema).max(48).describe("Placements at the host may be left out."),
  cost: z.record(z.string(), z.number()).optional(),
});

/**
 * One earlier cohort: its plan's assignments and a name. A plan file can be used as it is with a
 * `name` added: fields other than `name` and `assignments` are ignored (not kept).
 */
export const historyEntrySchema = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(200).describe("The earlier cohort, for example \"Romerike 2011\"."),
    assignments: z.array(historyAssignmentSchema).max(1_000_000),
  })
  .describe("An earlier cohort's plan, for the fairness terms and the history report.");

/**
 * A pin: `{trainee, period, member}`, `{trainee, mentor}` or `{trainee, supervisor}`.
 * The schema accepts the union of the keys; validate.ts checks that exactly one form is used,
 * so that a spreadsheet user gets one clear message instead of three union branches.
 */
export const pinSchema = z.strictObject({
  trainee: ref("a trainee"),
  period: ref("a programme period").optional(),
  member: ref("a member").optional(),
  mentor: ref("a person with role mentor").optional(),
  supervisor: ref("a person with role supervisor").optional(),
});

/** A forbid: `{trainee, member}`, `{trainee, mentor}` or `{trainee, supervisor}`. */
export const forbidSchema = z.strictObject({
  trainee: ref("a trainee"),
  member: ref("a member").optional(),
  mentor: ref("a person with role mentor").optional(),
  supervisor: ref("a person with role supervisor").optional(),
});

export const cohortSchema = z
  .strictObject({
    $schema: z.string().max(2000).optional().describe("Optional: the JSON Schema this file follows, for editors; ignored."),
    format: z.literal(COHORT_FORMAT),
    programme: programmeSchema,
    members: z.array(memberSchema).max(100_000),
    people: z.array(personSchema).max(1_000_000).default([]),
    trainees: z.array(traineeSchema).max(1_000_000),
    rules: rulesSchema.prefault({}),
    weights: weightsSchema.prefault({}),
    pins: z.array(pinSchema).max(1_000_000).default([]),
    forbid: z.array(forbidSchema).max(1_000_000).default([]),
    history: z
      .array(historyEntrySchema)
      .max(1000)
      .optional()
      .describe("Earlier cohorts' plans, oldest first; ids are matched with this cohort's members and people."),
  })
  .describe("A trainee cohort: the programme, its members, their people and the trainees to place.");

/** The cohort as written (optional fields may be missing). */
export type CohortInput = z.input<typeof cohortSchema>;
/** The cohort with every default filled in. */
export type Cohort = z.output<typeof cohortSchema>;
export type Programme = Cohort["programme"];
export type Period = Programme["periods"][number];
export type Member = Cohort["members"][number];
export type Person = Cohort["people"][number];
export type Trainee = Cohort["trainees"][number];
export type Rules = Cohort["rules"];
export type Weights = Cohort["weights"];
export type Pin = Cohort["pins"][number];
export type Forbid = Cohort["forbid"][number];
export type HistoryEntry = NonNullable<Cohort["history"]>[number];
export type HistoryAssignment = HistoryEntry["assignments"][number];
export type MemberKind = z.infer<typeof memberKindSchema>;

// ---------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------

export const COST_TERMS = [
  "awayRank",
  "hostRank",
  "travelPerKm",
  "mentorSpecialization",
  "supervisorSpecialization",
  "specializationMiss",
  "repeatExchange",
  "repeatMentorHost",
] as const;
export type CostTerm = (typeof COST_TERMS)[number];

export const costBreakdownSchema = z
  .strictObject({
    awayRank: z.number().optional(),
    hostRank: z.number().optional(),
    travelPerKm: z.number().optional(),
    mentorSpecialization: z.number().optional(),
    supervisorSpecialization: z.number().optional(),
    specializationMiss: z.number().optional(),
    repeatExchange: z.number().optional(),
    repeatMentorHost: z.number().optional(),
  })
  .describe("Weighted cost of each objective term that applies to the trainee; they sum to the trainee's share.");

export const placementSchema = z.strictObject({
  period: z.string(),
  member: z.string(),
  from: z.string().describe("First day, YYYY-MM-DD."),
  to: z.string().describe("Last day, YYYY-MM-DD."),
});

export const assignmentSchema = z.strictObject({
  trainee: z.string(),
  host: z.string().nullable().describe("null only with allowUnassigned, when no host could be found."),
  supervisor: z.string().nullable(),
  mentor: z.string().nullable(),
  placements: z.array(placementSchema).describe("One entry per filled period, in programme order."),
  cost: costBreakdownSchema,
});

export const unassignedSchema = z.strictObject({
  trainee: z.string(),
  role: z.enum(["host", "away", "supervisor", "mentor"]),
  period: z.string().optional(),
  reason: z.string(),
});

export const suggestedChangeSchema = z
  .strictObject({
    action: z.enum(["raise-capacity", "add-person", "relax-rule", "remove-pin", "remove-forbid"]),
    path: z.string().nullable().describe("Where in the cohort to make the change, when it is one field."),
    member: z.string().nullable(),
    person: z.string().nullable(),
    period: z.string().nullable(),
    role: z.enum(["mentor", "supervisor"]).nullable(),
    specialization: z.string().nullable(),
    outsideOrganisation: z.string().nullable(),
    by: z.number().int().nullable(),
  })
  .describe("A change to the cohort that would help make a plan possible.");

export const diagnosisItemSchema = z.strictObject({
  // A string in JSON (the contract lists no codes, so a reader takes any); typed as the codes
  // rotamatch writes (diagnosis-codes.ts), so that a consumer keyed by them stays complete.
  code: z.string() as z.ZodType<DiagnosisCode, string>,
  message: z.string(),
  trainees: z.array(z.string()),
  members: z.array(z.string()),
  people: z.array(z.string()),
  change: suggestedChangeSchema.nullable(),
});

export const planWarningSchema = z
  .strictObject({
    code: z.string(),
    path: z.string().describe("The field of the input the warning is about, as validation issues write it."),
    message: z.string(),
  })
  .describe("Something the answer did not refuse but the reader should know, e.g. an id in history this cohort does not know.");

const balanceCountsSchema = z.strictObject({
  hosted: z.number().int(),
  sent: z.number().int().describe("Away placements of trainees the member hosts (one per trainee and filled away period)."),
  received: z.number().int().describe("Away placements at the member."),
});

export const memberBalanceSchema = z
  .strictObject({
    member: z.string(),
    hosted: z.number().int().describe("Trainees this plan hosts at the member."),
    sent: z.number().int(),
    received: z.number().int(),
    history: balanceCountsSchema.describe("The same counts over the cohort's history."),
    balanceBefore: z.number().int().describe("received - sent over the history."),
    balanceAfter: z.number().int().describe("received - sent over the history and this plan."),
  })
  .describe("One member's share of the exchanges: what reciprocity weighs.");

export const planStatsSchema = z
  .strictObject({
    backend: z.string(),
    solveMs: z.number(),
    totalMs: z.number(),
    variables: z.number().int(),
    constraints: z.number().int(),
  })
  .describe("How the plan was computed. Timing varies between runs; everything else is deterministic.");

export const planSchema = z
  .strictObject({
    format: z.literal(PLAN_FORMAT),
    status: z.enum(["optimal", "feasible", "infeasible", "timedout"]),
    objective: z.number().nullable().describe("The objective of the plan, unrounded; null when there is no plan."),
    bound: z.number().nullable().describe("A proven lower bound on the optimum; null when none is known."),
    assignments: z.array(assignmentSchema),
    unassigned: z.array(unassignedSchema),
    diagnosis: z.array(diagnosisItemSchema),
    balance: z
      .array(memberBalanceSchema)
      .optional()
      .describe("Each member's balance; present when the cohort has a history or a fairness weight is not 0."),
    warnings: z.array(planWarningSchema).optional().describe("Present when there is something to warn about."),
    stats: planStatsSchema.optional(),
  })
  .describe("A rotation plan, or the reason there is none.");

/** Any plan as the JSON format allows it (what planSchema parses); `Plan` is the sharper type. */
export type PlanJson = z.output<typeof planSchema>;
type PlanCommon = Omit<PlanJson, "status" | "objective" | "bound" | "diagnosis">;

/**
 * A plan with every hard rule kept: numbers for `objective` and `bound` (bound ≤ objective,
 * equal when optimal). rotamatch always gives a feasible plan a numeric bound, if only a
 * trivial one (0: no cost term is negative).
 */
export interface SolvedPlan extends PlanCommon {
  status: "optimal" | "feasible";
  objective: number;
  bound: number;
  diagnosis: DiagnosisItem[];
}

/** No plan exists: `diagnosis` says why, in the cohort's own terms (at least one item). */
export interface InfeasiblePlan extends PlanCommon {
  status: "infeasible";
  objective: null;
  bound: null;
  diagnosis: [DiagnosisItem, ...DiagnosisItem[]];
}

/** No plan found within the time limit (or before an abort); `bound` when one was proven. */
export interface TimedOutPlan extends PlanCommon {
  status: "timedout";
  objective: null;
  bound: number | null;
  diagnosis: DiagnosisItem[];
}

/**
 * A rotation plan, narrowed by `status`. The JSON is exactly planSchema's (the contract's);
 * only the TypeScript type says more: check `status` before reading `objective`.
 */
export type Plan = SolvedPlan | InfeasiblePlan | TimedOutPlan;
export type PlanStatus = Plan["status"];
export type Assignment = z.output<typeof assignmentSchema>;
export type Placement = z.output<typeof placementSchema>;
export type Unassigned = z.output<typeof unassignedSchema>;
export type DiagnosisItem = z.output<typeof diagnosisItemSchema>;
export type SuggestedChange = z.output<typeof suggestedChangeSchema>;
export type CostBreakdown = z.output<typeof costBreakdownSchema>;
export type PlanStats = z.output<typeof planStatsSchema>;
export type PlanWarning = z.output<typeof planWarningSchema>;
export type MemberBalance = z.output<typeof memberBalanceSchema>;
