/**
 * An XLSX workbook to tables: the sheets' names, and the cells of the sheets asked for, as
 * text, numbers, booleans and dates (a number in a date format is a date). Formulas are read
 * as the value Excel saved with them. Only the parts needed are unpacked, under the caps of
 * the limits: bytes (the file, and 20 times that unpacked), rows per sheet, sheets and columns.
 */
import type { SheetLimits } from "../types.js";
import type { CellValue, Row, Table } from "../table.js";
import { serialToDate } from "../values.js";
import { parseXml, XmlError, type XmlElement } from "./xml.js";
import { unzipParts, WorkbookError, type UnzipBudget } from "./zip.js";

/** How much larger than the file its unpacked parts may be (XML packs about 5 to 10 times); the .ods reader's too. */
export const UNPACK_FACTOR = 20;
/** Most columns read in a sheet (Excel has 16 384; the widest cohort sheet has 9). */
export const MAX_COLUMNS = 256;

/** A problem found while reading a sheet (XLSX or .ods), located by the workbook's own sheet name. */
export interface ReadProblem {
  readonly table: string;
  readonly row: number | null;
  readonly code: "too_many_rows" | "too_many_columns";
  readonly message: string;
}

export interface XlsxContent {
  /** Every sheet's name, in workbook order. */
  readonly sheetNames: readonly string[];
  /** The sheets `wanted` accepted, in workbook order. */
  readonly tables: readonly Table[];
  readonly problems: readonly ReadProblem[];
}

/** Reads a workbook; throws WorkbookError when it cannot be read at all. */
export function readXlsx(data: Uint8Array, limits: SheetLimits, wanted: (sheetName: string) => boolean): XlsxContent {
  if (data.length > limits.maxBytes) {
    throw new WorkbookError("too_large", `the file is ${formatBytes(data.length)}; the most accepted is ${formatBytes(limits.maxBytes)}`);
  }
  if (data[0] === 0xd0 && data[1] === 0xcf) {
    throw new WorkbookError("invalid_file", "the file is an old Excel 97-2003 workbook (.xls); save it as an Excel workbook (.xlsx)");
  }
  if (data[0] !== 0x50 || data[1] !== 0x4b) throw new WorkbookError("invalid_file", "the file is not an XLSX workbook");
  const budget: UnzipBudget = { remainingBytes: Math.max(data.length, 1024) * UNPACK_FACTOR };
  try {
    const meta = unzipParts(data, (name) => name.endsWith(".rels") || /(workbook|styles|sharedstrings)\.xml$/.test(name), budget);
    const workbookPath = officeDocumentPath(meta);
    const workbookXml = meta.get(workbookPath.toLowerCase());
    if (workbookXml === undefined) throw new WorkbookError("invalid_file", "the file is not an XLSX workbook (it has no workbook part)");
    const workbook = readWorkbookPart(workbookXml);
    if (workbook.sheets.length > limits.maxSheets) {
      throw new WorkbookError("too_large", `the workbook has ${workbook.sheets.length} sheets; the most accepted is ${limits.maxSheets}`);
    }
    const targets = readRelationships(meta.get(relsPathOf(workbookPath).toLowerCase()), workbookPath);
    const partOf = (name: string): string | undefined => targets.get(workbook.sheets.find((s) => s.name === name)?.rid ?? "");
    const wantedSheets = workbook.sheets.filter((s) => wanted(s.name));
    const wantedParts = new Set(wantedSheets.map((s) => partOf(s.name)?.toLowerCase()));
    const sheetParts = unzipParts(data, (name) => wantedParts.has(name), budget);
    const context: SheetContext = {
      sharedStrings: readSharedStrings(findPart(meta, targets, "sharedstrings.xml")),
      dateStyles: readDateStyles(findPart(meta, targets, "styles.xml")),
      date1904: workbook.date1904,
      maxRows: limits.maxRows,
    };
    const tables: Table[] = [];
    const problems: ReadProblem[] = [];
    for (const sheet of wantedSheets) {
      const xml = sheetParts.get(partOf(sheet.name)?.toLowerCase() ?? "");
      const read = xml === undefined ? { rows: [], problems: [] } : readSheetPart(xml, sheet.name, context);
      tables.push({ name: sheet.name, rows: read.rows });
      problems.push(...read.problems);
    }
    return { sheetNames: workbook.sheets.map((s) => s.name), tables, problems };
  } catch (error) {
    if (error instanceof XmlError) throw new WorkbookError("invalid_file", error.message);
    throw error;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

// ---------------------------------------------------------------------------------------
// Package structure: relationships and the workbook part
// ---------------------------------------------------------------------------------------

/** The workbook part's path, from the package's relationships (`xl/workbook.xml` as a rule). */
function officeDocumentPath(parts: ReadonlyMap<string, string>): string {
  let path = "xl/workbook.xml";
  const rels = parts.get("_rels/.rels");
  if (rels === undefined) return path;
  parseXml(rels, {
    open: (el) => {
      if (el.name === "Relationship" && /\/officeDocument$/.test(el.attributes.get("Type") ?? "")) {
        path = resolvePath("", el.attributes.get("Target") ?? path);
      }
    },
  });
  return path;
}

function relsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf("/");
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/** Relationship targets by id, as package paths. */
function readRelationships(xml: string | undefined, fromPart: string): Map<string, string> {
  const targets = new Map<string, string>();
  if (xml === undefined) return targets;
  const base = fromPart.slice(0, fromPart.lastIndexOf("/") + 1);
  parseXml(xml, {
    open: (el) => {
      const id = el.attributes.get("Id");
      const target = el.attributes.get("Target");
      if (el.name === "Relationship" && id !== undefined && target !== undefined && el.attributes.get("TargetMode") !== "External") {
        targets.set(id, resolvePath(base, target));
      }
    },
  });
  return targets;
}

/** A relationship target as a package path: relative to `base`, or absolute with a leading "/". */
function resolvePath(base: string, target: string): string {
  const segments = (target.startsWith("/") ? target.slice(1) : base + target).split("/");
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === "..") out.pop();
    else if (segment !== "." && segment !== "") out.push(segment);
  }
  return out.join("/");
}

