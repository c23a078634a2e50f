/**
 * The OpenAPI 3.1 description of the routes. The cohort and plan schemas are the core's JSON
 * Schemas, which the core generates from its own zod schemas (the very ones it checks with),
 * so `/openapi.json`, `/v1/schema/*` and `docs/schema/` cannot disagree. They are registered
 * as JSON Schema components rather than as zod schemas because zod-to-openapi can only
 * describe zod schemas it has extended itself (the core's come from the core's zod import).
 *
 * The routes are registered for documentation only: the handlers in app.ts read and check
 * bodies themselves, so that size limits, JSON syntax errors and cohort issues all get the
 * service's problem+json answers with the core's issue codes and paths.
 */
import { z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import { ISSUE_CODES, cohortJsonSchema, planJsonSchema } from "@rotamatch/core";
import { EXPORT_FORMATS, PLAN_CSV_FILES, XLSX_TYPE } from "./sheets.js";

const issueSchema = z
  .object({
    code: z.enum(ISSUE_CODES).describe("Stable machine code."),
    path: z.string().describe('Where in the input, e.g. "trainees[3].specialization"; "" for the whole input.'),
    message: z.string().describe("A plain sentence for a person."),
  })
  .openapi("Issue");

const problemSchema = z
  .object({
    type: z.string().describe("A URI naming the kind of problem."),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    issues: z.array(issueSchema).optional().describe("The core's issues, for an invalid cohort or body."),
  })
  .openapi("Problem");

const sheetIssueSchema = z
  .object({
    code: z.string().describe("Stable machine code: one of the sheets' own codes (missing_column, invalid_number, ...) or a core issue code."),
    sheet: z.string().describe('The sheet\'s English name ("Trainees"), also for CSV files; "" for the whole workbook.'),
    row: z.number().int().nullable().describe("1-based spreadsheet row (the header is row 1); null for a whole sheet."),
    column: z.string().nullable().describe("The column's header as written in the file; null for a whole row."),
    message: z.string().describe("A plain English sentence."),
    path: z.string().describe('Where it lands in the cohort ("trainees[10].specialization"); "" when nowhere.'),
    text: z.string().describe("The place and the message as one line, in the language of Accept-Language (English or Norwegian)."),
  })
  .openapi("SheetIssue");

const anyIssueSchema = z
  .object({ code: z.string(), path: z.string(), message: z.string() })
  .openapi("ProblemIssue", { description: "A problem of the input: a core issue, a plan violation (verifyPlan's codes) or a sheet issue." });

const sheetProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    sheetIssues: z.array(sheetIssueSchema).describe("Every problem, by sheet, row and column."),
    issues: z.array(anyIssueSchema).describe("The same problems as plain issues (the message is the sheet issue's text)."),
    cohort: z.union([z.record(z.string(), z.unknown()), z.null()]).describe("The cohort as read, problems included; null when the file could not be read at all."),
  })
  .openapi("SpreadsheetProblem");

const validationSchema = z
  .object({ valid: z.boolean(), issues: z.array(issueSchema) })
  .openapi("Validation");

const healthSchema = z.object({ status: z.enum(["ok", "unavailable"]) }).openapi("Health");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

/** A JSON Schema as zod-to-openapi takes it for a component (its own SchemaObject type). */
type SchemaObject = Parameters<OpenAPIHono["openAPIRegistry"]["registerComponent"]>[2];

const jsonSchemaDocument = {
  description: "A JSON Schema (draft 2020-12) document.",
  content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
};

/** What the document should say about access: bearer tokens and rate limits, when configured. */
export interface AccessDescription {
  readonly bearerTokens: boolean;
  readonly rateLimited: boolean;
}

