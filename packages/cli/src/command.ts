/**
 * What every command does first and the way each reports a usage error: its arguments parsed
 * (known options only), `--help` answered with the full help, a bad option reported as a usage
 * error with the command's short usage (exit 1).
 */
import type { ParseArgsConfig } from "node:util";
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { parseCommandArgs, type ParsedArgs } from "./parse-options.js";
import { describeFileError } from "./read-cohort.js";
import { HELP, shortUsage, type CommandName } from "./usage.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The parsed arguments, or the exit code when the command has already answered. */
export function startCommand<T extends Options>(
  command: CommandName,
  args: readonly string[],
  options: T,
  io: CliIo,
): Extract<ParsedArgs<T>, { readonly ok: true }> | ExitCode {
  const parsed = parseCommandArgs(args, options);
  if (!parsed.ok) return usageError(io, command, parsed.message);
  if ((parsed.values as { help?: unknown }).help === true) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  return parsed;
}

/** "rotamatch COMMAND: MESSAGE." and the command's short usage on stderr; exit 1. */
export function usageError(io: CliIo, command: CommandName, message: string): ExitCode {
  io.stderr(`rotamatch ${command}: ${message}.\n${shortUsage(command)}`);
  return EXIT.usage;
}

/**
 * Writes a command's text output: to standard output without `--out`, else to the file, then
 * `written()` on stderr. A file that cannot be written is exit 1 with the reason; null means
 * the output is out.
 */
export async function writeOutput(io: CliIo, out: string | undefined, text: string, written: () => string): Promise<ExitCode | null> {
  if (out === undefined) {
    io.stdout(text);
    return null;
  }
  try {
    await io.writeFile(out, text);
  } catch (error) {
    io.stderr(`rotamatch: cannot write ${out}: ${describeFileError(error, "write")}.\n`);
    return EXIT.usage;
  }
  io.stderr(`rotamatch: ${written()}\n`);
  return null;
}
