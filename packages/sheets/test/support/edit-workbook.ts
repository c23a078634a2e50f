/**
 * Editing a workbook as a person does in Excel, less the formatting: each sheet's rows passed
 * through `edit` (the header row first) and the workbook written again with the package's own
 * writer; the hidden copy of a plan stays hidden. Used by the sheets' and the service's tests
 * of reading a plan workbook back.
 */
import { PLAN_COPY_SHEET } from "../../src/plan-copy.js";
import type { CellValue } from "../../src/table.js";
import { DEFAULT_SHEET_LIMITS } from "../../src/types.js";
import { readXlsx } from "../../src/xlsx/read-xlsx.js";
import { writeXlsx, type WorkbookTable } from "../../src/xlsx/write-xlsx.js";

/** The workbook with each sheet's rows edited; a sheet whose `edit` gives null is left out. */
export function editSheets(workbook: Uint8Array, edit: (sheet: string, rows: CellValue[][]) => CellValue[][] | null): Uint8Array {
  const tables = readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => true).tables;
  const out: WorkbookTable[] = [];
  for (const table of tables) {
    const rows = edit(table.name, table.rows.map((r) => [...r.cells]));
    if (rows === null) continue;
    const [header = [], ...body] = rows;
    out.push({ name: table.name, header: header.map((c) => (c === null ? "" : String(c))), rows: body, hidden: table.name === PLAN_COPY_SHEET });
  }
  return writeXlsx(out);
}

/** Sets one cell of the (English) Plan sheet, in the row of a trainee and period; `column` is 0-based. */
export function editPlanCell(workbook: Uint8Array, trainee: string, period: string, column: number, value: CellValue): Uint8Array {
  return editSheets(workbook, (sheet, rows) =>
    sheet !== "Plan" ? rows : rows.map((r) => (r[0] === trainee && r[2] === period ? r.map((c, i) => (i === column ? value : c)) : r)),
  );
}

/** Column indexes of the English Plan sheet. */
export const PLAN_COLUMN = { member: 6, mentor: 11 } as const;
