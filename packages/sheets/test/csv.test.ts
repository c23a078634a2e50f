/** CSV text: quoting, separators, the byte order mark, formula-injection safety and exact round trips. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv, writeCsv } from "../src/csv/csv.js";
import type { CellValue } from "../src/table.js";

const table = (rows: CellValue[][], header = ["A", "B"]) => ({ name: "T", header, rows });

function parsed(text: string, maxRows = 1000) {
  const result = parseCsv(text, maxRows);
  if (!result.ok) throw new Error(result.message);
  return result.rows;
}

describe("writing CSV", () => {
  it("starts with a byte order mark, ends lines with CRLF and quotes what needs it", () => {
    const text = writeCsv(table([["Lørenskog, kommune", 'say "hi"'], ["two\nlines", null]]));
    expect(text).toBe('\uFEFFA,B\r\n"Lørenskog, kommune","say ""hi"""\r\n"two\nlines",\r\n');
  });

  it("leaves the byte order mark out when asked", () => {
    expect(writeCsv(table([]), { bom: false })).toBe("A,B\r\n");
  });

  it("with ; separates by semicolons and writes decimal commas, leaving commas in text unquoted", () => {
    expect(writeCsv(table([[0.1, "a, b"], [-3.5, "c;d"]]), { delimiter: ";", bom: false })).toBe('A;B\r\n0,1;a, b\r\n-3,5;"c;d"\r\n');
  });

  it.each(["=1+1", "+47 123", "-x", "@SUM(A1)", "\tx", "\rx", "'quoted"])("puts a ' before text starting like a formula: %j", (text) => {
    const line = writeCsv(table([[text, null]]), { bom: false }).split("\r\n")[1] as string;
    expect(line.replace(/^"/, "").startsWith(`'${text[0]}`)).toBe(true);
  });

  it("keeps negative numbers as numbers, and dates and booleans as they are", () => {
    const text = writeCsv(table([[-12.5, { date: "2013-08-19" }], [true, -1]]), { bom: false });
    expect(text).toBe("A,B\r\n-12.5,2013-08-19\r\ntrue,-1\r\n");
  });
});

describe("reading CSV", () => {
  it("reads quoted fields, CRLF and LF lines, and skips blank lines while counting them as rows", () => {
    const rows = parsed('\uFEFFId,Name\r\n\r\nt1,"Berg, Ola"\nt2,"multi\nline"\n');
    expect(rows).toEqual([
      { row: 1, cells: ["Id", "Name"] },
      { row: 3, cells: ["t1", "Berg, Ola"] },
      { row: 4, cells: ["t2", "multi\nline"] },
    ]);
  });

  it("finds the separator from the first line", () => {
    expect(parsed("Id;Navn\nt1;Kari, N.\n")).toEqual([
      { row: 1, cells: ["Id", "Navn"] },
      { row: 2, cells: ["t1", "Kari, N."] },
    ]);
  });

  it("reads empty cells as empty", () => {
    expect(parsed("a,b,c\n1,, \n")[1]?.cells).toEqual(["1", null, null]);
  });

  it("reports a quote that is never closed", () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n', 10)).toEqual({ ok: false, row: 2, message: expect.stringContaining("never closed") });
  });

  it("stops after maxRows rows", () => {
    expect(parseCsv("a\n1\n2\n3\n", 3)).toMatchObject({ ok: false, message: "has more than 3 rows" });
    expect(parseCsv("a\n1\n2\n", 3).ok).toBe(true);
  });
});

describe("round trip", () => {
  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => s.trim() !== ""),
    fc.constantFrom("=cmd|' /C calc'!A0", "+1", "-1", "@x", "'", "''=", "a,b", 'q"q', "a;b", "æøå ÆØÅ", " space "),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.constant(null),
  );

  it("reads back exactly what it wrote, with either separator", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 5 }), fc.constantFrom(",", ";"), (rows, delimiter) => {
        const text = writeCsv(table(rows), { delimiter: delimiter as "," | ";" });
        const back = parsed(text).slice(1).map((r) => r.cells);
        const expected = rows
          .filter((r) => r.some((c) => c !== null))
          .map((r) => r.map((c) => (c === null ? null : typeof c === "number" ? String(c).replace(".", delimiter === ";" ? "," : ".") : c)));
        expect(back).toEqual(expected);
      }),
    );
  });
});
