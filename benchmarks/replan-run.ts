/**
 * The re-planning benchmark's run: for each instance, rounds of every operation, each in a
 * child process of its own (replan-child.ts) with a time limit and a memory cap, one after
 * another. A round is the full solve and then each operation on that instance, so that a busy
 * moment of the machine falls on the solve and the operations alike; the ratios compare
 * medians of the same run.
 *
 * The first round's solve makes the plan every other operation starts from, and the changes
 * are derived from it (replan-scenarios.ts). An operation that gave no answer in the first
 * round (timed out, out of memory, failed, stopped) is not run again: each would cost its full
 * limit and answer the same. Without a plan from the first solve, the operations are `skipped`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { solveCohort, type CohortInput, type Plan } from "../packages/core/src/index.js";
import { median } from "./support/stats.js";
import { materialize, type Instance, type InstanceSpec } from "./suite/instances.js";
import { MEMORY_ERROR, type Job, type OperationReport, type OperationStatus } from "./replan-operation.js";
import { OPERATIONS, deriveScenario, isReplanOperation, type Operation, type Scenario } from "./replan-scenarios.js";

const CHILD = fileURLToPath(new URL("replan-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ROMERIKE = fileURLToPath(new URL("../examples/romerike-2013.json", import.meta.url));
/** How often the parent samples a child's memory, in milliseconds. */
const SAMPLE_MS = 200;

export interface Limits {
  /** Time limit of each operation (the library's `timeLimitMs`), in milliseconds. */
  readonly timeLimitMs: number;
  /**
   * How long past the time limit the parent waits before it stops the child, in milliseconds:
   * the child's start-up and warm-up come before the library's clock starts, so this allows
   * for them too.
   */
  readonly marginMs: number;
  /** Memory cap in MiB: the child's V8 heap limit, and the resident size at which the parent stops it. */
  readonly memoryMb: number;
}

export interface RunOptions {
  readonly specs: readonly InstanceSpec[];
  readonly limits: Limits;
  /** Rounds per instance; each operation's time is the median of its runs. */
  readonly repeat: number;
  /** The backend asked of the full solve (solveCohort) and of the re-plans (replanCohort). */
  readonly solveBackend: string;
  readonly replanBackend: string;
  /** The operations to run (default: all); the solve always runs, as every ratio needs it. */
  readonly operations?: readonly Operation[];
  readonly onProgress?: (line: string) => void;
}

/** An instance of the run, with the questions asked of it (null when its solve gave no plan). */
export interface RunInstance extends Instance {
  readonly scenario: Scenario | null;
}

/** One operation on one instance: every run of it, and the summary the report shows. */
export interface OperationRow {
  readonly instance: string;
  readonly operation: Operation;
  readonly runs: readonly OperationReport[];
  /** The first run's status, or every status seen (`optimal/feasible`) when the runs differ. */
  readonly status: string;
  /** Median wall time of the runs, ms (NaN when skipped). */
  readonly ms: number;
  /** `ms` over the full solve's median of the same instance. */
  readonly ratio: number;
}

export interface ReplanRun {
  readonly instances: readonly RunInstance[];
  readonly rows: readonly OperationRow[];
}

/** Process groups of the children running now, so that an interrupted run can stop them. */
const running = new Set<number>();

/** Stops every child still running (for SIGINT/SIGTERM of the benchmark). */
export function stopChildren(): void {
  for (const pid of running) killGroup(pid);
}

