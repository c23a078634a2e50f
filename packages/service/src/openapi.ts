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
 *
 * The document says what the service really answers, and tests hold it to that
 * (test/openapi-*.test.ts): every status a route can give with its real media type, each
 * problem response with the problem types (problem.ts) it can carry, the 500 and the 405 that
 * every route can give, and a HEAD operation beside every GET, since hono answers HEAD by
 * running the GET handler and dropping the body. It lints clean with Redocly's recommended
 * rules.
 */
import { z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import { ISSUE_CODES, cohortJsonSchema, explanationSchema, planJsonSchema, replanPlanSchema, replanRequestSchema, whatIfAnswerSchema } from "@rotamatch/core";
import { UNAUTHORIZED_TYPE } from "./auth.js";
import { MAX_LISTED_ISSUES } from "./limits.js";
import { PROBLEM_TYPE_BASE, type ProblemKind } from "./problem.js";
import { RATE_LIMITED_TYPE } from "./rate-limit.js";
import { EXPORT_FORMATS, ODS_TYPE, PLAN_CSV_FILES, XLSX_TYPE, ZIP_TYPE } from "./sheets.js";
import { JOB_OPERATIONS } from "./job-operation.js";

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
    issues: z.array(issueSchema).optional().describe(`The core's issues, for an invalid cohort or body: at most the first ${MAX_LISTED_ISSUES}; the detail says how many more.`),
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

const planSheetProblemSchema = sheetProblemSchema
  .omit({ cohort: true })
  .extend({
    plan: z.null().describe("No plan: the workbook's plan could not be read, or breaks a rule of its cohort."),
    warnings: z.array(sheetIssueSchema).describe("Why the plan was rebuilt from the sheets, when it was (plan_edited, plan_rebuilt)."),
  })
  .openapi("PlanSpreadsheetProblem");

const exportProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    issues: z.array(anyIssueSchema).describe("Where the cohort or the plan is wrong; paths start with cohort. or plan."),
  })
  .openapi("ExportProblem");

const validationSchema = z
  .object({
    valid: z.boolean(),
    issues: z.array(issueSchema).describe(`The first issues (at most ${MAX_LISTED_ISSUES}); \`issueCount\` counts them all.`),
    issueCount: z.number().int().describe("How many issues the cohort has."),
    truncated: z.boolean().describe("Whether `issues` lists fewer than `issueCount`."),
  })
  .openapi("Validation");

const healthSchema = z.object({ status: z.enum(["ok", "unavailable", "shutting-down"]) }).openapi("Health");

/** zod-to-openapi's own types, taken from the registry so that nothing here drifts from them. */
type Registry = OpenAPIHono["openAPIRegistry"];
type RouteConfig = Parameters<Registry["registerPath"]>[0];
type Responses = RouteConfig["responses"];
type ResponseConfig = Exclude<Responses[string], { $ref: string }>;
/** Any component as zod-to-openapi takes it (the cohort's and plan's JSON Schemas, the job's). */
type SchemaObject = Parameters<Registry["registerComponent"]>[2];
/**
 * OpenAPI objects written out as plain JSON (problem responses, headers). zod-to-openapi's
 * types mix OpenAPI 3.0's and 3.2's models, which no literal satisfies for both the paths and
 * the components, so these are cast once where they enter the registry.
 */
type Plain = { readonly [key: string]: unknown };
interface PlainResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, Plain>>;
  readonly content?: Readonly<Record<string, { readonly schema: Plain }>>;
}

const ref = (kind: "schemas" | "headers", name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** A problem type: one of problem.ts's kinds, or the URI of one made elsewhere (auth.ts's 401, rate-limit.ts's 429). */
type ProblemType = ProblemKind | { readonly uri: string };

/** The answers of one status that are problems: what they mean, their types, their headers. */
interface ProblemAnswer {
  readonly description: string;
  readonly types: readonly ProblemType[];
  /** The schema component the problem refines (Problem by default). */
  readonly schema?: string;
  /** Header name -> a header component's name. */
  readonly headers?: Readonly<Record<string, HeaderName>>;
}

/** Headers that several responses carry; each is registered under components.headers when first used. */
const HEADERS = {
  RetryAfter: { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 0 } },
  Allow: { description: "The methods this path answers, e.g. `GET, HEAD`.", schema: { type: "string" } },
  AcceptEncoding: { description: "The content codings a request body may have: `gzip, deflate`.", schema: { type: "string" } },
  WWWAuthenticate: {
    description: '`Bearer realm="rotamatch"`, with `error="invalid_token"` when the token given is not one the service takes.',
    schema: { type: "string" },
  },
  RateLimitLimit: { description: "Requests allowed in the window.", schema: { type: "integer" } },
  RateLimitRemaining: { description: "Requests left in the current window.", schema: { type: "integer" } },
  RateLimitReset: { description: "Seconds until the window ends.", schema: { type: "integer" } },
  RateLimitPolicy: { description: "The limit and its window, e.g. `60;w=60`.", schema: { type: "string" } },
} as const;
type HeaderName = keyof typeof HEADERS;

/** What the document should say about access: bearer tokens and rate limits, when configured. */
export interface AccessDescription {
  readonly bearerTokens: boolean;
  readonly rateLimited: boolean;
}

