/**
 * The protocol edges: 413 after draining a bounded body (else `Connection: close`) and no `100 Continue`, the request and
 * header timeouts and the connection cap against the real server on a free loopback port;
 * encoded bodies, security headers and the shutdown's answers in process; the admission
 * estimate on its own.
 */
import { request as httpRequest, Agent, type IncomingHttpHeaders } from "node:http";
import { connect, type Socket } from "node:net";
import { gzipSync, deflateSync, brotliCompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoadEstimate } from "../src/admission.js";
import { DEFAULT_SERVER_SETTINGS, readSettings, type ServerSettings } from "../src/config.js";
import { ShuttingDownError } from "../src/errors.js";
import { bodyLimitOf, timeoutOptions } from "../src/protocol.js";
import { startServer, type RunningServer } from "../src/server.js";
import { inProcessApp, postJson, romerikeText } from "./support.js";

const quiet = { info: () => {}, error: () => {} };
const LIMITS = { bodyLimitBytes: 1_000, jobBodyLimitBytes: 4_000 };

/** A real server with small limits and short timeouts. */
function start(overrides: Partial<ServerSettings> = {}): Promise<RunningServer> {
  return startServer(
    {
      ...DEFAULT_SERVER_SETTINGS,
      ...LIMITS,
      port: 0,
      host: "127.0.0.1",
      threads: 1,
      queue: 1,
      jobThreads: 1,
      requestTimeoutMs: 600,
      headersTimeoutMs: 600,
      shutdownGraceMs: 1_000,
      ...overrides,
    },
    quiet,
  );
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request through `agent`; the body is sent as it is (no `Expect`). */
/** A request on `agent`; a body given as a list of chunks is sent chunked, with no declared length. */
function send(agent: Agent, url: string, method: string, body: string | readonly string[] | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent, headers: body === null ? {} : { "Content-Type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    // The server may close while the rest of a refused body is still being written (and, for a
    // chunked body it does not drain, reset the connection under it).
    const tolerated = Array.isArray(body) ? ["EPIPE", "ECONNRESET"] : ["EPIPE"];
    req.on("error", (error: NodeJS.ErrnoException) => (tolerated.includes(error.code ?? "") ? undefined : reject(error)));
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body ?? undefined);
  });
}

/**
 * Writes `head` on a raw connection, then `trickle` one byte every `everyMs`, and collects what
 * the server says until it closes the connection (or `giveUpMs` passes).
 */
function rawExchange(
  port: number,
  head: string,
  { trickle = 0, everyMs = 100, giveUpMs = 5_000 }: { trickle?: number; everyMs?: number; giveUpMs?: number } = {},
): Promise<{ text: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket: Socket = connect(port, "127.0.0.1");
    let text = "";
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle && !socket.destroyed) {
        socket.write("x");
        sent += 1;
      }
    }, everyMs);
    const done = (closed: boolean): void => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ text, closedAfterMs: closed ? performance.now() - started : null });
    };
    const giveUp = setTimeout(() => done(false), giveUpMs);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => done(true));
    socket.write(head);
  });
}

