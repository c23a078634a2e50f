/**
 * The cheap commands stay cheap: `--version`, `--help`, `validate` and `history` must not load the solver,
 * the sheets package, the service or hono (run.ts imports each command's module only when that
 * command runs). Checked on the built command line (bin/rotamatch.js and dist/, which `npm test`
 * builds first) by recording every module URL the process loads through a module hook
 * (fixtures/record-loads.mjs), not by timing: the timings are benchmarks/startup.ts.
 *
 * The core, zod and javascript-lp-solver are bundled into the command line's chunks (tsup.config.ts),
 * so a loaded chunk of dist/ is also searched for the bundler's comment naming each source file
 * it holds (`// ../core/dist/index.js`): the heavy modules are found whether bundled or not.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = join(root, "packages/cli/bin/rotamatch.js");
const hook = fileURLToPath(new URL("fixtures/record-loads.mjs", import.meta.url));
const built = ["packages/cli/dist/cli.js", "packages/core/dist/format.js", "packages/core/dist/index.js"].every((f) => existsSync(join(root, f)));
const folder = mkdtempSync(join(tmpdir(), "rotamatch-lazy-load-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * The heavy modules, by a part of their URL (workspace packages load from their real path) and,
 * for those the command line bundles, the bundler's comment naming them in a chunk.
 */
const HEAVY = {
  "the whole core (with the solver)": { url: "/core/dist/index.", bundled: "// ../core/dist/index.js" },
  "javascript-lp-solver": { url: "/node_modules/javascript-lp-solver/", bundled: "// ../../node_modules/javascript-lp-solver/" },
  "the sheets package": { url: "/sheets/dist/", bundled: null },
  "the service": { url: "/service/dist/", bundled: null },
  hono: { url: "/node_modules/hono/", bundled: null },
} as const;
type Heavy = keyof typeof HEAVY;

/** Any part of the core, loaded from its package or bundled into a chunk. */
const CORE = { url: "/core/dist/", bundled: "// ../core/dist/" } as const;

/** Every module URL the built command loads for `args`. */
function loadedModules(args: readonly string[], name: string): string[] {
  const record = join(folder, `${name}.txt`);
  const result = spawnSync(process.execPath, ["--import", hook, bin, ...args], {
    cwd: root,
    env: { ...process.env, RECORD_LOADS: record },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(record, "utf8").split("\n").filter((line) => line !== "");
}

/** The text of a loaded chunk of the command line's own dist/ (empty for any other module). */
function bundledText(url: string): string {
  if (!url.startsWith("file:") || !url.includes("/packages/cli/dist/")) return "";
  return readFileSync(fileURLToPath(url), "utf8");
}

function loadsModule(urls: readonly string[], module: { readonly url: string; readonly bundled: string | null }): boolean {
  return urls.some((url) => url.includes(module.url) || (module.bundled !== null && bundledText(url).includes(module.bundled)));
}

const loads = (urls: readonly string[], heavy: Heavy): boolean => loadsModule(urls, HEAVY[heavy]);
const ALL_HEAVY = Object.keys(HEAVY) as Heavy[];

describe.skipIf(!built)("start-up: what each command loads (built command line)", () => {
  it.each([
    { name: "version", args: ["--version"], core: false },
    { name: "help", args: ["--help"], core: false },
    { name: "validate", args: ["validate", "examples/romerike-2013.json"], core: true },
    { name: "history", args: ["history", "examples/romerike-2013.json"], core: true },
  ])("rotamatch $args.0 loads none of the heavy modules", ({ name, args, core }) => {
    const urls = loadedModules(args, name);
    expect(urls.some((url) => url.endsWith("/packages/cli/dist/cli.js")), "the hook records the command line itself").toBe(true);
    expect(ALL_HEAVY.filter((heavy) => loads(urls, heavy))).toEqual([]);
    // --version and --help load no part of the core; validate and history only @rotamatch/core/format.
    expect(loadsModule(urls, CORE)).toBe(core);
  });

  it("rotamatch solve does load the solver (so the check above can see it)", () => {
    const urls = loadedModules(["solve", "examples/romerike-2013.json"], "solve");
    expect(loads(urls, "the whole core (with the solver)")).toBe(true);
    expect(loads(urls, "javascript-lp-solver")).toBe(true);
    expect(loads(urls, "hono")).toBe(false);
  });
});
