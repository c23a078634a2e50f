/**
 * Settings of the service: what the app needs (limits, tokens, rate limit) and what the
 * server needs (address, pool, shutdown). Environment variables and flags are passed in,
 * never read here; the one file a setting names (`--tokens-file`) is read through the
 * `readTextFile` given to `readSettings` (by default `node:fs`).
 */
import { readFileSync } from "node:fs";

/** A bearer token as RFC 6750 allows it (token68): letters, digits, `-._~+/`, then `=` padding. */
export const TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** What `createApp` needs to know about limits. */
export interface AppConfig {
  /** Largest request body in bytes, enforced while reading (default 1 MiB). */
  readonly bodyLimitBytes: number;
  /** Largest cohort `POST /v1/solve` takes, in trainees (default 200); bigger gets 413. */
  readonly maxTrainees: number;
  /** Time limit in ms given to each solve (default 10 000). */
  readonly timeLimitMs: number;
  /** Seconds a client is told to wait in `Retry-After` when the pool is full (default 1). */
  readonly retryAfterSeconds: number;
  /**
   * Bearer tokens, any of which opens every `/v1` route; empty (the default) turns
   * authentication off. Each must match `TOKEN_PATTERN`.
   */
  readonly tokens: readonly string[];
  /** Requests each token (or client address, without tokens) may make per window; null (the default) turns rate limiting off. */
  readonly rateLimit: number | null;
  /** Length of a rate-limit window in seconds (default 60). */
  readonly rateWindowSeconds: number;
  /** Largest request body `POST /v1/jobs` takes, in bytes (default 32 MiB). */
  readonly jobBodyLimitBytes: number;
  /** Largest cohort `POST /v1/jobs` takes, in trainees (default 10 000); bigger gets 413. */
  readonly maxJobTrainees: number;
  /** Time limit in ms of each job's solve (default 300 000). */
  readonly jobTimeLimitMs: number;
  /** Seconds a finished job is kept before it is forgotten (default 3 600). */
  readonly jobTtlSeconds: number;
  /** Most jobs kept at once, finished or not (default 1 000); the oldest finished give way first. */
  readonly maxJobs: number;
}

export const DEFAULT_APP_CONFIG = {
  bodyLimitBytes: 1024 * 1024,
  maxTrainees: 200,
  timeLimitMs: 10_000,
  retryAfterSeconds: 1,
  tokens: [],
  rateLimit: null,
  rateWindowSeconds: 60,
  jobBodyLimitBytes: 32 * 1024 * 1024,
  maxJobTrainees: 10_000,
  jobTimeLimitMs: 300_000,
  jobTtlSeconds: 3_600,
  maxJobs: 1_000,
} as const satisfies AppConfig;

/** Everything `server.ts` starts with. */
export interface ServerSettings extends AppConfig {
  readonly port: number;
  readonly host: string;
  /** Worker threads solving at once (default: the machine's available parallelism). */
  readonly threads: number | null;
  /** Solves that may wait for a thread; more are answered 503 (default 2 × threads). */
  readonly queue: number | null;
  /** Extra ms after the time limit before a solve's worker is ended (default 5 000). */
  readonly hardLimitMarginMs: number;
  /** Ms in-flight solves get to finish on SIGTERM/SIGINT before they are ended (default 10 000). */
  readonly shutdownGraceMs: number;
  /**
   * Ms a client has to send a whole request, headers and body (default 60 000); then it gets
   * 408 and the connection is closed. Node's own default is 300 000.
   */
  readonly requestTimeoutMs: number;
  /** Ms a client has to send a request's headers (default 10 000; at most the request timeout). */
  readonly headersTimeoutMs: number;
  /** Ms an idle kept-alive connection is kept open for the client's next request (default 5 000). */
  readonly keepAliveTimeoutMs: number;
  /** Most connections open at once (default 1 024); one more is closed as soon as it opens. */
  readonly maxConnections: number;
  /** Worker threads for jobs, apart from those of synchronous solves (default 1). */
  readonly jobThreads: number;
  /** Jobs that may wait for a job thread; more are answered 503 (default 16). */
  readonly jobQueue: number;
  /**
   * Most heap of each worker thread, in MiB (default 512): a solve, job, validation, import or
   * export that needs more ends its own thread and is answered 413, never the process.
   */
  readonly workerHeapMb: number;
  /** Worker threads for validation, import and export, apart from the solvers (default 1). */
  readonly workThreads: number;
  /** Validations, imports and exports that may wait for a work thread; more are answered 503 (default 32). */
  readonly workQueue: number;
  /** The file the tokens were read from, one per line, if any (its tokens are in `tokens`). */
  readonly tokensFile: string | null;
  /**
   * `--redis URL`: keep jobs in BullMQ on this Redis (docs/deployment.md); null (the default)
   * keeps them in memory. Checked when the server starts, not here: a malformed or unreachable
   * URL is reported on `/ready` while everything but the job routes works.
   */
  readonly redisUrl: string | null;
  /** Whether `--job-threads` (or its variable) was given: with `--redis`, only then does the service run jobs itself. */
  readonly jobThreadsSet: boolean;
}

