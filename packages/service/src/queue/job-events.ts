/**
 * The queue's events as a producer that is not a service watches them: `rotamatch sweep
 * --redis` draws its progress bar and collects its results from these, without importing
 * BullMQ itself (the command line depends on this package only).
 *
 * BullMQ's QueueEvents reads the queue's event stream, which is trimmed (solve-queue.ts keeps
 * 1 000 events) and is not replayed from before `ready()`: a watcher that must not miss a
 * result also reads the job (SolveQueue.read) after enqueueing it, and now and then again.
 */
import { QueueEvents } from "bullmq";
import { QUEUE_NAME, QUEUE_PREFIX, type SolveJobProgress } from "./protocol.js";
import { connectionOptions } from "./solve-queue.js";
import type { RedisConnection } from "./redis-url.js";

export interface SolveJobEventHandlers {
  /** A job finished with a return value (any outcome: done, failed with a problem, cancelled). */
  readonly onCompleted?: (jobId: string) => void;
  /** A job failed (threw, or stalled too often); BullMQ's reason. */
  readonly onFailed?: (jobId: string, reason: string) => void;
  /** A running job reported progress. */
  readonly onProgress?: (jobId: string, progress: SolveJobProgress) => void;
  /** A worker took a job. */
  readonly onActive?: (jobId: string) => void;
  /** A connection error (they repeat while Redis is away). */
  readonly onError?: (error: Error) => void;
}

export interface SolveJobEvents {
  /** Resolves once the watcher reads the stream: events from then on are seen. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Watches the solve queue's events. */
export function watchSolveJobs(redis: string | RedisConnection, handlers: SolveJobEventHandlers): SolveJobEvents {
  const events = new QueueEvents(QUEUE_NAME, { prefix: QUEUE_PREFIX, connection: connectionOptions(redis, { maxRetriesPerRequest: null }) });
  events.on("error", (error: Error) => handlers.onError?.(error));
  events.on("completed", ({ jobId }) => handlers.onCompleted?.(jobId));
  events.on("failed", ({ jobId, failedReason }) => handlers.onFailed?.(jobId, failedReason));
  events.on("active", ({ jobId }) => handlers.onActive?.(jobId));
  events.on("progress", ({ jobId, data }) => {
    if (typeof data === "object" && data !== null && typeof (data as { elapsedMs?: unknown }).elapsedMs === "number") {
      handlers.onProgress?.(jobId, data as SolveJobProgress);
    }
  });
  return {
    ready: () => events.waitUntilReady().then(() => undefined),
    close: () => events.close().catch(() => undefined),
  };
}
