/**
 * @rotamatch/service: the HTTP solve service. Every public export is listed here by name.
 * `server.ts` (the Node entry, `rotamatch-service`) is also built separately, for its bin;
 * `runServer` is exported here so that `rotamatch serve` runs the same command.
 */
export { createApp } from "./app.js";
export type { AppDeps, LogRecord, Logger } from "./app.js";
export { PoolFullError } from "./errors.js";
export { DEFAULT_APP_CONFIG, DEFAULT_SERVER_SETTINGS, SETTINGS, readSettings } from "./config.js";
export type { AppConfig, ServerSettings, SettingsResult } from "./config.js";
export { createSolvePool, defaultWorkerUrl } from "./pool.js";
export type { PoolOptions, SolvePool } from "./pool.js";
export { PROBLEM_KINDS, PROBLEM_TYPE_BASE, makeProblem } from "./problem.js";
export type { Problem, ProblemKind } from "./problem.js";
export { runServer, serviceUsage } from "./server.js";
export type { RunServerOptions } from "./server.js";
export {
  JOB_NAME,
  QUEUE_NAME,
  QUEUE_PREFIX,
  ROTAMATCH_VERSION,
  RedisUnavailableError,
  createSolveQueue,
  describeRedis,
  inputHashOf,
  isSolveJobResult,
  parseRedisUrl,
  probeRedis,
  solveJobId,
  startQueueWorker,
  watchSolveJobs,
} from "./queue/index.js";
export type {
  EnqueueRequest,
  QueueWorker,
  QueueWorkerOptions,
  RedisConnection,
  SolveJobData,
  SolveJobOptions,
  SolveJobProgress,
  SolveJobRecord,
  SolveJobResult,
  SolveQueue,
  SolveQueueOptions,
  SolveJobEventHandlers,
  SolveJobEvents,
} from "./queue/index.js";