export const DEFAULT_SERVER_SETTINGS = {
  ...DEFAULT_APP_CONFIG,
  port: 3000,
  host: "127.0.0.1",
  threads: null,
  queue: null,
  hardLimitMarginMs: 5_000,
  shutdownGraceMs: 10_000,
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_024,
  jobThreads: 1,
  jobQueue: 16,
  workerHeapMb: 512,
  workThreads: 1,
  workQueue: 32,
  tokensFile: null,
  redisUrl: null,
  jobThreadsSet: false,
} as const satisfies ServerSettings;

interface Setting {
  readonly key: keyof ServerSettings;
  /** null: environment only (a token on the command line would show in `ps`). */
  readonly flag: string | null;
  readonly env: string;
  readonly kind: "port" | "host" | "count" | "ms" | "bytes" | "tokens" | "path" | "url";
}

/** Every setting, its flag and its environment variable (docs/service.md has the same table). */
export const SETTINGS: readonly Setting[] = [
  { key: "port", flag: "--port", env: "PORT", kind: "port" },
  { key: "host", flag: "--host", env: "HOST", kind: "host" },
  { key: "bodyLimitBytes", flag: "--body-limit", env: "ROTAMATCH_BODY_LIMIT", kind: "bytes" },
  { key: "maxTrainees", flag: "--max-trainees", env: "ROTAMATCH_MAX_TRAINEES", kind: "count" },
  { key: "timeLimitMs", flag: "--time-limit", env: "ROTAMATCH_TIME_LIMIT_MS", kind: "ms" },
  { key: "hardLimitMarginMs", flag: "--hard-limit-margin", env: "ROTAMATCH_HARD_LIMIT_MARGIN_MS", kind: "ms" },
  { key: "threads", flag: "--threads", env: "ROTAMATCH_THREADS", kind: "count" },
  { key: "queue", flag: "--queue", env: "ROTAMATCH_QUEUE", kind: "count" },
  { key: "retryAfterSeconds", flag: "--retry-after", env: "ROTAMATCH_RETRY_AFTER_S", kind: "count" },
  { key: "shutdownGraceMs", flag: "--shutdown-grace", env: "ROTAMATCH_SHUTDOWN_GRACE_MS", kind: "ms" },
  { key: "requestTimeoutMs", flag: "--request-timeout", env: "ROTAMATCH_REQUEST_TIMEOUT_MS", kind: "ms" },
  { key: "headersTimeoutMs", flag: "--headers-timeout", env: "ROTAMATCH_HEADERS_TIMEOUT_MS", kind: "ms" },
  { key: "keepAliveTimeoutMs", flag: "--keep-alive-timeout", env: "ROTAMATCH_KEEP_ALIVE_TIMEOUT_MS", kind: "ms" },
  { key: "maxConnections", flag: "--max-connections", env: "ROTAMATCH_MAX_CONNECTIONS", kind: "count" },
  { key: "tokens", flag: null, env: "ROTAMATCH_TOKENS", kind: "tokens" },
  { key: "tokensFile", flag: "--tokens-file", env: "ROTAMATCH_TOKENS_FILE", kind: "path" },
  { key: "rateLimit", flag: "--rate-limit", env: "ROTAMATCH_RATE_LIMIT", kind: "count" },
  { key: "rateWindowSeconds", flag: "--rate-window", env: "ROTAMATCH_RATE_WINDOW_S", kind: "count" },
  { key: "jobThreads", flag: "--job-threads", env: "ROTAMATCH_JOB_THREADS", kind: "count" },
  { key: "jobQueue", flag: "--job-queue", env: "ROTAMATCH_JOB_QUEUE", kind: "count" },
  { key: "workerHeapMb", flag: "--worker-heap-mb", env: "ROTAMATCH_WORKER_HEAP_MB", kind: "count" },
  { key: "workThreads", flag: "--work-threads", env: "ROTAMATCH_WORK_THREADS", kind: "count" },
  { key: "workQueue", flag: "--work-queue", env: "ROTAMATCH_WORK_QUEUE", kind: "count" },
  { key: "jobTimeLimitMs", flag: "--job-time-limit", env: "ROTAMATCH_JOB_TIME_LIMIT_MS", kind: "ms" },
  { key: "jobBodyLimitBytes", flag: "--job-body-limit", env: "ROTAMATCH_JOB_BODY_LIMIT", kind: "bytes" },
  { key: "maxJobTrainees", flag: "--max-job-trainees", env: "ROTAMATCH_MAX_JOB_TRAINEES", kind: "count" },
  { key: "jobTtlSeconds", flag: "--job-ttl", env: "ROTAMATCH_JOB_TTL_S", kind: "count" },
  { key: "maxJobs", flag: "--max-jobs", env: "ROTAMATCH_MAX_JOBS", kind: "count" },
  { key: "redisUrl", flag: "--redis", env: "ROTAMATCH_REDIS_URL", kind: "url" },
];