/** The tags, in the order the reference page shows them. */
const TAGS = [
  { name: "solve", description: "Solve a cohort at once, or check it without solving." },
  {
    name: "replan",
    description: "The programme over time: re-plan a published plan after a change, ask what pins would cost (what-if), and explain to a trainee why they did not get what they ranked higher.",
  },
  {
    name: "jobs",
    description:
      "Solve a big cohort in the background, or re-plan, ask a what-if or explain one: start a job, poll its progress and best plan (or its answer), or cancel it.",
  },
  { name: "sheets", description: "Spreadsheets in and out: read a cohort from a workbook or CSV files, write a plan as a workbook, CSV or calendar." },
  { name: "schemas", description: "The JSON Schemas of a cohort and a plan (rotamatch.cohort/v1, rotamatch.plan/v1)." },
  { name: "health", description: "Liveness and readiness, for probes and load balancers; never behind a token or a rate limit, and answered while shutting down." },
] as const;

type Tag = (typeof TAGS)[number]["name"];

/** One operation as this file describes it; `register` adds what every operation shares. */
interface Operation {
  readonly method: "get" | "post" | "delete";
  readonly path: string;
  readonly operationId: string;
  readonly tag: Tag;
  readonly summary: string;
  readonly description?: string;
  readonly request?: RouteConfig["request"];
  /** The answers that are not problems (200, 202, /ready's 503). */
  readonly responses: Readonly<Record<number, ResponseConfig>>;
  /** The route's own problems, by status; `register` adds the ones every route shares. */
  readonly problems?: Readonly<Record<number, ProblemAnswer>>;
  /** Under /v1: behind the token and the rate limit, when they are configured. */
  readonly v1: boolean;
  /** Answered as usual while the service shuts down (/health and /ready); every other route answers 503. */
  readonly duringShutdown?: boolean;
}

/** The answers of a body the JSON routes read (app.ts `jsonBody`, encoding.ts); 413 and 415 as the routes extend them. */
const BODY_PROBLEMS = {
  400: {
    description: "The body is not valid JSON (the detail gives the line and column), its gzip or deflate data is corrupt, or it is nested too deeply to hand to a worker.",
    types: ["invalid-json", "invalid-request"],
  },
  413: { description: "The body is bigger than the body limit, sent or decoded.", types: ["body-too-large"] },
  415: {
    description: "The Content-Type is not application/json, or the Content-Encoding is not one the service decodes (see Accept-Encoding).",
    types: ["unsupported-media-type", "unsupported-encoding"],
    headers: { "Accept-Encoding": "AcceptEncoding" },
  },
} as const satisfies Record<number, ProblemAnswer>;

/** `POST /v1/validate`, `/v1/import` and `/v1/export` run in the work pool's threads (work.ts). */
const WORK_PROBLEMS = {
  413: { description: "The work needs more memory than a worker thread has.", types: ["worker-out-of-memory"] },
  503: { description: "Every worker thread is busy (see Retry-After), or the work took longer than a worker thread is allowed.", types: ["pool-full", "work-timed-out"], headers: { "Retry-After": "RetryAfter" } },
} as const satisfies Record<number, ProblemAnswer>;

/** A list or text in the body bigger than its cap (limits.ts), found before any validation. */
const INPUT_TOO_LARGE = { description: "A list, object or text in the body is over its cap; the detail names the field and the cap.", types: ["input-too-large"] } as const;

/** The problem answers of several sources for one status, as one. */
function mergeProblems(...answers: readonly (ProblemAnswer | undefined)[]): ProblemAnswer | undefined {
  const present = answers.filter((a): a is ProblemAnswer => a !== undefined);
  const [first] = present;
  if (first === undefined) return undefined;
  const types = [...new Map(present.flatMap((a) => a.types).map((t) => [typeof t === "string" ? t : t.uri, t])).values()];
  const headers = Object.assign({}, ...present.map((a) => a.headers ?? {})) as Record<string, HeaderName>;
  return {
    description: [...new Set(present.map((a) => a.description))].join(" "),
    types,
    ...(first.schema === undefined ? {} : { schema: first.schema }),
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
  };
}

