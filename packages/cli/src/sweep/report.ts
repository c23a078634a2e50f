/**
 * The summary of a sweep, from its runs in run order: how many runs have a plan, the
 * distribution of the plans' costs, and which diagnoses the runs without a plan share. Pure
 * and deterministic: the same runs give the same summary.
 */
import type { RunRecord } from "./run-one.js";

export interface SweepSummary {
  readonly runs: number;
  /** Runs with a plan (optimal or feasible). */
  readonly feasible: number;
  /** feasible / runs (0 when there are no runs). */
  readonly feasibleShare: number;
  /** Runs whose plan is proven optimal. */
  readonly optimal: number;
  /** Runs without a plan, including the invalid ones. */
  readonly infeasible: number;
  /** Runs whose perturbed cohort broke a rule the validator checks (counted as infeasible too). */
  readonly invalid: number;
  readonly timedout: number;
  readonly errors: number;
  /** Plans that leave roles empty (only with rules.allowUnassigned). */
  readonly withUnassignedRoles: number;
  /** The plans' objectives; null when no run has a plan. */
  readonly cost: CostSummary | null;
  /** The diagnoses of the infeasible runs, the most frequent first. */
  readonly diagnoses: readonly DiagnosisGroup[];
}

export interface CostSummary {
  readonly min: number;
  readonly p10: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
  readonly mean: number;
}

/** One diagnosis code over the infeasible runs. */
export interface DiagnosisGroup {
  readonly code: string;
  /** Infeasible runs that have it. */
  readonly runs: number;
  /** The members or people it is about, with the runs for each, the most frequent first. */
  readonly subjects: readonly { readonly subject: string; readonly runs: number }[];
  /** Its message in the first run that has it. */
  readonly example: string;
}

export function summarizeSweep(records: readonly RunRecord[]): SweepSummary {
  const count = (...statuses: RunRecord["status"][]): number => records.filter((r) => statuses.includes(r.status)).length;
  const planned = records.filter((r) => r.status === "optimal" || r.status === "feasible");
  const objectives = planned.flatMap((r) => (r.objective === null ? [] : [r.objective]));
  return {
    runs: records.length,
    feasible: planned.length,
    feasibleShare: records.length === 0 ? 0 : planned.length / records.length,
    optimal: count("optimal"),
    infeasible: count("infeasible", "invalid"),
    invalid: count("invalid"),
    timedout: count("timedout"),
    errors: count("error"),
    withUnassignedRoles: planned.filter((r) => r.unassignedRoles > 0).length,
    cost: summarizeCosts(objectives),
    diagnoses: groupDiagnoses(records.filter((r) => r.status === "infeasible" || r.status === "invalid")),
  };
}

export function summarizeCosts(values: readonly number[]): CostSummary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    min: sorted[0] as number,
    p10: percentile(sorted, 0.1),
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    max: sorted[sorted.length - 1] as number,
    mean: sum / sorted.length,
  };
}

/**
 * The q-quantile of ascending values, interpolating linearly between the two nearest ranks
 * (the usual definition of spreadsheets and of numpy's default): position q * (n - 1).
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError("percentile of no values");
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

/** Each code counted once per run, and each subject once per run and code. */
export function groupDiagnoses(records: readonly RunRecord[]): DiagnosisGroup[] {
  const groups = new Map<string, { runs: number; subjects: Map<string, number>; example: string }>();
  for (const record of records) {
    const seen = new Set<string>();
    for (const finding of record.findings) {
      let group = groups.get(finding.code);
      if (group === undefined) {
        group = { runs: 0, subjects: new Map(), example: finding.message };
        groups.set(finding.code, group);
      }
      if (!seen.has(finding.code)) group.runs += 1;
      seen.add(finding.code);
      const subjectKey = `${finding.code}\u0000${finding.subject}`;
      if (finding.subject !== null && !seen.has(subjectKey)) {
        group.subjects.set(finding.subject, (group.subjects.get(finding.subject) ?? 0) + 1);
        seen.add(subjectKey);
      }
    }
  }
  return [...groups]
    .map(([code, g]) => ({
      code,
      runs: g.runs,
      subjects: [...g.subjects]
        .map(([subject, runs]) => ({ subject, runs }))
        .sort((a, b) => b.runs - a.runs || compareText(a.subject, b.subject)),
      example: g.example,
    }))
    .sort((a, b) => b.runs - a.runs || compareText(a.code, b.code));
}

/** Ordering that does not depend on the locale, so reports are the same everywhere. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
