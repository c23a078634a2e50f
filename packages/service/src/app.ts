/**
 * The HTTP app: `createApp(deps)` wires routes, limits, errors, headers and logs around a
 * `solve` function it is given. Nothing here touches Node; solving happens wherever `solve`
 * sends it (the worker pool in production, a fake in tests).
 */
import { createMiddleware } from "hono/factory";
import { OpenAPIHono } from "@hono/zod-openapi";
import { cohortJsonSchema, parseJsonText, planJsonSchema, validateCohort, type SolveOptions, type SolveResult } from "@rotamatch/core";
import { DEFAULT_SHEET_LIMITS } from "@rotamatch/sheets";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { bearerAuth, createTokenSet, type AuthVariables } from "./auth.js";
import { DEFAULT_APP_CONFIG, type AppConfig } from "./config.js";
import { PoolFullError } from "./errors.js";
import { createJobStore, describeIssueCount, type JobRunner } from "./jobs.js";
import { describeRoutes } from "./openapi.js";
import { makeProblem, problemResponse, type Problem } from "./problem.js";
import { createRateLimiter, rateLimit } from "./rate-limit.js";
import { readReferenceAssets, referencePolicy, referenceRoutes, type ReferenceAssets } from "./reference.js";
import { XLSX_TYPE, exportPlan, importCsvFiles, importWorkbook, languageOf } from "./sheets.js";
import { pagePolicy, readWebAssets, webRoutes, type WebAssets } from "./web.js";


/** One structured log record. Never holds a body, a name or an id from a cohort. */
export type LogRecord = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  info(record: LogRecord): void;
  error(record: LogRecord): void;
}

export interface AppDeps {
  /** Solves a cohort (as parsed from JSON, unchecked) off the event loop. */
  readonly solve: (cohortJson: unknown, options: SolveOptions) => Promise<SolveResult>;
  /** Whether a solve would be taken now (for `/ready`); default: always. */
  readonly isReady?: () => boolean;
  /**
   * Runs a job's solve off the event loop, reporting its start and progress and stopping
   * when the watch's signal aborts (the job pool in production). Default: `solve`, which
   * reports no progress and cannot be stopped (a cancelled job's answer is then ignored).
   */
  readonly solveJob?: JobRunner;
  /** Whether a job would be taken now; default: always. */
  readonly canAcceptJob?: () => boolean;
  /** Wall clock in epoch ms for the jobs' timestamps and expiry (default `Date.now`; tests pass a fake). */
  readonly clock?: () => number;
  readonly config?: Partial<AppConfig>;
  readonly logger?: Logger;
  /** The rate limiter's clock in ms, never going back (default `performance.now`; tests pass a fake). */
  readonly now?: () => number;
  /**
   * The reference page's files (default: Swagger UI, which the build copies into dist/reference/,
   * read on the first request for the page, see reference.ts); null serves no page.
   */
  readonly referenceAssets?: ReferenceAssets | null;
  /**
   * The web page's files (default: the built page, which the build copies into dist/web/, read
   * on the first request for the page, see web.ts); null serves no page.
   */
  readonly webAssets?: WebAssets | null;
}

/**
 * What handlers find in the context. `tokenId` is the id of the bearer token the request was
 * authenticated with (see auth.ts), or null when authentication is off.
 */
type Env = {
  Variables: AuthVariables & { requestId: string; solveStatus: string | null; solveMs: number | null; body: unknown };
};

