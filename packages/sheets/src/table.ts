/**
 * The neutral form of a sheet, shared by the XLSX and CSV readers and writers: named tables of
 * typed cells. Readers produce tables from files; writers turn tables into files; everything
 * about cohorts and plans works on tables only.
 */

/** A calendar date, kept apart from text so that XLSX writes a real date cell. */
export interface DateCell {
  /** YYYY-MM-DD. */
  readonly date: string;
}

/** One cell: text, a number, true/false, a date, or empty (null). */
export type CellValue = string | number | boolean | DateCell | null;

/** One non-empty row of a sheet. */
export interface Row {
  /** 1-based row number in the file (the header is row 1 when it is the first row). */
  readonly row: number;
  readonly cells: readonly CellValue[];
}

/** A sheet (XLSX) or a file (CSV): its name and its non-empty rows, in order. */
export interface Table {
  readonly name: string;
  readonly rows: readonly Row[];
}

/** A table to write: a header and typed rows; column widths are the writer's business. */
export interface OutputTable {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly CellValue[])[];
}

export function isDateCell(value: CellValue): value is DateCell {
  return typeof value === "object" && value !== null;
}

/** Whether a cell holds nothing: null, or text of spaces only. */
export function isBlank(value: CellValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** A cell as the text a person sees (dates as YYYY-MM-DD, numbers as JavaScript writes them). */
export function cellText(value: CellValue): string {
  if (value === null) return "";
  if (isDateCell(value)) return value.date;
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value);
}