/** Registers every route and schema in the app's OpenAPI registry and serves the document. */
export function describeRoutes<E extends Env>(app: OpenAPIHono<E>, access: AccessDescription = { bearerTokens: false, rateLimited: false }): void {
  const registry = app.openAPIRegistry;
  if (access.bearerTokens) {
    registry.registerComponent("securitySchemes", "bearer", {
      type: "http",
      scheme: "bearer",
      description: "One of the tokens the service was started with (ROTAMATCH_TOKENS or --tokens-file).",
    });
  }
  // Every /v1 route: the token (when configured) and the rate limit (when configured).
  const v1Access = {
    ...(access.bearerTokens ? { security: [{ bearer: [] }] } : {}),
  };
  const v1Errors = {
    ...(access.bearerTokens ? { 401: problem("No valid bearer token (see WWW-Authenticate).") } : {}),
    ...(access.rateLimited ? { 429: problem("Too many requests for this token or client in the window (see Retry-After).") } : {}),
  };
  registry.registerComponent("schemas", "Cohort", asComponent(cohortJsonSchema()));
  registry.registerComponent("schemas", "Plan", asComponent(planJsonSchema()));
  const cohort = { $ref: "#/components/schemas/Cohort" };
  const plan = { $ref: "#/components/schemas/Plan" };
  const cohortBody = {
    required: true,
    content: { "application/json": { schema: cohort } },
  };
  const commonErrors = {
    ...v1Errors,
    400: problem("The body is not valid JSON (the detail gives the line and column)."),
    413: problem("The body is bigger than the body limit."),
    415: problem("The Content-Type is not application/json."),
  };

  registry.registerPath({
    method: "post",
    path: "/v1/solve",
    ...v1Access,
    summary: "Solve a cohort and return its plan",
    description:
      "Synchronous, for cohorts up to the trainee limit. Every plan is answered 200; its `status` says whether it is optimal, feasible, infeasible (with a diagnosis) or timedout.",
    request: { body: cohortBody },
    responses: {
      200: { description: "The plan.", content: { "application/json": { schema: plan } } },
      ...commonErrors,
      413: problem("The body is bigger than the body limit, or the cohort has more trainees than a synchronous solve takes."),
      422: problem("The cohort is not valid; `issues` lists every problem with its code and path."),
      503: problem("Every solver is busy (see Retry-After), or the service is shutting down."),
    },
  });

  registry.registerComponent("schemas", "Job", JOB_SCHEMA);
  const job = { description: "The job.", content: { "application/json": { schema: { $ref: "#/components/schemas/Job" } } } };
  const jobId = z.object({ id: z.string().openapi({ description: "The job's id, from the Location of `POST /v1/jobs`." }) });
  const noSuchJob = problem("No such job: it never existed, it expired, or another token made it.");
  registry.registerPath({
    method: "post",
    path: "/v1/jobs",
    ...v1Access,
    summary: "Start a job that solves a cohort",
    description:
      "For cohorts of any size up to the job limit. Answers 202 at once with the job and its `Location`; poll `GET /v1/jobs/{id}` for its progress, the best plan so far and its bound, and finally the plan. An invalid cohort makes a `failed` job whose `problem` is the 422 problem.",
    request: { body: cohortBody },
    responses: {
      202: { ...job, headers: { Location: { description: "The job's URL, /v1/jobs/{id}.", schema: { type: "string" } } } },
      ...commonErrors,
      413: problem("The body is bigger than the job body limit, or the cohort has more trainees than a job takes."),
      503: problem("Every job thread and queue place is taken, or the service is shutting down (see Retry-After)."),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/jobs/{id}",
    ...v1Access,
    summary: "A job's state, progress and best plan",
    request: { params: jobId },
    responses: { 200: job, ...v1Errors, 404: noSuchJob },
  });
  registry.registerPath({
    method: "delete",
    path: "/v1/jobs/{id}",
    ...v1Access,
    summary: "Cancel a job, keeping its best plan so far",
    description: "A queued or running job becomes `cancelled` with the best plan found so far (or none). A finished job is left as it is.",
    request: { params: jobId },
    responses: { 200: job, ...v1Errors, 404: noSuchJob },
  });

  registry.registerPath({
    method: "post",
    path: "/v1/validate",
    ...v1Access,
    summary: "Check a cohort without solving it",
    request: { body: cohortBody },
    responses: {
      200: { description: "Whether the cohort is valid, and its issues.", content: { "application/json": { schema: validationSchema } } },
      ...commonErrors,
    },
  });

  registry.registerPath({
    method: "post",
    path: "/v1/import",
    ...v1Access,
    summary: "Read a cohort from a workbook or CSV files",
    description:
      "The body is a workbook (XLSX) or CSV files as JSON, `{ \"files\": { \"trainees.csv\": \"...\", ... } }` (docs/sheets.md describes the layout). Answers the cohort, or every problem by sheet, row and column; `Accept-Language: nb` words each problem's `text` in Norwegian.",
    request: {
      body: {
        required: true,
        content: {
          [XLSX_TYPE]: { schema: { type: "string", format: "binary" } },
          "application/json": { schema: z.object({ files: z.record(z.string(), z.string()).describe("CSV texts by file name.") }) },
        },
      },
    },
    responses: {
      200: {
        description: "The cohort, with no problems.",
        content: { "application/json": { schema: z.object({ cohort: z.record(z.string(), z.unknown()), issues: z.array(z.unknown()).max(0).describe("Always empty.") }) } },
      },
      ...commonErrors,
      400: problem("The JSON is not valid, or is not `{ files }` of CSV texts."),
      415: problem("The Content-Type is neither the XLSX type nor application/json."),
      422: { description: "The spreadsheet has problems.", content: { "application/problem+json": { schema: sheetProblemSchema } } },
    },
  });
  registry.registerComponent("schemas", "ExportRequest", { type: "object", required: ["cohort", "plan"], properties: { cohort, plan } } as SchemaObject);
  registry.registerPath({
    method: "post",
    path: "/v1/export",
    ...v1Access,
    summary: "A plan as a workbook, a CSV file or a calendar",
    description:
      "The body is `{ cohort, plan }`, the plan as `/v1/solve` or a job made it for that cohort. The cohort is checked like `/v1/validate`, the plan against the plan schema and, with the core's verifier, against the cohort. The answer is the file, as an attachment.",
    request: {
      query: z.object({
        format: z.enum(EXPORT_FORMATS).openapi({ description: "xlsx: the plan's sheets and the cohort's; csv: one file; ics: a calendar of periods and gatherings." }),
        delimiter: z.enum([",", ";"]).optional().openapi({ description: "csv only: the separator (\";\" for Excel with Norwegian settings); default \",\"." }),
        bom: z.enum(["true", "false"]).optional().openapi({ description: "csv only: start with a UTF-8 byte order mark (default true), so that Excel reads æøå right." }),
        file: z.enum(PLAN_CSV_FILES as [string, ...string[]]).optional().openapi({ description: "csv only: which file; default plan.csv, one row per trainee and period." }),
        trainee: z.string().optional().openapi({ description: "ics only: one trainee's calendar; default the whole cohort's." }),
      }),
      body: {
        required: true,
        content: {
          "application/json": { schema: { $ref: "#/components/schemas/ExportRequest" } },
        },
      },
    },
    responses: {
      200: {
        description: "The file (Content-Disposition: attachment, with its name).",
        content: {
          [XLSX_TYPE]: { schema: { type: "string", format: "binary" } },
          "text/csv": { schema: { type: "string" } },
          "text/calendar": { schema: { type: "string" } },
        },
      },
      ...commonErrors,
      400: problem("The JSON is not valid, or a query parameter is unknown or has a value it cannot take."),
      413: problem("The body is bigger than the job body limit."),
      422: {
        description: "The cohort is not valid, or the plan is not a plan or does not fit the cohort; `issues` says where (paths start with cohort. or plan.).",
        content: { "application/problem+json": { schema: z.object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), issues: z.array(anyIssueSchema) }) } },
      },
    },
  });

  for (const which of ["cohort", "plan"] as const) {
    registry.registerPath({
      method: "get",
      path: `/v1/schema/${which}`,
      ...v1Access,
      summary: `The JSON Schema of a ${which}`,
      responses: { 200: jsonSchemaDocument, ...v1Errors },
    });
  }
  registry.registerPath({
    method: "get",
    path: "/health",
    summary: "Liveness",
    responses: { 200: { description: "The process answers.", content: { "application/json": { schema: healthSchema } } } },
  });
  registry.registerPath({
    method: "get",
    path: "/ready",
    summary: "Readiness: whether a solve would be taken now",
    responses: {
      200: { description: "The pool can take work.", content: { "application/json": { schema: healthSchema } } },
      503: { description: "The pool is full or shutting down.", content: { "application/json": { schema: healthSchema } } },
    },
  });

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "rotamatch solve service",
      version: "1",
      description: "Post a cohort (rotamatch.cohort/v1), get a verified plan (rotamatch.plan/v1). Errors are RFC 9457 problem+json.",
      license: { name: "MIT" },
    },
  });
}

