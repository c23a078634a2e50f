/**
 * readPlanWorkbook on OpenDocument spreadsheets (.ods), on every machine: the plan workbook's
 * sheets written as LibreOffice writes them (fixtures/ods.ts, no LibreOffice needed) read back
 * as the XLSX does. libreoffice.test.ts does the same with LibreOffice's own output where
 * `soffice` is installed.
 */
import { readFileSync } from "node:fs";
import { solveCohort, verifyPlan, type CohortInput, type SolvedPlan } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { unzipSync } from "fflate";
import { formatSheetIssue, readCohortWorkbook, readPlanWorkbook, writeCohortWorkbook, writePlanWorkbook, type PlanWorkbookImport } from "../src/index.js";
import { ODS_UNPACK_FACTOR } from "../src/read/workbook-file.js";
import type { CellValue } from "../src/table.js";
import { DEFAULT_SHEET_LIMITS } from "../src/types.js";
import { UNPACK_FACTOR, readXlsx } from "../src/xlsx/read-xlsx.js";
import { writeOds } from "./fixtures/ods.js";
import { PLAN_COLUMN, editPlanCell } from "./support/edit-workbook.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan = solved.plan as SolvedPlan;

/** The same sheets and cells as an .ods, every row in its place. */
function asOds(xlsx: Uint8Array): Uint8Array {
  const { tables } = readXlsx(xlsx, DEFAULT_SHEET_LIMITS, () => true);
  return writeOds(
    tables.map((table) => {
      const rows: CellValue[][] = [];
      for (const row of table.rows) rows[row.row - 1] = [...row.cells];
      return { name: table.name, rows: Array.from(rows, (cells) => cells ?? []) };
    }),
  );
}

function accepted(result: PlanWorkbookImport): Extract<PlanWorkbookImport, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${result.issues.map((i) => formatSheetIssue(i)).join("; ")}`);
  return result;
}

describe("readPlanWorkbook on .ods", () => {
  it.each(["en", "nb"] as const)("reads the plan workbook (%s) saved as .ods as the plan published, to the byte", async (lang) => {
    const read = accepted(await readPlanWorkbook(asOds(await writePlanWorkbook(romerike, plan, { lang }))));
    expect(JSON.stringify(read.plan)).toBe(JSON.stringify(plan));
    expect(read.warnings).toEqual([]);
    expect(verifyPlan(romerike, read.plan)).toMatchObject({ ok: true });
  });

  it("rebuilds an edited Plan sheet as from the XLSX, with the same warning", async () => {
    const edited = editPlanCell(await writePlanWorkbook(romerike, plan), "t4", "part-2", PLAN_COLUMN.member, "nittedal");
    const fromOds = accepted(await readPlanWorkbook(asOds(edited)));
    const fromXlsx = accepted(await readPlanWorkbook(edited));
    expect(fromOds.warnings).toMatchObject([{ code: "plan_edited", sheet: "Plan", row: 12 }]);
    expect(JSON.stringify(fromOds.plan)).toBe(JSON.stringify(fromXlsx.plan));
  });

  it("refuses a cohort workbook saved as .ods as no plan workbook", async () => {
    const read = await readPlanWorkbook(asOds(await writeCohortWorkbook(romerike)));
    expect(read.ok).toBe(false);
    expect(read.issues.map((i) => i.code)).toEqual(["not_a_plan_workbook"]);
  });

  it("refuses another OpenDocument kind with the .ods reader's message", async () => {
    const read = await readPlanWorkbook(writeOds([], {}, "application/vnd.oasis.opendocument.text"));
    expect(read.issues).toMatchObject([{ code: "invalid_file", message: expect.stringContaining("text document (.odt)") }]);
  });
});

describe("the .ods unpack budget", () => {
  it("reads an .ods that unpacks to more than XLSX's 20 times its size, up to the XLSX reader's ceiling of 20 times maxBytes", async () => {
    const ods = asOds(await writePlanWorkbook(romerike, plan, { lang: "nb" }));
    const unpacked = Object.values(unzipSync(ods)).reduce((sum, part) => sum + part.length, 0);
    // Packed tighter than XLSX's factor allows, as LibreOffice's own .ods of a big cohort is.
    expect(unpacked / ods.length).toBeGreaterThan(UNPACK_FACTOR);
    expect(unpacked / ods.length).toBeLessThan(ODS_UNPACK_FACTOR);
    expect((await readPlanWorkbook(ods)).ok).toBe(true);
    // With maxBytes just above the file, 20 times maxBytes is less than it unpacks to: refused.
    const capped = await readCohortWorkbook(ods, { maxBytes: ods.length + 1 });
    expect(capped.issues).toMatchObject([{ code: "too_large" }]);
  });
});
