/**
 * Settings of the service: what the app needs (limits) and what the server needs (address,
 * pool, shutdown). Pure: environment variables and flags are passed in, never read here.
 */

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
}

export const DEFAULT_APP_CONFIG = {
  bodyLimitBytes: 1024 * 1024,
  maxTrainees: 200,
  timeLimitMs: 10_000,
  retryAfterSeconds: 1,
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
}

export const DEFAULT_SERVER_SETTINGS = {
  ...DEFAULT_APP_CONFIG,
  port: 3000,
  host: "127.0.0.1",
  threads: null,
  queue: null,
  hardLimitMarginMs: 5_000,
  shutdownGraceMs: 10_000,
} as const satisfies ServerSettings;

interface Setting {
  readonly key: keyof ServerSettings;
  readonly flag: string;
  readonly env: string;
  readonly kind: "port" | "host" | "count" | "ms" | "bytes";
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
];

export type SettingsResult =
  | { readonly ok: true; readonly settings: ServerSettings }
  | { readonly ok: false; readonly error: string };

/**
 * Reads settings from flags (`--port 8080` or `--port=8080`), then environment variables,
 * then defaults. Unknown flags and bad values are errors, never silently ignored.
 */
export function readSettings(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): SettingsResult {
  const fromFlags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const setting = SETTINGS.find((s) => s.flag === flag);
    if (setting === undefined) return { ok: false, error: `unknown option ${JSON.stringify(arg)}` };
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
    const source = flagValue !== undefined ? setting.flag : setting.env;
    const parsed = parseValue(setting.kind, raw);
    if (parsed === null) return { ok: false, error: `${source}: ${JSON.stringify(raw)} is not ${describeKind(setting.kind)}` };
    settings[setting.key] = parsed;
  }
  return { ok: true, settings: settings as unknown as ServerSettings };
}

function parseValue(kind: Setting["kind"], raw: string): string | number | null {
  if (kind === "host") return raw.trim() === "" ? null : raw.trim();
  if (!/^\d+$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n)) return null;
  if (kind === "port") return n <= 65_535 ? n : null;
  return n >= 1 ? n : null;
}

function describeKind(kind: Setting["kind"]): string {
  switch (kind) {
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
