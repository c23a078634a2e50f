/**
 * The command line as a function: arguments and io in, exit code out. Nothing here touches
 * process or the file system directly, so every command and exit code is tested in process.
 * (`serve` is the exception once its server is listening: the service installs the process's
 * SIGTERM/SIGINT handlers; its usage and its errors are still tested in process.)
 */
import packageJson from "../package.json" with { type: "json" };
import { runExport } from "./commands/export.js";
import { runGenerate } from "./commands/generate.js";
import { runImport } from "./commands/import.js";
import { runSchema } from "./commands/schema.js";
import { runServe } from "./commands/serve.js";
import { runSolve } from "./commands/solve.js";
import { runSweep } from "./commands/sweep.js";
import { runValidate } from "./commands/validate.js";
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { HELP, isCommandName, shortUsage, type CommandName } from "./usage.js";

export { EXIT } from "./io.js";
export type { CliIo, ExitCode, PathInfo } from "./io.js";

const COMMANDS: Record<CommandName, (args: readonly string[], io: CliIo) => Promise<ExitCode>> = {
  solve: runSolve,
  validate: runValidate,
  schema: runSchema,
  serve: runServe,
  generate: runGenerate,
  sweep: runSweep,
  import: runImport,
  export: runExport,
};

/** Runs the command line; never throws: an unexpected error is one line on stderr and exit 1. */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const firstLine = message.split("\n")[0];
    io.stderr(`rotamatch: unexpected error: ${firstLine} (please report this, with the input that caused it)\n`);
    return EXIT.usage;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(`rotamatch: a command is needed.\n${shortUsage()}`);
    return EXIT.usage;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (first === "--version") {
    io.stdout(`rotamatch ${packageJson.version}\n`);
    return EXIT.ok;
  }
  if (isCommandName(first)) return COMMANDS[first](rest, io);
  const what = first.startsWith("-") ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}`;
  io.stderr(`rotamatch: ${what}.\n${shortUsage()}`);
  return EXIT.usage;
}
