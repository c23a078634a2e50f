/**
 * The web page (`GET /`) and its files (`/app/NAME`): served from the built @rotamatch/web
 * (which the root `npm test` builds first), same-origin only, under the page's own strict
 * Content-Security-Policy, with ETags. In process, with `app.request()`; the browser tests in
 * packages/web/test/browser drive the page itself.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PAGE_CSP, readWebAssets } from "../src/web.js";
import { inProcessApp } from "./support.js";

type App = ReturnType<typeof inProcessApp>["app"];

/** Every `src` and `href` value in an HTML text. */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1] ?? "");
}

async function pageOf(app: App): Promise<{ res: Response; html: string; files: string[] }> {
  const res = await app.request("http://127.0.0.1:3000/");
  const html = await res.text();
  const files = urlsIn(html)
    .filter((u) => u.startsWith("app/"))
    .map((u) => new URL(u, "http://127.0.0.1:3000/").pathname);
  return { res, html, files };
}

describe("GET /", () => {
  it("answers the page with its script, stylesheet and icon, under the page's policy", async () => {
    const { app } = inProcessApp();
    const { res, html, files } = await pageOf(app);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe(PAGE_CSP);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("etag")).toMatch(/^"[\w-]{22}"$/);
    expect(html).toContain('<main id="main"');
    expect(files.sort()).toEqual(["/app/app.css", "/app/app.js", "/app/icon.svg"]);
  });

  it("references same-origin URLs only, and has no inline script or style", async () => {
    const { app } = inProcessApp();
    const { html } = await pageOf(app);
    for (const url of urlsIn(html)) {
      expect(url).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(url).not.toMatch(/^\/\//);
    }
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=/i);
  });

  it("has a policy that allows its own origin only", () => {
    const directives = new Map(PAGE_CSP.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
    expect(directives.get("default-src")).toEqual(["'none'"]);
    for (const name of ["script-src", "style-src", "connect-src"]) expect(directives.get(name), name).toEqual(["'self'"]);
    expect(directives.get("img-src")).toEqual(["'self'", "data:"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(PAGE_CSP).not.toMatch(/unsafe|https?:|\*/);
  });

  it("answers 304 to a request with its ETag; HEAD too", async () => {
    const { app } = inProcessApp();
    const first = await app.request("/");
    const etag = first.headers.get("etag") ?? "";
    const again = await app.request("/", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // The browser takes a 304's headers over those it kept: the policy must be the page's.
    expect(again.headers.get("content-security-policy")).toBe(PAGE_CSP);
    expect((await app.request("/", { headers: { "If-None-Match": '"other"' } })).status).toBe(200);
    expect((await app.request("/", { method: "HEAD" })).status).toBe(200);
  });

  it("answers a 404 problem when the page is not built, and the API still works", async () => {
    const { app } = inProcessApp({ webAssets: null });
    const res = await app.request("/");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.text()).toContain("npm run build");
    expect((await app.request("/health")).status).toBe(200);
  });

  it("needs no token when tokens are configured", async () => {
    const { app } = inProcessApp({ config: { tokens: ["s3cret-token"] } });
    const { res, files } = await pageOf(app);
    expect(res.status).toBe(200);
    for (const path of files) expect((await app.request(path)).status).toBe(200);
    expect((await app.request("/v1/schema/plan")).status).toBe(401);
  });
});

describe("GET /app/NAME", () => {
  it("serves each file with its content type and an ETag, under the service-wide policy", async () => {
    const { app } = inProcessApp();
    const { files } = await pageOf(app);
    const types: Record<string, RegExp> = { js: /^text\/javascript; charset=utf-8$/, css: /^text\/css; charset=utf-8$/, svg: /^image\/svg\+xml$/ };
    for (const path of files) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toMatch(types[path.split(".").at(-1) ?? ""] ?? /^$/);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("etag")).toMatch(/^"/);
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("has a script that loads nothing from another host", async () => {
    const { app } = inProcessApp();
    const script = await (await app.request("/app/app.js")).text();
    expect(script.length).toBeGreaterThan(10_000);
    // The SVG namespace is a name, not an address: createElementNS needs it, and nothing loads it.
    expect(script.replaceAll("http://www.w3.org/2000/svg", "")).not.toMatch(/https?:\/\//);
    expect(script).not.toMatch(/\beval\(|new Function\(/);
  });

  it("serves the bundled Romerike 2013 example", async () => {
    const { app } = inProcessApp();
    const res = await app.request("/app/romerike-2013.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const example = readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8");
    expect(await res.text()).toBe(example);
  });

  it("answers 404 problem+json for an unknown file, and logs the route, not the name", async () => {
    const { app, logs } = inProcessApp();
    const res = await app.request("/app/secret.txt");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(logs.at(-1)).toMatchObject({ path: "/app/{name}", status: 404 });
    expect((await app.request("/app/app.js", { method: "POST" })).status).toBe(405);
    expect((await app.request("/app/a/b.js")).status).toBe(404);
  });
});

describe("the files", () => {
  it("are read once per process from the installed @rotamatch/web", () => {
    const assets = readWebAssets();
    expect(assets).not.toBeNull();
    expect(readWebAssets()).toBe(assets);
    expect([...(assets?.files.keys() ?? [])]).toEqual(expect.arrayContaining(["app.js", "app.css", "icon.svg", "romerike-2013.json"]));
  });

  it("are found by the built service in dist/", async () => {
    const dist = (await import(new URL("../dist/index.js", import.meta.url).href)) as typeof import("../src/index.js");
    const app = dist.createApp({ solve: () => Promise.reject(new Error("not used")) });
    const res = await app.request("http://127.0.0.1:3000/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(PAGE_CSP);
    expect((await app.request("/app/app.js")).status).toBe(200);
  });

  it("are copied by the build into the service's own dist/web/, byte for byte", () => {
    // The published service carries the page: @rotamatch/web is private and not installed with it.
    const copied = new URL("../dist/web/", import.meta.url);
    const built = new URL("../../web/dist/", import.meta.url);
    for (const file of ["index.html", "app/app.js", "app/app.css", "app/icon.svg"]) {
      expect(readFileSync(new URL(file, copied)).equals(readFileSync(new URL(file, built))), file).toBe(true);
    }
  });
});
