/**
 * The shapes the page exchanges with the service. Cohort and plan types come from
 * @rotamatch/core/format (types only here; of the core's code the page bundles only the few
 * plain helpers it imports elsewhere, such as planByMember: no solver and no zod).
 */
export type { Change, CohortInput, DiagnosisCode, DiagnosisItem, Issue, Pin, Plan, ReplanChange, SuggestedChange } from "@rotamatch/core/format";
export type { ExplanationOption, Explanation, TraineeExplanation, WhatIfAnswer } from "@rotamatch/core";
import type { CohortInput, Issue, Plan, ReplanChange } from "@rotamatch/core/format";
import type { SheetIssue as SheetsIssue } from "@rotamatch/sheets";

/** One member's exchanges over the history and this plan (the plan's `balance`, issue 13). */
export type MemberBalance = NonNullable<Plan["balance"]>[number];
/** A warning of a plan: an id in the history this cohort does not know (`history_unknown_member`, ...). */
export type PlanWarning = NonNullable<Plan["warnings"]>[number];
/** An earlier cohort's plan in the cohort's `history`: a name and the plan's assignments. */
export type HistoryEntry = NonNullable<CohortInput["history"]>[number];
export type HistoryAssignment = HistoryEntry["assignments"][number];

/** A problem found in a spreadsheet, by sheet, row and column, as `POST /v1/import` answers it. */
export interface SheetIssue extends SheetsIssue {
  /** The place and the message as one line, in the language the page asked for. */
  readonly text?: string;
}

/** An RFC 9457 problem as the service answers it. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly issues?: readonly Issue[];
  readonly sheetIssues?: readonly SheetIssue[];
  readonly cohort?: CohortInput | null;
}

export interface JobProgress {
  readonly elapsedMs: number;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
}

/** A job as `GET /v1/jobs/{id}` answers it. */
export interface Job {
  readonly id: string;
  readonly state: "queued" | "running" | "done" | "failed" | "cancelled";
  readonly progress: JobProgress;
  readonly plan: Plan | null;
  readonly problem: Problem | null;
}

/** One problem as the page lists it: from the core (a JSON path) or from a spreadsheet. */
export type ShownIssue =
  | { readonly source: "cohort"; readonly issue: Issue }
  | { readonly source: "sheet"; readonly issue: SheetIssue };

/**
 * A plan as the page holds it: a solved plan, or a re-planned one (the plan format plus the
 * `changes` against the plan it came from, which the downloads write as a Changes sheet and
 * as each calendar event's SEQUENCE).
 */
export type ShownPlan = Plan & { readonly changes?: readonly ReplanChange[] };

/** A warning of a re-plan, from the service's `Rotamatch-Warnings` header. */
export interface ReplanWarning {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}
