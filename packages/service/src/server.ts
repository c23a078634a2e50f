/**
 * The only file that touches Node: reads settings from flags and the environment, starts the
 * worker pool and the HTTP server, logs JSON lines to stdout, and shuts down gracefully on
 * SIGTERM/SIGINT (stop accepting, let in-flight solves finish within a grace period, then end
 * the workers and exit 0).
 */
import { serve, type ServerType } from "@hono/node-server";
import { Server as HttpServer } from "node:http";
import { availableParallelism } from "node:os";
import type { AddressInfo } from "node:net";
import type { SolveOptions } from "@rotamatch/core";
import { createLoadEstimate } from "./admission.js";
import { createApp, type LogRecord, type Logger } from "./app.js";
import { readSettings, type ServerSettings } from "./config.js";
import { PoolFullError, RedisUnavailableError, ShuttingDownError } from "./errors.js";
import type { JobStore, SolveWatch } from "./jobs.js";
import type { JsonBody } from "./limits.js";
import type { AnyRateLimiter } from "./rate-limit.js";
import { createSolvePool, type SolvePool } from "./pool.js";
import { answerExpectContinue, closeWhenBodyUnread, limitConnections, timeoutOptions } from "./protocol.js";
import { createWorkPool, type WorkPool } from "./work-pool.js";
import type { SolveAnswer } from "./worker.js";
import { MAX_JOB_ISSUES } from "./jobs.js";

export interface RunningServer {
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  readonly port: number;
  readonly pool: SolvePool;
  /** The pool that runs jobs, apart from synchronous solves. */
  readonly jobPool: SolvePool;
  /** The pool that validates, imports and exports, apart from the solvers. */
  readonly workPool: WorkPool;
  /** Stops accepting, waits up to the grace period for in-flight solves, ends the workers (jobs too). */
  close(): Promise<void>;
}

/** A logger writing one JSON object per line to stdout (stderr for errors). */
export function createJsonLogger(write: (line: string) => void = (l) => process.stdout.write(l), writeError = (l: string) => process.stderr.write(l)): Logger {
  const line = (level: string, record: LogRecord): string => `${JSON.stringify({ time: new Date().toISOString(), level, ...record })}\n`;
  return {
    info: (record) => write(line("info", record)),
    error: (record) => writeError(line("error", record)),
  };
}

/**
 * Idle job and light-work threads end after this many ms: their heaps grow with the biggest
 * body they parsed (up to the 32 MiB job limit) and are given back only when the thread ends.
 * Starting one again costs about 0.1 s, against a job's minutes or an import's upload.
 */
const RETIRE_IDLE_AFTER_MS = 5_000;

