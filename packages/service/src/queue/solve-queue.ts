/**
 * The producer's side of the job protocol (protocol.ts): enqueue a solve, read a job back
 * without its cohort, cancel it wherever it runs, list an owner's jobs. Used by the service's
 * job routes with `--redis` (redis-jobs.ts) and by `rotamatch sweep --redis`.
 *
 * The connection does not queue commands while Redis is away (`enableOfflineQueue: false`):
 * each call fails at once with RedisUnavailableError, which the routes answer 503, instead of
 * hanging until Redis is back. ioredis keeps reconnecting meanwhile, so the service recovers
 * by itself.
 */
import type { Plan } from "@rotamatch/core";
import type { JobAnswer } from "../jobs.js";
import type { JobOperation } from "../job-operation.js";
import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import {
  CANCEL_CHANNEL,
  JOB_NAME,
  QUEUE_NAME,
  QUEUE_PREFIX,
  bestKey,
  cancelKey,
  inputHashOf,
  inputKey,
  isAnsweredJobResult,
  isSolveJobResult,
  ownerKey,
  type SolveJobData,
  type SolveJobOptions,
  type SolveJobProgress,
  type SolveJobResult,
} from "./protocol.js";
import { parseRedisUrl, type RedisConnection } from "./redis-url.js";
import { RedisUnavailableError } from "../errors.js";
import { ROTAMATCH_VERSION } from "./version.js";

export { RedisUnavailableError, ROTAMATCH_VERSION };

/** How long a job's cohort is kept for a worker to take it (7 days); a worker deletes it when done. */
export const INPUT_TTL_MS = 7 * 24 * 3600 * 1000;


export interface SolveQueueOptions {
  /** `redis://HOST:PORT[/DB]` or parsed connection options. */
  readonly redis: string | RedisConnection;
  /** Seconds a finished job is kept (BullMQ's removeOnComplete/removeOnFail age; default 3600). */
  readonly ttlSeconds?: number;
  /** Most finished jobs kept (BullMQ's removeOnComplete/removeOnFail count; default 1000). */
  readonly maxJobs?: number;
  /** Called with each connection error (they repeat while Redis is away; the service logs the first). */
  readonly onError?: (error: Error) => void;
}

/** A job read back: everything but its cohort. */
export interface SolveJobRecord {
  readonly id: string;
  /** BullMQ's state: waiting, prioritized, delayed, active, completed, failed, or unknown. */
  readonly state: string;
  readonly data: SolveJobData;
  /** Epoch ms BullMQ took it in (its `timestamp`). */
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly progress: SolveJobProgress | null;
  readonly result: SolveJobResult | null;
  /** A what-if's or an explanation's answer, when it finished with one (its `result` is then null). */
  readonly answer: JobAnswer | null;
  /** BullMQ's failedReason of a job that threw (never a cohort's content: the worker throws only its own errors). */
  readonly failedReason: string | null;
  /** Whether a cancel was asked for. */
  readonly cancelRequested: boolean;
}

export interface EnqueueRequest {
  /** The cohort's JSON bytes, or its JSON text (for another operation than a solve, the request's). */
  readonly cohortJson: Uint8Array | string;
  /** What the job does, when it is not a solve (protocol.ts); absent: a solve. */
  readonly operation?: Exclude<JobOperation, "solve">;
  readonly options: SolveJobOptions;
  readonly tokenId: string | null;
  /** Largest cohort the worker takes, in trainees. */
  readonly maxTrainees: number;
  /** The job's id (default: a random UUID). A given id that exists already is not added again. */
  readonly jobId?: string;
  /** The input's hash when the caller computed it already (default: computed here). */
  readonly inputHash?: string;
  /**
   * What to do when `jobId` exists and finished without a plan (failed, cancelled): "reuse"
   * leaves it, "retry" (the default) removes it and enqueues again. A finished plan is always reused.
   */
  readonly onUnfinished?: "reuse" | "retry";
}

