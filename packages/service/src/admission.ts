/**
 * Admission by expected wait. A solve's time limit runs from when it is admitted, so one that
 * waits in the queue for longer than its limit can only come back `timedout`: taking it is
 * accepting work that cannot be done. The server keeps one estimate per pool and refuses a
 * solve (503 with `Retry-After`) when its expected wait exceeds its time limit.
 *
 * The estimate: with `n` solves in flight (running and queued) on `threads` threads, a new one
 * waits for nothing while a thread is free, and otherwise for `n - threads + 1` solves to end,
 * which the threads get through `threads` at a time:
 *
 *     wait ≈ (n - threads + 1) × typical / threads
 *
 * where `typical` is a moving average of how long recent solves ran, and the time limit until
 * one has been measured (the worst case). Nothing here touches Node or reads a clock.
 */

/** Weight of the newest run in the moving average: about the last ten runs count. */
const SMOOTHING = 0.2;

export interface LoadEstimate {
  /** Records how long one solve ran on its thread, in ms (not counting its wait in the queue). */
  record(runMs: number): void;
  /** The typical run time in ms: the moving average of recent runs, or the time limit before any. */
  typicalMs(): number;
  /** The ms a solve admitted now would wait for a thread, with `inFlight` solves running or queued. */
  expectedWaitMs(inFlight: number): number;
  /** Whether a solve admitted now, with `inFlight` in flight, would start within its time limit. */
  canStartInTime(inFlight: number): boolean;
  /**
   * Seconds a refused client should wait before trying again: until a thread frees
   * (`typical / threads`) or, if longer, until the expected wait is back within the time limit;
   * at least `minSeconds`.
   */
  retryAfterSeconds(inFlight: number, minSeconds: number): number;
}

export interface LoadEstimateOptions {
  readonly threads: number;
  /** The time limit of each solve, in ms: the typical run time before one is measured. */
  readonly timeLimitMs: number;
}

export function createLoadEstimate({ threads, timeLimitMs }: LoadEstimateOptions): LoadEstimate {
  let typical: number | null = null;
  const typicalMs = (): number => typical ?? timeLimitMs;
  const expectedWaitMs = (inFlight: number): number => (inFlight < threads ? 0 : ((inFlight - threads + 1) * typicalMs()) / threads);
  return {
    record(runMs) {
      if (!Number.isFinite(runMs) || runMs < 0) return;
      typical = typical === null ? runMs : typical + SMOOTHING * (runMs - typical);
    },
    typicalMs,
    expectedWaitMs,
    canStartInTime: (inFlight) => expectedWaitMs(inFlight) <= timeLimitMs,
    retryAfterSeconds(inFlight, minSeconds) {
      const untilThreadFrees = typicalMs() / threads;
      const untilInTime = expectedWaitMs(inFlight) - timeLimitMs;
      return Math.max(minSeconds, Math.ceil(Math.max(untilThreadFrees, untilInTime) / 1000));
    },
  };
}
