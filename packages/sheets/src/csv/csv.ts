/**
 * CSV text to tables and back (RFC 4180 quoting, CRLF lines). Writing is safe to open in a
 * spreadsheet program: text that a spreadsheet would take for a formula gets a leading `'`,
 * and reading removes that `'` again, so that a round trip is exact.
 */
import type { CsvOptions } from "../types.js";
import { cellText, isBlank, isDateCell, type CellValue, type OutputTable, type Row } from "../table.js";

/** The byte order mark that tells Excel a CSV file is UTF-8. */
const BOM = "\uFEFF";

/** What makes a spreadsheet read text as a formula (and the escape itself, to keep it exact). */
const FORMULA_START = /^[=+\-@\t\r']/;

export type CsvParse =
  | { readonly ok: true; readonly rows: Row[] }
  | { readonly ok: false; readonly row: number; readonly message: string };

/**
 * The non-empty rows of a CSV text. The separator is `,`, `;` or a tab, whichever the first
 * line has most of outside quotes. Stops with a failure after `maxRows` rows or at an unclosed quote.
 */
export function parseCsv(text: string, maxRows: number): CsvParse {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = "";
  let quotedField = false;
  let record = 1;
  let i = 0;
  const endField = (): void => {
    fields.push(quotedField ? field : unescapeFormula(field));
    field = "";
    quotedField = false;
  };
  const endRow = (): void => {
    endField();
    if (fields.some((f) => f.trim() !== "")) rows.push({ row: record, cells: fields.map(toCell) });
    fields = [];
    record += 1;
  };
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch === '"' && field === "" && !quotedField) {
      const close = readQuoted(body, i + 1);
      if (close === undefined) return { ok: false, row: record, message: "a quoted field is never closed (a \" is missing)" };
      field = unescapeFormula(close.text);
      quotedField = true;
      i = close.end;
      continue;
    }
    if (ch === delimiter) {
      endField();
    } else if (ch === "\n" || ch === "\r") {
      endRow();
      if (ch === "\r" && body[i + 1] === "\n") i += 1;
      if (record - 1 > maxRows) return { ok: false, row: record - 1, message: `has more than ${maxRows} rows` };
    } else {
      field += ch;
    }
    i += 1;
  }
  if (field !== "" || quotedField || fields.length > 0) endRow();
  if (record - 1 > maxRows) return { ok: false, row: record - 1, message: `has more than ${maxRows} rows` };
  return { ok: true, rows };
}

/** The text of a quoted field starting after its opening quote, and where parsing goes on. */
function readQuoted(text: string, from: number): { text: string; end: number } | undefined {
  let out = "";
  let start = from;
  for (;;) {
    const quote = text.indexOf('"', start);
    if (quote === -1) return undefined;
    out += text.slice(start, quote);
    if (text[quote + 1] !== '"') return { text: out, end: quote + 1 };
    out += '"';
    start = quote + 2;
  }
}

/**
 * The separator: `,`, `;` or a tab (Excel's "Unicode text"), whichever the first line has
 * most of outside quotes; `,` on a tie, then `;`.
 */
function detectDelimiter(text: string): "," | ";" | "\t" {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) break;
    else if (!inQuotes && ch === ",") commas += 1;
    else if (!inQuotes && ch === ";") semicolons += 1;
    else if (!inQuotes && ch === "\t") tabs += 1;
  }
  if (tabs > commas && tabs > semicolons) return "\t";
  return semicolons > commas ? ";" : ",";
}

/** Removes the `'` that the writer puts before text a spreadsheet would take for a formula. */
function unescapeFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function toCell(text: string): CellValue {
  return isBlank(text) ? null : text;
}

/** One CSV file of a table: a header line and a line per row, CRLF, with a BOM unless asked not to. */
export function writeCsv(table: OutputTable, options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ",";
  const lines = [table.header.map((h) => quoteField(escapeFormula(h), delimiter))];
  for (const row of table.rows) lines.push(row.map((cell) => formatCell(cell, delimiter)));
  const text = lines.map((fields) => `${fields.join(delimiter)}\r\n`).join("");
  return (options.bom ?? true) ? BOM + text : text;
}

function formatCell(cell: CellValue, delimiter: "," | ";"): string {
  if (cell === null) return "";
  // Numbers stay numbers (a negative one too); with ";" a spreadsheet in Norwegian expects a decimal comma.
  if (typeof cell === "number") return delimiter === ";" ? String(cell).replace(".", ",") : String(cell);
  if (typeof cell === "boolean" || isDateCell(cell)) return cellText(cell);
  return quoteField(escapeFormula(cell), delimiter);
}

function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quoteField(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
