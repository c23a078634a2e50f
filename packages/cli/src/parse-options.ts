/** node:util parseArgs with the CLI's own messages for usage errors. */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Config<T extends Options> = { args: string[]; options: T; allowPositionals: true; strict: true };

export type ParsedArgs<T extends Options> =
  | ({ readonly ok: true } & ReturnType<typeof parseArgs<Config<T>>>)
  | { readonly ok: false; readonly message: string };

/** Parses a command's arguments: known options only, any number of positionals. */
export function parseCommandArgs<T extends Options>(args: readonly string[], options: T): ParsedArgs<T> {
  try {
    const config: Config<T> = { args: [...args], options, allowPositionals: true, strict: true };
    return { ok: true, ...parseArgs(config) };
  } catch (error) {
    return { ok: false, message: describeArgsError(error) };
  }
}

function describeArgsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option !== undefined) return `unknown option ${option}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option !== undefined) {
    const name = option.replace(/ <value>$/, "").replace(/^-\w, /, "");
    return /does not take an argument/.test(message) ? `${name} does not take a value` : `${name} needs a value`;
  }
  return message.split("\n")[0] ?? message;
}
