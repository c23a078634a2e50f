/**
 * rotamatch generate --trainees N --members M [generator flags] [--seed S] [--out FILE]:
 * a generated cohort in the contract format, feasible by construction. The same flags always
 * give the same bytes.
 */
import { generateCohort, type CohortInput } from "@rotamatch/core";
import { describeGeneratorError, GENERATOR_FLAGS, readGeneratorOptions, readSeed } from "../generator-options.js";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError, writeOutput } from "../command.js";

const OPTIONS = {
  ...GENERATOR_FLAGS,
  seed: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export async function runGenerate(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("generate", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { values, positionals } = started;
  if (positionals.length > 0) {
    return usageError(io, `generate takes no file (${positionals.join(" ")}); write the cohort to a file with --out FILE`);
  }
  const seed = readSeed(values.seed);
  if (seed === null) return usageError(io, `--seed must be a whole number, not ${JSON.stringify(values.seed)}`);
  const read = readGeneratorOptions(values, seed);
  if (!read.ok) return usageError(io, read.message);

  let cohort: CohortInput;
  try {
    cohort = generateCohort(read.options);
  } catch (error) {
    return usageError(io, describeGeneratorError(error));
  }
  const text = `${JSON.stringify(cohort, null, 2)}\n`;
  const counts = `${cohort.members.length} members, ${cohort.people?.length ?? 0} people and ${cohort.trainees.length} trainees`;
  return (await writeOutput(io, values.out, text, () => `wrote a cohort of ${counts} to ${values.out}`)) ?? EXIT.ok;
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "generate", message);
}
