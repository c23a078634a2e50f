/**
 * A sweep on BullMQ (`rotamatch sweep --redis URL`): each run's cohort is made here (generated
 * and perturbed with the run's seed, as on a worker thread), checked by the validator, and
 * enqueued as a solve job of the service's job protocol (@rotamatch/service, queue/); workers
 * anywhere (`rotamatch worker`, or this process's own with `--workers N`) solve them, and each
 * plan comes back here, is verified against the run's cohort, and becomes the run's record.
 *
 * Resumable: a job's id is the hash of its cohort, its options and the version of rotamatch
 * (solveJobId), so the same sweep run again finds the jobs it enqueued before: finished ones
 * are read back instead of solved again, running ones are waited for, and failed or
 * cancelled ones are enqueued again. The report is built from the records exactly as an
 * in-process sweep's is, so it is the same (as long as no solve is cut short by its time limit).
 *
 * Results arrive through the queue's events, and a slow poll of the jobs still out catches any
 * the event stream dropped (it is trimmed) or that finished before the watcher started.
 */
import { parseCohort, verifyPlan, type Backend, type Plan } from "@rotamatch/core";
import {
  createSolveQueue,
  describeRedis,
  inputHashOf,
  parseRedisUrl,
  ROTAMATCH_VERSION,
  solveJobId,
  startQueueWorker,
  watchSolveJobs,
  type QueueWorker,
  type RedisConnection,
  type SolveJobEvents,
  type SolveJobOptions,
  type SolveJobRecord,
  type SolveQueue,
} from "@rotamatch/service";
import { errorRecord, invalidRecord, makeRunCohort, recordOfPlan, type RunRecord, type RunSpec, type SweepJob } from "./run-one.js";

/**
 * The token id a sweep's jobs carry (a job stores a token id, never a token). Token ids of the
 * service are 8 hex digits (auth.ts), so no caller of the service's job routes sees these jobs.
 */
export const SWEEP_TOKEN_ID = "rotamatch-sweep";

/** How long a sweep's finished jobs stay in Redis for a resumed or repeated sweep to reuse (7 days). */
export const SWEEP_RETENTION_SECONDS = 7 * 24 * 3600;

/** Most finished jobs the queue keeps (BullMQ's count retention, per queue): never fewer than a sweep's runs. */
const MIN_KEPT_JOBS = 10_000;

/** How often the jobs still out are read directly, besides the events (ms). */
const POLL_INTERVAL_MS = 5_000;

/** How long a first connection to Redis may take before the sweep gives up (ms). */
const CONNECT_TIMEOUT_MS = 10_000;

export interface QueueSweepOptions {
  /** The Redis URL, as given to --redis (already checked with parseRedisUrl). */
  readonly redis: string;
  /** Local workers this process runs (0: only workers elsewhere). */
  readonly workers: number;
  /** Called once per finished run, in completion order (reused runs first). */
  readonly onRecord?: (record: RunRecord) => void;
  /** Called once every run is enqueued: how many were found finished on the queue already. */
  readonly onEnqueued?: (counts: { readonly total: number; readonly reused: number }) => void;
  /** Called when a worker takes or reports on a job: jobs running now (as far as this process saw). */
  readonly onActivity?: (running: number) => void;
  /** The built solve thread of the service (default: the service's own dist/worker.js). */
  readonly workerUrl?: URL;
}

export type QueueSweepResult =
  | { readonly ok: true; readonly records: readonly RunRecord[]; readonly reused: number }
  /** Redis could not be reached: one line that says where and why (no password). */
  | { readonly ok: false; readonly message: string };

/** What a malformed --redis is: one line, or null when it is well formed. */
export function checkRedisUrl(url: string): string | null {
  const parsed = parseRedisUrl(url);
  return parsed.ok ? null : parsed.error;
}

