/**
 * Starts and watches the server under attack (child.ts) as a child process: its URL from the
 * "listening" log line, its RSS from /proc (or `ps`), the error lines it logs, and how it
 * ended if it died (exit code, signal, the tail of stderr such as "Reached heap limit").
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));
/** Error log lines kept (the newest), for the check that failed jobs are logged. */
const KEEP_ERROR_LINES = 500;

/** One error-level JSON log line of the server. */
export type ErrorLog = Readonly<Record<string, unknown>>;

export interface ServerProcess {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  readonly pid: number;
  /** Null while it runs; how it ended once it died or was stopped. */
  exit(): { readonly code: number | null; readonly signal: string | null } | null;
  /** The last few KB of stderr (crash messages land here). */
  stderrTail(): string;
  /** Error-level log records (JSON lines on stderr), the newest last. */
  errorLogs(): readonly ErrorLog[];
  /** Resident set size in KiB, or null when the process is gone. */
  rssKiB(): number | null;
  /** Asks for a full garbage collection (the child runs with --expose-gc). */
  gc(): void;
  /** SIGTERM and wait (SIGKILL after `graceMs`); resolves when the process has ended. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts the server on 127.0.0.1 and a free port, with `flags` added to the command line. */
export function launchServer(flags: readonly string[], startTimeoutMs = 60_000): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", CHILD, "--port", "0", "--host", "127.0.0.1", ...flags],
    { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } },
  );
  let stderr = "";
  const errors: ErrorLog[] = [];
  let ended: { code: number | null; signal: string | null } | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      ended = { code, signal };
      resolve();
    });
  });
  createInterface({ input: child.stderr! }).on("line", (line) => {
    stderr = `${stderr}${line}\n`.slice(-6000);
    if (!line.startsWith("{")) return;
    try {
      errors.push(JSON.parse(line) as ErrorLog);
      if (errors.length > KEEP_ERROR_LINES) errors.shift();
    } catch {
      // not a log line
    }
  });
  // The child must not block on the pipe: stdin stays open (its end stops the server).
  child.stdin!.on("error", () => {});

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not listen within ${startTimeoutMs} ms:\n${stderr}`));
    }, startTimeoutMs);
    let started = false;
    // Every request is logged as a JSON line on stdout: read them all so the pipe never fills.
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (started || !line.includes('"listening"')) return;
      const record = JSON.parse(line) as { url?: string };
      if (record.url === undefined) return;
      started = true;
      clearTimeout(timer);
      const pid = child.pid!;
      resolve({
        url: record.url,
        pid,
        exit: () => ended,
        stderrTail: () => stderr,
        errorLogs: () => errors,
        rssKiB: () => (ended === null ? readRssKiB(pid) : null),
        gc: () => {
          if (ended === null) child.stdin!.write("gc\n");
        },
        stop: async (graceMs = 15_000) => {
          if (ended !== null) return;
          child.kill("SIGTERM");
          const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(killer);
        },
      });
    });
    child.once("exit", (code, signal) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
}

/** VmRSS from /proc/<pid>/status (Linux), else `ps -o rss=`; null if neither answers. */
export function readRssKiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    if (match?.[1] !== undefined) return Number(match[1]);
  } catch {
    // not Linux, or gone
  }
  try {
    const kib = Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim());
    return Number.isFinite(kib) && kib > 0 ? kib : null;
  } catch {
    return null;
  }
}
