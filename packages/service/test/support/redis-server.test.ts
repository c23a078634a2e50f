/**
 * The test Redis itself (./redis-server.ts): it answers on its port, its keys survive a restart
 * only when asked to persist, and once stopped nothing answers there any more.
 */
import { afterEach, expect, it } from "vitest";
import { describeWithRedis, pingRedis, redisCommand, startRedis, type RunningRedis } from "./redis-server.js";

describeWithRedis("the test Redis", () => {
  const started: RunningRedis[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((redis) => redis.stop()));
  });

  it("answers PING on its own loopback port, and stops", async () => {
    const redis = await startRedis();
    started.push(redis);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await pingRedis(redis.port)).toBe(true);
    await redis.stop();
    expect(await pingRedis(redis.port)).toBe(false);
    await redis.stop();
  });

  it.each([
    { persist: false, after: null },
    { persist: true, after: "kept" },
  ])("restarts on the same port; persist $persist keeps keys: $after", async ({ persist, after }) => {
    const redis = await startRedis({ persist });
    started.push(redis);
    expect(await redisCommand(redis.port, "SET", "probe", "kept")).toBe("OK");
    await redis.restart();
    expect(await pingRedis(redis.port)).toBe(true);
    expect(await redisCommand(redis.port, "GET", "probe")).toBe(after);
  });

  it("halts and starts again: nothing answers in between", async () => {
    const redis = await startRedis();
    started.push(redis);
    await redis.halt();
    expect(await pingRedis(redis.port)).toBe(false);
    await redis.start();
    expect(await pingRedis(redis.port)).toBe(true);
  });

  it("answers commands of every reply type, and rejects on an error reply", async () => {
    const redis = await startRedis();
    started.push(redis);
    expect(await redisCommand(redis.port, "RPUSH", "list", "a", "b c\r\n")).toBe(2);
    expect(await redisCommand(redis.port, "LRANGE", "list", "0", "-1")).toEqual(["a", "b c\r\n"]);
    expect(await redisCommand(redis.port, "GET", "missing")).toBeNull();
    await expect(redisCommand(redis.port, "NOSUCHCOMMAND")).rejects.toThrow(/unknown command/i);
  });

  it("gives two servers two ports", async () => {
    const [a, b] = await Promise.all([startRedis(), startRedis()]);
    started.push(a, b);
    expect(a.port).not.toBe(b.port);
    expect(await Promise.all([pingRedis(a.port), pingRedis(b.port)])).toEqual([true, true]);
  });
});
