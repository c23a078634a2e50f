/**
 * @rotamatch/sheets: spreadsheets in and out. Read a cohort from an XLSX workbook or CSV files,
 * with every problem located by sheet, row and column; write cohorts and plans as XLSX and
 * CSV, and plans as iCalendar files. The layout is described in docs/sheets.md.
 * Platform-neutral: no Node built-ins, so it also runs in a browser.
 */
export { readCohortCsv, readCohortCsvBytes, readCohortWorkbook } from "./read/import.js";
export { decodeCsvBytes } from "./csv/decode.js";
export type { CsvEncoding, DecodedCsv } from "./csv/decode.js";
export { readPlanWorkbook, PLAN_WORKBOOK_WARNING_CODES } from "./read/plan-workbook.js";
export type { PlanWorkbookImport } from "./read/plan-workbook.js";
export { PLAN_COPY_SHEET } from "./plan-copy.js";
export { historyEntryOfPlan, readHistoryEntryWorkbook } from "./history-entry.js";
export type { HistoryEntryOptions, HistoryEntryRead } from "./history-entry.js";
export { formatSheetIssue } from "./format-issue.js";
export { writeCohortCsv, writeCohortWorkbook, writePlanCsv, writePlanWorkbook, writeTemplateCsv, writeTemplateWorkbook } from "./write/export.js";
export { writePlanIcs } from "./write/ics.js";
export { safeFileName, writePlanPack } from "./write/pack.js";
export { PlanCohortMismatchError } from "./write/check-pair.js";
export type { PlanToWrite } from "./write/check-pair.js";
export { DEFAULT_SHEET_LIMITS, SHEET_ISSUE_CODES } from "./types.js";
export type { CsvOptions, SheetImport, SheetIssue, SheetLimits } from "./types.js";
export type { IcsOptions } from "./write/ics.js";
export { COHORT_SHEETS } from "./layout.js";
export type { ColumnSpec, ListSheetSpec, SettingSpec, SettingsSheetSpec, SheetSpec, ValueType } from "./layout.js";
export { CHANGES_SHEET, CHANGE_REASON_WORDS, PLAN_SHEETS } from "./write/plan-tables.js";
export { planFigures, planSheets, pointsInWords } from "./write/plan-tables.js";
export type { ChoiceCount, PlanFigures } from "./write/plan-tables.js";
export type { CsvWriteOptions, LangOption } from "./write/export.js";
export { LANGS, PLAN_HEADERS, PLAN_SHEET_FILES, PLAN_SHEET_NAMES, SUMMARY_KEY_WORDS, VALUE_WORDS, isLang, roundCost } from "./words.js";
export type { Lang, PlanHeaders, PlanSheetKey, SummaryKey } from "./words.js";
