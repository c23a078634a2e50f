/**
 * Queue benchmark (issue 14): what BullMQ on Redis costs a job, and what a sweep on the queue
 * does with one and with two workers on this machine.
 *
 *     npm run bench:queue [-- --jobs N] [-- --runs N] [-- --write]
 *
 * - Overhead per job: the Romerike 2013 cohort solved N times one after another, first on the
 *   service's solve pool directly (one thread: what an in-memory job runs on), then as jobs on
 *   the queue (enqueue, a `startQueueWorker` of one thread takes it, solves it on the same
 *   kind of pool, the result back through Redis and read by the producer). The cohort is tiny
 *   (8 trainees, a few ms), so the difference is the queue's cost, reported as a ratio and in
 *   ms per job. The two kinds alternate, job by job, so a busy moment of the machine falls on
 *   both alike.
 * - Sweep throughput: the same sweep of generated cohorts (`rotamatch sweep --redis` code,
 *   packages/cli/src/sweep/queue.ts) with one, then two local workers, Redis emptied before
 *   each so nothing is reused; and, for comparison, the in-process sweep on one and two threads.
 *
 * Redis is Debian's redis-server on a free loopback port, started and stopped here
 * (packages/service/test/support/redis-server.ts). Needs the built service and CLI (their
 * solve threads are dist/ files). With --write the section "queue" of docs/benchmarks.md is
 * replaced. Not part of `npm test`.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createSolveQueue, startQueueWorker, type SolveQueue } from "@rotamatch/service";
import { runInWorkers } from "../packages/cli/src/sweep/pool.js";
import { runOnQueue } from "../packages/cli/src/sweep/queue.js";
import type { RunRecord, RunSpec, SweepJob } from "../packages/cli/src/sweep/run-one.js";
import { listCaps } from "../packages/service/src/limits.js";
import { createSolvePool } from "../packages/service/src/pool.js";
import { redisCommand, startRedis } from "../packages/service/test/support/redis-server.js";
import { writeDocSection } from "./support/doc-section.js";
import { median } from "./support/stats.js";

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "40" },
    runs: { type: "string", default: "12" },
    write: { type: "boolean", default: false },
  },
});
const jobs = Number(args.jobs);
const runs = Number(args.runs);
for (const [name, value] of [["--jobs", jobs], ["--runs", runs]] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1`);
}

const romerikeText = readFileSync(new URL("../examples/romerike-2013.json", import.meta.url), "utf8");
const SOLVE_OPTIONS = { timeLimitMs: 30_000, backend: "auto" as const, diagnose: true };
/** The sweep measured: generated cohorts of a size that takes under a second each here. */
const SWEEP_GENERATE = { trainees: 80, members: 40 };
const SWEEP_JOB: SweepJob = { source: { kind: "generate", options: SWEEP_GENERATE }, perturbation: {}, timeLimitMs: 60_000, backend: "auto" };

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** One solve on the pool directly, in ms. */
async function timePool(pool: ReturnType<typeof createSolvePool>): Promise<number> {
  const bytes = new TextEncoder().encode(romerikeText).buffer;
  const started = performance.now();
  const answer = await pool.solve({ bytes, check: { shape: "cohort", caps: listCaps(200) } }, SOLVE_OPTIONS);
  const took = performance.now() - started;
  if ("refused" in answer || !answer.ok || answer.plan.status !== "optimal") throw new Error("the pool did not solve Romerike");
  return took;
}

