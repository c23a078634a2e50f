/**
 * The only file that touches Node: reads settings from flags and the environment, starts the
 * worker pool and the HTTP server, logs JSON lines to stdout, and shuts down gracefully on
 * SIGTERM/SIGINT (stop accepting, let in-flight solves finish within a grace period, then end
 * the workers and exit 0).
 */
import { serve, type ServerType } from "@hono/node-server";
import { availableParallelism } from "node:os";
import type { AddressInfo } from "node:net";
import { createApp, type LogRecord, type Logger } from "./app.js";
import { readSettings, type ServerSettings } from "./config.js";
import { createSolvePool, type SolvePool } from "./pool.js";

export interface RunningServer {
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  readonly port: number;
  readonly pool: SolvePool;
  /** The pool that runs jobs, apart from synchronous solves. */
  readonly jobPool: SolvePool;
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

export async function startServer(settings: ServerSettings, logger: Logger = createJsonLogger()): Promise<RunningServer> {
  const threads = settings.threads ?? Math.max(1, availableParallelism());
  const queue = settings.queue ?? threads * 2;
  const pool = createSolvePool({ threads, queue, hardLimitMarginMs: settings.hardLimitMarginMs });
  // Jobs run on threads of their own, so that a long job never holds up a synchronous solve.
  const jobPool = createSolvePool({ threads: settings.jobThreads, queue: settings.jobQueue, hardLimitMarginMs: settings.hardLimitMarginMs });
  let draining = false;
  const app = createApp({
    solve: (cohort, options) => pool.solve(cohort, options),
    isReady: () => !draining && pool.canAccept(),
    solveJob: (cohort, options, watch) => jobPool.solve(cohort, options, watch),
    canAcceptJob: () => !draining && jobPool.canAccept(),
    config: settings,
    logger,
  });

  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, () => resolve(s));
      s.once("error", reject);
    });
  } catch (error) {
    // Could not listen (port taken, not allowed): end the workers, or they keep the process alive.
    await Promise.all([pool.destroy(), jobPool.destroy()]);
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      draining = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if ("closeIdleConnections" in server) server.closeIdleConnections();
      // Jobs can run for minutes: they are ended at once (their clients see the service go away);
      // synchronous solves get the grace period.
      const jobsEnded = jobPool.inFlight();
      const [finished] = await Promise.all([pool.drain(settings.shutdownGraceMs), jobPool.destroy()]);
      logger.info({ msg: "shutdown", inFlightEnded: finished ? 0 : pool.inFlight(), jobsEnded });
      await pool.destroy();
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
  });
  return { url, port: address.port, pool, jobPool, close };
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
  -h, --help             show this help

See docs/service.md.
`;
}
