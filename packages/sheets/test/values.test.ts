/** Cells to values: numbers, dates, lists, booleans and enum words as spreadsheet users write them. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateToSerial, formatList, parseList, parseNumber, readValue, serialToDate } from "../src/values.js";

describe("numbers", () => {
  it.each([
    ["12", 12],
    ["-3.5", -3.5],
    ["0,1", 0.1],
    [" 1 000 ", 1000],
    ["1\u00a0000,5", 1000.5],
    ["1e3", 1000],
    [".5", 0.5],
  ])("reads %j as %d", (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(["", "abc", "1,2,3", "1.2.3", "12 kr", "Infinity", "1 00"])("refuses %j", (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });

  it("reports text that is no number in a number column", () => {
    expect(readValue("two", { type: "count" })).toEqual({ ok: false, code: "invalid_number", message: "'two' is not a number" });
  });
});

describe("dates", () => {
  it("reads ISO dates, Norwegian dates, date cells and serial numbers", () => {
    const read = (cell: Parameters<typeof readValue>[0]) => readValue(cell, { type: "date" });
    expect(read("2013-08-19")).toEqual({ ok: true, value: "2013-08-19" });
    expect(read("19.8.2013")).toEqual({ ok: true, value: "2013-08-19" });
    expect(read({ date: "2013-08-19" })).toEqual({ ok: true, value: "2013-08-19" });
    expect(read(41505)).toEqual({ ok: true, value: "2013-08-19" });
    expect(read("08/19/2013")).toMatchObject({ ok: false, code: "invalid_date" });
  });

  it("converts serial numbers both ways in the 1900 system, and reads the 1904 system", () => {
    expect(serialToDate(1, false)).toBe("1900-01-01");
    expect(serialToDate(59, false)).toBe("1900-02-28");
    expect(serialToDate(61, false)).toBe("1900-03-01");
    expect(serialToDate(0, true)).toBe("1904-01-01");
    expect(serialToDate(41505.75, false)).toBe("2013-08-19");
    fc.assert(
      fc.property(fc.date({ min: new Date("1900-03-01"), max: new Date("9999-12-31"), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        expect(serialToDate(dateToSerial(iso), false)).toBe(iso);
      }),
    );
  });
});

describe("lists", () => {
  it("splits on commas and semicolons, trims, drops empty entries and reads quoted entries", () => {
    expect(parseList("water, roads;planning ,")).toEqual(["water", "roads", "planning"]);
    expect(parseList('"Vei, gate", "say ""hi""" , x')).toEqual(["Vei, gate", 'say "hi"', "x"]);
    expect(parseList("")).toEqual([]);
  });

  it("writes entries so that they read back the same", () => {
    expect(formatList(["water", "a, b", " pad"])).toBe('water, "a, b", " pad"');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 8 }), { maxLength: 6 }), (items) => {
        expect(parseList(formatList(items))).toEqual(items);
      }),
    );
  });
});

describe("booleans and enum words", () => {
  it("reads yes/no words in English and Norwegian, and leaves other text for the core to refuse", () => {
    for (const [cell, value] of [["ja", true], ["NEI", false], [true, true], ["1", true], ["maybe", "maybe"]] as const) {
      expect(readValue(cell, { type: "boolean" })).toEqual({ ok: true, value });
    }
  });

  it("reads enum values in any case and their Norwegian words", () => {
    const at = { type: "enum" as const, values: ["host", "away"], valueAliases: { vert: "host", borte: "away" } };
    expect(readValue(" Host ", at)).toEqual({ ok: true, value: "host" });
    expect(readValue("Borte", at)).toEqual({ ok: true, value: "away" });
    expect(readValue("somewhere", at)).toEqual({ ok: true, value: "somewhere" });
  });
});
