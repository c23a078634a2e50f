/**
 * Jobs in BullMQ on Redis (`--redis`): the JobStore of jobs.ts over the job protocol
 * (queue/protocol.ts), so that any instance of the service can read, poll and cancel a job
 * that another took, and a restart forgets nothing. The solves run on `rotamatch worker`
 * processes (queue/queue-worker.ts), anywhere.
 *
 * The views are the in-memory store's, mapped from BullMQ's states: waiting (or delayed,
 * prioritized) is `queued`, active is `running`, completed is `done`, `failed` or `cancelled`
 * by its return value, and failed (the worker threw, or died more often than BullMQ allows)
 * is `failed` with an `internal-error` problem. A cancel answers `cancelled` at once with the
 * best plan so far, as in memory; the worker's own answer follows and keeps that plan.
 *
 * A job's operation is in its data (absent: a solve, as every job enqueued before there were
 * others); a re-plan's stages come in its progress, its warnings with its plan, and a what-if's
 * or explanation's answer as a result of its own (protocol.ts `AnsweredJobResult`).
 *
 * A finished job is kept `ttlMs` and at most `maxStored` of them (BullMQ's removeOnComplete
 * and removeOnFail); one past its TTL is not shown even before BullMQ removes it. Every call
 * rejects with RedisUnavailableError while Redis is away (the routes answer 503).
 */
import type { Plan, ReplanWarning } from "@rotamatch/core";
import type { JobPage, JobState, JobStore, JobSummary, JobView } from "./jobs.js";
import { figuresOf, gapOf, operationFields, summaryOf } from "./jobs.js";
import { operationOfCheck } from "./job-operation.js";
import { makeProblem } from "./problem.js";
import type { SolveJobRecord, SolveQueue } from "./queue/solve-queue.js";

export interface RedisJobStoreOptions {
  readonly queue: SolveQueue;
  /** Time limit of each job's solve, in ms. */
  readonly timeLimitMs: number;
  /** How long a finished job is kept, in ms. */
  readonly ttlMs: number;
  /** Most jobs waiting or running at once; one more is refused (answered 503). */
  readonly maxStored: number;
  /** Largest cohort a worker takes, in trainees (the route checked it already). */
  readonly maxTrainees: number;
  /** Wall clock in epoch ms (default Date.now). */
  readonly clock?: () => number;
}

export function createRedisJobStore(options: RedisJobStoreOptions): JobStore {
  const { queue, ttlMs } = options;
  const clock = options.clock ?? Date.now;

  /** The record as the API shows it; undefined when it is not `owner`'s or has expired. */
  const viewOf = async (record: SolveJobRecord | null, owner: string | null): Promise<JobView | undefined> => {
    if (record === null || record.data.tokenId !== owner) return undefined;
    if (record.finishedAt !== null && clock() >= record.finishedAt + ttlMs) return undefined;
    const state = stateOf(record);
    const running = state === "running" || (state === "cancelled" && record.finishedAt === null);
    const best = running ? await queue.bestPlan(record.id) : null;
    return toView(record, state, best, ttlMs, clock);
  };

  return {
    async submit(body, owner, _requestId = null, inputHash) {
      if ((await queue.activeCount()) >= options.maxStored) return null;
      const operation = operationOfCheck(body.check);
      const { jobId } = await queue.enqueue({
        cohortJson: new Uint8Array(body.bytes),
        ...(operation === "solve" ? {} : { operation }),
        options: { timeLimitMs: options.timeLimitMs, backend: null, diagnose: true },
        tokenId: owner,
        maxTrainees: options.maxTrainees,
        ...(inputHash === undefined || inputHash === "" ? {} : { inputHash }),
      });
      return (await viewOf(await queue.read(jobId), owner)) ?? null;
    },
    async get(id, owner) {
      if (!isJobId(id)) return undefined;
      return viewOf(await queue.read(id), owner);
    },
    async cancel(id, owner) {
      if (!isJobId(id)) return undefined;
      const record = await queue.read(id);
      const view = await viewOf(record, owner);
      if (view === undefined || record === null) return undefined;
      if (record.finishedAt !== null) return view;
      await queue.cancel(id);
      return viewOf({ ...record, cancelRequested: true }, owner);
    },
    async list(owner, offset, limit): Promise<JobPage> {
      const { ids, total } = await queue.list(owner, offset, limit);
      const jobs: JobSummary[] = [];
      for (const id of ids) {
        const record = await queue.read(id);
        const view = await viewOf(record, owner);
        if (view === undefined || record === null) continue; // expired or removed: the list forgets it lazily
        jobs.push(summaryOf(view, record.data.inputHash, record.data.options.timeLimitMs, record.data.version));
      }
      return { jobs, total };
    },
    active: () => queue.activeCount(),
  };
}

