/**
 * The XLSX reader and writer: exact round trips of cells, workbooks written by other programs,
 * and untrusted files: caps on bytes, unpacked bytes, sheets, rows and columns; no DTDs.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { strToU8, zipSync, unzipSync } from "fflate";
import { parseCohort } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_SHEET_LIMITS, readCohortWorkbook } from "../src/index.js";
import type { CellValue } from "../src/table.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";
import { writeXlsx } from "../src/xlsx/write-xlsx.js";
import { WorkbookError } from "../src/xlsx/zip.js";

const all = (): boolean => true;
const read = (data: Uint8Array, limits = DEFAULT_SHEET_LIMITS) => readXlsx(data, limits, all);

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RELS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A workbook from raw parts: one sheet with the given sheetData, and optional extra parts. */
function rawWorkbook(sheetData: string, extra: Record<string, string> = {}, workbookPr = ""): Uint8Array {
  return zipSync({
    "_rels/.rels": strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>',
    ),
    "xl/workbook.xml": strToU8(`<workbook ${MAIN} ${RELS}>${workbookPr}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    "xl/_rels/workbook.xml.rels": strToU8(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/s.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        "</Relationships>",
    ),
    "xl/worksheets/s.xml": strToU8(`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${sheetData}</x:sheetData></x:worksheet>`),
    ...Object.fromEntries(Object.entries(extra).map(([name, text]) => [name, strToU8(text)])),
  });
}

function readError(data: Uint8Array, limits = DEFAULT_SHEET_LIMITS): WorkbookError {
  try {
    read(data, limits);
  } catch (error) {
    if (error instanceof WorkbookError) return error;
    throw error;
  }
  throw new Error("the workbook was read");
}

describe("round trip of cells", () => {
  const text = fc
    .oneof(
      fc.string({ unit: "grapheme", maxLength: 20 }),
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.constantFrom("_x0041_", "a\r\nb", "\u0001\u001f", "<&>\"'", "æøå", "=1+1", " lead", "trail "),
    )
    .filter((s) => s.trim() !== "");
  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.boolean(),
    fc.date({ min: new Date("1900-03-01"), max: new Date("9999-12-31"), noInvalidDate: true }).map((d) => ({ date: d.toISOString().slice(0, 10) })),
    fc.constantFrom({ date: "1899-12-31" }, null),
  );

  it("reads back every cell it wrote", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const bytes = writeXlsx([{ name: "Sheet", header: ["A", "B", "C"], rows }]);
        const table = read(bytes).tables[0];
        const expected = rows
          .map((cells, i) => ({ row: i + 2, cells: cells.map((c) => (typeof c === "object" && c?.date === "1899-12-31" ? "1899-12-31" : c)) }))
          .filter((r) => r.cells.some((c) => c !== null))
          .map((r) => ({ row: r.row, cells: trimTrailingNulls(r.cells) }));
        expect(table?.rows.slice(1).map((r) => ({ row: r.row, cells: trimTrailingNulls([...r.cells]) }))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("writes the same bytes for the same tables", () => {
    const tables = [{ name: "A", header: ["x"], rows: [["y"]] }];
    expect(writeXlsx(tables)).toEqual(writeXlsx(tables));
  });
});

function trimTrailingNulls(cells: CellValue[]): CellValue[] {
  const out = [...cells];
  while (out.length > 0 && out.at(-1) === null) out.pop();
  return out;
}

describe("workbooks of other programs", () => {
  it("reads a workbook written by openpyxl: shared strings, date formats, Norwegian names", async () => {
    const result = await readCohortWorkbook(readFileSync(new URL("fixtures/norsk.xlsx", import.meta.url)));
    expect(result.issues).toEqual([]);
    expect(result.cohort?.programme).toMatchObject({ name: "Romerike 2013", start: "2013-08-19" });
    expect(result.cohort?.programme.gatherings).toEqual([
      { name: "Oppstart", date: "2013-08-19" },
      { name: "Studietur", date: "2014-10-13" },
    ]);
    expect(result.cohort?.members[1]).toEqual({
      id: "lorenskog",
      name: "Lørenskog kommune",
      kind: "municipality",
      location: { lat: 59.9276, lon: 10.9588 },
      specializations: ["vann", "vei"],
      hostCapacity: 1,
      awayCapacity: 1,
    });
    expect(result.cohort?.people?.map((p) => p.role)).toEqual(["supervisor", "supervisor", "mentor"]);
    expect(result.cohort?.rules).toEqual({ allowUnassigned: false });
  });

  it("reads the Romerike template as LibreOffice Calc 7.4 saves it again", async () => {
    // fixtures/libreoffice-romerike-2013.xlsx: examples/romerike-2013.xlsx opened and saved by
    // `soffice --headless --convert-to xlsx` (shared strings, its own styles and date formats).
    const result = await readCohortWorkbook(readFileSync(new URL("fixtures/libreoffice-romerike-2013.xlsx", import.meta.url)));
    expect(result.issues).toEqual([]);
    const romerike: unknown = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8"));
    expect(parseCohort(result.cohort).cohort).toEqual(parseCohort(romerike).cohort);
  });

  it("reads inline strings, formulas' saved values, booleans, errors, rich text and prefixed elements", () => {
    const sheet =
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>in</x:t><x:r><x:t>line</x:t></x:r></x:is></x:c>' +
      '<x:c r="C1"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="D1" t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab</x:v></x:c></x:row>' +
      '<x:row r="3"><x:c r="A3" t="b"><x:v>1</x:v></x:c><x:c r="B3" t="e"><x:v>#N/A</x:v></x:c><x:c r="C3" t="s"><x:v>0</x:v></x:c>' +
      '<x:c r="D3" s="1"><x:v>0</x:v></x:c></x:row>';
    const sharedStrings = `<sst ${MAIN}><si><r><t>rich</t></r><r><t xml:space="preserve"> text</t></r><rPh><t>ignored</t></rPh></si></sst>`;
    const styles = `<styleSheet ${MAIN}><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const bytes = rawWorkbook(sheet, { "xl/sharedStrings.xml": sharedStrings, "xl/styles.xml": styles }, '<workbookPr date1904="1"/>');
    expect(read(bytes).tables[0]?.rows).toEqual([
      { row: 1, cells: ["inline", null, 2, "ab"] },
      { row: 3, cells: [true, "#N/A", "rich text", { date: "1904-01-01" }] },
    ]);
  });

  it("reads custom date formats as dates, but not other number formats", () => {
    const styles =
      `<styleSheet ${MAIN}><numFmts><numFmt numFmtId="164" formatCode="d/m/yyyy"/><numFmt numFmtId="165" formatCode="0.00&quot; days&quot;"/></numFmts>` +
      '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>';
    const bytes = rawWorkbook('<x:row r="1"><x:c r="A1" s="1"><x:v>41505</x:v></x:c><x:c r="B1" s="2"><x:v>3</x:v></x:c></x:row>', {
      "xl/styles.xml": styles,
    });
    expect(read(bytes).tables[0]?.rows[0]?.cells).toEqual([{ date: "2013-08-19" }, 3]);
  });
});

