/**
 * The command line as a function: arguments and io in, exit code out. Nothing here touches
 * process or the file system directly, so every command and exit code is tested in process.
 * (`serve` is the exception once its server is listening: the service installs the process's
 * SIGTERM/SIGINT handlers; its usage and its errors are still tested in process.)
 */
import packageJson from "../package.json" with { type: "json" };
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { HELP, isCommandName, shortUsage, type CommandName } from "./usage.js";

export { EXIT } from "./io.js";
export type { CliIo, ExitCode, PathInfo } from "./io.js";

type Command = (args: readonly string[], io: CliIo) => Promise<ExitCode>;

/**
 * Each command's module, imported only when that command runs: `--version` and `--help` load
 * no command, `validate` and `history` only validation, and only `solve`, `sweep`, `generate`, `replan`, `whatif`
 * and `explain` load the solver, `import`, `export` and `template` the sheets package, `serve` the service. Start-up time is the
 * reason (see "Start-up and bundle sizes" in docs/benchmarks.md); the built CLI keeps the
 * imports lazy because tsup splits each dynamic import into its own chunk.
 */
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  solve: async () => (await import("./commands/solve.js")).runSolve,
  validate: async () => (await import("./commands/validate.js")).runValidate,
  schema: async () => (await import("./commands/schema.js")).runSchema,
  serve: async () => (await import("./commands/serve.js")).runServe,
  worker: async () => (await import("./commands/worker.js")).runWorker,
  generate: async () => (await import("./commands/generate.js")).runGenerate,
  sweep: async () => (await import("./commands/sweep.js")).runSweep,
  import: async () => (await import("./commands/import.js")).runImport,
  export: async () => (await import("./commands/export.js")).runExport,
  template: async () => (await import("./commands/template.js")).runTemplate,
  replan: async () => (await import("./commands/replan.js")).runReplan,
  whatif: async () => (await import("./commands/whatif.js")).runWhatIf,
  explain: async () => (await import("./commands/explain.js")).runExplain,
  history: async () => (await import("./commands/history.js")).runHistory,
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
  if (isCommandName(first)) return (await COMMANDS[first]())(rest, io);
  const what = first.startsWith("-") ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}`;
  io.stderr(`rotamatch: ${what}.\n${shortUsage()}`);
  return EXIT.usage;
}