/** A workbook-level part by the end of its name (styles, shared strings). */
function findPart(parts: ReadonlyMap<string, string>, targets: ReadonlyMap<string, string>, ending: string): string | undefined {
  for (const target of targets.values()) {
    if (target.toLowerCase().endsWith(ending)) return parts.get(target.toLowerCase());
  }
  return undefined;
}

interface WorkbookPart {
  readonly sheets: readonly { readonly name: string; readonly rid: string }[];
  readonly date1904: boolean;
}

function readWorkbookPart(xml: string): WorkbookPart {
  const sheets: { name: string; rid: string }[] = [];
  let date1904 = false;
  parseXml(xml, {
    open: (el) => {
      if (el.name === "workbookPr") date1904 = isTrue(el.attributes.get("date1904"));
      if (el.name === "sheet") sheets.push({ name: el.attributes.get("name") ?? "", rid: el.attributes.get("id") ?? "" });
    },
  });
  return { sheets, date1904 };
}

function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true";
}

// ---------------------------------------------------------------------------------------
// Shared strings and styles
// ---------------------------------------------------------------------------------------

/** The shared string table: each entry's text, rich-text runs joined, phonetic runs left out. */
function readSharedStrings(xml: string | undefined): string[] {
  const strings: string[] = [];
  if (xml === undefined) return strings;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  parseXml(xml, {
    open: (el) => {
      if (el.name === "si") current = "";
      else if (el.name === "rPh") phonetic += 1;
      else if (el.name === "t") inText = phonetic === 0;
    },
    text: (text) => {
      if (inText && current !== null) current += text;
    },
    close: (name) => {
      if (name === "t") inText = false;
      else if (name === "rPh") phonetic -= 1;
      else if (name === "si" && current !== null) {
        strings.push(decodeEscapes(current));
        current = null;
      }
    },
  });
  return strings;
}

