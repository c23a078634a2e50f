/** parseRedisUrl and describeRedis (queue/redis-url.ts): what `--redis` accepts, and that no message quotes a password. */
import { describe, expect, it } from "vitest";
import { describeRedis, parseRedisUrl } from "../src/queue/redis-url.js";

describe("parseRedisUrl", () => {
  it.each([
    ["redis://127.0.0.1:6380", { host: "127.0.0.1", port: 6380, db: 0 }],
    ["redis://redis.internal", { host: "redis.internal", port: 6379, db: 0 }],
    ["redis://h:1/7", { host: "h", port: 1, db: 7 }],
    ["  redis://h:6379/0  ", { host: "h", port: 6379, db: 0 }],
    ["redis://[::1]:6379/2", { host: "::1", port: 6379, db: 2 }],
    ["redis://:p%40ss@h:6379", { host: "h", port: 6379, db: 0, password: "p@ss" }],
    ["redis://user:pw@h:6379/3", { host: "h", port: 6379, db: 3, username: "user", password: "pw" }],
    ["rediss://secure.example:6380/1", { host: "secure.example", port: 6380, db: 1, tls: { servername: "secure.example" } }],
  ])("reads %s", (text, connection) => {
    expect(parseRedisUrl(text)).toEqual({ ok: true, connection });
  });

  it.each([
    ["", /not a URL/],
    ["127.0.0.1:6379", /scheme|not a URL/],
    ["http://h:6379", /the scheme "http:"/],
    ["redis://h:0", /port/],
    ["redis://h:6379/x", /the database "x"/],
    ["redis://h:6379/100", /database/],
    ["redis://h:6379/1?x=1", /query/],
    ["redis://h:6379/1#f", /fragment/],
  ])("refuses %j in one line", (text, says) => {
    const parsed = parseRedisUrl(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(says);
    expect(parsed.error).toMatch(/^--redis: /);
    expect(parsed.error).not.toContain("\n");
  });

  it.each(["redis://user:s3cret-pw@h:6379/x", "redis://:s3cret-pw@h:6379/1?q", "redis://:s3cret-pw@h:99999", "http://:s3cret-pw@h"])(
    "never quotes the password of %s, nor does describeRedis",
    (text) => {
      const parsed = parseRedisUrl(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).not.toContain("s3cret");
      const good = parseRedisUrl("rediss://user:s3cret-pw@h:6380/4");
      expect(good.ok).toBe(true);
      if (good.ok) expect(describeRedis(good.connection)).toBe("rediss://h:6380/4");
    },
  );

  it("describes an IPv6 host in brackets", () => {
    const parsed = parseRedisUrl("redis://[::1]:6379/2");
    expect(parsed.ok && describeRedis(parsed.connection)).toBe("redis://[::1]:6379/2");
  });
});
