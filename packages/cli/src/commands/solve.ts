/**
 * rotamatch solve COHORT [--history PLAN ...] [--format table|json] [--out FILE] [--time-limit SECONDS]
 * [--backend NAME]. The plan's warnings (ids in the history the cohort does not know) go to
 * standard error, whatever the format.
 */
import { DEFAULT_SOLVE_OPTIONS, cohortSchema, solveCohort, type Plan } from "@rotamatch/core";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError, writeOutput } from "../command.js";
import { BACKEND_EXPECTED, parseBackend, readTableOrJson, readTimeLimit, secondsToMs } from "../parse-values.js";
import { appendHistory, noteHistoryFiles, readHistoryFiles } from "../history-files.js";
import { describeSource, readCohort } from "../read-cohort.js";
import { reportIssues } from "../report-issues.js";
import { renderPlanTable } from "../table.js";

const OPTIONS = {
  format: { type: "string" },
  out: { type: "string" },
  "time-limit": { type: "string" },
  backend: { type: "string" },
  history: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

export async function runSolve(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("solve", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length === 0) return usageError(io, "solve needs a COHORT file (or - for standard input)");
  if (positionals.length > 1) {
    return usageError(io, `solve takes one COHORT file, not ${positionals.length}: ${positionals.join(" ")}`);
  }
  const path = positionals[0] as string;

  const read = readTableOrJson(values.format);
  if (!read.ok) return usageError(io, read.message);
  const format = read.value;

  const timeLimit = readTimeLimit(values["time-limit"]);
  if (!timeLimit.ok) return usageError(io, timeLimit.message);
  const timeLimitSeconds = timeLimit.value;

  const backend = parseBackend(values.backend ?? DEFAULT_SOLVE_OPTIONS.backend);
  if (backend === undefined) return usageError(io, `--backend must be one of ${BACKEND_EXPECTED}, not ${JSON.stringify(values.backend)}`);

  const historyValues = values.history ?? [];
  const file = await readCohort(io, path, "solve");
  if (!file.ok) return file.exitCode;
  const history = await readHistoryFiles(io, historyValues, "solve");
  if (!history.ok) return history.exitCode;
  const input = appendHistory(file.value, history.entries);

  const options = { backend, ...(timeLimitSeconds === undefined ? {} : { timeLimitMs: secondsToMs(timeLimitSeconds) }) };
  const result = solveCohort(input.cohort, options);
  if (!result.ok) {
    reportIssues(io, result.issues, path);
    noteHistoryFiles(io, result.issues, historyValues, input.first);
    return EXIT.invalidInput;
  }
  const plan = result.plan;
  reportPlanWarnings(io, plan);
  const output =
    format === "json" ? `${JSON.stringify(plan, null, 2)}\n` : renderPlanTable(plan, cohortSchema.parse(input.cohort));

  const written = () => `wrote the ${format === "json" ? "plan" : "report"} (${plan.status}) to ${values.out}`;
  return (await writeOutput(io, values.out, output, written)) ?? reportOutcome(io, plan, path, timeLimitSeconds);
}

/** Explains on stderr an outcome without a plan, and gives the exit code of each status (replan shares it). */
export function reportOutcome(io: CliIo, plan: Plan, path: string, timeLimitSeconds: number | undefined): ExitCode {
  switch (plan.status) {
    case "optimal":
    case "feasible":
      return EXIT.ok;
    case "infeasible": {
      const why = plan.diagnosis.length === 0 ? " No single reason could be isolated." : " Why:";
      io.stderr(`rotamatch: no plan for ${describeSource(path)} satisfies every rule (infeasible).${why}\n`);
      for (const item of plan.diagnosis) io.stderr(`${item.code}: ${item.message}\n`);
      return EXIT.infeasible;
    }
    case "timedout": {
      const seconds = timeLimitSeconds ?? DEFAULT_SOLVE_OPTIONS.timeLimitMs / 1000;
      io.stderr(
        `rotamatch: no valid plan was found within the time limit of ${seconds} s. Try a longer --time-limit SECONDS.\n`,
      );
      return EXIT.timedout;
    }
  }
}

/** Each of the plan's warnings on stderr, `warning: code at path: message` (replan prints its own the same way). */
export function reportPlanWarnings(io: CliIo, plan: Plan): void {
  for (const warning of plan.warnings ?? []) io.stderr(`warning: ${warning.code} at ${warning.path}: ${warning.message}\n`);
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "solve", message);
}
