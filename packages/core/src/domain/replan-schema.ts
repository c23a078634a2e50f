/**
 * The formats of the programme over time (shared/cohort-format.md, "Re-planning" and
 * "Explanations and what-if"): a re-plan request, a change, a re-planned plan, a what-if answer
 * and an explanation. Like schema.ts, these zod schemas are the source of the types; the
 * cohort and the plan inside a request are checked by parseCohort and the plan reader, so the
 * request schema leaves them `unknown` here (their problems then get paths of their own).
 */
import * as z from "zod";
import { costBreakdownSchema, pinSchema, planSchema } from "./schema.js";

export const REPLAN_FORMAT = "rotamatch.replan/v1";
export const WHATIF_FORMAT = "rotamatch.whatif/v1";
export const EXPLANATION_FORMAT = "rotamatch.explanation/v1";

/** A calendar date written YYYY-MM-DD (whether it is a real date is checked by the reader). */
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD");

export const replanRequestSchema = z
  .strictObject({
    $schema: z.string().max(2000).optional(),
    format: z.literal(REPLAN_FORMAT),
    asOf: dateText.describe("Placements whose period started before this day stay as they were."),
    cohort: z.unknown().describe("The cohort as it is now (rotamatch.cohort/v1)."),
    plan: z.unknown().describe("The published plan (rotamatch.plan/v1)."),
  })
  .describe("A re-plan: the cohort as it is now, the published plan and the day from which it may change.");

export type ReplanRequest = z.output<typeof replanRequestSchema>;

export const CHANGE_ROLES = ["host", "away", "supervisor", "mentor"] as const;
export type ChangeRole = (typeof CHANGE_ROLES)[number];

/** Why a role changed in a re-plan. */
export const CHANGE_REASONS = ["left", "joined", "forced", "knock-on"] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

export const changeSchema = z
  .strictObject({
    trainee: z.string(),
    role: z.enum(CHANGE_ROLES),
    period: z.string().optional().describe("The away period, for role away."),
    from: z.string().nullable().describe("The member (host, away) or person (supervisor, mentor) before; null for an empty role."),
    to: z.string().nullable().describe("The member or person after; null for an empty role."),
  })
  .describe("One role of one trainee that differs from the plan it is compared with.");

export const replanChangeSchema = changeSchema
  .extend({
    reason: z
      .enum(CHANGE_REASONS)
      .describe("left: the trainee left; joined: the trainee is new; forced: the old value is no longer allowed; knock-on: changed to make room for a forced change."),
  })
  .describe("A change in a re-plan, with its reason.");

export type Change = z.output<typeof changeSchema>;
export type ReplanChange = z.output<typeof replanChangeSchema>;

/** A re-planned plan: the plan format plus `changes`. */
export const replanPlanSchema = planSchema.extend({ changes: z.array(replanChangeSchema) });

export const whatIfAnswerSchema = z.strictObject({
  format: z.literal(WHATIF_FORMAT),
  pins: z.array(pinSchema),
  status: z.enum(["optimal", "feasible", "infeasible", "timedout"]),
  objective: z.number().nullable(),
  delta: z.number().nullable().describe("objective minus the plan's objective, when proven; else null."),
  deltaBound: z.number().nullable().describe("A proven lower bound on the delta, when it is not proven exactly; else null."),
  changes: z.array(changeSchema).describe("Roles that differ from the plan, other than those the pins set; fewest among the plans of least objective."),
  plan: planSchema.nullable(),
});

export type WhatIfAnswer = z.output<typeof whatIfAnswerSchema>;

export const explanationOptionSchema = z.strictObject({
  role: z.enum(CHANGE_ROLES),
  period: z.string().optional(),
  member: z.string().optional().describe("The member, for host and away options."),
  person: z.string().optional().describe("The person, for supervisor and mentor options."),
  rank: z.number().int().optional().describe("Its place in the trainee's preferences, counted from 0."),
  possible: z.boolean(),
  rule: z
    .string()
    .nullable()
    .describe("The rule family (domain/rules.ts) that forbids the option; null when it is possible, or when the time limit left it unsettled (possible false)."),
  delta: z.number().nullable(),
  deltaBound: z.number().nullable(),
  changes: z.array(changeSchema),
  text: z.string(),
});

export const traineeExplanationSchema = z.strictObject({
  trainee: z.string(),
  cost: costBreakdownSchema,
  options: z.array(explanationOptionSchema),
  text: z.string().describe("One sentence about what the trainee got."),
});

export const explanationSchema = z.strictObject({
  format: z.literal(EXPLANATION_FORMAT),
  objective: z.number(),
  lang: z.enum(["nb", "en"]),
  trainees: z.array(traineeExplanationSchema),
});

export type ExplanationOption = z.output<typeof explanationOptionSchema>;
export type TraineeExplanation = z.output<typeof traineeExplanationSchema>;
export type Explanation = z.output<typeof explanationSchema>;