export async function startServer(settings: ServerSettings, logger: Logger = createJsonLogger()): Promise<RunningServer> {
  const threads = settings.threads ?? Math.max(1, availableParallelism());
  const queue = settings.queue ?? threads * 2;
  // Every worker thread has a bounded heap: a request that needs more ends its thread, not the process.
  const heapMb = settings.workerHeapMb;
  const onPoolError = (error: unknown): void =>
    logger.error({ msg: "worker thread failed", error: error instanceof Error ? error.name : typeof error, code: codeOf(error) });
  const pool = createSolvePool({ threads, queue, hardLimitMarginMs: settings.hardLimitMarginMs, heapMb, onPoolError });
  // Jobs run on threads of their own, so that a long job never holds up a synchronous solve.
  // A job's cohort can be big: its worker sends back only the issues the failed job keeps.
  const jobPool = createSolvePool({
    threads: settings.jobThreads,
    queue: settings.jobQueue,
    hardLimitMarginMs: settings.hardLimitMarginMs,
    heapMb,
    maxIssues: MAX_JOB_ISSUES,
    onPoolError,
    retireIdleAfterMs: RETIRE_IDLE_AFTER_MS,
  });
  // Validation, import and export too, so that neither waits behind the other; each task gets
  // as long as a synchronous solve with its margin.
  const workPool = createWorkPool({
    threads: settings.workThreads,
    queue: settings.workQueue,
    timeLimitMs: settings.timeLimitMs + settings.hardLimitMarginMs,
    heapMb,
    onPoolError,
    retireIdleAfterMs: RETIRE_IDLE_AFTER_MS,
  });
  let draining = false;
  // When the shutdown began (performance.now()), for the grace left in Retry-After; null while serving.
  let shutdownStartedAt: number | null = null;
  // The grace period ran out with solves in flight: they are answered 503, not `timedout`.
  let graceOver = false;
  // Admission by expected wait (admission.ts): one estimate per pool, from how long its solves run.
  const solveLoad = createLoadEstimate({ threads, timeLimitMs: settings.timeLimitMs });
  const jobLoad = createLoadEstimate({ threads: settings.jobThreads, timeLimitMs: settings.jobTimeLimitMs });
  const solve = async (body: JsonBody, options: SolveOptions): Promise<SolveAnswer> => {
    // Checked again at admission: the route's check came before the body was read, and other
    // solves may have been admitted since.
    if (!solveLoad.canStartInTime(pool.inFlight())) throw new PoolFullError("every solver is busy for longer than a solve's time limit");
    // Only a solve that found a free thread is timed: its time is its run, with no wait in it.
    const started = pool.inFlight() < threads ? performance.now() : null;
    const result = await pool.solve(body, options);
    if (graceOver) throw new ShuttingDownError();
    if (started !== null) solveLoad.record(performance.now() - started);
    return result;
  };
  const solveJob = async (body: JsonBody, options: SolveOptions, watch: SolveWatch): Promise<SolveAnswer> => {
    let started: number | null = null;
    const onStart = (): void => {
      started = performance.now();
      watch.onStart?.();
    };
    const result = await jobPool.solve(body, options, { ...watch, onStart });
    // A cancelled job's time says nothing of how long jobs run.
    if (started !== null && watch.signal?.aborted !== true) jobLoad.record(performance.now() - started);
    return result;
  };
  const redis = settings.redisUrl === null ? null : await startRedisJobs(settings, logger);
  const app = createApp({
    solve,
    ...(redis === null ? {} : { jobStore: redis.store, redisStatus: redis.status }),
    ...(redis?.rateLimiter == null ? {} : { rateLimiter: redis.rateLimiter }),
    isReady: () => !draining && pool.canAccept() && solveLoad.canStartInTime(pool.inFlight()),
    solveJob,
    // With --redis the queue takes every job (its store refuses past --max-jobs waiting or running).
    canAcceptJob: () => !draining && (redis !== null || (jobPool.canAccept() && jobLoad.canStartInTime(jobPool.inFlight()))),
    solveRetryAfter: () => solveLoad.retryAfterSeconds(pool.inFlight(), settings.retryAfterSeconds),
    jobRetryAfter: () => jobLoad.retryAfterSeconds(jobPool.inFlight(), settings.retryAfterSeconds),
    shuttingDown: () =>
      shutdownStartedAt === null ? null : Math.max(0, settings.shutdownGraceMs - (performance.now() - shutdownStartedAt)) / 1000,
    work: (task) => workPool.run(task),
    config: settings,
    logger,
  });

  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve(
        {
          fetch: closeWhenBodyUnread(app.fetch, () => draining),
          port: settings.port,
          hostname: settings.host,
          serverOptions: timeoutOptions(settings),
        },
        () => resolve(s),
      );
      s.once("error", reject);
      // Always an HTTP/1 server here (no createServer is given); the check narrows the type.
      if (s instanceof HttpServer) {
        answerExpectContinue(s, settings);
        limitConnections(s, settings);
      }
    });
  } catch (error) {
    // Could not listen (port taken, not allowed): end the workers, or they keep the process alive.
    await Promise.all([pool.destroy(), jobPool.destroy(), workPool.destroy(), redis?.close()]);
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      draining = true;
      shutdownStartedAt = performance.now();
      // Jobs can run for minutes: they are ended at once (their clients see the service go away);
      // synchronous solves get the grace period. Meanwhile the listener stays open: /health
      // answers, /ready says "shutting-down", and every other request gets 503 (app.ts), each
      // with `Connection: close` (protocol.ts).
      const jobsEnded = jobPool.inFlight();
      const [finished] = await Promise.all([pool.drain(settings.shutdownGraceMs), jobPool.destroy()]);
      graceOver = !finished;
      logger.info({ msg: "shutdown", inFlightEnded: finished ? 0 : pool.inFlight(), jobsEnded });
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if ("closeIdleConnections" in server) server.closeIdleConnections();
      // Queued jobs stay in Redis; a local worker's running jobs finish or go back to the queue.
      await Promise.all([pool.destroy(), workPool.destroy(), redis?.close()]);
      if ("closeAllConnections" in server) setTimeout(() => server.closeAllConnections(), 1_000).unref();
      await stopped;
    })();
    return closed;
  };

  logger.info({
    msg: "listening",
    url,
    threads,
    queue,
    timeLimitMs: settings.timeLimitMs,
    bodyLimitBytes: settings.bodyLimitBytes,
    jobThreads: settings.jobThreads,
    jobQueue: settings.jobQueue,
    workThreads: settings.workThreads,
    workerHeapMb: heapMb,
    redis: redis?.describe ?? null,
  });
  return { url, port: address.port, pool, jobPool, workPool, close };
}

