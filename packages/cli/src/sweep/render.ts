/**
 * What a person reads of a sweep: the report table (stdout) and the progress line (stderr,
 * terminals only). The report holds no timings, so the same sweep prints the same report.
 */
import { plural } from "@rotamatch/core/format";
import { formatAmount, renderColumns } from "../table.js";
import type { SweepSummary } from "./report.js";

/** Diagnosis codes shown in the table (all of them are in the JSON report). */
const MAX_DIAGNOSES_SHOWN = 10;
/** Subjects shown per diagnosis code. */
const MAX_SUBJECTS_SHOWN = 3;

/** The report, ending with a newline; `heading` says what was swept. */
export function renderSweepReport(heading: string, summary: SweepSummary): string {
  const sections = [heading, renderCounts(summary)];
  if (summary.cost !== null) {
    const c = summary.cost;
    const header = ["min", "p10", "median", "p90", "max", "mean"];
    const row = [c.min, c.p10, c.median, c.p90, c.max, c.mean].map(formatAmount);
    const title = `Cost of the ${plural(summary.feasible, "plan", "plans")} (objective)`;
    sections.push(`${title}\n${renderColumns(header, [row], new Set(header.keys()))}`);
  }
  if (summary.diagnoses.length > 0) {
    const shown = summary.diagnoses.slice(0, MAX_DIAGNOSES_SHOWN);
    const rows = shown.map((group) => [String(group.runs), group.code, describeSubjects(group.subjects)]);
    const more = summary.diagnoses.length - shown.length;
    const runs = plural(summary.infeasible, "infeasible run has", "infeasible runs have");
    const title = `Why the ${runs} no plan (runs with each diagnosis)`;
    const table = renderColumns(["Runs", "Diagnosis", "Most often about"], rows, new Set([0]));
    sections.push(`${title}\n${table}${more > 0 ? `\n(${more} more in the JSON report, --json)` : ""}`);
  }
  return `${sections.join("\n\n")}\n`;
}

function renderCounts(s: SweepSummary): string {
  const invalid = s.invalid > 0 ? `, of which ${s.invalid} rejected by validation (${INVALID_REASON})` : "";
  const rows: string[][] = [
    ["Feasible", `${s.feasible} of ${s.runs} (${formatShare(s.feasibleShare)}), ${s.optimal} proven optimal`],
    ["Infeasible", `${s.infeasible}${invalid}`],
    ["Timed out", String(s.timedout)],
  ];
  if (s.withUnassignedRoles > 0) rows.push(["Roles left empty", `in ${plural(s.withUnassignedRoles, "plan", "plans")}`]);
  if (s.errors > 0) rows.push(["Errors", `${s.errors} (runs that failed unexpectedly)`]);
  const [first, ...rest] = rows as [string[], ...string[][]];
  return renderColumns(first, rest, new Set());
}

const INVALID_REASON = "a lowered capacity is below what the given hosts or pins need";

function describeSubjects(subjects: SweepSummary["diagnoses"][number]["subjects"]): string {
  if (subjects.length === 0) return "—";
  const shown = subjects.slice(0, MAX_SUBJECTS_SHOWN).map((s) => `${s.subject} (${s.runs})`);
  const more = subjects.length - MAX_SUBJECTS_SHOWN;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** A share as a percentage with one decimal: `70.0%`. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

const BAR_WIDTH = 24;

/** `[########----------------] 8/24 runs, 6 feasible, ETA 42.0 s`: one line, without a line end. */
export function renderProgress(done: number, total: number, feasible: number, elapsedMs: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * done) / total);
  const bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
  const eta = done === 0 ? "ETA unknown" : `ETA ${formatDuration((elapsedMs / done) * (total - done))}`;
  return `[${bar}] ${done}/${total} runs, ${feasible} feasible, ${eta}`;
}

/** `4.2 s` under a minute, then `12:05` or `1:02:03`. */
export function formatDuration(ms: number): string {
  if (ms < 59_950) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