describe("413 on a kept-alive connection", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ["a declared length over the limit", "/v1/validate", "x".repeat(200_000)],
    ["a job's body over the job limit", "/v1/jobs", "x".repeat(200_000)],
    ["a body just over the limit", "/v1/validate", "x".repeat(LIMITS.bodyLimitBytes + 1)],
  ])("answers %s after draining the body, keeping the connection for the agent's next request", async (_name, path, body) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let round = 0; round < 3; round++) {
        const refused = await send(agent, `${server.url}${path}`, "POST", body);
        expect(refused.status).toBe(413);
        expect(refused.headers.connection).toBe("keep-alive");
        expect(JSON.parse(refused.body)).toMatchObject({ type: "https://rotamatch.dev/problems/body-too-large" });
        const next = await send(agent, `${server.url}/health`, "GET", null);
        expect(next.status).toBe(200);
      }
    } finally {
      agent.destroy();
    }
  });

  it("closes the connection after a 413 on a chunked body (no declared length to drain), and the next request succeeds", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, `${server.url}/v1/validate`, "POST", Array.from({ length: 40 }, () => "x".repeat(64 * 1024)));
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe("close");
      const next = await send(agent, `${server.url}/health`, "GET", null);
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("keeps the connection alive after an answer for which the whole body was read", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answer = await send(agent, `${server.url}/v1/validate`, "POST", "{");
      expect(answer.status).toBe(400);
      expect(answer.headers.connection).toBe("keep-alive");
    } finally {
      agent.destroy();
    }
  });

  it("sends no 100 Continue for a declared length over the route's limit, only the 413", async () => {
    const head = (path: string, length: number): string =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;
    const refused = await rawExchange(server.port, head("/v1/validate", 5_000_000));
    expect(refused.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(refused.text).not.toContain("100 Continue");
    expect(refused.text).toMatch(/\r\nConnection: close\r\n/i);
    expect(refused.closedAfterMs).not.toBeNull();
    // Within the limit (the job route's is bigger): 100 Continue, as the client asked.
    const asked = await rawExchange(server.port, head("/v1/jobs", 3_000), { giveUpMs: 300 });
    expect(asked.text).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
  });

  it("knows each route's limit as the app applies it", () => {
    expect(bodyLimitOf("/v1/jobs", LIMITS)).toBe(4_000);
    expect(bodyLimitOf("/v1/export?format=csv", LIMITS)).toBe(4_000);
    expect(bodyLimitOf("/v1/import/plan", LIMITS)).toBe(4_000);
    expect(bodyLimitOf("/v1/solve", LIMITS)).toBe(1_000);
    expect(bodyLimitOf("/v1/import", LIMITS)).toBe(1_000);
  });
});

describe("slow clients and the connection cap", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start({ maxConnections: 3 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("cuts off a client that sends its headers, then trickles the body, after the request timeout", async () => {
    const head = "POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n";
    const { text, closedAfterMs } = await rawExchange(server.port, head, { trickle: 900, everyMs: 50 });
    expect(closedAfterMs).not.toBeNull();
    // 600 ms configured, checked every 150 ms (Node's own default would be 300 s).
    expect(closedAfterMs as number).toBeGreaterThan(500);
    expect(closedAfterMs as number).toBeLessThan(2_000);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("cuts off a client that trickles its headers, after the header timeout", async () => {
    const { closedAfterMs } = await rawExchange(server.port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ", { trickle: 100, everyMs: 50 });
    expect(closedAfterMs).not.toBeNull();
    expect(closedAfterMs as number).toBeLessThan(2_000);
  });

  it("closes a connection beyond the cap at once, and serves again when one is freed", async () => {
    const open = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(server.port, "127.0.0.1", () => resolve(socket));
          }),
      ),
    );
    // Node counts a connection once it has accepted it.
    await new Promise((r) => setTimeout(r, 50));
    const extra = await rawExchange(server.port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", { giveUpMs: 1_000 });
    expect(extra.text).toBe("");
    expect(extra.closedAfterMs).not.toBeNull();
    for (const socket of open) socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const served = await rawExchange(server.port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(served.text).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("checks the timeouts often enough for short ones, and never lets the header timeout exceed the request timeout", () => {
    expect(timeoutOptions({ requestTimeoutMs: 60_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 9 })).toEqual({
      requestTimeout: 60_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
    });
    expect(timeoutOptions({ requestTimeoutMs: 400, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 9 })).toMatchObject({
      headersTimeout: 400,
      connectionsCheckingInterval: 100,
    });
  });
});

describe("encoded bodies", () => {
  const { app } = inProcessApp({ config: { bodyLimitBytes: 100_000 } });
  const post = (body: Uint8Array | string, encoding: string): Promise<Response> =>
    Promise.resolve(app.request("/v1/validate", { method: "POST", body, headers: { "Content-Type": "application/json", "Content-Encoding": encoding } }));

  it.each([
    ["gzip", gzipSync],
    ["x-gzip", gzipSync],
    ["deflate", deflateSync],
    ["GZIP, identity", gzipSync],
  ] as const)("decodes a %s body", async (encoding, compress) => {
    const res = await post(compress(romerikeText), encoding);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ valid: true, issues: [] });
  });

  it("limits the decoded size: a small body that inflates past the limit is a 413", async () => {
    const bomb = gzipSync(" ".repeat(50_000_000));
    expect(bomb.byteLength).toBeLessThan(100_000);
    const res = await post(bomb, "gzip");
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ type: "https://rotamatch.dev/problems/body-too-large" });
  });

  it.each([
    ["br", brotliCompressSync(romerikeText)],
    ["compress", romerikeText],
    ["gzip, gzip", gzipSync(gzipSync(romerikeText))],
  ] as const)("answers any other coding (%s) with 415 and Accept-Encoding", async (encoding, body) => {
    const res = await post(body, encoding);
    expect(res.status).toBe(415);
    expect(res.headers.get("accept-encoding")).toBe("gzip, deflate");
    expect(await res.json()).toMatchObject({ type: "https://rotamatch.dev/problems/unsupported-encoding" });
  });

  it("answers a body that is not what its coding says with 400, not a 500", async () => {
    const res = await post(romerikeText, "gzip");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: "https://rotamatch.dev/problems/invalid-request" });
  });

  it("decodes a gzip body on the real server too", async () => {
    const server = await start({ bodyLimitBytes: 100_000 });
    try {
      const res = await fetch(`${server.url}/v1/validate`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Encoding": "gzip" },
        body: gzipSync(romerikeText),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ valid: true, issues: [] });
    } finally {
      await server.close();
    }
  });
});