/** Runs a sweep's runs as jobs on the queue at `options.redis`; records come back in run order. */
export async function runOnQueue(job: SweepJob, runs: readonly RunSpec[], options: QueueSweepOptions): Promise<QueueSweepResult> {
  const parsed = parseRedisUrl(options.redis);
  if (!parsed.ok) return { ok: false, message: parsed.error };
  const connection = parsed.connection;
  let firstError: Error | null = null;
  const queue = createSolveQueue({
    redis: connection,
    ttlSeconds: SWEEP_RETENTION_SECONDS,
    maxJobs: Math.max(MIN_KEPT_JOBS, runs.length),
    onError: (error) => (firstError ??= error),
  });
  const reached = await reach(queue, () => firstError);
  if (reached !== null) {
    await queue.close();
    return { ok: false, message: `cannot reach Redis at ${describeRedis(connection)}: ${reached}` };
  }
  const sweep = new QueueSweep(job, runs, queue, connection, options);
  // Ctrl-C or SIGTERM: the jobs this process's own workers are solving go back to the queue at
  // once (their workers close with no grace), so that another worker or the next run of the
  // same sweep takes them now rather than after BullMQ's stalled-job check.
  const onSignal = (signal: NodeJS.Signals): void => {
    void sweep.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await sweep.run();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await sweep.close();
  }
}

/**
 * Waits until the queue's connections are ready; the reason when they are not. A refused or
 * unresolvable address fails at once (waiting will not change it); anything else gets
 * CONNECT_TIMEOUT_MS.
 */
