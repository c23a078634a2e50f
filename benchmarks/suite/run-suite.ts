/**
 * One suite run: write every instance once into a temporary directory, then run each solver on
 * each instance, one child process at a time (so that runs do not compete for the 2 cores).
 * A solver that found no plan on an instance (time or memory ran out) is skipped on the larger
 * instances of the same kind, unless told otherwise.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { kindOf, materialize, type Instance, type InstanceSpec } from "./instances.js";
import { runChild, type Limits } from "./run-child.js";
import { SOLVER_LABELS, type RunResult, type SolverId } from "./solvers.js";

export interface SuiteOptions {
  readonly specs: readonly InstanceSpec[];
  readonly solvers: readonly SolverId[];
  readonly limits: Limits;
  /** Skip a solver on larger instances of a kind once it found no plan on a smaller one. */
  readonly skipAfterFailure: boolean;
  /** Called once per instance written and per run finished (progress). */
  readonly onInstance?: (instance: Instance) => void;
  readonly onResult?: (result: RunResult) => void;
}

export interface SuiteRun {
  readonly instances: readonly Instance[];
  readonly results: readonly RunResult[];
}

export async function runSuite(options: SuiteOptions): Promise<SuiteRun> {
  const scratch = mkdtempSync(join(os.tmpdir(), "rotamatch-suite-"));
  // Removed at the end, or when the process exits first (an interrupted suite).
  const removeScratch = (): void => rmSync(scratch, { recursive: true, force: true });
  process.once("exit", removeScratch);
  try {
    const instances = options.specs.map((spec) => {
      const instance = materialize(spec, scratch);
      options.onInstance?.(instance);
      return instance;
    });
    const results: RunResult[] = [];
    /** Per kind and solver: the instance on which the solver found no plan. */
    const failedOn = new Map<string, string>();
    for (const instance of instances) {
      for (const solver of options.solvers) {
        const key = `${kindOf(instance)} ${solver}`;
        const failed = options.skipAfterFailure ? failedOn.get(key) : undefined;
        const result = failed !== undefined ? skipped(solver, instance, failed) : await runChild(solver, instance, options.limits, scratch);
        if (result.status === "timedout" || result.status === "memory") failedOn.set(key, failedOn.get(key) ?? instance.id);
        results.push(result);
        options.onResult?.(result);
      }
    }
    return { instances, results };
  } finally {
    process.off("exit", removeScratch);
    removeScratch();
  }
}

function skipped(solver: SolverId, instance: Instance, failedOn: string): RunResult {
  return {
    solver,
    instance: instance.id,
    status: "skipped",
    objective: null,
    bound: null,
    emptyRoles: null,
    ms: null,
    solveMs: null,
    verified: null,
    peakMb: null,
    error: `not run: ${SOLVER_LABELS[solver]} found no plan for ${failedOn}`,
  };
}