const nullableNumber = { type: ["number", "null"] };
const timestamp = (description: string) => ({ type: ["string", "null"], format: "date-time", description });

/** A job as `GET /v1/jobs/{id}` shows it (jobs.ts `JobView`). */
const JOB_SCHEMA: SchemaObject = {
  type: "object",
  required: ["id", "state", "createdAt", "startedAt", "finishedAt", "expiresAt", "progress", "plan", "problem"],
  properties: {
    id: { type: "string" },
    state: { enum: ["queued", "running", "done", "failed", "cancelled"] },
    createdAt: { type: "string", format: "date-time" },
    startedAt: timestamp("When a worker started it; null while queued."),
    finishedAt: timestamp("When it ended (done, failed or cancelled)."),
    expiresAt: timestamp("When it will be forgotten; null while queued or running."),
    progress: {
      type: "object",
      required: ["elapsedMs", "objective", "bound", "gap"],
      properties: {
        elapsedMs: { type: "number", description: "How long the solve has run, as last reported." },
        objective: { ...nullableNumber, description: "Objective of the best plan so far." },
        bound: { ...nullableNumber, description: "A proven lower bound on the optimal objective." },
        gap: { ...nullableNumber, description: "(objective - bound) / max(1, |objective|); 0 when proven optimal." },
      },
    },
    plan: {
      oneOf: [{ $ref: "#/components/schemas/Plan" }, { type: "null" }],
      description: "Running or cancelled: the best plan so far (status feasible), or null. Done: the final plan. Failed: null.",
    },
    problem: {
      oneOf: [{ $ref: "#/components/schemas/Problem" }, { type: "null" }],
      description: "Why a failed job failed: the 422 problem of an invalid cohort, or a 500 one.",
    },
  },
} as SchemaObject;

/** A standalone JSON Schema as an OpenAPI 3.1 component: without its own `$schema` and `$id`. */
function asComponent(schema: Readonly<Record<string, unknown>>): SchemaObject {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest as SchemaObject;
}
