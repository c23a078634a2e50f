/**
 * When a solve must stop: one absolute deadline (a performance.now() value) handed down from
 * the facade to every layer, and an optional signal. Every layer checks both at the same
 * places, so that an abort ends the solve as its deadline would: with the best plan so far.
 */

/**
 * Anything that says whether the caller gave up: an AbortSignal, or the flag the async solve's
 * worker reads from memory shared with the calling thread (a solve runs synchronously, so an
 * AbortSignal's event could not reach it there).
 */
export interface StopSignal {
  readonly aborted: boolean;
}

/** Whether the solve must stop now: the deadline has passed or the signal was aborted. */
export function mustStop(deadline: number, signal: StopSignal | undefined): boolean {
  return performance.now() > deadline || signal?.aborted === true;
}
