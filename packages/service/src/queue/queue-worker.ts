/**
 * The worker's side of the job protocol (protocol.ts): a BullMQ Worker whose processor hands
 * each solve to the solve pool's threads (pool.ts), so that the event loop stays free for
 * BullMQ's lock renewal, progress reports and cancels during a solve of minutes. Run by
 * `rotamatch worker` and by `rotamatch sweep --redis --workers N`.
 *
 * - Progress (objective, bound, gap) goes to BullMQ's job progress at most every
 *   PROGRESS_INTERVAL_MS; the best plan so far, when a better one came, to the job's `:best`
 *   key at the same pace (not into the progress: BullMQ copies every progress report into its
 *   event stream, and a plan of a national cohort is hundreds of kB).
 * - A job of another operation than a solve (protocol.ts: a re-plan, a what-if, an
 *   explanation) runs the same way on the same threads, with the check of its shape; a
 *   re-plan's finished stages go into its progress as they come. Its answer is its synchronous
 *   route's (jobs.ts `outcomeOf`).
 * - A cancel (solve-queue.ts `cancel`) reaches every worker on the cancel channel; the one that
 *   runs the job aborts it through BullMQ's `worker.cancelJob`, and the job completes as
 *   `cancelled` with its best plan. A job cancelled before any worker took it ends at once.
 * - `close()` (SIGTERM) stops taking jobs and gives those running `graceMs` to finish; then
 *   it hands each back to the queue (`moveToWait`), where another worker starts it again.
 * - A worker that dies (SIGKILL, a lost machine) stops renewing its locks: BullMQ's stalled
 *   check moves its jobs back to the queue after `lockDurationMs`, and another worker runs them.
 */
