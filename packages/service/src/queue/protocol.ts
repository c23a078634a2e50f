/**
 * The job protocol between whoever enqueues solves (the service's job routes, `rotamatch
 * sweep --redis`) and whoever runs them (`rotamatch worker`, a sweep's local workers): one
 * BullMQ queue, one job name, and the shapes of a job's data, progress and return value.
 * Every process that speaks it must agree on these, so they live here and nowhere else.
 *
 * A job is a solve unless its data names another `operation` (`replan`, `whatif`, `explain`:
 * job-operation.ts), whose body is then the synchronous route's (a `rotamatch.replan/v1`
 * document, `{cohort, plan, pins}`, `{cohort, plan, trainee?, lang?}`). Data without one, as
 * every job enqueued before there were other operations, is a solve as it always was. A
 * worker older than the operations takes any job as a solve: upgrade workers before the
 * instances that enqueue the other operations (docs/service.md).
 *
 * Keys (prefix `rotamatch`, queue `solves`):
 * - `rotamatch:solves:<id>` and BullMQ's other keys: the job itself;
 * - `rotamatch:solves:<id>:input`: the cohort's (or the request's) JSON bytes, apart from the job's data, so that
 *   neither BullMQ nor a poll ever parses or copies them on an event loop (the worker hands
 *   the bytes to a solve thread as they are);
 * - `rotamatch:solves:<id>:best`: the best plan so far of a running job (JSON), kept out of the
 *   job's progress because BullMQ copies each progress report into its event stream;
 * - `rotamatch:solves:<id>:cancel`: set by a cancel, so that a job cancelled before a worker
 *   took it ends at once when one does;
 * - `rotamatch:solves:owner:<tokenId or ->`: a sorted set of the owner's job ids by submit
 *   time (GET /v1/jobs);
 * - channel `rotamatch:solves:cancel`: cancels, published to every worker, so that the one
 *   running the job aborts it wherever it runs.
 */
import type { Backend, Plan, ReplanWarning } from "@rotamatch/core";
import { createHash } from "node:crypto";
import type { JobAnswer, JobStage } from "../jobs.js";
import type { JobOperation } from "../job-operation.js";
import type { Problem } from "../problem.js";

/** BullMQ's key prefix for every rotamatch queue. */
export const QUEUE_PREFIX = "rotamatch";
/** The queue of solves. */
export const QUEUE_NAME = "solves";
/** The one job name on the queue. */
export const JOB_NAME = "solve";

/** The solve's options, as a job carries them (all set, so that the input hash is well defined). */
export interface SolveJobOptions {
  readonly timeLimitMs: number;
  /** The core's backend ("auto", "jslp", "network"), or null for the core's default. */
  readonly backend: Backend | null;
  /** Whether an infeasible cohort is explained (the core's default is true). */
  readonly diagnose: boolean;
}

/** A job's data. The cohort itself is apart, under the job's `:input` key (see above). */
export interface SolveJobData {
  readonly options: SolveJobOptions;
  /** The id of the token that submitted it (auth.ts), never the token; null without authentication. */
  readonly tokenId: string | null;
  /** Hex SHA-256 of the cohort's JSON bytes (see inputHashOf). */
  readonly inputHash: string;
  /** The version of rotamatch that enqueued it (the worker's may differ: see the worker's log). */
  readonly version: string;
  /** Epoch ms when it was submitted. */
  readonly submittedAt: number;
  /**
   * Largest cohort the worker accepts, in trainees (the service's `--max-job-trainees`); the
   * service checked it before enqueueing, the worker checks again as the pool always does.
   */
  readonly maxTrainees: number;
  /** What the job does, when it is not a solve; absent: a solve (and every job of before). */
  readonly operation?: Exclude<JobOperation, "solve">;
}

/** A running job's progress (BullMQ's job progress); its best plan so far is under bestKey. */
export interface SolveJobProgress {
  readonly elapsedMs: number;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  /** A re-plan's finished stages so far. */
  readonly stages?: readonly JobStage[];
}

