/**
 * The suite's report: the markdown section for docs/benchmarks.md (the command, the machine,
 * the chart, the tables) and writing it, with the chart, into the docs.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import { writeDocSection } from "../support/doc-section.js";
import { checkTargets, historyComparisons, ratiosAgainstHighs } from "./analysis.js";
import { historyTable, notes, ratiosTable, resultsTable, targetsTable } from "./markdown.js";
import { HISTORY_WEIGHTS } from "./instances.js";
import type { Limits } from "./run-child.js";
import type { SuiteRun } from "./run-suite.js";

export const DOC = new URL("../../docs/benchmarks.md", import.meta.url);

/**
 * Where a ladder's report goes: the section of docs/benchmarks.md and the chart's file (null: no
 * chart). The `unassigned` and `history` ladders have their own, so that writing them leaves the
 * main results as they are; `history` has no chart (two sizes a kind), its table says more.
 */
export function reportPlace(ladder: string): { readonly section: string; readonly chartFile: string | null } {
  if (ladder === "unassigned") return { section: "suite-unassigned", chartFile: "benchmarks-suite-unassigned.svg" };
  if (ladder === "history") return { section: "history", chartFile: null };
  return { section: "suite", chartFile: "benchmarks-suite.svg" };
}

export interface ReportContext {
  /** The command line that made the run, as a reader would type it. */
  readonly command: string;
  readonly limits: Limits;
  /** Wall time of the whole suite, in milliseconds. */
  readonly totalMs: number;
  /** The chart's file name, beside the page (default: the main suite's, benchmarks-suite.svg; null: no chart). */
  readonly chartFile?: string | null;
}

/** The machine, in one phrase: CPU model, logical cores, Node version and the date. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${cpu} (${os.cpus().length} logical cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * The markdown of a run: what made it, the chart, every run, the instances with history against
 * those without, the ratios against HiGHS and the targets.
 */
export function renderReport(run: SuiteRun, context: ReportContext): string {
  const { limits } = context;
  const stopped = notes(run.results);
  const parts = [
    `Command: \`${context.command}\`, ${(context.totalMs / 60_000).toFixed(1)} min in all. ` +
      `Time limit ${limits.timeLimitMs / 1000} s a run (the process is stopped ${limits.marginMs / 1000} s later), ` +
      `memory cap ${limits.memoryMb} MiB. Measured on ${machine()}.`,
  ];
  const chartFile = context.chartFile === undefined ? reportPlace("quick").chartFile : context.chartFile;
  if (chartFile !== null) parts.push(`![Time to answer against trainees, per solver and kind of instance](${chartFile})`);
  const history = historyComparisons(run.instances, run.results);
  if (history.length > 0) {
    parts.push(
      `**With history against without, in the same run** (the same cohort and seed; with history: ${historyNote(run)}).\n\n${historyTable(history)}`,
    );
  }
  parts.push(`**Every run.**\n\n${resultsTable(run.instances, run.results)}`);
  if (stopped !== "") parts.push(`Runs without an answer, and why:\n\n${stopped}`);
  const ratios = ratiosAgainstHighs(run.instances, run.results);
  if (ratios.length > 0) parts.push(`**Against HiGHS in the same run** (each backend's time against HiGHS's, and its objective against HiGHS's).\n\n${ratiosTable(run.instances, run.results, ratios)}`);
  const targets = checkTargets(run.instances, run.results);
  if (targets.length > 0) parts.push(`**The issue's targets.**\n\n${targetsTable(targets)}`);
  return parts.join("\n\n");
}

/** What the instances with history carry, in words: how many earlier cohorts and which weights. */
function historyNote(run: SuiteRun): string {
  const cohorts = [...new Set(run.instances.flatMap((i) => (i.history === undefined ? [] : [i.history.cohorts])))].join(" or ");
  const weights = Object.entries(HISTORY_WEIGHTS)
    .map(([term, weight]) => `${term} ${weight}`)
    .join(", ");
  return `${cohorts} earlier cohorts as \`history\`, weights ${weights}; without: no history, every fairness weight 0`;
}

/** Replaces the ladder's section of docs/benchmarks.md and writes its chart beside it (if it has one); returns the chart's URL or null. */
export function writeDocs(ladder: string, section: string, chart: () => string): URL | null {
  const place = reportPlace(ladder);
  writeDocSection(place.section, section);
  if (place.chartFile === null) return null;
  const chartUrl = new URL(place.chartFile, DOC);
  writeFileSync(chartUrl, chart());
  return chartUrl;
}
