/**
 * The plan workbook's hidden copy of the plan: the plan file's JSON, exactly as written, in a
 * hidden sheet, so that reading the workbook back (readPlanWorkbook) gives the same plan, to
 * the byte, rather than one rebuilt from sheets a person may have edited. The JSON is cut into
 * pieces under Excel's limit of 32,767 characters a cell, one piece a row, each after its
 * number so that no row is blank (a blank row is not read) and a lost piece is noticed.
 */
import type { CellValue, Table } from "./table.js";
import type { WorkbookTable } from "./xlsx/write-xlsx.js";

/** The hidden sheet's name: no cohort or plan sheet's, in any language, and not close to one. */
export const PLAN_COPY_SHEET = "rotamatch.plan";

/** The header's first cell: what the sheet is, for whoever unhides it. */
const COPY_HEADER = ["Part", "The plan as rotamatch wrote it (rotamatch.plan/v1 JSON), read back with the workbook; edit the visible sheets, not this one"];

/** Characters a piece holds: well under Excel's 32,767 a cell, counted in UTF-16 units as Excel does. */
export const PIECE_LENGTH = 30_000;

/** The plan's JSON as the hidden sheet. */
export function planCopyTable(plan: unknown): WorkbookTable {
  const text = JSON.stringify(plan);
  const rows: CellValue[][] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + PIECE_LENGTH);
    // Never split a surrogate pair: each piece is valid text on its own.
    if (end < text.length && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end -= 1;
    rows.push([rows.length + 1, text.slice(start, end)]);
    start = end;
  }
  return { name: PLAN_COPY_SHEET, header: COPY_HEADER, rows, hidden: true };
}

/** The hidden sheet's JSON, parsed; or why it cannot be read (pieces missing or out of order, not JSON). */
export function readPlanCopy(table: Table): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string } {
  const pieces: string[] = [];
  for (const row of table.rows.slice(1)) {
    const [number, piece] = row.cells;
    if (number !== pieces.length + 1 || typeof piece !== "string") return { ok: false, reason: `row ${row.row} is not piece ${pieces.length + 1}` };
    pieces.push(piece);
  }
  if (pieces.length === 0) return { ok: false, reason: "it is empty" };
  try {
    return { ok: true, value: JSON.parse(pieces.join("")) as unknown };
  } catch {
    return { ok: false, reason: "its text is not the JSON of a plan" };
  }
}