/** Registers every route and schema in the app's OpenAPI registry and serves the document. */
export function describeRoutes<E extends Env>(app: OpenAPIHono<E>, access: AccessDescription = { bearerTokens: false, rateLimited: false }): void {
  const registry = app.openAPIRegistry;
  // Referenced from plain JSON Schema (each problem response refines one), so registered by hand.
  registry.register("Problem", problemSchema);
  registry.register("SpreadsheetProblem", sheetProblemSchema);
  registry.register("PlanSpreadsheetProblem", planSheetProblemSchema);
  registry.register("ExportProblem", exportProblemSchema);
  // A header component is registered when first used: one that no response uses would be
  // an unused component.
  const registeredHeaders = new Set<HeaderName>();
  const headerRef = (name: HeaderName): Plain => {
    if (!registeredHeaders.has(name)) {
      registeredHeaders.add(name);
      registry.registerComponent("headers", name, HEADERS[name] as unknown as SchemaObject);
    }
    return ref("headers", name);
  };
  const headersOf = (headers: Readonly<Record<string, HeaderName>> | undefined): Record<string, Plain> | undefined =>
    headers === undefined ? undefined : Object.fromEntries(Object.entries(headers).map(([name, component]) => [name, headerRef(component)]));
  const problemResponse = (answer: ProblemAnswer): PlainResponse => {
    const headers = headersOf(answer.headers);
    const uris = answer.types.map((t) => (typeof t === "string" ? PROBLEM_TYPE_BASE + t : t.uri));
    return {
      description: answer.description,
      ...(headers === undefined ? {} : { headers }),
      content: {
        "application/problem+json": {
          schema: { allOf: [ref("schemas", answer.schema ?? "Problem"), { type: "object", properties: { type: { enum: uris } } }] },
        },
      },
    };
  };

  if (access.bearerTokens) {
    registry.registerComponent("securitySchemes", "bearer", {
      type: "http",
      scheme: "bearer",
      description: "One of the tokens the service was started with (ROTAMATCH_TOKENS or --tokens-file).",
    });
  }
  /** The problems every route (or every /v1 route) can answer, beside its own. */
  const sharedProblems = (op: Operation): Partial<Record<number, ProblemAnswer>> => ({
    ...(op.v1 && access.bearerTokens
      ? { 401: { description: "No valid bearer token.", types: [{ uri: UNAUTHORIZED_TYPE }], headers: { "WWW-Authenticate": "WWWAuthenticate" } } }
      : {}),
    405: {
      description: "Any method this path does not list (a path's other methods have no place of their own in OpenAPI): `Allow` names the ones it answers.",
      types: ["method-not-allowed"],
      headers: { Allow: "Allow" },
    },
    ...(op.v1 && access.rateLimited
      ? {
          429: {
            description: "Too many requests for this token or client in the window. Every other /v1 answer carries the RateLimit-* headers too.",
            types: [{ uri: RATE_LIMITED_TYPE }],
            headers: {
              "Retry-After": "RetryAfter",
              "RateLimit-Limit": "RateLimitLimit",
              "RateLimit-Remaining": "RateLimitRemaining",
              "RateLimit-Reset": "RateLimitReset",
              "RateLimit-Policy": "RateLimitPolicy",
            },
          },
        }
      : {}),
    500: { description: "A bug in rotamatch, logged with the request id; the detail says nothing about the request.", types: ["internal-error"] },
    ...(op.duringShutdown === true
      ? {}
      : { 503: { description: "The service is shutting down (see Retry-After, the grace period left).", types: ["shutting-down"], headers: { "Retry-After": "RetryAfter" } } }),
  });

  const register = (op: Operation): void => {
    const shared = sharedProblems(op);
    const own = op.problems ?? {};
    const statuses = [...new Set([...Object.keys(own), ...Object.keys(shared)].map(Number))];
    const answers: [number, ResponseConfig | PlainResponse][] = Object.entries(op.responses).map(([status, r]) => [Number(status), r]);
    for (const status of statuses) {
      // The route's own problems first: their description and schema lead.
      const merged = mergeProblems(own[status], shared[status]);
      // A status is either an answer of the route's own (/ready's 503) or problems, never both.
      if (merged === undefined || Object.hasOwn(op.responses, status)) throw new Error(`${op.operationId}: ${status} is described twice, or not at all`);
      answers.push([status, problemResponse(merged)]);
    }
    const responses = Object.fromEntries(answers.sort(([a], [b]) => a - b));
    const base = {
      path: op.path,
      tags: [op.tag],
      ...(op.description === undefined ? {} : { description: op.description }),
      ...(op.request === undefined ? {} : { request: op.request }),
      ...(op.v1 && access.bearerTokens ? { security: [{ bearer: [] }] } : {}),
    };
    registry.registerPath({ ...base, method: op.method, operationId: op.operationId, summary: op.summary, responses: responses as Responses });
    if (op.method !== "get") return;
    // hono answers HEAD on a GET route by running the GET handler and dropping the body:
    // the same statuses and headers, no content.
    const bodiless = ([status, response]: [string, ResponseConfig | PlainResponse]): [string, Plain] => [
      status,
      { description: `As GET, without the body. ${response.description ?? ""}`, ...(response.headers === undefined ? {} : { headers: response.headers }) },
    ];
    registry.registerPath({
      ...base,
      method: "head",
      operationId: op.operationId.replace(/^get/, "head"),
      summary: `${op.summary} (headers only)`,
      responses: Object.fromEntries(Object.entries(responses).map(bodiless)) as Responses,
    });
  };

  registry.registerComponent("schemas", "Cohort", asComponent(cohortJsonSchema()));
  registry.registerComponent("schemas", "Plan", asComponent(planJsonSchema()));
  const cohort = ref("schemas", "Cohort");
  const plan = ref("schemas", "Plan");
  const cohortBody = {
    required: true,
    content: { "application/json": { schema: cohort } },
  };

  register({
    method: "post",
    path: "/v1/solve",
    operationId: "solveCohort",
    tag: "solve",
    v1: true,
    summary: "Solve a cohort and return its plan",
    description:
      "Synchronous, for cohorts up to the trainee limit. Every plan is answered 200; its `status` says whether it is optimal, feasible, infeasible (with a diagnosis) or timedout.",
    request: { body: cohortBody },
    responses: { 200: { description: "The plan.", content: { "application/json": { schema: plan } } } },
    problems: {
      ...BODY_PROBLEMS,
      413: mergeProblems(
        BODY_PROBLEMS[413],
        { description: "The cohort has more trainees than a synchronous solve takes.", types: ["cohort-too-large"] },
        INPUT_TOO_LARGE,
        WORK_PROBLEMS[413],
      )!,
      422: { description: "The cohort is not valid; `issues` lists its first problems with their codes and paths, and the detail counts them all.", types: ["invalid-cohort"] },
      503: { description: "Every solver is busy, or the solve would wait in the queue past its time limit (see Retry-After).", types: ["pool-full"], headers: { "Retry-After": "RetryAfter" } },
    },
  });

  // The programme over time (replan.ts): the core's zod schemas as JSON Schema, with the cohort
  // and the plan of a request pointing at their components (the core leaves them unknown: they
  // are checked by the cohort's and the plan's readers).
  const generated = (schema: z.ZodType) => asComponent(z.toJSONSchema(schema, { io: "output" }) as Record<string, unknown>);
  const replanRequest = generated(replanRequestSchema) as { properties: Record<string, unknown> };
  registry.registerComponent("schemas", "ReplanRequest", { ...replanRequest, properties: { ...replanRequest.properties, cohort, plan } } as SchemaObject);
  registry.registerComponent("schemas", "ReplanPlan", generated(replanPlanSchema));
  const whatIfAnswer = generated(whatIfAnswerSchema) as { properties: { pins: unknown } };
  registry.registerComponent("schemas", "WhatIfRequest", {
    type: "object",
    required: ["cohort", "plan", "pins"],
    additionalProperties: false,
    properties: { cohort, plan, pins: { ...(whatIfAnswer.properties.pins as object), minItems: 1, description: "Pins as the cohort's own pins: trainee with period and member, or with mentor or supervisor." } },
  } as SchemaObject);
  registry.registerComponent("schemas", "WhatIfAnswer", whatIfAnswer as SchemaObject);
  registry.registerComponent("schemas", "ExplainRequest", {
    type: "object",
    required: ["cohort", "plan"],
    additionalProperties: false,
    properties: {
      cohort,
      plan,
      trainee: { type: "string", description: "Explain this trainee only (default: every trainee of the cohort)." },
      lang: { enum: ["nb", "en"], description: "The language of the texts: nb (Norwegian, the default) or en." },
    },
  } as SchemaObject);
  registry.registerComponent("schemas", "Explanation", generated(explanationSchema));
  const changeProblems = (shape: string, unprocessable: string) => ({
    ...BODY_PROBLEMS,
    413: mergeProblems(
      BODY_PROBLEMS[413],
      { description: "The body's cohort has more trainees than a synchronous solve takes.", types: ["cohort-too-large"] },
      { ...INPUT_TOO_LARGE, description: `${INPUT_TOO_LARGE.description} The plan's assignments are capped like the cohort's trainees${shape === "whatif" ? ", the pins like the cohort's" : ""}.` },
      WORK_PROBLEMS[413],
    )!,
    422: {
      description: `${unprocessable} \`issues\` lists the first problems with their codes and paths (under cohort., plan. or the request's own fields); the type says where the first one is.`,
      types: ["invalid-cohort", "invalid-plan", "invalid-input"],
    },
    503: {
      description:
        shape === "replan"
          ? "Every solver is busy, or the solve would wait in the queue past its time limit (see Retry-After)."
          : "Every solver is busy, or the solve would wait in the queue past its time limit (see Retry-After); or the solve overran its time limit and was stopped.",
      types: shape === "replan" ? ["pool-full"] : ["pool-full", "work-timed-out"],
      headers: { "Retry-After": "RetryAfter" },
    },
  }) satisfies Record<number, ProblemAnswer>;
  const jsonRequest = (name: string) => ({ body: { required: true, content: { "application/json": { schema: ref("schemas", name) } } } });
  register({
    method: "post",
    path: "/v1/replan",
    operationId: "replanCohort",
    tag: "replan",
    v1: true,
    summary: "Re-plan a published plan for the cohort as it is now",
    description:
      "The body is a `rotamatch.replan/v1` document: `asOf`, the cohort as it is now and the published plan. Placements whose period started before `asOf` stay; the answer changes as few roles of the continuing trainees as it can, then costs least, and lists every change with its reason. Solved like `/v1/solve`, with its limits and time limit.",
    request: jsonRequest("ReplanRequest"),
    responses: {
      200: {
        description: "The re-planned plan: the plan format plus `changes`; it can be re-planned again as it is. Its `status` says whether it is optimal for the fewest changes, then the least cost.",
        headers: {
          "Rotamatch-Warnings": {
            description: "Only when the re-plan has warnings (a started placement at a member that has left, a capacity raised for what has started): a JSON list of `{ code, path, message }`, at most 20, in ASCII.",
            schema: { type: "string" },
          },
        },
        content: { "application/json": { schema: ref("schemas", "ReplanPlan") } },
      },
    },
    problems: changeProblems("replan", "The cohort or the plan is not valid, the plan does not fit the cohort, `asOf` is no date in the programme, or the cohort contradicts what has started."),
  });
  register({
    method: "post",
    path: "/v1/whatif",
    operationId: "whatIf",
    tag: "replan",
    v1: true,
    summary: "What pins would cost, and who else would move",
    description:
      "The body is `{ cohort, plan, pins }`, the plan made for that cohort. The answer (`rotamatch.whatif/v1`) is the least objective with the pins, its delta against the plan and the changes to other trainees in such a plan, fewest first. Solved like `/v1/solve`, with its limits and time limit.",
    request: jsonRequest("WhatIfRequest"),
    responses: { 200: { description: "The what-if answer.", content: { "application/json": { schema: ref("schemas", "WhatIfAnswer") } } } },
    problems: changeProblems("whatif", "The cohort or the plan is not valid, the plan is not one of this cohort, or a pin breaks a hard rule."),
  });
  register({
    method: "post",
    path: "/v1/explain",
    operationId: "explainPlan",
    tag: "replan",
    v1: true,
    summary: "Why a trainee got what they got",
    description:
      "The body is `{ cohort, plan, trainee?, lang? }`. For each trainee (or the one asked for), each option they ranked above what they got, and each mentor or supervisor who would remove a specialization cost: the rule that forbids it, or what it would cost and who would move, in plain words (`rotamatch.explanation/v1`). Solved like `/v1/solve`, with its limits and time limit.",
    request: jsonRequest("ExplainRequest"),
    responses: { 200: { description: "The explanation.", content: { "application/json": { schema: ref("schemas", "Explanation") } } } },
    problems: changeProblems("explain", "The cohort or the plan is not valid, the plan is not one of this cohort, the trainee is not in the cohort, or `lang` is neither nb nor en."),
  });

  registry.registerComponent("schemas", "JobStage", JOB_STAGE_SCHEMA);
  registry.registerComponent("schemas", "Job", JOB_SCHEMA);
  const job = { description: "The job.", content: { "application/json": { schema: ref("schemas", "Job") } } };
  const jobId = z.object({ id: z.string().openapi({ description: "The job's id, from the Location of `POST /v1/jobs`." }) });
  // With --redis, every job route answers 503 while Redis is away (app.ts `jobCall`).
  const queueAway = { description: "With --redis: the job queue (Redis) is unavailable (see Retry-After); /v1/solve still answers.", types: ["not-ready"], headers: { "Retry-After": "RetryAfter" } } as const;
  const noSuchJob = { 404: { description: "No such job: it never existed, it expired, or another token made it.", types: ["not-found"] }, 503: queueAway } as const;
  registry.registerComponent("schemas", "JobRequest", {
    oneOf: [cohort, ref("schemas", "ReplanRequest"), ref("schemas", "WhatIfRequest"), ref("schemas", "ExplainRequest")],
    description: "A cohort to solve, or the body of /v1/replan, /v1/whatif or /v1/explain (see `operation`).",
  } as SchemaObject);
  register({
    method: "post",
    path: "/v1/jobs",
    operationId: "createJob",
    tag: "jobs",
    v1: true,
    summary: "Start a job that solves a cohort, or re-plans, asks a what-if or explains",
    description:
      "For cohorts of any size up to the job limit. Answers 202 at once with the job and its `Location`; poll `GET /v1/jobs/{id}` for its progress, the best plan so far and its bound, and finally the plan. An invalid cohort makes a `failed` job whose `problem` is the 422 problem. " +
      "The body is a cohort (a solve), or the body of `/v1/replan`, `/v1/whatif` or `/v1/explain`: `operation` says which, and without it a `rotamatch.replan/v1` document is a re-plan and any other body a solve. Such a job ends with the synchronous route's answer: a re-plan's plan with `changes` in `plan` and its warnings in `warnings`, a what-if's or an explanation's answer in `answer`; bad input makes a `failed` job with the route's 422 problem. The job limits (body, trainees, time) apply to all.",
    request: {
      query: z.object({
        operation: z
          .enum(JOB_OPERATIONS)
          .optional()
          .openapi({ description: "What the job does with the body: solve (a cohort), replan, whatif or explain. Default: replan for a rotamatch.replan/v1 document, else solve." }),
      }),
      ...jsonRequest("JobRequest"),
    },
    responses: { 202: { ...job, headers: { Location: { description: "The job's URL, /v1/jobs/{id}.", schema: { type: "string" } } } } },
    problems: {
      ...BODY_PROBLEMS,
      400: mergeProblems(BODY_PROBLEMS[400], { description: "`operation` is not one of solve, replan, whatif, explain.", types: ["invalid-request"] })!,
      413: mergeProblems(
        { description: "The body is bigger than the job body limit, sent or decoded.", types: ["body-too-large"] },
        { description: "The cohort (the body, or its `cohort`) has more trainees than a job takes.", types: ["cohort-too-large"] },
        INPUT_TOO_LARGE,
      )!,
      503: mergeProblems({ description: "Every job thread and queue place is taken (see Retry-After).", types: ["pool-full"], headers: { "Retry-After": "RetryAfter" } }, queueAway)!,
    },
  });
  registry.registerComponent("schemas", "JobPage", JOB_PAGE_SCHEMA);
  register({
    method: "get",
    path: "/v1/jobs",
    operationId: "getJobs",
    tag: "jobs",
    v1: true,
    summary: "The caller's jobs, newest first: a run history",
    description:
      "The jobs of the caller's token (of everyone, without tokens), newest first, without their plans: input hash, version, options, state, objective and times. With --redis the history survives restarts, for as long as the jobs are kept.",
    request: {
      query: z.object({
        offset: z.string().optional().openapi({ description: "Jobs to skip (default 0)." }),
        limit: z.string().optional().openapi({ description: "Jobs in the page, 1 to 100 (default 20)." }),
      }),
    },
    responses: { 200: { description: "One page of jobs.", content: { "application/json": { schema: ref("schemas", "JobPage") } } } },
    problems: { 400: { description: "offset or limit is not a whole number in range.", types: ["invalid-request"] }, 503: queueAway },
  });
  register({
    method: "get",
    path: "/v1/jobs/{id}",
    operationId: "getJob",
    tag: "jobs",
    v1: true,
    summary: "A job's state, progress and best plan, or its answer",
    request: { params: jobId },
    responses: { 200: job },
    problems: noSuchJob,
  });
  register({
    method: "delete",
    path: "/v1/jobs/{id}",
    operationId: "cancelJob",
    tag: "jobs",
    v1: true,
    summary: "Cancel a job, keeping its best plan so far",
    description:
      "A queued or running job becomes `cancelled` with the best plan found so far (or none; a re-plan, a what-if or an explanation keeps none). A finished job is left as it is.",
    request: { params: jobId },
    responses: { 200: job },
    problems: noSuchJob,
  });

  register({
    method: "post",
    path: "/v1/validate",
    operationId: "validateCohort",
    tag: "solve",
    v1: true,
    summary: "Check a cohort without solving it",
    request: { body: cohortBody },
    responses: {
      200: { description: "Whether the cohort is valid, and its issues.", content: { "application/json": { schema: validationSchema } } },
    },
    problems: { ...BODY_PROBLEMS, ...WORK_PROBLEMS, 413: mergeProblems(BODY_PROBLEMS[413], INPUT_TOO_LARGE, WORK_PROBLEMS[413])! },
  });

  register({
    method: "post",
    path: "/v1/import",
    operationId: "importCohort",
    tag: "sheets",
    v1: true,
    summary: "Read a cohort from a workbook or CSV files",
    description:
      "The body is a workbook (XLSX, or OpenDocument .ods) or CSV files as JSON, `{ \"files\": { \"trainees.csv\": \"...\", ... } }`, or with `\"encoding\": \"base64\"` each file's bytes in base64, whose encoding (UTF-8, Windows-1252, UTF-16) is then detected (docs/sheets.md describes the layout). Answers the cohort, or every problem by sheet, row and column; `Accept-Language: nb` words each problem's `text` in Norwegian.",
    request: {
      body: {
        required: true,
        content: {
          [XLSX_TYPE]: { schema: { type: "string", format: "binary" } },
          [ODS_TYPE]: { schema: { type: "string", format: "binary" } },
          "application/json": {
            schema: z.object({
              files: z.record(z.string(), z.string()).describe("CSV files by file name: their texts, or their bytes in base64 with encoding base64."),
              encoding: z.literal("base64").optional().describe("base64: each file is its bytes in base64, and its encoding is detected."),
            }),
          },
        },
      },
    },
    responses: {
      200: {
        description: "The cohort, with no problems.",
        content: { "application/json": { schema: z.object({ cohort: z.record(z.string(), z.unknown()), issues: z.array(z.unknown()).max(0).describe("Always empty.") }) } },
      },
    },
    problems: {
      ...BODY_PROBLEMS,
      ...WORK_PROBLEMS,
      400: mergeProblems(BODY_PROBLEMS[400], { description: "The JSON is not `{ files }` of CSV texts.", types: ["invalid-request"] })!,
      413: mergeProblems(BODY_PROBLEMS[413], INPUT_TOO_LARGE, WORK_PROBLEMS[413])!,
      415: mergeProblems({ description: "The Content-Type is neither the XLSX type nor application/json.", types: ["unsupported-media-type"] }, BODY_PROBLEMS[415])!,
      422: { description: "The spreadsheet has problems.", types: ["invalid-spreadsheet"], schema: "SpreadsheetProblem" },
    },
  });
  register({
    method: "post",
    path: "/v1/import/plan",
    operationId: "importPlan",
    tag: "sheets",
    v1: true,
    summary: "Read a published plan back from its workbook",
    description:
      "The body is a plan workbook, as `/v1/export?format=xlsx` writes it (docs/sheets.md, \"Reading a plan workbook back\"). Answers the plan it holds, checked with the core's verifier against the cohort of the workbook's own cohort sheets: the exact plan from the workbook's hidden copy, or, when the Plan sheet was edited by hand or the workbook has no copy, the plan rebuilt from the Plan sheet with its costs computed again and a warning saying so. `Accept-Language: nb` words each problem's and warning's `text` in Norwegian.",
    request: { body: { required: true, content: { [XLSX_TYPE]: { schema: { type: "string", format: "binary" } } } } },
    responses: {
      200: {
        description: "The plan (with `changes` for a re-planned plan), with no problems; warnings when it was rebuilt from the sheets.",
        content: {
          "application/json": {
            schema: z.object({
              plan: z.record(z.string(), z.unknown()).describe("A rotamatch.plan/v1 plan, with `changes` when it is a re-plan's."),
              issues: z.array(z.unknown()).max(0).describe("Always empty."),
              warnings: z.array(sheetIssueSchema).describe("plan_edited (the Plan sheet differs from the hidden copy) or plan_rebuilt (no readable copy)."),
            }),
          },
        },
      },
    },
    problems: {
      ...BODY_PROBLEMS,
      ...WORK_PROBLEMS,
      413: mergeProblems(
        { description: "The body is bigger than the job body limit (plans of big cohorts come from jobs), sent or decoded.", types: ["body-too-large"] },
        INPUT_TOO_LARGE,
        WORK_PROBLEMS[413],
      )!,
      415: mergeProblems({ description: "The Content-Type is not the XLSX type.", types: ["unsupported-media-type"] }, BODY_PROBLEMS[415])!,
      422: {
        description: "The workbook is no plan workbook (a cohort workbook, say), or its plan breaks a rule of its cohort: every problem by sheet, row and column, `plan` null, and `warnings`.",
        types: ["invalid-spreadsheet"],
        schema: "PlanSpreadsheetProblem",
      },
    },
  });
  registry.registerComponent("schemas", "ExportRequest", { type: "object", required: ["cohort", "plan"], properties: { cohort, plan } } as SchemaObject);
  register({
    method: "post",
    path: "/v1/export",
    operationId: "exportPlan",
    tag: "sheets",
    v1: true,
    summary: "A plan as a workbook, a CSV file, a calendar or a pack per member",
    description:
      "The body is `{ cohort, plan }`, the plan as `/v1/solve` or a job made it for that cohort. The cohort is checked like `/v1/validate`, the plan against the plan schema and, with the core's verifier, against the cohort. The answer is the file, as an attachment.",
    request: {
      query: z.object({
        format: z.enum(EXPORT_FORMATS).openapi({
          description:
            "xlsx: the plan's sheets and the cohort's; csv: one file; ics: a calendar of periods and gatherings; pack: a ZIP with a folder per member (its workbook and calendar), a calendar per supervisor and mentor, and a README (docs/sheets.md).",
        }),
        delimiter: z.enum([",", ";"]).optional().openapi({ description: "csv only: the separator (\";\" for Excel with Norwegian settings); default \",\"." }),
        bom: z.enum(["true", "false"]).optional().openapi({ description: "csv only: start with a UTF-8 byte order mark (default true), so that Excel reads æøå right." }),
        file: z.enum(PLAN_CSV_FILES as [string, ...string[]]).optional().openapi({ description: "csv only: which file; default plan.csv, one row per trainee and period." }),
        trainee: z.string().optional().openapi({ description: "ics only: one trainee's calendar; default the whole cohort's." }),
        lang: z.enum(["en", "nb"]).optional().openapi({ description: "The file's language: sheet names, headers, values and calendar titles; default en (Accept-Language is not used)." }),
      }),
      body: {
        required: true,
        content: {
          "application/json": { schema: ref("schemas", "ExportRequest") },
        },
      },
    },
    responses: {
      200: {
        description: "The file, as an attachment.",
        headers: { "Content-Disposition": { description: 'attachment; filename="..."', schema: { type: "string" } } },
        content: {
          [XLSX_TYPE]: { schema: { type: "string", format: "binary" } },
          "text/csv": { schema: { type: "string" } },
          "text/calendar": { schema: { type: "string" } },
          [ZIP_TYPE]: { schema: { type: "string", format: "binary" } },
        },
      },
    },
    problems: {
      ...BODY_PROBLEMS,
      ...WORK_PROBLEMS,
      400: mergeProblems(BODY_PROBLEMS[400], { description: "A query parameter is unknown or has a value it cannot take.", types: ["invalid-request"] })!,
      413: mergeProblems(
        { description: "The body is bigger than the job body limit, sent or decoded.", types: ["body-too-large"] },
        INPUT_TOO_LARGE,
        WORK_PROBLEMS[413],
      )!,
      422: {
        description: "The cohort is not valid, or the plan is not a plan or does not fit the cohort; `issues` says where (paths start with cohort. or plan.).",
        types: ["invalid-cohort", "invalid-plan"],
        schema: "ExportProblem",
      },
    },
  });

  register({
    method: "post",
    path: "/v1/export/cohort",
    operationId: "exportCohort",
    tag: "sheets",
    v1: true,
    summary: "A cohort as a workbook",
    description:
      "The body is a cohort. It is written as it is, problems included, in the layout `/v1/import` reads (docs/sheets.md), so that corrections made elsewhere (the web page) go back into a workbook, and a workbook with problems reads back with each problem at its sheet, row and column. Only a body with no programme, members or trainees to write is refused.",
    request: {
      query: z.object({
        lang: z.enum(["en", "nb"]).optional().openapi({ description: "The workbook's language: sheet names, headers and values; default en (Accept-Language is not used)." }),
      }),
      body: cohortBody,
    },
    responses: {
      200: {
        description: "The workbook, as an attachment.",
        headers: { "Content-Disposition": { description: 'attachment; filename="..."', schema: { type: "string" } } },
        content: { [XLSX_TYPE]: { schema: { type: "string", format: "binary" } } },
      },
    },
    problems: {
      ...BODY_PROBLEMS,
      400: mergeProblems(BODY_PROBLEMS[400], { description: "A query parameter is unknown or has a value it cannot take.", types: ["invalid-request"] })!,
      422: { description: "The body is no cohort to write (no programme, members or trainees); `issues` says why.", types: ["invalid-cohort"], schema: "ExportProblem" },
    },
  });

  for (const which of ["cohort", "plan"] as const) {
    const name = which === "cohort" ? "Cohort" : "Plan";
    register({
      method: "get",
      path: `/v1/schema/${which}`,
      operationId: `get${name}Schema`,
      tag: "schemas",
      v1: true,
      summary: `The JSON Schema of a ${which}`,
      responses: {
        200: {
          description: "A JSON Schema (draft 2020-12) document, as `application/schema+json`.",
          content: { "application/schema+json": { schema: z.record(z.string(), z.unknown()) } },
        },
      },
    });
  }
  register({
    method: "get",
    path: "/health",
    operationId: "getHealth",
    tag: "health",
    v1: false,
    duringShutdown: true,
    summary: "Liveness",
    responses: { 200: { description: "The process answers.", content: { "application/json": { schema: healthSchema } } } },
  });
  register({
    method: "get",
    path: "/ready",
    operationId: "getReadiness",
    tag: "health",
    v1: false,
    duringShutdown: true,
    summary: "Readiness: whether a solve would be taken now",
    responses: {
      200: { description: "The pool can take work.", content: { "application/json": { schema: healthSchema } } },
      503: {
        description: "The pool is full (`unavailable`) or the service is shutting down (`shutting-down`).",
        content: { "application/json": { schema: healthSchema } },
      },
    },
  });

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "rotamatch solve service",
      version: "1",
      description: [
        "Post a cohort (rotamatch.cohort/v1), get a verified plan (rotamatch.plan/v1).",
        "Errors are RFC 9457 problem+json; each response names the problem `type`s it can carry.",
        "Every answer carries `X-Request-Id` (the client's, when it sends a sane one).",
        "Every GET route also answers HEAD, with the same status and headers and no body.",
        "A request body may be sent gzip- or deflate-encoded; the body limits apply to its decoded size too.",
      ].join(" "),
      // OpenAPI 3.1's SPDX `identifier`, which zod-to-openapi's (3.0-shaped) license type lacks.
      license: { name: "MIT", identifier: "MIT" } as { name: string },
    },
    // Relative: the document is served by the service it describes, at whatever address the
    // client reached it (a proxy's, a port's), so the operations resolve against that.
    servers: [{ url: "/", description: "This service, at the address this document was fetched from." }],
    tags: TAGS.map((t) => ({ ...t })),
    // Open by default; the /v1 operations say when they need the bearer token.
    security: [],
  });
}

