/**
 * The HTTP app: `createApp(deps)` wires routes, limits, errors, headers and logs around a
 * `solve` function it is given. Nothing here touches Node; solving happens wherever `solve`
 * sends it (the worker pool in production, a fake in tests).
 */
import { createMiddleware } from "hono/factory";
import { OpenAPIHono } from "@hono/zod-openapi";
import { cohortJsonSchema, planJsonSchema, type SolveOptions } from "@rotamatch/core";
import { DEFAULT_SHEET_LIMITS } from "@rotamatch/sheets";
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { bearerAuth, createTokenSet, type AuthVariables } from "./auth.js";
import { DEFAULT_APP_CONFIG, type AppConfig } from "./config.js";
import { limitedBody } from "./encoding.js";
import { RedisUnavailableError, ShuttingDownError } from "./errors.js";
import { createJobStore, describeIssueCount, type JobRunner, type JobStore } from "./jobs.js";
import { isRefused, listCaps, listIssues, type BodyCheck, type JsonBody } from "./limits.js";
import { describeRoutes } from "./openapi.js";
import { makeProblem, problemResponse, type Problem } from "./problem.js";
import { readOperation, shapeOfOperation, type JobOperation } from "./job-operation.js";
import { CHANGE_SHAPES, changeResponse, endedResponse, isChangeAnswer, isChangeShape, type ChangeAnswer } from "./replan.js";
import { createRateLimiter, rateLimit, type AnyRateLimiter } from "./rate-limit.js";
import { readReferenceAssets, referencePolicy, referenceRoutes, type ReferenceAssets } from "./reference.js";
import { ODS_TYPE, XLSX_TYPE, isWorkbookType, languageOf } from "./sheets.js";
import { pagePolicy, readWebAssets, webRoutes, type WebAssets } from "./web.js";
import { answerResponse, runWork, type CheckTask, type WorkRunner } from "./work.js";
import type { PooledSolveResult, SolveAnswer } from "./worker.js";
import { workerFailureResponse } from "./worker-errors.js";


/** One structured log record. Never holds a body, a name or an id from a cohort. */
export type LogRecord = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  info(record: LogRecord): void;
  error(record: LogRecord): void;
}

export interface AppDeps {
  /**
   * Parses, checks and solves a body off the event loop (the solve pool in production; in
   * process, `solveBody` of worker.ts). The body comes as its bytes with the route's check
   * (limits.ts), moved to the worker: no body is decoded or parsed on the event loop.
   */
  readonly solve: (body: JsonBody, options: SolveOptions) => Promise<SolveAnswer>;
  /**
   * Answers a re-plan, what-if or explanation body (its check's shape says which) off the event
   * loop. Default: `solve`, whose worker does what the shape names (worker.ts), so that these
   * routes share the solve pool, its admission and its time limit; its answer is then a
   * ChangeAnswer, or a `timedout` solve answer when the pool ended the worker. In process
   * (tests): `changeBody` of worker.ts.
   */
  readonly change?: (body: JsonBody, options: SolveOptions) => Promise<ChangeAnswer | SolveAnswer>;
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
  /**
   * Where jobs live: default the in-memory store over `solveJob` (jobs.ts); with `--redis`, the
   * BullMQ store (redis-jobs.ts), whose calls reject with RedisUnavailableError while Redis is
   * away (then the job routes answer 503 `not-ready` and every other route goes on).
   */
  readonly jobStore?: JobStore;
  /**
   * With `--redis`, what `/ready` says of it: `ok`, or `unavailable` with the reason (Redis
   * unreachable, or the URL malformed). Default: no Redis, nothing said.
   */
  readonly redisStatus?: () => { readonly status: "ok" | "unavailable"; readonly reason: string | null };
  /**
   * The limiter of `--rate-limit` (default: in memory, per process); with `--redis`, the one
   * counted in Redis (redis-rate-limit.ts), so that a token's limit holds across instances.
   */
  readonly rateLimiter?: AnyRateLimiter;
  /**
   * The `Retry-After` seconds of a refused solve (default: the configured `retryAfterSeconds`);
   * the server estimates it from how long recent solves ran (admission.ts).
   */
  readonly solveRetryAfter?: () => number;
  /** The `Retry-After` seconds of a refused job (default: the configured `retryAfterSeconds`); the server's reflects how long jobs run. */
  readonly jobRetryAfter?: () => number;
  /**
   * While the service shuts down, the seconds left of its grace period (for `Retry-After`);
   * null (the default) while it serves. Then every route but `/health` and `/ready` answers
   * 503 `shutting-down`, and `/ready` says `shutting-down`.
   */
  readonly shuttingDown?: () => number | null;
  /**
   * Runs the light work of validation, import and export off the event loop (the work pool in
   * production, see work-pool.ts). Default: `runWork` in process (tests).
   */
  readonly work?: WorkRunner;
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
  Variables: AuthVariables & { requestId: string; solveStatus: string | null; solveMs: number | null; bodyBytes: ArrayBuffer };
};

