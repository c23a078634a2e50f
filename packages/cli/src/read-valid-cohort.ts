/**
 * The cohort `export` and `template` write from: a JSON file, a workbook (.xlsx or .ods) or a
 * folder of CSV files, which must be valid. On failure the messages are already printed.
 */
import { parseCohort, type CohortInput } from "@rotamatch/core/format";
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { readCohort } from "./read-cohort.js";
import { isWorkbookPath, readCohortSheets, type Lang } from "./read-sheets.js";
import { reportIssues } from "./report-issues.js";
import type { CommandName } from "./usage.js";

export async function readValidCohort(
  io: CliIo,
  path: string,
  command: CommandName,
  lang: Lang,
): Promise<{ ok: true; cohort: CohortInput } | { ok: false; exitCode: ExitCode }> {
  const info = await io.inspectPath(path).catch(() => undefined);
  if (info?.kind === "folder" || isWorkbookPath(path)) return readCohortSheets(io, path, command, lang);
  const input = await readCohort(io, path, command);
  if (!input.ok) return input;
  const parsed = parseCohort(input.value);
  if (!parsed.ok) {
    reportIssues(io, parsed.issues, path);
    return { ok: false, exitCode: EXIT.invalidInput };
  }
  return { ok: true, cohort: input.value as CohortInput };
}
