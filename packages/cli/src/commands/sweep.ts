/**
 * rotamatch sweep COHORT --runs N [perturbations] | --trainees N --members M [...]: solves
 * many perturbed or generated cohorts on worker threads and reports the share that have a
 * plan, the spread of their costs and the diagnoses the others share.
 *
 * Run i (from 0) uses seed S+i: the generator's seed for generated cohorts, and the seed of
 * the perturbation in both modes. Results are reported in run order, so the same flags give
 * the same report (as long as no solve is cut short by its time limit).
 *
 * With --redis URL the solves are jobs on BullMQ instead (../sweep/queue.ts), run by
 * `rotamatch worker` processes anywhere and by --workers N of this process's own; the report
 * is the same. That code (and the service package it uses) is loaded only then.
 */
import { availableParallelism } from "node:os";
import { DEFAULT_SOLVE_OPTIONS, parseCohort, type GenerateOptions } from "@rotamatch/core";
import {
  checkGeneratorOptions,
  GENERATOR_FLAGS,
  hasGeneratorFlags,
  type GeneratorValues,
  readGeneratorOptions,
  readSeed,
} from "../generator-options.js";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError } from "../command.js";
import { BACKEND_EXPECTED, parseBackend, parseRange, parseWhole, readTimeLimit, secondsToMs } from "../parse-values.js";
import { describeSource, readCohort } from "../read-cohort.js";
import { reportIssues } from "../report-issues.js";
import { isNoPerturbation, type Perturbation } from "../sweep/perturb.js";
import { runInWorkers } from "../sweep/pool.js";
import { formatDuration, renderProgress, renderSweepReport } from "../sweep/render.js";
import { summarizeSweep } from "../sweep/report.js";
import type { RunRecord, RunSpec, SweepJob, SweepSource } from "../sweep/run-one.js";
import { DEFAULT_SWEEP_RUNS } from "../usage.js";

