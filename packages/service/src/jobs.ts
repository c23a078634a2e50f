/**
 * Jobs: solves that run longer than a request, for big networks. A job is submitted, then
 * polled; it reports its progress and the best plan found so far with its bound, and can be
 * cancelled, keeping that plan. A job's `operation` says what it runs (job-operation.ts): a
 * solve, or a re-plan, a what-if or an explanation, each answered as its synchronous route
 * answers (`outcomeOf`): a re-plan reports its stages as it goes and keeps no plan when
 * cancelled (the core returns none before its last stage); a what-if and an explanation report
 * nothing until they answer.
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
import type { Explanation, Issue, Plan, ReplanProgress, ReplanWarning, SolveOptions, SolveProgress, SolveResult, WhatIfAnswer } from "@rotamatch/core";
import type { Logger } from "./app.js";
import { operationOfCheck, type JobOperation } from "./job-operation.js";
import { MAX_LISTED_ISSUES, isRefused, listIssues, type JsonBody, type RefusedBody } from "./limits.js";
import { makeProblem, type Problem } from "./problem.js";
import { endedPlan, invalidProblem, isChangeAnswer, type ChangeAnswer } from "./replan.js";
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
  /** A re-plan finished one of its stages (fill, changes, cost). */
  readonly onStage?: (progress: ReplanProgress) => void;
  /** Aborting it ends the solve (its worker is ended; the answer is then a `timedout` plan). */
  readonly signal?: AbortSignal;
}

/**
 * Runs one job's solve off the event loop: parses and checks the body (the route checked it
 * once already, see app.ts), then does what its check's shape names (solves a cohort, or
 * re-plans, asks a what-if or explains: a ChangeAnswer); rejects with PoolFullError when it
 * cannot be taken. A change whose worker the pool ended answers a `timedout` solve result.
 */
export type JobRunner = (body: JsonBody, options: SolveOptions, watch: SolveWatch) => Promise<SolveResult | ChangeAnswer | RefusedBody>;

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
  readonly operation: JobOperation;
  readonly state: JobState;
  /** Hex SHA-256 of the body's bytes as sent (the cohort's JSON, or the re-plan's, what-if's or explanation's request). */
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

/** A finished stage of a re-plan job, as the core reported it (replanCohort's `onProgress`). */
export interface JobStage {
  readonly stage: ReplanProgress["stage"];
  readonly status: ReplanProgress["status"];
  /** The stage's value: filled roles, changed roles, or the objective. */
  readonly value: number | null;
  /** A proven bound on that value. */
  readonly bound: number | null;
  /** Milliseconds from the start of the re-plan to the end of the stage. */
  readonly elapsedMs: number;
}

/** The answer of a what-if or an explanation job. */
export type JobAnswer = WhatIfAnswer | Explanation;

/** A job as the API shows it (`GET /v1/jobs/{id}`). */
export interface JobView {
  readonly id: string;
  /** What it runs: `solve`, `replan`, `whatif` or `explain`. */
  readonly operation: JobOperation;
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
    /** A re-plan job's finished stages, in order (only on re-plan jobs). */
    readonly stages?: readonly JobStage[];
  };
  /**
   * While running or after a cancel: the best plan so far (status `feasible`), or null. When
   * done: the final plan (any status); for a re-plan, the re-planned plan with its `changes`.
   * Null when failed, and always for a what-if or an explanation (their plan is in `answer`).
   */
  readonly plan: Plan | null;
  /** A re-plan job's warnings, as `/v1/replan` gives them in `Rotamatch-Warnings` (only on re-plan jobs; [] until done). */
  readonly warnings?: readonly ReplanWarning[];
  /** A what-if or explanation job's answer when done, else null (only on those jobs). */
  readonly answer?: JobAnswer | null;
  /** Why a failed job failed (the same problem the synchronous route would answer). */
  readonly problem: Problem | null;
}

/**
 * How a job's run ended, as both stores keep it: done with a plan (a solve, a re-plan) or an
 * answer (a what-if, an explanation), or failed with the problem the synchronous route gives.
 */
export type JobOutcome =
  | { readonly state: "done"; readonly plan: Plan | null; readonly warnings: readonly ReplanWarning[]; readonly answer: JobAnswer | null }
  | { readonly state: "failed"; readonly problem: Problem };

