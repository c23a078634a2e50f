/** Reading a cohort file (or standard input) and parsing its JSON, with the CLI's messages. */
import { formatIssue, parseJsonText } from "@rotamatch/core/format";
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { shortUsage, type CommandName } from "./usage.js";

export type ReadOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly exitCode: ExitCode };

/** How a file is named in messages. */
export function describeSource(path: string): string {
  return path === "-" ? "standard input" : path;
}

/**
 * Reads and parses the cohort. On failure the message is already printed: an unreadable file
 * is a usage error (exit 1); text that is not JSON is an input problem (exit 2).
 */
export async function readCohort(io: CliIo, path: string, command: CommandName): Promise<ReadOutcome> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    const reason = describeFileError(error, "read");
    io.stderr(`rotamatch: cannot read ${describeSource(path)}: ${reason}.\n${shortUsage(command)}`);
    return { ok: false, exitCode: EXIT.usage };
  }
  const parsed = parseJsonText(text, "file");
  if (!parsed.ok) {
    io.stderr(`${formatIssue(parsed.issue)}\n`);
    io.stderr(`rotamatch: ${describeSource(path)} is not valid JSON, so nothing else was checked.\n`);
    return { ok: false, exitCode: EXIT.invalidInput };
  }
  return { ok: true, value: parsed.value };
}

/** A file system error in plain words. */
export function describeFileError(error: unknown, action: "read" | "write"): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return action === "read" ? "no such file" : "the folder does not exist";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a folder, not a file";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "the disk is full";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
