/**
 * The programme over time: `POST /v1/replan`, `/v1/whatif` and `/v1/explain` (issue 12). Their
 * bodies are solves, so they go the way of `/v1/solve`: read as bytes on the event loop, moved
 * to a thread of the solve pool, parsed and checked there (limits.ts `readBody`, with the
 * shapes `replan`, `whatif` and `explain`), and handed to the core (`replanRequest`, `whatIf`,
 * `explainPlan`) with the solve's time limit. The body's check names what the worker does with
 * it (worker.ts), so the pool, its admission and its time limits are the solve's own.
 *
 * Two halves: `runChange` runs in the worker (it reads the envelope of a what-if or an
 * explanation, which the core takes as arguments rather than as one document), and
 * `changeResponse` turns its answer into the route's Response on the loop. Nothing here
 * touches Node.
 */
import {
  PLAN_FORMAT,
  explainPlan,
  replanRequest,
  whatIf,
  type Backend,
  type ExplainResult,
  type Issue,
  type ReplanOptions,
  type ReplanPlan,
  type ReplanProgress,
  type ReplanResult,
  type ReplanWarning,
  type WhatIfResult,
} from "@rotamatch/core";
import { listIssues, type RefusedBody } from "./limits.js";
import { makeProblem, problemResponse, type Problem, type ProblemKind } from "./problem.js";

/** What the solve pool does with a body of each of these shapes (worker.ts). */
export const CHANGE_SHAPES = ["replan", "whatif", "explain"] as const;
export type ChangeShape = (typeof CHANGE_SHAPES)[number];

export function isChangeShape(shape: string): shape is ChangeShape {
  return (CHANGE_SHAPES as readonly string[]).includes(shape);
}

/**
 * The core's answer to a re-plan, a what-if or an explanation, tagged with which it is.
 * `issueCount` is set when a worker cut the issues of bad input to its pool's `maxIssues`
 * (worker.ts): how many there were.
 */
export type ChangeResult = (
  | { readonly operation: "replan"; readonly result: ReplanResult }
  | { readonly operation: "whatif"; readonly result: WhatIfResult }
  | { readonly operation: "explain"; readonly result: ExplainResult }
) & { readonly issueCount?: number };

/** How a change is run: its time limit (positive), and for a re-plan the backend and who hears its stages. */
export interface ChangeOptions {
  readonly timeLimitMs: number;
  /** The request's backend, passed to a re-plan as it is; unset, the core's default ("auto"). */
  readonly backend?: Backend;
  /** Hears each stage of a re-plan as the core finishes it (replanCohort's `onProgress`). */
  readonly onStage?: (progress: ReplanProgress) => void;
}

/** What a worker answers for such a body: the core's answer, or the body refused before it (400, 413). */
export type ChangeAnswer = ChangeResult | RefusedBody;

/** Whether a pool's answer is a change answer (rather than a solve's, which the pool gives when it ended the worker). */
export function isChangeAnswer(answer: unknown): answer is ChangeAnswer {
  if (typeof answer !== "object" || answer === null) return false;
  if ("refused" in answer) return true;
  const operation = (answer as { operation?: unknown }).operation;
  return typeof operation === "string" && isChangeShape(operation);
}

/** The fields each envelope takes (a re-plan's is `rotamatch.replan/v1`, read by the core). */
const ENVELOPE_FIELDS = {
  whatif: ["cohort", "plan", "pins"],
  explain: ["cohort", "plan", "trainee", "lang"],
} as const;

/**
 * Does what the body's shape asks, with the core's own checks: never throws on bad input, which
 * comes back as the result's issues (paths `cohort.…`, `plan.…`, `asOf`, `pins[j]…`, `trainee`,
 * `lang`). `timeLimitMs` must be positive (the worker gives at least 1).
 */
export function runChange(shape: ChangeShape, body: unknown, options: ChangeOptions): ChangeResult {
  const { timeLimitMs } = options;
  if (shape === "replan") {
    const replanOptions: Omit<ReplanOptions, "asOf"> = {
      timeLimitMs,
      // Whatever backends the core's re-plan takes: a request that names one gets it as it is.
      ...(options.backend === undefined ? {} : { backend: options.backend as ReplanOptions["backend"] }),
      ...(options.onStage === undefined ? {} : { onProgress: options.onStage }),
    };
    return { operation: "replan", result: replanRequest(body, replanOptions) };
  }
  const issues = envelopeIssues(body, ENVELOPE_FIELDS[shape]);
  const fields = (issues.length === 0 ? body : {}) as Readonly<Record<string, unknown>>;
  if (shape === "whatif") {
    if (issues.length > 0) return { operation: "whatif", result: { ok: false, answer: null, issues } };
    return { operation: "whatif", result: whatIf(fields.cohort, fields.plan, fields.pins, { timeLimitMs }) };
  }
  const { trainee, lang } = fields;
  if (issues.length === 0 && trainee !== undefined && typeof trainee !== "string") {
    issues.push({ code: "invalid_type", path: "trainee", message: "trainee must be the id of a trainee of the cohort, as text." });
  }
  if (issues.length === 0 && lang !== undefined && lang !== "nb" && lang !== "en") {
    issues.push({ code: "invalid_value", path: "lang", message: 'lang must be "nb" (Norwegian, the default) or "en" (English).' });
  }
  if (issues.length > 0) return { operation: "explain", result: { ok: false, explanation: null, issues } };
  return {
    operation: "explain",
    result: explainPlan(fields.cohort, fields.plan, {
      timeLimitMs,
      ...(typeof trainee === "string" ? { trainee } : {}),
      ...(lang === "nb" || lang === "en" ? { lang } : {}),
    }),
  };
}