/** Built-in number formats that show a date (ECMA-376 part 1, 18.8.30, and the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Which cell style indexes (`s`) show their number as a date. */
function readDateStyles(xml: string | undefined): Set<number> {
  const dateStyles = new Set<number>();
  if (xml === undefined) return dateStyles;
  const customDateFormats = new Set<number>();
  let inCellXfs = false;
  let xfIndex = 0;
  parseXml(xml, {
    open: (el) => {
      const id = Number(el.attributes.get("numFmtId") ?? "0");
      if (el.name === "numFmt" && isDateFormatCode(el.attributes.get("formatCode") ?? "")) customDateFormats.add(id);
      else if (el.name === "cellXfs") inCellXfs = true;
      else if (el.name === "xf" && inCellXfs) {
        if (BUILT_IN_DATE_FORMATS.has(id) || customDateFormats.has(id)) dateStyles.add(xfIndex);
        xfIndex += 1;
      }
    },
    close: (name) => {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return dateStyles;
}

/** Whether a number format shows a date: it has d, m or y outside quotes, brackets and escapes. */
function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, "");
  return /[dmy]/i.test(bare);
}

/** Undoes the `_xHHHH_` escapes that SpreadsheetML uses for characters XML cannot hold. */
function decodeEscapes(text: string): string {
  return text.includes("_x") ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

// ---------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------

interface SheetContext {
  readonly sharedStrings: readonly string[];
  readonly dateStyles: ReadonlySet<number>;
  readonly date1904: boolean;
  readonly maxRows: number;
}

/** Thrown inside the parser's handlers to stop reading a sheet that has too many rows. */
class StopSheet extends Error {}

/** The non-empty rows of one worksheet part. */
function readSheetPart(xml: string, sheet: string, context: SheetContext): { rows: Row[]; problems: ReadProblem[] } {
  const rows: Row[] = [];
  const problems: ReadProblem[] = [];
  let rowNumber = 0;
  let rowsSeen = 0;
  let cells: CellValue[] = [];
  let cell: { column: number; type: string; style: number } | null = null;
  let column = -1;
  let value = "";
  let inValue = false;
  let widthReported = false;
  const finishCell = (): void => {
    if (cell === null) return;
    const converted = convertCell(cell.type, cell.style, value, context);
    if (converted !== null) cells[cell.column] = converted;
    cell = null;
  };
  const open = (el: XmlElement): void => {
    switch (el.name) {
      case "row": {
        rowsSeen += 1;
        if (rowsSeen > context.maxRows) {
          problems.push({ table: sheet, row: null, code: "too_many_rows", message: `the sheet has more than ${context.maxRows} rows` });
          throw new StopSheet();
        }
        const r = Number(el.attributes.get("r"));
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        cells = [];
        column = -1;
        break;
      }
      case "c": {
        const ref = el.attributes.get("r");
        const given = ref === undefined ? -1 : columnIndex(ref);
        column = given >= 0 ? given : column + 1;
        if (column >= MAX_COLUMNS) {
          if (!widthReported) {
            problems.push({
              table: sheet,
              row: rowNumber,
              code: "too_many_columns",
              message: `the sheet has cells beyond column ${columnLetters(MAX_COLUMNS - 1)}, which were not read`,
            });
            widthReported = true;
          }
          break;
        }
        cell = { column, type: el.attributes.get("t") ?? "n", style: Number(el.attributes.get("s") ?? "0") };
        value = "";
        break;
      }
      case "v":
      case "t":
        inValue = cell !== null;
        break;
    }
  };
  try {
    parseXml(xml, {
      open,
      text: (text) => {
        if (inValue) value += text;
      },
      close: (name) => {
        if (name === "v" || name === "t") inValue = false;
        else if (name === "c") finishCell();
        else if (name === "row") {
          if (cells.some((c) => c !== undefined && c !== null && !(typeof c === "string" && c.trim() === ""))) {
            rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
          }
        }
      },
    });
  } catch (error) {
    if (!(error instanceof StopSheet)) throw error;
  }
  return { rows, problems };
}

/** A cell's value by its type attribute (`t`), style and text. */
function convertCell(type: string, style: number, text: string, context: SheetContext): CellValue {
  switch (type) {
    case "s": {
      const shared = context.sharedStrings[Number(text)];
      return shared === undefined || shared === "" ? null : shared;
    }
    case "inlineStr":
    case "str":
    case "e":
      return text === "" ? null : decodeEscapes(text);
    case "b":
      return text === "" ? null : text.trim() === "1" || text.trim() === "true";
    case "d":
      return /^\d{4}-\d{2}-\d{2}/.test(text) ? { date: text.slice(0, 10) } : text === "" ? null : text;
    default: {
      if (text.trim() === "") return null;
      const number = Number(text);
      if (!Number.isFinite(number)) return text;
      if (context.dateStyles.has(style) && number >= 0 && number < 2_958_466) return { date: serialToDate(number, context.date1904) };
      return number;
    }
  }
}

/** The 0-based column of a cell reference such as `B12`. */
function columnIndex(ref: string): number {
  let index = 0;
  for (const ch of ref.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
    if (index > 1_000_000) break;
  }
  return index - 1;
}

/** The letters of a 0-based column: 0 is A, 26 is AA. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
