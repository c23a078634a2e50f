/**
 * The parent's side of one run: start child.ts in a new process (its own process group) with a
 * heap cap, watch its resident memory, stop it when it overruns the time limit by the margin or
 * the memory cap, and turn its report, or the way it ended, into a RunResult.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Instance } from "./instances.js";
import { MEMORY_ERROR, type ChildReport, type RunResult, type SolverId } from "./solvers.js";

const CHILD = fileURLToPath(new URL("child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** How often the parent samples the child's memory, in milliseconds. */
const SAMPLE_MS = 200;

export interface Limits {
  /** Time limit handed to the solver, in milliseconds. */
  readonly timeLimitMs: number;
  /** How long past the time limit the parent waits before it stops the child, in milliseconds. */
  readonly marginMs: number;
  /** Memory cap in MiB: the child's V8 heap limit, and the resident size at which the parent stops it. */
  readonly memoryMb: number;
}

/** Process groups of the children running now, so that an interrupted suite can stop them. */
const running = new Set<number>();

/** Stops every child still running (for SIGINT/SIGTERM of the suite). */
export function stopChildren(): void {
  for (const pid of running) killGroup(pid);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Runs `solver` on `instance` in a child process; `scratch` is a directory for its report. */
export function runChild(solver: SolverId, instance: Instance, limits: Limits, scratch: string): Promise<RunResult> {
  const reportPath = join(scratch, `${solver}--${instance.id.replace(/[^a-z0-9]+/gi, "-")}.report.json`);
  const args = [`--max-old-space-size=${limits.memoryMb}`, "--import", "tsx", CHILD, solver, instance.path, String(limits.timeLimitMs), reportPath];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  const pid = child.pid;
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  let stoppedFor: "timedout" | "memory" | null = null;
  let sampledPeakMb = 0;
  const stop = (reason: "timedout" | "memory"): void => {
    stoppedFor ??= reason;
    if (pid !== undefined) killGroup(pid);
  };
  if (pid !== undefined) running.add(pid);
  const timer = setTimeout(() => stop("timedout"), limits.timeLimitMs + limits.marginMs);
  const sampler = setInterval(() => {
    const memory = pid === undefined ? null : readMemory(pid);
    if (memory === null) return;
    sampledPeakMb = Math.max(sampledPeakMb, memory.peakMb);
    if (memory.residentMb > limits.memoryMb) stop("memory");
  }, SAMPLE_MS);

  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      if (pid !== undefined) running.delete(pid);
      const elapsedMs = performance.now() - started;
      const base = { solver, instance: instance.id };
      const report = stoppedFor === null ? readReport(reportPath) : null;
      if (report !== null) {
        resolve({ ...base, ...report, peakMb: Math.max(report.peakMb, sampledPeakMb) });
        return;
      }
      const status = stoppedFor ?? (MEMORY_ERROR.test(stderr) ? "memory" : "error");
      const error =
        stoppedFor === "timedout"
          ? `stopped after ${(elapsedMs / 1000).toFixed(0)} s (time limit ${limits.timeLimitMs / 1000} s and margin ${limits.marginMs / 1000} s)`
          : stoppedFor === "memory"
            ? `stopped at ${limits.memoryMb} MiB resident`
            : `exited with ${signal ?? `code ${code}`}: ${lastLine(stderr)}`;
      resolve({
        ...base,
        status,
        objective: null,
        bound: null,
        emptyRoles: null,
        ms: elapsedMs,
        solveMs: null,
        verified: null,
        peakMb: sampledPeakMb > 0 ? sampledPeakMb : null,
        error,
      });
    });
  });
}

function readReport(path: string): ChildReport | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ChildReport;
  } catch {
    return null;
  }
}

/** The process's resident size now and its peak so far (Linux /proc), in MiB; null elsewhere or once it is gone. */
function readMemory(pid: number): { residentMb: number; peakMb: number } | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { residentMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** The most telling line of a crashed child's error output. */
function lastLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const error = lines.find((l) => /error/i.test(l));
  return (error ?? lines[lines.length - 1] ?? "no output").slice(0, 300);
}
