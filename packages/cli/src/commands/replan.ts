/**
 * rotamatch replan COHORT --plan PLAN --as-of DATE [--format table|json] [--out FILE]
 * [--time-limit SECONDS] [--backend auto|jslp|network], or rotamatch replan REQUEST with a whole
 * `rotamatch.replan/v1` document: the published plan re-planned for the cohort as it is now,
 * moving as few roles as possible (docs/replanning.md). The exit codes are solve's.
 */
import { REPLAN_FORMAT, cohortSchema, plural, replanCohort, replanRequest, type ReplanOptions, type ReplanResult } from "@rotamatch/core";
import type { CliIo, ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError, writeOutput } from "../command.js";
import { changeNames, renderChanges } from "../changes-table.js";
import { readTableOrJson, readTimeLimit, secondsToMs } from "../parse-values.js";
import { readCohortAndPlan, reportRequestIssues } from "../plan-input.js";
import { readCohort } from "../read-cohort.js";
import { renderPlanTable } from "../table.js";
import { reportOutcome, reportPlanWarnings } from "./solve.js";

const OPTIONS = {
  plan: { type: "string" },
  "as-of": { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  "time-limit": { type: "string" },
  backend: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The exact model in stages, or the network backend with keep pins for big cohorts (docs/replanning.md). */
const REPLAN_BACKENDS = ["auto", "jslp", "network"] as const;

export async function runReplan(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("replan", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length === 0) return usageError(io, "replan needs a COHORT file and --plan PLAN --as-of DATE, or a rotamatch.replan/v1 document");
  if (positionals.length > 1) return usageError(io, `replan takes one COHORT file, not ${positionals.length}: ${positionals.join(" ")}`);
  const path = positionals[0] as string;

  const format = readTableOrJson(values.format);
  if (!format.ok) return usageError(io, format.message);
  const timeLimit = readTimeLimit(values["time-limit"]);
  if (!timeLimit.ok) return usageError(io, timeLimit.message);
  const timeLimitSeconds = timeLimit.value;
  const backend = values.backend ?? "auto";
  if (!(REPLAN_BACKENDS as readonly string[]).includes(backend)) {
    return usageError(io, `--backend must be auto, jslp or network for a re-plan, not ${JSON.stringify(backend)}`);
  }
  const options: Omit<ReplanOptions, "asOf"> = {
    backend: backend as (typeof REPLAN_BACKENDS)[number],
    ...(timeLimitSeconds === undefined ? {} : { timeLimitMs: secondsToMs(timeLimitSeconds) }),
  };
  const json = format.value === "json";

  // Either a COHORT with --plan and --as-of, or a rotamatch.replan/v1 document alone.
  let result: ReplanResult;
  let cohortInput: unknown;
  let files: string[];
  if (values.plan === undefined && values["as-of"] === undefined) {
    const document = await readCohort(io, path, "replan");
    if (!document.ok) return document.exitCode;
    if (!isReplanDocument(document.value)) {
      return usageError(io, `replan needs --plan PLAN and --as-of DATE, unless ${path} is a ${REPLAN_FORMAT} document`);
    }
    cohortInput = document.value.cohort;
    files = [path];
    result = replanRequest(document.value, options);
  } else {
    if (values.plan === undefined) return usageError(io, "replan needs --plan PLAN: the published plan");
    if (values["as-of"] === undefined) return usageError(io, "replan needs --as-of DATE (YYYY-MM-DD): the day from which the plan may change");
    if (path === "-" && values.plan === "-") return usageError(io, "only one of COHORT and --plan can be read from standard input");
    const pair = await readCohortAndPlan(io, path, values.plan, "replan");
    if (!pair.ok) return pair.exitCode;
    if (isReplanDocument(pair.cohort)) return usageError(io, `${path} is a ${REPLAN_FORMAT} document: give it alone, without --plan and --as-of`);
    cohortInput = pair.cohort;
    files = [path, values.plan];
    result = replanCohort(pair.cohort, pair.plan, { ...options, asOf: values["as-of"] });
  }
  if (!result.ok) return reportRequestIssues(io, result.issues, files, json);

  const plan = result.plan;
  for (const warning of result.warnings) io.stderr(`warning: ${warning.code} at ${warning.path}: ${warning.message}\n`);
  reportPlanWarnings(io, plan);
  let output: string;
  if (json) {
    output = `${JSON.stringify(plan, null, 2)}\n`;
  } else {
    // The cohort was read by the core; this only completes its defaults for the names and the table.
    const cohort = cohortSchema.parse(cohortInput);
    // Without a plan there are no changes to list: the table says why there is no plan.
    const hasPlan = plan.status === "optimal" || plan.status === "feasible";
    const changes = hasPlan ? `${renderChanges(plan.changes, changeNames(cohort), "No changes: every role stays as it was.")}\n\n` : "";
    output = `${changes}${renderPlanTable(plan, cohort)}`;
  }
  const written = () => `wrote the ${json ? "re-planned plan" : "report"} (${plan.status}, ${plural(plan.changes.length, "change")}) to ${values.out}`;
  return (await writeOutput(io, values.out, output, written)) ?? reportOutcome(io, plan, path, timeLimitSeconds);
}

function isReplanDocument(value: unknown): value is { readonly format: string; readonly cohort?: unknown } {
  return typeof value === "object" && value !== null && (value as { format?: unknown }).format === REPLAN_FORMAT;
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "replan", message);
}
