/**
 * Jobs on BullMQ and Redis (issue 14): the job protocol, the producer (`createSolveQueue`)
 * and the worker (`startQueueWorker`). See docs/service.md and docs/deployment.md.
 */
export { parseRedisUrl, describeRedis } from "./redis-url.js";
export type { RedisConnection, RedisUrlResult } from "./redis-url.js";
export {
  CANCEL_CHANNEL,
  JOB_NAME,
  QUEUE_NAME,
  QUEUE_PREFIX,
  gapOf,
  inputHashOf,
  isAnsweredJobResult,
  isSolveJobResult,
  solveJobId,
} from "./protocol.js";
export type { AnsweredJobResult, JobResult, SolveJobData, SolveJobOptions, SolveJobProgress, SolveJobResult } from "./protocol.js";
export { INPUT_TTL_MS, ROTAMATCH_VERSION, RedisUnavailableError, createSolveQueue, isConnectionError } from "./solve-queue.js";
export type { EnqueueRequest, SolveJobRecord, SolveQueue, SolveQueueOptions } from "./solve-queue.js";
export { PROGRESS_INTERVAL_MS, startQueueWorker } from "./queue-worker.js";
export { probeRedis } from "./probe.js";
export type { QueueWorker, QueueWorkerOptions } from "./queue-worker.js";
export { watchSolveJobs } from "./job-events.js";
export type { SolveJobEventHandlers, SolveJobEvents } from "./job-events.js";
