/**
 * Bad input never crashes the new ways in: any bytes as a CSV file, any content.xml in an .ods
 * file, any cell of the template changed to anything: each gives issues with a stable code
 * (and, for the cohort's own checks, a path and a place), never an exception, and text that is
 * let through is never garbled.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "../src/csv/decode.js";
import { MAX_CELL_CHARS } from "../src/read/cohort-from-tables.js";
import { readWorkbookFile } from "../src/read/workbook-file.js";
import { readCohortCsv, readCohortCsvBytes, readCohortWorkbook } from "../src/read/import.js";
import { DEFAULT_SHEET_LIMITS, SHEET_ISSUE_CODES } from "../src/types.js";
import { ISSUE_CODES } from "@rotamatch/core/format";
import { odsContent, writeOds } from "./fixtures/ods.js";

const folder = join(import.meta.dirname, "../../../examples/romerike-2013-csv");
const template: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(folder)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => [name, readFileSync(join(folder, name), "utf8")]),
);
const knownCode = (code: string) => (SHEET_ISSUE_CODES as readonly string[]).includes(code) || (ISSUE_CODES as readonly string[]).includes(code);

describe("files in, under arbitrary input", () => {
  it("decodes any bytes to clean text or refuses them with the fix, never throwing", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const decoded = decodeCsvBytes(bytes);
        if (decoded.ok) expect(decoded.text).not.toMatch(/[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
        else expect(decoded.message).toContain("CSV UTF-8");
      }),
      { numRuns: 500 },
    );
  });

  it("reads any text encoded as UTF-8 or UTF-16 back as that text (Windows-1252: encoding.test.ts)", () => {
    const latin = fc.string({ unit: fc.constantFrom(..."abcæøåÆØÅé;,\"\r\n 12-–€".split("")), maxLength: 80 });
    fc.assert(
      fc.property(latin, (text) => {
        const utf8 = decodeCsvBytes(new TextEncoder().encode(text));
        expect(utf8).toMatchObject({ ok: true, text });
        const utf16 = decodeCsvBytes(Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")]));
        expect(utf16).toMatchObject({ ok: true, text });
      }),
      { numRuns: 200 },
    );
  });

  it("turns any set of CSV bytes into issues with known codes", () => {
    const names = fc.constantFrom("members.csv", "trainees.csv", "periods.csv", "programme.csv", "pins.csv", "x.csv");
    fc.assert(
      fc.property(fc.dictionary(names, fc.uint8Array({ maxLength: 200 }), { maxKeys: 6 }), (files) => {
        const read = readCohortCsvBytes(files);
        for (const issue of read.issues) expect(knownCode(issue.code), issue.code).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("turns any content.xml of an .ods file into a cohort or issues, never an exception", async () => {
    const pieces = fc.constantFrom(
      '<table:table table:name="Members">',
      '<table:table table:name="Trainees">',
      "</table:table>",
      '<table:table-row table:number-rows-repeated="3">',
      "</table:table-row>",
      '<table:table-cell office:value-type="float" office:value="1e400" table:number-columns-repeated="999999">',
      '<table:table-cell office:value-type="date" office:date-value="2013-13-45">',
      '<table:table-cell office:value-type="string">',
      "</table:table-cell>",
      "<table:covered-table-cell/>",
      "<text:p>Id</text:p>",
      '<text:p>x<text:s text:c="-5"/>y</text:p>',
      "<office:annotation><text:p>n</text:p></office:annotation>",
      "&amp;",
      "<",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { maxLength: 30 }), async (parts) => {
        const content = odsContent([]).replace("<table:named-expressions/>", parts.join(""));
        const read = await readCohortWorkbook(writeOds(content));
        for (const issue of read.issues) expect(knownCode(issue.code), issue.code).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("reports any edit of a template cell as located issues with known codes, and never throws", () => {
    const files = Object.keys(template).sort();
    const edit = fc.record({
      file: fc.constantFrom(...files),
      line: fc.nat({ max: 20 }),
      field: fc.nat({ max: 9 }),
      value: fc.oneof(fc.constantFrom("", "-1", "abc", "0", "1e9", "host", "Skedsmo kommune", "SKEDSMO", "t1", "2013-02-30", "\"", ";"), fc.string({ maxLength: 8 })),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const changed: Record<string, string> = { ...template };
        for (const { file, line, field, value } of edits) {
          const lines = (changed[file] ?? "").split("\r\n");
          const at = Math.min(line, lines.length - 1);
          const cells = (lines[at] ?? "").split(",");
          cells[Math.min(field, cells.length - 1)] = value;
          lines[at] = cells.join(",");
          changed[file] = lines.join("\r\n");
        }
        const read = readCohortCsv(changed);
        for (const issue of read.issues) {
          expect(knownCode(issue.code), issue.code).toBe(true);
          expect(issue.message).not.toContain("\u0000");
        }
      }),
      { numRuns: 150 },
    );
  });

  it("keeps a cell's text within the cell limit however many spaces text:s asks for", async () => {
    // 40 elements of 23 bytes ask for 40,000 spaces: past the limit, the rest is dropped as it is read.
    const spaces = '<text:s text:c="1000"/>'.repeat(40);
    const content = odsContent([{ name: "Trainees", rows: [["Id", "Name", "Specialization"], ["t1", "x", "water"]] }]).replace("<text:p>x</text:p>", `<text:p>x${spaces}</text:p>`);
    const table = readWorkbookFile(writeOds(content), DEFAULT_SHEET_LIMITS, () => true).tables[0];
    expect((table?.rows[1]?.cells[1] as string).length).toBe(MAX_CELL_CHARS + 1);
    const read = await readCohortWorkbook(writeOds(content));
    expect(read.issues.find((i) => i.code === "cell_too_long")).toMatchObject({ sheet: "Trainees", row: 2, column: "Name" });
  });
});
