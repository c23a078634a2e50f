/**
 * The interactive API reference page (`GET /reference`), served entirely by the service:
 * Swagger UI's browser bundle, which the build copies from the `swagger-ui-dist` package into
 * dist/reference/ (so that the published package does not depend on swagger-ui-dist, whose
 * dependency @scarf/scarf phones home on install), read once per process, plus a small start
 * script of ours, so the page works on a network with no internet. The page reads
 * `/openapi.json` from the same origin.
 *
 * Two parts: `readReferenceAssets()` reads the files (the one place besides server.ts that
 * touches Node; a caller on another runtime passes its own `ReferenceAssets` or `null` to
 * `createApp`), and `referenceRoutes()` / `referencePolicy()` wire them into a hono app with
 * no Node at all.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Env, Hono, MiddlewareHandler } from "hono";
import { makeProblem, problemResponse } from "./problem.js";

/** One file the page loads, under `/reference/assets/<name>`. */
export interface ReferenceAsset {
  /** The file name in the URL, with a content hash so it can be cached for good. */
  readonly name: string;
  readonly contentType: string;
  readonly body: Uint8Array<ArrayBuffer>;
}

export interface ReferenceAssets {
  /** The Swagger UI version served (shown in docs and logs, never needed by the page). */
  readonly version: string;
  readonly script: ReferenceAsset;
  readonly style: ReferenceAsset;
  readonly start: ReferenceAsset;
  readonly icon: ReferenceAsset;
}

/** Where the page lives and where it finds the API description, relative to the site root. */
export const REFERENCE_PATH = "/reference";
export const REFERENCE_ASSETS_PATH = "/reference/assets";
const OPENAPI_URL = "openapi.json";

/**
 * The page's Content-Security-Policy: its own origin only. `img-src` also allows `data:`
 * because Swagger UI's stylesheet draws its icons (arrows, locks, checkboxes) as inline
 * `data:` SVG and PNG images; `data:` is no host, so nothing is fetched from anywhere else.
 * No inline script or style is used, so no hash or nonce is needed.
 */
export const REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Assets never change under a name (the name holds a hash of the content). */
const ASSET_CACHE = "public, max-age=31536000, immutable";

/**
 * The script that starts Swagger UI on the page. Swagger UI's own topbar (a box to load any
 * URL) is left out; the validator badge, which would call validator.swagger.io, is off.
 */
const START_SCRIPT = `"use strict";
window.addEventListener("DOMContentLoaded", function () {
  window.ui = window.SwaggerUIBundle({
    url: new URL(${JSON.stringify(OPENAPI_URL)}, document.baseURI).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    tryItOutEnabled: false,
    displayRequestDuration: true,
  });
});
`;

let cached: ReferenceAssets | null | undefined;

/**
 * Where Swagger UI's files are, and the JSON file that holds its version: dist/reference/ next
 * to the built code (the build copies them there with a `swagger-ui-dist.json`, see
 * tsup.config.ts), which is all an installed package has; else, running from `src/` in the
 * repository (the tests), the `swagger-ui-dist` package itself, a devDependency.
 */
function swaggerUiFiles(): { root: string; manifest: string } {
  const copied = fileURLToPath(new URL("./reference/", import.meta.url));
  if (existsSync(join(copied, "swagger-ui-dist.json"))) return { root: copied, manifest: "swagger-ui-dist.json" };
  const require = createRequire(import.meta.url);
  return { root: dirname(require.resolve("swagger-ui-dist/package.json")), manifest: "package.json" };
}

/**
 * Reads Swagger UI's bundle, stylesheet and icon (see `swaggerUiFiles`), once per process
 * (about 30 ms, the bundle being 1.7 MB).
 * Returns null when the files cannot be found or read: the service then runs without the page.
 */