import type { Plan } from "@rotamatch/core";
import { Worker, WaitingError, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "../app.js";
import { MAX_JOB_ISSUES, outcomeOf, stageOf, type JobStage } from "../jobs.js";
import { shapeOfOperation } from "../job-operation.js";
import { listCaps } from "../limits.js";
import { createSolvePool, type SolvePool } from "../pool.js";
import { makeProblem } from "../problem.js";
import { workerProblem } from "../worker-errors.js";
import {
  CANCEL_CHANNEL,
  JOB_NAME,
  QUEUE_NAME,
  QUEUE_PREFIX,
  BEST_TTL_MS,
  bestKey,
  cancelKey,
  gapOf,
  inputKey,
  type JobResult,
  type SolveJobData,
  type SolveJobProgress,
} from "./protocol.js";
import { connectionOptions, ROTAMATCH_VERSION } from "./solve-queue.js";
import { describeRedis, parseRedisUrl, type RedisConnection } from "./redis-url.js";

/** Least ms between two progress reports of a job. */
export const PROGRESS_INTERVAL_MS = 1_000;

export interface QueueWorkerOptions {
  /** `redis://HOST:PORT[/DB]` or parsed connection options. */
  readonly redis: string | RedisConnection;
  /** Jobs run at once, each on a solve thread of its own (default 1). */
  readonly concurrency?: number;
  /** Most heap of each solve thread in MiB (default 512, as the service's). */
  readonly heapMb?: number;
  /** Extra ms after a job's time limit before its thread is ended (default 5 000). */
  readonly hardLimitMarginMs?: number;
  /** Ms that running jobs get to finish on close() before they are handed back (default 10 000). */
  readonly graceMs?: number;
  /** BullMQ's lock duration: how long a dead worker's job waits before another takes it (default 30 000). */
  readonly lockDurationMs?: number;
  /** BullMQ's stalled-job check interval (default 30 000). */
  readonly stalledIntervalMs?: number;
  /** Where jobs' starts, ends and failures are logged (never a cohort or a plan). */
  readonly logger?: Logger;
  /** The built worker module of the solve threads (default: dist/worker.js of this package). */
  readonly workerUrl?: URL;
}

export interface QueueWorker {
  /** BullMQ's worker id. */
  readonly id: string;
  /** Jobs running now. */
  running(): number;
  /** Resolves once the worker is connected and taking jobs. */
  ready(): Promise<void>;
  /** Stops taking jobs; lets running ones finish within the grace period, then hands them back. Safe to call twice. */
  close(): Promise<void>;
}

/** Why a solve was aborted: a cancel (the job ends, keeping its best plan) or a shutdown (the job goes back to the queue). */
type StopReason = "cancel" | "handback";

/**
 * Starts a worker; throws (one line, no stack) for a malformed URL. An unreachable Redis is
 * not an error here: BullMQ keeps trying, and `ready()` waits (the `worker` command checks
 * first, see cli's worker.ts).
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const connection = typeof options.redis === "string" ? parsedOrThrow(options.redis) : options.redis;
  const concurrency = options.concurrency ?? 1;
  const logger = options.logger;
  const graceMs = options.graceMs ?? 10_000;
  const pool: SolvePool = createSolvePool({
    threads: concurrency,
    queue: 0,
    hardLimitMarginMs: options.hardLimitMarginMs ?? 5_000,
    heapMb: options.heapMb ?? 512,
    maxIssues: MAX_JOB_ISSUES,
    ...(options.workerUrl === undefined ? {} : { workerUrl: options.workerUrl }),
    onPoolError: (error) => logger?.error({ msg: "worker thread failed", error: error instanceof Error ? error.name : typeof error }),
  });
  const stops = new Map<string, AbortController>();
  const reasons = new Map<string, StopReason>();
  let closing: Promise<void> | null = null;
  /** Set once close()'s grace is over: a job that starts after it (taken just before close) goes back too. */
  let handingBack = false;

  const stop = (jobId: string, reason: StopReason): void => {
    const controller = stops.get(jobId);
    if (controller === undefined || controller.signal.aborted) return;
    reasons.set(jobId, reason);
    controller.abort(reason);
  };

  const commands = new Redis(connectionOptions(connection, { maxRetriesPerRequest: null }));
  commands.on("error", () => undefined); // the worker's own "error" events say it once
  const subscriber = new Redis(connectionOptions(connection, { maxRetriesPerRequest: null }));
  subscriber.on("error", () => undefined);
  void subscriber.subscribe(CANCEL_CHANNEL).catch(() => undefined);
  subscriber.on("message", (channel: string, jobId: string) => {
    if (channel !== CANCEL_CHANNEL) return;
    stop(jobId, "cancel");
    // BullMQ's own cancel too, so that its signal says so to anything else listening.
    worker.cancelJob(jobId, "cancelled");
  });

  /** The best plan reported before (by a worker that handed the job back, or before this one's first report). */
  const bestOf = async (jobId: string): Promise<Plan | null> => {
    const text = await commands.get(bestKey(jobId)).catch(() => null);
    if (text === null) return null;
    try {
      return JSON.parse(text) as Plan;
    } catch {
      return null;
    }
  };

  const processor = async (job: Job<SolveJobData, JobResult, typeof JOB_NAME>, token?: string, signal?: AbortSignal): Promise<JobResult> => {
    const jobId = job.id ?? "";
    const data = job.data;
    if ((await commands.exists(cancelKey(jobId))) > 0) return { outcome: "cancelled", plan: await bestOf(jobId) };
    const input = await commands.getBuffer(inputKey(jobId));
    if (input === null) {
      return { outcome: "failed", problem: makeProblem("internal-error", "The job's cohort is no longer in Redis (it expired before a worker took the job).") };
    }
    const controller = new AbortController();
    stops.set(jobId, controller);
    // A cancel that came while the job was being read found no controller to abort. BullMQ's
    // signal may already be aborted (an abort listener added then never runs), and the cancel
    // key says so too: both are checked once the controller is in place, so no cancel is lost.
    if (signal?.aborted === true) stop(jobId, "cancel");
    else signal?.addEventListener("abort", () => stop(jobId, "cancel"), { once: true });
    if (handingBack) stop(jobId, "handback");
    if ((await commands.exists(cancelKey(jobId)).catch(() => 0)) > 0) stop(jobId, "cancel");
    const started = Date.now();
    logger?.info({ msg: "job started", job: jobId, attempt: job.attemptsStarted, version: data.version });
    let best: Plan | null = null;
    let pendingPlan: Plan | undefined;
    let lastReport = -Infinity;
    let last: SolveJobProgress = { elapsedMs: 0, objective: null, bound: null, gap: null };
    const stages: JobStage[] = [];
    let reporting: Promise<unknown> = Promise.resolve();
    const report = (force: boolean): void => {
      const now = performance.now();
      if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = now;
      const progress = last;
      const plan = pendingPlan;
      pendingPlan = undefined;
      reporting = reporting.then(async () => {
        if (plan !== undefined) await commands.set(bestKey(jobId), JSON.stringify(plan), "PX", BEST_TTL_MS).catch(() => undefined);
        await job.updateProgress(progress as unknown as object).catch(() => undefined);
      });
    };
    try {
      // A copy into an ArrayBuffer of its own, moved to the solve thread (the pool's bodies are moved, not copied).
      const bytes = new Uint8Array(input).buffer;
      const operation = data.operation ?? "solve";
      const check = { shape: shapeOfOperation(operation), caps: listCaps(data.maxTrainees), trainees: { max: data.maxTrainees, limitText: "a job takes at most", advice: "" } };
      const answer = await pool.solve(
        { bytes, check },
        { timeLimitMs: data.options.timeLimitMs, ...(data.options.backend === null ? {} : { backend: data.options.backend }), diagnose: data.options.diagnose },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            if (progress.plan !== undefined) {
              best = progress.plan;
              pendingPlan = progress.plan;
            }
            last = { elapsedMs: Math.round(progress.elapsedMs), objective: progress.objective, bound: progress.bound, gap: gapOf(progress.objective, progress.bound) };
            report(false);
          },
          onStage: (progress) => {
            stages.push(stageOf(progress));
            // The cost stage's value is the objective of the plan to come, and its bound the objective's.
            const objective = progress.stage === "cost" ? progress.value : last.objective;
            const bound = progress.stage === "cost" ? progress.bound : last.bound;
            last = { elapsedMs: Math.round(progress.elapsedMs), objective, bound, gap: gapOf(objective, bound), stages: [...stages] };
            // A re-plan has at most three stages: each is reported as it comes.
            report(true);
          },
        },
      );
      const reason = reasons.get(jobId);
      if (reason === "handback" && token !== undefined) {
        report(true);
        await reporting;
        await job.moveToWait(token);
        logger?.info({ msg: "job handed back", job: jobId });
        throw new WaitingError();
      }
      if (reason === "cancel") {
        logger?.info({ msg: "job cancelled", job: jobId, ms: Date.now() - started });
        return { outcome: "cancelled", plan: best ?? (await bestOf(jobId)) };
      }
      const outcome = outcomeOf(operation, answer, best);
      if (outcome.state === "failed") return { outcome: "failed", problem: outcome.problem };
      if (outcome.answer !== null) {
        logger?.info({ msg: "job done", job: jobId, operation, status: "pins" in outcome.answer ? outcome.answer.status : "explained", ms: Date.now() - started });
        return { outcome: "answered", answer: outcome.answer };
      }
      const plan = outcome.plan;
      if (plan === null) return { outcome: "failed", problem: makeProblem("internal-error", "The job ended without an answer; its worker logged why.") };
      logger?.info({ msg: "job done", job: jobId, ...(operation === "solve" ? {} : { operation }), status: plan.status, ms: Date.now() - started });
      return operation === "replan" ? { outcome: "done", plan, warnings: outcome.warnings } : { outcome: "done", plan };
    } catch (error) {
      if (error instanceof WaitingError) throw error;
      const problem = workerProblem(error);
      if (problem !== null) return { outcome: "failed", problem };
      logger?.error({ msg: "job failed", job: jobId, error: error instanceof Error ? error.name : typeof error });
      throw error;
    } finally {
      const handedBack = reasons.get(jobId) === "handback";
      stops.delete(jobId);
      reasons.delete(jobId);
      await reporting;
      // The cohort and the best plan are needed again only by a job handed back; the result carries the plan.
      if (!handedBack) void commands.del(inputKey(jobId), bestKey(jobId)).catch(() => undefined);
    }
  };

  const worker = new Worker<SolveJobData, JobResult, typeof JOB_NAME>(QUEUE_NAME, processor, {
    prefix: QUEUE_PREFIX,
    connection: connectionOptions(connection, { maxRetriesPerRequest: null }),
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // A job whose worker died is run again once more, then failed: a cohort that kills its
    // worker every time must not take down the whole fleet in turn.
    maxStalledCount: 2,
    autorun: true,
  });
  let errorLogged = false;
  worker.on("error", (error: Error) => {
    if (errorLogged) return;
    errorLogged = true;
    logger?.error({ msg: "redis error", redis: describeRedis(connection), error: error.name, detail: error.message.split("\n")[0] ?? "" });
  });
  worker.on("ready", () => {
    errorLogged = false;
  });
  logger?.info({ msg: "worker started", redis: describeRedis(connection), concurrency, version: ROTAMATCH_VERSION });

  return {
    id: worker.id,
    running: () => stops.size,
    ready: () => worker.waitUntilReady().then(() => undefined),
    close() {
      closing ??= (async () => {
        const closed = worker.close();
        const timer = setTimeout(() => {
          handingBack = true;
          for (const jobId of stops.keys()) stop(jobId, "handback");
        }, graceMs);
        await closed.catch(() => undefined);
        clearTimeout(timer);
        await Promise.all([pool.destroy(), subscriber.quit().catch(() => undefined), commands.quit().catch(() => undefined)]);
      })();
      return closing;
    },
  };
}


function parsedOrThrow(url: string): RedisConnection {
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.connection;
}
