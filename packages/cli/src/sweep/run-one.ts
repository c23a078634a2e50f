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
  type PlanStatus,
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
  let perturbation: AppliedPerturbation | null = null;
  try {
    const perturbed = perturbCohort(baseCohort(job.source, run.seed), job.perturbation, run.seed);
    perturbation = perturbed.applied;
    // The backend string goes to the core unchanged: it knows which backends exist.
    const result = solveCohort(perturbed.cohort, { timeLimitMs: job.timeLimitMs, backend: job.backend as Backend });
    if (!result.ok) {
      const findings = result.issues.map((issue) => issueFinding(perturbed.cohort, issue));
      return makeRecord(run, { status: "invalid", perturbation, findings });
    }
    const plan = result.plan;
    return makeRecord(run, {
      status: plan.status,
      objective: plan.objective,
      bound: plan.bound,
      unassignedRoles: plan.unassigned.length,
      perturbation,
      findings: plan.diagnosis.map(diagnosisFinding),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return makeRecord(run, { status: "error", perturbation, error: message.split("\n")[0] ?? message });
  }
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
