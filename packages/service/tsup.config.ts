import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig } from "tsup";

/**
 * Swagger UI's files that the reference page serves (see src/reference.ts), with its licence
 * and notice, which travel with the bundle.
 */
const REFERENCE_FILES = ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE", "NOTICE"];

/**
 * Copies what the service serves besides its code into dist/, so that the published package
 * needs neither the private @rotamatch/web nor swagger-ui-dist (whose dependency @scarf/scarf
 * phones home on install) at run time: the built page (packages/web/dist, built first by turbo
 * since @rotamatch/web is a devDependency) into dist/web/, and Swagger UI into dist/reference/
 * with a swagger-ui-dist.json that records its version.
 */
function copyServedFiles(): void {
  const require = createRequire(import.meta.url);
  const web = join(dirname(require.resolve("@rotamatch/web/package.json")), "dist");
  if (!existsSync(join(web, "index.html"))) {
    throw new Error(`The web page is not built (${web}); build @rotamatch/web first (npm run build at the repository root).`);
  }
  cpSync(web, "dist/web", { recursive: true });
  const swagger = dirname(require.resolve("swagger-ui-dist/package.json"));
  const { name, version, license } = JSON.parse(readFileSync(join(swagger, "package.json"), "utf8")) as Record<string, string>;
  mkdirSync("dist/reference", { recursive: true });
  for (const file of REFERENCE_FILES) cpSync(join(swagger, file), join("dist/reference", file));
  writeFileSync("dist/reference/swagger-ui-dist.json", `${JSON.stringify({ name, version, license }, null, 2)}\n`);
}

// Three entries: the library, the Node server (bin), and the worker piscina loads by path.
export default defineConfig({
  entry: ["src/index.ts", "src/server.ts", "src/worker.ts"],
  format: ["esm"],
  dts: { entry: ["src/index.ts", "src/server.ts"] },
  sourcemap: true,
  clean: true,
  target: "node20",
  onSuccess: async () => copyServedFiles(),
});
