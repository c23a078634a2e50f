/**
 * RFC 9457 problem details: every error the service answers is one of these, as
 * `application/problem+json`, with a stable `type` per kind of problem.
 */
import type { Issue } from "@rotamatch/core";

export const PROBLEM_TYPE_BASE = "https://rotamatch.dev/problems/";

export const PROBLEM_KINDS = {
  "invalid-json": { status: 400, title: "The body is not valid JSON" },
  "not-found": { status: 404, title: "No such resource" },
  "method-not-allowed": { status: 405, title: "Method not allowed on this resource" },
  "body-too-large": { status: 413, title: "The request body is too large" },
  "cohort-too-large": { status: 413, title: "The cohort has more trainees than this route takes" },
  "unsupported-media-type": { status: 415, title: "The body must be JSON (Content-Type: application/json)" },
  "invalid-cohort": { status: 422, title: "The cohort is not valid" },
  "pool-full": { status: 503, title: "Every solver is busy; try again shortly" },
  "not-ready": { status: 503, title: "The service cannot take work now" },
  "internal-error": { status: 500, title: "Internal error" },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly issues?: readonly Issue[];
}

export function makeProblem(kind: ProblemKind, detail: string, extra: { issues?: readonly Issue[]; instance?: string } = {}): Problem {
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
