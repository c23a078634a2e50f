/** The public types of @rotamatch/sheets: issues, import results, limits and CSV options. */
import type { CohortInput } from "@rotamatch/core/format";

/**
 * The codes of the problems the sheets themselves find; the core's issue codes (ISSUE_CODES of
 * @rotamatch/core) come through as they are. Codes are stable: new ones may be added.
 */
export const SHEET_ISSUE_CODES = [
  // the file
  "invalid_file",
  "invalid_csv",
  "invalid_encoding",
  "too_large",
  "too_many_rows",
  "too_many_columns",
  "cell_too_long",
  // sheets, columns and settings
  "missing_sheet",
  "duplicate_sheet",
  "unknown_sheet",
  "missing_column",
  "duplicate_column",
  "unknown_column",
  "unknown_setting",
  "duplicate_setting",
  // cells
  "invalid_number",
  "invalid_date",
  "incomplete_location",
  // the cohort
  "unknown_specialization",
  // a plan workbook read back (readPlanWorkbook); the core's plan violation codes come through too
  "not_a_plan_workbook",
  "invalid_value",
  "unknown_period",
  "duplicate_trainee",
  "inconsistent_rows",
  // an earlier cohort's plan as a history entry (historyEntryOfPlan, readHistoryEntryWorkbook)
  "missing_history_name",
] as const;

/** One problem of an imported workbook or CSV set, located the way a spreadsheet user looks for it. */
export interface SheetIssue {
  /** Stable machine code: one of SHEET_ISSUE_CODES, or a core issue code passed through (`too_small`, ...). */
  readonly code: string;
  /** The sheet's English name ("Trainees"), also for CSV files; "" for the whole workbook. */
  readonly sheet: string;
  /** 1-based spreadsheet row (the header is row 1); null for a whole sheet. */
  readonly row: number | null;
  /** The column's header as written in the file (or its English header when it is missing); null for a whole row. */
  readonly column: string | null;
  /** A plain English sentence. */
  readonly message: string;
  /** The core's path into the cohort (`trainees[10].specialization`); "" when there is none. */
  readonly path: string;
}

/** What reading a workbook or a set of CSV files gives. */
export type SheetImport =
  | { readonly ok: true; readonly cohort: CohortInput; readonly issues: readonly [] }
  | {
      readonly ok: false;
      /** The cohort as read, problems included, when the sheets could be read at all; else null. */
      readonly cohort: CohortInput | null;
      readonly issues: readonly SheetIssue[];
    };

/** Caps on untrusted input. A file over a cap is refused with an issue, never read further. */
export interface SheetLimits {
  /** Largest file (XLSX), or all CSV files together, in bytes. */
  readonly maxBytes: number;
  /** Most rows in one sheet or CSV file, header included. */
  readonly maxRows: number;
  /** Most sheets in a workbook, or CSV files in a set. */
  readonly maxSheets: number;
}

/** 10 MiB, 100 000 rows a sheet, 50 sheets: far above a national programme, far below harm. */
export const DEFAULT_SHEET_LIMITS: SheetLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxRows: 100_000,
  maxSheets: 50,
});

/** How CSV files are written. */
export interface CsvOptions {
  /** The field separator: "," (default), or ";" as Norwegian Excel expects (decimals are then written with a comma). */
  readonly delimiter?: "," | ";";
  /** Start each file with a UTF-8 byte order mark, so Excel reads æøå right (default true). */
  readonly bom?: boolean;
}
