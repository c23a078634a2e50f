/**
 * Optional rate limit: a fixed window per key, in memory, for the `/v1` routes.
 *
 * The key is the token id when authentication is on; without it, the client's address as
 * `@hono/node-server` saw the connection (`getConnInfo`), or one key for every client when
 * the app does not run under the Node server (e.g. `app.request()` in tests). Behind a reverse
 * proxy every client has the proxy's address, so there the limit is shared by all clients.
 *
 * Memory is bounded: windows that have ended are dropped as time passes, and at most
 * `maxKeys` keys are kept (the oldest window is dropped first, which only ever lets its
 * client in earlier, never later).
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import type { AuthVariables } from "./auth.js";
import { PROBLEM_TYPE_BASE, problemResponse, type Problem } from "./problem.js";

export interface RateLimiterOptions {
  /** Requests a key may make per window (at least 1). */
  readonly limit: number;
  /** Window length in ms. */
  readonly windowMs: number;
  /** A clock in ms that never goes back (default `performance.now`). */
  readonly now?: () => number;
  /** Most keys kept at once (default 10 000). */
  readonly maxKeys?: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests left in this window after this one. */
  readonly remaining: number;
  /** Whole seconds until the window ends (at least 1). */
  readonly resetSeconds: number;
}

export interface RateLimiter {
  /** Counts one request for `key` if the window has room, and says whether it may go on. */
  take(key: string): RateDecision;
  /** Keys held now (for tests and metrics). */
  size(): number;
}

/**
 * What the middleware needs of a limiter: the in-memory one answers at once, the one shared
 * through Redis (redis-rate-limit.ts) after a round trip.
 */
export interface AnyRateLimiter {
  take(key: string): RateDecision | Promise<RateDecision>;
}

export const DEFAULT_MAX_KEYS = 10_000;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, windowMs } = options;
  const now = options.now ?? (() => performance.now());
  const maxKeys = Math.max(1, options.maxKeys ?? DEFAULT_MAX_KEYS);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError("rate limit: limit must be a whole number of at least 1");
  if (!(windowMs > 0)) throw new RangeError("rate limit: windowMs must be positive");
  // Insertion order is window-start order: a key whose window ends is deleted and inserted
  // again, so the windows that ended first are always at the front.
  const windows = new Map<string, { readonly start: number; count: number }>();

  const dropEnded = (t: number): void => {
    for (const [key, window] of windows) {
      if (t < window.start + windowMs) break;
      windows.delete(key);
    }
  };

  return {
    take(key) {
      const t = now();
      dropEnded(t);
      let window = windows.get(key);
      if (window === undefined || t >= window.start + windowMs) {
        windows.delete(key);
        while (windows.size >= maxKeys) {
          const oldest = windows.keys().next();
          if (oldest.done === true) break;
          windows.delete(oldest.value);
        }
        window = { start: t, count: 0 };
        windows.set(key, window);
      }
      const allowed = window.count < limit;
      if (allowed) window.count++;
      const resetSeconds = Math.max(1, Math.ceil((window.start + windowMs - t) / 1000));
      return { allowed, limit, remaining: limit - window.count, resetSeconds };
    },
    size: () => windows.size,
  };
}

/** The key a request is limited by: its token id, else its client address, else one shared key. */
export function rateKeyOf(c: Context, tokenId: string | null | undefined): string {
  if (typeof tokenId === "string") return `token:${tokenId}`;
  const address = clientAddress(c);
  return address === null ? "all" : `address:${address}`;
}

/** The remote address under `@hono/node-server`; null anywhere else (no Node request in `c.env`). */
export function clientAddress(c: Context): string | null {
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (env?.incoming === undefined && env?.server?.incoming === undefined) return null;
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** The problem type of a 429 (not in `PROBLEM_KINDS` yet; see docs/service.md). */
export const RATE_LIMITED_TYPE = `${PROBLEM_TYPE_BASE}rate-limited`;

function rateHeaders(decision: RateDecision, windowSeconds: number): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
    "RateLimit-Policy": `${decision.limit};w=${windowSeconds}`,
  };
}

/**
 * Middleware that counts each request against its key and adds `RateLimit-Limit`,
 * `RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy` to the answer; over the
 * limit it answers 429 problem+json with `Retry-After` (seconds until the window ends).
 */
export function rateLimit<E extends { Variables: AuthVariables }>(
  limiter: AnyRateLimiter,
  windowSeconds: number,
  keyOf: (c: Context<E>) => string = (c) => rateKeyOf(c, c.get("tokenId")),
): MiddlewareHandler<E> {
  return async (c, next) => {
    const decision = await limiter.take(keyOf(c));
    const headers = rateHeaders(decision, windowSeconds);
    if (!decision.allowed) {
      const problem: Problem = {
        type: RATE_LIMITED_TYPE,
        title: "Too many requests",
        status: 429,
        detail: `At most ${decision.limit} requests per ${windowSeconds} s; try again in ${decision.resetSeconds} s.`,
      };
      return problemResponse(problem, { ...headers, "Retry-After": String(decision.resetSeconds) });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
