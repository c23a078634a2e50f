/**
 * End to end: the real server on a free port on 127.0.0.1, over HTTP.
 */
import { planSchema } from "@rotamatch/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogRecord } from "../src/app.js";
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from "../src/config.js";
import { startServer, type RunningServer } from "../src/server.js";
import { romerike } from "./support.js";

let server: RunningServer;
const logs: LogRecord[] = [];

beforeAll(async () => {
  server = await startServer(
    { ...DEFAULT_SERVER_SETTINGS, port: 0, host: "127.0.0.1", threads: 1, queue: 2, shutdownGraceMs: 5_000 },
    { info: (r) => logs.push(r), error: (r) => logs.push(r) },
  );
});
afterAll(async () => {
  await server?.close();
});

describe("the server over HTTP", () => {
  it("listens on a free port on 127.0.0.1", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it("solves the Romerike 2013 cohort", async () => {
    const res = await fetch(`${server.url}/v1/solve`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Request-Id": "e2e-1" },
      body: JSON.stringify(romerike),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("e2e-1");
    expect(planSchema.parse(await res.json()).status).toBe("optimal");
    expect(logs).toContainEqual(expect.objectContaining({ requestId: "e2e-1", status: 200, solveStatus: "optimal" }));
  });

  it("runs a job: 202 with Location, then polled until done with the plan", async () => {
    const posted = await fetch(`${server.url}/v1/jobs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(romerike),
    });
    expect(posted.status).toBe(202);
    const location = posted.headers.get("location") as string;
    expect(location).toMatch(/^\/v1\/jobs\/[0-9a-f-]{36}$/);
    let job: { state: string; plan: unknown } = (await posted.json()) as never;
    for (let i = 0; i < 200 && (job.state === "queued" || job.state === "running"); i++) {
      await new Promise((r) => setTimeout(r, 50));
      const polled = await fetch(`${server.url}${location}`);
      expect(polled.status).toBe(200);
      job = (await polled.json()) as never;
    }
    expect(job.state).toBe("done");
    expect(planSchema.parse(job.plan).status).toBe("optimal");
    const cancelled = await fetch(`${server.url}${location}`, { method: "DELETE" });
    expect(((await cancelled.json()) as { state: string }).state).toBe("done");
  });

  it("answers health, readiness and errors", async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    const bad = await fetch(`${server.url}/v1/solve`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    const big = await fetch(`${server.url}/v1/validate`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: " ".repeat(DEFAULT_SERVER_SETTINGS.bodyLimitBytes + 1),
    });
    expect(big.status).toBe(413);
  });

  it("closes gracefully: an in-flight solve finishes, then the port is closed", async () => {
    const solving = fetch(`${server.url}/v1/solve`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(romerike),
    });
    await new Promise((r) => setTimeout(r, 20));
    const closing = server.close();
    const res = await solving;
    expect(res.status).toBe(200);
    await closing;
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe("shutdown and admission over HTTP", () => {
  const start = (overrides: Partial<ServerSettings>): Promise<RunningServer> =>
    startServer({ ...DEFAULT_SERVER_SETTINGS, port: 0, host: "127.0.0.1", threads: 1, queue: 8, ...overrides }, { info: () => {}, error: () => {} });
  const postSolve = (url: string): Promise<Response> =>
    fetch(`${url}/v1/solve`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(romerike) });
  const until = async (condition: () => boolean): Promise<void> => {
    for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(condition()).toBe(true);
  };

  it("keeps listening during the grace period: /health 200, /ready shutting-down, new requests 503; the solve in flight finishes", async () => {
    const running = await start({ shutdownGraceMs: 5_000 });
    const solving = postSolve(running.url);
    await until(() => running.pool.inFlight() === 1);
    const closing = running.close();
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
    const ready = await fetch(`${running.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "shutting-down" });
    const refused = await fetch(`${running.url}/v1/validate`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("connection")).toBe("close");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(5);
    expect(await refused.json()).toMatchObject({ type: "https://rotamatch.dev/problems/shutting-down" });
    expect((await solving).status).toBe(200);
    await closing;
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
  });

  it("answers a solve still running when the grace period ends with 503, not a timedout plan", async () => {
    const running = await start({ shutdownGraceMs: 50 });
    const solving = postSolve(running.url);
    await until(() => running.pool.inFlight() === 1);
    const closing = running.close();
    const res = await solving;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ type: "https://rotamatch.dev/problems/shutting-down" });
    await closing;
  });

  it("refuses a solve whose expected wait in the queue exceeds its time limit, with a Retry-After from the solve times", async () => {
    // One thread, nothing measured yet: each solve ahead counts as the 2 s time limit.
    const running = await start({ timeLimitMs: 2_000 });
    try {
      const first = postSolve(running.url);
      await until(() => running.pool.inFlight() === 1);
      const second = postSolve(running.url);
      await until(() => running.pool.inFlight() === 2);
      // The queue has room for 8, but a third would wait about 4 s for a 2 s limit.
      const third = await postSolve(running.url);
      expect(third.status).toBe(503);
      expect(third.headers.get("retry-after")).toBe("2");
      expect(await third.json()).toMatchObject({ type: "https://rotamatch.dev/problems/pool-full" });
      expect((await fetch(`${running.url}/ready`)).status).toBe(503);
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it("tells a refused job to come back when a job could have run (Retry-After from the job time limit), not after 1 s", async () => {
    const running = await start({ jobThreads: 1, jobQueue: 4, jobTimeLimitMs: 120_000 });
    try {
      const post = (): Promise<Response> =>
        fetch(`${running.url}/v1/jobs`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(romerike) });
      expect((await post()).status).toBe(202);
      expect((await post()).status).toBe(202);
      const refused = await post();
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("120");
    } finally {
      await running.close();
    }
  });
});
