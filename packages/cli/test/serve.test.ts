/**
 * `rotamatch serve`: the service's own command (runServer of @rotamatch/service) under the
 * CLI. Its usage and its errors are tested in process through `run`, against the service's
 * source; one test starts the built executable on a free port on 127.0.0.1, talks to it over
 * HTTP and stops it with SIGTERM.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serviceUsage } from "@rotamatch/service";
import { describe, expect, it } from "vitest";
import { EXIT, run, type CliIo } from "../src/run.js";
import { HELP } from "../src/usage.js";

// Like @rotamatch/core, the service resolves to its source here (the alias in vitest.config.ts).

const USAGE = serviceUsage("rotamatch serve");

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    readFile: () => Promise.reject(new Error("serve reads no file")),
    writeFile: () => Promise.reject(new Error("serve writes no file")),
    readBytes: () => Promise.reject(new Error("serve reads no file")),
    writeBytes: () => Promise.reject(new Error("serve writes no file")),
    inspectPath: () => Promise.reject(new Error("serve reads no file")),
    makeFolder: () => Promise.reject(new Error("serve writes no file")),
    env,
  };
  const code = await run(argv, io);
  return { code, ...out };
}

describe("rotamatch serve, in process", () => {
  it.each([[["serve", "--help"]], [["serve", "-h"]], [["serve", "--port", "8080", "--help"]]])("%j prints the service's usage and exits 0", async (argv) => {
    const r = await cli(argv);
    expect(r).toEqual({ code: EXIT.ok, stdout: USAGE, stderr: "" });
    expect(USAGE.startsWith("Usage: rotamatch serve [options]\n")).toBe(true);
    for (const flag of ["--port", "--host", "--time-limit", "--threads", "--queue", "--tokens-file", "--rate-limit", "ROTAMATCH_TOKENS"]) {
      expect(USAGE).toContain(flag);
    }
  });

  it("is listed in rotamatch --help", () => {
    expect(HELP).toContain("rotamatch serve [--port N] [--host H]");
    expect(HELP).toMatch(/^ {2}serve {6}Start the HTTP solve service/m);
  });

  it.each([
    [["--port", "x"], '--port: "x" is not a port number (0 to 65535)'],
    [["--port=70000"], '--port: "70000" is not a port number (0 to 65535)'],
    [["--threads", "0"], '--threads: "0" is not a positive whole number'],
    [["--time-limit"], "--time-limit needs a value"],
    [["--format", "json"], 'unknown option "--format"'],
    [["8080"], 'unknown option "8080"'],
  ])("serve %j is a usage error: exit 1, the reason and the usage on stderr", async (args, message) => {
    const r = await cli(["serve", ...args]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`rotamatch serve: ${message}\n${USAGE}`);
  });

  it("reads the service's environment variables from io.env, and a flag wins over its variable", async () => {
    const badPort = await cli(["serve"], { PORT: "http" });
    expect(badPort.code).toBe(EXIT.usage);
    expect(badPort.stderr).toContain('rotamatch serve: PORT: "http" is not a port number');

    const badTokens = await cli(["serve"], { ROTAMATCH_TOKENS: "good,not a token" });
    expect(badTokens.code).toBe(EXIT.usage);
    expect(badTokens.stderr).toContain("rotamatch serve: ROTAMATCH_TOKENS: entry 2 is not a bearer token");
    expect(badTokens.stderr).not.toContain("not a token\n");

    const missingFile = await cli(["serve", "--tokens-file", "/nonexistent/tokens.txt"]);
    expect(missingFile.code).toBe(EXIT.usage);
    expect(missingFile.stderr).toContain('rotamatch serve: cannot read the tokens file "/nonexistent/tokens.txt" (ENOENT)');

    const flagWins = await cli(["serve", "--threads", "x"], { ROTAMATCH_THREADS: "2" });
    expect(flagWins.stderr).toContain('rotamatch serve: --threads: "x"');
  });

  it("a port in use is exit 1 with the reason, no stack trace, and no server left running", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const r = await cli(["serve", "--port", String(port), "--threads", "1"]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toBe(`rotamatch serve: cannot listen on 127.0.0.1:${port}: the port is already in use; choose another with --port N\n`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe("rotamatch serve, the built executable", () => {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const bin = join(root, "packages/cli/bin/rotamatch.js");
  const needed = ["packages/cli/dist/cli.js", "packages/service/dist/index.js", "packages/service/dist/worker.js", "packages/core/dist/index.js"];
  const missing = needed.filter((path) => !existsSync(join(root, path)));
  const name =
    missing.length === 0
      ? "serve --port 0 listens on 127.0.0.1 with the given settings, answers /health, and exits 0 on SIGTERM"
      : `serve over HTTP (skipped: run \`npm run build\` first; missing ${missing.join(", ")})`;

  it.skipIf(missing.length > 0)(name, async () => {
    const env = { ...process.env, PORT: "", HOST: "", ROTAMATCH_QUEUE: "3", ROTAMATCH_TOKENS: "test-token-1" };
    const child = spawn(process.execPath, [bin, "serve", "--port", "0", "--host", "127.0.0.1", "--threads", "1", "--time-limit", "2000"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      const listening = await new Promise<Record<string, unknown>>((resolve, reject) => {
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          stdout += chunk;
          for (const line of stdout.split("\n")) {
            if (!line.includes('"listening"')) continue;
            resolve(JSON.parse(line) as Record<string, unknown>);
          }
        });
        void exited.then((code) => reject(new Error(`exited with ${code} before listening; stderr: ${stderr}`)));
      });
      // Every setting went through: flags, and environment variables of the process.
      expect(listening).toMatchObject({ msg: "listening", threads: 1, queue: 3, timeLimitMs: 2000 });
      const url = String(listening["url"]);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url).not.toMatch(/:0$/);

      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
      const noToken = await fetch(`${url}/v1/schema/cohort`);
      expect(noToken.status).toBe(401);
      await noToken.arrayBuffer();
      const withToken = await fetch(`${url}/v1/schema/cohort`, { headers: { Authorization: "Bearer test-token-1" } });
      expect(withToken.status).toBe(200);
      await withToken.arrayBuffer();

      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toBe("rotamatch serve: SIGTERM, shutting down\n");
      expect(stdout).toContain('"msg":"shutdown"');
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
