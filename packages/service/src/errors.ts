/** Thrown (or rejected) by a solve function that cannot take another solve now: answered 503. */
export class PoolFullError extends Error {
  constructor(message = "every solver is busy") {
    super(message);
    this.name = "PoolFullError";
  }
}

/**
 * Rejected by a solve function when the service shut down before the solve finished (its
 * grace period ran out): answered 503 `shutting-down`, not a `timedout` plan, since the solve
 * was ended by the shutdown and not by its time limit.
 */
export class ShuttingDownError extends Error {
  constructor(message = "the service shut down before the solve finished") {
    super(message);
    this.name = "ShuttingDownError";
  }
}

/** Redis could not be reached, or dropped the command: the job routes answer 503 `not-ready`. */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
}
