/**
 * An OpenDocument spreadsheet (.ods, what LibreOffice saves by default) to tables, the same
 * tables the XLSX reader gives: text, numbers, booleans and dates, formulas read as the value
 * saved with them. An .ods file is a ZIP whose `mimetype` entry names the kind of document and
 * whose `content.xml` holds every sheet (`table:table`), row (`table:table-row`) and cell
 * (`table:table-cell`, its value in `office:value`, `office:date-value` or
 * `office:boolean-value`, its text in `text:p`). Rows and cells carry a repeat count
 * (`table:number-rows-repeated`, `table:number-columns-repeated`); LibreOffice closes each
 * sheet with a million repeated empty rows and a thousand empty columns, so repeats advance
 * the row and column numbers without making anything, and only a repeated cell or row that
 * holds something is copied, up to the caps.
 *
 * Unpacking and XML have the XLSX reader's safety: the same ZIP budget (20 times the file) and
 * entry cap (zip.ts), the same parser that refuses a document type declaration (xml.ts).
 */
import { MAX_CELL_CHARS } from "../read/cohort-from-tables.js";
import type { CellValue, Row, Table } from "../table.js";
import type { SheetLimits } from "../types.js";
import { MAX_COLUMNS, columnLetters, type ReadProblem, type XlsxContent } from "../xlsx/read-xlsx.js";
import { parseXml, XmlError, type XmlElement } from "../xlsx/xml.js";
import { unzipParts, WorkbookError, type UnzipBudget } from "../xlsx/zip.js";

/** The `mimetype` of an OpenDocument spreadsheet, and of its template (.ots). */
export const ODS_MIME_TYPES: readonly string[] = [
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.spreadsheet-template",
];

/** What the other OpenDocument kinds are, for the message that refuses them. */
const OTHER_KINDS: Readonly<Record<string, string>> = {
  text: "a text document (.odt)",
  presentation: "a presentation (.odp)",
  graphics: "a drawing (.odg)",
};

/**
 * The `mimetype` entry of a ZIP, or null when it has none (an XLSX workbook has none). Only
 * that entry is unpacked, within the budget.
 */
export function zipMimeType(data: Uint8Array, budget: UnzipBudget): string | null {
  return unzipParts(data, (name) => name === "mimetype", budget).get("mimetype")?.trim() ?? null;
}

/**
 * Reads an OpenDocument spreadsheet whose `mimetype` was read already; throws WorkbookError
 * when it cannot be read at all (another OpenDocument kind, a password, broken XML).
 */
export function readOds(data: Uint8Array, mimeType: string, limits: SheetLimits, wanted: (sheetName: string) => boolean, budget: UnzipBudget): XlsxContent {
  if (!ODS_MIME_TYPES.includes(mimeType)) {
    const kind = OTHER_KINDS[/opendocument\.([a-z]+)/.exec(mimeType)?.[1] ?? ""] ?? "another kind of document";
    throw new WorkbookError("invalid_file", `the file is an OpenDocument file but ${kind}, not a spreadsheet (.ods)`);
  }
  try {
    const parts = unzipParts(data, (name) => name === "content.xml" || name === "meta-inf/manifest.xml", budget);
    if (/encryption-data/.test(parts.get("meta-inf/manifest.xml") ?? "")) {
      throw new WorkbookError("invalid_file", "the spreadsheet is protected by a password; save a copy without one");
    }
    const content = parts.get("content.xml");
    if (content === undefined) throw new WorkbookError("invalid_file", "the file is not an OpenDocument spreadsheet (it has no content.xml)");
    return readContent(content, limits, wanted);
  } catch (error) {
    if (error instanceof XmlError) throw new WorkbookError("invalid_file", error.message);
    throw error;
  }
}

/** The state of the sheet being read. */
interface SheetState {
  readonly name: string;
  readonly wanted: boolean;
  readonly rows: Row[];
  readonly problems: ReadProblem[];
  /** The 1-based number of the next row. */
  nextRow: number;
  /** Rows made so far, against maxRows. */
  rowsMade: number;
  /** Whether the sheet was cut short (too many rows): the rest of it is skipped. */
  full: boolean;
  widthReported: boolean;
}

