/** rotamatch export --lang and rotamatch template, in process with fake files: the files in Norwegian or English. */
import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput, type Plan } from "@rotamatch/core";
import {
  readCohortCsv,
  readCohortWorkbook,
  writeCohortCsv,
  writeCohortWorkbook,
  writePlanCsv,
  writePlanIcs,
  writePlanWorkbook,
  writeTemplateCsv,
  writeTemplateWorkbook,
} from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/run.js";
import { cli, type FakeFiles } from "./fixtures/fake-io.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan: Plan = solved.plan;
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const files: FakeFiles = { "plan.json": json(plan), "cohort.json": json(romerike) };

describe("rotamatch export --lang", () => {
  it.each(["xlsx", "csv", "ics"] as const)("--format %s --lang nb writes what the sheets package writes in Norwegian", async (format) => {
    const out = format === "xlsx" ? "plan.xlsx" : format === "csv" ? "out" : "calendar.ics";
    const r = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", format, "--lang", "nb", "--out", out], files);
    expect(r.code).toBe(EXIT.ok);
    if (format === "xlsx") expect(r.written.get(out)).toEqual(await writePlanWorkbook(romerike, plan, { lang: "nb" }));
    if (format === "csv") expect(r.written.get("out/plan.csv")).toBe(writePlanCsv(romerike, plan, { lang: "nb" })["plan.csv"]);
    if (format === "ics") expect(r.written.get(out)).toBe(writePlanIcs(romerike, plan, { lang: "nb" }));
  });

  it("titles each trainee's calendar in Norwegian", async () => {
    const r = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "ics", "--lang", "nb", "--out", "cal"], files);
    expect(r.written.get("cal/trainee-t3.ics")).toContain("SUMMARY:Nora Amundsen: del 2 hos ØRAS IKS\r\n");
  });

  it("refuses a language it does not have", async () => {
    const r = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "csv", "--lang", "sv"], files);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^rotamatch export: --lang must be en or nb, not "sv"\.\n/);
  });
});

describe("rotamatch template", () => {
  it("writes the blank template, in Norwegian with --lang nb", async () => {
    const r = await cli(["template", "--lang", "nb", "--out", "mal.xlsx"], {});
    expect(r).toMatchObject({ code: EXIT.ok, stdout: "", stderr: "rotamatch: wrote the blank template as a workbook to mal.xlsx\n" });
    expect(r.written.get("mal.xlsx")).toEqual(await writeTemplateWorkbook({ lang: "nb" }));
    const csv = await cli(["template", "--out", "mal", "--delimiter", ";"], {});
    expect(Object.fromEntries(csv.written)).toEqual(Object.fromEntries(Object.entries(writeTemplateCsv({ delimiter: ";" })).map(([n, t]) => [`mal/${n}`, t])));
  });

  it("writes a cohort as the workbook or CSV files in Norwegian, which import again as the same cohort", async () => {
    const r = await cli(["template", "cohort.json", "--lang", "nb", "--out", "romerike.xlsx"], files);
    expect(r.code).toBe(EXIT.ok);
    const written = r.written.get("romerike.xlsx") as Uint8Array;
    expect(written).toEqual(await writeCohortWorkbook(romerike, { lang: "nb" }));
    expect((await readCohortWorkbook(written)).cohort).toEqual((await readCohortWorkbook(await writeCohortWorkbook(romerike))).cohort);
    const csv = await cli(["template", "cohort.json", "--lang", "nb", "--out", "csv"], files);
    const texts = Object.fromEntries([...csv.written].map(([name, text]) => [name.replace(/^csv\//, ""), text as string]));
    expect(texts).toEqual(writeCohortCsv(romerike, { lang: "nb" }));
    expect(readCohortCsv(texts).issues).toEqual([]);
  });

  it.each([
    [["template"], /template needs --out FILE\.xlsx/],
    [["template", "a.json", "b.json", "--out", "x.xlsx"], /at most one COHORT/],
    [["template", "--out", "x.xlsx", "--delimiter", ";"], /--delimiter is for CSV files/],
    [["template", "--out", "x.xlsx", "--lang", "de"], /--lang must be en or nb/],
  ])("%j is a usage error", async (argv, message) => {
    const r = await cli(argv, {});
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(message);
  });

  it("lists every problem of an invalid cohort and writes nothing", async () => {
    const r = await cli(["template", "bad.json", "--out", "x.xlsx"], { "bad.json": json({ ...romerike, members: [] }) });
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.written.size).toBe(0);
  });
});