/**
 * With `--redis`: the BullMQ job store, what `/ready` says of Redis, and a local queue worker
 * when `--job-threads` was given. BullMQ is loaded only then. A malformed URL does not stop
 * the server: the job routes answer 503 and `/ready` says why; an unreachable Redis the same,
 * until it answers (ioredis keeps reconnecting).
 */
async function startRedisJobs(
  settings: ServerSettings,
  logger: Logger,
): Promise<{
  store: JobStore;
  status: () => { status: "ok" | "unavailable"; reason: string | null };
  describe: string;
  /** With `--rate-limit`: the limit counted in Redis, shared by every instance (null for a malformed URL: then per process). */
  rateLimiter: AnyRateLimiter | null;
  close: () => Promise<void>;
}> {
  const { parseRedisUrl, describeRedis, createSolveQueue, startQueueWorker } = await import("./queue/index.js");
  const { createRedisJobStore } = await import("./redis-jobs.js");
  const parsed = parseRedisUrl(settings.redisUrl ?? "");
  if (!parsed.ok) {
    logger.error({ msg: "redis", error: parsed.error });
    const refuse = (): never => {
      throw new RedisUnavailableError(parsed.error);
    };
    return {
      store: { submit: refuse, get: refuse, cancel: refuse, list: refuse, active: refuse },
      status: () => ({ status: "unavailable", reason: parsed.error }),
      describe: "(malformed)",
      rateLimiter: null,
      close: async () => {},
    };
  }
  const where = describeRedis(parsed.connection);
  let lastError: string | null = null;
  const queue = createSolveQueue({
    redis: parsed.connection,
    ttlSeconds: settings.jobTtlSeconds,
    maxJobs: settings.maxJobs,
    onError: (error) => {
      const text = `cannot reach ${where} (${(error as { code?: unknown }).code ?? error.name})`;
      if (text !== lastError) logger.error({ msg: "redis", error: text });
      lastError = text;
    },
  });
  const worker = settings.jobThreadsSet
    ? startQueueWorker({ redis: parsed.connection, concurrency: settings.jobThreads, heapMb: settings.workerHeapMb, hardLimitMarginMs: settings.hardLimitMarginMs, graceMs: settings.shutdownGraceMs, logger })
    : null;
  const rateLimiter =
    settings.rateLimit === null
      ? null
      : (await import("./redis-rate-limit.js")).createRedisRateLimiter({ redis: parsed.connection, limit: settings.rateLimit, windowMs: settings.rateWindowSeconds * 1000 });
  return {
    rateLimiter,
    store: createRedisJobStore({ queue, timeLimitMs: settings.jobTimeLimitMs, ttlMs: settings.jobTtlSeconds * 1000, maxStored: settings.maxJobs, maxTrainees: settings.maxJobTrainees }),
    status: () => {
      if (queue.isConnected()) {
        lastError = null;
        return { status: "ok", reason: null };
      }
      return { status: "unavailable", reason: lastError ?? `cannot reach ${where}` };
    },
    describe: where,
    close: async () => {
      await Promise.all([queue.close(), worker?.close(), rateLimiter?.close()]);
    },
  };
}

/** Where `runServer` writes its usage and messages (the server's own logs go through its logger). */
export interface RunServerOptions {
  /** The command's name in messages and the usage: `rotamatch-service` (default) or `rotamatch serve`. */
  readonly command?: string;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** The logger of the running server (default: JSON lines on stdout). */
  readonly logger?: Logger;
}

/**
 * The command `rotamatch-service [options]`, also run by `rotamatch serve [options]`: prints
 * the usage for `--help`/`-h`; otherwise reads the settings from `argv` and `env` (see
 * `readSettings`), starts the server, and installs SIGTERM/SIGINT handlers that shut it down
 * gracefully and exit the process (0, or 1 if the shutdown fails). Resolves to the exit code:
 * 0 for the usage or once the server is listening (it keeps serving), 1 for a bad flag or
 * value, or when it cannot listen (the reason on stderr, without a stack trace).
 */
