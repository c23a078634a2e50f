/**
 * `--history` of solve and history: earlier cohorts' plan files added to the cohort's
 * `history`, after its own entries, in the order given (docs/cli.md, "History").
 *
 * Each file must name its cohort, one of two ways:
 * - a JSON file with a `name`: a history entry `{ "name": "Romerike 2011", "assignments": [...] }`,
 *   which is also a plan file with a `name` added (its other fields are ignored);
 * - `--history "Romerike 2011=plan-2011.json"`: the name before the first `=`, the file after
 *   it. This way names a plain plan file, or a plan workbook (.xlsx/.ods, as `export --format
 *   xlsx` writes it), and it wins over a `name` in the file.
 * A file that names no cohort is a usage error (exit 1) that says how to name it. Whether an
 * entry is well formed is the core's to say: its problems come back at `history[k]...`, and
 * `noteHistoryFiles` says which file each such k came from.
 */
import type { Issue } from "@rotamatch/core/format";
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { describeSource, readCohort } from "./read-cohort.js";
import { shortUsage, type CommandName } from "./usage.js";

/** One --history value: the file and the name given with it, if any. */
export interface HistoryFile {
  readonly path: string;
  readonly name: string | null;
}

/** A history entry as read from its file (checked by the core with the cohort). */
export interface HistoryInput {
  readonly name: unknown;
  readonly assignments?: unknown;
}

/** Whether a path names a workbook; the same test as read-sheets.ts, which is not loaded unless needed. */
const isWorkbook = (path: string): boolean => /\.(xlsx|ods)$/i.test(path);

/** Splits `NAME=FILE` (the name before the first `=`); a value without `=` is a file. */
export function parseHistoryValue(value: string): HistoryFile | { readonly error: string } {
  const at = value.indexOf("=");
  if (at === -1) return value.trim() === "" ? { error: "--history needs a file" } : { path: value, name: null };
  const name = value.slice(0, at).trim();
  const path = value.slice(at + 1);
  if (name === "") return { error: `--history ${JSON.stringify(value)} has no name before "="; write --history "NAME=FILE", e.g. --history "Romerike 2011=${path || "plan-2011.json"}"` };
  if (path.trim() === "") return { error: `--history ${JSON.stringify(value)} has no file after "="` };
  return { path, name };
}

/** How a file that names no cohort can be named. */
function howToName(path: string): string {
  const inFile = isWorkbook(path) ? "" : `, or add a "name" to the file: { "name": "Romerike 2011", "assignments": [...] }`;
  return `name it on the command line, --history "NAME=${path}" (for example --history "Romerike 2011=plan-2011.json")${inFile}`;
}

export type HistoryOutcome = { readonly ok: true; readonly entries: readonly HistoryInput[] } | { readonly ok: false; readonly exitCode: ExitCode };

/**
 * Reads every --history value in order. On failure the messages are already printed: a bad
 * value, a file that names no cohort or cannot be read is a usage error (exit 1); a file that
 * is not JSON, not a JSON object or a workbook that is no plan workbook, an input problem (exit 2).
 */
export async function readHistoryFiles(io: CliIo, values: readonly string[], command: CommandName): Promise<HistoryOutcome> {
  const entries: HistoryInput[] = [];
  for (const value of values) {
    const file = parseHistoryValue(value);
    if ("error" in file) return usage(io, command, file.error);
    if (file.path === "-") return usage(io, command, "--history reads files; standard input (-) is only for COHORT");
    if (isWorkbook(file.path)) {
      if (file.name === null) return usage(io, command, `the plan workbook ${file.path} names no cohort: ${howToName(file.path)}`);
      const { readPlanFromWorkbook } = await import("./read-plan-workbook.js");
      const plan = await readPlanFromWorkbook(io, file.path, command, "en");
      if (!plan.ok) return plan;
      entries.push({ name: file.name, assignments: plan.plan.assignments });
      continue;
    }
    const read = await readCohort(io, file.path, command);
    if (!read.ok) return read;
    const json = read.value;
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      io.stderr(`rotamatch: ${describeSource(file.path)} (--history) is no plan file: a plan file is a JSON object with "assignments".\n`);
      return { ok: false, exitCode: EXIT.invalidInput };
    }
    const record = json as Record<string, unknown>;
    if (record.format === "rotamatch.cohort/v1") {
      io.stderr(`rotamatch: ${describeSource(file.path)} (--history) is a cohort file; --history takes the plan of an earlier cohort (rotamatch solve COHORT --format json).\n`);
      return { ok: false, exitCode: EXIT.invalidInput };
    }
    const name = file.name ?? record.name;
    if (name === undefined) return usage(io, command, `${file.path} names no cohort: ${howToName(file.path)}`);
    entries.push("assignments" in record ? { name, assignments: record.assignments } : { name });
  }
  return { ok: true, entries };
}

function usage(io: CliIo, command: CommandName, message: string): { ok: false; exitCode: ExitCode } {
  io.stderr(`rotamatch ${command}: ${message}.\n${shortUsage(command)}`);
  return { ok: false, exitCode: EXIT.usage };
}

/**
 * The cohort with the entries appended to its `history`. A cohort whose `history` is no list
 * is left as it is: the core reports that.
 */
export function appendHistory(cohort: unknown, entries: readonly HistoryInput[]): { readonly cohort: unknown; readonly first: number } {
  if (entries.length === 0 || cohort === null || typeof cohort !== "object" || Array.isArray(cohort)) return { cohort, first: 0 };
  const own = (cohort as { history?: unknown }).history;
  if (own !== undefined && !Array.isArray(own)) return { cohort, first: 0 };
  const before = own ?? [];
  return { cohort: { ...cohort, history: [...before, ...entries] }, first: before.length };
}

/** For each added entry with a problem, a line saying which --history file `history[k]` is. */
export function noteHistoryFiles(io: CliIo, issues: readonly Issue[], values: readonly string[], first: number): void {
  const flagged = new Set<number>();
  for (const issue of issues) {
    const match = /^history\[(\d+)\]/.exec(issue.path);
    const k = match === null ? null : Number(match[1]);
    if (k !== null && k >= first && k < first + values.length) flagged.add(k);
  }
  for (const k of [...flagged].sort((a, b) => a - b)) io.stderr(`rotamatch: history[${k}] is --history ${values[k - first]}\n`);
}
