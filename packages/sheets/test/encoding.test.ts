/**
 * CSV files as bytes: UTF-8 with and without a byte order mark, Windows-1252 (Excel's plain
 * "CSV (semikolondelt)"), UTF-16 (Excel's "Unicode text", tab-separated) all read to the same
 * cohort, and files whose encoding cannot be told for sure refused with a message naming the
 * fix, never imported garbled.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv, writeCsv } from "../src/csv/csv.js";
import { decodeCsvBytes } from "../src/csv/decode.js";
import { formatSheetIssue } from "../src/format-issue.js";
import { readCohortCsv, readCohortCsvBytes } from "../src/read/import.js";
import { cellText } from "../src/table.js";
import { parseCohort } from "@rotamatch/core/format";

const folder = join(import.meta.dirname, "../../../examples/romerike-2013-csv");
/** The template's CSV files as text, without their byte order mark. */
const texts: Record<string, string> = Object.fromEntries(
  readdirSync(folder)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => [name, readFileSync(join(folder, name), "utf8").replace(/^\uFEFF/, "")]),
);
const expected = readCohortCsv(texts);

/** Windows-1252's bytes for a text, from the platform's own decoder (every byte decodes to one character). */
const windows1252 = (() => {
  const decoder = new TextDecoder("windows-1252");
  const byChar = new Map<string, number>();
  // Streaming: Node 20's one-shot decode of windows-1252 is ISO-8859-1 (see src/csv/decode.ts).
  for (let byte = 0; byte < 256; byte += 1) byChar.set(decoder.decode(new Uint8Array([byte]), { stream: true }), byte);
  return (text: string): Uint8Array =>
    Uint8Array.from([...text], (ch) => {
      const byte = byChar.get(ch);
      if (byte === undefined) throw new Error(`${ch} is not in Windows-1252`);
      return byte;
    });
})();

const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16le = (text: string) => new Uint8Array(Buffer.from(text, "utf16le"));
const utf16be = (text: string) => new Uint8Array(Buffer.from(text, "utf16le").swap16());
const withBytes = (prefix: number[], bytes: Uint8Array) => Uint8Array.from([...prefix, ...bytes]);

/** Every file of the template in one encoding, its separator changed first. */
function encodeAll(encode: (text: string) => Uint8Array, separator: "," | ";" | "\t"): Record<string, Uint8Array> {
  return Object.fromEntries(
    Object.entries(texts).map(([name, text]) => {
      const parsed = parseCsv(text, 1000);
      if (!parsed.ok) throw new Error(parsed.message);
      const [header, ...rows] = parsed.rows.map((row) => row.cells);
      const table = { name, header: (header ?? []).map((cell) => (cell === null ? "" : cellText(cell))), rows };
      // writeCsv knows "," and ";"; a tab-separated file is a ";" one with its separators swapped.
      const written = writeCsv(table, { bom: false, delimiter: separator === "\t" ? ";" : separator });
      return [name, encode(separator === "\t" ? written.replaceAll(";", "\t") : written)];
    }),
  );
}