/** Ids the store hands out: UUIDs, or a sweep's `s-` hashes; anything else is no job (and never reaches Redis). */
function isJobId(id: string): boolean {
  return /^[A-Za-z0-9-]{1,64}$/.test(id);
}

function stateOf(record: SolveJobRecord): JobState {
  if (record.state === "completed") {
    const outcome = record.answer !== null ? "done" : (record.result?.outcome ?? "failed");
    // A cancel is asked only of a job not yet finished, and its DELETE answered "cancelled": a
    // worker that finished in the meantime (before the cancel reached it) does not undo that.
    return outcome === "done" && record.cancelRequested ? "cancelled" : outcome;
  }
  if (record.state === "failed") return "failed";
  if (record.cancelRequested) return "cancelled";
  return record.state === "active" ? "running" : "queued";
}

function toView(record: SolveJobRecord, state: JobState, best: Plan | null, ttlMs: number, clock: () => number): JobView {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  const result = record.result;
  const progress = record.progress;
  const operation = record.data.operation ?? "solve";
  let plan: Plan | null = best;
  let problem = null;
  let warnings: readonly ReplanWarning[] = [];
  if (record.state === "completed" && result !== null) {
    plan = result.outcome === "failed" ? null : result.plan;
    problem = result.outcome === "failed" ? result.problem : null;
    if (result.outcome === "done") warnings = result.warnings ?? [];
  } else if (record.state === "completed" && record.answer !== null) {
    plan = null;
  } else if (record.state === "failed") {
    plan = null;
    problem = makeProblem("internal-error", "The solve of this job failed; its worker logged why.");
  }
  // Cancelled but not yet answered by its worker: it ends now, as far as the client is concerned.
  const finishedAt = record.finishedAt ?? (state === "cancelled" ? clock() : null);
  const answer = record.state === "completed" ? record.answer : null;
  const figures = answer === null ? null : figuresOf({ state: "done", plan: null, warnings: [], answer });
  const objective = plan?.objective ?? figures?.objective ?? progress?.objective ?? null;
  const bound = plan?.bound ?? figures?.bound ?? progress?.bound ?? null;
  // A what-if or an explanation reports no time of its own: its run, as BullMQ timed it.
  const answeredMs = answer !== null && record.startedAt !== null && record.finishedAt !== null ? record.finishedAt - record.startedAt : null;
  const own = operationFields(operation, progress?.stages ?? [], warnings, answer);
  return {
    id: record.id,
    operation,
    state,
    createdAt: new Date(record.createdAt).toISOString(),
    startedAt: iso(record.startedAt ?? (record.finishedAt === null ? null : record.finishedAt)),
    finishedAt: iso(finishedAt),
    expiresAt: iso(finishedAt === null ? null : finishedAt + ttlMs),
    progress: {
      elapsedMs: Math.round(plan?.stats?.totalMs ?? answeredMs ?? progress?.elapsedMs ?? 0),
      objective,
      bound,
      gap: gapOf(objective, bound),
      ...own.progress,
    },
    plan,
    ...own.rest,
    problem,
  };
}
