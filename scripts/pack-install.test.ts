/**
 * The round trip a user makes: every public package is packed with `npm pack` and the four
 * tarballs are installed globally into a fresh prefix (`npm install -g`, as the README says),
 * with nothing from the repository but the tarballs and third-party packages from the registry
 * (or npm's cache). There, the installed `rotamatch` must solve, import a workbook and serve the
 * web page and the API reference, the production tree must hold no install script (no
 * @scarf/scarf), and a plain ESM consumer must load the libraries.
 *
 * It packs the built dist/ folders, which the root `npm test` builds first. Alone:
 *   npm run build && npx vitest run --project repo scripts/pack-install.test.ts
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const example = (name: string): string => join(repoRoot, "examples", name);

/** The public packages, by workspace name. */
const PUBLIC = ["@rotamatch/core", "@rotamatch/sheets", "@rotamatch/service", "rotamatch"] as const;

/**
 * The environment of every command: without the `npm_*` variables of the `npm test` that runs
 * this file (they would point npm at the repository), and with telemetry off.
 */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_"))),
  DO_NOT_TRACK: "1",
  NO_UPDATE_NOTIFIER: "1",
};

interface Output {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; rejects with its output when it exits with anything but 0. */
function sh(file: string, args: readonly string[], cwd: string): Promise<Output> {
  return run(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
}

/** Runs a command that may exit with a non-zero code, and gives its code and output. */
async function shAnyExit(file: string, args: readonly string[], cwd: string): Promise<Output & { code: number }> {
  try {
    return { ...(await sh(file, args, cwd)), code: 0 };
  } catch (error) {
    const e = error as Output & { code?: unknown };
    return { stdout: e.stdout, stderr: e.stderr, code: typeof e.code === "number" ? e.code : -1 };
  }
}

/** Every package.json in a node_modules tree, nested ones included. */
function manifestsUnder(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const dirs = entry.startsWith("@") ? readdirSync(join(nodeModules, entry)).map((n) => join(nodeModules, entry, n)) : [join(nodeModules, entry)];
    for (const dir of dirs) {
      if (existsSync(join(dir, "package.json"))) out.push(join(dir, "package.json"));
      out.push(...manifestsUnder(join(dir, "node_modules")));
    }
  }
  return out;
}

/** Starts `rotamatch serve --port 0` and resolves with its URL from the "listening" log line. */
function serve(bin: string, cwd: string, extra: readonly string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(bin, ["serve", "--port", "0", "--threads", "1", ...extra], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split("\n")) {
        if (!line.includes('"listening"')) continue;
        resolve({ child, url: (JSON.parse(line) as { url: string }).url });
      }
    });
    child.on("exit", (code) => reject(new Error(`rotamatch serve exited with ${code}: ${err}${out}`)));
  });
}

/** Stops a child process and waits until it has gone. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * Install scripts the production tree may hold, each an optional dependency that rotamatch
 * works without (checked by the last test, which deletes it and runs the Redis commands).
 *
 * - msgpackr-extract: an optional dependency of msgpackr, which BullMQ (`serve --redis`,
 *   `worker`) uses to pack job data. Its `install` is node-gyp-build-optional-packages: it
 *   finds the prebuilt binary npm installed beside it (@msgpackr-extract/msgpackr-extract-<os>-
 *   <arch>, also optional) and compiles nothing; where there is none and the build fails, npm
 *   drops the optional package and msgpackr packs in plain JavaScript, a little slower. npm
 *   runs it by default, as any install script; `--ignore-scripts` skips it with no loss.
 */
const INSTALL_SCRIPTS_ALLOWED: Readonly<Record<string, { readonly script: string; readonly optional: true }>> = {
  "msgpackr-extract": { script: "node-gyp-build-optional-packages", optional: true },
};