/** Route paths (templates) and the methods each answers, for 404 versus 405. */
const ROUTES: Readonly<Record<string, readonly string[]>> = {
  "/v1/solve": ["POST"],
  "/v1/replan": ["POST"],
  "/v1/whatif": ["POST"],
  "/v1/explain": ["POST"],
  "/v1/jobs": ["GET", "HEAD", "POST"],
  "/v1/jobs/{id}": ["GET", "HEAD", "DELETE"],
  "/v1/validate": ["POST"],
  "/v1/import": ["POST"],
  "/v1/import/plan": ["POST"],
  "/v1/export": ["POST"],
  "/v1/export/cohort": ["POST"],
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
  const shuttingDown = deps.shuttingDown ?? (() => null);
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
      // The same as frame-ancestors 'none', for browsers without CSP (hono's default, SAMEORIGIN, contradicts it).
      xFrameOptions: "DENY",
      // Never over plain HTTP (RFC 6797 section 7.2): a proxy that terminates TLS in front of the service adds it.
      strictTransportSecurity: false,
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

  // While shutting down, only liveness and readiness answer: every other request is refused
  // before its token or body is looked at, pointing the client at another instance or a restart.
  app.use(async (c, next) => {
    const left = shuttingDown();
    if (left === null || c.req.path === "/health" || c.req.path === "/ready") return next();
    return shuttingDownResponse(left);
  });

  // Every /v1 route (and every unknown path under it): the token first, then the rate limit.
  if (tokens !== null) app.use("/v1/*", bearerAuth<Env>(tokens));
  if (config.rateLimit !== null) {
    const limiter =
      deps.rateLimiter ??
      createRateLimiter({
        limit: config.rateLimit,
        windowMs: config.rateWindowSeconds * 1000,
        ...(deps.now === undefined ? {} : { now: deps.now }),
      });
    app.use("/v1/*", rateLimit<Env>(limiter, config.rateWindowSeconds));
  }

  const [checkType, limitBody, readBodyBytes] = jsonBody(config.bodyLimitBytes);
  // Caps on every list of a body (limits.ts), checked before validation or solving: from the
  // synchronous trainee limit for /v1/solve and the re-planning routes, from the job limit for
  // every other route. The
  // checks travel with the body's bytes to the worker that parses it (readBody in limits.ts).
  const solveCaps = listCaps(config.maxTrainees);
  const jobCaps = listCaps(config.maxJobTrainees, DEFAULT_SHEET_LIMITS.maxSheets);
  const solveCheck: BodyCheck = {
    shape: "cohort",
    caps: solveCaps,
    trainees: { max: config.maxTrainees, limitText: "a synchronous solve takes at most", advice: "; post it to /v1/jobs" },
  };
  const jobCheck: BodyCheck = { shape: "cohort", caps: jobCaps, trainees: { max: config.maxJobTrainees, limitText: "a job takes at most", advice: "" } };
  /** A job's check for each operation (job-operation.ts): the job limit applies to the body's cohort. */
  const jobCheckOf = (operation: JobOperation): BodyCheck => ({ ...jobCheck, shape: shapeOfOperation(operation) });
  const validateCheck: BodyCheck = { shape: "cohort", caps: jobCaps };
  const importCheck: BodyCheck = { shape: "import", caps: jobCaps };
  const exportCheck: BodyCheck = { shape: "export", caps: jobCaps };
  const retryAfter = { "Retry-After": String(config.retryAfterSeconds) };
  // Getters, so that each refusal spreads the estimate of its moment into its headers.
  const solveRetryAfter = deps.solveRetryAfter ?? (() => config.retryAfterSeconds);
  const jobRetryAfter = deps.jobRetryAfter ?? (() => config.retryAfterSeconds);
  const solveRetryAfterHeader = {
    get "Retry-After"() {
      return String(solveRetryAfter());
    },
  };
  const jobRetryAfterHeader = {
    get "Retry-After"() {
      return String(jobRetryAfter());
    },
  };

  // Refuse a solve the pool cannot take before reading its body: under load, reading and
  // parsing bodies that are then refused takes the CPU the running solves need.
  // The server's readiness also refuses a solve whose expected wait exceeds its time limit.
  const refuseWhen = (canTake: () => boolean, detail: string, headers: Readonly<Record<string, string>>) =>
    createMiddleware<Env>(async (_c, next) => {
      if (canTake()) return next();
      return problemResponse(makeProblem("pool-full", detail), { ...headers });
    });

  app.post("/v1/solve", refuseWhen(isReady, "Every solver is busy; try again shortly.", solveRetryAfterHeader), checkType, limitBody, readBodyBytes, async (c) => {
    let result: SolveAnswer;
    try {
      result = await deps.solve({ bytes: c.get("bodyBytes"), check: solveCheck }, { timeLimitMs: config.timeLimitMs });
    } catch (error) {
      // Ended by the shutdown when its grace period ran out: not a plan at all.
      if (error instanceof ShuttingDownError) return shuttingDownResponse(shuttingDown() ?? 1);
      // The pool full, the worker out of memory, a value it could not take: not a 500.
      const answered = workerFailureResponse(error, { ...solveRetryAfterHeader });
      if (answered !== null) return answered;
      throw error;
    }
    // Not JSON (400), or over the trainee limit or a cap (413), found by the worker.
    if (isRefused(result)) return problemResponse(result.refused);
    if (!result.ok) {
      c.set("solveStatus", "invalid");
      const listed = listIssues(result.issues);
      return problemResponse(
        makeProblem("invalid-cohort", describeIssueCount(listed.total) + listed.note, { issues: listed.issues }),
      );
    }
    c.set("solveStatus", result.plan.status);
    c.set("solveMs", result.plan.stats?.totalMs ?? null);
    return c.json(result.plan, 200);
  });

  // The programme over time (replan.ts): solves too, with /v1/solve's pool, time limit, trainee
  // limit (of the body's cohort) and caps (the plan's assignments, changes and the pins too).
  const change = deps.change ?? deps.solve;
  for (const shape of CHANGE_SHAPES) {
    const check: BodyCheck = {
      shape,
      caps: solveCaps,
      trainees: { max: config.maxTrainees, limitText: "this route takes at most", advice: "" },
    };
    app.post(`/v1/${shape}`, refuseWhen(isReady, "Every solver is busy; try again shortly.", solveRetryAfterHeader), checkType, limitBody, readBodyBytes, async (c) => {
      let answer: ChangeAnswer | SolveAnswer;
      try {
        answer = await change({ bytes: c.get("bodyBytes"), check }, { timeLimitMs: config.timeLimitMs });
      } catch (error) {
        if (error instanceof ShuttingDownError) return shuttingDownResponse(shuttingDown() ?? 1);
        const answered = workerFailureResponse(error, { ...solveRetryAfterHeader });
        if (answered !== null) return answered;
        throw error;
      }
      if (isRefused(answer)) return problemResponse(answer.refused);
      // The pool ended the worker past the time limit: it answers a timed-out solve.
      const { response, status } = isChangeAnswer(answer) ? changeResponse(answer) : endedAnswer(shape, answer);
      c.set("solveStatus", status);
      return response;
    });
  }

  // Validation, import, export and the check of a job's body grow with the input: they run in
  // the work pool's threads.
  const work = deps.work ?? runWork;
  /** The work's answer, or the answer to its failure (503 pool full, 413 out of memory, ...). */
  const working = async <T,>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> => {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      const answered = workerFailureResponse(error, retryAfter);
      if (answered === null) throw error;
      return { ok: false, response: answered };
    }
  };

  const canAcceptJob = deps.canAcceptJob ?? (() => true);
  const jobs: JobStore = deps.jobStore ?? createJobStore({
    run:
      deps.solveJob ??
      ((body, options, watch) => {
        watch.onStart?.();
        return isChangeShape(body.check.shape) ? change(body, options) : deps.solve(body, options);
      }),
    canAccept: canAcceptJob,
    timeLimitMs: config.jobTimeLimitMs,
    ttlMs: config.jobTtlSeconds * 1000,
    maxStored: config.maxJobs,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    logger,
  });
  const [, limitJobBody] = jsonBody(config.jobBodyLimitBytes);
  /** A call of the job store, or the 503 answer when Redis is away (with `--redis`). */
  const jobCall = async <T,>(call: () => T | Promise<T>): Promise<T | Response> => {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      return problemResponse(
        makeProblem("not-ready", "The job queue (Redis) is unavailable; jobs cannot be submitted, read or cancelled now. POST /v1/solve still answers."),
        { ...jobRetryAfterHeader },
      );
    }
  };
  const jobsFull = "Every job thread is busy and the job queue is full; try again later.";

  // A job's body is checked in the work pool first (parse, trainee limit, caps), so that a body
  // that is no JSON or over a cap is answered now, as a synchronous solve's would be, rather
  // than as a failed job; the job's worker then parses the bytes again (see docs/service.md).
  // `?operation=` names what the job does; without it a rotamatch.replan/v1 document is a
  // re-plan and anything else a solve, as it always was (job-operation.ts).
  app.post("/v1/jobs", refuseWhen(canAcceptJob, jobsFull, jobRetryAfterHeader), checkType, limitJobBody, readBodyBytes, async (c) => {
    const operation = readOperation(c.req.query("operation"));
    if (operation !== null && typeof operation === "object") return problemResponse(makeProblem("invalid-request", operation.error));
    const bytes = c.get("bodyBytes");
    const asked = jobCheckOf(operation ?? "solve");
    // A copy for the check (a memcpy, milliseconds for the biggest body): the check's worker
    // takes the bytes it is given, and the job's worker needs them after.
    const task: CheckTask = { kind: "check", body: { bytes: bytes.slice(0), check: asked }, ...(operation === null ? { replanCheck: jobCheckOf("replan") } : {}) };
    const checked = await working(() => work(task));
    if (!checked.ok) return checked.response;
    if (checked.value.problem !== null) return problemResponse(checked.value.problem);
    const { inputHash, check } = checked.value;
    const body: JsonBody = { bytes, check };
    const job = await jobCall(() => jobs.submit(body, c.get("tokenId"), c.get("requestId"), inputHash));
    if (job instanceof Response) return job;
    if (job === null) return problemResponse(makeProblem("pool-full", jobsFull), { ...jobRetryAfterHeader });
    c.set("solveStatus", job.state);
    return c.json(job, 202, { Location: `/v1/jobs/${job.id}` });
  });

  const jobNotFound = (): Response =>
    problemResponse(makeProblem("not-found", "There is no such job: it never existed, it expired, or it belongs to another token."));
  app.get("/v1/jobs", async (c) => {
    const query = readPage(c.req.query("offset"), c.req.query("limit"));
    if (typeof query === "string") return problemResponse(makeProblem("invalid-request", query));
    const page = await jobCall(() => jobs.list(c.get("tokenId"), query.offset, query.limit));
    if (page instanceof Response) return page;
    const nextOffset = query.offset + query.limit;
    const next = nextOffset < page.total ? `/v1/jobs?offset=${nextOffset}&limit=${query.limit}` : null;
    return c.json({ jobs: page.jobs, total: page.total, offset: query.offset, limit: query.limit, next }, 200);
  });
  app.get("/v1/jobs/:id", async (c) => {
    const job = await jobCall(() => jobs.get(c.req.param("id"), c.get("tokenId")));
    if (job instanceof Response) return job;
    if (job === undefined) return jobNotFound();
    c.set("solveStatus", job.plan?.status ?? job.state);
    return c.json(job, 200);
  });
  app.delete("/v1/jobs/:id", async (c) => {
    const job = await jobCall(() => jobs.cancel(c.req.param("id"), c.get("tokenId")));
    if (job instanceof Response) return job;
    if (job === undefined) return jobNotFound();
    c.set("solveStatus", job.state);
    return c.json(job, 200);
  });

  app.post("/v1/validate", checkType, limitBody, readBodyBytes, async (c) => {
    const validated = await working(() => work({ kind: "validate", body: { bytes: c.get("bodyBytes"), check: validateCheck } }));
    if (!validated.ok) return validated.response;
    if (isRefused(validated.value)) return problemResponse(validated.value.refused);
    const listed = validated.value; // already cut to the first issues in the worker (work.ts)
    return c.json({ valid: listed.total === 0, issues: listed.issues, issueCount: listed.total, truncated: listed.truncated }, 200);
  });

  // Spreadsheets in (a workbook, or CSV files as JSON) and the plan out as a file.
  const sheetLimits = { ...DEFAULT_SHEET_LIMITS, maxBytes: Math.min(DEFAULT_SHEET_LIMITS.maxBytes, config.bodyLimitBytes) };
  const importType: MiddlewareHandler<Env> = async (c, next) => {
    const type = mediaTypeOf(c.req.header("content-type"));
    if (type !== XLSX_TYPE && type !== ODS_TYPE && !isJsonType(type)) {
      return problemResponse(
        makeProblem("unsupported-media-type", `Send a workbook (Content-Type ${XLSX_TYPE}, or ${ODS_TYPE} for .ods) or CSV files as JSON (application/json).`),
      );
    }
    await next();
  };
  app.post("/v1/import", importType, limitBody, async (c) => {
    const lang = languageOf(c.req.header("accept-language"));
    // XLSX and .ods alike: the sheets package tells them apart by their content.
    if (isWorkbookType(mediaTypeOf(c.req.header("content-type")))) {
      const bytes = new Uint8Array(await readBytes(c.req.raw));
      const imported = await working(() => work({ kind: "import-xlsx", bytes, lang, limits: sheetLimits }));
      return imported.ok ? answerResponse(imported.value) : imported.response;
    }
    const body = { bytes: await readBytes(c.req.raw), check: importCheck };
    const imported = await working(() => work({ kind: "import-csv", body, lang, limits: sheetLimits }));
    return imported.ok ? answerResponse(imported.value) : imported.response;
  });
  // A published plan's workbook read back: the plan, checked against the workbook's own cohort.
  // Plans of big cohorts come from jobs: like the export, it takes bodies as big as a job's.
  const planSheetLimits = { ...DEFAULT_SHEET_LIMITS, maxBytes: Math.min(DEFAULT_SHEET_LIMITS.maxBytes, config.jobBodyLimitBytes) };
  app.post(
    "/v1/import/plan",
    async (c, next) => {
      if (mediaTypeOf(c.req.header("content-type")) !== XLSX_TYPE) {
        return problemResponse(makeProblem("unsupported-media-type", `Send the plan's workbook, with Content-Type ${XLSX_TYPE}.`));
      }
      await next();
    },
    limitJobBody,
    async (c) => {
      const lang = languageOf(c.req.header("accept-language"));
      const bytes = new Uint8Array(await readBytes(c.req.raw));
      const imported = await working(() => work({ kind: "import-xlsx", read: "plan", bytes, lang, limits: planSheetLimits }));
      return imported.ok ? answerResponse(imported.value) : imported.response;
    },
  );
  // A plan for a big cohort comes from a job: the export takes bodies as big as a job's.
  app.post("/v1/export", checkType, limitJobBody, readBodyBytes, async (c) => {
    const body = { bytes: c.get("bodyBytes"), check: exportCheck };
    const exported = await working(() => work({ kind: "export", query: c.req.query(), body }));
    return exported.ok ? answerResponse(exported.value) : exported.response;
  });

  // The cohort itself as a workbook (the page's "download the corrected workbook", and its check
  // of a cohort that came from a workbook): small and quick, written here like the schemas.
  // The cohort workbook (the page's corrected cohort): written in the work pool, as a plan export is.
  app.post("/v1/export/cohort", checkType, limitBody, readBodyBytes, async (c) => {
    const body = { bytes: c.get("bodyBytes"), check: validateCheck };
    const exported = await working(() => work({ kind: "export-cohort", query: c.req.query(), body }));
    return exported.ok ? answerResponse(exported.value) : exported.response;
  });

  const cohortSchemaText = JSON.stringify(cohortJsonSchema());
  const planSchemaText = JSON.stringify(planJsonSchema());
  const schemaHeaders = { "Content-Type": "application/schema+json", "Cache-Control": "public, max-age=3600" };
  app.get("/v1/schema/cohort", (c) => c.body(cohortSchemaText, 200, schemaHeaders));
  app.get("/v1/schema/plan", (c) => c.body(planSchemaText, 200, schemaHeaders));

  app.get("/health", (c) => c.json({ status: "ok" as const }, 200));
  // Readiness is the solver's (a load balancer keeps sending /v1/solve to an instance whose
  // Redis is away); with --redis, what is missing is said beside it.
  app.get("/ready", (c) => {
    const redis = deps.redisStatus?.();
    const extra = redis === undefined ? {} : { redis: redis.status, ...(redis.reason === null ? {} : { missing: [`redis: ${redis.reason}`] }) };
    if (shuttingDown() !== null) return c.json({ status: "shutting-down" as const, ...extra }, 503);
    return isReady() ? c.json({ status: "ok" as const, ...extra }, 200) : c.json({ status: "unavailable" as const, ...extra }, 503);
  });

  referenceRoutes(app, deps.referenceAssets === undefined ? readReferenceAssets : deps.referenceAssets);
  webRoutes(app, deps.webAssets === undefined ? readWebAssets : deps.webAssets);

  describeRoutes(app, { bearerTokens: tokens !== null, rateLimited: config.rateLimit !== null });
  return app;
}

