/**
 * Jobs: solves that run longer than a request, for big networks. A job is submitted, then
 * polled; it reports its progress and the best plan found so far with its bound, and can be
 * cancelled, keeping that plan.
 *
 *     queued ──▶ running ──▶ done        (the final plan: optimal, feasible, infeasible or timedout)
 *        │          ├──────▶ failed      (the cohort is invalid, or the solve itself failed)
 *        └──────────┴──────▶ cancelled   (DELETE: the best plan so far, if any)
 *
 * Jobs live in memory, in this process: a restart forgets them. A finished job expires `ttlMs`
 * after it finished; at most `maxStored` jobs are kept, the oldest finished one giving way
 * first. A job is visible only to the token that submitted it (owner null: authentication
 * is off, and anyone with the job's unguessable id sees it). Nothing here touches Node.
 *
 * A failed job keeps a bounded problem (at most MAX_JOB_ISSUES issues, the rest counted), so
 * that every GET of it is small and fast for the whole of its TTL. A job whose solve failed
 * for any other reason than the cohort is logged with the request id of its POST (never the
 * body, the cohort or the job's id).
 */
import type { Issue, Plan, SolveOptions, SolveProgress, SolveResult } from "@rotamatch/core";
import type { Logger } from "./app.js";
import { MAX_LISTED_ISSUES, isRefused, listIssues, type JsonBody, type RefusedBody } from "./limits.js";
import { makeProblem, type Problem } from "./problem.js";
import { workerProblem } from "./worker-errors.js";
import { ROTAMATCH_VERSION } from "./queue/version.js";

/** Most issues a failed job's problem lists (as every response); the rest are counted in its detail. */
export const MAX_JOB_ISSUES = MAX_LISTED_ISSUES;

export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

/** What a running solve tells its job. */
export interface SolveWatch {
  /** The solve has started on a worker (the job is no longer queued). */
  readonly onStart?: () => void;
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Aborting it ends the solve (its worker is ended; the answer is then a `timedout` plan). */
  readonly signal?: AbortSignal;
}

/**
 * Runs one job's solve off the event loop: parses and checks the body (the route checked it
 * once already, see app.ts), then solves; rejects with PoolFullError when it cannot be taken.
 */
export type JobRunner = (body: JsonBody, options: SolveOptions, watch: SolveWatch) => Promise<SolveResult | RefusedBody>;

export interface JobStoreOptions {
  readonly run: JobRunner;
  /** Whether another job would be taken now (the job pool's threads and queue). */
  readonly canAccept: () => boolean;
  /** Time limit of each job's solve, in ms. */
  readonly timeLimitMs: number;
  /** How long a finished job is kept, in ms. */
  readonly ttlMs: number;
  /** Most jobs kept at once, finished or not. */
  readonly maxStored: number;
  /** Wall clock in epoch ms (default Date.now; tests pass a fake). */
  readonly clock?: () => number;
  /** Where a failed solve is logged (default: nowhere). */
  readonly logger?: Pick<Logger, "error">;
}

/** A job in the caller's run history (`GET /v1/jobs`): what ran, on what, and how it went; no plan. */
export interface JobSummary {
  readonly id: string;
  readonly state: JobState;
  /** Hex SHA-256 of the body's bytes as sent (the cohort's JSON). */
  readonly inputHash: string;
  /** The rotamatch version that took the job. */
  readonly version: string;
  readonly options: { readonly timeLimitMs: number };
  /** Objective of the final plan, or of the best so far; null before the first. */
  readonly objective: number | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly expiresAt: string | null;
}

/** One page of the caller's jobs, newest first. */
export interface JobPage {
  readonly jobs: readonly JobSummary[];
  /** Jobs the caller has in all (kept, finished or not). */
  readonly total: number;
}

/** A value or its promise: the in-memory store answers at once, the Redis one later. */
export type Awaitable<T> = T | Promise<T>;

/** A job as the API shows it (`GET /v1/jobs/{id}`). */
export interface JobView {
  readonly id: string;
  readonly state: JobState;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** When the job will be forgotten; null while it is queued or running. */
  readonly expiresAt: string | null;
  readonly progress: {
    /** Milliseconds the solve has run (as last reported). */
    readonly elapsedMs: number;
    /** Objective of the best plan so far; null before the first. */
    readonly objective: number | null;
    /** Proven lower bound on the optimum; null when none is known yet. */
    readonly bound: number | null;
    /** (objective − bound) / max(1, |objective|); 0 when proven optimal; null without both. */
    readonly gap: number | null;
  };
  /**
   * While running or after a cancel: the best plan so far (status `feasible`), or null. When
   * done: the final plan (any status). Null when failed.
   */
  readonly plan: Plan | null;
  /** Why a failed job failed (the same problem the synchronous route would answer). */
  readonly problem: Problem | null;
}