const nullableNumber = { type: ["number", "null"] };
const timestamp = (description: string) => ({ type: ["string", "null"], format: "date-time", description });

const operation = { enum: [...JOB_OPERATIONS], description: "What the job does: solve a cohort, or re-plan, ask a what-if or explain (the body of /v1/replan, /v1/whatif, /v1/explain)." };

/** A finished stage of a re-plan job (jobs.ts `JobStage`). */
const JOB_STAGE_SCHEMA: SchemaObject = {
  type: "object",
  required: ["stage", "status", "value", "bound", "elapsedMs"],
  properties: {
    stage: { enum: ["fill", "changes", "cost"], description: "fill: the most filled roles (under allowUnassigned); changes: the fewest changed roles; cost: the least objective." },
    status: { enum: ["optimal", "feasible", "infeasible", "timedout"] },
    value: { ...nullableNumber, description: "The stage's value: filled roles, changed roles, or the objective." },
    bound: { ...nullableNumber, description: "A proven bound on that value." },
    elapsedMs: { type: "number", description: "Milliseconds from the start of the re-plan to the end of the stage." },
  },
} as SchemaObject;

/** A job as `GET /v1/jobs/{id}` shows it (jobs.ts `JobView`). */
const JOB_SCHEMA: SchemaObject = {
  type: "object",
  required: ["id", "operation", "state", "createdAt", "startedAt", "finishedAt", "expiresAt", "progress", "plan", "problem"],
  properties: {
    id: { type: "string" },
    operation,
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
        stages: { type: "array", items: { $ref: "#/components/schemas/JobStage" }, description: "Re-plan jobs only: the stages finished so far, in order." },
      },
    },
    plan: {
      oneOf: [{ $ref: "#/components/schemas/Plan" }, { $ref: "#/components/schemas/ReplanPlan" }, { type: "null" }],
      description:
        "Running or cancelled: the best plan so far (status feasible), or null. Done: the final plan; for a re-plan, the re-planned plan with its `changes`. Failed: null. Always null for a what-if or an explanation (see `answer`).",
    },
    warnings: {
      type: "array",
      items: {
        type: "object",
        required: ["code", "path", "message"],
        properties: { code: { type: "string" }, path: { type: "string" }, message: { type: "string" } },
      },
      description: "Re-plan jobs only: the re-plan's warnings, which /v1/replan sends in Rotamatch-Warnings (all of them); empty until done.",
    },
    answer: {
      oneOf: [{ $ref: "#/components/schemas/WhatIfAnswer" }, { $ref: "#/components/schemas/Explanation" }, { type: "null" }],
      description: "What-if and explanation jobs only: the answer of /v1/whatif or /v1/explain when done; null before, and when failed or cancelled.",
    },
    problem: {
      oneOf: [{ $ref: "#/components/schemas/Problem" }, { type: "null" }],
      description:
        "Why a failed job failed: the 422 problem (`invalid-cohort`, or for another operation than a solve `invalid-plan` or `invalid-input`, as its route answers; its first issues, the detail counts them all), the 413 `worker-out-of-memory` one, the 503 `work-timed-out` of a what-if or an explanation stopped past its time limit, or a 500 `internal-error`.",
    },
  },
} as SchemaObject;

