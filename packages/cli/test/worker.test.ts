/**
 * `rotamatch worker`: its flags and environment (readWorkerArgs), and a Redis that is not
 * there (one line, exit 1, within a few seconds), in process against the service's source.
 * Running jobs is tested with real processes in packages/service/test/redis-*.test.ts.
 */
import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { readWorkerArgs, WORKER_USAGE } from "../src/commands/worker.js";
import { EXIT, run, type CliIo } from "../src/run.js";

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const refuse = () => Promise.reject(new Error("worker touches no file"));
  const io: CliIo = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    readFile: refuse,
    writeFile: refuse,
    readBytes: refuse,
    writeBytes: refuse,
    inspectPath: refuse,
    makeFolder: refuse,
    env,
  };
  const code = await run(argv, io);
  return { code, ...out };
}

/** A loopback port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const DEFAULTS = { concurrency: 1, heapMb: 512, graceMs: 10_000, lockDurationMs: 30_000, stalledIntervalMs: 30_000 };

describe("readWorkerArgs", () => {
  it.each([
    [["--redis", "redis://h:6379"], {}, { redis: "redis://h:6379", ...DEFAULTS }],
    [["--redis=redis://h:6379/2", "--concurrency=3"], {}, { redis: "redis://h:6379/2", ...DEFAULTS, concurrency: 3 }],
    [[], { ROTAMATCH_REDIS_URL: "redis://e:1", ROTAMATCH_CONCURRENCY: "2", ROTAMATCH_WORKER_HEAP_MB: "256" }, { redis: "redis://e:1", ...DEFAULTS, concurrency: 2, heapMb: 256 }],
    [["--redis", "redis://flag:1"], { ROTAMATCH_REDIS_URL: "redis://env:1" }, { redis: "redis://flag:1", ...DEFAULTS }],
    [
      ["--redis", "redis://h:1", "--shutdown-grace", "500", "--lock-duration-ms", "2000", "--stalled-interval-ms", "1000"],
      {},
      { redis: "redis://h:1", ...DEFAULTS, graceMs: 500, lockDurationMs: 2_000, stalledIntervalMs: 1_000 },
    ],
    [["--redis", "redis://h:1"], { ROTAMATCH_LOCK_DURATION_MS: "5000", ROTAMATCH_STALLED_INTERVAL_MS: "2500" }, { redis: "redis://h:1", ...DEFAULTS, lockDurationMs: 5_000, stalledIntervalMs: 2_500 }],
  ])("reads %j with %j", (args, env, expected) => {
    expect(readWorkerArgs(args, env)).toEqual(expected);
  });

  it.each([
    [[], "--redis URL is needed (or ROTAMATCH_REDIS_URL)"],
    [["--redis", " "], "--redis URL is needed (or ROTAMATCH_REDIS_URL)"],
    [["--redis"], "--redis needs a value"],
    [["--redis", "redis://h:1", "--threads", "2"], 'unknown option "--threads"'],
    [["--redis", "redis://h:1", "--concurrency", "0"], '--concurrency: "0" is not a positive whole number'],
    [["--redis", "redis://h:1", "--concurrency", "1.5"], '--concurrency: "1.5" is not a positive whole number'],
    [["--redis", "redis://h:1", "--worker-heap-mb", "-1"], '--worker-heap-mb: "-1" is not a positive whole number'],
    [["--redis", "redis://h:1", "--lock-duration-ms", "500"], "--lock-duration-ms: at least 1000 (a lock is renewed every half of it)"],
    [["--redis", "redis://h:1", "--stalled-interval-ms", "x"], '--stalled-interval-ms: "x" is not a positive whole number'],
  ])("refuses %j: %s", (args, message) => {
    expect(readWorkerArgs(args, {})).toBe(message);
  });
});

describe("rotamatch worker, in process", () => {
  it("prints its usage for --help, with the tuning knobs", async () => {
    const r = await cli(["worker", "--help"]);
    expect(r).toEqual({ code: EXIT.ok, stdout: WORKER_USAGE, stderr: "" });
    for (const flag of ["--redis", "--concurrency", "--shutdown-grace", "--lock-duration-ms", "--stalled-interval-ms", "ROTAMATCH_REDIS_URL"]) expect(WORKER_USAGE).toContain(flag);
  });

  it.each([
    [["worker", "--redis", "http://h:1"], /^rotamatch worker: --redis: the scheme "http:" is not redis: or rediss:/],
    [["worker"], /^rotamatch worker: --redis URL is needed/],
  ])("%j is a usage error, exit 1", async (argv, says) => {
    const r = await cli(argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("says in one line, and exits 1 at once, when nothing listens at --redis", async () => {
    const port = await closedPort();
    const started = performance.now();
    const r = await cli(["worker", "--redis", `redis://127.0.0.1:${port}/0`]);
    const ms = performance.now() - started;
    expect(r).toEqual({ code: EXIT.usage, stdout: "", stderr: `rotamatch worker: cannot reach redis://127.0.0.1:${port}/0 (ECONNREFUSED); is Redis running there?\n` });
    // Refused is known at once: the time is loading the service and BullMQ, not waiting for Redis.
    expect(ms).toBeLessThan(5_000);
  }, 30_000);

  it("gives up on a Redis that never answers after the 5 s connect timeout, in one line", async () => {
    // A listener that takes the connection and never speaks: as a firewalled or hung Redis.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = performance.now();
      const r = await cli(["worker", "--redis", `redis://127.0.0.1:${port}`]);
      const ms = performance.now() - started;
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toMatch(/^rotamatch worker: cannot reach redis:\/\/127\.0\.0\.1:\d+\/0 \([^)]+\); is Redis running there\?\n$/);
      expect(ms).toBeGreaterThan(4_000);
      expect(ms).toBeLessThan(8_000);
    } finally {
      silent.close();
    }
  }, 30_000);
});
