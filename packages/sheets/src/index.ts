/**
 * @rotamatch/sheets: spreadsheets in and out. Read a cohort from an XLSX workbook or CSV files,
 * with every problem located by sheet, row and column; write cohorts and plans as XLSX and
 * CSV, and plans as iCalendar files. The layout is described in docs/sheets.md.
 * Platform-neutral: no Node built-ins, so it also runs in a browser.
 */
export { readCohortCsv, readCohortWorkbook } from "./read/import.js";
export { formatSheetIssue } from "./format-issue.js";
export { writeCohortCsv, writeCohortWorkbook, writePlanCsv, writePlanWorkbook } from "./write/export.js";
export { writePlanIcs } from "./write/ics.js";
export { PlanCohortMismatchError } from "./write/check-pair.js";
export type { PlanToWrite } from "./write/check-pair.js";
export { DEFAULT_SHEET_LIMITS, SHEET_ISSUE_CODES } from "./types.js";
export type { CsvOptions, SheetImport, SheetIssue, SheetLimits } from "./types.js";
export type { IcsOptions } from "./write/ics.js";
export { COHORT_SHEETS } from "./layout.js";
export type { ColumnSpec, ListSheetSpec, SettingSpec, SettingsSheetSpec, SheetSpec, ValueType } from "./layout.js";
export { CHANGES_SHEET, CHANGE_REASON_WORDS, PLAN_SHEETS } from "./write/plan-tables.js";
