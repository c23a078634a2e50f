import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTokenSet, readCredentials, tokenIdOf, tokensEqual } from "../src/auth.js";
import { inProcessApp, postJson } from "./support.js";

const ALPHA = "alpha-token-0123456789abcdef";
const BETA = "beta.token_~+/xyz==";
const PROBLEM = "application/problem+json";
const sha8 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex").slice(0, 8);

function authApp() {
  return inProcessApp({ config: { tokens: [ALPHA, BETA] } });
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

async function expect401(res: Response, challenge: string) {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toBe(PROBLEM);
  expect(res.headers.get("www-authenticate")).toBe(challenge);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: "https://rotamatch.dev/problems/unauthorized", status: 401, title: expect.any(String), detail: expect.any(String) });
  return body;
}

describe("tokensEqual (SHA-256 digests compared with timingSafeEqual)", () => {
  it("is true for equal strings only", () => {
    expect(tokensEqual(ALPHA, ALPHA)).toBe(true);
    expect(tokensEqual(ALPHA, BETA)).toBe(false);
    expect(tokensEqual("", "")).toBe(true);
    expect(tokensEqual("a", "b")).toBe(false);
  });

  it("compares strings of different lengths without throwing (the digests have one length)", () => {
    expect(tokensEqual(ALPHA, ALPHA.slice(0, -1))).toBe(false);
    expect(tokensEqual("", ALPHA)).toBe(false);
    expect(tokensEqual(ALPHA + "x".repeat(10_000), ALPHA)).toBe(false);
  });

  it("agrees with === on random strings", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(tokensEqual(a, b)).toBe(a === b);
        expect(tokensEqual(a, a)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("token ids and token sets", () => {
  it("a token id is the first 8 hex characters of the token's SHA-256", () => {
    expect(tokenIdOf(ALPHA)).toBe(sha8(ALPHA));
    expect(tokenIdOf(ALPHA)).toMatch(/^[0-9a-f]{8}$/);
  });

  it("matches each configured token to its id, and nothing else", () => {
    const set = createTokenSet([ALPHA, BETA, ALPHA]);
    expect(set.ids).toEqual([sha8(ALPHA), sha8(BETA)]);
    expect(set.match(ALPHA)).toBe(sha8(ALPHA));
    expect(set.match(BETA)).toBe(sha8(BETA));
    expect(set.match(ALPHA.toUpperCase())).toBeNull();
    expect(set.match("")).toBeNull();
  });

  it("refuses a token that is not a bearer token, without quoting it", () => {
    expect(() => createTokenSet(["fine", "has space-secret"])).toThrow(/token 2 is not a bearer token/);
    expect(() => createTokenSet(["has space-secret"])).not.toThrow(/secret/);
  });

  it("reads Authorization headers", () => {
    expect(readCredentials(undefined)).toEqual({ kind: "none" });
    expect(readCredentials("")).toEqual({ kind: "none" });
    expect(readCredentials("Basic dXNlcjpwYXNz")).toEqual({ kind: "none" });
    expect(readCredentials("Bearerabc")).toEqual({ kind: "none" });
    expect(readCredentials("Bearer abc")).toEqual({ kind: "bearer", token: "abc" });
    expect(readCredentials("bearer  abc= ")).toEqual({ kind: "bearer", token: "abc=" });
    expect(readCredentials("BEARER abc")).toEqual({ kind: "bearer", token: "abc" });
    expect(readCredentials("Bearer")).toEqual({ kind: "malformed" });
    expect(readCredentials("Bearer a b")).toEqual({ kind: "malformed" });
    expect(readCredentials("Bearer a=b")).toEqual({ kind: "malformed" });
  });
});

describe("without tokens", () => {
  it("every route is open and tokenId is null", async () => {
    const { app, logs } = inProcessApp();
    const res = await app.request(...postJson("/v1/validate", "{}"));
    expect(res.status).toBe(200);
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(logs.find((l) => l.msg === "request")).toMatchObject({ tokenId: null });
  });
});

describe("with tokens", () => {
  it("answers 401 with a Bearer challenge and no error code when there is no token", async () => {
    const { app } = authApp();
    await expect401(await app.request(...postJson("/v1/validate", "{}")), 'Bearer realm="rotamatch"');
    await expect401(await app.request("/v1/schema/cohort"), 'Bearer realm="rotamatch"');
    await expect401(await app.request("/v1/schema/plan", { headers: { Authorization: "Basic dXNlcjpwYXNz" } }), 'Bearer realm="rotamatch"');
  });

  it('answers 401 with error="invalid_token" for a wrong or malformed bearer token', async () => {
    const { app } = authApp();
    const challenge = 'Bearer realm="rotamatch", error="invalid_token"';
    await expect401(await app.request("/v1/schema/plan", bearer("wrong")), challenge);
    await expect401(await app.request("/v1/schema/plan", bearer(ALPHA.slice(0, -1))), challenge);
    await expect401(await app.request("/v1/schema/plan", bearer(`${ALPHA}x`)), challenge);
    await expect401(await app.request("/v1/schema/plan", { headers: { Authorization: "Bearer" } }), challenge);
    await expect401(await app.request("/v1/schema/plan", { headers: { Authorization: "Bearer a b" } }), challenge);
  });

  it("lets either token through, on every /v1 route", async () => {
    const { app } = authApp();
    expect((await app.request(...postJson("/v1/validate", "{}", { Authorization: `Bearer ${ALPHA}` }))).status).toBe(200);
    expect((await app.request("/v1/schema/cohort", bearer(BETA))).status).toBe(200);
    expect((await app.request("/v1/schema/plan", { headers: { Authorization: `bearer ${BETA}` } })).status).toBe(200);
  });

  it("keeps /health, /ready and /openapi.json open", async () => {
    const { app } = authApp();
    for (const path of ["/health", "/ready", "/openapi.json"]) expect((await app.request(path)).status).toBe(200);
  });

  it("answers 401, not 404 or 405, under /v1 without a token; 404 and 405 with one", async () => {
    const { app } = authApp();
    await expect401(await app.request("/v1/nothing-here"), 'Bearer realm="rotamatch"');
    await expect401(await app.request("/v1/solve"), 'Bearer realm="rotamatch"');
    expect((await app.request("/v1/nothing-here", bearer(ALPHA))).status).toBe(404);
    expect((await app.request("/v1/solve", bearer(ALPHA))).status).toBe(405);
    expect((await app.request("/nothing-here")).status).toBe(404);
  });

  it("gives later handlers the token id as c.get(\"tokenId\")", async () => {
    const { app } = authApp();
    app.get("/v1/whoami", (c) => c.text(String(c.get("tokenId"))));
    expect(await (await app.request("/v1/whoami", bearer(ALPHA))).text()).toBe(sha8(ALPHA));
    expect(await (await app.request("/v1/whoami", bearer(BETA))).text()).toBe(sha8(BETA));
    expect((await app.request("/v1/whoami")).status).toBe(401);
  });

  it("logs the token id, never a token, whether the token is good, wrong or close", async () => {
    const { app, logs } = authApp();
    await app.request("/v1/schema/plan", bearer(ALPHA));
    await app.request("/v1/schema/plan", bearer(BETA));
    await app.request("/v1/schema/plan", bearer(`${ALPHA}x`));
    await app.request("/v1/schema/plan", bearer("wrong-token-guess"));
    const lines = logs.filter((l) => l.msg === "request");
    expect(lines.map((l) => [l.status, l.tokenId])).toEqual([
      [200, sha8(ALPHA)],
      [200, sha8(BETA)],
      [401, null],
      [401, null],
    ]);
    const text = JSON.stringify(logs);
    for (const secret of [ALPHA, BETA, "wrong-token-guess", "alpha-token", "beta.token"]) expect(text).not.toContain(secret);
  });

  it("refuses to start with a token that is not a bearer token", () => {
    expect(() => inProcessApp({ config: { tokens: ["not a token"] } })).toThrow(/not a bearer token/);
  });
});

describe("random Authorization headers", () => {
  const { app } = authApp();
  const headerChar = fc.constantFrom(..." \t!\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~é\u00ff");
  const header = fc.oneof(
    fc.string({ unit: headerChar, maxLength: 80 }),
    fc.string({ unit: headerChar, maxLength: 80 }).map((s) => `Bearer ${s}`),
    fc.constantFrom(ALPHA, BETA).map((t) => `Bearer ${t}`),
    fc.string({ unit: "binary", maxLength: 40 }),
  );

  it("never give a 500: only 200 for a configured token, otherwise 401 problem+json", async () => {
    await fc.assert(
      fc.asyncProperty(header, async (value) => {
        let headers: Headers;
        try {
          headers = new Headers({ Authorization: value });
        } catch {
          return; // not a value an HTTP client can send
        }
        const res = await app.request("/v1/schema/plan", { headers });
        const sent = headers.get("authorization") ?? "";
        const good = [ALPHA, BETA].some((t) => new RegExp(`^[ \\t]*bearer[ \\t]+${t.replace(/[.+/=]/g, "\\$&")}[ \\t]*$`, "i").test(sent));
        expect(res.status).toBe(good ? 200 : 401);
        if (!good) {
          expect(res.headers.get("content-type")).toBe(PROBLEM);
          expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="rotamatch"/);
          await res.json();
        }
      }),
      { numRuns: 300 },
    );
  });
});
