/**
 * The working group's page (`GET /`) and its files (`GET /app/NAME`), built by the private
 * `@rotamatch/web` package (packages/web/dist) and copied by the service's build into its own
 * dist/web/, so that the published service carries them: the HTML, the script, the stylesheet,
 * the icon and the bundled Romerike 2013 example (JSON, and the workbook when the sheets package
 * made it). Nothing comes from a CDN. Like reference.ts, two parts: `readWebAssets()` reads the
 * files (Node), `webRoutes()` / `pagePolicy()` wire them into a hono app (no Node).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Env, Hono, MiddlewareHandler } from "hono";
import { makeProblem, problemResponse } from "./problem.js";

/** One file, with its strong ETag (a content hash), for conditional requests. */
export interface WebAsset {
  readonly name: string;
  readonly contentType: string;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly etag: string;
}

export interface WebAssets {
  /** The page itself, served at `/`. */
  readonly page: WebAsset;
  /** The page's files by name, served at `/app/NAME`. */
  readonly files: ReadonlyMap<string, WebAsset>;
}

export const WEB_ASSETS_PATH = "/app";

/**
 * The page's Content-Security-Policy: its own origin only, no inline script or style (the
 * page has none), `connect-src 'self'` for its calls to the API, `img-src data:` for inline
 * images in the stylesheet. Downloads are made from `blob:` URLs, which CSP does not govern.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

let cached: WebAssets | null | undefined;

/**
 * Where the built page is: dist/web/ next to the built code (see tsup.config.ts), which is all
 * an installed package has; else, running from `src/` in the repository (the tests), the
 * workspace's `@rotamatch/web` (a devDependency) and its dist/, which is always the newest build.
 */
function pageFiles(): string {
  const copied = fileURLToPath(new URL("./web/", import.meta.url));
  if (existsSync(join(copied, "index.html"))) return copied;
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@rotamatch/web/package.json")), "dist");
}

/**
 * Reads the built page (see `pageFiles`), once per process. Null when it is missing or not
 * built: the service then answers `/` with a 404 problem that says so.
 */
export function readWebAssets(): WebAssets | null {
  if (cached !== undefined) return cached;
  try {
    const dist = pageFiles();
    const read = (path: string, name: string): WebAsset => makeAsset(name, new Uint8Array(readFileSync(path)));
    const files = readdirSync(join(dist, "app"))
      .filter((name) => Object.hasOwn(CONTENT_TYPES, extname(name)))
      .map((name) => read(join(dist, "app", name), name));
    cached = { page: read(join(dist, "index.html"), "index.html"), files: new Map(files.map((f) => [f.name, f])) };
  } catch {
    cached = null;
  }
  return cached;
}

function makeAsset(name: string, body: Uint8Array<ArrayBuffer>): WebAsset {
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 22);
  return { name, contentType: CONTENT_TYPES[extname(name)] ?? "application/octet-stream", body, etag: `"${hash}"` };
}

/**
 * Middleware for `/` only, registered before `secureHeaders` so that it runs after it on the
 * way out: the page's HTML gets `PAGE_CSP` instead of the service-wide `default-src 'none'`.
 * A 304 gets it too, since a browser takes the headers of a 304 over those it kept.
 */
export function pagePolicy<E extends Env>(): MiddlewareHandler<E> {
  return async (c, next) => {
    await next();
    if ((c.res.status === 200 || c.res.status === 304) && (c.res.headers.get("content-type") ?? "").startsWith("text/html")) {
      c.res.headers.set("Content-Security-Policy", PAGE_CSP);
    }
  };
}

/**
 * Adds `GET /` (the page) and `GET /app/:name` (its files). Every answer is `no-cache` with an
 * ETag: browsers keep the files and ask with `If-None-Match` (304 when unchanged), so a new
 * version of the service is picked up at once and versions never mix. `assets` is read on the
 * first request (building an app costs nothing).
 */
export function webRoutes<E extends Env>(app: Hono<E>, assets: WebAssets | null | (() => WebAssets | null)): void {
  let served: WebAssets | null | undefined;
  const serve = () => (served ??= typeof assets === "function" ? assets() : assets);
  const answer = (asset: WebAsset, ifNoneMatch: string | undefined): Response => {
    const headers = { "Content-Type": asset.contentType, "Cache-Control": "no-cache", ETag: asset.etag };
    const matches = ifNoneMatch?.split(",").some((tag) => tag.trim() === asset.etag || tag.trim() === "*") ?? false;
    return matches ? new Response(null, { status: 304, headers }) : new Response(asset.body, { status: 200, headers });
  };
  app.get("/", (c) => {
    const files = serve();
    if (files === null) {
      return problemResponse(
        makeProblem("not-found", "The web page is not built (run `npm run build`); the API works, and /reference describes it."),
      );
    }
    return answer(files.page, c.req.header("if-none-match"));
  });
  app.get(`${WEB_ASSETS_PATH}/:name`, (c) => {
    const asset = serve()?.files.get(c.req.param("name"));
    if (asset === undefined) return problemResponse(makeProblem("not-found", "There is no such file of the web page."));
    return answer(asset, c.req.header("if-none-match"));
  });
}