/**
 * Middleware that reads a JSON body: the content type first (415), then the body, limited
 * while it is read (413). Its bytes are left in the context as `bodyBytes`, neither decoded
 * nor parsed: both grow with the body, so a worker does them (limits.ts `readBody`: 400 for
 * a body that is not UTF-8 or not JSON, 413 over a cap).
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
  // Limits the bytes sent and, for a gzip or deflate body, the decoded bytes too (encoding.ts).
  const limit = limitedBody(bodyLimitBytes, () =>
    problemResponse(makeProblem("body-too-large", `The body is bigger than ${bodyLimitBytes} bytes.`)),
  );
  const read: MiddlewareHandler<Env> = async (c, next) => {
    c.set("bodyBytes", await readBytes(c.req.raw));
    await next();
  };
  return [checkType, limit, read];
}

/** Most jobs one page of `GET /v1/jobs` lists (and its default). */
export const MAX_JOBS_PAGE = 100;
const DEFAULT_JOBS_PAGE = 20;

/** `?offset=N&limit=M` of `GET /v1/jobs`, or what is wrong with them. */
function readPage(offset: string | undefined, limit: string | undefined): { offset: number; limit: number } | string {
  const whole = (text: string | undefined, fallback: number): number | null => {
    if (text === undefined) return fallback;
    return /^\d{1,9}$/.test(text) ? Number(text) : null;
  };
  const o = whole(offset, 0);
  const l = whole(limit, DEFAULT_JOBS_PAGE);
  if (o === null) return "offset must be a whole number of at least 0.";
  if (l === null || l < 1 || l > MAX_JOBS_PAGE) return `limit must be a whole number from 1 to ${MAX_JOBS_PAGE}.`;
  return { offset: o, limit: l };
}

