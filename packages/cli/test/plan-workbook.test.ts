/**
 * A plan given as its published workbook (.xlsx) wherever the command line reads a plan:
 * `--plan` of replan, whatif and explain, and the PLAN of export. In process through
 * `run(argv, io)`; the workbooks are written by @rotamatch/sheets from Romerike 2013, one of
 * them edited by hand with the sheets' own test helper.
 */
import { readFileSync } from "node:fs";
import { replanPlanSchema, solveCohort, type CohortInput, type SolvedPlan } from "@rotamatch/core";
import { writeCohortWorkbook, writePlanWorkbook } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { PLAN_COLUMN, editPlanCell } from "../../sheets/test/support/edit-workbook.js";
import { EXIT } from "../src/run.js";
import { cli } from "./fixtures/fake-io.js";

const romerikeText = readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8");
const romerike = JSON.parse(romerikeText) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("Romerike 2013 should solve");
const plan = solved.plan as SolvedPlan;
const mentorLeaves: CohortInput = { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== "oras-mentor-1") };

const workbook = await writePlanWorkbook(romerike, plan);
const files = {
  "romerike.json": romerikeText,
  "mentor-leaves.json": JSON.stringify(mentorLeaves),
  "plan.json": JSON.stringify(plan),
  "plan.xlsx": workbook,
  // Kristian Helle (t4) moved by hand from Rælingen to Nittedal in the Plan sheet (row 12).
  "edited.xlsx": editPlanCell(workbook, "t4", "part-2", PLAN_COLUMN.member, "nittedal"),
  "broken.xlsx": editPlanCell(workbook, "t4", "part-2", PLAN_COLUMN.member, "nowhere"),
  "cohort.xlsx": await writeCohortWorkbook(romerike),
};

describe("a plan workbook as --plan", () => {
  it("replan reads the published workbook as the plan file: the same answer as from the JSON", async () => {
    const args = ["replan", "mentor-leaves.json", "--as-of", "2014-03-01", "--format", "json"];
    const fromJson = await cli([...args, "--plan", "plan.json"], files);
    const fromWorkbook = await cli([...args, "--plan", "plan.xlsx"], files);
    expect(fromWorkbook.code).toBe(EXIT.ok);
    expect(fromWorkbook.stderr).toBe(fromJson.stderr);
    const answer = replanPlanSchema.parse(JSON.parse(fromWorkbook.stdout));
    expect({ ...answer, stats: undefined }).toEqual({ ...replanPlanSchema.parse(JSON.parse(fromJson.stdout)), stats: undefined });
  });

  it("an edited Plan sheet: the warning is printed, and the re-plan keeps the hand-made choice", async () => {
    const r = await cli(["replan", "mentor-leaves.json", "--plan", "edited.xlsx", "--as-of", "2014-03-01", "--format", "json"], files);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/^warning: Plan, row 12: the Plan sheet was edited after the plan was published/);
    const answer = replanPlanSchema.parse(JSON.parse(r.stdout));
    expect(answer.assignments.find((a) => a.trainee === "t4")?.placements[1]?.member).toBe("nittedal");
  });

  it("explain prints the workbook's warning in the language asked", async () => {
    const r = await cli(["explain", "romerike.json", "--plan", "edited.xlsx", "--trainee", "t4", "--lang", "nb"], files);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/^advarsel: Plan, rad 12: arket Plan ble endret/);
  });

  it.each([
    { what: "an edit that breaks a rule", file: "broken.xlsx", line: /^Plan, row 12, column Member: .*"nowhere"/m },
    { what: "a cohort workbook", file: "cohort.xlsx", line: /^this is a cohort workbook, not a plan workbook/m },
  ])("whatif refuses $what with exit 2, by sheet, row and column", async ({ file, line }) => {
    const r = await cli(["whatif", "romerike.json", "--plan", file, "--pin", "trainee=t4,period=part-2,member=nittedal"], files);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr).toMatch(line);
    expect(r.stdout).toBe("");
  });

  it("a workbook that is not there is a usage error", async () => {
    const r = await cli(["replan", "romerike.json", "--plan", "gone.xlsx", "--as-of", "2014-03-01"], files);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/cannot read gone\.xlsx: no such file/);
  });
});

describe("export PLAN.xlsx", () => {
  it("exports the workbook's plan again: the same workbook, byte for byte", async () => {
    const r = await cli(["export", "plan.xlsx", "--cohort", "romerike.json", "--format", "xlsx", "--out", "again.xlsx"], files);
    expect(r.code).toBe(EXIT.ok);
    expect(r.written.get("again.xlsx")).toEqual(workbook);
  });

  it("exports an edited workbook's rebuilt plan as CSV, after the warning", async () => {
    const r = await cli(["export", "edited.xlsx", "--cohort", "romerike.json", "--format", "csv"], files);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/^warning: Plan, row 12:/);
    expect(r.stdout.split("\r\n").find((line) => line.startsWith("t4,") && line.includes(",part-2,"))).toContain(",nittedal,");
  });
});