describe("security headers", () => {
  it("frames nowhere (X-Frame-Options DENY, as frame-ancestors 'none') and sends no HSTS over plain HTTP", async () => {
    const { app } = inProcessApp();
    for (const path of ["/health", "/v1/schema/cohort", "/no-such-path"]) {
      const res = await app.request(path);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("strict-transport-security")).toBeNull();
    }
  });
});

describe("shutting down", () => {
  it("answers 503 shutting-down with the grace left in Retry-After, except /health and /ready", async () => {
    const { app } = inProcessApp({ shuttingDown: () => 7.2 });
    const solve = await app.request(...postJson("/v1/solve", romerikeText));
    expect(solve.status).toBe(503);
    expect(solve.headers.get("retry-after")).toBe("8");
    expect(await solve.json()).toMatchObject({ type: "https://rotamatch.dev/problems/shutting-down" });
    expect((await app.request("/v1/jobs/some-id")).status).toBe(503);
    expect((await app.request("/health")).status).toBe(200);
    const ready = await app.request("/ready");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "shutting-down" });
  });

  it("answers a solve the shutdown ended with 503, not a plan", async () => {
    const { app } = inProcessApp({
      solve: () => Promise.reject(new ShuttingDownError()),
    });
    const res = await app.request(...postJson("/v1/solve", romerikeText));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({ type: "https://rotamatch.dev/problems/shutting-down" });
  });
});

describe("the admission estimate", () => {
  it("expects no wait while a thread is free, then (ahead + 1) x typical / threads", () => {
    const load = createLoadEstimate({ threads: 2, timeLimitMs: 10_000 });
    expect(load.typicalMs()).toBe(10_000);
    expect(load.expectedWaitMs(1)).toBe(0);
    expect(load.expectedWaitMs(2)).toBe(5_000);
    expect(load.expectedWaitMs(3)).toBe(10_000);
    expect(load.canStartInTime(3)).toBe(true);
    expect(load.canStartInTime(4)).toBe(false);
    expect(load.retryAfterSeconds(4, 1)).toBe(5);
  });

  it("learns the typical run time from recent runs", () => {
    const load = createLoadEstimate({ threads: 1, timeLimitMs: 10_000 });
    load.record(1_000);
    expect(load.typicalMs()).toBe(1_000);
    load.record(2_000);
    expect(load.typicalMs()).toBe(1_200);
    // Eight solves ahead at about 1.2 s each start within the 10 s limit; a ninth would not.
    expect(load.canStartInTime(8)).toBe(true);
    expect(load.canStartInTime(9)).toBe(false);
    expect(load.retryAfterSeconds(0, 1)).toBe(2);
    expect(load.retryAfterSeconds(0, 5)).toBe(5);
  });
});

describe("the connection settings", () => {
  it("are read from flags and the environment, with Node's 300 s default replaced", () => {
    expect(DEFAULT_SERVER_SETTINGS).toMatchObject({ requestTimeoutMs: 60_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_024 });
    const read = readSettings(["--request-timeout", "500", "--headers-timeout=400", "--max-connections", "7"], { ROTAMATCH_KEEP_ALIVE_TIMEOUT_MS: "900" });
    expect(read).toMatchObject({ ok: true, settings: { requestTimeoutMs: 500, headersTimeoutMs: 400, keepAliveTimeoutMs: 900, maxConnections: 7 } });
    expect(readSettings(["--max-connections", "0"], {})).toMatchObject({ ok: false });
  });
});