/** The row being read: its cells, and how many times it repeats. */
interface RowState {
  readonly repeat: number;
  readonly cells: CellValue[];
  column: number;
}

/** The cell being read. */
interface CellState {
  readonly repeat: number;
  /** The value from its attributes (numbers, dates, booleans), or undefined for text. */
  readonly value: CellValue | undefined;
  readonly text: string[];
  paragraph: string | null;
  /** Characters kept so far: past MAX_CELL_CHARS the rest is dropped (the cell is reported as too long anyway). */
  length: number;
}

/**
 * Adds text to the cell's paragraph, up to one character past the cell limit: a `text:s`
 * may stand for a thousand spaces, so a small file could otherwise grow a huge string.
 */
function addText(cell: CellState | null, text: string): void {
  if (cell === null || cell.paragraph === null || cell.length > MAX_CELL_CHARS) return;
  const kept = text.slice(0, MAX_CELL_CHARS + 1 - cell.length);
  cell.paragraph += kept;
  cell.length += kept.length;
}

function readContent(xml: string, limits: SheetLimits, wanted: (sheetName: string) => boolean): XlsxContent {
  const sheetNames: string[] = [];
  const tables: Table[] = [];
  const problems: ReadProblem[] = [];
  let sheet: SheetState | null = null;
  let row: RowState | null = null;
  let cell: CellState | null = null;
  // Tables inside a cell (a rare "subtable"), notes (office:annotation) and the like are not
  // the sheet's cells: everything below such an element is skipped.
  let skipDepth = 0;
  let tableDepth = 0;

  const open = (el: XmlElement): void => {
    if (skipDepth > 0) {
      skipDepth += 1;
      return;
    }
    switch (el.name) {
      case "table":
        tableDepth += 1;
        if (tableDepth > 1) {
          skipDepth = 1;
          return;
        }
        {
          const name = el.attributes.get("name") ?? `Sheet${sheetNames.length + 1}`;
          sheetNames.push(name);
          if (sheetNames.length > limits.maxSheets) {
            throw new WorkbookError("too_large", `the workbook has more than ${limits.maxSheets} sheets; the most accepted is ${limits.maxSheets}`);
          }
          sheet = { name, wanted: wanted(name), rows: [], problems: [], nextRow: 1, rowsMade: 0, full: false, widthReported: false };
        }
        return;
      case "table-row":
        if (sheet === null) return;
        row = { repeat: repeatOf(el, "number-rows-repeated"), cells: [], column: 0 };
        return;
      case "table-cell":
      case "covered-table-cell":
        if (row === null || sheet === null) return;
        cell = {
          repeat: repeatOf(el, "number-columns-repeated"),
          // A covered cell is hidden under a merged one: it takes its place, its content is not read.
          value: el.name === "covered-table-cell" || !sheet.wanted || sheet.full ? null : attributeValue(el),
          text: [],
          paragraph: null,
          length: 0,
        };
        if (el.name === "covered-table-cell") skipDepth = 1;
        return;
      case "annotation":
        skipDepth = 1;
        return;
      case "p":
      case "h":
        if (cell !== null) cell.paragraph = "";
        return;
      case "s":
        addText(cell, " ".repeat(Math.min(repeatOf(el, "c"), MAX_CELL_CHARS + 1)));
        return;
      case "tab":
        addText(cell, "\t");
        return;
      case "line-break":
        addText(cell, "\n");
        return;
    }
  };

  const close = (name: string): void => {
    if (skipDepth > 0) {
      skipDepth -= 1;
      if (skipDepth > 0) return;
      if (name === "table") {
        tableDepth -= 1;
        return;
      }
      if (name !== "covered-table-cell") return;
    }
    switch (name) {
      case "p":
      case "h":
        if (cell !== null && cell.paragraph !== null) {
          cell.text.push(cell.paragraph);
          // The line break that joins paragraphs counts too.
          cell.length += 1;
          cell.paragraph = null;
        }
        return;
      case "table-cell":
      case "covered-table-cell":
        if (row !== null && sheet !== null && cell !== null) finishCell(sheet, row, cell);
        cell = null;
        return;
      case "table-row":
        if (row !== null && sheet !== null) finishRow(sheet, row, limits.maxRows);
        row = null;
        return;
      case "table":
        tableDepth -= 1;
        if (sheet !== null && sheet.wanted) {
          tables.push({ name: sheet.name, rows: sheet.rows });
          problems.push(...sheet.problems);
        }
        sheet = null;
        return;
    }
  };

  parseXml(xml, {
    open,
    close,
    text: (text) => {
      if (skipDepth === 0) addText(cell, text);
    },
  });
  return { sheetNames, tables, problems };
}