/** The body is an object with only the envelope's fields (each field's value is the core's to check). */
function envelopeIssues(body: unknown, fields: readonly string[]): Issue[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [{ code: "invalid_type", path: "", message: `The body must be a JSON object with ${fields.map((f) => `"${f}"`).join(", ")}.` }];
  }
  return Object.keys(body)
    .filter((key) => !fields.includes(key))
    .map((key): Issue => ({ code: "unrecognized_key", path: keyPath(key), message: `Unknown field ${JSON.stringify(key.slice(0, 50))}; the body takes ${fields.join(", ")}.` }));
}

/** A top-level key as a path, as the core writes one (a key that is not a name in brackets). */
function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key.length > 50 ? `${key.slice(0, 50)}…` : key)}]`;
}

/** Most warnings the `Rotamatch-Warnings` header of a re-plan carries (each is a line of text at most). */
export const MAX_HEADER_WARNINGS = 20;

/**
 * The route's answer and the status to log:
 * - 200 with the core's answer: the re-planned plan (the plan format plus `changes`, so that it
 *   can be re-planned again as it is, which a `warnings` field would prevent: the plan format
 *   is strict), the `rotamatch.whatif/v1` answer, or the `rotamatch.explanation/v1` one. A
 *   re-plan's warnings (a started placement at a member that left, a capacity raised for what
 *   has started) travel in the `Rotamatch-Warnings` header, as a JSON list in ASCII.
 * - 422 for bad input, with the core's issues (at most MAX_LISTED_ISSUES) as `/v1/solve` gives
 *   an invalid cohort's: `invalid-cohort` when the first issue is in the cohort, `invalid-plan`
 *   when it is in the plan, `invalid-input` otherwise (`asOf`, the pins, the trainee, `lang`,
 *   the envelope).
 */
export function changeResponse(answer: ChangeResult): { response: Response; status: string } {
  if (!answer.result.ok) return { response: problemResponse(invalidProblem(answer.result.issues, answer.issueCount)), status: "invalid" };
  switch (answer.operation) {
    case "replan": {
      const { plan, warnings } = answer.result as Extract<ReplanResult, { ok: true }>;
      return { response: jsonResponse(plan, warningHeaders(warnings)), status: plan.status };
    }
    case "whatif": {
      const { answer: whatIfAnswer } = answer.result as Extract<WhatIfResult, { ok: true }>;
      return { response: jsonResponse(whatIfAnswer), status: whatIfAnswer.status };
    }
    case "explain": {
      const { explanation } = answer.result as Extract<ExplainResult, { ok: true }>;
      return { response: jsonResponse(explanation), status: "explained" };
    }
  }
}

/**
 * The answer when the pool ended the worker past the time limit and its margin (the core did
 * not stop in time): a re-plan, like `/v1/solve`, answers a `timedout` plan with no changes;
 * a what-if or an explanation, which have no such form without their input, 503
 * `work-timed-out`.
 */
export function endedResponse(shape: ChangeShape): { response: Response; status: string } {
  if (shape !== "replan") return { response: problemResponse(makeProblem("work-timed-out", "The solve took longer than its time limit allows and was stopped; try again with a smaller cohort, or one trainee.")), status: "timedout" };
  return { response: jsonResponse(endedPlan()), status: "timedout" };
}

/** The re-planned plan of a re-plan whose worker was ended: `timedout`, with no assignments and no changes. */
export function endedPlan(): ReplanPlan {
  return { format: PLAN_FORMAT, status: "timedout", objective: null, bound: null, assignments: [], unassigned: [], diagnosis: [], changes: [] };
}

/**
 * The 422 problem for a request's issues, named after where the first one is. `total` is the
 * count when a worker already cut the list (`issueCount`); the problem lists at most
 * MAX_LISTED_ISSUES either way, as a failed job's does.
 */
export function invalidProblem(issues: readonly Issue[], total = issues.length): Problem {
  const listed = listIssues(issues);
  const first = issues[0]?.path ?? "";
  const part = (name: string) => first === name || first.startsWith(`${name}.`) || first.startsWith(`${name}[`);
  const kind: ProblemKind = part("cohort") ? "invalid-cohort" : part("plan") ? "invalid-plan" : "invalid-input";
  const count = total === 1 ? "1 issue" : `${total.toLocaleString("en-US")} issues`;
  const more = total - listed.issues.length;
  // listIssues's words, for the count the worker gave.
  const note = more > 0 ? ` The first ${listed.issues.length} are listed, and ${more.toLocaleString("en-US")} more.` : "";
  return makeProblem(kind, `The request has ${count}; see issues.${note}`, { issues: listed.issues });
}

function jsonResponse(value: unknown, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(value), { status: 200, headers: { "Content-Type": "application/json", ...headers } });
}

/** `Rotamatch-Warnings`: the first MAX_HEADER_WARNINGS warnings as JSON, every character past ASCII escaped; none without warnings. */
function warningHeaders(warnings: readonly ReplanWarning[]): Record<string, string> {
  if (warnings.length === 0) return {};
  const listed = warnings.slice(0, MAX_HEADER_WARNINGS).map(({ code, path, message }) => ({ code, path, message }));
  const ascii = JSON.stringify(listed).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return { "Rotamatch-Warnings": ascii };
}
