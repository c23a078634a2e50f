/**
 * The spreadsheet templates in examples/ (written by scripts/write-templates.ts) hold the
 * Romerike 2013 cohort, read back without a problem, and plan to the same plan as the JSON.
 */
import { readdirSync, readFileSync } from "node:fs";
import { parseCohort, solveCohort } from "@rotamatch/core";
import { readCohortCsv, readCohortWorkbook } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { TEMPLATE_CSV_FOLDER, TEMPLATE_SOURCE, TEMPLATE_WORKBOOK, findStaleTemplates } from "../scripts/write-templates.js";

const repoRoot = new URL("../", import.meta.url);
const source = JSON.parse(readFileSync(new URL(TEMPLATE_SOURCE, repoRoot), "utf8")) as unknown;

function csvFiles(): Record<string, string> {
  const folder = new URL(`${TEMPLATE_CSV_FOLDER}/`, repoRoot);
  const names = readdirSync(folder).filter((name) => name.endsWith(".csv"));
  return Object.fromEntries(names.map((name) => [name, readFileSync(new URL(name, folder), "utf8")]));
}

describe("spreadsheet templates", () => {
  it("are what scripts/write-templates.ts writes (npm run templates)", async () => {
    expect(await findStaleTemplates()).toEqual([]);
  });

  it("hold the Romerike 2013 cohort, as the workbook and as CSV files", async () => {
    const workbook = await readCohortWorkbook(readFileSync(new URL(TEMPLATE_WORKBOOK, repoRoot)));
    const csv = readCohortCsv(csvFiles());
    for (const result of [workbook, csv]) {
      expect(result.issues).toEqual([]);
      expect(parseCohort(result.cohort).cohort).toEqual(parseCohort(source).cohort);
    }
    expect(csv.cohort).toEqual(workbook.cohort);
  });

  it("give the same plan as the JSON cohort", async () => {
    const workbook = await readCohortWorkbook(readFileSync(new URL(TEMPLATE_WORKBOOK, repoRoot)));
    const fromTemplate = solveCohort(workbook.cohort);
    const fromJson = solveCohort(source);
    if (!fromTemplate.ok || !fromJson.ok) throw new Error("not valid");
    const { stats: _a, ...a } = fromTemplate.plan;
    const { stats: _b, ...b } = fromJson.plan;
    expect(a).toEqual(b);
  });
});
