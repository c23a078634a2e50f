/**
 * What `replan`, `whatif` and `explain` share: a cohort and a plan read from JSON files (the
 * plan also from its published workbook), the core's issues printed with the files they are
 * in, and JSON on standard output for `--format json` in every outcome (the answer, or
 * `{ "issues": [...] }` for bad input).
 */
import { formatIssue, type Issue } from "@rotamatch/core/format";
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { describeSource, readCohort, type ReadOutcome } from "./read-cohort.js";
import { readPlanFromWorkbook } from "./read-plan-workbook.js";
import { isWorkbookPath, type Lang } from "./read-sheets.js";
import type { CommandName } from "./usage.js";

/** The cohort and the plan as parsed JSON; whether they are a cohort and a plan of it is the core's to say. */
export type PairOutcome =
  | { readonly ok: true; readonly cohort: unknown; readonly plan: unknown }
  | { readonly ok: false; readonly exitCode: ExitCode };

/**
 * Reads the COHORT and the --plan file (either may be "-", not both); the messages are already
 * printed on failure. The plan may be its published workbook (.xlsx): readPlanFromWorkbook,
 * with its problems and warnings in `lang`.
 */
export async function readCohortAndPlan(io: CliIo, cohortPath: string, planPath: string, command: CommandName, lang: Lang = "en"): Promise<PairOutcome> {
  const cohort: ReadOutcome = await readCohort(io, cohortPath, command);
  if (!cohort.ok) return cohort;
  if (isWorkbookPath(planPath)) {
    const plan = await readPlanFromWorkbook(io, planPath, command, lang);
    return plan.ok ? { ok: true, cohort: cohort.value, plan: plan.plan } : plan;
  }
  const plan: ReadOutcome = await readCohort(io, planPath, command);
  if (!plan.ok) return plan;
  return { ok: true, cohort: cohort.value, plan: plan.value };
}

/** The most issues printed on stderr (all are in the JSON): a plan of another cohort may break a rule for every trainee. */
const MAX_PRINTED = 20;

/**
 * Prints the core's issues (`code at path: message`, the path into the request: `cohort.`,
 * `plan.`, `asOf`, `pins[j]`, `trainee`) and a summary naming the files; with `--format json`
 * also `{ "issues": [...] }` on standard output. Exit 2.
 */
export function reportRequestIssues(io: CliIo, issues: readonly Issue[], files: readonly string[], json: boolean): ExitCode {
  if (json) io.stdout(`${JSON.stringify({ issues }, null, 2)}\n`);
  for (const issue of issues.slice(0, MAX_PRINTED)) io.stderr(`${formatIssue(issue)}\n`);
  if (issues.length > MAX_PRINTED) io.stderr(`... and ${issues.length - MAX_PRINTED} more\n`);
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const where = files.map(describeSource).join(" and ");
  io.stderr(`rotamatch: ${count} in ${where}; fix ${issues.length === 1 ? "it" : "them"} and run again.\n`);
  return EXIT.invalidInput;
}
