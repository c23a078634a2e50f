/**
 * The solvers the suite compares, and what one run of a solver on an instance reports.
 * Shared by the parent (suite.ts) and the child process that runs one solver (child.ts).
 */

/** Every solver the suite knows, in the order of the table's rows. */
export const SOLVERS = ["rotamatch-jslp", "rotamatch-network", "rotamatch-auto", "jslp-plain", "highs", "glpk"] as const;
export type SolverId = (typeof SOLVERS)[number];

/** How a solver is named in tables, charts and messages. */
export const SOLVER_LABELS: Readonly<Record<SolverId, string>> = {
  "rotamatch-jslp": "rotamatch jslp",
  "rotamatch-network": "rotamatch network",
  "rotamatch-auto": "rotamatch auto",
  "jslp-plain": "javascript-lp-solver",
  highs: "HiGHS",
  glpk: "glpk.js",
};

/** The rotamatch backends, by solver id (what `solveCohort`'s `backend` option is given). */
export const ROTAMATCH_BACKENDS: Readonly<Partial<Record<SolverId, string>>> = {
  "rotamatch-jslp": "jslp",
  "rotamatch-network": "network",
  "rotamatch-auto": "auto",
};

export const isSolverId = (text: string): text is SolverId => (SOLVERS as readonly string[]).includes(text);

/**
 * How a run ended:
 * - `optimal`: a plan, proven optimal by the solver;
 * - `feasible`: a plan, not proven optimal (the time ran out); `bound` says how good it is;
 * - `timedout`: no plan within the time limit (the solver said so, or it was killed);
 * - `infeasible`: the solver proved that no plan exists;
 * - `memory`: it ran out of memory (the heap cap, the memory cap, or the solver's own limit);
 * - `error`: anything else, with the message in `error`;
 * - `skipped`: not run, because it found no plan on a smaller instance of the same kind.
 */
export type RunStatus = "optimal" | "feasible" | "timedout" | "infeasible" | "memory" | "error" | "skipped";

/** What a child reports about its run. */
export interface ChildReport {
  readonly status: Exclude<RunStatus, "skipped">;
  /** Objective of the plan (the model's objective with its offset, or the plan's objective). */
  readonly objective: number | null;
  /** A proven lower bound on the optimum, when the solver gives one. */
  readonly bound: number | null;
  /** With allowUnassigned: how many roles the plan leaves empty (fewer is better, before cost); null otherwise. */
  readonly emptyRoles: number | null;
  /** Wall time from reading the instance file to the answer, in milliseconds. */
  readonly ms: number;
  /** Of which the solver's own call (model building and conversion excluded), in milliseconds. */
  readonly solveMs: number | null;
  /** For rotamatch: whether `verifyPlan` accepted the plan; for the others: whether the values satisfy every row. */
  readonly verified: boolean | null;
  /** Peak resident memory of the child process in MiB (process.resourceUsage().maxRSS). */
  readonly peakMb: number;
  readonly error: string | null;
}

/** One (solver, instance) run as the parent records it. */
export interface RunResult {
  readonly solver: SolverId;
  readonly instance: string;
  readonly status: RunStatus;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly emptyRoles: number | null;
  /** Child-measured time (see ChildReport.ms), or the parent's measure when the child was killed; null when not run. */
  readonly ms: number | null;
  readonly solveMs: number | null;
  readonly verified: boolean | null;
  /** The larger of the child's own peak and the parent's samples of its resident memory, in MiB. */
  readonly peakMb: number | null;
  readonly error: string | null;
}

/** Error text that means "out of memory", whichever part of the stack (V8, WebAssembly, a solver) raised it. */
export const MEMORY_ERROR = /out of memory|allocation failed|invalid (typed )?array length|cannot enlarge memory|Aborted\(OOM\)|memory access out of bounds/i;

/** Whether a run produced a plan. */
export const hasPlan = (r: Pick<RunResult, "status" | "objective">): boolean =>
  (r.status === "optimal" || r.status === "feasible") && r.objective !== null;
