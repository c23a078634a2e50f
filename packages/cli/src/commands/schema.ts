/** rotamatch schema cohort|plan */
import { cohortJsonSchema, planJsonSchema } from "@rotamatch/core";
import { EXIT, type CliIo, type ExitCode } from "../io.js";
import { parseCommandArgs } from "../parse-options.js";
import { HELP, shortUsage } from "../usage.js";

const OPTIONS = { help: { type: "boolean", short: "h" } } as const;

export async function runSchema(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (!parsed.ok) return usageError(io, parsed.message);
  if (parsed.values.help === true) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const { positionals } = parsed;
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
  io.stderr(`rotamatch schema: ${message}.\n${shortUsage("schema")}`);
  return EXIT.usage;
}