interface Job {
  readonly id: string;
  readonly owner: string | null;
  readonly inputHash: string;
  state: JobState;
  readonly createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  elapsedMs: number;
  objective: number | null;
  bound: number | null;
  plan: Plan | null;
  problem: Problem | null;
  readonly abort: AbortController;
}

/**
 * Where jobs live: in this process's memory (createJobStore, the default) or in BullMQ on
 * Redis (redis-jobs.ts, with `--redis`). The Redis store rejects with RedisUnavailableError
 * while Redis is away (the routes answer 503).
 */
export interface JobStore {
  /**
   * Starts a job; null when the job pool cannot take another now (answered 503). `requestId`
   * (of the POST) is what a failure is logged with; `inputHash` is the body's (the route's
   * check computes it in a worker thread).
   */
  submit(body: JsonBody, owner: string | null, requestId?: string | null, inputHash?: string): Awaitable<JobView | null>;
  /** The job, if it exists and belongs to `owner`. */
  get(id: string, owner: string | null): Awaitable<JobView | undefined>;
  /** Cancels a queued or running job, keeping its best plan; a finished job is left as it is. */
  cancel(id: string, owner: string | null): Awaitable<JobView | undefined>;
  /** `owner`'s jobs, newest first: `limit` of them after the first `offset`. */
  list(owner: string | null, offset: number, limit: number): Awaitable<JobPage>;
  /** Jobs queued or running (in this process; the Redis store counts the queue's). */
  active(): Awaitable<number>;
}

/** The in-memory store: answers at once. */
export interface MemoryJobStore extends JobStore {
  submit(body: JsonBody, owner: string | null, requestId?: string | null, inputHash?: string): JobView | null;
  get(id: string, owner: string | null): JobView | undefined;
  cancel(id: string, owner: string | null): JobView | undefined;
  list(owner: string | null, offset: number, limit: number): JobPage;
  active(): number;
}

const FINISHED: ReadonlySet<JobState> = new Set(["done", "failed", "cancelled"]);

export function createJobStore(options: JobStoreOptions): MemoryJobStore {
  const clock = options.clock ?? Date.now;
  const jobs = new Map<string, Job>(); // insertion order: oldest first

  const forgetExpired = (): void => {
    const now = clock();
    for (const [id, job] of jobs) if (job.finishedAt !== null && now >= job.finishedAt + options.ttlMs) jobs.delete(id);
  };
  /** Makes room for one more job by forgetting the oldest finished ones; false when all are active. */
  const makeRoom = (): boolean => {
    for (const [id, job] of jobs) {
      if (jobs.size < options.maxStored) break;
      if (job.finishedAt !== null) jobs.delete(id);
    }
    return jobs.size < options.maxStored;
  };
  const finish = (job: Job, state: JobState): void => {
    job.state = state;
    job.finishedAt = clock();
  };
  const find = (id: string, owner: string | null): Job | undefined => {
    forgetExpired();
    const job = jobs.get(id);
    return job !== undefined && job.owner === owner ? job : undefined;
  };

  const start = (job: Job, body: JsonBody, requestId: string | null): void => {
    const watch: SolveWatch = {
      signal: job.abort.signal,
      onStart: () => {
        if (job.state !== "queued") return;
        job.state = "running";
        job.startedAt = clock();
      },
      onProgress: (progress) => {
        if (FINISHED.has(job.state)) return;
        job.elapsedMs = progress.elapsedMs;
        job.objective = progress.objective;
        job.bound = progress.bound;
        if (progress.plan !== undefined) job.plan = progress.plan;
      },
    };
    options.run(body, { timeLimitMs: options.timeLimitMs }, watch).then(
      (result) => {
        if (FINISHED.has(job.state)) return; // cancelled meanwhile: keep what it had
        job.startedAt ??= job.createdAt;
        if (isRefused(result)) {
          // The body over a cap or no JSON after all (the route checks it first): its own problem.
          job.plan = null;
          job.problem = result.refused;
          finish(job, "failed");
          return;
        }
        if (!result.ok) {
          job.plan = null;
          job.problem = invalidCohortProblem(result.issues, issueCountOf(result));
          finish(job, "failed");
          return;
        }
        const plan = keepBetter(result.plan, job.plan);
        job.plan = plan;
        job.objective = plan.objective;
        job.bound = plan.bound;
        job.elapsedMs = plan.stats?.totalMs ?? job.elapsedMs;
        finish(job, "done");
      },
      (error: unknown) => {
        if (FINISHED.has(job.state)) return;
        options.logger?.error({ msg: "job failed", requestId, ...describeError(error) });
        job.plan = null;
        job.problem = workerProblem(error) ?? makeProblem("internal-error", "The solve of this job failed; it has been logged.");
        finish(job, "failed");
      },
    );
  };

  return {
    submit(body, owner, requestId = null, inputHash = "") {
      forgetExpired();
      if (!options.canAccept() || !makeRoom()) return null;
      const job: Job = {
        id: crypto.randomUUID(),
        owner,
        inputHash,
        state: "queued",
        createdAt: clock(),
        startedAt: null,
        finishedAt: null,
        elapsedMs: 0,
        objective: null,
        bound: null,
        plan: null,
        problem: null,
        abort: new AbortController(),
      };
      jobs.set(job.id, job);
      start(job, body, requestId);
      return view(job, options.ttlMs);
    },
    get(id, owner) {
      const job = find(id, owner);
      return job === undefined ? undefined : view(job, options.ttlMs);
    },
    cancel(id, owner) {
      const job = find(id, owner);
      if (job === undefined) return undefined;
      if (!FINISHED.has(job.state)) {
        finish(job, "cancelled");
        job.abort.abort();
      }
      return view(job, options.ttlMs);
    },
    list(owner, offset, limit) {
      forgetExpired();
      const mine = [...jobs.values()].filter((job) => job.owner === owner).reverse();
      return {
        jobs: mine.slice(offset, offset + limit).map((job) => summaryOf(view(job, options.ttlMs), job.inputHash, options.timeLimitMs)),
        total: mine.length,
      };
    },
    active: () => [...jobs.values()].filter((job) => !FINISHED.has(job.state)).length,
  };
}