/** Runs the benchmark: every instance of `options.specs`, `options.repeat` rounds each. */
export async function runReplanBenchmark(options: RunOptions): Promise<ReplanRun> {
  const scratch = mkdtempSync(join(tmpdir(), "rotamatch-replan-"));
  try {
    const wanted = new Set<Operation>(["solve", ...(options.operations ?? OPERATIONS)]);
    const operations = OPERATIONS.filter((op) => wanted.has(op));
    const warmUps = prepareWarmUps(scratch, options);
    const instances: RunInstance[] = [];
    const rows: OperationRow[] = [];
    for (const spec of options.specs) {
      const instance = materialize(spec, scratch);
      options.onProgress?.(`instance ${instance.id}: ${instance.trainees} trainees, ${instance.members} members`);
      const measured = await runInstance(instance, operations, warmUps, scratch, options);
      instances.push({ ...instance, scenario: measured.scenario });
      rows.push(...measured.rows);
    }
    return { instances, rows };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function runInstance(
  instance: Instance,
  operations: readonly Operation[],
  warmUps: ReadonlyMap<Operation, Job>,
  scratch: string,
  options: RunOptions,
): Promise<{ scenario: Scenario | null; rows: OperationRow[] }> {
  const cohort = JSON.parse(readFileSync(instance.path, "utf8")) as CohortInput;
  const base = join(scratch, instance.id.replace(/[^a-z0-9]+/gi, "-"));
  const planPath = `${base}.plan.json`;
  const common = { solveBackend: options.solveBackend, replanBackend: options.replanBackend, timeLimitMs: options.limits.timeLimitMs };
  const jobs = new Map<Operation, Job>([["solve", { ...common, operation: "solve", cohortPath: instance.path, planOut: planPath }]]);
  const runs = new Map<Operation, OperationReport[]>(operations.map((op) => [op, []]));
  let scenario: Scenario | null = null;
  for (let round = 1; round <= options.repeat; round++) {
    for (const op of operations) {
      const job = jobs.get(op);
      const done = runs.get(op) ?? [];
      if (job === undefined || (round > 1 && !answered(done[0]))) continue;
      const report = await runChild({ warmUp: warmUps.get(op) ?? null, job: round === 1 ? job : { ...job, planOut: undefined } }, options.limits, `${base}.${op}.${round}`);
      done.push(report);
      options.onProgress?.(`  ${instance.id}, ${op}, round ${round}: ${report.status} in ${(report.ms / 1000).toFixed(2)} s${report.error === null ? "" : ` (${report.error})`}`);
      if (op === "solve" && round === 1 && existsSync(planPath)) {
        scenario = deriveScenario(cohort, JSON.parse(readFileSync(planPath, "utf8")) as Plan);
        for (const [operation, job] of scenarioJobs(scenario, base, instance.path, planPath, common)) jobs.set(operation, job);
      }
    }
  }
  const solveMs = median((runs.get("solve") ?? []).map((r) => r.ms));
  const rows = operations.map((op): OperationRow => {
    const done = runs.get(op) ?? [];
    const ms = median(done.map((r) => r.ms));
    const statuses = [...new Set(done.map((r) => r.status))];
    return { instance: instance.id, operation: op, runs: done.length > 0 ? done : [skipped()], status: statuses.join("/") || "skipped", ms, ratio: ms / solveMs };
  });
  return { scenario, rows };
}

/** Whether a run gave an answer worth timing again (a plan, a proof there is none, or input issues). */
function answered(report: OperationReport | undefined): boolean {
  const answers: readonly OperationStatus[] = ["optimal", "feasible", "infeasible", "invalid"];
  return report !== undefined && answers.includes(report.status);
}

function skipped(): OperationReport {
  return { status: "skipped", ms: Number.NaN, backend: null, changes: null, objective: null, detail: "no plan to start from", verified: null, peakMb: null, error: null };
}

/**
 * The jobs of every operation but the solve: each re-plan gets its changed cohort (written
 * beside the plan), the what-if and the explanations the cohort the plan was made for.
 */
function scenarioJobs(
  scenario: Scenario,
  base: string,
  cohortPath: string,
  planPath: string,
  common: Pick<Job, "solveBackend" | "replanBackend" | "timeLimitMs">,
): [Operation, Job][] {
  const out: [Operation, Job][] = [];
  for (const op of OPERATIONS) {
    if (op === "solve") continue;
    let path = cohortPath;
    if (isReplanOperation(op)) {
      path = `${base}.${op}.json`;
      writeFileSync(path, JSON.stringify(scenario.cohorts[op]));
    }
    out.push([op, { ...common, operation: op, cohortPath: path, planPath, asOf: scenario.asOf, pins: scenario.pins, trainee: scenario.trainee }]);
  }
  return out;
}

/**
 * The warm-up job of each operation: the same operation on Romerike 2013, with its plan
 * solved here, in this process (a few milliseconds), and its changes derived as for any
 * instance. The warm-up needs no time limit beyond the run's.
 */
function prepareWarmUps(scratch: string, options: RunOptions): Map<Operation, Job> {
  const cohort = JSON.parse(readFileSync(ROMERIKE, "utf8")) as CohortInput;
  const solved = solveCohort(cohort);
  if (!solved.ok) throw new Error("examples/romerike-2013.json does not validate");
  const base = join(scratch, "warm-up");
  const planPath = `${base}.plan.json`;
  writeFileSync(planPath, JSON.stringify(solved.plan));
  const common = { solveBackend: options.solveBackend, replanBackend: options.replanBackend, timeLimitMs: options.limits.timeLimitMs };
  const jobs = new Map<Operation, Job>([["solve", { ...common, operation: "solve", cohortPath: ROMERIKE }]]);
  for (const [op, job] of scenarioJobs(deriveScenario(cohort, solved.plan), base, ROMERIKE, planPath, common)) jobs.set(op, job);
  return jobs;
}

/** Runs one child to its report, or to the way it ended (stopped, out of memory, crashed). */
function runChild(input: { warmUp: Job | null; job: Job }, limits: Limits, scratchBase: string): Promise<OperationReport> {
  const inputPath = `${scratchBase}.input.json`;
  const reportPath = `${scratchBase}.report.json`;
  writeFileSync(inputPath, JSON.stringify({ ...input, report: reportPath }));
  const args = [`--max-old-space-size=${limits.memoryMb}`, "--import", "tsx", CHILD, inputPath];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  const pid = child.pid;
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  let stoppedFor: "stopped" | "memory" | null = null;
  let sampledPeakMb = 0;
  const stop = (reason: "stopped" | "memory"): void => {
    stoppedFor ??= reason;
    if (pid !== undefined) killGroup(pid);
  };
  if (pid !== undefined) running.add(pid);
  const timer = setTimeout(() => stop("stopped"), limits.timeLimitMs + limits.marginMs);
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
      const report = stoppedFor === null ? readReport(reportPath) : null;
      if (report !== null) {
        resolve({ ...report, peakMb: Math.max(report.peakMb ?? 0, sampledPeakMb) });
        return;
      }
      const status: OperationStatus = stoppedFor ?? (MEMORY_ERROR.test(stderr) ? "memory" : "error");
      const error =
        stoppedFor === "stopped"
          ? `stopped after ${(elapsedMs / 1000).toFixed(0)} s (start-up and warm-up included)`
          : stoppedFor === "memory"
            ? `stopped at ${limits.memoryMb} MiB resident`
            : `exited with ${signal ?? `code ${code}`}: ${lastLine(stderr)}`;
      resolve({ status, ms: elapsedMs, backend: null, changes: null, objective: null, detail: "", verified: null, peakMb: sampledPeakMb > 0 ? sampledPeakMb : null, error });
    });
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function readReport(path: string): OperationReport | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as OperationReport;
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
