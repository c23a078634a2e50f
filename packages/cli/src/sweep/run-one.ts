/**
 * One run of a sweep, as a worker thread does it: make the run's cohort (generated with the
 * run's seed, or the base cohort), perturb it with the run's seed, solve it, and keep only
 * what the report needs. Never throws: an error becomes a run with status "error".
 */
import {
  cohortSchema,
  formatIssue,
  generateCohort,
  solveCohort,
  type Backend,
  type Cohort,
  type DiagnosisItem,
  type GenerateOptions,
  type Issue,
  type Plan,
  type PlanStatus,
  type SolveResult,
} from "@rotamatch/core";
import { perturbCohort, type AppliedPerturbation, type Perturbation } from "./perturb.js";

/** Where each run's cohort comes from. */
export type SweepSource =
  | { readonly kind: "cohort"; readonly cohort: Cohort }
  /** The generator's options; each run replaces the seed with its own. */
  | { readonly kind: "generate"; readonly options: GenerateOptions };

/** Everything the runs of a sweep share; sent once to each worker thread. */
export interface SweepJob {
  readonly source: SweepSource;
  readonly perturbation: Perturbation;
  readonly timeLimitMs: number;
  /** Passed to solveCohort as given; the core checks it. */
  readonly backend: string;
}

/** One run: its position in the sweep and its seed (of the generator and of the perturbation). */
export interface RunSpec {
  readonly index: number;
  readonly seed: number;
}

/**
 * The plan's status, or `invalid` when the perturbed cohort broke a rule the validator checks
 * (a given host over its lowered capacity), or `error` when the run failed unexpectedly.
 */
export type RunStatus = PlanStatus | "invalid" | "error";

/** A reason a run has no plan: a diagnosis item, or an input problem of an invalid run. */
export interface Finding {
  readonly code: string;
  /** The member or person it is about, when it is about one. */
  readonly subject: string | null;
  readonly message: string;
}

export interface RunRecord {
  readonly index: number;
  readonly seed: number;
  readonly status: RunStatus;
  readonly objective: number | null;
  readonly bound: number | null;
  /** Roles left empty (only with rules.allowUnassigned). */
  readonly unassignedRoles: number;
  /** Null when the run failed before its cohort was perturbed. */
  readonly perturbation: AppliedPerturbation | null;
  /** Why there is no plan (infeasible and invalid runs); empty otherwise. */
  readonly findings: readonly Finding[];
  /** What went wrong, for status "error". */
  readonly error?: string;
}

export function runOne(job: SweepJob, run: RunSpec): RunRecord {
  const made = makeRunCohort(job, run);
  if (!made.ok) return made.record;
  try {
    // The backend string goes to the core unchanged: it knows which backends exist.
    const result = solveCohort(made.cohort, { timeLimitMs: job.timeLimitMs, backend: job.backend as Backend });
    return recordOfResult(run, made, result);
  } catch (error) {
    return errorRecord(run, made.applied, error);
  }
}

/** A run's cohort, made and perturbed; or, when that failed, the run's error record. */
export type MadeRun =
  | { readonly ok: true; readonly cohort: Cohort; readonly applied: AppliedPerturbation }
  | { readonly ok: false; readonly record: RunRecord };

/**
 * The cohort a run solves: generated with the run's seed (or the base cohort), perturbed with
 * the run's seed. Deterministic, so a sweep on a queue can make it again to check a plan.
 */
export function makeRunCohort(job: SweepJob, run: RunSpec): MadeRun {
  try {
    const perturbed = perturbCohort(baseCohort(job.source, run.seed), job.perturbation, run.seed);
    return { ok: true, cohort: perturbed.cohort, applied: perturbed.applied };
  } catch (error) {
    return { ok: false, record: errorRecord(run, null, error) };
  }
}

/** The record of a solved run: the plan's outcome, or the input problems of an invalid cohort. */
export function recordOfResult(run: RunSpec, made: { readonly cohort: Cohort; readonly applied: AppliedPerturbation }, result: SolveResult): RunRecord {
  if (!result.ok) return invalidRecord(run, made, result.issues);
  return recordOfPlan(run, made.applied, result.plan);
}

/** The record of a run whose cohort broke a rule the validator checks. */
export function invalidRecord(run: RunSpec, made: { readonly cohort: Cohort; readonly applied: AppliedPerturbation }, issues: readonly Issue[]): RunRecord {
  const findings = issues.map((issue) => issueFinding(made.cohort, issue));
  return makeRecord(run, { status: "invalid", perturbation: made.applied, findings });
}

/** The record of a run with a plan (of any status): what the report needs of it. */
export function recordOfPlan(run: RunSpec, applied: AppliedPerturbation, plan: Plan): RunRecord {
  return makeRecord(run, {
    status: plan.status,
    objective: plan.objective,
    bound: plan.bound,
    unassignedRoles: plan.unassigned.length,
    perturbation: applied,
    findings: plan.diagnosis.map(diagnosisFinding),
  });
}

/** A run that failed unexpectedly: status "error" with the first line of the message. */
export function errorRecord(run: RunSpec, applied: AppliedPerturbation | null, error: unknown): RunRecord {
  const message = error instanceof Error ? error.message : String(error);
  return makeRecord(run, { status: "error", perturbation: applied, error: message.split("\n")[0] ?? message });
}

/** A run's record with its fields always in the same order (the JSON report shows them). */
export function makeRecord(
  run: RunSpec,
  fields: Pick<RunRecord, "status"> & Partial<Omit<RunRecord, "index" | "seed" | "status">>,
): RunRecord {
  return {
    index: run.index,
    seed: run.seed,
    status: fields.status,
    objective: fields.objective ?? null,
    bound: fields.bound ?? null,
    unassignedRoles: fields.unassignedRoles ?? 0,
    perturbation: fields.perturbation ?? null,
    findings: fields.findings ?? [],
    ...(fields.error === undefined ? {} : { error: fields.error }),
  };
}

function baseCohort(source: SweepSource, seed: number): Cohort {
  return source.kind === "cohort" ? source.cohort : cohortSchema.parse(generateCohort({ ...source.options, seed }));
}

/** A diagnosis item's subject is the person or member its suggested change is about. */
function diagnosisFinding(item: DiagnosisItem): Finding {
  return { code: item.code, subject: item.change?.person ?? item.change?.member ?? null, message: item.message };
}

/** An input problem's subject is the member, person or trainee its path points into. */
function issueFinding(cohort: Cohort, issue: Issue): Finding {
  const match = /^(members|people|trainees)\[(\d+)\]/.exec(issue.path);
  const list = match?.[1] as "members" | "people" | "trainees" | undefined;
  const subject = list === undefined ? null : (cohort[list][Number(match?.[2])]?.id ?? null);
  return { code: issue.code, subject, message: formatIssue(issue) };
}
