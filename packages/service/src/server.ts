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
  /** Stops accepting, waits up to the grace period for in-flight solves, ends the workers. */
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
  let draining = false;
  const app = createApp({
    solve: (cohort, options) => pool.solve(cohort, options),
    isReady: () => !draining && pool.canAccept(),
    config: settings,
    logger,
  });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      draining = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if ("closeIdleConnections" in server) server.closeIdleConnections();
      const finished = await pool.drain(settings.shutdownGraceMs);
      logger.info({ msg: "shutdown", inFlightEnded: finished ? 0 : pool.inFlight() });
      await pool.destroy();
      if ("closeAllConnections" in server) setTimeout(() => server.closeAllConnections(), 1_000).unref();
      await stopped;
    })();
    return closed;
  };

  logger.info({ msg: "listening", url, threads, queue, timeLimitMs: settings.timeLimitMs, bodyLimitBytes: settings.bodyLimitBytes });
  return { url, port: address.port, pool, close };
}

/** The command: `rotamatch-service [--port N] [--host H] ...`; see docs/service.md. */
export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return;
  }
  const read = readSettings(argv, env);
  if (!read.ok) {
    process.stderr.write(`rotamatch-service: ${read.error}\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  const running = await startServer(read.settings);
  const onSignal = (signal: string): void => {
    process.stderr.write(`rotamatch-service: ${signal}, shutting down\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));
}

const USAGE = `Usage: rotamatch-service [options]

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

See docs/service.md.
`;
