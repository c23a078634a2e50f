/**
 * The suite's results as markdown: the table of every (instance, solver) run, the ratios
 * against HiGHS and the issue's targets.
 */
import {
  bestKnown,
  emptyOf,
  fewestEmpty,
  formatPercent,
  formatSpeedup,
  formatSeconds,
  gapPercent,
  provenGapPercent,
  type HistoryComparison,
  type Ratio,
  type TargetCheck,
} from "./analysis.js";
import type { Instance } from "./instances.js";
import { SOLVER_LABELS, hasPlan, type RunResult } from "./solvers.js";

const DASH = "–";

function table(header: readonly string[], align: readonly ("l" | "r")[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(align.map((a) => (a === "r" ? "---:" : "---"))), ...rows.map(line)].join("\n");
}

/** Size of an instance in words: trainees × members, mentors (and its history). */
export const sizeText = (i: Instance): string =>
  `${i.trainees} × ${i.members}, ${i.mentors} mentors${i.history === undefined ? "" : `, ${i.history.cohorts} earlier cohorts (${i.historyTrainees} trainees)`}`;

/**
 * One row per (instance, solver), the instance named on its first row only. Gap: above the best
 * objective any solver found for the instance; proven: (objective - own bound) / objective.
 * With allowUnassigned the objective shows how many roles the plan leaves empty, and a plan
 * that leaves more empty than the best one shows how many more instead of a gap.
 */
export function resultsTable(instances: readonly Instance[], results: readonly RunResult[]): string {
  const rows: string[][] = [];
  for (const instance of instances) {
    const best = bestKnown(results, instance.id);
    const fewest = fewestEmpty(results, instance.id);
    results
      .filter((r) => r.instance === instance.id)
      .forEach((r, k) => {
        const plan = hasPlan(r);
        const proven = provenGapPercent(r);
        rows.push([
          k === 0 ? instance.id : "",
          k === 0 ? sizeText(instance) : "",
          SOLVER_LABELS[r.solver],
          r.status,
          r.ms === null ? DASH : formatSeconds(r.ms),
          plan ? `${(r.objective as number).toFixed(2)}${r.emptyRoles === null ? "" : ` (${r.emptyRoles} empty)`}` : DASH,
          !plan || best === null ? DASH : emptyOf(r) > (fewest ?? 0) ? `${emptyOf(r) - (fewest ?? 0)} more empty` : formatPercent(gapPercent(r.objective as number, best)),
          proven === null ? DASH : formatPercent(proven),
          r.peakMb === null ? DASH : String(Math.round(r.peakMb)),
        ]);
      });
  }
  return table(
    ["instance", "trainees × members, mentors", "solver", "status", "time", "objective", "gap to best", "proven gap", "peak MiB"],
    ["l", "l", "l", "l", "r", "r", "r", "r", "r"],
    rows,
  );
}

/** Why each run that ended without an answer ended so, one line each (errors, stops, skips). */
export function notes(results: readonly RunResult[]): string {
  return results
    .filter((r) => r.error !== null)
    .map((r) => `- ${r.instance}, ${SOLVER_LABELS[r.solver]}: ${r.error}`)
    .join("\n");
}

/**
 * One row per instance: HiGHS's answer, then for each rotamatch backend how much faster or
 * slower than HiGHS it was and its objective against HiGHS's, or why there is no ratio.
 */
export function ratiosTable(instances: readonly Instance[], results: readonly RunResult[], ratios: readonly Ratio[]): string {
  const backends = [...new Set(ratios.map((r) => r.solver))];
  const rows = instances.flatMap((instance) => {
    const highs = results.find((r) => r.instance === instance.id && r.solver === "highs");
    if (highs === undefined) return [];
    const cells = backends.map((solver) => {
      const ratio = ratios.find((r) => r.instance === instance.id && r.solver === solver);
      if (ratio === undefined) return DASH;
      if (ratio.speedup === null || ratio.objectiveGap === null) return ratio.note ?? DASH;
      const gap = ratio.objectiveGap;
      const objective = Math.abs(gap) < 0.0005 ? "same objective" : `objective ${gap > 0 ? "+" : ""}${formatPercent(gap)}`;
      return `${formatSpeedup(ratio.speedup)}, ${objective}`;
    });
    return [[instance.id, `${highs.status}${highs.ms === null ? "" : `, ${formatSeconds(highs.ms)}`}`, ...cells]];
  });
  return table(
    ["instance", "HiGHS", ...backends.map((b) => SOLVER_LABELS[b])],
    ["l", "l", ...backends.map(() => "l" as const)],
    rows,
  );
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  const rows = checks.map((c) => [c.target, c.instance, SOLVER_LABELS[c.solver], c.figures, c.met ? "**met**" : "not met"]);
  return table(["target", "instance", "backend", "measured", "verdict"], ["l", "l", "l", "l", "l"], rows);
}

/**
 * One row per (instance, solver): the run without history and the run with it side by side
 * (status, time, proven gap), then time with history over time without, and the proven gap
 * with history over the one without (or both gaps, when the one without is 0).
 */
export function historyTable(comparisons: readonly HistoryComparison[]): string {
  const run = (r: RunResult, proven: number | null): string[] => [
    r.status,
    r.ms === null ? DASH : formatSeconds(r.ms),
    hasPlan(r) ? (r.objective as number).toFixed(2) : DASH,
    proven === null ? DASH : formatPercent(proven),
  ];
  const rows = comparisons.map((c) => [
    c.baseline.id,
    SOLVER_LABELS[c.solver],
    ...run(c.without, c.provenWithout),
    ...run(c.with, c.provenWith),
    c.timeRatio === null ? DASH : `${c.timeRatio.toFixed(c.timeRatio < 10 ? 2 : 1)}×`,
    gapChange(c.provenWithout, c.provenWith),
  ]);
  return table(
    [
      "instance",
      "solver",
      "without: status",
      "time",
      "objective",
      "proven gap",
      "with history: status",
      "time",
      "objective",
      "proven gap",
      "time with / without",
      "proven gap with / without",
    ],
    ["l", "l", "l", "r", "r", "r", "l", "r", "r", "r", "r", "r"],
    rows,
  );
}

/** The proven gap with history against the one without: a ratio, or both figures when the one without is (about) 0. */
function gapChange(without: number | null, withHistory: number | null): string {
  if (without === null || withHistory === null) return DASH;
  if (without < 0.0005) return withHistory < 0.0005 ? "both 0 %" : `0 % → ${formatPercent(withHistory)}`;
  return `${(withHistory / without).toFixed(2)}×`;
}