/** One page of `GET /v1/jobs` (jobs.ts `JobSummary`). */
const JOB_PAGE_SCHEMA: SchemaObject = {
  type: "object",
  required: ["jobs", "total", "offset", "limit", "next"],
  properties: {
    jobs: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "operation", "state", "inputHash", "version", "options", "objective", "createdAt", "startedAt", "finishedAt", "expiresAt"],
        properties: {
          id: { type: "string" },
          operation,
          state: { enum: ["queued", "running", "done", "failed", "cancelled"] },
          inputHash: { type: "string", description: "Hex SHA-256 of the body's bytes as sent." },
          version: { type: "string", description: "The rotamatch version that took the job." },
          options: { type: "object", required: ["timeLimitMs"], properties: { timeLimitMs: { type: "number" } } },
          objective: { ...nullableNumber, description: "Objective of the final plan (a what-if's: its answer's; an explanation's: its plan's), or of the best so far." },
          createdAt: { type: "string", format: "date-time" },
          startedAt: timestamp("When a worker started it; null while queued."),
          finishedAt: timestamp("When it ended."),
          expiresAt: timestamp("When it will be forgotten; null while queued or running."),
        },
      },
    },
    total: { type: "integer", description: "The caller's jobs in all." },
    offset: { type: "integer" },
    limit: { type: "integer" },
    next: { type: ["string", "null"], description: "The next page's path, or null on the last page." },
  },
} as SchemaObject;

/** A standalone JSON Schema as an OpenAPI 3.1 component: without its own `$schema` and `$id`. */
function asComponent(schema: Readonly<Record<string, unknown>>): SchemaObject {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest as SchemaObject;
}
