/**
 * Reading a cohort from a workbook or from CSV files: the file's structure first (sheets,
 * columns, numbers, dates), then the core's full check of the cohort (both of its phases in
 * one round: at-once.ts), every issue located by sheet, row and column, then the
 * specialization check. One pass reports everything.
 */
import type { CohortInput, Issue } from "@rotamatch/core/format";
import {
  COHORT_SHEETS,
  LIST_SHEETS,
  MEMBERS_SHEET,
  RULES_SHEET,
  TRAINEES_SHEET,
  columnNames,
  normalizeName,
  sheetNames,
  type SheetSpec,
} from "../layout.js";
import { parseCsv } from "../csv/csv.js";
import { decodeCsvBytes, garbledTextReason, SAVE_AS_UTF8 } from "../csv/decode.js";
import type { Table } from "../table.js";
import { DEFAULT_SHEET_LIMITS, type SheetImport, type SheetIssue, type SheetLimits } from "../types.js";
import { WorkbookError } from "../xlsx/zip.js";
import { cohortFromTables, matchSheets, sheetIssue, type SheetMatch } from "./cohort-from-tables.js";
import { checkCohortAtOnce, withNameHints } from "./at-once.js";
import { locateIssue } from "./locate.js";
import { readWorkbookFile } from "./workbook-file.js";
import { checkSpecializations } from "./specializations.js";

/**
 * Reads a cohort from a workbook: XLSX (Excel), or OpenDocument (.ods, LibreOffice), told apart
 * by the file's content. Never throws on bad input: a file that is no workbook, or is over a
 * limit, gives an issue and no cohort.
 */
export async function readCohortWorkbook(data: Uint8Array, limits?: Partial<SheetLimits>): Promise<SheetImport> {
  const caps = { ...DEFAULT_SHEET_LIMITS, ...limits };
  const isCohortSheet = (name: string): boolean => COHORT_SHEETS.some((spec) => sheetNames(spec).includes(normalizeName(name)));
  try {
    const content = readWorkbookFile(data, caps, isCohortSheet);
    const match = matchSheets(content.sheetNames);
    const problems = content.problems.map((p) =>
      sheetIssue(p.code, englishName(match, p.table), p.row, null, p.message),
    );
    return finish(content.tables, match, problems);
  } catch (error) {
    if (error instanceof WorkbookError) return { ok: false, cohort: null, issues: [sheetIssue(error.code, "", null, null, error.message)] };
    throw error;
  }
}

/**
 * Reads a cohort from CSV files by name (`trainees.csv`; Norwegian names such as
 * `traineer.csv` too). Files that are no CSV file of a cohort are ignored. The texts are
 * decoded already; one that holds the U+FFFD replacement character was decoded in the wrong
 * encoding on the way, and is refused rather than imported garbled (readCohortCsvBytes
 * decodes the files itself and avoids this).
 */
export function readCohortCsv(files: Readonly<Record<string, string>>, limits?: Partial<SheetLimits>): SheetImport {
  const caps = { ...DEFAULT_SHEET_LIMITS, ...limits };
  const csvFiles = csvEntries(files);
  const total = csvFiles.reduce((sum, file) => sum + file.content.length, 0);
  const refused = refuseSet(csvFiles.length, total, caps, "characters");
  if (refused !== null) return refused;
  const match = matchSheets(csvFiles.map((f) => f.name));
  const texts = csvFiles.map(({ name, content }) => {
    const reason = match.specOf.has(name) ? garbledTextReason(content) : null;
    return reason === null ? { name, text: content } : { name, message: `cannot be read safely: ${reason}; ${SAVE_AS_UTF8}` };
  });
  return readCsvTexts(texts, match, caps);
}

/**
 * Reads a cohort from CSV files by name, as bytes: each file's encoding is detected (UTF-8
 * with or without a byte order mark, UTF-16 as Excel's "Unicode text" writes it, or
 * Windows-1252 as Excel's plain "CSV" writes it on a Norwegian Windows), and a file whose
 * encoding cannot be told for sure is refused with an `invalid_encoding` issue that says how
 * to save it as CSV UTF-8, never imported garbled.
 */
