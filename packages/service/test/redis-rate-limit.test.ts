/**
 * `--rate-limit` with `--redis`: the window is counted in Redis, so a client's limit holds
 * across instances; while Redis is away each instance falls back to its own count. Two
 * in-process instances on a Redis of the test's own. Skipped with a message where
 * redis-server is missing, failed in CI.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningServer } from "../src/server.js";
import { describeWithRedis, startRedis, type RunningRedis } from "./support/redis-server.js";
import { redisReady, startInstance } from "./support/redis-processes.js";

const LIMIT = 5;

describeWithRedis("rate limits across instances on Redis", () => {
  let redis: RunningRedis;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    redis = await startRedis();
    const limited = ["--rate-limit", String(LIMIT), "--rate-window", "60"];
    [a, b] = await Promise.all([startInstance(redis.url, limited), startInstance(redis.url, limited)]);
    await Promise.all([redisReady(a), redisReady(b)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  }, 30_000);

  it("holds one client's limit across both instances, and falls back to each instance's own while Redis is away", async () => {
    // Alternate instances: each sees only half of the requests, yet the sixth is refused.
    const statuses: number[] = [];
    const remaining: (string | null)[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const res = await fetch(`${(i % 2 === 0 ? a : b).url}/v1/jobs`);
      statuses.push(res.status);
      remaining.push(res.headers.get("ratelimit-remaining"));
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(remaining).toEqual(["4", "3", "2", "1", "0", "0"]);

    await redis.halt();
    try {
      // Per instance now: A's own window is fresh, and counts its requests alone.
      const local: number[] = [];
      for (let i = 0; i <= LIMIT; i++) local.push((await fetch(`${a.url}/v1/solve`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status);
      expect(local.slice(0, LIMIT).every((status) => status !== 429)).toBe(true);
      expect(local[LIMIT]).toBe(429);
    } finally {
      await redis.start();
    }
  }, 60_000);
});