/**
 * A finished job's return value: the plan (any status), a problem (the cohort invalid or
 * refused, the worker out of memory), or cancelled with the best plan so far. A job that
 * throws (a bug, a lost worker too often) is BullMQ-failed instead, with no return value.
 */
export type SolveJobResult =
  /** A solve's plan; a re-plan's re-planned plan (with `changes`) and its warnings. */
  | { readonly outcome: "done"; readonly plan: Plan; readonly warnings?: readonly ReplanWarning[] }
  | { readonly outcome: "failed"; readonly problem: Problem }
  | { readonly outcome: "cancelled"; readonly plan: Plan | null };

/**
 * A what-if's or an explanation's answer (the job is done): an outcome of its own rather than
 * `done` without a plan, so that a reader that knows only solves (`rotamatch sweep`, an older
 * instance) never takes it for one (isSolveJobResult is false for it).
 */
export interface AnsweredJobResult {
  readonly outcome: "answered";
  readonly answer: JobAnswer;
}

/** Any job's return value. */
export type JobResult = SolveJobResult | AnsweredJobResult;

/** The key of a job's cohort bytes. */
export function inputKey(jobId: string): string {
  return `${QUEUE_PREFIX}:${QUEUE_NAME}:${jobId}:input`;
}

/** The key of a running job's best plan so far. */
export function bestKey(jobId: string): string {
  return `${QUEUE_PREFIX}:${QUEUE_NAME}:${jobId}:best`;
}

/** How long a best plan is kept after its last write (a day): the worker deletes it when the job ends. */
export const BEST_TTL_MS = 24 * 3600 * 1000;

/** The key a cancel sets before it publishes. */
export function cancelKey(jobId: string): string {
  return `${QUEUE_PREFIX}:${QUEUE_NAME}:${jobId}:cancel`;
}

/** The sorted set of an owner's jobs by submit time. */
export function ownerKey(tokenId: string | null): string {
  return `${QUEUE_PREFIX}:${QUEUE_NAME}:owner:${tokenId ?? "-"}`;
}

/** The pub/sub channel of cancels; a message is a job id. */
export const CANCEL_CHANNEL = `${QUEUE_PREFIX}:${QUEUE_NAME}:cancel`;

/** Hex SHA-256 of a cohort's JSON bytes: the job's `inputHash`. */
export function inputHashOf(cohortJson: Uint8Array | string): string {
  return createHash("sha256").update(cohortJson).digest("hex");
}

/**
 * The job id of a solve that should run once whatever enqueues it again (a sweep's scenario):
 * from the input's hash, the options and the version, so that the same solve asked twice is
 * one job and a resumed sweep finds its finished results. BullMQ ids may not contain `:`.
 */
export function solveJobId(inputHash: string, options: SolveJobOptions, version: string): string {
  const key = JSON.stringify([inputHash, options.timeLimitMs, options.backend, options.diagnose, version]);
  return `s-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
}

/** `(objective − bound) / max(1, |objective|)`, as the jobs' views report it; null without both. */
export { gapOf } from "../jobs.js";

/** Whether a value read back from Redis is a SolveJobResult (a worker of another version may have written it). */
export function isSolveJobResult(value: unknown): value is SolveJobResult {
  if (typeof value !== "object" || value === null) return false;
  const outcome = (value as { outcome?: unknown }).outcome;
  return outcome === "done" || outcome === "failed" || outcome === "cancelled";
}

/** Whether a value read back from Redis is a what-if's or an explanation's answer. */
export function isAnsweredJobResult(value: unknown): value is AnsweredJobResult {
  if (typeof value !== "object" || value === null) return false;
  const { outcome, answer } = value as { outcome?: unknown; answer?: unknown };
  return outcome === "answered" && typeof answer === "object" && answer !== null;
}
