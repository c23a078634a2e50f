/**
 * One look at Redis before a worker starts: connect once, PING, disconnect. A refused
 * connection or an unknown host answers at once and a silent one within `timeoutMs`, with
 * no retries, so that `rotamatch worker` with a wrong address says so in one line within a
 * few seconds. (BullMQ's own connections retry for ever by design, and a producer's `ready()`
 * waits for a "ready" event that never comes, however definite the refusal.)
 */
import { Redis } from "ioredis";
import { connectionOptions } from "./solve-queue.js";
import type { RedisConnection } from "./redis-url.js";

/** What the probe found: null when Redis answered PING, else a short reason (an error code or "no answer"). */
export async function probeRedis(connection: RedisConnection, timeoutMs = 5_000): Promise<string | null> {
  const client = new Redis(
    connectionOptions(connection, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      // One attempt: no reconnect, no command retries, nothing queued while offline.
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      // ioredis waits this long for a socket that failed to close before it drops it (default 2 s, all of it idle here).
      disconnectTimeout: 100,
    }),
  );
  let firstError: string | null = null;
  client.on("error", (error: Error) => {
    firstError ??= reasonOf(error);
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
  });
  const attempt = (async (): Promise<string | null> => {
    try {
      await client.connect();
      const pong = await client.ping();
      return pong === "PONG" ? null : "an unexpected answer to PING";
    } catch (error) {
      return firstError ?? reasonOf(error);
    }
  })();
  try {
    return await Promise.race([attempt, late]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** An error's code (ECONNREFUSED, ENOTFOUND, ...) or its first line, never a stack. */
function reasonOf(error: unknown): string {
  // ioredis's parser meets a server that speaks another protocol (an HTTP proxy, say).
  if (error instanceof Error && /^Protocol error/.test(error.message)) return "something other than Redis answered";
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code !== "") return code;
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? message).slice(0, 200);
}