async function reach(queue: SolveQueue, error: () => Error | null): Promise<string | null> {
  let outcome: string | null | undefined;
  queue.ready(CONNECT_TIMEOUT_MS).then(
    () => (outcome ??= null),
    () => (outcome ??= `no answer within ${CONNECT_TIMEOUT_MS / 1000} s; is Redis running there?`),
  );
  while (outcome === undefined) {
    const failed = error();
    if (failed !== null && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|WRONGPASS|NOAUTH/.test(`${failed.message} ${String((failed as { code?: unknown }).code)}`)) {
      outcome = failed.message.split("\n")[0] ?? failed.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return outcome;
}

/** One sweep on the queue: which job each run waits for, and the records so far. */
class QueueSweep {
  private readonly records = new Map<number, RunRecord>();
  /** Job id to the runs waiting for it (runs whose cohorts are the same share one job). */
  private readonly pending = new Map<string, RunSpec[]>();
  private readonly running = new Set<string>();
  private readonly options: SolveJobOptions;
  private events: SolveJobEvents | null = null;
  private workers: QueueWorker | null = null;
  private finished: (() => void) | null = null;
  private closing: Promise<void> | null = null;
  private reused = 0;

  constructor(
    private readonly job: SweepJob,
    private readonly runs: readonly RunSpec[],
    private readonly queue: SolveQueue,
    private readonly connection: RedisConnection,
    private readonly settings: QueueSweepOptions,
  ) {
    // All set, so that the job id is well defined; diagnose as solveCohort does by default.
    this.options = { timeLimitMs: job.timeLimitMs, backend: job.backend as Backend, diagnose: true };
  }

  async run(): Promise<QueueSweepResult> {
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    // The watcher first, so that no job that finishes after its enqueue goes unseen.
    this.events = watchSolveJobs(this.connection, {
      onCompleted: (jobId) => void this.settle(jobId),
      onFailed: (jobId) => void this.settle(jobId),
      onActive: (jobId) => this.activity(jobId, true),
      onProgress: (jobId) => this.activity(jobId, true),
    });
    await this.events.ready();
    if (this.settings.workers > 0) {
      this.workers = startQueueWorker({
        redis: this.connection,
        concurrency: this.settings.workers,
        // Stopping the sweep hands its running jobs back at once (see runOnQueue).
        graceMs: 0,
        ...(this.settings.workerUrl === undefined ? {} : { workerUrl: this.settings.workerUrl }),
      });
    }
    for (const run of this.runs) await this.enqueue(run);
    this.settings.onEnqueued?.({ total: this.runs.length, reused: this.reused });
    this.checkDone();
    const poll = setInterval(() => {
      for (const jobId of [...this.pending.keys()]) void this.settle(jobId);
    }, POLL_INTERVAL_MS);
    await done;
    clearInterval(poll);
    const records = [...this.records.values()].sort((a, b) => a.index - b.index);
    return { ok: true, records, reused: this.reused };
  }

  /** Closes the workers, the event watcher and the queue, once (a signal and the end of the run may both ask). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([this.workers?.close(), this.events?.close()]);
      await this.queue.close();
    })();
    return this.closing;
  }

  /** Makes a run's cohort and enqueues it, unless it is invalid (recorded here, as runOne would). */
  private async enqueue(run: RunSpec): Promise<void> {
    const made = makeRunCohort(this.job, run);
    if (!made.ok) return this.record(made.record);
    const checked = parseCohort(made.cohort);
    if (!checked.ok) return this.record(invalidRecord(run, made, checked.issues));
    const cohortJson = JSON.stringify(made.cohort);
    const inputHash = inputHashOf(cohortJson);
    const jobId = solveJobId(inputHash, this.options, ROTAMATCH_VERSION);
    const waiting = this.pending.get(jobId);
    if (waiting !== undefined) {
      waiting.push(run);
      return;
    }
    this.pending.set(jobId, [run]);
    const { added } = await this.queue.enqueue({
      cohortJson,
      inputHash,
      jobId,
      options: this.options,
      tokenId: SWEEP_TOKEN_ID,
      // The worker's cap on trainees: this cohort's own size, so it is never refused for it.
      maxTrainees: Math.max(1, made.cohort.trainees.length),
      onUnfinished: "retry",
    });
    if (!added) {
      // Enqueued by an earlier sweep: finished already (reused), or still on its way.
      if (await this.settle(jobId)) this.reused += 1;
    }
  }

  /** Reads a job; when it has finished, records its runs. Whether it had finished. */
  private async settle(jobId: string): Promise<boolean> {
    const runs = this.pending.get(jobId);
    if (runs === undefined) return false;
    let read: SolveJobRecord | null;
    try {
      read = await this.queue.read(jobId);
    } catch {
      return false; // Redis away for a moment: the next event or poll reads it again
    }
    if (read === null || read.finishedAt === null || !this.pending.has(jobId)) return false;
    this.pending.delete(jobId);
    this.activity(jobId, false);
    for (const run of runs) this.record(this.recordOf(run, read));
    return true;
  }

  /** A finished job as the record of one of its runs; the plan is verified against the run's own cohort. */
  private recordOf(run: RunSpec, read: SolveJobRecord): RunRecord {
    const made = makeRunCohort(this.job, run);
    if (!made.ok) return made.record;
    const result = read.result;
    if (result === null) return errorRecord(run, made.applied, `the job failed on the queue: ${read.failedReason ?? "no reason given"}`);
    if (result.outcome === "failed") return errorRecord(run, made.applied, `the job failed on the queue: ${result.problem.detail}`);
    if (result.outcome === "cancelled") return errorRecord(run, made.applied, "the job was cancelled on the queue (run the sweep again to solve it again)");
    const plan: Plan = result.plan;
    const verdict = verifyPlan(made.cohort, plan);
    if (!verdict.ok) {
      const codes = [...new Set(verdict.violations.map((v) => v.code))].join(", ");
      return errorRecord(run, made.applied, `the plan from the queue failed verification (${codes})`);
    }
    return recordOfPlan(run, made.applied, plan);
  }

  private record(record: RunRecord): void {
    this.records.set(record.index, record);
    this.settings.onRecord?.(record);
    this.checkDone();
  }

  private activity(jobId: string, active: boolean): void {
    if (active && !this.pending.has(jobId)) return;
    const before = this.running.size;
    if (active) this.running.add(jobId);
    else this.running.delete(jobId);
    if (this.running.size !== before) this.settings.onActivity?.(this.running.size);
  }

  private checkDone(): void {
    if (this.records.size === this.runs.length) this.finished?.();
  }
}
