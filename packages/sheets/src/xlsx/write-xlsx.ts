/**
 * Tables to an XLSX workbook, written directly as SpreadsheetML and packed with fflate: a bold
 * header row that stays in view, columns wide enough for their content, real date cells, and
 * a drop-down list on columns with a fixed set of values. The same tables always give the
 * same bytes (the ZIP's timestamps are fixed).
 */
import { zipSync, strToU8 } from "fflate";
import { isDateCell, type CellValue, type OutputTable } from "../table.js";
import { dateToSerial } from "../values.js";
import { columnLetters } from "./read-xlsx.js";

/** A table to write, with the values a column may take (a drop-down list in Excel). */
export interface WorkbookTable extends OutputTable {
  /** Allowed values by column index. */
  readonly choices?: ReadonlyMap<number, readonly string[]>;
  /**
   * A sheet kept out of sight (`state="hidden"`: Excel and LibreOffice list it under "Unhide"
   * and keep it on save), for data a program reads back rather than a person. Never the first
   * sheet, which is the one shown when the workbook opens.
   */
  readonly hidden?: boolean;
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Cell styles (indexes into cellXfs below). */
const STYLE = { normal: 0, header: 1, date: 2 } as const;

/** 1980-01-01 00:00 local time: the earliest ZIP timestamp, the same in every time zone. */
const FIXED_MTIME = new Date(1980, 0, 1);

/** The workbook of the tables, in order; sheet names must be unique and at most 31 characters. */
export function writeXlsx(tables: readonly WorkbookTable[]): Uint8Array {
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(contentTypes(tables.length)),
    "_rels/.rels": strToU8(rootRelationships()),
    "xl/workbook.xml": strToU8(workbookXml(tables)),
    "xl/_rels/workbook.xml.rels": strToU8(workbookRelationships(tables.length)),
    "xl/styles.xml": strToU8(STYLES_XML),
  };
  tables.forEach((table, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(table, i === 0));
  });
  return zipSync(files, { level: 6, mtime: FIXED_MTIME });
}

function contentTypes(sheetCount: number): string {
  const type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${type}"/>`).join("");
  return (
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${sheets}</Types>`
  );
}

function rootRelationships(): string {
  return (
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    "</Relationships>"
  );
}

function workbookXml(tables: readonly WorkbookTable[]): string {
  const sheets = tables
    .map((t, i) => `<sheet name="${escapeXml(t.name)}" sheetId="${i + 1}"${t.hidden === true && i > 0 ? ' state="hidden"' : ""} r:id="rId${i + 1}"/>`)
    .join("");
  return (
    `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheets}</sheets></workbook>`
  );
}

function workbookRelationships(sheetCount: number): string {
  const base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${base}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join("");
  return (
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">${sheets}` +
    `<Relationship Id="rId${sheetCount + 1}" Type="${base}/styles" Target="styles.xml"/></Relationships>`
  );
}

/** Normal, bold header on a light fill, and yyyy-mm-dd dates. */
const STYLES_XML =
  `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF6"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";

function sheetXml(table: WorkbookTable, selected: boolean): string {
  const rows = [table.header as readonly CellValue[], ...table.rows];
  const parts: string[] = [
    `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ""} workbookViewId="0">`,
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
    `<cols>${columnWidths(rows, table.header.length)}</cols>`,
    "<sheetData>",
  ];
  rows.forEach((cells, r) => {
    const xml = cells.map((cell, c) => cellXml(cell, `${columnLetters(c)}${r + 1}`, r === 0)).join("");
    parts.push(`<row r="${r + 1}">${xml}</row>`);
  });
  parts.push("</sheetData>");
  if (table.choices !== undefined && table.choices.size > 0) parts.push(dataValidations(table.choices));
  parts.push("</worksheet>");
  return parts.join("");
}

function columnWidths(rows: readonly (readonly CellValue[])[], count: number): string {
  const widths = Array.from({ length: count }, () => 8);
  for (const cells of rows) {
    cells.forEach((cell, c) => {
      const length = cell === null ? 0 : isDateCell(cell) ? 10 : String(cell).length;
      widths[c] = Math.min(60, Math.max(widths[c] ?? 8, length));
    });
  }
  return widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w + 2}" customWidth="1"/>`).join("");
}

function cellXml(cell: CellValue, ref: string, header: boolean): string {
  const style = header ? ` s="${STYLE.header}"` : "";
  if (cell === null) return header ? `<c r="${ref}"${style}/>` : "";
  if (typeof cell === "number" && Number.isFinite(cell)) return `<c r="${ref}"${style}><v>${cell}</v></c>`;
  if (typeof cell === "boolean") return `<c r="${ref}"${style} t="b"><v>${cell ? 1 : 0}</v></c>`;
  if (isDateCell(cell) && cell.date >= "1900-03-01" && /^\d{4}-\d{2}-\d{2}$/.test(cell.date)) {
    return `<c r="${ref}" s="${STYLE.date}"><v>${dateToSerial(cell.date)}</v></c>`;
  }
  const text = isDateCell(cell) ? cell.date : String(cell);
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeText(text)}</t></is></c>`;
}

function dataValidations(choices: ReadonlyMap<number, readonly string[]>): string {
  const rules = [...choices].map(([column, values]) => {
    const letters = columnLetters(column);
    const list = escapeXml(`"${values.join(",")}"`);
    return (
      `<dataValidation type="list" errorStyle="warning" allowBlank="1" showErrorMessage="1" sqref="${letters}2:${letters}1048576">` +
      `<formula1>${list}</formula1></dataValidation>`
    );
  });
  return `<dataValidations count="${rules.length}">${rules.join("")}</dataValidations>`;
}

/** Escapes text for XML, and characters XML cannot hold (controls, CR, lone surrogates) as `_xHHHH_`. */
function escapeText(text: string): string {
  const escaped = text.replace(/_x(?=[0-9A-Fa-f]{4}_)/g, "_x005F_x");
  return escapeXml(
    escaped.replace(
      /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
    ),
  );
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&quot;"));
}
