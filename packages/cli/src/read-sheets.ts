/**
 * Reading a cohort from a workbook (.xlsx or .ods) or a folder of CSV files, with the CLI's messages:
 * each problem as "Sheet, row N, column C: message", in English or Norwegian.
 */
import type { CohortInput } from "@rotamatch/core";
import { DEFAULT_SHEET_LIMITS, formatSheetIssue, readCohortCsvBytes, readCohortWorkbook, type SheetIssue } from "@rotamatch/sheets";
import { EXIT, type CliIo, type ExitCode } from "./io.js";
import { describeFileError, describeSource } from "./read-cohort.js";
import { shortUsage, type CommandName } from "./usage.js";

export type Lang = "en" | "nb";

export type SheetsOutcome = { readonly ok: true; readonly cohort: CohortInput } | { readonly ok: false; readonly exitCode: ExitCode };

/** Whether a path names sheets (a workbook: Excel's .xlsx or LibreOffice's .ods) rather than a cohort file in JSON. */
export function isWorkbookPath(path: string): boolean {
  return /\.(xlsx|ods)$/i.test(path);
}

/**
 * Reads the cohort. On failure the messages are already printed: a path that cannot be read
 * is a usage error (exit 1); a workbook with problems is an input problem (exit 2).
 */
export async function readCohortSheets(io: CliIo, path: string, command: CommandName, lang: Lang): Promise<SheetsOutcome> {
  const fail = (error: unknown): SheetsOutcome => {
    io.stderr(`rotamatch: cannot read ${describeSource(path)}: ${describeFileError(error, "read")}.\n${shortUsage(command)}`);
    return { ok: false, exitCode: EXIT.usage };
  };
  const { maxBytes } = DEFAULT_SHEET_LIMITS;
  let result;
  try {
    const info = await io.inspectPath(path);
    if (info.kind === "folder") {
      const csv = info.files.filter((f) => /\.csv$/i.test(f.name));
      const total = csv.reduce((sum, f) => sum + f.size, 0);
      if (total > maxBytes) return refuse(io, path, lang, `the CSV files hold ${total} bytes; the most accepted is ${maxBytes}`);
      // As bytes: the sheets package tells UTF-8 from Windows-1252 and UTF-16 (Excel's "CSV" and "Unicode text").
      const files: Record<string, Uint8Array> = {};
      for (const file of csv) files[file.name] = await io.readBytes(`${path.replace(/[/\\]$/, "")}/${file.name}`);
      result = readCohortCsvBytes(files);
    } else if (/\.csv$/i.test(path)) {
      io.stderr(
        `rotamatch ${command}: ${path} is one CSV file; give the folder that holds the cohort's CSV files ` +
          `(programme.csv, periods.csv, members.csv, trainees.csv, ...).\n${shortUsage(command)}`,
      );
      return { ok: false, exitCode: EXIT.usage };
    } else {
      if (info.size > maxBytes) return refuse(io, path, lang, `the file is ${info.size} bytes; the most accepted is ${maxBytes}`);
      result = await readCohortWorkbook(await io.readBytes(path));
    }
  } catch (error) {
    return fail(error);
  }
  if (!result.ok) {
    reportSheetIssues(io, result.issues, path, lang);
    return { ok: false, exitCode: EXIT.invalidInput };
  }
  return { ok: true, cohort: result.cohort };
}

function refuse(io: CliIo, path: string, lang: Lang, message: string): SheetsOutcome {
  reportSheetIssues(io, [{ code: "too_large", sheet: "", row: null, column: null, message, path: "" }], path, lang);
  return { ok: false, exitCode: EXIT.invalidInput };
}

/** Prints each problem on its own line, then a one-line summary. */
export function reportSheetIssues(io: CliIo, issues: readonly SheetIssue[], path: string, lang: Lang): void {
  for (const issue of issues) io.stderr(`${formatSheetIssue(issue, lang)}\n`);
  const n = issues.length;
  io.stderr(
    lang === "nb"
      ? `rotamatch: ${n === 1 ? "1 problem" : `${n} problemer`} i ${describeSource(path)}; rett ${n === 1 ? "det" : "dem"} og kjør på nytt.\n`
      : `rotamatch: ${n === 1 ? "1 problem" : `${n} problems`} in ${describeSource(path)}; fix ${n === 1 ? "it" : "them"} and run again.\n`,
  );
}

/** Reads --lang: en (default) or nb. */
export function parseLang(value: string | undefined): Lang | undefined {
  if (value === undefined) return "en";
  return value === "en" || value === "nb" ? value : undefined;
}
