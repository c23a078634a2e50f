/**
 * End to end: the real server on a free port on 127.0.0.1, over HTTP.
 */
import { planSchema } from "@rotamatch/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogRecord } from "../src/app.js";
import { DEFAULT_SERVER_SETTINGS } from "../src/config.js";
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
