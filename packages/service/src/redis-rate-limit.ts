/**
 * The rate limit shared by every instance on one Redis (`--redis` with `--rate-limit`): the
 * same fixed window as rate-limit.ts, counted in Redis, so that a token's limit holds across
 * all instances behind a load balancer rather than once per instance.
 *
 * One key per limited key and window, `rotamatch:rate:<key>:<window number>`, taken with
 * INCR and PEXPIRE in one MULTI: the first request of a window creates the key and the key
 * expires with its window, so Redis holds only the windows in progress. Windows are numbered
 * from the epoch (Date.now()), so every instance agrees on them as far as their clocks agree.
 *
 * While Redis is away (or slow beyond COMMAND_TIMEOUT_MS) each instance falls back to its own
 * in-memory limiter (rate-limit.ts): the limit then holds per instance, as without Redis,
 * rather than refusing everything or letting everything through.
 */
import { Redis } from "ioredis";
import { connectionOptions } from "./queue/solve-queue.js";
import type { RedisConnection } from "./queue/redis-url.js";
import { QUEUE_PREFIX } from "./queue/protocol.js";
import { createRateLimiter, type AnyRateLimiter, type RateDecision } from "./rate-limit.js";

/** A request never waits longer than this for the shared count; past it, the local limiter decides. */
const COMMAND_TIMEOUT_MS = 250;

export interface RedisRateLimiterOptions {
  readonly redis: RedisConnection;
  /** Requests a key may make per window (at least 1). */
  readonly limit: number;
  /** Window length in ms. */
  readonly windowMs: number;
  /** Wall-clock ms (default Date.now): windows are numbered from it. */
  readonly now?: () => number;
}

export interface RedisRateLimiter extends AnyRateLimiter {
  /** Decisions made by the in-memory fallback because Redis was away (for tests and logs). */
  fallbacks(): number;
  close(): Promise<void>;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const { limit, windowMs } = options;
  const now = options.now ?? Date.now;
  const local = createRateLimiter({ limit, windowMs });
  const redis = new Redis(connectionOptions(options.redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000, commandTimeout: COMMAND_TIMEOUT_MS }));
  redis.on("error", () => undefined); // the job queue's connection reports Redis being away
  let fallbacks = 0;

  const fallback = (key: string): RateDecision => {
    fallbacks++;
    return local.take(key);
  };

  return {
    async take(key) {
      if (redis.status !== "ready") return fallback(key);
      const t = now();
      const window = Math.floor(t / windowMs);
      const redisKey = `${QUEUE_PREFIX}:rate:${key}:${window}`;
      try {
        const replies = await redis.multi().incr(redisKey).pexpire(redisKey, windowMs).exec();
        const count = Number(replies?.[0]?.[1]);
        if (!Number.isSafeInteger(count)) return fallback(key);
        const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - t) / 1000));
        return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
      } catch {
        return fallback(key);
      }
    },
    fallbacks: () => fallbacks,
    async close() {
      if (redis.status === "ready") await redis.quit().catch(() => undefined);
      else redis.disconnect();
    },
  };
}
