/**
 * What a job does: solve a cohort (what `POST /v1/jobs` has always done), or re-plan, ask a
 * what-if or explain, as `POST /v1/replan`, `/v1/whatif` and `/v1/explain` do synchronously.
 *
 * The operation travels with the body as its check's shape (limits.ts `BodyCheck`): `cohort`
 * is a solve, `replan`, `whatif` and `explain` are their own operations (worker.ts runs each).
 * Without `?operation=` a body that is a `rotamatch.replan/v1` document is a re-plan and any
 * other body a solve, so that clients that post a cohort keep getting the same job; a what-if
 * and an explanation, whose envelopes `{cohort, plan, pins}` and `{cohort, plan, trainee?,
 * lang?}` say nothing of themselves, must be asked for. Nothing here touches Node.
 */
import type { BodyCheck } from "./limits.js";
import { isChangeShape, type ChangeShape } from "./replan.js";

export const JOB_OPERATIONS = ["solve", "replan", "whatif", "explain"] as const;
export type JobOperation = (typeof JOB_OPERATIONS)[number];

/** The `format` of a re-plan request, by which a body without `?operation=` is told from a cohort. */
export const REPLAN_REQUEST_FORMAT = "rotamatch.replan/v1";

/** The shape of a body of this operation (limits.ts BODY_SHAPES). */
export function shapeOfOperation(operation: JobOperation): "cohort" | ChangeShape {
  return operation === "solve" ? "cohort" : operation;
}

/** The operation of a job whose body has this check (any shape that is not a change is a solve). */
export function operationOfCheck(check: BodyCheck): JobOperation {
  return isChangeShape(check.shape) ? check.shape : "solve";
}

/** `?operation=` read: the operation, null when absent, or what is wrong with it. */
export function readOperation(text: string | undefined): JobOperation | null | { readonly error: string } {
  if (text === undefined) return null;
  if ((JOB_OPERATIONS as readonly string[]).includes(text)) return text as JobOperation;
  return { error: `operation must be one of ${JOB_OPERATIONS.join(", ")} (default: replan for a ${REPLAN_REQUEST_FORMAT} document, else solve).` };
}

/** Whether a parsed body is a `rotamatch.replan/v1` document (an object whose `format` says so). */
export function isReplanRequest(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && (value as { format?: unknown }).format === REPLAN_REQUEST_FORMAT;
}