export type SettingsResult =
  | { readonly ok: true; readonly settings: ServerSettings }
  | { readonly ok: false; readonly error: string };

/**
 * Reads settings from flags (`--port 8080` or `--port=8080`), then environment variables,
 * then defaults. Unknown flags and bad values are errors, never silently ignored. The tokens
 * are those of `ROTAMATCH_TOKENS` (comma-separated) and of the tokens file (one per line,
 * blank lines and `#` comments skipped) together. No error message ever quotes a token.
 */
export function readSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  readTextFile: (path: string) => string = (path) => readFileSync(path, "utf8"),
): SettingsResult {
  const fromFlags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const setting = SETTINGS.find((s) => s.flag !== null && s.flag === flag);
    // Only the flag's name is quoted: what follows `=` might be a secret typed in the wrong place.
    if (setting === undefined) return { ok: false, error: `unknown option ${JSON.stringify(flag)}` };
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) return { ok: false, error: `${flag} needs a value` };
    fromFlags.set(setting.key, value);
  }
  const settings: Record<string, unknown> = { ...DEFAULT_SERVER_SETTINGS };
  for (const setting of SETTINGS) {
    const flagValue = fromFlags.get(setting.key);
    const envValue = env[setting.env];
    const raw = flagValue ?? (envValue === undefined || envValue === "" ? undefined : envValue);
    if (raw === undefined) continue;
    const source = (flagValue !== undefined ? setting.flag : null) ?? setting.env;
    if (setting.kind === "tokens") {
      const tokens = parseTokens(raw.split(","), source, "entry");
      if (typeof tokens === "string") return { ok: false, error: tokens };
      settings[setting.key] = tokens;
      continue;
    }
    if (setting.key === "jobThreads") settings["jobThreadsSet"] = true;
    const parsed = parseValue(setting.kind, raw);
    if (parsed === null) return { ok: false, error: `${source}: ${JSON.stringify(raw)} is not ${describeKind(setting.kind)}` };
    settings[setting.key] = parsed;
  }
  const file = settings["tokensFile"];
  if (typeof file === "string") {
    let text: string;
    try {
      text = readTextFile(file);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      return { ok: false, error: `cannot read the tokens file ${JSON.stringify(file)}${typeof code === "string" ? ` (${code})` : ""}` };
    }
    const lines = text.split(/\r?\n/).map((line) => (line.trim().startsWith("#") ? "" : line));
    const tokens = parseTokens(lines, `the tokens file ${JSON.stringify(file)}`, "line");
    if (typeof tokens === "string") return { ok: false, error: tokens };
    settings["tokens"] = [...new Set([...(settings["tokens"] as readonly string[]), ...tokens])];
  }
  return { ok: true, settings: settings as unknown as ServerSettings };
}

/**
 * Tokens from a list of entries: blanks are skipped, the rest must be bearer tokens, and at
 * least one must be there. The error names the entry's position, never the token.
 */
function parseTokens(entries: readonly string[], source: string, entryName: "entry" | "line"): readonly string[] | string {
  const tokens: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const token = entry.trim();
    if (token === "") continue;
    if (!TOKEN_PATTERN.test(token)) {
      return `${source}: ${entryName} ${i + 1} is not a bearer token (letters, digits and -._~+/ only, then = padding)`;
    }
    tokens.push(token);
  }
  if (tokens.length === 0) return `${source}: holds no token`;
  return [...new Set(tokens)];
}

function parseValue(kind: Exclude<Setting["kind"], "tokens">, raw: string): string | number | null {
  if (kind === "host" || kind === "path" || kind === "url") return raw.trim() === "" ? null : raw.trim();
  if (!/^\d+$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n)) return null;
  if (kind === "port") return n <= 65_535 ? n : null;
  return n >= 1 ? n : null;
}

function describeKind(kind: Exclude<Setting["kind"], "tokens">): string {
  switch (kind) {
    case "path":
      return "a file path";
    case "url":
      return "a URL";
    case "port":
      return "a port number (0 to 65535)";
    case "host":
      return "a host name or address";
    case "bytes":
      return "a positive number of bytes";
    case "ms":
      return "a positive number of milliseconds";
    case "count":
      return "a positive whole number";
  }
}