export function readReferenceAssets(): ReferenceAssets | null {
  if (cached !== undefined) return cached;
  try {
    const { root, manifest } = swaggerUiFiles();
    const { version } = JSON.parse(readFileSync(join(root, manifest), "utf8")) as { version: string };
    const read = (file: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(join(root, file)));
    cached = {
      version,
      script: makeAsset("swagger-ui-bundle", "js", "text/javascript; charset=utf-8", withoutSourceMap(read("swagger-ui-bundle.js"))),
      style: makeAsset("swagger-ui", "css", "text/css; charset=utf-8", withoutSourceMap(read("swagger-ui.css"))),
      start: makeAsset("start", "js", "text/javascript; charset=utf-8", new TextEncoder().encode(START_SCRIPT)),
      icon: makeAsset("favicon", "png", "image/png", read("favicon-32x32.png")),
    };
  } catch {
    cached = null;
  }
  return cached;
}

function makeAsset(base: string, ext: string, contentType: string, body: Uint8Array<ArrayBuffer>): ReferenceAsset {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { name: `${base}.${hash}.${ext}`, contentType, body };
}

/**
 * Drops the trailing `sourceMappingURL` comment: the maps are not served, and a browser with
 * its developer tools open would otherwise ask for them and log a 404.
 */
function withoutSourceMap(body: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const text = new TextDecoder().decode(body);
  return new TextEncoder().encode(text.replace(/\n?(\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=\S+ ?\*\/)\s*$/, "\n"));
}

/** The HTML of the page. Every URL in it is relative, so it also works behind a path prefix. */
export function referencePage(assets: ReferenceAssets): string {
  const asset = (a: ReferenceAsset) => `reference/assets/${a.name}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>rotamatch API reference</title>
    <link rel="icon" type="image/png" href="${asset(assets.icon)}">
    <link rel="stylesheet" href="${asset(assets.style)}">
  </head>
  <body>
    <noscript>This page needs JavaScript. The API description itself is at <a href="${OPENAPI_URL}">/openapi.json</a>.</noscript>
    <div id="swagger-ui"></div>
    <script src="${asset(assets.script)}"></script>
    <script src="${asset(assets.start)}"></script>
  </body>
</html>
`;
}

/**
 * Middleware for `/reference` only, to be registered before `secureHeaders` so that it runs
 * after it on the way out: it replaces the service-wide `default-src 'none'` policy with
 * `REFERENCE_CSP` on the page's own HTML answer, and nowhere else.
 */
export function referencePolicy<E extends Env>(): MiddlewareHandler<E> {
  return async (c, next) => {
    await next();
    if (c.res.status === 200 && (c.res.headers.get("content-type") ?? "").startsWith("text/html")) {
      c.res.headers.set("Content-Security-Policy", REFERENCE_CSP);
    }
  };
}

/**
 * Adds `GET /reference` and `GET /reference/assets/:name`.
 * `assets` is the files, or a function giving them, called on the first request for the page
 * or a file (so that building an app costs nothing; `readReferenceAssets` reads once per
 * process). With no files (a service built without them, or swagger-ui-dist missing when
 * running from source) the page answers a 404 problem that says so.
 */
export function referenceRoutes<E extends Env>(app: Hono<E>, assets: ReferenceAssets | null | (() => ReferenceAssets | null)): void {
  let served: { html: string; byName: Map<string, ReferenceAsset> } | null | undefined;
  const serve = () => {
    if (served !== undefined) return served;
    const files = typeof assets === "function" ? assets() : assets;
    served =
      files === null
        ? null
        : {
            html: referencePage(files),
            byName: new Map([files.script, files.style, files.start, files.icon].map((a) => [a.name, a])),
          };
    return served;
  };
  app.get(REFERENCE_PATH, (c) => {
    const page = serve();
    if (page === null) {
      return problemResponse(
        makeProblem("not-found", "The reference page's files are missing (the build copies them from swagger-ui-dist); /openapi.json describes the API."),
      );
    }
    return c.html(page.html, 200, { "Cache-Control": "no-cache" });
  });
  app.get(`${REFERENCE_ASSETS_PATH}/:name`, (c) => {
    const asset = serve()?.byName.get(c.req.param("name"));
    if (asset === undefined) {
      return problemResponse(makeProblem("not-found", "There is no such asset of the reference page."));
    }
    return c.body(asset.body, 200, {
      "Content-Type": asset.contentType,
      "Cache-Control": ASSET_CACHE,
    });
  });
}
