/**
 * The abuse suite of issue 10: the real server as a child process on a free loopback port,
 * every crafted request of the issue (cases.ts), then fast-check bodies to every route
 * (fuzz.ts), with `/health` probed all along from a thread of its own (probe.ts). Run by
 * packages/service/test/abuse.test.ts (`npm test`, `npm run test:abuse`) and by
 * benchmarks/abuse.ts (`npm run bench:abuse`).
 *
 * It never stops at the first failure: a case that crashes the server, or leaves it stuck
 * past the exchange timeout, is marked and the server is started again, so one run reports
 * every case that still fails and why.
 */
import http from "node:http";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { SETTINGS } from "../../packages/service/src/config.js";
import { CRAFTED_CASES, type CaseContext, type CraftedCase, type Send } from "./cases.js";
import { GET_PATHS, fuzzRequests } from "./fuzz.js";
import { exchange, type Answer } from "./http.js";
import { startHealthProbe, summarizeHealth, type HealthSample, type LatencySummary } from "./probe.js";
import { launchServer, type ServerProcess } from "./server.js";

export const ROMERIKE_TEXT = readFileSync(new URL("../../examples/romerike-2013.json", import.meta.url), "utf8");

/** The pass marks of issue 10. */
export const LIMITS = {
  healthMaxMs: 250,
  healthP99Ms: 50,
  /** RSS afterwards, as a multiple of RSS at the start. */
  rssGrowth: 2,
  /** Every answer fits in max(this, 2 × its request, the plan it carries, the fixed document it is). */
  minResponseBound: 64 * 1024,
} as const;

