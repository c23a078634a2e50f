/**
 * OpenDocument spreadsheets (.ods): LibreOffice's own files read into the same tables and the
 * same cohort as the XLSX template, every kind of cell (repeated rows and columns, dates,
 * decimals, formulas, merged cells, notes), and untrusted files refused under the XLSX
 * reader's caps: unpacked size, sheets, rows, columns, DTDs.
 */
import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { parseCohort } from "@rotamatch/core/format";
import { describe, expect, it } from "vitest";
import { formatSheetIssue } from "../src/format-issue.js";
import { readCohortWorkbook } from "../src/read/import.js";
import { readWorkbookFile } from "../src/read/workbook-file.js";
import { DEFAULT_SHEET_LIMITS } from "../src/types.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";
import { odsContent, writeOds, type OdsSheet } from "./fixtures/ods.js";

const template = new Uint8Array(readFileSync(new URL("../../../examples/romerike-2013.xlsx", import.meta.url)));
const all = (): boolean => true;
const read = (data: Uint8Array, limits = DEFAULT_SHEET_LIMITS) => readWorkbookFile(data, limits, all);

/** The template's sheets as LibreOffice would save them as .ods. */
function templateAsOds(): Uint8Array {
  const sheets: OdsSheet[] = readXlsx(template, DEFAULT_SHEET_LIMITS, all).tables.map((table) => {
    const rows: (typeof table.rows)[number]["cells"][] = [];
    for (const row of table.rows) {
      while (rows.length < row.row - 1) rows.push([]);
      rows.push(row.cells);
    }
    return { name: table.name, rows };
  });
  return writeOds(sheets);
}

