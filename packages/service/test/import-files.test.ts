/**
 * `POST /v1/import` with the files a Norwegian working group has: an OpenDocument spreadsheet
 * (.ods, LibreOffice) and CSV files as their bytes in base64 (Excel's Windows-1252 "CSV",
 * UTF-16 "Unicode text"), whose encoding the sheets package detects; text it cannot be sure of
 * is refused with a message naming the fix, in the request's language.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CohortInput } from "@rotamatch/core";
import { readCohortCsv } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { writeOds } from "../../sheets/test/fixtures/ods.js";
import { ODS_TYPE } from "../src/sheets.js";
import { inProcessApp } from "./support.js";

type App = ReturnType<typeof inProcessApp>["app"];

const folder = new URL("../../../examples/romerike-2013-csv/", import.meta.url).pathname;
const texts: Record<string, string> = Object.fromEntries(
  readdirSync(folder)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => [name, readFileSync(join(folder, name), "utf8").replace(/^\uFEFF/, "")]),
);
const expected = readCohortCsv(texts).cohort;

/** Windows-1252's bytes for a text whose letters are all in Latin-1 (the template's are: æ, ø, å, é). */
const windows1252 = (text: string) =>
  Uint8Array.from([...text], (ch) => {
    const code = ch.charCodeAt(0);
    if (code > 0xff || (code >= 0x80 && code < 0xa0)) throw new Error(`${ch} is not a Latin-1 letter`);
    return code;
  });
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

const postFiles = (app: App, body: unknown, lang = "en") =>
  app.request("/v1/import", { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", "Accept-Language": lang } });

describe("POST /v1/import with the files people have", () => {
  it("reads an .ods workbook sent as application/vnd.oasis.opendocument.spreadsheet", async () => {
    const { app } = inProcessApp();
    const ods = writeOds([
      { name: "Program", rows: [["Innstilling", "Verdi"], ["Navn", "Romerike"], ["Oppstart", { date: "2013-08-19" }]] },
      { name: "Perioder", rows: [["Id", "Måneder", "Sted"], ["del-1", 6, "vert"], ["del-2", 6, "borte"]] },
      { name: "Medlemmer", rows: [["Id", "Vertskapasitet", "Bortekapasitet"], ["skedsmo", 1, 1], ["lorenskog", 1, 1]] },
      { name: "Traineer", rows: [["Id", "Navn", "Spesialisering", "Vert"], ["t1", "Jørgen Løken", "vann", "skedsmo"]] },
    ]);
    const res = await app.request("/v1/import", { method: "POST", body: new Uint8Array(ods), headers: { "Content-Type": ODS_TYPE } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cohort: CohortInput };
    expect(body.cohort.trainees).toEqual([{ id: "t1", name: "Jørgen Løken", specialization: "vann", host: "skedsmo" }]);
  });

  it.each([
    ["Windows-1252", windows1252],
    ["UTF-16LE with a byte order mark", (text: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")])],
    ["UTF-8 without a byte order mark", (text: string) => new TextEncoder().encode(text)],
  ])("reads CSV files sent as bytes in base64: %s", async (_, encode) => {
    const { app } = inProcessApp();
    const files = Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, base64(encode(text))]));
    const res = await postFiles(app, { files, encoding: "base64" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { cohort: CohortInput }).cohort).toEqual(expected);
  });

  it("refuses a file whose encoding is not sure with 422 invalid_encoding, in the asked language", async () => {
    const { app } = inProcessApp();
    const files = Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, base64(new TextEncoder().encode(text))]));
    files["members.csv"] = base64(Uint8Array.from([...new TextEncoder().encode("Id,Name,Host capacity,Away capacity\r\nx,L"), 0x9b, ...new TextEncoder().encode("renskog,1,1\r\n")]));
    const res = await postFiles(app, { files, encoding: "base64" }, "nb");
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { sheetIssues: { code: string; sheet: string; text: string }[] };
    expect(problem.sheetIssues.map((i) => [i.code, i.sheet])).toEqual([["invalid_encoding", "Members"]]);
    expect(problem.sheetIssues[0]?.text).toMatch(/^Medlemmer: members\.csv kan ikke leses sikkert: .*lagre den som «CSV UTF-8»/);
  });

  it("refuses text already garbled (U+FFFD) in the text form too", async () => {
    const { app } = inProcessApp();
    const res = await postFiles(app, { files: { ...texts, "members.csv": (texts["members.csv"] ?? "").replace("ø", "\uFFFD") } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { sheetIssues: { code: string }[] }).sheetIssues.map((i) => i.code)).toEqual(["invalid_encoding"]);
  });

  it.each([
    [{ files: { "a.csv": "not base64!" }, encoding: "base64" }, "is not base64"],
    [{ files: { "a.csv": "QUJD" }, encoding: "latin1" }, "encoding"],
  ])("answers 400 for a body it cannot follow: %j", async (body, words) => {
    const { app } = inProcessApp();
    const res = await postFiles(app, body);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(words);
  });

  it("names .ods in its answer to another content type", async () => {
    const { app } = inProcessApp();
    const res = await app.request("/v1/import", { method: "POST", body: "a,b", headers: { "Content-Type": "text/csv" } });
    expect(res.status).toBe(415);
    expect(await res.text()).toContain(ODS_TYPE);
  });
});
