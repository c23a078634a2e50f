import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../src/rate-limit.js";
import { inProcessApp, postJson } from "./support.js";

const PROBLEM = "application/problem+json";

/** A clock the test moves by hand. */
function fakeClock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** Node's conninfo bindings as `@hono/node-server` passes them, for one client address. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 40_000, remoteFamily: "IPv4" } } });

function rateHeaders(res: Response) {
  return {
    limit: res.headers.get("ratelimit-limit"),
    remaining: res.headers.get("ratelimit-remaining"),
    reset: res.headers.get("ratelimit-reset"),
  };
}

describe("createRateLimiter", () => {
  it("allows `limit` requests per window, then refuses until the window ends", () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 3, windowMs: 10_000, now: clock.now });
    expect(limiter.take("a")).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 10 });
    clock.advance(2_500);
    expect(limiter.take("a")).toEqual({ allowed: true, limit: 3, remaining: 1, resetSeconds: 8 });
    expect(limiter.take("a")).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take("a")).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 8 });
    clock.advance(7_499);
    expect(limiter.take("a")).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 1 });
    clock.advance(1);
    expect(limiter.take("a")).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 10 });
  });

  it("counts each key on its own", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, now: fakeClock().now });
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("drops ended windows and never holds more than maxKeys keys", () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, now: clock.now, maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) limiter.take(`client-${i}`);
    expect(limiter.size()).toBe(100);
    // The newest keys are the ones kept.
    expect(limiter.take("client-999").allowed).toBe(false);
    clock.advance(1_000);
    limiter.take("someone");
    expect(limiter.size()).toBe(1);
  });

  it("refuses a limit below 1 and a window of no length", () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

describe("the rate limit in the app", () => {
  it("is off by default: no RateLimit headers", async () => {
    const { app } = inProcessApp();
    const res = await app.request("/v1/schema/plan");
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-limit")).toBeNull();
  });

  it("adds RateLimit headers, answers 429 with Retry-After over the limit, and resets with the window", async () => {
    const clock = fakeClock();
    const { app } = inProcessApp({ config: { rateLimit: 2, rateWindowSeconds: 60 }, now: clock.now });
    const first = await app.request("/v1/schema/plan");
    expect(first.status).toBe(200);
    expect(rateHeaders(first)).toEqual({ limit: "2", remaining: "1", reset: "60" });
    expect(first.headers.get("ratelimit-policy")).toBe("2;w=60");
    clock.advance(15_000);
    const second = await app.request(...postJson("/v1/validate", "{}"));
    expect(second.status).toBe(200);
    expect(rateHeaders(second)).toEqual({ limit: "2", remaining: "0", reset: "45" });

    const refused = await app.request("/v1/schema/plan");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe(PROBLEM);
    expect(refused.headers.get("retry-after")).toBe("45");
    expect(rateHeaders(refused)).toEqual({ limit: "2", remaining: "0", reset: "45" });
    expect(await refused.json()).toMatchObject({ type: "https://rotamatch.dev/problems/rate-limited", status: 429, title: expect.any(String), detail: expect.any(String) });

    clock.advance(45_000);
    const again = await app.request("/v1/schema/plan");
    expect(again.status).toBe(200);
    expect(rateHeaders(again)).toEqual({ limit: "2", remaining: "1", reset: "60" });
  });

  it("puts the headers on error answers under /v1 too, and leaves /health, /ready and /openapi.json alone", async () => {
    const { app } = inProcessApp({ config: { rateLimit: 5 }, now: fakeClock().now });
    const unsupported = await app.request("/v1/validate", { method: "POST", body: "{}" });
    expect(unsupported.status).toBe(415);
    expect(rateHeaders(unsupported)).toMatchObject({ limit: "5", remaining: "4" });
    const missing = await app.request("/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect(rateHeaders(missing)).toMatchObject({ remaining: "3" });
    for (const path of ["/health", "/ready", "/openapi.json"]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
    }
    expect(rateHeaders(await app.request("/v1/schema/plan"))).toMatchObject({ remaining: "2" });
  });

  it("counts each token on its own, and does not count refused tokens", async () => {
    const [alpha, beta] = ["alpha-token-0123456789", "beta-token-0123456789"];
    const { app } = inProcessApp({ config: { tokens: [alpha, beta], rateLimit: 1 }, now: fakeClock().now });
    const as = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    expect((await app.request("/v1/schema/plan")).status).toBe(401);
    expect((await app.request("/v1/schema/plan", as("wrong"))).status).toBe(401);
    expect((await app.request("/v1/schema/plan", as(alpha))).status).toBe(200);
    expect((await app.request("/v1/schema/plan", as(alpha))).status).toBe(429);
    expect((await app.request("/v1/schema/plan", as(beta))).status).toBe(200);
  });

  it("without tokens, counts each client address under the Node server, and all clients together elsewhere", async () => {
    const { app } = inProcessApp({ config: { rateLimit: 1 }, now: fakeClock().now });
    expect((await app.request("/v1/schema/plan", {}, from("10.0.0.1"))).status).toBe(200);
    expect((await app.request("/v1/schema/plan", {}, from("10.0.0.1"))).status).toBe(429);
    expect((await app.request("/v1/schema/plan", {}, from("10.0.0.2"))).status).toBe(200);
    // No Node request in the bindings (app.request without them): one shared key.
    expect((await app.request("/v1/schema/plan")).status).toBe(200);
    expect((await app.request("/v1/schema/plan")).status).toBe(429);
  });
});