describe("untrusted workbooks", () => {
  it("refuses a file over the byte limit before unpacking it", () => {
    const bytes = writeXlsx([{ name: "A", header: ["x"], rows: [] }]);
    expect(readError(bytes, { ...DEFAULT_SHEET_LIMITS, maxBytes: 100 })).toMatchObject({ code: "too_large" });
  });

  it("refuses a file that is no workbook, or an old .xls", () => {
    expect(readError(strToU8("Id,Name\nt1,Kari\n"))).toMatchObject({ code: "invalid_file", message: "the file is not an XLSX workbook" });
    expect(readError(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).toMatchObject({ message: expect.stringContaining(".xls") });
    const truncated = writeXlsx([{ name: "A", header: ["x"], rows: [] }]).slice(0, 200);
    expect(readError(truncated)).toMatchObject({ code: "invalid_file" });
  });

  it("refuses a ZIP bomb: a part that unpacks to far more than the file", () => {
    const bomb = zipSync({ "xl/workbook.xml": new Uint8Array(30 * 1024 * 1024).fill(32) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(readError(bomb)).toMatchObject({ code: "too_large" });
  });

  it("refuses a part whose declared size is forged, without allocating it", () => {
    const bytes = writeXlsx([{ name: "A", header: ["x"], rows: [] }]);
    const forged = forgeUncompressedSizes(bytes, 0xfffffff0);
    expect(readError(forged)).toMatchObject({ code: "too_large" });
  });

  it("refuses a document type declaration (no entity expansion)", () => {
    const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>';
    const bytes = rawWorkbook("", { "xl/workbook.xml": `${laughs}<workbook ${MAIN}><sheets/></workbook>` });
    expect(readError(bytes)).toMatchObject({ code: "invalid_file", message: expect.stringContaining("document type") });
  });

  it("refuses malformed XML", () => {
    expect(readError(rawWorkbook("<x:row><x:c></x:row>"))).toMatchObject({ code: "invalid_file" });
  });

  it("refuses more sheets than the limit", () => {
    const tables = Array.from({ length: 4 }, (_, i) => ({ name: `S${i}`, header: ["x"], rows: [] }));
    expect(readError(writeXlsx(tables), { ...DEFAULT_SHEET_LIMITS, maxSheets: 3 })).toMatchObject({ code: "too_large" });
  });

  it("stops reading a sheet after maxRows rows, and ignores cells beyond the widest column read", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [i]);
    const limited = read(writeXlsx([{ name: "A", header: ["x"], rows }]), { ...DEFAULT_SHEET_LIMITS, maxRows: 5 });
    expect(limited.tables[0]?.rows).toHaveLength(5);
    expect(limited.problems).toEqual([{ table: "A", row: null, code: "too_many_rows", message: "the sheet has more than 5 rows" }]);
    const wide = read(rawWorkbook('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="XFD1"><x:v>2</x:v></x:c></x:row>'));
    expect(wide.tables[0]?.rows).toEqual([{ row: 1, cells: [1] }]);
    expect(wide.problems[0]).toMatchObject({ code: "too_many_columns", row: 1 });
  });

  it("reads only the sheets asked for", () => {
    const bytes = writeXlsx([
      { name: "Keep", header: ["x"], rows: [] },
      { name: "Skip", header: ["y"], rows: [] },
    ]);
    const content = readXlsx(bytes, DEFAULT_SHEET_LIMITS, (name) => name === "Keep");
    expect(content.sheetNames).toEqual(["Keep", "Skip"]);
    expect(content.tables.map((t) => t.name)).toEqual(["Keep"]);
  });
});

/** The workbook with every entry's uncompressed size in the central directory set to `size`. */
function forgeUncompressedSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i += 1) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  expect(Object.keys(unzipSync(zip)).length).toBeGreaterThan(0);
  return out;
}
