/**
 * Reading a job back while its worker finishes it (solve-queue.ts `read`), on a Redis of the
 * test's own: a job read as completed always carries what its worker returned. The service
 * derives `done`, `failed` or `cancelled` from that value, so a completed job read without it
 * shows as failed with no problem (CI saw this once, in redis-jobs-operations.test.ts).
 *
 * The test makes the race happen every time: the job's worker waits for a gate, and the
 * queue's state read opens the gate and waits until the job has completed. A read that took
 * the job's hash before its state would find the job completed and its hash without a return
 * value.
 */
import { Worker } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProblem } from "../src/problem.js";
import { QUEUE_NAME, QUEUE_PREFIX, type SolveJobResult } from "../src/queue/protocol.js";
import { connectionOptions, createSolveQueue, type SolveQueue } from "../src/queue/solve-queue.js";
import { describeWithRedis, startRedis, type RunningRedis } from "./support/redis-server.js";

describeWithRedis("reading a job while its worker finishes it (real Redis)", () => {
  let redis: RunningRedis;
  let queue: SolveQueue;
  let worker: Worker | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    queue = createSolveQueue({ redis: redis.url });
    await queue.ready();
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await redis?.stop();
  });

  it("reads a job that completes during the read with its return value, never as completed without one", async () => {
    const problem = makeProblem("internal-error", "returned by the test's worker");
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    worker = new Worker<unknown, SolveJobResult>(
      QUEUE_NAME,
      async () => {
        await gate;
        return { outcome: "failed", problem };
      },
      { prefix: QUEUE_PREFIX, connection: connectionOptions(redis.url, { maxRetriesPerRequest: null }) },
    );
    const completed = new Promise<void>((resolve) => worker?.on("completed", () => resolve()));
    const { jobId } = await queue.enqueue({ cohortJson: "{}", options: { timeLimitMs: 1_000, backend: null, diagnose: false }, tokenId: null, maxTrainees: 10 });
    const bull = queue.queue;
    const deadline = Date.now() + 30_000;
    while ((await bull.getJobState(jobId)) !== "active" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await bull.getJobState(jobId)).toBe("active");

    // The job completes while the read asks for its state.
    const stateOf = bull.getJobState.bind(bull);
    bull.getJobState = async (id: string) => {
      openGate();
      await completed;
      return stateOf(id);
    };
    try {
      const record = await queue.read(jobId);
      expect(record?.state).toBe("completed");
      expect(record?.result).toEqual({ outcome: "failed", problem });
    } finally {
      bull.getJobState = stateOf;
    }
  }, 60_000);
});