/** The media type of a Content-Type header, lowercase, without parameters; "" when there is none. */
function mediaTypeOf(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function isJsonType(type: string): boolean {
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

/**
 * The body's bytes, copied into one buffer chunk by chunk as they arrive. `Request.arrayBuffer`
 * keeps the chunks and copies them together at the end: for a body of 15 MB that one copy
 * holds up the event loop for tens of ms. Here the buffer is sized from Content-Length when it
 * is given (the body limit has checked it), so each chunk costs a small copy, and the
 * finished buffer is handed on as it is. Without a length (a decoded gzip body), it doubles as
 * needed.
 */
async function readBytes(request: Request): Promise<ArrayBuffer> {
  if (request.body === null) return new ArrayBuffer(0);
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  let buffer = new Uint8Array(Number.isSafeInteger(declared) && declared >= 0 ? declared : 64 * 1024);
  let size = 0;
  const reader = request.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    const value = chunk.value;
    if (size + value.byteLength > buffer.byteLength) {
      const grown = new Uint8Array(Math.max(2 * buffer.byteLength, size + value.byteLength));
      grown.set(buffer.subarray(0, size));
      buffer = grown;
    }
    buffer.set(value, size);
    size += value.byteLength;
  }
  return size === buffer.byteLength ? buffer.buffer : buffer.buffer.slice(0, size);
}

/** The answer when the pool ended a change's worker (a `timedout` solve answer); anything else is a bug. */
function endedAnswer(shape: (typeof CHANGE_SHAPES)[number], answer: PooledSolveResult): { response: Response; status: string } {
  if (answer.ok && answer.plan.status === "timedout") return endedResponse(shape);
  throw new Error(`the ${shape} worker answered something that is not a ${shape} answer`);
}

/** 503 `shutting-down`, with `Retry-After` the seconds left of the grace period (at least 1). */
function shuttingDownResponse(secondsLeft: number): Response {
  return problemResponse(
    makeProblem("shutting-down", "The service is shutting down; try again shortly, here or on another instance."),
    { "Retry-After": String(Math.max(1, Math.ceil(secondsLeft))) },
  );
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type { Problem };