/**
 * The final answer, unless the worker had to be ended at the hard limit before it could
 * answer (a `timedout` plan without assignments) while a plan had already been reported:
 * that plan is then the job's answer.
 */
export function keepBetter(final: Plan, best: Plan | null): Plan {
  if (final.status === "timedout" && best !== null) return best;
  return final;
}

/** A job's line in the run history, from its view. */
export function summaryOf(view: JobView, inputHash: string, timeLimitMs: number, version: string = ROTAMATCH_VERSION): JobSummary {
  return {
    id: view.id,
    state: view.state,
    inputHash,
    version,
    options: { timeLimitMs },
    objective: view.plan?.objective ?? view.progress.objective,
    createdAt: view.createdAt,
    startedAt: view.startedAt,
    finishedAt: view.finishedAt,
    expiresAt: view.expiresAt,
  };
}

function view(job: Job, ttlMs: number): JobView {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: job.id,
    state: job.state,
    createdAt: new Date(job.createdAt).toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    expiresAt: iso(job.finishedAt === null ? null : job.finishedAt + ttlMs),
    progress: { elapsedMs: Math.round(job.elapsedMs), objective: job.objective, bound: job.bound, gap: gapOf(job.objective, job.bound) },
    plan: job.plan,
    problem: job.problem,
  };
}


/**
 * The problem of a job whose cohort is invalid: its first MAX_JOB_ISSUES issues, and how many
 * more. `total` is the count when the worker already cut the list (the job pool's `maxIssues`).
 */
export function invalidCohortProblem(issues: readonly Issue[], total = issues.length): Problem {
  const listed = listIssues(issues, MAX_JOB_ISSUES);
  const more = total - listed.issues.length;
  // The words of listIssues's note, for the count the worker gave.
  const note = more > 0 ? ` The first ${listed.issues.length} are listed, and ${more.toLocaleString("en-US")} more.` : "";
  return makeProblem("invalid-cohort", describeIssueCount(total) + note, { issues: listed.issues });
}

/** How many issues a worker found when it sent back only the first ones (PooledSolveResult). */
function issueCountOf(result: SolveResult): number | undefined {
  const count = (result as { issueCount?: unknown }).issueCount;
  return typeof count === "number" ? count : undefined;
}

/**
 * What is logged of a failed solve: the error's name and code and where it was thrown, never
 * its message, which might quote the cohort.
 */
function describeError(error: unknown): { error: string; code: string | null; where: string | null } {
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const frame = stack.split("\n").find((line) => line.trim().startsWith("at "));
  return { error: name, code: typeof code === "string" ? code : null, where: frame === undefined ? null : frame.trim().slice(0, 200) };
}

export function gapOf(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null) return null;
  return Math.max(0, objective - bound) / Math.max(1, Math.abs(objective));
}

export function describeIssueCount(n: number): string {
  return n === 1 ? "The cohort has 1 issue; see issues." : `The cohort has ${n} issues; see issues.`;
}
