/**
 * RFC 9457 problem details: every error the service answers is one of these, as
 * `application/problem+json`, with a stable `type` per kind of problem.
 */
import type { CohortInput } from "@rotamatch/core";

export const PROBLEM_TYPE_BASE = "https://rotamatch.dev/problems/";

export const PROBLEM_KINDS = {
  "invalid-json": { status: 400, title: "The body is not valid JSON" },
  "not-found": { status: 404, title: "No such resource" },
  "method-not-allowed": { status: 405, title: "Method not allowed on this resource" },
  "body-too-large": { status: 413, title: "The request body is too large" },
  "cohort-too-large": { status: 413, title: "The cohort has more trainees than this route takes" },
  "input-too-large": { status: 413, title: "A list, object or text in the body is bigger than this route takes" },
  "unsupported-media-type": { status: 415, title: "The body must be JSON (Content-Type: application/json)" },
  "unsupported-encoding": { status: 415, title: "The body's Content-Encoding is not one the service decodes" },
  "invalid-request": { status: 400, title: "The request is not valid" },
  "invalid-cohort": { status: 422, title: "The cohort is not valid" },
  "invalid-spreadsheet": { status: 422, title: "The spreadsheet has problems" },
  "invalid-plan": { status: 422, title: "The plan is not valid for this cohort" },
  "invalid-input": { status: 422, title: "The request's input is not valid" },
  "worker-out-of-memory": { status: 413, title: "The request needs more memory than a worker thread has" },
  "work-timed-out": { status: 503, title: "The request's work took longer than a worker thread is allowed" },
  "pool-full": { status: 503, title: "Every solver is busy; try again shortly" },
  "not-ready": { status: 503, title: "The service cannot take work now" },
  "shutting-down": { status: 503, title: "The service is shutting down" },
  "internal-error": { status: 500, title: "Internal error" },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

/**
 * One problem of the input, with a stable code, where it is and a plain message: the core's
 * `Issue` (input issue codes), a plan violation (`verifyPlan`'s codes) or a sheet issue's code.
 */
export interface ProblemIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** A problem of a spreadsheet, by sheet, row and column (`SheetIssue` of @rotamatch/sheets), with its line in the asked language. */
export interface ProblemSheetIssue extends ProblemIssue {
  readonly sheet: string;
  readonly row: number | null;
  readonly column: string | null;
  /** The place and the message as one line, in the language of the request's Accept-Language (English or Norwegian). */
  readonly text: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly issues?: readonly ProblemIssue[];
  readonly sheetIssues?: readonly ProblemSheetIssue[];
  /** For a spreadsheet with problems: the cohort as read, problems included, or null when it could not be read at all. */
  readonly cohort?: CohortInput | null;
}

type ProblemExtra = Pick<Problem, "issues" | "sheetIssues" | "cohort" | "instance">;

export function makeProblem(kind: ProblemKind, detail: string, extra: ProblemExtra = {}): Problem {
  const { status, title } = PROBLEM_KINDS[kind];
  return { type: PROBLEM_TYPE_BASE + kind, title, status, detail, ...extra };
}

/** The Response for a problem; `headers` adds e.g. `Allow` or `Retry-After`. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });
}
