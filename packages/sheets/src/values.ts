/**
 * Cells to cohort values and back, by the column's value type. Reading is lenient where a
 * spreadsheet user would expect it (decimal commas, 19.08.2013, dates stored as dates, ja/nei)
 * and leaves the rest to the core's checks: text that is no enum value goes through as it is,
 * so that the core's message lists the values allowed.
 */
import type { ValueType } from "./layout.js";
import { cellText, isDateCell, type CellValue } from "./table.js";

export type ReadValue =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: "invalid_number" | "invalid_date"; readonly message: string };

export interface ValueRules {
  readonly type: ValueType;
  readonly values?: readonly string[];
  readonly valueAliases?: Readonly<Record<string, string>>;
}

/** The value of a non-blank cell for a field of the given type. */
export function readValue(cell: Exclude<CellValue, null>, rules: ValueRules): ReadValue {
  switch (rules.type) {
    case "text":
      return { ok: true, value: cellText(cell) };
    case "count":
    case "number":
      return readNumber(cell);
    case "date":
      return readDate(cell);
    case "list":
      return { ok: true, value: parseList(cellText(cell)) };
    case "boolean":
      return { ok: true, value: readBoolean(cell) };
    case "enum":
      return { ok: true, value: readEnum(cellText(cell), rules) };
  }
}

function readNumber(cell: Exclude<CellValue, null>): ReadValue {
  if (typeof cell === "number") return { ok: true, value: cell };
  const text = cellText(cell);
  const value = parseNumber(text);
  if (value !== undefined) return { ok: true, value };
  return { ok: false, code: "invalid_number", message: `${quote(text)} is not a number` };
}

/**
 * A number written by a person: `12`, `-3.5`, `0,1` (decimal comma), `1 000` (spaces between
 * digit groups), `1e3`. Undefined for anything else.
 */
export function parseNumber(text: string): number | undefined {
  let s = text.trim().replace(/(?<=\d)[\s\u00a0\u202f](?=\d{3}\b)/g, "");
  if (s.includes(",") && !s.includes(".")) s = s.replace(",", ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

function readDate(cell: Exclude<CellValue, null>): ReadValue {
  if (isDateCell(cell)) return { ok: true, value: cell.date };
  if (typeof cell === "number" && Number.isInteger(cell) && cell >= 1 && cell <= MAX_SERIAL) {
    return { ok: true, value: serialToDate(cell, false) };
  }
  const text = cellText(cell).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: true, value: text };
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (dotted !== null) {
    const [, d, m, y] = dotted as unknown as [string, string, string, string];
    return { ok: true, value: `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}` };
  }
  return {
    ok: false,
    code: "invalid_date",
    message: `${quote(cellText(cell))} is not a date; write it as YYYY-MM-DD (2013-08-19) or DD.MM.YYYY (19.08.2013)`,
  };
}

const TRUE_WORDS = new Set(["true", "yes", "ja", "1"]);
const FALSE_WORDS = new Set(["false", "no", "nei", "0"]);

function readBoolean(cell: Exclude<CellValue, null>): unknown {
  if (typeof cell === "boolean") return cell;
  const word = cellText(cell).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return cellText(cell);
}

function readEnum(text: string, rules: ValueRules): string {
  const word = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (rules.values?.includes(word)) return word;
  return rules.valueAliases?.[word] ?? text.trim();
}

// ---------------------------------------------------------------------------------------
// Lists in one cell
// ---------------------------------------------------------------------------------------

/**
 * The entries of a list cell: separated by commas (or semicolons), spaces around them removed,
 * empty entries dropped. An entry that itself holds a comma, a semicolon or a quote is written
 * in double quotes, with a quote inside doubled: `"Vei, gate", water`.
 */
export function parseList(text: string): string[] {
  const items: string[] = [];
  let current = "";
  let quoted = false;
  let inQuotes = false;
  const flush = (): void => {
    const item = quoted ? current : current.trim();
    if (item !== "" || quoted) items.push(item);
    current = "";
    quoted = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch !== '"') current += ch;
      else if (text[i + 1] === '"') {
        current += '"';
        i += 1;
      } else inQuotes = false;
    } else if (ch === '"' && current.trim() === "" && !quoted) {
      current = "";
      quoted = true;
      inQuotes = true;
    } else if (ch === "," || ch === ";") {
      flush();
    } else if (!quoted) {
      current += ch;
    }
  }
  flush();
  return items;
}

/** A list as one cell: `water, roads`; entries that need it are quoted (see parseList). */
export function formatList(items: readonly string[]): string {
  return items.map((item) => (/^$|^\s|\s$|[,;"]/.test(item) ? `"${item.replaceAll('"', '""')}"` : item)).join(", ");
}

// ---------------------------------------------------------------------------------------
// Dates as spreadsheet serial numbers
// ---------------------------------------------------------------------------------------

/** 9999-12-31, the last day a spreadsheet date can hold. */
const MAX_SERIAL = 2_958_465;
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * The date of a spreadsheet serial number (the whole part). The 1900 system counts the
 * 29 February 1900 that never was (serial 60), as Lotus 1-2-3 did; the 1904 system starts at 0.
 */
export function serialToDate(serial: number, date1904: boolean): string {
  const days = Math.floor(serial);
  const ms = date1904 ? EPOCH_1904 + days * DAY_MS : days < 61 ? EPOCH_1900 + (days + 1) * DAY_MS : EPOCH_1900 + days * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The serial number (1900 system) of a YYYY-MM-DD date from 1900-03-01 on. */
export function dateToSerial(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - EPOCH_1900) / DAY_MS);
}

function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `'${short}'`;
}