export async function runServer(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  options: RunServerOptions = {},
): Promise<0 | 1> {
  const command = options.command ?? "rotamatch-service";
  const stdout = options.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  if (argv.includes("--help") || argv.includes("-h")) {
    stdout(serviceUsage(command));
    return 0;
  }
  const read = readSettings(argv, env);
  if (!read.ok) {
    stderr(`${command}: ${read.error}\n${serviceUsage(command)}`);
    return 1;
  }
  const { settings } = read;
  let running: RunningServer;
  try {
    running = await startServer(settings, options.logger ?? createJsonLogger());
  } catch (error) {
    stderr(`${command}: ${listenError(error, settings)}\n`);
    return 1;
  }
  const onSignal = (signal: string): void => {
    stderr(`${command}: ${signal}, shutting down\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));
  return 0;
}

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : null;
}

function listenError(error: unknown, settings: ServerSettings): string {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `${settings.host}:${settings.port}`;
  if (code === "EADDRINUSE") return `cannot listen on ${where}: the port is already in use; choose another with --port N`;
  if (code === "EACCES") return `cannot listen on ${where}: not allowed; choose a port above 1023`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return `cannot listen on ${where}: no such address on this machine`;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot listen on ${where}: ${message.split("\n")[0] ?? message}`;
}

/** The command `rotamatch-service [--port N] [--host H] ...`; see docs/service.md. */
export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const code = await runServer(argv, env);
  if (code !== 0) process.exitCode = code;
}

/** The usage of the service's command, named `command` (`rotamatch-service` or `rotamatch serve`). */
export function serviceUsage(command = "rotamatch-service"): string {
  return `Usage: ${command} [options]

  --port N               port to listen on (PORT, default 3000; 0 picks a free one)
  --host H               address to listen on (HOST, default 127.0.0.1)
  --body-limit BYTES     largest request body (ROTAMATCH_BODY_LIMIT, default 1048576)
  --max-trainees N       largest cohort for POST /v1/solve (ROTAMATCH_MAX_TRAINEES, default 200)
  --time-limit MS        time limit per solve (ROTAMATCH_TIME_LIMIT_MS, default 10000)
  --hard-limit-margin MS extra time before a solve's worker is ended (ROTAMATCH_HARD_LIMIT_MARGIN_MS, default 5000)
  --threads N            worker threads (ROTAMATCH_THREADS, default: available parallelism)
  --queue N              solves that may wait (ROTAMATCH_QUEUE, default 2 x threads)
  --retry-after S        Retry-After seconds when full (ROTAMATCH_RETRY_AFTER_S, default 1)
  --shutdown-grace MS    time for in-flight solves on SIGTERM (ROTAMATCH_SHUTDOWN_GRACE_MS, default 10000)
  --request-timeout MS   time to send a whole request (ROTAMATCH_REQUEST_TIMEOUT_MS, default 60000)
  --headers-timeout MS   time to send a request's headers (ROTAMATCH_HEADERS_TIMEOUT_MS, default 10000)
  --keep-alive-timeout MS  idle time before a kept-alive connection is closed (ROTAMATCH_KEEP_ALIVE_TIMEOUT_MS, default 5000)
  --max-connections N    most connections open at once (ROTAMATCH_MAX_CONNECTIONS, default 1024)
  --tokens-file PATH     bearer tokens, one per line (ROTAMATCH_TOKENS_FILE; ROTAMATCH_TOKENS=a,b from the environment)
  --rate-limit N         requests per window and token or client (ROTAMATCH_RATE_LIMIT, default off)
  --rate-window S        rate-limit window in seconds (ROTAMATCH_RATE_WINDOW_S, default 60)
  --job-threads N        worker threads for jobs (ROTAMATCH_JOB_THREADS, default 1)
  --job-queue N          jobs that may wait (ROTAMATCH_JOB_QUEUE, default 16)
  --job-time-limit MS    time limit per job (ROTAMATCH_JOB_TIME_LIMIT_MS, default 300000)
  --job-body-limit BYTES largest body for POST /v1/jobs (ROTAMATCH_JOB_BODY_LIMIT, default 33554432)
  --max-job-trainees N   largest cohort for POST /v1/jobs (ROTAMATCH_MAX_JOB_TRAINEES, default 10000)
  --job-ttl S            seconds a finished job is kept (ROTAMATCH_JOB_TTL_S, default 3600)
  --max-jobs N           most jobs kept, finished or not (ROTAMATCH_MAX_JOBS, default 1000)
  --worker-heap-mb N     most heap of each worker thread in MiB (ROTAMATCH_WORKER_HEAP_MB, default 512)
  --work-threads N       worker threads for validate, import, export (ROTAMATCH_WORK_THREADS, default 1)
  --work-queue N         validations, imports, exports that may wait (ROTAMATCH_WORK_QUEUE, default 32)
  --redis URL            keep jobs in BullMQ on Redis, redis://HOST:PORT[/DB] (ROTAMATCH_REDIS_URL, default: in memory);
                         jobs then run on \`rotamatch worker\` processes, here too only with --job-threads
  -h, --help             show this help

See docs/service.md.
`;
}
