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
 */
import type { Plan, SolveOptions, SolveProgress, SolveResult } from "@rotamatch/core";
import { makeProblem, type Problem } from "./problem.js";

export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

/** What a running solve tells its job. */
export interface SolveWatch {
  /** The solve has started on a worker (the job is no longer queued). */
  readonly onStart?: () => void;
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Aborting it ends the solve (its worker is ended; the answer is then a `timedout` plan). */
  readonly signal?: AbortSignal;
}

/** Runs one job's solve off the event loop; rejects with PoolFullError when it cannot be taken. */
export type JobRunner = (cohortJson: unknown, options: SolveOptions, watch: SolveWatch) => Promise<SolveResult>;

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
}

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

export interface JobStore {
  /** Starts a job; null when the job pool cannot take another now (answered 503). */
  submit(cohortJson: unknown, owner: string | null): JobView | null;
  /** The job, if it exists and belongs to `owner`. */
  get(id: string, owner: string | null): JobView | undefined;
  /** Cancels a queued or running job, keeping its best plan; a finished job is left as it is. */
  cancel(id: string, owner: string | null): JobView | undefined;
  /** Jobs queued or running. */
  active(): number;
}

const FINISHED: ReadonlySet<JobState> = new Set(["done", "failed", "cancelled"]);

export function createJobStore(options: JobStoreOptions): JobStore {
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

  const start = (job: Job, cohortJson: unknown): void => {
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
    options.run(cohortJson, { timeLimitMs: options.timeLimitMs }, watch).then(
      (result) => {
        if (FINISHED.has(job.state)) return; // cancelled meanwhile: keep what it had
        job.startedAt ??= job.createdAt;
        if (!result.ok) {
          job.plan = null;
          job.problem = makeProblem("invalid-cohort", describeIssueCount(result.issues.length), { issues: result.issues });
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
      () => {
        if (FINISHED.has(job.state)) return;
        job.plan = null;
        job.problem = makeProblem("internal-error", "The solve of this job failed; it has been logged.");
        finish(job, "failed");
      },
    );
  };

  return {
    submit(cohortJson, owner) {
      forgetExpired();
      if (!options.canAccept() || !makeRoom()) return null;
      const job: Job = {
        id: crypto.randomUUID(),
        owner,
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
      start(job, cohortJson);
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
    active: () => [...jobs.values()].filter((job) => !FINISHED.has(job.state)).length,
  };
}

/**
 * The final answer, unless the worker had to be ended at the hard limit before it could
 * answer (a `timedout` plan without assignments) while a plan had already been reported:
 * that plan is then the job's answer.
 */
function keepBetter(final: Plan, best: Plan | null): Plan {
  if (final.status === "timedout" && best !== null) return best;
  return final;
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

function gapOf(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null) return null;
  return Math.max(0, objective - bound) / Math.max(1, Math.abs(objective));
}

export function describeIssueCount(n: number): string {
  return n === 1 ? "The cohort has 1 issue; see issues." : `The cohort has ${n} issues; see issues.`;
}
