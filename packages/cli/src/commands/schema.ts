/** rotamatch schema cohort|plan */
import { cohortJsonSchema, planJsonSchema } from "@rotamatch/core/format";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { startCommand, usageError as commandUsageError } from "../command.js";

const OPTIONS = { help: { type: "boolean", short: "h" } } as const;

export async function runSchema(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const started = startCommand("schema", args, OPTIONS, io);
  if (typeof started === "number") return started;
  const { positionals } = started;
  if (positionals.length !== 1) return usageError(io, "schema needs one argument: cohort or plan");
  const which = positionals[0];
  if (which !== "cohort" && which !== "plan") {
    return usageError(io, `there is no schema named ${JSON.stringify(which)}; write cohort or plan`);
  }
  const schema = which === "cohort" ? cohortJsonSchema() : planJsonSchema();
  io.stdout(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}

function usageError(io: CliIo, message: string): ExitCode {
  return commandUsageError(io, "schema", message);
}