export function readCohortCsvBytes(files: Readonly<Record<string, Uint8Array>>, limits?: Partial<SheetLimits>): SheetImport {
  const caps = { ...DEFAULT_SHEET_LIMITS, ...limits };
  const csvFiles = csvEntries(files);
  const total = csvFiles.reduce((sum, file) => sum + file.content.length, 0);
  const refused = refuseSet(csvFiles.length, total, caps, "bytes");
  if (refused !== null) return refused;
  const match = matchSheets(csvFiles.map((f) => f.name));
  const texts = csvFiles
    .filter((file) => match.specOf.has(file.name))
    .map(({ name, content }) => {
      const decoded = decodeCsvBytes(content);
      return decoded.ok ? { name, text: decoded.text } : { name, message: decoded.message };
    });
  return readCsvTexts(texts, match, caps);
}

/** The entries named `*.csv`, by their base name (a folder in front is dropped). */
function csvEntries<T>(files: Readonly<Record<string, T>>): { name: string; content: T }[] {
  return Object.entries(files)
    .map(([name, content]) => ({ name: name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1), content }))
    .filter((file) => /\.csv$/i.test(file.name));
}

/** The refusal of a set of CSV files over the caps, or with no CSV file at all; null when it may be read. */
function refuseSet(count: number, total: number, caps: SheetLimits, unit: "bytes" | "characters"): SheetImport | null {
  if (count > caps.maxSheets) return refuse("too_large", `there are ${count} CSV files; the most accepted is ${caps.maxSheets}`);
  if (total > caps.maxBytes) return refuse("too_large", `the CSV files hold ${total} ${unit}; the most accepted is ${caps.maxBytes}`);
  if (count === 0) return refuse("invalid_file", "there are no CSV files");
  return null;
}

/** A CSV file as text, or why its text cannot be trusted. */
type CsvText = { readonly name: string; readonly text: string } | { readonly name: string; readonly message: string };

/** The cohort's CSV files, decoded: parsed into tables, then read as a workbook's sheets are. */
function readCsvTexts(files: readonly CsvText[], match: SheetMatch, caps: SheetLimits): SheetImport {
  const tables: Table[] = [];
  const problems: SheetIssue[] = [];
  for (const file of files) {
    const spec = match.specOf.get(file.name);
    if (spec === undefined) continue;
    if ("message" in file) {
      problems.push(sheetIssue("invalid_encoding", spec.name, null, null, `${file.name} ${file.message}`));
      continue;
    }
    const parsed = parseCsv(file.text, caps.maxRows);
    if (parsed.ok) {
      tables.push({ name: file.name, rows: parsed.rows });
    } else {
      const code = /more than/.test(parsed.message) ? "too_many_rows" : "invalid_csv";
      problems.push(sheetIssue(code, spec.name, parsed.row, null, `${file.name} ${parsed.message}`));
    }
  }
  return finish(tables, match, problems);
}

function refuse(code: string, message: string): SheetImport {
  return { ok: false, cohort: null, issues: [sheetIssue(code, "", null, null, message)] };
}

function englishName(match: SheetMatch, name: string): string {
  return match.specOf.get(name)?.name ?? name;
}

/**
 * Problems that leave a whole sheet unread or cut short. The cohort's own checks would then
 * report its consequences (every reference to a member of a missing Members sheet), so those
 * that depend on the sheet wait until these are fixed (dependsOnUnread).
 */
const SHEET_LEVEL_CODES = new Set(["invalid_csv", "invalid_encoding", "too_many_rows", "missing_sheet", "duplicate_sheet", "unknown_sheet"]);

function finish(tables: readonly Table[], match: SheetMatch, readProblems: readonly SheetIssue[]): SheetImport {
  const built = cohortFromTables(tables, match.specOf);
  const cohort = inFormatOrder(built.cohort);
  const structural = [...match.issues, ...readProblems, ...built.issues];
  // A sheet left unread (missing, or its file broken) would make the cohort's checks report its
  // absence a hundred times over: what depends on it waits, the rest is checked now.
  const unread = new Set(structural.filter((issue) => SHEET_LEVEL_CODES.has(issue.code)).map((issue) => issue.sheet));
  const located = withNameHints(checkCohortAtOnce(cohort), cohort)
    .filter((issue) => !dependsOnUnread(issue, unread))
    .map((issue) => locateIssue(issue, built.source))
    .filter((i) => !coveredBy(i, structural));
  const specializationsRead = !unread.has(MEMBERS_SHEET.name) && !unread.has(TRAINEES_SHEET.name) && !unread.has(RULES_SHEET.name);
  const issues = sortIssues([...structural, ...located, ...(specializationsRead ? checkSpecializations(cohort, built.source) : [])]);
  if (issues.length === 0) return { ok: true, cohort: cohort as CohortInput, issues: [] };
  return { ok: false, cohort: cohort as CohortInput, issues };
}