export interface AbuseOptions {
  /** Fuzz bodies to send. */
  readonly bodies: number;
  /** Connections the fuzz bodies are sent on at once. */
  readonly connections: number;
  /** fast-check's seed: the same bodies for the same seed. */
  readonly seed: number;
  /** The longest one exchange may take before it counts as no answer (and the server is restarted). */
  readonly timeoutMs: number;
  /** The request timeout the server is started with, when it has the setting. */
  readonly requestTimeoutMs: number;
  /** The longest the slow body trickles. */
  readonly slowBodyMaxMs: number;
  /** Only these crafted cases (default: all). */
  readonly only?: readonly string[];
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

export interface CaseResult {
  readonly id: string;
  readonly defect: number;
  readonly what: string;
  readonly failures: readonly string[];
  /** "413", "202, 200 ×3", ... */
  readonly statuses: string;
  readonly ms: number;
  readonly health: LatencySummary;
  /** The server died or hung during the case and was started again. */
  readonly restarted: boolean;
}

export interface FuzzResult {
  readonly sent: number;
  readonly connections: number;
  readonly seed: number;
  readonly ms: number;
  /** Answers by status ("no answer" for connection errors and timeouts). */
  readonly statuses: Readonly<Record<string, number>>;
  readonly serverErrors: number;
  readonly tooBig: number;
  readonly noAnswer: number;
  /** The largest answer as a share of its bound. */
  readonly largestShareOfBound: number;
  /** Up to 30 failing requests, described so they can be found again. */
  readonly examples: readonly string[];
  readonly health: LatencySummary;
}

export interface Check {
  readonly name: CheckName;
  readonly ok: boolean;
  readonly detail: string;
}

export const CHECK_NAMES = ["no answer of 500", "no crash", "every request answered", "every answer under its size bound", "/health maximum", "/health p99", "RSS afterwards"] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface AbuseReport {
  readonly options: Omit<AbuseOptions, "log">;
  readonly cases: readonly CaseResult[];
  readonly fuzz: FuzzResult;
  readonly health: LatencySummary;
  readonly rss: { readonly startMiB: number; readonly peakMiB: number; readonly endMiB: number };
  /** One line per death of the server: during what, how it ended. */
  readonly crashes: readonly string[];
  /** The server's flags beyond port and host. */
  readonly serverFlags: readonly string[];
  readonly checks: readonly Check[];
  readonly ms: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mib = (kib: number | null): number => (kib === null ? Number.NaN : kib / 1024);

/** The title and detail of a problem answer, shortened, for a failure message. */
function problemOf(answer: Answer): string {
  try {
    const problem = JSON.parse(answer.text) as { title?: unknown; detail?: unknown };
    return `${String(problem.title ?? "")}: ${String(problem.detail ?? "")}`.slice(0, 200);
  } catch {
    return answer.text.slice(0, 120);
  }
}

/** Why a crash happened, from the end of the server's stderr. */
function crashReason(server: ServerProcess): string {
  const exit = server.exit();
  const how = exit === null ? "hung" : exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  const tail = server.stderrTail().trim().split("\n");
  const telling = tail.find((line) => /heap limit|out of memory|RangeError|FATAL/i.test(line)) ?? tail.at(-1) ?? "";
  return `${how}${telling === "" ? "" : `; stderr: ${telling.slice(0, 200)}`}`;
}

export async function runAbuseSuite(options: AbuseOptions): Promise<AbuseReport> {
  const log = options.log ?? (() => {});
  const began = performance.now();
  // Default settings but a shorter request timeout (when the server has the setting), so that
  // the slow body is given up on within the run.
  const serverFlags = SETTINGS.some((s) => s.flag === "--request-timeout") ? ["--request-timeout", String(options.requestTimeoutMs)] : [];
  const requestTimeoutMs = serverFlags.length > 0 ? options.requestTimeoutMs : null;

  let server = await launchServer(serverFlags);
  log(`server ${server.url} (pid ${server.pid})${serverFlags.length > 0 ? ` ${serverFlags.join(" ")}` : ""}`);
  const probe = startHealthProbe(server.url);
  const crashes: string[] = [];
  const restart = async (during: string, died: boolean): Promise<void> => {
    if (died) crashes.push(`${during}: ${crashReason(server)}`);
    await server.stop(2_000);
    server = await launchServer(serverFlags);
    probe.retarget(server.url);
    log(`server restarted after ${during}: ${server.url} (pid ${server.pid})`);
  };

  // Warm up, then the RSS to come back to: every pool's threads start as a working server's
  // would (two solves at once, a validation and an export on the light-work pool, a job), and
  // the plan for the export cases is made. The RSS afterwards is compared with this one.
  const json = { "Content-Type": "application/json" };
  const solve = (): Promise<Answer> => exchange(server.url, { method: "POST", path: "/v1/solve", headers: json, body: ROMERIKE_TEXT, maxResponseBytes: 1e6 });
  const [warm] = await Promise.all([solve(), solve()]);
  if (warm.status !== 200) throw new Error(`the server did not solve the Romerike cohort (${warm.status ?? warm.error}): ${warm.text.slice(0, 300)}`);
  const plan = JSON.parse(warm.text) as Record<string, unknown>;
  await exchange(server.url, { method: "POST", path: "/v1/validate", headers: json, body: ROMERIKE_TEXT, maxResponseBytes: 1e6 });
  const exportBody = JSON.stringify({ cohort: JSON.parse(ROMERIKE_TEXT) as unknown, plan });
  await exchange(server.url, { method: "POST", path: "/v1/export?format=xlsx", headers: json, body: exportBody, maxResponseBytes: 1e7 });
  const job = await exchange(server.url, { method: "POST", path: "/v1/jobs", headers: json, body: ROMERIKE_TEXT, maxResponseBytes: 1e6 });
  const location = typeof job.headers.location === "string" ? job.headers.location : null;
  for (let poll = 0; location !== null && poll < 50; poll++) {
    const state = await exchange(server.url, { method: "GET", path: location, maxResponseBytes: 1e6 });
    if (!/"state":"(queued|running)"/.test(state.text)) break;
    await sleep(100);
  }
  await sleep(1_000);
  server.gc();
  await sleep(500);
  let startKiB = server.rssKiB() ?? Number.NaN;
  let peakKiB = startKiB;
  const sampler = setInterval(() => {
    peakKiB = Math.max(peakKiB, server.rssKiB() ?? 0);
  }, 100);

  // ------------------------------------------------------------ the crafted cases
  const windows = new Map<string, { from: number; to: number }>();
  const cases: Omit<CaseResult, "health">[] = [];
  const runCase = async (crafted: CraftedCase): Promise<void> => {
    const from = Date.now();
    const failures: string[] = [];
    const statuses: string[] = [];
    let timedOut = false;
    const ctx: CaseContext = {
      url: server.url,
      timeoutMs: options.timeoutMs,
      cohortText: ROMERIKE_TEXT,
      plan,
      requestTimeoutMs,
      slowBodyMaxMs: options.slowBodyMaxMs,
      fail: (reason) => failures.push(reason),
      errorLogs: () => server.errorLogs(),
      send: async (request: Send) => {
        const sent = request.body === undefined ? 0 : Buffer.byteLength(request.body);
        const bound = Math.max(LIMITS.minResponseBound, 2 * sent, request.bound ?? 0);
        const answer = await exchange(ctx.url, { ...request, timeoutMs: options.timeoutMs, maxResponseBytes: bound });
        statuses.push(answer.status === null ? "no answer" : String(answer.status));
        if (answer.error !== null) {
          failures.push(`${request.label}: ${answer.error}`);
          if (answer.error.startsWith("no answer")) timedOut = true;
        } else if (answer.tooBig) {
          failures.push(`${request.label}: ${answer.status} answer over ${bound} bytes (the request was ${sent}), after ${(answer.ms / 1000).toFixed(1)} s`);
        } else if (answer.status !== null && answer.status >= 500 && answer.status !== 503) {
          failures.push(`${request.label}: ${answer.status} (${problemOf(answer)})`);
        } else if (request.expect !== undefined && answer.status !== null && !request.expect.includes(answer.status)) {
          failures.push(`${request.label}: ${answer.status} (${problemOf(answer)}), expected ${request.expect.join(" or ")}`);
        }
        return answer;
      },
    };
    const started = performance.now();
    try {
      await crafted.run(ctx);
    } catch (error) {
      failures.push(`the case threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    const ms = performance.now() - started;
    const died = server.exit() !== null;
    if (died) failures.push(`the server died: ${crashReason(server)}`);
    if (died || timedOut) await restart(crafted.id, died);
    windows.set(crafted.id, { from, to: Date.now() });
    cases.push({ id: crafted.id, defect: crafted.defect, what: crafted.what, failures, statuses: compress(statuses), ms, restarted: died || timedOut });
    log(`${failures.length === 0 ? "pass" : "FAIL"} ${crafted.id} (${(ms / 1000).toFixed(1)} s)${failures.map((f) => `\n    ${f}`).join("")}`);
  };

  const suiteFrom = Date.now();
  const chosen = CRAFTED_CASES.filter((c) => options.only === undefined || options.only.includes(c.id));
  for (const crafted of chosen.filter((c) => c.background !== true)) await runCase(crafted);
  // After a crash, the RSS to come back to is the last server's.
  if (crashes.length > 0) {
    await sleep(1_000);
    server.gc();
    await sleep(500);
    startKiB = server.rssKiB() ?? startKiB;
  }

  // ------------------------------------------------------------ fuzz, with the slow cases alongside
  const background = Promise.all(chosen.filter((c) => c.background === true).map(runCase));
  const fuzzFrom = Date.now();
  const fuzz = await runFuzz(options, () => server, async () => restart("the fuzz phase", true), { cohort: JSON.parse(ROMERIKE_TEXT), plan }, log);
  const fuzzTo = Date.now();
  await background;
  const suiteTo = Date.now();
  log(`fuzz done in ${((fuzzTo - fuzzFrom) / 1000).toFixed(1)} s; measuring RSS`);

  // ------------------------------------------------------------ afterwards: RSS after a GC opportunity and a settle
  clearInterval(sampler);
  let endKiB = Number.NaN;
  for (let attempt = 0; attempt < 5; attempt++) {
    await sleep(attempt === 0 ? 2_000 : 1_500);
    server.gc();
    await sleep(500);
    endKiB = server.rssKiB() ?? Number.NaN;
    if (endKiB < LIMITS.rssGrowth * startKiB) break;
  }
  const samples: readonly HealthSample[] = await probe.stop();
  await server.stop();
  if (server.exit()?.code !== 0) crashes.push(`the shutdown at the end: ${crashReason(server)}`);

  const withHealth: CaseResult[] = cases.map((c) => {
    const window = windows.get(c.id)!;
    const health = summarizeHealth(samples, window.from, window.to);
    const failures = [...c.failures];
    if (health.max >= LIMITS.healthMaxMs) failures.push(`/health took up to ${health.max.toFixed(0)} ms during this case (limit ${LIMITS.healthMaxMs} ms)`);
    return { ...c, failures, health };
  });
  // From the first case to the last answer: the start and warm-up are not the suite.
  const health = summarizeHealth(samples, suiteFrom, suiteTo);
  const fuzzResult: FuzzResult = { ...fuzz, health: summarizeHealth(samples, fuzzFrom, fuzzTo) };
  const caseFailures = (pattern: RegExp): string[] =>
    withHealth.flatMap((c) => c.failures.filter((f) => pattern.test(f)).map((f) => `${c.id}: ${f}`));
  const server500 = caseFailures(/: 5\d\d \(/);
  const oversize = caseFailures(/answer over \d+ bytes/);
  const unanswered = caseFailures(/: (no answer within|E[A-Z]+$|the answer was cut off)/);
  const rssOk = endKiB < LIMITS.rssGrowth * startKiB;
  const checks: Check[] = [
    {
      name: "no answer of 500",
      ok: server500.length === 0 && fuzz.serverErrors === 0,
      detail: `${server500.length} in the crafted cases, ${fuzz.serverErrors} in the fuzz${server500.length > 0 ? `: ${server500.join("; ")}` : ""}`,
    },
    { name: "no crash", ok: crashes.length === 0, detail: crashes.length === 0 ? "none" : crashes.join("; ") },
    {
      name: "every request answered",
      ok: unanswered.length === 0 && fuzz.noAnswer === 0,
      detail: `${unanswered.length} unanswered in the crafted cases, ${fuzz.noAnswer} in the fuzz (connection errors, timeouts)${unanswered.length > 0 ? `: ${unanswered.join("; ")}` : ""}`,
    },
    {
      name: "every answer under its size bound",
      ok: oversize.length === 0 && fuzz.tooBig === 0,
      detail: `${oversize.length} in the crafted cases, ${fuzz.tooBig} in the fuzz${oversize.length > 0 ? `: ${oversize.join("; ")}` : ""}`,
    },
    { name: "/health maximum", ok: health.max < LIMITS.healthMaxMs, detail: `${health.max.toFixed(1)} ms over ${health.count} probes (limit ${LIMITS.healthMaxMs} ms)` },
    { name: "/health p99", ok: health.p99 < LIMITS.healthP99Ms, detail: `${health.p99.toFixed(1)} ms (limit ${LIMITS.healthP99Ms} ms)` },
    {
      name: "RSS afterwards",
      ok: rssOk,
      detail: `${mib(endKiB).toFixed(0)} MiB against ${mib(startKiB).toFixed(0)} MiB at the start (limit ${LIMITS.rssGrowth}×), peak ${mib(peakKiB).toFixed(0)} MiB`,
    },
  ];
  const { log: _log, ...rest } = options;
  return {
    options: rest,
    cases: withHealth,
    fuzz: fuzzResult,
    health,
    rss: { startMiB: mib(startKiB), peakMiB: mib(peakKiB), endMiB: mib(endKiB) },
    crashes,
    serverFlags,
    checks,
    ms: performance.now() - began,
  };
}

/** "413 ×5, 200 ×5" from a list of statuses, in first-seen order. */
function compress(statuses: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => (n === 1 ? s : `${s} ×${n}`)).join(", ") || "none";
}

async function runFuzz(
  options: AbuseOptions,
  current: () => ServerProcess,
  restart: () => Promise<void>,
  inputs: { cohort: unknown; plan: unknown },
  log: (line: string) => void,
): Promise<Omit<FuzzResult, "health">> {
  const requests = fuzzRequests(options.bodies, options.seed, inputs);
  // A fixed document (the OpenAPI document, the schemas, the page's script) is as big as it is
  // whatever the request: its own size, read once before the fuzz, is its bound when larger.
  const documentBytes = new Map<string, number>();
  for (const path of GET_PATHS) {
    const answer = await exchange(current().url, { method: "GET", path, headers: {}, timeoutMs: options.timeoutMs, maxResponseBytes: 64 * 1024 * 1024 });
    if (answer.status === 200) documentBytes.set(path, answer.bytes);
  }
  const started = performance.now();
  const statuses: Record<string, number> = {};
  const examples: string[] = [];
  let serverErrors = 0;
  let tooBig = 0;
  let noAnswer = 0;
  let largestShare = 0;
  let next = 0;
  let restarting: Promise<void> | null = null;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const note = (index: number, what: string): void => {
    const r = requests[index]!;
    if (examples.length < 30) {
      const type = String(r.headers["Content-Type"] ?? "no content type");
      examples.push(`#${index} (seed ${options.seed}) ${r.method} ${r.path} [${r.kind}, ${type}, ${r.body?.length ?? 0} bytes]: ${what}`);
    }
  };
  const loop = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++;
      const r = requests[index]!;
      if (restarting !== null) await restarting;
      const server = current();
      const document = r.method === "GET" ? (documentBytes.get(r.path) ?? 0) : 0;
      const bound = Math.max(LIMITS.minResponseBound, 2 * (r.body?.length ?? 0), document);
      const answer = await exchange(server.url, { ...r, agent, timeoutMs: options.timeoutMs, maxResponseBytes: bound });
      const key = answer.status === null ? "no answer" : String(answer.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      largestShare = Math.max(largestShare, answer.bytes / bound);
      if (answer.error !== null) {
        noAnswer++;
        note(index, answer.error);
      } else if (answer.tooBig) {
        tooBig++;
        note(index, `${answer.status} answer over ${bound} bytes`);
      } else if (answer.status !== null && answer.status >= 500 && answer.status !== 503) {
        serverErrors++;
        note(index, `${answer.status} (${problemOf(answer)})`);
      }
      if (server.exit() !== null && restarting === null) {
        note(index, "the server died");
        restarting = restart().finally(() => {
          restarting = null;
        });
      }
      if (index > 0 && index % 1000 === 0) log(`fuzz: ${index} of ${requests.length} sent`);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  agent.destroy();
  return {
    sent: requests.length,
    connections: options.connections,
    seed: options.seed,
    ms: performance.now() - started,
    statuses,
    serverErrors,
    tooBig,
    noAnswer,
    largestShareOfBound: largestShare,
    examples,
  };
}
