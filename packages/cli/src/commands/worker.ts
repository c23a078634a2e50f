/**
 * rotamatch worker --redis URL [--concurrency N]: runs queued solves (jobs of `rotamatch serve
 * --redis`, scenarios of `rotamatch sweep --redis`) on this machine until SIGTERM or SIGINT.
 * Each solve runs on a worker thread of its own (the service's solve pool), so the event loop
 * keeps BullMQ's locks renewed and hears cancels during a long solve. On SIGTERM, running
 * solves get `--shutdown-grace` ms to finish, then go back to the queue for another worker.
 *
 * A malformed or unreachable `--redis` is one line on stderr and exit 1, never a stack trace.
 * Like `serve`, a worker that started keeps the process alive after `run` returns 0; it logs
 * JSON lines on stdout (jobs' starts and ends, never a cohort or a plan).
 */
import { EXIT, type CliIo, type ExitCode } from "../io.js";

export const WORKER_USAGE = `Usage: rotamatch worker --redis URL [--concurrency N] [--worker-heap-mb N] [--shutdown-grace MS]
                        [--lock-duration-ms MS] [--stalled-interval-ms MS]

  --redis URL          the Redis of the queue, redis://HOST:PORT[/DB] or rediss://... (ROTAMATCH_REDIS_URL)
  --concurrency N      solves at once, each on a thread of its own (ROTAMATCH_CONCURRENCY, default 1)
  --worker-heap-mb N   most heap of each solve thread in MiB (ROTAMATCH_WORKER_HEAP_MB, default 512)
  --shutdown-grace MS  time running solves get on SIGTERM before they go back to the queue (default 10000)
  --lock-duration-ms MS      tuning: how long a job's lock lasts unrenewed, so how soon a killed
                             worker's job runs elsewhere (ROTAMATCH_LOCK_DURATION_MS, default 30000)
  --stalled-interval-ms MS   tuning: how often this worker looks for such stalled jobs
                             (ROTAMATCH_STALLED_INTERVAL_MS, default 30000)
  -h, --help           show this help

See docs/deployment.md.
`;

/** How long the worker waits for Redis at start-up before it gives up (exit 1). */
const CONNECT_TIMEOUT_MS = 5_000;

export interface WorkerArgs {
  readonly redis: string;
  readonly concurrency: number;
  readonly heapMb: number;
  readonly graceMs: number;
  /** BullMQ's lock duration in ms: a job whose worker died waits this long before another takes it. */
  readonly lockDurationMs: number;
  /** BullMQ's stalled-job check interval in ms. */
  readonly stalledIntervalMs: number;
}

/** The flags and environment read into the worker's settings, or what is wrong with them. */
export function readWorkerArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>>): WorkerArgs | string {
  const flags = new Map<string, string>();
  const known = new Set(["--redis", "--concurrency", "--worker-heap-mb", "--shutdown-grace", "--lock-duration-ms", "--stalled-interval-ms"]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) return `unknown option ${JSON.stringify(flag.slice(0, 40))}`;
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) return `${flag} needs a value`;
    flags.set(flag, value);
  }
  const redis = flags.get("--redis") ?? env["ROTAMATCH_REDIS_URL"] ?? "";
  if (redis.trim() === "") return "--redis URL is needed (or ROTAMATCH_REDIS_URL)";
  const count = (flag: string, envName: string | null, fallback: number): number | string => {
    const raw = flags.get(flag) ?? (envName === null ? undefined : env[envName]);
    if (raw === undefined || raw === "") return fallback;
    return /^\d{1,9}$/.test(raw.trim()) && Number(raw) >= 1 ? Number(raw) : `${flag}: ${JSON.stringify(raw.slice(0, 20))} is not a positive whole number`;
  };
  const concurrency = count("--concurrency", "ROTAMATCH_CONCURRENCY", 1);
  const heapMb = count("--worker-heap-mb", "ROTAMATCH_WORKER_HEAP_MB", 512);
  const graceMs = count("--shutdown-grace", "ROTAMATCH_SHUTDOWN_GRACE_MS", 10_000);
  const lockDurationMs = count("--lock-duration-ms", "ROTAMATCH_LOCK_DURATION_MS", 30_000);
  const stalledIntervalMs = count("--stalled-interval-ms", "ROTAMATCH_STALLED_INTERVAL_MS", 30_000);
  if (typeof concurrency === "string") return concurrency;
  if (typeof heapMb === "string") return heapMb;
  if (typeof graceMs === "string") return graceMs;
  if (typeof lockDurationMs === "string") return lockDurationMs;
  if (typeof stalledIntervalMs === "string") return stalledIntervalMs;
  // BullMQ renews a lock every half of its duration; below a second a busy event loop loses it.
  if (lockDurationMs < 1_000) return `--lock-duration-ms: at least 1000 (a lock is renewed every half of it)`;
  return { redis, concurrency, heapMb, graceMs, lockDurationMs, stalledIntervalMs };
}

export async function runWorker(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(WORKER_USAGE);
    return EXIT.ok;
  }
  const read = readWorkerArgs(args, io.env ?? {});
  if (typeof read === "string") {
    io.stderr(`rotamatch worker: ${read}\n${WORKER_USAGE}`);
    return EXIT.usage;
  }
  const service = await import("@rotamatch/service");
  const parsed = service.parseRedisUrl(read.redis);
  if (!parsed.ok) {
    io.stderr(`rotamatch worker: ${parsed.error}\n`);
    return EXIT.usage;
  }
  const where = service.describeRedis(parsed.connection);
  // Reach Redis once first, with one attempt and no retries, so that a wrong address is one
  // line and exit 1 within CONNECT_TIMEOUT_MS rather than a worker that retries for ever.
  const problem = await service.probeRedis(parsed.connection, CONNECT_TIMEOUT_MS);
  if (problem !== null) {
    io.stderr(`rotamatch worker: cannot reach ${where} (${problem}); is Redis running there?\n`);
    return EXIT.usage;
  }
  const logger = {
    info: (record: object) => io.stdout(`${JSON.stringify({ time: new Date().toISOString(), level: "info", ...record })}\n`),
    error: (record: object) => io.stderr(`${JSON.stringify({ time: new Date().toISOString(), level: "error", ...record })}\n`),
  };
  const worker = service.startQueueWorker({ redis: parsed.connection, concurrency: read.concurrency, heapMb: read.heapMb, graceMs: read.graceMs, lockDurationMs: read.lockDurationMs, stalledIntervalMs: read.stalledIntervalMs, logger });
  const onSignal = (signal: string): void => {
    io.stderr(`rotamatch worker: ${signal}, stopping (running solves get ${read.graceMs} ms, then go back to the queue)\n`);
    worker.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));
  return EXIT.ok;
}