export interface SolveQueue {
  /** BullMQ's queue, for QueueEvents, counts and the like. */
  readonly queue: Queue<SolveJobData, SolveJobResult, typeof JOB_NAME>;
  /** Enqueues a solve; `added` false when a job of that id was there already (then it is left as it is). */
  enqueue(request: EnqueueRequest): Promise<{ readonly jobId: string; readonly added: boolean }>;
  /** The job without its cohort, or null when there is none (never was, expired, removed). */
  read(jobId: string): Promise<SolveJobRecord | null>;
  /** The best plan so far of a running job (or of one handed back), as its worker last wrote it; null when none. */
  bestPlan(jobId: string): Promise<Plan | null>;
  /** Asks for the job to end, keeping its best plan: a worker that runs it aborts it; one that takes it later ends it at once. */
  cancel(jobId: string): Promise<void>;
  /** An owner's job ids, newest first, and how many there are. */
  list(tokenId: string | null, offset: number, limit: number): Promise<{ readonly ids: readonly string[]; readonly total: number }>;
  /** Jobs waiting or running. */
  activeCount(): Promise<number>;
  /** Whether Redis answers now. */
  isConnected(): boolean;
  /** Resolves once both connections are up (rejects after `timeoutMs`, default 10 s). */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The ioredis options every rotamatch connection uses. */
export function connectionOptions(redis: string | RedisConnection, extra: Record<string, unknown> = {}): Record<string, unknown> {
  let connection: RedisConnection;
  if (typeof redis === "string") {
    const parsed = parseRedisUrl(redis);
    if (!parsed.ok) throw new Error(parsed.error);
    connection = parsed.connection;
  } else {
    connection = redis;
  }
  return { ...connection, ...extra };
}

export function createSolveQueue(options: SolveQueueOptions): SolveQueue {
  const ttlSeconds = options.ttlSeconds ?? 3_600;
  const maxJobs = options.maxJobs ?? 1_000;
  const keep = { age: ttlSeconds, count: maxJobs };
  const queue = new Queue<SolveJobData, SolveJobResult, typeof JOB_NAME>(QUEUE_NAME, {
    prefix: QUEUE_PREFIX,
    connection: connectionOptions(options.redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 }),
    // The event stream carries every progress report (with its plan): keep it short.
    streams: { events: { maxLen: 1_000 } },
    defaultJobOptions: { removeOnComplete: keep, removeOnFail: keep, attempts: 1 },
  });
  queue.on("error", (error: Error) => options.onError?.(error));
  // Our own commands (the cohort, cancels, owners' lists, reads without the cohort) on a
  // connection of their own, failing fast as the queue's does.
  const redis = new Redis(connectionOptions(options.redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 }));
  redis.on("error", (error: Error) => options.onError?.(error));

  const guard = async <T,>(run: () => Promise<T>): Promise<T> => {
    // BullMQ's own calls (counts, states) wait for its connection to be ready, for ever when
    // Redis was never reached: check ours first, so that every call fails fast alike.
    if (redis.status !== "ready") throw new RedisUnavailableError("Redis is unavailable");
    try {
      return await run();
    } catch (error) {
      if (isConnectionError(error)) throw new RedisUnavailableError("Redis is unavailable");
      throw error;
    }
  };

  const read = (jobId: string): Promise<SolveJobRecord | null> =>
    guard(async () => {
      // The state first, then the job's hash: BullMQ writes a job's return value in the same
      // script that moves it to completed, so a job read as completed has its return value. Read
      // together (two connections), the hash could be read before and the state after that
      // script: a finished job without its answer.
      const state = await queue.getJobState(jobId);
      const [fields, cancelled] = await Promise.all([
        redis.hmget(queue.toKey(jobId), "data", "timestamp", "processedOn", "finishedOn", "progress", "returnvalue", "failedReason"),
        redis.exists(cancelKey(jobId)),
      ]);
      const [data, timestamp, processedOn, finishedOn, progress, returnvalue, failedReason] = fields;
      if (data === null || data === undefined || state === "unknown") return null;
      const parsedData = parseJson(data) as SolveJobData | null;
      if (parsedData === null) return null;
      const result = parseJson(returnvalue);
      const parsedProgress = parseJson(progress);
      return {
        id: jobId,
        state,
        data: parsedData,
        createdAt: Number(timestamp ?? parsedData.submittedAt),
        startedAt: numberOrNull(processedOn),
        finishedAt: numberOrNull(finishedOn),
        progress: isProgress(parsedProgress) ? parsedProgress : null,
        result: isSolveJobResult(result) ? result : null,
        answer: isAnsweredJobResult(result) ? result.answer : null,
        failedReason: failedReason ?? null,
        cancelRequested: cancelled > 0,
      };
    });

  return {
    queue,
    enqueue: (request) =>
      guard(async () => {
                const jobId = request.jobId ?? crypto.randomUUID();
        if (request.jobId !== undefined) {
          const existing = await read(jobId);
          const finishedWithoutPlan = existing !== null && existing.finishedAt !== null && existing.result?.outcome !== "done";
          if (existing !== null && !(finishedWithoutPlan && (request.onUnfinished ?? "retry") === "retry")) return { jobId, added: false };
          if (existing !== null) await queue.remove(jobId);
        }
        const data: SolveJobData = {
          options: request.options,
          tokenId: request.tokenId,
          inputHash: request.inputHash ?? inputHashOf(request.cohortJson),
          version: ROTAMATCH_VERSION,
          submittedAt: Date.now(),
          maxTrainees: request.maxTrainees,
          ...(request.operation === undefined ? {} : { operation: request.operation }),
        };
        const bytes = typeof request.cohortJson === "string" ? Buffer.from(request.cohortJson, "utf8") : Buffer.from(request.cohortJson.buffer, request.cohortJson.byteOffset, request.cohortJson.byteLength);
        // The cohort first, then the job: a worker never finds a job without its input.
        await redis.multi().set(inputKey(jobId), bytes, "PX", INPUT_TTL_MS).del(cancelKey(jobId)).exec();
        const jobOptions: JobsOptions = { jobId };
        await queue.add(JOB_NAME, data, jobOptions);
        const owner = ownerKey(request.tokenId);
        // The owner's list keeps its newest maxJobs ids (the jobs themselves expire by BullMQ's retention).
        await redis.multi().zadd(owner, data.submittedAt, jobId).zremrangebyrank(owner, 0, -(maxJobs + 1)).exec();
        return { jobId, added: true };
      }),
    read,
    bestPlan: (jobId) =>
      guard(async () => {
                return parseJson(await redis.get(bestKey(jobId))) as Plan | null;
      }),
    cancel: (jobId) =>
      guard(async () => {
                await redis.multi().set(cancelKey(jobId), "1", "EX", Math.max(ttlSeconds, 24 * 3600)).publish(CANCEL_CHANNEL, jobId).exec();
      }),
    list: (tokenId, offset, limit) =>
      guard(async () => {
                const key = ownerKey(tokenId);
        const [ids, total] = await Promise.all([redis.zrevrange(key, offset, offset + limit - 1), redis.zcard(key)]);
        return { ids, total };
      }),
    activeCount: () => guard(async () => queue.count()).then(async (waiting) => waiting + (await guard(() => queue.getActiveCount()))),
    isConnected: () => redis.status === "ready",
    ready: async (timeoutMs = 10_000) => {
      const up = Promise.all([
        queue.waitUntilReady(),
        redis.status === "ready" ? Promise.resolve() : new Promise<void>((resolve) => redis.once("ready", () => resolve())),
      ]);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisUnavailableError("Redis did not answer in time")), timeoutMs);
      });
      try {
        await Promise.race([up, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      // Without Redis, a graceful close would wait for it: drop the connections instead.
      if (redis.status !== "ready") {
        redis.disconnect();
        // BullMQ's close drops a connection that never became ready (its disconnect() would wait for it).
        await queue.close().catch(() => undefined);
        return;
      }
      await Promise.all([queue.close().catch(() => undefined), redis.quit().catch(() => undefined)]);
    },
  };
}

function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function numberOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function isProgress(value: unknown): value is SolveJobProgress {
  return typeof value === "object" && value !== null && typeof (value as { elapsedMs?: unknown }).elapsedMs === "number";
}

/** Whether an error means Redis is away, rather than a bug. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/.test(code)) return true;
  return /enableOfflineQueue|Connection is closed|connect ECONNREFUSED|MaxRetriesPerRequest|Stream isn't writeable|ETIMEDOUT|Socket closed/i.test(error.message);
}