/** What reading throws, as { code, message }. */
function readError(data: Uint8Array, limits = DEFAULT_SHEET_LIMITS): { code: string; message: string } {
  try {
    read(data, limits);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error("the file was read");
}

describe("reading .ods", () => {
  it("reads the template saved as .ods to the same cohort as the XLSX template", async () => {
    const fromXlsx = await readCohortWorkbook(template);
    const fromOds = await readCohortWorkbook(templateAsOds());
    expect(fromXlsx.ok).toBe(true);
    expect(fromOds.issues).toEqual([]);
    expect(fromOds.cohort).toEqual(fromXlsx.cohort);
    expect(parseCohort(fromOds.cohort).ok).toBe(true);
  });

  it("gives the same tables as the XLSX reader, row numbers included", () => {
    const fromXlsx = readXlsx(template, DEFAULT_SHEET_LIMITS, all);
    const fromOds = read(templateAsOds());
    expect(fromOds.sheetNames).toEqual(fromXlsx.sheetNames);
    expect(fromOds.tables).toEqual(fromXlsx.tables);
    expect(fromOds.problems).toEqual([]);
  });

  it("reads each kind of cell as LibreOffice writes it", () => {
    const cell = (xml: string) => `<table:table-row>${xml}<table:table-cell table:number-columns-repeated="1020"/></table:table-row>`;
    const content = odsContent([]).replace(
      "<table:named-expressions/>",
      `<table:table table:name="S">` +
        `<table:table-header-rows>${cell('<table:table-cell office:value-type="string"><text:p>Id</text:p></table:table-cell>')}</table:table-header-rows>` +
        `<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` +
        cell(
          '<table:table-cell office:value-type="float" office:value="59.9276" calcext:value-type="float"><text:p>59,9276</text:p></table:table-cell>' +
            '<table:table-cell office:value-type="date" office:date-value="2013-08-19T00:00:00" calcext:value-type="date"><text:p>19.08.13</text:p></table:table-cell>' +
            '<table:table-cell table:formula="of:=[.A5]*2" office:value-type="float" office:value="119.8552" calcext:value-type="float"><text:p>119,86</text:p></table:table-cell>' +
            '<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1" calcext:value-type="float"><text:p>1</text:p></table:table-cell>' +
            '<table:table-cell office:value-type="boolean" office:boolean-value="false"><text:p>USANN</text:p></table:table-cell>' +
            '<table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25 %</text:p></table:table-cell>',
        ) +
        `<table:table-row-group>${cell(
          '<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>Vei,<text:s/>gate <text:s text:c="2"/>og<text:tab/>vann</text:p><text:p>linje <text:span>to</text:span></text:p></table:table-cell>' +
            '<table:covered-table-cell office:value-type="string"><text:p>hidden</text:p></table:covered-table-cell>' +
            '<table:table-cell office:value-type="string"><office:annotation><text:p>a note</text:p></office:annotation><text:p>with a note</text:p></table:table-cell>' +
            '<table:table-cell table:formula="of:=&quot;x&quot;" office:value-type="string" office:string-value="x" calcext:value-type="string"><text:p>x</text:p></table:table-cell>' +
            '<table:table-cell office:value-type="time" office:time-value="PT12H30M"><text:p>12:30</text:p></table:table-cell>',
        )}</table:table-row-group>` +
        `<table:table-row table:number-rows-repeated="2">${'<table:table-cell office:value-type="string"><text:p>twice</text:p></table:table-cell>'}</table:table-row>` +
        `</table:table><table:named-expressions/>`,
    );
    const sheet = read(writeOds(content)).tables[0];
    expect(sheet?.name).toBe("S");
    expect(sheet?.rows).toEqual([
      { row: 1, cells: ["Id"] },
      { row: 5, cells: [59.9276, { date: "2013-08-19" }, 119.8552, 1, 1, false, 0.25] },
      { row: 6, cells: ["Vei, gate   og\tvann\nlinje to", null, "with a note", "x", "12:30"] },
      { row: 7, cells: ["twice"] },
      { row: 8, cells: ["twice"] },
    ]);
  });

  it("reads the sheets asked for only, and lists every sheet's name", () => {
    const sheets = [
      { name: "Keep", rows: [["x"]] },
      { name: "Skip", rows: [["y"]] },
    ];
    const content = readWorkbookFile(writeOds(sheets), DEFAULT_SHEET_LIMITS, (name) => name === "Keep");
    expect(content.sheetNames).toEqual(["Keep", "Skip"]);
    expect(content.tables.map((t) => t.name)).toEqual(["Keep"]);
  });

  it("reads Norwegian sheets and headers with decimal numbers and date cells", async () => {
    const read = await readCohortWorkbook(
      writeOds([
        { name: "Program", rows: [["Innstilling", "Verdi"], ["Navn", "Romerike"], ["Oppstart", { date: "2013-08-19" }]] },
        { name: "Perioder", rows: [["Id", "Måneder", "Sted"], ["del-1", 6, "vert"], ["del-2", { formula: "of:=[.B2]", value: 6 }, "borte"]] },
        {
          name: "Medlemmer",
          rows: [
            ["Id", "Navn", "Breddegrad", "Lengdegrad", "Spesialiseringer", "Vertskapasitet", "Bortekapasitet"],
            ["skedsmo", "Skedsmo kommune", 59.956, 11.05, "vann", 2, 1],
            ["lorenskog", "Lørenskog kommune", 59.9276, 10.9588, "vann", 1, 1],
          ],
        },
        { name: "Traineer", rows: [["Id", "Navn", "Spesialisering", "Vert"], ["t1", "Jørgen Løken", "vann", "skedsmo"]] },
      ]),
    );
    expect(read.issues).toEqual([]);
    expect(read.cohort).toMatchObject({
      programme: { name: "Romerike", start: "2013-08-19", periods: [{ id: "del-1", months: 6, at: "host" }, { id: "del-2", months: 6, at: "away" }] },
      members: [{ id: "skedsmo", location: { lat: 59.956, lon: 11.05 } }, { id: "lorenskog", name: "Lørenskog kommune" }],
      trainees: [{ id: "t1", name: "Jørgen Løken", host: "skedsmo" }],
    });
  });
});

describe("untrusted .ods files", () => {
  it("refuses a file over the byte limit", () => {
    expect(readError(templateAsOds(), { ...DEFAULT_SHEET_LIMITS, maxBytes: 1000 })).toMatchObject({ code: "too_large" });
  });

  it("refuses a ZIP bomb: content.xml that unpacks to far more than the file", () => {
    const bomb = writeOds("", { "content.xml": [new Uint8Array(30 * 1024 * 1024).fill(32), { level: 9 }] });
    expect(bomb.length).toBeLessThan(100_000);
    expect(readError(bomb)).toMatchObject({ code: "too_large" });
  });

  it("refuses a document type declaration (no entity expansion)", () => {
    const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>';
    const content = odsContent([{ name: "S", rows: [["&lol2;"]] }]).replace("\n", `\n${laughs}`).replace("&amp;lol2;", "&lol2;");
    expect(readError(writeOds(content))).toMatchObject({ code: "invalid_file", message: expect.stringContaining("document type") });
  });

  it("refuses malformed XML, a missing content.xml, a password and another OpenDocument kind", () => {
    expect(readError(writeOds("<office:document-content><table:table>"))).toMatchObject({ code: "invalid_file" });
    const noContent = zipSync({ mimetype: [strToU8("application/vnd.oasis.opendocument.spreadsheet"), { level: 0 }] });
    expect(readError(noContent)).toMatchObject({ code: "invalid_file", message: expect.stringContaining("content.xml") });
    const locked = writeOds("not xml: encrypted", { "META-INF/manifest.xml": strToU8("<manifest><manifest:encryption-data/></manifest>") });
    expect(readError(locked)).toMatchObject({ code: "invalid_file", message: expect.stringContaining("password") });
    const text = writeOds("<office:document-content/>", {}, "application/vnd.oasis.opendocument.text");
    expect(readError(text)).toMatchObject({ code: "invalid_file", message: "the file is an OpenDocument file but a text document (.odt), not a spreadsheet (.ods)" });
  });

  it("refuses more sheets than the limit", () => {
    const sheets = Array.from({ length: 4 }, (_, i) => ({ name: `S${i}`, rows: [["x"]] }));
    expect(readError(writeOds(sheets), { ...DEFAULT_SHEET_LIMITS, maxSheets: 3 })).toMatchObject({ code: "too_large" });
  });

  it("stops a sheet after maxRows rows, repeated rows counted one by one, and reports cells beyond the widest column", () => {
    const content = odsContent([{ name: "A", rows: [["x"]] }]).replace(
      '<table:table-row table:style-name="ro1" table:number-rows-repeated="1048575">',
      '<table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="1">',
    );
    const limited = read(writeOds(content), { ...DEFAULT_SHEET_LIMITS, maxRows: 5 });
    expect(limited.tables[0]?.rows).toEqual([{ row: 1, cells: ["x"] }, ...[2, 3, 4, 5].map((row) => ({ row, cells: [1] }))]);
    expect(limited.problems).toEqual([{ table: "A", row: null, code: "too_many_rows", message: "the sheet has more than 5 rows" }]);
    const wide = read(
      writeOds(
        odsContent([{ name: "W", rows: [] }]).replace(
          '<table:table-row table:style-name="ro1"',
          '<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="100000000"/></table:table-row><table:table-row',
        ),
      ),
    );
    expect(wide.tables[0]?.rows[0]?.cells).toHaveLength(256);
    expect(wide.problems[0]).toMatchObject({ code: "too_many_columns", row: 1 });
  });

  it("reports a file it cannot read as an issue, in English and Norwegian", async () => {
    const result = await readCohortWorkbook(writeOds("<office:document-content/>", {}, "application/vnd.oasis.opendocument.presentation"));
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => formatSheetIssue(i, "nb"))).toEqual(["filen er en OpenDocument-fil, men en presentasjon (.odp), ikke et regneark (.ods)"]);
  });
});
