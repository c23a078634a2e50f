/**
 * Browser bundle sizes: what a page pays, minified, for the sheets package, for one helper of
 * the core, and for the project's own page.
 *
 *     npx tsx benchmarks/bundle-size.ts [--write]
 *     npm run bench:bundle -- --write
 *
 * Each case is bundled by esbuild (the one tsup uses) as a browser bundle, minified, from the
 * packages as a consumer gets them: `@rotamatch/core`, `@rotamatch/core/format` and
 * `@rotamatch/sheets` resolve through node_modules to their built dist/ (build core and sheets
 * first); the page is bundled from packages/web/src/main.ts as its tsup config does. The same
 * as, for the first case,
 *
 *     echo 'export * from "@rotamatch/sheets"' | npx esbuild --bundle --minify --format=esm --platform=browser | wc -c
 *
 * It reports bytes minified and gzipped, and the share of the bundle that comes from the
 * solver (javascript-lp-solver) and from zod. With --write the table replaces the section
 * between the markers in docs/benchmarks.md. Nothing here runs in `npm test`.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { writeDocSection } from "./support/doc-section.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

interface Case {
  readonly label: string;
  /** The entry's source (bundled from stdin at the repository root), or a file. */
  readonly source?: string;
  readonly entry?: string;
  readonly options?: BuildOptions;
}

const CASES: readonly Case[] = [
  { label: "the whole sheets package: `export * from \"@rotamatch/sheets\"`", source: 'export * from "@rotamatch/sheets";' },
  {
    // The main entry also holds solveCohortAsync, which starts a worker thread on Node: leave
    // Node's modules out, as a bundler for a page that never calls it would have to.
    label: "`export { formatIssue } from \"@rotamatch/core\"`",
    source: 'export { formatIssue } from "@rotamatch/core";',
    options: { external: ["worker_threads", "node:*"] },
  },
  { label: "`export { formatIssue } from \"@rotamatch/core/format\"`", source: 'export { formatIssue } from "@rotamatch/core/format";' },
  {
    label: "the page: packages/web/src/main.ts (dist/app/app.js)",
    entry: "packages/web/src/main.ts",
    options: { format: "iife", target: "es2022", define: { __HAS_TEMPLATE__: "true" }, outdir: "/tmp/rotamatch-bundle-size" },
  },
];

const { values: args } = parseArgs({ options: { write: { type: "boolean", default: false } } });

/** Bytes of the bundle's output that come from inputs whose path contains `part`. */
function bytesFrom(metafile: Metafile, part: string): number {
  let bytes = 0;
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) if (path.includes(part)) bytes += input.bytesInOutput;
  }
  return bytes;
}

const kB = (bytes: number): string => (bytes / 1000).toFixed(1);

async function measure(c: Case): Promise<string> {
  try {
    const result = await build({
      ...(c.source === undefined ? { entryPoints: [c.entry ?? ""] } : { stdin: { contents: c.source, resolveDir: ROOT, loader: "ts" } }),
      absWorkingDir: ROOT,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
      ...c.options,
    });
    const { outputFiles, metafile } = result;
    if (outputFiles === undefined || metafile === undefined) throw new Error("esbuild gave no output files or metafile");
    const js = outputFiles.filter((f) => f.path.endsWith(".js") || c.options?.outdir === undefined);
    const bytes = js.reduce((sum, f) => sum + f.contents.length, 0);
    const gzip = js.reduce((sum, f) => sum + gzipSync(f.contents).length, 0);
    const solver = bytesFrom(metafile, "javascript-lp-solver");
    const zod = bytesFrom(metafile, "node_modules/zod");
    return `| ${c.label} | ${kB(bytes)} | ${kB(gzip)} | ${kB(solver)} | ${kB(zod)} |`;
  } catch (error) {
    // esbuild's message is "Build failed with 1 error:"; the first error's text says which.
    const errors = (error as { errors?: readonly { text: string }[] }).errors;
    const first = errors?.[0]?.text ?? (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    return `| ${c.label} | cannot bundle: ${first.replaceAll("|", "\\|")} | | | |`;
  }
}

const rows: string[] = [];
for (const c of CASES) rows.push(await measure(c));
const text = [
  "| bundle (esbuild, browser, minified) | kB | kB gzipped | kB of javascript-lp-solver | kB of zod |",
  "| --- | ---: | ---: | ---: | ---: |",
  ...rows,
  "",
  `Command: \`npm run bench:bundle -- --write\` (esbuild ${(await import("esbuild")).version}, ${new Date().toISOString().slice(0, 10)}; 1 kB = 1,000 bytes; the page's stylesheet is not counted).`,
].join("\n");

console.log(text);
if (args.write) writeDocSection("bundle", text);
