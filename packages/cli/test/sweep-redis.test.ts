/**
 * rotamatch sweep --redis: a sweep fanned out as BullMQ jobs to two `rotamatch worker`
 * processes, killed (SIGKILL) half-way and run again, must print the same JSON report as the
 * in-process sweep of the same seeds, and the second run must reuse what the first finished.
 * Real processes from the TypeScript sources (tsx), a Redis of the test's own
 * (packages/service/test/support/redis-server.ts): skipped with the reason where
 * redis-server is missing, failing instead in CI. The solve threads are the built ones
 * (dist/), which `npm test` builds first.
 *
 * The usage errors and an unreachable Redis need no Redis and run in process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithRedis, redisCommand, startRedis, type RunningRedis } from "../../service/test/support/redis-server.js";
import { EXIT } from "../src/run.js";
import { cli } from "./fixtures/fake-io.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = join(root, "packages/cli/src/cli.ts");
const needed = ["packages/core/dist/index.js", "packages/service/dist/index.js", "packages/service/dist/worker.js", "packages/cli/dist/sweep-worker.js"];
const missing = needed.filter((path) => !existsSync(join(root, path)));

/** A sweep whose runs take about a second each, with some runs invalid, some infeasible. */
const SWEEP = ["sweep", "--trainees", "40", "--members", "25", "--runs", "8", "--capacity-scale", "0.8..1", "--remove-mentors", "3", "--time-limit", "60", "--json"];

describe("sweep --redis without a usable Redis", () => {
  it.each([
    { args: ["--workers", "2"], message: "--workers needs --redis URL" },
    { args: ["--redis", "redis://127.0.0.1:1", "--threads", "2"], message: "--threads is for a sweep without --redis" },
    { args: ["--redis", "redis://127.0.0.1:1", "--workers", "two"], message: "--workers must be a whole number from 0 to 256" },
    { args: ["--redis", "http://127.0.0.1:6379"], message: "--redis: the scheme" },
    { args: ["--redis", "not a url"], message: "--redis: not a URL" },
  ])("$args: a usage error", async ({ args, message }) => {
    const { code, stdout, stderr } = await cli(["sweep", "--trainees", "10", "--members", "8", "--runs", "2", ...args]);
    expect(code).toBe(EXIT.usage);
    expect(stderr.split("\n")[0]).toContain(`rotamatch sweep: ${message}`);
    expect(stdout).toBe("");
  });

  it("an unreachable Redis: one line, exit 1, nothing on stdout", async () => {
    const { code, stdout, stderr } = await cli(["sweep", "--trainees", "10", "--members", "8", "--runs", "2", "--redis", "redis://127.0.0.1:1", "--workers", "0"]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toBe("rotamatch sweep: cannot reach Redis at redis://127.0.0.1:1/0: connect ECONNREFUSED 127.0.0.1:1.\n");
    expect(stdout).toBe("");
  });
});

/** A command-line process from source; its output is collected. */
interface Child {
  readonly process: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function startCli(args: readonly string[]): Child {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const result: Child = {
    process: child,
    stdout: "",
    stderr: "",
    exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))),
  };
  child.stdout?.setEncoding("utf8").on("data", (text: string) => (result.stdout += text));
  child.stderr?.setEncoding("utf8").on("data", (text: string) => (result.stderr += text));
  return result;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeWithRedis("sweep --redis across two worker processes", () => {
  if (missing.length > 0) {
    it.skip(`needs a build (npm run build): ${missing.join(", ")} missing`, () => {});
    return;
  }
  let redis: RunningRedis;
  const workers: Child[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) workers.push(startCli(["worker", "--redis", redis.url, "--concurrency", "1", "--shutdown-grace", "1000"]));
    await waitFor("two workers", () => workers.every((w) => w.stdout.includes('"worker started"')));
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) worker.process.kill("SIGTERM");
    await Promise.all(workers.map((worker) => worker.exited));
    await redis?.stop();
  }, 60_000);

  it("killed half-way and run again, reports what the in-process sweep does, reusing the finished runs", async () => {
    const inProcess = await cli([...SWEEP, "--threads", "2"]);
    expect(inProcess.code).toBe(EXIT.ok);
    const expected: unknown = JSON.parse(inProcess.stdout);

    // The first sweep only enqueues and waits (--workers 0): the two worker processes solve.
    const first = startCli([...SWEEP, "--redis", redis.url, "--workers", "0"]);
    const completed = async () => Number(await redisCommand(redis.port, "ZCARD", "rotamatch:solves:completed"));
    await waitFor("two finished jobs", async () => (await completed()) >= 2, 90_000);
    first.process.kill("SIGKILL");
    await first.exited;
    const finishedBefore = await completed();
    expect(finishedBefore).toBeLessThan(8); // killed half-way, not after the end

    const second = startCli([...SWEEP, "--redis", redis.url, "--workers", "0"]);
    expect(await second.exited).toBe(EXIT.ok);
    const reused = /rotamatch: (\d+) of 8 runs were finished on the queue already/.exec(second.stderr);
    expect(Number(reused?.[1])).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(second.stdout)).toEqual(expected);

    // Both workers solved some of the runs, and no job ran twice: every run is one job.
    for (const worker of workers) expect(worker.stdout).toContain('"job done"');
    const done = workers.flatMap((w) => [...w.stdout.matchAll(/"msg":"job done","job":"([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(done).size).toBe(done.length);

    // Run once more: everything is reused, nothing is solved again.
    const third = startCli([...SWEEP, "--redis", redis.url, "--workers", "0"]);
    expect(await third.exited).toBe(EXIT.ok);
    expect(JSON.parse(third.stdout)).toEqual(expected);
    const doneAfter = workers.flatMap((w) => [...w.stdout.matchAll(/"msg":"job done"/g)]).length;
    expect(doneAfter).toBe(done.length);
  }, 240_000);

  it("--workers 2 solves on this process's own workers, with the same report", async () => {
    const args = ["sweep", "--trainees", "20", "--members", "12", "--runs", "4", "--seed", "101", "--time-limit", "60", "--json"];
    const inProcess = await cli([...args, "--threads", "2"]);
    const own = startCli([...args, "--redis", redis.url, "--workers", "2"]);
    expect(await own.exited).toBe(EXIT.ok);
    expect(JSON.parse(own.stdout)).toEqual(JSON.parse(inProcess.stdout));
  }, 120_000);
});

describeWithRedis("sweep --redis stopped with Ctrl-C", () => {
  if (missing.length > 0) {
    it.skip(`needs a build (npm run build): ${missing.join(", ")} missing`, () => {});
    return;
  }
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
  }, 60_000);

  it("hands the job its own worker is solving back to the queue at once, and exits 130", async () => {
    // One long solve (a national-size network, hosts chosen), on the sweep's own worker only.
    const args = ["sweep", "--trainees", "2000", "--members", "400", "--hosts", "chosen", "--runs", "1", "--time-limit", "120", "--json"];
    const sweep = startCli([...args, "--redis", redis.url, "--workers", "1"]);
    const count = async (list: string) => Number(await redisCommand(redis.port, "LLEN", `rotamatch:solves:${list}`));
    await waitFor("the job to be active", async () => (await count("active")) === 1, 90_000);
    const stopped = Date.now();
    sweep.process.kill("SIGINT");
    expect(await sweep.exited).toBe(130);
    // Well before BullMQ's stalled-job check (30 s) would have noticed.
    expect(Date.now() - stopped).toBeLessThan(15_000);
    expect(await count("active")).toBe(0);
    expect(await count("wait")).toBe(1);
  }, 150_000);
});
