/**
 * rotamatch import and export with the files a Norwegian working group has: a folder of CSV
 * files saved by Excel in Windows-1252 or as "Unicode text" (UTF-16, tabs), refused when the
 * encoding cannot be told for sure, and LibreOffice's .ods workbooks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { solveCohort, type CohortInput } from "@rotamatch/core";
import { readCohortCsv } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { writeOds } from "../../sheets/test/fixtures/ods.js";
import { EXIT } from "../src/run.js";
import { cli, type FakeFiles } from "./fixtures/fake-io.js";

const folder = new URL("../../../examples/romerike-2013-csv/", import.meta.url).pathname;
const texts: Record<string, string> = Object.fromEntries(
  readdirSync(folder)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => [name, readFileSync(join(folder, name), "utf8").replace(/^\uFEFF/, "")]),
);
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Windows-1252's bytes for a text whose letters are all in Latin-1 (the template's are: æ, ø, å, é). */
const windows1252 = (text: string) =>
  Uint8Array.from([...text], (ch) => {
    const code = ch.charCodeAt(0);
    if (code > 0xff || (code >= 0x80 && code < 0xa0)) throw new Error(`${ch} is not a Latin-1 letter`);
    return code;
  });

/** The template's CSV files in the folder csv/, each encoded by `encode`. */
function folderOf(encode: (text: string) => Uint8Array): FakeFiles {
  return Object.fromEntries(Object.entries(texts).map(([name, text]) => [`csv/${name}`, encode(text)]));
}

/** A small cohort as LibreOffice saves it, Norwegian sheets and headers. */
const ods = writeOds([
  { name: "Program", rows: [["Innstilling", "Verdi"], ["Navn", "Romerike"], ["Oppstart", { date: "2013-08-19" }]] },
  { name: "Perioder", rows: [["Id", "Måneder", "Sted"], ["del-1", 6, "vert"], ["del-2", 6, "borte"]] },
  { name: "Medlemmer", rows: [["Id", "Navn", "Spesialiseringer", "Vertskapasitet", "Bortekapasitet"], ["skedsmo", "Skedsmo kommune", "vann", 1, 1], ["lorenskog", "Lørenskog kommune", "vann", 1, 1]] },
  { name: "Personer", rows: [["Id", "Navn", "Medlem", "Rolle", "Spesialiseringer"], ["p1", "Åse Ødegård", "skedsmo", "veileder", "vann"], ["p2", "Per Ås", "lorenskog", "mentor", "vann"]] },
  { name: "Traineer", rows: [["Id", "Navn", "Spesialisering", "Vert"], ["t1", "Jørgen Løken", "vann", "skedsmo"]] },
]);

describe("rotamatch import: encodings and .ods", () => {
  it.each([
    ["Windows-1252 (Excel's CSV)", windows1252],
    ["UTF-16LE with a byte order mark (Excel's Unicode text; its tabs are tested in the sheets package)", (text: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")])],
  ])("reads a folder of CSV files in %s to the cohort of the same files in UTF-8", async (_, encode) => {
    const r = await cli(["import", "csv"], folderOf(encode));
    expect(r).toMatchObject({ code: EXIT.ok, stderr: "" });
    expect(r.stdout).toBe(json(readCohortCsv(texts).cohort));
    expect((JSON.parse(r.stdout) as CohortInput).trainees[0]?.name).toBe("Emilie Grønli");
  });

  it("refuses a CSV file whose encoding is not sure, naming the fix, in English and Norwegian (exit 2)", async () => {
    const files = folderOf((text) => new TextEncoder().encode(text));
    files["csv/members.csv"] = Uint8Array.from([...new TextEncoder().encode("Id,Name,Host capacity,Away capacity\r\nx,L"), 0x9b, ...new TextEncoder().encode("renskog,1,1\r\n")]);
    const en = await cli(["import", "csv"], files);
    expect(en.code).toBe(EXIT.invalidInput);
    expect(en.stderr).toMatch(/^Members: members\.csv cannot be read safely: .*save it as "CSV UTF-8".*\nrotamatch: 1 problem in csv; fix it and run again\.\n$/);
    const nb = await cli(["import", "csv", "--lang", "nb"], files);
    expect(nb.stderr).toMatch(/^Medlemmer: members\.csv kan ikke leses sikkert: .*lagre den som «CSV UTF-8».*\nrotamatch: 1 problem i csv; rett det og kjør på nytt\.\n$/);
  });

  it("reads an .ods workbook", async () => {
    const r = await cli(["import", "cohort.ods"], { "cohort.ods": ods });
    expect(r).toMatchObject({ code: EXIT.ok, stderr: "" });
    expect((JSON.parse(r.stdout) as CohortInput).trainees).toEqual([{ id: "t1", name: "Jørgen Løken", specialization: "vann", host: "skedsmo" }]);
  });

  it("takes an .ods workbook as the cohort of export", async () => {
    const imported = await cli(["import", "cohort.ods"], { "cohort.ods": ods });
    const solved = solveCohort(JSON.parse(imported.stdout) as CohortInput);
    if (!solved.ok || solved.plan.status !== "optimal") throw new Error("the .ods cohort has no plan");
    const r = await cli(["export", "plan.json", "--cohort", "cohort.ods", "--format", "csv"], { "plan.json": json(solved.plan), "cohort.ods": ods });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/t1,Jørgen Løken,del-1,host,.*,skedsmo,Skedsmo kommune,.*p1,Åse Ødegård,p2,Per Ås/);
  });
});
