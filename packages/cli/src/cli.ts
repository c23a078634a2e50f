/** The rotamatch executable: wires `run` to the real process, streams and files. */
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "./run.js";
import type { CliIo, PathInfo } from "./io.js";

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

// A reader that stops early (`rotamatch schema cohort | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

async function inspectPath(path: string): Promise<PathInfo> {
  const info = await stat(path);
  if (!info.isDirectory()) return { kind: "file", size: info.size };
  const entries = await readdir(path, { withFileTypes: true });
  const names = entries.filter((e) => e.isFile()).map((e) => e.name).sort();
  const files = await Promise.all(names.map(async (name) => ({ name, size: (await stat(join(path, name))).size })));
  return { kind: "folder", files };
}

const io: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  readFile: (path) => (path === "-" ? readStandardInput() : readFile(path, "utf8")),
  writeFile: (path, text) => writeFile(path, text, "utf8"),
  readBytes: async (path) => new Uint8Array(await readFile(path)),
  writeBytes: (path, data) => writeFile(path, data),
  inspectPath,
  makeFolder: async (path) => {
    await mkdir(path, { recursive: true });
  },
  stderrIsTerminal: process.stderr.isTTY === true,
  env: process.env,
};

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`rotamatch: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