/** A repeat count: a whole number of at least 1 (1 when absent or nonsense). */
function repeatOf(el: XmlElement, attribute: string): number {
  const n = Number(el.attributes.get(attribute) ?? "1");
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

/** A cell's value from its attributes by its value type; undefined for text (read from text:p). */
function attributeValue(el: XmlElement): CellValue | undefined {
  const type = el.attributes.get("value-type");
  switch (type) {
    case "float":
    case "percentage":
    case "currency": {
      const number = Number(el.attributes.get("value"));
      return Number.isFinite(number) ? number : undefined;
    }
    case "date": {
      const date = el.attributes.get("date-value") ?? "";
      return /^\d{4}-\d{2}-\d{2}/.test(date) ? { date: date.slice(0, 10) } : undefined;
    }
    case "boolean": {
      const value = el.attributes.get("boolean-value");
      return value === undefined ? undefined : value === "true";
    }
    case "string": {
      const value = el.attributes.get("string-value");
      return value === undefined || value === "" ? undefined : value;
    }
    default:
      // time, and cells without a value type: the text as shown.
      return undefined;
  }
}

/** Puts a finished cell into its row, as many times as it repeats (up to the column cap). */
function finishCell(sheet: SheetState, row: RowState, cell: CellState): void {
  const from = row.column;
  row.column += cell.repeat;
  let value: CellValue = cell.value ?? null;
  if (cell.value === undefined) {
    const text = cell.text.join("\n");
    value = text === "" ? null : text;
  }
  if (value === null) return;
  if (from >= MAX_COLUMNS || from + cell.repeat > MAX_COLUMNS) reportWidth(sheet);
  for (let c = from; c < Math.min(from + cell.repeat, MAX_COLUMNS); c += 1) row.cells[c] = value;
}

function reportWidth(sheet: SheetState): void {
  if (sheet.widthReported) return;
  sheet.widthReported = true;
  sheet.problems.push({
    table: sheet.name,
    row: sheet.nextRow,
    code: "too_many_columns",
    message: `the sheet has cells beyond column ${columnLetters(MAX_COLUMNS - 1)}, which were not read`,
  });
}

/** Adds a finished row to its sheet, as many times as it repeats; an empty row only moves the row number on. */
function finishRow(sheet: SheetState, row: RowState, maxRows: number): void {
  const first = sheet.nextRow;
  sheet.nextRow += row.repeat;
  if (!sheet.wanted || sheet.full) return;
  if (!row.cells.some((c) => c !== undefined && c !== null && !(typeof c === "string" && c.trim() === ""))) return;
  const cells = Array.from(row.cells, (c) => c ?? null);
  for (let k = 0; k < row.repeat; k += 1) {
    if (sheet.rowsMade >= maxRows) {
      sheet.problems.push({ table: sheet.name, row: null, code: "too_many_rows", message: `the sheet has more than ${maxRows} rows` });
      sheet.full = true;
      return;
    }
    sheet.rows.push({ row: first + k, cells });
    sheet.rowsMade += 1;
  }
}