describe("the public packages, packed and installed from their tarballs alone", () => {
  const work = mkdtempSync(join(tmpdir(), "rotamatch-pack-"));
  const tarballs = join(work, "tarballs");
  const prefix = join(work, "prefix");
  /** Where `npm install -g --prefix` puts commands and packages (Linux and macOS). */
  const bin = (name: string): string => join(prefix, "bin", name);
  const lib = join(prefix, "lib");
  let packed: { name: string; filename: string; files: { path: string }[] }[] = [];

  beforeAll(async () => {
    mkdirSync(tarballs);
    const workspaces = PUBLIC.flatMap((name) => ["-w", name]);
    const pack = await sh("npm", ["pack", ...workspaces, "--pack-destination", tarballs, "--json", "--ignore-scripts"], repoRoot);
    packed = JSON.parse(pack.stdout) as typeof packed;
    const files = packed.map((p) => join(tarballs, p.filename));
    await sh("npm", ["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", ...files], work);
  }, 240_000);

  // Deleting the installed prefix (thousands of files) can take over vitest's 10 s on a busy machine.
  afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000);

  it("packs each package with its LICENSE, README, code, and real version ranges", () => {
    expect(packed.map((p) => p.name).sort()).toEqual([...PUBLIC].sort());
    for (const p of packed) {
      const paths = p.files.map((f) => f.path);
      expect(paths, p.name).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
      expect(paths.some((path) => path.startsWith("dist/")), p.name).toBe(true);
      const installed = JSON.parse(readFileSync(join(lib, "node_modules", p.name, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      for (const range of Object.values({ ...installed.dependencies, ...installed.peerDependencies })) expect(range).not.toBe("*");
    }
    const service = packed.find((p) => p.name === "@rotamatch/service")?.files.map((f) => f.path) ?? [];
    expect(service).toEqual(expect.arrayContaining(["dist/web/index.html", "dist/web/app/app.js", "dist/reference/swagger-ui-bundle.js"]));
  });

  it("installs every @rotamatch package once, from its tarball, shared by the others", () => {
    const names = manifestsUnder(join(lib, "node_modules")).map((file) => (JSON.parse(readFileSync(file, "utf8")) as { name: string }).name);
    for (const name of PUBLIC) expect(names.filter((n) => n === name), name).toHaveLength(1);
    expect(names).not.toContain("@rotamatch/web");
  });

  it("has no install script but the allowed ones, and no @scarf/scarf, in the production tree", async () => {
    const ls = await shAnyExit("npm", ["ls", "-g", "--prefix", prefix, "--omit=dev", "--all", "--json"], work);
    expect(ls.stdout).toContain('"rotamatch"');
    expect(ls.stdout).not.toContain("@scarf/scarf");
    const found: string[] = [];
    for (const file of manifestsUnder(join(lib, "node_modules"))) {
      const { name, scripts = {} } = JSON.parse(readFileSync(file, "utf8")) as { name: string; scripts?: Record<string, string> };
      for (const hook of ["preinstall", "install", "postinstall"]) {
        if (scripts[hook] === undefined) continue;
        const allowed = INSTALL_SCRIPTS_ALLOWED[name];
        expect(allowed?.script, `${name} ${hook}: not on the allow-list`).toBe(scripts[hook]);
        expect(allowed?.optional, `${name} ${hook}`).toBe(true);
        found.push(name);
      }
    }
    // The allow-list stays true: each entry is still there (else remove it).
    expect([...new Set(found)].sort()).toEqual(Object.keys(INSTALL_SCRIPTS_ALLOWED).sort());
  });

  it("runs rotamatch --version", async () => {
    const { stdout } = await sh(bin("rotamatch"), ["--version"], work);
    expect(stdout.trim()).toBe("rotamatch 0.1.0");
  });

  it("solves the Romerike 2013 cohort: exit 0, optimal", async () => {
    const { stdout } = await sh(bin("rotamatch"), ["solve", example("romerike-2013.json"), "--format", "json"], work);
    const plan = JSON.parse(stdout) as { status: string; assignments: unknown[] };
    expect(plan.status).toBe("optimal");
    expect(plan.assignments).toHaveLength(8);
  });

  it("imports the Romerike 2013 workbook into a cohort", async () => {
    const { stdout } = await sh(bin("rotamatch"), ["import", example("romerike-2013.xlsx")], work);
    const cohort = JSON.parse(stdout) as { format: string; trainees: unknown[] };
    expect(cohort.format).toBe("rotamatch.cohort/v1");
    expect(cohort.trainees).toHaveLength(8);
  });

  it("serves the web page, the API reference and /health, with no other package installed", async () => {
    const { child, url } = await serve(bin("rotamatch"), work);
    try {
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('src="app/app.js"');
      const script = await fetch(`${url}/app/app.js`);
      expect(script.status).toBe(200);
      expect((await script.text()).length).toBeGreaterThan(1000);

      const reference = await fetch(`${url}/reference`);
      expect(reference.status).toBe(200);
      const bundle = /reference\/assets\/swagger-ui-bundle\.[0-9a-f]{12}\.js/.exec(await reference.text())?.[0];
      expect(bundle).toBeDefined();
      const asset = await fetch(`${url}/${bundle ?? ""}`);
      expect(asset.status).toBe(200);
      expect(await asset.text()).toContain("SwaggerUIBundle");

      const health = await fetch(`${url}/health`);
      expect(await health.json()).toEqual({ status: "ok" });
    } finally {
      await stop(child);
    }
  });

  it("lets a plain ESM consumer (and a CommonJS one) load @rotamatch/core and @rotamatch/sheets", async () => {
    const consumer = join(lib, "consumer.mjs");
    writeFileSync(
      consumer,
      `import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { solveCohort } from "@rotamatch/core";
import { readCohortWorkbook } from "@rotamatch/sheets";

const read = await readCohortWorkbook(new Uint8Array(readFileSync(process.argv[2])));
if (!read.ok) throw new Error("the workbook did not read");
const result = solveCohort(read.cohort, { timeLimitMs: 30000 });
const cjs = createRequire(import.meta.url)("@rotamatch/core");
console.log(JSON.stringify({ status: result.ok ? result.plan.status : "invalid", cjs: typeof cjs.solveCohort }));
`,
    );
    const { stdout } = await sh(process.execPath, [consumer, example("romerike-2013.xlsx")], lib);
    expect(JSON.parse(stdout)).toEqual({ status: "optimal", cjs: "function" });
  });

  // Last: it deletes msgpackr-extract (the allowed install script) from the installed tree.
  it("runs `worker --help` and `serve --redis` without msgpackr-extract, the one optional package with an install script", async () => {
    const extracts = manifestsUnder(join(lib, "node_modules")).filter((file) => /[\\/](@msgpackr-extract[\\/][^\\/]+|msgpackr-extract)[\\/]package\.json$/.test(file));
    expect(extracts.length).toBeGreaterThan(0);
    for (const file of extracts) rmSync(join(file, ".."), { recursive: true, force: true });
    const help = await sh(bin("rotamatch"), ["worker", "--help"], work);
    expect(help.stdout).toMatch(/^Usage: rotamatch worker --redis URL/);
    // A Redis that is not there: serve still starts (BullMQ and msgpackr loaded) and says so on /ready.
    const { child, url } = await serve(bin("rotamatch"), work, ["--redis", "redis://127.0.0.1:1"]);
    try {
      const ready = (await (await fetch(`${url}/ready`)).json()) as { status: string; redis: string; missing: string[] };
      expect(ready).toMatchObject({ status: "ok", redis: "unavailable" });
      expect(ready.missing[0]).toMatch(/^redis: cannot reach redis:\/\/127\.0\.0\.1:1\/0/);
    } finally {
      await stop(child);
    }
  });
});