/** Which sheet an unknown reference points into, by the start of the core's message. */
const REFERENCED_SHEET: readonly (readonly [string, string])[] = [
  ["no member has the id ", "Members"],
  ["no person (mentor or supervisor) has the id ", "People"],
  ["no trainee has the id ", "Trainees"],
  ["no programme period has the id ", "Periods"],
];

/**
 * Whether a core issue may come from a sheet left unread rather than from the cells it names: an
 * issue on that sheet, an unknown reference into it, or a finding of the rules that read across
 * sheets (roles, pins, forbids, capacities, the programme's periods). Shapes, duplicate ids and
 * references into sheets that were read stand on their own and are reported now.
 */
function dependsOnUnread(issue: Issue, unread: ReadonlySet<string>): boolean {
  if (unread.size === 0) return false;
  const sheet = LIST_SHEETS.get(listOfPath(issue.path))?.name;
  if (sheet !== undefined && unread.has(sheet)) return true;
  if (issue.code === "unknown_reference") {
    const into = REFERENCED_SHEET.find(([phrase]) => issue.message.startsWith(phrase))?.[1];
    return into === undefined || unread.has(into);
  }
  return !["invalid_type", "invalid_value", "invalid_format", "too_small", "too_big", "unrecognized_key", "duplicate_id", "duplicate_preference"].includes(issue.code);
}

/** The list a core path is in: `programme.periods` for `programme.periods[1].at`, `trainees` for `trainees[2]`. */
function listOfPath(path: string): string {
  return /^programme\.(periods|gatherings)/.exec(path)?.[0] ?? /^[A-Za-z]+/.exec(path)?.[0] ?? "";
}

/**
 * Whether a structural issue already explains a core issue: the same cell, or a whole column
 * or sheet that is missing (a missing column makes every row's value "required").
 */
function coveredBy(issue: SheetIssue, structural: readonly SheetIssue[]): boolean {
  return structural.some((s) => {
    if (s.sheet !== issue.sheet) return false;
    return s.row === null ? s.column === null || s.column === issue.column : s.row === issue.row && s.column === issue.column;
  });
}

/** The cohort's fields in the order of the format, optional lists left out when empty. */
function inFormatOrder(cohort: Record<string, unknown>): Record<string, unknown> {
  const programme = cohort.programme as Record<string, unknown>;
  const optional = (value: unknown): unknown => (Array.isArray(value) && value.length === 0 ? undefined : value);
  return withoutUndefined({
    format: cohort.format,
    programme: withoutUndefined({
      name: programme.name,
      start: programme.start,
      periods: programme.periods,
      gatherings: optional(programme.gatherings),
    }),
    members: cohort.members,
    people: optional(cohort.people),
    trainees: cohort.trainees,
    rules: cohort.rules,
    weights: cohort.weights,
    pins: optional(cohort.pins),
    forbid: optional(cohort.forbid),
    history: optional(cohort.history),
  });
}

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** Issues by sheet (in workbook order), row and column (in layout order); ties keep their order. */
function sortIssues(issues: readonly SheetIssue[]): SheetIssue[] {
  const sheetOrder = (name: string): number => COHORT_SHEETS.findIndex((s) => s.name === name);
  const columnOrder = (spec: SheetSpec | undefined, column: string | null): number => {
    if (column === null || spec?.kind !== "list") return -1;
    const index = spec.columns.findIndex((c) => columnNames(c).includes(normalizeName(column)));
    return index === -1 ? spec.columns.length : index;
  };
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => {
      const spec = COHORT_SHEETS.find((s) => s.name === a.issue.sheet);
      return (
        sheetOrder(a.issue.sheet) - sheetOrder(b.issue.sheet) ||
        (a.issue.row ?? 0) - (b.issue.row ?? 0) ||
        columnOrder(spec, a.issue.column) - columnOrder(spec, b.issue.column) ||
        a.order - b.order
      );
    })
    .map((entry) => entry.issue);
}