/** One job through the queue, from enqueue to its result read back, in ms (polled every ms: the producer's side of a job route). */
async function timeQueue(queue: SolveQueue): Promise<number> {
  const started = performance.now();
  const { jobId } = await queue.enqueue({ cohortJson: romerikeText, options: SOLVE_OPTIONS, tokenId: null, maxTrainees: 200, jobId: `bench-${randomUUID()}` });
  for (;;) {
    const read = await queue.read(jobId);
    if (read !== null && read.finishedAt !== null) {
      if (read.result?.outcome !== "done" || read.result.plan.status !== "optimal") throw new Error(`the queue did not solve Romerike: ${JSON.stringify(read.result)}`);
      return performance.now() - started;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const specs = (count: number): RunSpec[] => Array.from({ length: count }, (_, index) => ({ index, seed: 1 + index }));
const feasible = (records: readonly RunRecord[]): number => records.filter((r) => r.status === "optimal" || r.status === "feasible").length;

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const redis = await startRedis();
  const lines: string[] = [];
  try {
    // Overhead per job.
    const pool = createSolvePool({ threads: 1, queue: 0, hardLimitMarginMs: 5_000, heapMb: 512 });
    const worker = startQueueWorker({ redis: redis.url, concurrency: 1 });
    const queue = createSolveQueue({ redis: redis.url });
    await Promise.all([worker.ready(), queue.ready()]);
    // Warm-up: threads started, code compiled, connections open.
    for (let i = 0; i < 3; i++) {
      await timePool(pool);
      await timeQueue(queue);
    }
    const poolMs: number[] = [];
    const queueMs: number[] = [];
    for (let i = 0; i < jobs; i++) {
      poolMs.push(await timePool(pool));
      queueMs.push(await timeQueue(queue));
    }
    await Promise.all([worker.close(), queue.close(), pool.destroy()]);
    const poolMedian = median(poolMs);
    const queueMedian = median(queueMs);
    const overheadMs = queueMedian - poolMedian;
    console.error(`overhead: pool ${fmt(poolMedian)} ms, queue ${fmt(queueMedian)} ms per Romerike job`);

    // Sweep throughput.
    type Row = { label: string; ms: number; records: readonly RunRecord[] };
    const rows: Row[] = [];
    for (const threads of [1, 2]) {
      const started = performance.now();
      const records = await runInWorkers(SWEEP_JOB, specs(runs), { threads });
      rows.push({ label: `in process, ${threads} thread${threads === 1 ? "" : "s"} (\`--threads ${threads}\`)`, ms: performance.now() - started, records });
    }
    for (const workers of [1, 2]) {
      await redisCommand(redis.port, "FLUSHALL");
      const started = performance.now();
      const result = await runOnQueue(SWEEP_JOB, specs(runs), { redis: redis.url, workers });
      if (!result.ok) throw new Error(result.message);
      rows.push({ label: `queue, ${workers} local worker${workers === 1 ? "" : "s"} (\`--redis URL --workers ${workers}\`)`, ms: performance.now() - started, records: result.records });
    }
    const reference = JSON.stringify(rows[0]?.records);
    const same = rows.every((row) => JSON.stringify(row.records) === reference);
    const one = rows.find((row) => row.label.startsWith("queue, 1"));

    // On paper: 500 scenarios of 30 s within an hour.
    const scenarios = 500;
    const solveS = 30;
    const perJobS = solveS + Math.max(0, overheadMs) / 1000;
    const needed = Math.ceil((scenarios * perJobS) / 3600);

    lines.push(
      `Redis: Debian's redis-server ${redisVersion()} on 127.0.0.1, no persistence; the workers and the producer in one process on the same machine.`,
      "",
      `**Overhead per job.** The Romerike 2013 cohort (8 trainees, 14 members) solved ${jobs} times one after another on one solve thread, alternating between the service's solve pool directly (an in-memory job) and a job on the queue (enqueue, a \`startQueueWorker\` of one thread takes it, the plan back through Redis, read by the producer polling every millisecond):`,
      "",
      "| path | median ms per job | ratio |",
      "| --- | ---: | ---: |",
      `| solve pool directly (in-memory job) | ${fmt(poolMedian)} | 1 |`,
      `| BullMQ job on Redis | ${fmt(queueMedian)} | ${(queueMedian / poolMedian).toFixed(1)} |`,
      "",
      `The queue adds about ${fmt(overheadMs)} ms to a job: nothing next to a solve of seconds, and the price of jobs that survive restarts and run on any machine.`,
      "",
      `**Sweep throughput.** \`rotamatch sweep --trainees ${SWEEP_GENERATE.trainees} --members ${SWEEP_GENERATE.members} --runs ${runs}\` (${rows[0] === undefined ? "-" : (rows[0].ms / 1000 / runs).toFixed(2)} s a run on one thread, in process), in process and on the queue with this process's own workers (Redis emptied first, so nothing is reused). ${same ? "Every row made the same records." : "**The rows' records differ** (a solve cut short by its time limit?)."}`,
      "",
      "| sweep | runs | with a plan | wall s | runs/s | vs. queue with 1 worker |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      ...rows.map((row) => `| ${row.label} | ${row.records.length} | ${feasible(row.records)} | ${(row.ms / 1000).toFixed(1)} | ${((row.records.length * 1000) / row.ms).toFixed(2)} | ${one === undefined ? "-" : (one.ms / row.ms).toFixed(2)} |`),
      "",
      `**On paper: a national sweep.** ${scenarios} scenarios of ${solveS} s each are ${((scenarios * solveS) / 3600).toFixed(2)} solve-hours; with the queue's ${fmt(overheadMs)} ms a job that is ${((scenarios * perJobS) / 3600).toFixed(2)} hours of work, so finishing within an hour takes at least **${needed} solves at once** (${needed} worker threads, one core each: \`rotamatch worker --concurrency 2\` on ${Math.ceil(needed / 2)} machines like this one), and one or two more to absorb runs that take their full time limit and the analyst's machine making the ${scenarios} cohorts (with \`--workers 0\`, it only makes, enqueues and checks them).`,
      "",
      `Command: \`npm run bench:queue -- --jobs ${jobs} --runs ${runs} --write\`. Measured on ${os.cpus()[0]?.model ?? "unknown CPU"} (${os.availableParallelism()} logical cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${loadBefore.toFixed(1)} before the run and ${(os.loadavg()[0] ?? 0).toFixed(1)} after it (other work on the machine slows every row alike only roughly: compare rows of one run, as ratios).`,
    );
  } finally {
    await redis.stop();
  }
  const text = lines.join("\n");
  console.log(text);
  if (args.write) writeDocSection("queue", text);
}

/** The version of the redis-server the helper runs (`redis-server --version`). */
function redisVersion(): string {
  const line = spawnSync("redis-server", ["--version"], { encoding: "utf8" }).stdout ?? "";
  return /v=([\d.]+)/.exec(line)?.[1] ?? "";
}

await main();
// The pool's and BullMQ's handles are closed; anything left (a reconnect timer) must not hold the benchmark.
process.exit(0);
