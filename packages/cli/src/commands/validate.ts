/** rotamatch validate COHORT */
import { cohortSchema, plural, validateCohort } from "@rotamatch/core/format";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError } from "../command.js";
import { readCohort } from "../read-cohort.js";
import { reportIssues } from "../report-issues.js";

const OPTIONS = { help: { type: "boolean", short: "h" } } as const;

export async function runValidate(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("validate", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { positionals } = started;
  if (positionals.length === 0) return usageError(io, "validate needs a COHORT file (or - for standard input)");
  if (positionals.length > 1) {
    return usageError(io, `validate takes one COHORT file, not ${positionals.length}: ${positionals.join(" ")}`);
  }
  const path = positionals[0] as string;

  const input = await readCohort(io, path, "validate");
  if (!input.ok) return input.exitCode;
  const issues = validateCohort(input.value);
  if (issues.length > 0) {
    reportIssues(io, issues, path);
    return EXIT.invalidInput;
  }
  const cohort = cohortSchema.parse(input.value);
  const counts = [
    plural(cohort.members.length, "member", "members"),
    plural(cohort.people.length, "person", "people"),
    plural(cohort.trainees.length, "trainee", "trainees"),
  ];
  io.stdout(`valid: ${counts.join(", ")}\n`);
  return EXIT.ok;
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "validate", message);
}
