/**
 * A plan given as its published workbook (.xlsx) wherever a plan file is read (`--plan` of
 * replan, whatif and explain; the PLAN of export): @rotamatch/sheets' readPlanWorkbook, with
 * the CLI's messages. The plan comes back checked against the workbook's own cohort; when it
 * was rebuilt from an edited Plan sheet (or a workbook without the hidden copy), the warning
 * is printed, and the command goes on with the rebuilt plan.
 */
import { DEFAULT_SHEET_LIMITS, formatSheetIssue, readPlanWorkbook, type PlanToWrite } from "@rotamatch/sheets";
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { describeFileError, describeSource } from "./read-cohort.js";
import { reportSheetIssues, type Lang } from "./read-sheets.js";
import { shortUsage, type CommandName } from "./usage.js";

export type PlanWorkbookOutcome = { readonly ok: true; readonly plan: PlanToWrite } | { readonly ok: false; readonly exitCode: ExitCode };

/**
 * Reads the plan of a plan workbook. On failure the messages are already printed: a path that
 * cannot be read is a usage error (exit 1); a workbook that is no plan workbook, or whose plan
 * breaks a rule of its cohort, an input problem (exit 2), each problem by sheet, row and column.
 */
export async function readPlanFromWorkbook(io: CliIo, path: string, command: CommandName, lang: Lang): Promise<PlanWorkbookOutcome> {
  let bytes: Uint8Array;
  try {
    const info = await io.inspectPath(path);
    if (info.kind === "folder") {
      io.stderr(`rotamatch ${command}: ${path} is a folder; give the plan's workbook (.xlsx) or its JSON file.\n${shortUsage(command)}`);
      return { ok: false, exitCode: EXIT.usage };
    }
    if (info.size > DEFAULT_SHEET_LIMITS.maxBytes) {
      const message = `the file is ${info.size} bytes; the most accepted is ${DEFAULT_SHEET_LIMITS.maxBytes}`;
      reportSheetIssues(io, [{ code: "too_large", sheet: "", row: null, column: null, message, path: "" }], path, lang);
      return { ok: false, exitCode: EXIT.invalidInput };
    }
    bytes = await io.readBytes(path);
  } catch (error) {
    io.stderr(`rotamatch: cannot read ${describeSource(path)}: ${describeFileError(error, "read")}.\n${shortUsage(command)}`);
    return { ok: false, exitCode: EXIT.usage };
  }
  const result = await readPlanWorkbook(bytes);
  for (const warning of result.warnings) io.stderr(`${lang === "nb" ? "advarsel" : "warning"}: ${formatSheetIssue(warning, lang)}\n`);
  if (!result.ok) {
    reportSheetIssues(io, result.issues, path, lang);
    return { ok: false, exitCode: EXIT.invalidInput };
  }
  return { ok: true, plan: result.plan };
}