/** Route paths (templates) and the methods each answers, for 404 versus 405. */
const ROUTES: Readonly<Record<string, readonly string[]>> = {
  "/v1/solve": ["POST"],
  "/v1/jobs": ["POST"],
  "/v1/jobs/{id}": ["GET", "HEAD", "DELETE"],
  "/v1/validate": ["POST"],
  "/v1/import": ["POST"],
  "/v1/export": ["POST"],
  "/v1/schema/cohort": ["GET", "HEAD"],
  "/v1/schema/plan": ["GET", "HEAD"],
  "/health": ["GET", "HEAD"],
  "/ready": ["GET", "HEAD"],
  "/openapi.json": ["GET", "HEAD"],
  "/": ["GET", "HEAD"],
  "/app/{name}": ["GET", "HEAD"],
  "/reference": ["GET", "HEAD"],
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const JOB_PATH = /^\/v1\/jobs\/[^/]+$/;
const APP_PATH = /^\/app\/[^/]+$/;

/** The route template a path belongs to, or null for an unknown path. */
function routeOf(path: string): string | null {
  if (Object.hasOwn(ROUTES, path)) return path;
  if (JOB_PATH.test(path)) return "/v1/jobs/{id}";
  return APP_PATH.test(path) ? "/app/{name}" : null;
}
const silentLogger: Logger = { info: () => {}, error: () => {} };

export function createApp(deps: AppDeps): OpenAPIHono<Env> {
  const config: AppConfig = { ...DEFAULT_APP_CONFIG, ...stripUndefined(deps.config ?? {}) };
  const logger = deps.logger ?? silentLogger;
  const isReady = deps.isReady ?? (() => true);
  const tokens = config.tokens.length > 0 ? createTokenSet(config.tokens) : null;
  const app = new OpenAPIHono<Env>();

  // Request id and the per-request log line: first in, last out.
  app.use(async (c, next) => {
    const started = performance.now();
    const given = c.req.header("x-request-id");
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("solveStatus", null);
    c.set("solveMs", null);
    c.set("tokenId", null);
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    logger.info({
      msg: "request",
      requestId,
      method: c.req.method,
      // The route, not the path: an unknown path may hold anything a client typed, and a
      // job's id is what lets one see its plan.
      path: routeOf(c.req.path) ?? "(unknown)",
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      solveStatus: c.get("solveStatus"),
      solveMs: c.get("solveMs"),
      // The token's id, never the token.
      tokenId: c.get("tokenId"),
    });
  });

  // Before secureHeaders, so they run after it on the way out: the pages' own CSPs.
  app.use("/reference", referencePolicy<Env>());
  app.use("/", pagePolicy<Env>());

  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: "same-origin",
    }),
  );

  app.onError((error, c) => {
    logger.error({ msg: "internal error", requestId: c.get("requestId") ?? null, error: error.name });
    return problemResponse(makeProblem("internal-error", "The service failed to answer this request; it has been logged."));
  });

  app.notFound((c) => {
    const route = routeOf(c.req.path);
    const allowed = route === null ? undefined : ROUTES[route];
    if (allowed !== undefined) {
      return problemResponse(
        makeProblem("method-not-allowed", `${route} answers ${allowed.join(", ")}, not ${c.req.method}.`),
        { Allow: allowed.join(", ") },
      );
    }
    return problemResponse(makeProblem("not-found", "There is no resource at this path; /openapi.json lists the routes."));
  });

  // Every /v1 route (and every unknown path under it): the token first, then the rate limit.
  if (tokens !== null) app.use("/v1/*", bearerAuth<Env>(tokens));
  if (config.rateLimit !== null) {
    const limiter = createRateLimiter({
      limit: config.rateLimit,
      windowMs: config.rateWindowSeconds * 1000,
      ...(deps.now === undefined ? {} : { now: deps.now }),
    });
    app.use("/v1/*", rateLimit<Env>(limiter, config.rateWindowSeconds));
  }

  const [checkType, limitBody, parseBody] = jsonBody(config.bodyLimitBytes);
  const retryAfter = { "Retry-After": String(config.retryAfterSeconds) };

  // Refuse a solve the pool cannot take before reading its body: under load, reading and
  // parsing bodies that are then refused takes the CPU the running solves need.
  const refuseWhen = (canTake: () => boolean, detail: string) =>
    createMiddleware<Env>(async (_c, next) => {
      if (canTake()) return next();
      return problemResponse(makeProblem("pool-full", detail), retryAfter);
    });

  app.post("/v1/solve", refuseWhen(isReady, "Every solver is busy; try again shortly."), checkType, limitBody, parseBody, async (c) => {
    const cohort = c.get("body");
    const tooLarge = refuseLargeCohort(cohort, config.maxTrainees, "a synchronous solve takes at most", "; post it to /v1/jobs");
    if (tooLarge !== null) return tooLarge;
    let result: SolveResult;
    try {
      result = await deps.solve(cohort, { timeLimitMs: config.timeLimitMs });
    } catch (error) {
      if (error instanceof PoolFullError) return problemResponse(makeProblem("pool-full", error.message), retryAfter);
      throw error;
    }
    if (!result.ok) {
      c.set("solveStatus", "invalid");
      return problemResponse(
        makeProblem("invalid-cohort", describeIssueCount(result.issues.length), { issues: result.issues }),
      );
    }
    c.set("solveStatus", result.plan.status);
    c.set("solveMs", result.plan.stats?.totalMs ?? null);
    return c.json(result.plan, 200);
  });

  const canAcceptJob = deps.canAcceptJob ?? (() => true);
  const jobs = createJobStore({
    run:
      deps.solveJob ??
      ((cohort, options, watch) => {
        watch.onStart?.();
        return deps.solve(cohort, options);
      }),
    canAccept: canAcceptJob,
    timeLimitMs: config.jobTimeLimitMs,
    ttlMs: config.jobTtlSeconds * 1000,
    maxStored: config.maxJobs,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
  });
  const [, limitJobBody] = jsonBody(config.jobBodyLimitBytes);
  const jobsFull = "Every job thread is busy and the job queue is full; try again later.";

  app.post("/v1/jobs", refuseWhen(canAcceptJob, jobsFull), checkType, limitJobBody, parseBody, (c) => {
    const cohort = c.get("body");
    const tooLarge = refuseLargeCohort(cohort, config.maxJobTrainees, "a job takes at most", "");
    if (tooLarge !== null) return tooLarge;
    const job = jobs.submit(cohort, c.get("tokenId"));
    if (job === null) return problemResponse(makeProblem("pool-full", jobsFull), retryAfter);
    c.set("solveStatus", job.state);
    return c.json(job, 202, { Location: `/v1/jobs/${job.id}` });
  });

  const jobNotFound = (): Response =>
    problemResponse(makeProblem("not-found", "There is no such job: it never existed, it expired, or it belongs to another token."));
  app.get("/v1/jobs/:id", (c) => {
    const job = jobs.get(c.req.param("id"), c.get("tokenId"));
    if (job === undefined) return jobNotFound();
    c.set("solveStatus", job.plan?.status ?? job.state);
    return c.json(job, 200);
  });
  app.delete("/v1/jobs/:id", (c) => {
    const job = jobs.cancel(c.req.param("id"), c.get("tokenId"));
    if (job === undefined) return jobNotFound();
    c.set("solveStatus", job.state);
    return c.json(job, 200);
  });

  app.post("/v1/validate", checkType, limitBody, parseBody, (c) => {
    const issues = validateCohort(c.get("body"));
    return c.json({ valid: issues.length === 0, issues }, 200);
  });

  // Spreadsheets in (a workbook, or CSV files as JSON) and the plan out as a file.
  const sheetLimits = { ...DEFAULT_SHEET_LIMITS, maxBytes: Math.min(DEFAULT_SHEET_LIMITS.maxBytes, config.bodyLimitBytes) };
  const importType: MiddlewareHandler<Env> = async (c, next) => {
    const type = mediaTypeOf(c.req.header("content-type"));
    if (type !== XLSX_TYPE && !isJsonType(type)) {
      return problemResponse(
        makeProblem("unsupported-media-type", `Send a workbook (Content-Type ${XLSX_TYPE}) or CSV files as JSON (application/json).`),
      );
    }
    await next();
  };
  app.post("/v1/import", importType, limitBody, async (c) => {
    const lang = languageOf(c.req.header("accept-language"));
    if (mediaTypeOf(c.req.header("content-type")) === XLSX_TYPE) {
      return importWorkbook(new Uint8Array(await c.req.arrayBuffer()), lang, sheetLimits);
    }
    const body = await readJson(c);
    return body instanceof Response ? body : importCsvFiles(body.value, lang, sheetLimits);
  });
  // A plan for a big cohort comes from a job: the export takes bodies as big as a job's.
  app.post("/v1/export", checkType, limitJobBody, parseBody, (c) => exportPlan(c.req.query(), c.get("body")));

  const cohortSchemaText = JSON.stringify(cohortJsonSchema());
  const planSchemaText = JSON.stringify(planJsonSchema());
  const schemaHeaders = { "Content-Type": "application/schema+json", "Cache-Control": "public, max-age=3600" };
  app.get("/v1/schema/cohort", (c) => c.body(cohortSchemaText, 200, schemaHeaders));
  app.get("/v1/schema/plan", (c) => c.body(planSchemaText, 200, schemaHeaders));

  app.get("/health", (c) => c.json({ status: "ok" as const }, 200));
  app.get("/ready", (c) => (isReady() ? c.json({ status: "ok" as const }, 200) : c.json({ status: "unavailable" as const }, 503)));

  referenceRoutes(app, deps.referenceAssets === undefined ? readReferenceAssets : deps.referenceAssets);
  webRoutes(app, deps.webAssets === undefined ? readWebAssets : deps.webAssets);

  describeRoutes(app, { bearerTokens: tokens !== null, rateLimited: config.rateLimit !== null });
  return app;
}