describe("CSV files as bytes", () => {
  it("the template reads, and holds Norwegian letters to get right", () => {
    expect(expected.ok).toBe(true);
    expect(JSON.stringify(expected.cohort)).toMatch(/[æøåÆØÅ]/);
  });

  it.each([
    ["UTF-8 with a byte order mark (Excel's CSV UTF-8)", (t: string) => withBytes([0xef, 0xbb, 0xbf], utf8(t)), ","],
    ["UTF-8 without a byte order mark", utf8, ","],
    ["Windows-1252 with ; (Excel's CSV (semikolondelt))", windows1252, ";"],
    ["UTF-16LE with a byte order mark, tab-separated (Excel's Unicode text)", (t: string) => withBytes([0xff, 0xfe], utf16le(t)), "\t"],
    ["UTF-16BE with a byte order mark", (t: string) => withBytes([0xfe, 0xff], utf16be(t)), ","],
    ["UTF-16LE without a byte order mark", utf16le, "\t"],
  ] as const)("reads %s to the same cohort", (_, encode, separator) => {
    const read = readCohortCsvBytes(encodeAll(encode, separator));
    expect(read.issues).toEqual([]);
    expect(read.cohort).toEqual(expected.cohort);
  });

  it("decodes Windows-1252 letters as the letters they are", () => {
    const decoded = decodeCsvBytes(windows1252("Id;Navn\r\nlorenskog;Lørenskog kommune; Jørgen Løken; ÆØÅ æøå é – €\r\n"));
    expect(decoded).toEqual({ ok: true, encoding: "windows-1252", text: "Id;Navn\r\nlorenskog;Lørenskog kommune; Jørgen Løken; ÆØÅ æøå é – €\r\n" });
  });

  it.each([
    ["UTF-8 holding U+FFFD (garbled on an earlier save)", utf8("Id,Name\r\nx,L\uFFFDrenskog\r\n"), /\uFFFD/],
    ["DOS code page 850 (ø is › in Windows-1252)", Uint8Array.from([...utf8("Id,Name\r\nx,L"), 0x9b, ...utf8("renskog\r\n")]), /'›'/],
    ["a byte Windows-1252 leaves unassigned (0x81)", Uint8Array.from([...utf8("Id,Name\r\nx,L"), 0x81, ...utf8("\r\n")]), /U\+0081/],
    ["Mac Roman (å is Œ in Windows-1252)", Uint8Array.from([...utf8("Id,Name\r\nx,"), 0x8c, ...utf8("s\r\n")]), /'Œ'/],
    ["binary data", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0xff, 0x10]), /control character/],
    ["UTF-16LE with an unpaired surrogate", withBytes([0xff, 0xfe], Uint8Array.from([0x41, 0x00, 0x00, 0xd8, 0x42, 0x00])), /UTF-16LE/],
    ["UTF-8 with a byte order mark and then Windows-1252 bytes", withBytes([0xef, 0xbb, 0xbf], windows1252("Id,Name\r\nx,Lørenskog\r\n")), /UTF-8/],
  ])("refuses %s, saying how to save it", (_, bytes, reason) => {
    const decoded = decodeCsvBytes(bytes);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.message).toMatch(reason);
    expect(decoded.message).toContain("CSV UTF-8");
  });

  it("refuses a garbled file as an invalid_encoding issue on its sheet, in English and Norwegian", () => {
    const files = encodeAll(utf8, ",");
    files["members.csv"] = Uint8Array.from([...utf8("Id;Name;Host capacity;Away capacity\r\nx;L"), 0x9b, ...utf8("renskog;1;1\r\n")]);
    const read = readCohortCsvBytes(files);
    expect(read.ok).toBe(false);
    const issue = read.issues.find((i) => i.code === "invalid_encoding");
    expect(issue).toMatchObject({ sheet: "Members", row: null, column: null });
    expect(formatSheetIssue(issue!, "en")).toMatch(/^Members: members\.csv cannot be read safely: .*save it as "CSV UTF-8"/);
    expect(formatSheetIssue(issue!, "nb")).toMatch(/^Medlemmer: members\.csv kan ikke leses sikkert: .*lagre den som «CSV UTF-8»/);
    expect(formatSheetIssue(issue!, "nb")).not.toMatch(/ the | it /);
  });

  it("refuses text that was decoded with U+FFFD before it got here (readCohortCsv)", () => {
    const read = readCohortCsv({ ...texts, "members.csv": (texts["members.csv"] as string).replace("ø", "\uFFFD") });
    expect(read.ok).toBe(false);
    expect(read.issues.map((i) => [i.code, i.sheet])).toEqual([["invalid_encoding", "Members"]]);
  });

  it("does not decode files that are no cohort sheet", () => {
    const read = readCohortCsvBytes({ ...encodeAll(utf8, ","), "notes.csv": Uint8Array.from([0x81, 0x00, 0x9b]) });
    expect(read.ok).toBe(true);
  });

  it("counts bytes against the size limit", () => {
    const files = encodeAll(utf8, ",");
    const total = Object.values(files).reduce((sum, b) => sum + b.length, 0);
    const read = readCohortCsvBytes(files, { maxBytes: total - 1 });
    expect(read.issues.map((i) => i.code)).toEqual(["too_large"]);
    expect(read.issues[0]?.message).toContain("bytes");
  });

  it("gives a cohort the core accepts", () => {
    const read = readCohortCsvBytes(encodeAll(windows1252, ";"));
    expect(parseCohort(read.cohort).ok).toBe(true);
  });
});