interface Job {
  readonly id: string;
  readonly operation: JobOperation;
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
  stages: JobStage[];
  warnings: readonly ReplanWarning[];
  answer: JobAnswer | null;
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
      onStage: (progress) => {
        if (FINISHED.has(job.state)) return;
        job.elapsedMs = progress.elapsedMs;
        job.stages.push(stageOf(progress));
        // The cost stage's value is the objective of the plan to come, and its bound the objective's.
        if (progress.stage === "cost") {
          job.objective = progress.value;
          job.bound = progress.bound;
        }
      },
    };
    options.run(body, { timeLimitMs: options.timeLimitMs }, watch).then(
      (result) => {
        if (FINISHED.has(job.state)) return; // cancelled meanwhile: keep what it had
        job.startedAt ??= job.createdAt;
        const outcome = outcomeOf(job.operation, result, job.plan);
        if (outcome.state === "failed") {
          job.plan = null;
          job.problem = outcome.problem;
          finish(job, "failed");
          return;
        }
        job.plan = outcome.plan;
        job.warnings = outcome.warnings;
        job.answer = outcome.answer;
        const figures = figuresOf(outcome);
        job.objective = figures.objective;
        job.bound = figures.bound;
        // A what-if or an explanation reports no time of its own: its run, as this store saw it.
        job.elapsedMs = figures.elapsedMs ?? (outcome.answer === null ? job.elapsedMs : clock() - job.startedAt);
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
        operation: operationOfCheck(body.check),
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
        stages: [],
        warnings: [],
        answer: null,
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

/**
 * How a job's run ended, from what its runner answered: the answer of the synchronous route
 * for its operation. A solve: the plan (the best reported, when the worker was ended at the
 * hard limit), or the 422 `invalid-cohort` problem. A re-plan, a what-if, an explanation: the
 * core's answer, or the 422 problem `/v1/replan` and the others give (invalid-cohort,
 * invalid-plan or invalid-input). A change whose worker the pool ended past its time limit: a
 * re-plan is done with a `timedout` plan and no changes, a what-if or an explanation failed
 * with 503 `work-timed-out`, as their routes answer. A body refused by the worker: its problem.
 */
export function outcomeOf(operation: JobOperation, answer: SolveResult | ChangeAnswer | RefusedBody, best: Plan | null): JobOutcome {
  if (isRefused(answer)) return { state: "failed", problem: answer.refused };
  const done = (plan: Plan | null, warnings: readonly ReplanWarning[] = [], result: JobAnswer | null = null): JobOutcome => ({ state: "done", plan, warnings, answer: result });
  if (isChangeAnswer(answer)) {
    const { result } = answer;
    if (!result.ok) return { state: "failed", problem: invalidProblem(result.issues, answer.issueCount) };
    switch (answer.operation) {
      case "replan":
        return done(answer.result.plan as Plan, answer.result.warnings);
      case "whatif":
        return done(null, [], answer.result.answer);
      case "explain":
        return done(null, [], answer.result.explanation);
    }
  }
  if (operation !== "solve") {
    if (answer.ok && answer.plan.status === "timedout") {
      if (operation === "replan") return done(endedPlan() as Plan);
      return { state: "failed", problem: makeProblem("work-timed-out", "The solve took longer than its time limit allows and was stopped; try again with a smaller cohort, or one trainee.") };
    }
    return { state: "failed", problem: makeProblem("internal-error", "The solve of this job failed; it has been logged.") };
  }
  if (!answer.ok) return { state: "failed", problem: invalidCohortProblem(answer.issues, issueCountOf(answer)) };
  return done(keepBetter(answer.plan, best));
}

/** The objective, bound and run time a done job shows (a what-if's objective; an explanation's plan's). */
export function figuresOf(outcome: Extract<JobOutcome, { state: "done" }>): { objective: number | null; bound: number | null; elapsedMs: number | null } {
  if (outcome.plan !== null) return { objective: outcome.plan.objective, bound: outcome.plan.bound, elapsedMs: outcome.plan.stats?.totalMs ?? null };
  const answer = outcome.answer;
  if (answer === null) return { objective: null, bound: null, elapsedMs: null };
  if ("pins" in answer) return { objective: answer.objective, bound: answer.plan?.bound ?? null, elapsedMs: null };
  return { objective: answer.objective, bound: null, elapsedMs: null };
}

/** A stage as a job shows it. */
export function stageOf(progress: ReplanProgress): JobStage {
  return { stage: progress.stage, status: progress.status, value: progress.value, bound: progress.bound, elapsedMs: Math.round(progress.elapsedMs) };
}

/**
 * The fields a job's view has for its operation only: a re-plan's stages and warnings, a
 * what-if's or explanation's answer. A solve job's view has none of them, as before there
 * were other operations.
 */
export function operationFields(
  operation: JobOperation,
  stages: readonly JobStage[],
  warnings: readonly ReplanWarning[],
  answer: JobAnswer | null,
): { progress: { stages?: readonly JobStage[] }; rest: { warnings?: readonly ReplanWarning[]; answer?: JobAnswer | null } } {
  if (operation === "replan") return { progress: { stages }, rest: { warnings } };
  if (operation === "solve") return { progress: {}, rest: {} };
  return { progress: {}, rest: { answer } };
}

/** A job's line in the run history, from its view. */
export function summaryOf(view: JobView, inputHash: string, timeLimitMs: number, version: string = ROTAMATCH_VERSION): JobSummary {
  return {
    id: view.id,
    operation: view.operation,
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
  const own = operationFields(job.operation, [...job.stages], job.warnings, job.answer);
  return {
    id: job.id,
    operation: job.operation,
    state: job.state,
    createdAt: new Date(job.createdAt).toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    expiresAt: iso(job.finishedAt === null ? null : job.finishedAt + ttlMs),
    progress: { elapsedMs: Math.round(job.elapsedMs), objective: job.objective, bound: job.bound, gap: gapOf(job.objective, job.bound), ...own.progress },
    plan: job.plan,
    ...own.rest,
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
