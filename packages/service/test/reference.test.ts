/**
 * The interactive reference page (`/reference`): served from local assets only, with its own
 * Content-Security-Policy, and no other route's policy loosened. In process, with
 * `app.request()`; the built service (dist/, which the root `npm test` builds first) is checked
 * too, since it must find Swagger UI's files, which its build copies into dist/reference/.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REFERENCE_CSP, readReferenceAssets } from "../src/reference.js";
import { inProcessApp, postJson, romerikeText } from "./support.js";

type App = ReturnType<typeof inProcessApp>["app"];

/** Every `src` and `href` value in an HTML text. */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1] ?? "");
}

async function pageOf(app: App): Promise<{ res: Response; html: string; assets: string[] }> {
  const res = await app.request("http://127.0.0.1:3000/reference");
  const html = await res.text();
  const assets = urlsIn(html)
    .filter((u) => u.startsWith("reference/assets/"))
    .map((u) => new URL(u, "http://127.0.0.1:3000/reference").pathname);
  return { res, html, assets };
}

/** The directives of a CSP header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0] !== "")
      .map(([name, ...sources]) => [name ?? "", sources]),
  );
}

describe("GET /reference", () => {
  it("answers the page, with the bundle, the stylesheet and the start script", async () => {
    const { app } = inProcessApp();
    const { res, html, assets } = await pageOf(app);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8$/i);
    expect(html).toContain('<div id="swagger-ui"></div>');
    expect(assets).toHaveLength(4);
    expect(assets.some((a) => /\/swagger-ui-bundle\.[0-9a-f]{12}\.js$/.test(a))).toBe(true);
    expect(assets.some((a) => /\/swagger-ui\.[0-9a-f]{12}\.css$/.test(a))).toBe(true);
    expect(assets.some((a) => /\/start\.[0-9a-f]{12}\.js$/.test(a))).toBe(true);
  });

  it("references only same-origin URLs: no scheme or host in any src or href", async () => {
    const { app } = inProcessApp();
    const { html } = await pageOf(app);
    const urls = urlsIn(html);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      expect(url).not.toMatch(/^[a-z][a-z0-9+.-]*:/i); // no http:, https:, data:, javascript:
      expect(url).not.toMatch(/^\/\//); // no protocol-relative host
      expect(new URL(url, "http://127.0.0.1:3000/reference").origin).toBe("http://127.0.0.1:3000");
    }
    expect(html).not.toMatch(/https?:\/\//);
    // No inline script or style, so the policy needs no hash or nonce.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=/i);
  });

  it("serves every asset with its content type and a long cache lifetime; HEAD too", async () => {
    const { app } = inProcessApp();
    const { assets } = await pageOf(app);
    const types: Record<string, RegExp> = { js: /^text\/javascript; charset=utf-8$/, css: /^text\/css; charset=utf-8$/, png: /^image\/png$/ };
    for (const path of assets) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      const ext = path.split(".").at(-1) ?? "";
      expect(res.headers.get("content-type"), path).toMatch(types[ext] ?? /^$/);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const body = new Uint8Array(await res.arrayBuffer());
      expect(body.length).toBeGreaterThan(100);
      if (ext !== "png") expect(new TextDecoder().decode(body)).not.toContain("sourceMappingURL");
      const head = await app.request(path, { method: "HEAD" });
      expect(head.status).toBe(200);
    }
  });

  it("starts Swagger UI on the service's own /openapi.json, with no validator and no URL box", async () => {
    const { app } = inProcessApp();
    const { assets } = await pageOf(app);
    const start = assets.find((a) => a.includes("/start."));
    const text = await (await app.request(start ?? "")).text();
    expect(text).toContain('new URL("openapi.json", document.baseURI)');
    expect(text).toContain("validatorUrl: null");
    expect(text).toContain('layout: "BaseLayout"');
    expect(text).not.toMatch(/https?:\/\//);
    expect((await app.request("/openapi.json")).status).toBe(200);
  });

  it("answers 404 problem+json for an unknown asset", async () => {
    const { app } = inProcessApp();
    const res = await app.request("/reference/assets/swagger-ui-bundle.000000000000.js");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("is logged under its path, and answers GET and HEAD only", async () => {
    const { app, logs } = inProcessApp();
    await app.request("/reference");
    expect(logs.at(-1)).toMatchObject({ path: "/reference", status: 200 });
    const post = await app.request("/reference", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("needs no token when tokens are configured", async () => {
    const { app } = inProcessApp({ config: { tokens: ["s3cret-token"] } });
    const { res, assets } = await pageOf(app);
    expect(res.status).toBe(200);
    for (const path of assets) expect((await app.request(path)).status).toBe(200);
  });

  it("answers a 404 problem when the assets are not installed", async () => {
    const { app } = inProcessApp({ referenceAssets: null });
    const res = await app.request("/reference");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("swagger-ui-dist");
    expect((await app.request("/health")).status).toBe(200);
  });
});

describe("Content-Security-Policy", () => {
  it("lets the page load from its own origin only", async () => {
    const { app } = inProcessApp();
    const { res } = await pageOf(app);
    const csp = res.headers.get("content-security-policy");
    expect(csp).toBe(REFERENCE_CSP);
    const d = directives(csp);
    expect(d.get("default-src")).toEqual(["'none'"]);
    for (const name of ["script-src", "style-src", "font-src", "connect-src"]) expect(d.get(name), name).toEqual(["'self'"]);
    // Swagger UI's stylesheet draws its icons as data: images; data: names no host.
    expect(d.get("img-src")).toEqual(["'self'", "data:"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    for (const sources of d.values()) {
      for (const source of sources) {
        expect(source).toMatch(/^('self'|'none'|data:|'sha(256|384|512)-[A-Za-z0-9+/=]+')$/);
      }
    }
    expect(csp).not.toContain("unsafe");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it("leaves every other answer at default-src 'none'", async () => {
    const { app } = inProcessApp();
    const { assets } = await pageOf(app);
    const others = [
      await app.request("/health"),
      await app.request("/ready"),
      await app.request("/openapi.json"),
      await app.request("/v1/schema/cohort"),
      await app.request(...postJson("/v1/validate", romerikeText)),
      await app.request("/reference/assets/nothing.js"),
      await app.request("/reference/"),
      await app.request("/reference", { method: "POST" }),
      await app.request("/nope"),
      ...(await Promise.all(assets.map((a) => app.request(a)))),
    ];
    for (const res of others) {
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });
});

describe("the assets", () => {
  it("are Swagger UI's, read once per process from the installed swagger-ui-dist", () => {
    const assets = readReferenceAssets();
    expect(assets).not.toBeNull();
    expect(assets?.version).toMatch(/^5\./);
    expect(readReferenceAssets()).toBe(assets);
    expect(new TextDecoder().decode(assets?.script.body.slice(0, 200_000))).toContain("SwaggerUIBundle");
  });

  it("are found by the built service in dist/", async () => {
    const dist = (await import(new URL("../dist/index.js", import.meta.url).href)) as typeof import("../src/index.js");
    const app = dist.createApp({ solve: () => Promise.reject(new Error("not used")) });
    const res = await app.request("http://127.0.0.1:3000/reference");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(REFERENCE_CSP);
    const html = await res.text();
    const assets = urlsIn(html).filter((u) => u.startsWith("reference/assets/"));
    expect(assets).toHaveLength(4);
    for (const url of assets) expect((await app.request(`/${url}`)).status).toBe(200);
  });

  it("are copied by the build into dist/reference/, with Swagger UI's version and licence", () => {
    // The published service does not depend on swagger-ui-dist (its @scarf/scarf phones home).
    const copied = new URL("../dist/reference/", import.meta.url);
    const manifest = JSON.parse(readFileSync(new URL("swagger-ui-dist.json", copied), "utf8")) as { version: string };
    expect(manifest.version).toBe(readReferenceAssets()?.version);
    for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]) {
      expect(existsSync(new URL(file, copied)), file).toBe(true);
    }
  });
});