/**
 * Middleware that reads a JSON body: the content type first (415), then the body, limited
 * while it is read (413), then the JSON text (400 with line and column). The parsed value is
 * left in the context as `body`.
 */
function jsonBody(bodyLimitBytes: number): [MiddlewareHandler<Env>, MiddlewareHandler, MiddlewareHandler<Env>] {
  const checkType: MiddlewareHandler<Env> = async (c, next) => {
    const type = mediaTypeOf(c.req.header("content-type"));
    if (!isJsonType(type)) {
      const seen = type === "" ? "no Content-Type" : `Content-Type ${JSON.stringify(type.slice(0, 100))}`;
      return problemResponse(makeProblem("unsupported-media-type", `The request has ${seen}; send application/json.`));
    }
    await next();
  };
  const limit = bodyLimit({
    maxSize: bodyLimitBytes,
    onError: () => problemResponse(makeProblem("body-too-large", `The body is bigger than ${bodyLimitBytes} bytes.`)),
  });
  const parse: MiddlewareHandler<Env> = async (c, next) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    c.set("body", body.value);
    await next();
  };
  return [checkType, limit, parse];
}

/** The media type of a Content-Type header, lowercase, without parameters; "" when there is none. */
function mediaTypeOf(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function isJsonType(type: string): boolean {
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

/** The body as JSON: a 400 (with line and column) for text that is not UTF-8 or not JSON. */
async function readJson(c: Context<Env>): Promise<{ value: unknown } | Response> {
  const text = await readText(c);
  if (typeof text !== "string") return text;
  const parsed = parseJsonText(text, "body");
  if (!parsed.ok) return problemResponse(makeProblem("invalid-json", parsed.issue.message, { issues: [parsed.issue] }));
  return { value: parsed.value };
}

/** The body as text; a body that is not UTF-8 is a 400, not an exception. */
async function readText(c: Context<Env>): Promise<string | Response> {
  const bytes = await c.req.arrayBuffer();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const issue = { code: "invalid_json" as const, path: "", message: "The body is not UTF-8 text." };
    return problemResponse(makeProblem("invalid-json", issue.message, { issues: [issue] }));
  }
}

/** A 413 for a cohort with more trainees than `max`, else null. */
function refuseLargeCohort(cohort: unknown, max: number, limitText: string, advice: string): Response | null {
  const trainees = countTrainees(cohort);
  if (trainees <= max) return null;
  return problemResponse(makeProblem("cohort-too-large", `The cohort has ${trainees} trainees; ${limitText} ${max}${advice}.`));
}

function countTrainees(cohort: unknown): number {
  if (typeof cohort !== "object" || cohort === null || Array.isArray(cohort)) return 0;
  const trainees = (cohort as { trainees?: unknown }).trainees;
  return Array.isArray(trainees) ? trainees.length : 0;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type { Problem };