const OPTIONS = {
  ...GENERATOR_FLAGS,
  runs: { type: "string" },
  seed: { type: "string" },
  "capacity-scale": { type: "string" },
  "remove-mentors": { type: "string" },
  "remove-supervisors": { type: "string" },
  threads: { type: "string" },
  "time-limit": { type: "string" },
  backend: { type: "string" },
  redis: { type: "string" },
  workers: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const MAX_RUNS = 100_000;
const MAX_THREADS = 256;
/** Most local queue workers (each one is a solve thread). */
const MAX_WORKERS = 256;
/** Largest capacity factor: more is a typo (a percentage given as a factor). */
const MAX_CAPACITY_FACTOR = 10;
const MAX_REMOVED = 1_000_000;

/** The flags as checked settings; how each run's cohort is made comes later. */
interface SweepSettings {
  readonly runs: number;
  readonly firstSeed: number;
  readonly perturbation: Perturbation;
  readonly threads: number;
  /** The queue's Redis URL (--redis), or null for a sweep on this process's threads. */
  readonly redis: string | null;
  /** Local queue workers (--workers; only with --redis). */
  readonly workers: number;
  readonly timeLimitSeconds: number;
  readonly backend: string;
  readonly json: boolean;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export async function runSweep(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("sweep", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length > 1) {
    return usageError(io, `sweep takes one COHORT file, not ${positionals.length}: ${positionals.join(" ")}`);
  }
  const path = positionals[0];
  const generated = hasGeneratorFlags(values);
  if (path !== undefined && generated) {
    return usageError(io, "give either a COHORT file or the generator's options (--trainees ...), not both");
  }
  if (path === undefined && !generated) {
    return usageError(io, "sweep needs a COHORT file, or --trainees N --members M to sweep generated cohorts");
  }

  const settings = readSettings(values);
  if (!settings.ok) return usageError(io, settings.message);
  const s = settings.value;
  if (path !== undefined && isNoPerturbation(s.perturbation)) {
    const perturbations = "--capacity-scale, --remove-mentors or --remove-supervisors";
    return usageError(io, `a sweep of one cohort needs a perturbation (${perturbations}), or every run is the same`);
  }

  const swept = await readSource(io, path, values, s.firstSeed);
  if (typeof swept === "number") return swept;
  const { source, heading, origin } = swept;

  const job: SweepJob = { source, perturbation: s.perturbation, timeLimitMs: secondsToMs(s.timeLimitSeconds), backend: s.backend };
  const runs: RunSpec[] = Array.from({ length: s.runs }, (_, index) => ({ index, seed: s.firstSeed + index }));
  let records: readonly RunRecord[];
  if (s.redis === null) {
    records = await runWithProgress(io, job, runs, s.threads);
  } else {
    const onQueue = await runQueueWithProgress(io, job, runs, s.redis, s.workers);
    if (typeof onQueue === "number") return onQueue;
    records = onQueue;
  }
  const summary = summarizeSweep(records);
  reportErrors(io, records);

  if (s.json) {
    const report = { settings: { ...origin, ...describeSettings(s) }, summary, results: records };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(renderSweepReport(`${heading}: ${describeRuns(s)}`, summary));
  }
  return EXIT.ok;
}

/** What is swept: the job's source, the report's heading, and the JSON report's account of it. */
interface Swept {
  readonly source: SweepSource;
  readonly heading: string;
  readonly origin: Record<string, unknown>;
}

/**
 * The cohort file, read and validated, or the generator's options, checked. On a problem the
 * message is printed and the exit code returned.
 */
async function readSource(
  io: CliIo,
  path: string | undefined,
  values: GeneratorValues,
  firstSeed: number,
): Promise<Swept | ExitCode> {
  if (path === undefined) {
    const read = readGeneratorOptions(values, firstSeed);
    if (!read.ok) return usageError(io, read.message);
    const problem = checkGeneratorOptions(read.options);
    if (problem !== undefined) return usageError(io, problem);
    return {
      source: { kind: "generate", options: read.options },
      heading: `Sweep of generated cohorts (${describeGenerated(read.options)})`,
      origin: { generate: { ...read.options, seed: undefined } }, // each run has its own seed
    };
  }
  const input = await readCohort(io, path, "sweep");
  if (!input.ok) return input.exitCode;
  const cohort = parseCohort(input.value);
  if (!cohort.ok) {
    reportIssues(io, cohort.issues, path);
    return EXIT.invalidInput;
  }
  return {
    source: { kind: "cohort", cohort: cohort.cohort },
    heading: `Sweep of ${describeSource(path)}`,
    origin: { cohort: describeSource(path) },
  };
}

/** Checks every flag but the source's, before any file is read or any thread started. */
function readSettings(values: Record<string, string | boolean | undefined>): Parsed<SweepSettings> {
  const text = (name: keyof typeof OPTIONS): string | undefined => values[name] as string | undefined;
  const fail = (message: string): Parsed<SweepSettings> => ({ ok: false, message });
  const whole = (name: keyof typeof OPTIONS, min: number, max: number, fallback: number): number | string => {
    const given = text(name);
    if (given === undefined) return fallback;
    return parseWhole(given, min, max) ?? `--${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(given)}`;
  };

  const runs = whole("runs", 1, MAX_RUNS, DEFAULT_SWEEP_RUNS);
  if (typeof runs === "string") return fail(runs);
  const seed = readSeed(text("seed"));
  if (seed === null) return fail(`--seed must be a whole number, not ${JSON.stringify(text("seed"))}`);
  const firstSeed = seed ?? 1;
  if (firstSeed > Number.MAX_SAFE_INTEGER - (runs - 1)) return fail("--seed is too large for that many runs");

  let capacityScale: Perturbation["capacityScale"];
  const scale = text("capacity-scale");
  if (scale !== undefined) {
    capacityScale = parseRange(scale);
    if (capacityScale === undefined || capacityScale.max > MAX_CAPACITY_FACTOR) {
      const expected = `A..B with 0 <= A <= B <= ${MAX_CAPACITY_FACTOR} (for example 0.8..1.2), or one factor`;
      return fail(`--capacity-scale must be ${expected}, not ${JSON.stringify(scale)}`);
    }
  }
  const removeMentors = whole("remove-mentors", 0, MAX_REMOVED, 0);
  if (typeof removeMentors === "string") return fail(removeMentors);
  const removeSupervisors = whole("remove-supervisors", 0, MAX_REMOVED, 0);
  if (typeof removeSupervisors === "string") return fail(removeSupervisors);

  const threads = whole("threads", 1, MAX_THREADS, availableParallelism());
  if (typeof threads === "string") return fail(threads);
  const redis = text("redis") ?? null;
  if (redis === null && text("workers") !== undefined) return fail("--workers needs --redis URL (without it, --threads sets the worker threads)");
  if (redis !== null && text("threads") !== undefined) return fail("--threads is for a sweep without --redis; with --redis, --workers N sets the local workers");
  const workers = whole("workers", 0, MAX_WORKERS, availableParallelism());
  if (typeof workers === "string") return fail(workers);
  const limit = readTimeLimit(text("time-limit"));
  if (!limit.ok) return fail(limit.message);
  const timeLimitSeconds = limit.value ?? DEFAULT_SOLVE_OPTIONS.timeLimitMs / 1000;
  const backendText = text("backend") ?? DEFAULT_SOLVE_OPTIONS.backend;
  const backend = parseBackend(backendText);
  if (backend === undefined) return fail(`--backend must be one of ${BACKEND_EXPECTED}, not ${JSON.stringify(backendText)}`);

  const perturbation: Perturbation = { capacityScale, removeMentors, removeSupervisors };
  return { ok: true, value: { runs, firstSeed, perturbation, threads, redis, workers, timeLimitSeconds, backend, json: values.json === true } };
}

/** Runs the sweep; on a terminal, a progress bar on stderr while it runs and the time it took. */
async function runWithProgress(io: CliIo, job: SweepJob, runs: readonly RunSpec[], threads: number): Promise<RunRecord[]> {
  if (io.stderrIsTerminal !== true) return runInWorkers(job, runs, { threads });
  const started = performance.now();
  let done = 0;
  let feasible = 0;
  const draw = (): void => io.stderr(`\r${renderProgress(done, runs.length, feasible, performance.now() - started)}\u001b[K`);
  draw();
  const ticker = setInterval(draw, 1000); // keeps the ETA moving while long solves run
  const records = await runInWorkers(job, runs, {
    threads,
    onRecord: (record) => {
      done += 1;
      if (record.status === "optimal" || record.status === "feasible") feasible += 1;
      draw();
    },
  });
  clearInterval(ticker);
  const used = Math.min(threads, runs.length);
  const took = formatDuration(performance.now() - started);
  io.stderr(`\r\u001b[Krotamatch: ${runs.length} runs in ${took} on ${used} thread${used === 1 ? "" : "s"}\n`);
  return records;
}

/**
 * Runs the sweep as jobs on the queue; on a terminal, the same progress bar as on threads,
 * drawn from the queue's events. Redis that cannot be reached is one line and exit 1.
 */
async function runQueueWithProgress(
  io: CliIo,
  job: SweepJob,
  runs: readonly RunSpec[],
  redis: string,
  workers: number,
): Promise<readonly RunRecord[] | ExitCode> {
  const { checkRedisUrl, runOnQueue } = await import("../sweep/queue.js");
  const malformed = checkRedisUrl(redis);
  if (malformed !== null) return usageError(io, malformed);
  const terminal = io.stderrIsTerminal === true;
  const started = performance.now();
  let done = 0;
  let feasible = 0;
  let running = 0;
  const draw = (): void => {
    if (terminal) io.stderr(`\r${renderProgress(done, runs.length, feasible, performance.now() - started)}, ${running} running\u001b[K`);
  };
  const ticker = terminal ? setInterval(draw, 1000) : null;
  const result = await runOnQueue(job, runs, {
    redis,
    workers,
    onRecord: (record) => {
      done += 1;
      if (record.status === "optimal" || record.status === "feasible") feasible += 1;
      draw();
    },
    onEnqueued: ({ total, reused }) => {
      if (reused === 0) return;
      // Said whether or not on a terminal: a resumed sweep is worth knowing about in a log too.
      io.stderr(`${terminal ? "\r\u001b[K" : ""}rotamatch: ${reused} of ${total} runs were finished on the queue already\n`);
      draw();
    },
    onActivity: (now) => {
      running = now;
      draw();
    },
  });
  if (ticker !== null) clearInterval(ticker);
  if (!result.ok) {
    if (terminal) io.stderr("\r\u001b[K");
    io.stderr(`rotamatch sweep: ${result.message}.\n`);
    return EXIT.usage;
  }
  if (terminal) {
    const took = formatDuration(performance.now() - started);
    const local = workers === 0 ? "workers elsewhere only" : `${workers} local worker${workers === 1 ? "" : "s"} and any elsewhere`;
    io.stderr(`\r\u001b[Krotamatch: ${runs.length} runs in ${took} on the queue (${local})\n`);
  }
  return result.records;
}

/** Runs that failed unexpectedly are a bug or a crash: say so on stderr, with the first message. */
function reportErrors(io: CliIo, records: readonly RunRecord[]): void {
  const failed = records.filter((r) => r.status === "error");
  const first = failed[0];
  if (first === undefined) return;
  const count = failed.length === 1 ? "1 run" : `${failed.length} runs`;
  const what = `run ${first.index + 1}: ${first.error ?? "unknown error"}`;
  io.stderr(`rotamatch: ${count} failed unexpectedly (please report this); ${what}\n`);
}

/** `20 runs, seeds 1 to 20; capacities x 0.6 to 1, 2 mentors removed in each run`. */
function describeRuns(s: SweepSettings): string {
  const seeds = s.runs === 1 ? `seed ${s.firstSeed}` : `seeds ${s.firstSeed} to ${s.firstSeed + s.runs - 1}`;
  const parts: string[] = [];
  const { capacityScale, removeMentors = 0, removeSupervisors = 0 } = s.perturbation;
  if (capacityScale !== undefined) {
    const { min, max } = capacityScale;
    parts.push(min === max ? `capacities x ${min}` : `capacities x ${min} to ${max}`);
  }
  if (removeMentors > 0) parts.push(`${removeMentors} mentor${removeMentors === 1 ? "" : "s"} removed`);
  if (removeSupervisors > 0) parts.push(`${removeSupervisors} supervisor${removeSupervisors === 1 ? "" : "s"} removed`);
  const changes = parts.length === 0 ? "" : `; ${parts.join(", ")} in each run`;
  return `${s.runs} run${s.runs === 1 ? "" : "s"}, ${seeds}${changes}`;
}

/** `50 trainees, 12 members, hosts chosen`: the counts, then the options given. */
function describeGenerated(options: GenerateOptions): string {
  const parts = [`${options.trainees} trainees`, `${options.members} members`];
  const words: [string, string | number | undefined][] = [
    ["mentors per member", options.mentorsPerMember],
    ["supervisors per member", options.supervisorsPerMember],
    ["away periods", options.awayPeriods],
    ["hosts", options.hosts],
    ["tightness", options.tightness],
    ["mentor outside", options.mentorOutside],
    ["specialization fit", options.specializationFit],
  ];
  for (const [name, value] of words) if (value !== undefined) parts.push(`${name} ${value}`);
  return parts.join(", ");
}

/** The settings as the JSON report records them: all that decides the results (not --threads, --redis or --workers). */
function describeSettings(s: SweepSettings): Record<string, unknown> {
  return {
    runs: s.runs,
    firstSeed: s.firstSeed,
    capacityScale: s.perturbation.capacityScale ?? null,
    removeMentors: s.perturbation.removeMentors ?? 0,
    removeSupervisors: s.perturbation.removeSupervisors ?? 0,
    timeLimitSeconds: s.timeLimitSeconds,
    backend: s.backend,
  };
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "sweep", message);
}
