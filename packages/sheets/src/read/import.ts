/**
 * Reading a cohort from a workbook or from CSV files: the file's structure first (sheets,
 * columns, numbers, dates), then the core's full check of the cohort, every issue located by
 * sheet, row and column, then the specialization check. One pass reports everything.
 */
import { parseCohort, type CohortInput } from "@rotamatch/core/format";
import { COHORT_SHEETS, columnNames, normalizeName, sheetNames, type SheetSpec } from "../layout.js";
import { parseCsv } from "../csv/csv.js";
import type { Table } from "../table.js";
import { DEFAULT_SHEET_LIMITS, type SheetImport, type SheetIssue, type SheetLimits } from "../types.js";
import { readXlsx } from "../xlsx/read-xlsx.js";
import { WorkbookError } from "../xlsx/zip.js";
import { cohortFromTables, matchSheets, sheetIssue, type SheetMatch } from "./cohort-from-tables.js";
import { locateIssue } from "./locate.js";
import { checkSpecializations } from "./specializations.js";

/**
 * Reads a cohort from an XLSX workbook. Never throws on bad input: a file that is no workbook,
 * or is over a limit, gives an issue and no cohort.
 */
export async function readCohortWorkbook(data: Uint8Array, limits?: Partial<SheetLimits>): Promise<SheetImport> {
  const caps = { ...DEFAULT_SHEET_LIMITS, ...limits };
  const isCohortSheet = (name: string): boolean => COHORT_SHEETS.some((spec) => sheetNames(spec).includes(normalizeName(name)));
  try {
    const content = readXlsx(data, caps, isCohortSheet);
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
 * `traineer.csv` too). Files that are no CSV file of a cohort are ignored.
 */
export function readCohortCsv(files: Readonly<Record<string, string>>, limits?: Partial<SheetLimits>): SheetImport {
  const caps = { ...DEFAULT_SHEET_LIMITS, ...limits };
  const csvFiles = Object.entries(files)
    .map(([name, text]) => ({ name: name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1), text }))
    .filter((file) => /\.csv$/i.test(file.name));
  const total = csvFiles.reduce((sum, file) => sum + file.text.length, 0);
  if (csvFiles.length > caps.maxSheets) {
    return refuse("too_large", `there are ${csvFiles.length} CSV files; the most accepted is ${caps.maxSheets}`);
  }
  if (total > caps.maxBytes) return refuse("too_large", `the CSV files hold ${total} characters; the most accepted is ${caps.maxBytes}`);
  if (csvFiles.length === 0) return refuse("invalid_file", "there are no CSV files");
  const match = matchSheets(csvFiles.map((f) => f.name));
  const tables: Table[] = [];
  const problems: SheetIssue[] = [];
  for (const file of csvFiles) {
    const spec = match.specOf.get(file.name);
    if (spec === undefined) continue;
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
 * report its consequences (every reference to a member of a missing Members sheet), so they
 * wait until these are fixed.
 */
const SHEET_LEVEL_CODES = new Set(["invalid_csv", "too_many_rows", "missing_sheet", "duplicate_sheet", "unknown_sheet"]);

function finish(tables: readonly Table[], match: SheetMatch, readProblems: readonly SheetIssue[]): SheetImport {
  const built = cohortFromTables(tables, match.specOf);
  const cohort = inFormatOrder(built.cohort);
  const structural = [...match.issues, ...readProblems, ...built.issues];
  const checked = !structural.some((issue) => SHEET_LEVEL_CODES.has(issue.code));
  const parsed = checked ? parseCohort(cohort) : null;
  const located =
    parsed === null || parsed.ok ? [] : parsed.issues.map((issue) => locateIssue(issue, built.source)).filter((i) => !coveredBy(i, structural));
  const issues = sortIssues([...structural, ...located, ...(checked ? checkSpecializations(cohort, built.source) : [])]);
  if (issues.length === 0) return { ok: true, cohort: cohort as CohortInput, issues: [] };
  return { ok: false, cohort: cohort as CohortInput, issues };
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
