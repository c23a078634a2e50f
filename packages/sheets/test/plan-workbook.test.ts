/**
 * A published plan workbook read back (readPlanWorkbook): the exact plan from the hidden copy,
 * in English and Norwegian, also for a re-planned plan; a Plan sheet edited by hand, or a
 * workbook without the copy, rebuilt from its sheets with a warning, and re-planned from; and
 * workbooks that are no plan workbook, or whose Plan sheet is wrong, refused with issues by
 * sheet, row and column.
 */
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { replanCohort, solveCohort, verifyPlan, verifyReplan, type CohortInput, type ReplanPlan, type SolvedPlan } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { PLAN_COPY_SHEET, SHEET_ISSUE_CODES, formatSheetIssue, readPlanWorkbook, writePlanWorkbook, type PlanWorkbookImport } from "../src/index.js";
import { PIECE_LENGTH, planCopyTable, readPlanCopy } from "../src/plan-copy.js";
import { EMPTIED_BY_HAND } from "../src/read/plan-workbook.js";
import type { CellValue } from "../src/table.js";
import { DEFAULT_SHEET_LIMITS } from "../src/types.js";
import { cohortTables } from "../src/write/cohort-tables.js";
import { planTables } from "../src/write/plan-tables.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";
import { writeXlsx } from "../src/xlsx/write-xlsx.js";
import { PLAN_COLUMN, editPlanCell, editSheets } from "./support/edit-workbook.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const template = new Uint8Array(readFileSync(new URL("../../../examples/romerike-2013.xlsx", import.meta.url)));
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan = solved.plan as SolvedPlan;

/** docs/replanning.md: on 1 March 2014 the mentor of Nora Amundsen (t3) leaves. */
const mentorLeaves: CohortInput = { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
const replanned = ((): ReplanPlan => {
  const result = replanCohort(mentorLeaves, plan, { asOf: "2014-03-01" });
  if (!result.ok) throw new Error("the re-plan failed");
  return result.plan;
})();

function accepted(result: PlanWorkbookImport): Extract<PlanWorkbookImport, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${result.issues.map((i) => formatSheetIssue(i)).join("; ")}`);
  return result;
}

const MEMBER = PLAN_COLUMN.member;
const MENTOR = PLAN_COLUMN.mentor;

describe("the hidden copy of the plan", () => {
  it("is the last sheet, hidden, after the plan's and the cohort's sheets", async () => {
    const workbook = await writePlanWorkbook(romerike, plan);
    const names = readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => false).sheetNames;
    expect(names.at(-1)).toBe(PLAN_COPY_SHEET);
    expect(names.slice(0, 2)).toEqual(["Summary", "Plan"]);
    const workbookXml = strFromU8(unzipSync(workbook)["xl/workbook.xml"] as Uint8Array);
    expect(workbookXml).toContain(`<sheet name="${PLAN_COPY_SHEET}" sheetId="${names.length}" state="hidden"`);
    expect(workbookXml.match(/state="hidden"/g)).toHaveLength(1);
  });

  it("splits long JSON into pieces under Excel's cell limit, never inside a surrogate pair, and joins them again", () => {
    const long = { text: `${"x".repeat(PIECE_LENGTH - 10)}😀${"æ".repeat(PIECE_LENGTH)}😀 end` };
    const table = planCopyTable(long);
    expect(table.rows.length).toBe(3);
    for (const [, piece] of table.rows) {
      expect(typeof piece === "string" && piece.length <= PIECE_LENGTH).toBe(true);
      expect(/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(piece as string)).toBe(false);
    }
    const read = readPlanCopy({ name: table.name, rows: [table.header, ...table.rows].map((cells, i) => ({ row: i + 1, cells })) });
    expect(read).toEqual({ ok: true, value: long });
    // A piece lost: refused, not half read.
    expect(readPlanCopy({ name: table.name, rows: [table.header, table.rows[0] ?? [], table.rows[2] ?? []].map((cells, i) => ({ row: i + 1, cells })) }).ok).toBe(false);
  });
});

describe("readPlanWorkbook: the plan as published", () => {
  it.each([
    { story: "a solved plan", cohort: romerike, published: plan as object, lang: "en" as const },
    { story: "a re-planned plan, with its changes", cohort: mentorLeaves, published: replanned as object, lang: "en" as const },
    { story: "a solved plan in Norwegian", cohort: romerike, published: plan as object, lang: "nb" as const },
    { story: "a re-planned plan in Norwegian", cohort: mentorLeaves, published: replanned as object, lang: "nb" as const },
  ])("$story reads back as the same bytes, without warnings", async ({ cohort, published, lang }) => {
    const workbook = await writePlanWorkbook(cohort, published as SolvedPlan, { lang });
    const read = accepted(await readPlanWorkbook(workbook));
    expect(JSON.stringify(read.plan)).toBe(JSON.stringify(published));
    expect(read.warnings).toEqual([]);
    expect(read.cohort.trainees.map((t) => t.id)).toEqual(cohort.trainees.map((t) => t.id));
  });

  it("sorting the Plan sheet's rows is no edit: the copy is still the answer", async () => {
    const workbook = editSheets(await writePlanWorkbook(romerike, plan), (sheet, rows) =>
      sheet !== "Plan" ? rows : [rows[0] as CellValue[], ...rows.slice(1).sort((a, b) => String(a[MEMBER]).localeCompare(String(b[MEMBER])))],
    );
    const read = accepted(await readPlanWorkbook(workbook));
    expect(JSON.stringify(read.plan)).toBe(JSON.stringify(plan));
    expect(read.warnings).toEqual([]);
  });
});

describe("readPlanWorkbook: a plan edited by hand", () => {
  // Kristian Helle (t4) goes to Nittedal, his third choice, instead of Rælingen: a valid plan that costs more.
  const edit = async (published: object = plan, cohort: CohortInput = romerike) =>
    editPlanCell(await writePlanWorkbook(cohort, published as SolvedPlan), "t4", "part-2", MEMBER, "nittedal");

  it("is rebuilt from the Plan sheet, costs computed again, with a warning naming the row", async () => {
    const read = accepted(await readPlanWorkbook(await edit()));
    expect(read.warnings).toMatchObject([{ code: "plan_edited", sheet: "Plan", row: 12 }]);
    const t4 = read.plan.assignments.find((a) => a.trainee === "t4");
    expect(t4?.placements.map((p) => p.member)).toEqual(["lorenskog", "nittedal", "lorenskog"]);
    expect(verifyPlan(romerike, read.plan).ok).toBe(true);
    expect(read.plan.status).toBe("feasible");
    expect(read.plan.objective).toBeGreaterThan(plan.objective);
    expect(read.plan.bound).toBe(plan.bound);
    expect("stats" in read.plan).toBe(false);
    // Everyone else is as published, costs included.
    const others = (p: { assignments: readonly { trainee: string }[] }) => JSON.stringify(p.assignments.filter((a) => a.trainee !== "t4"));
    expect(others(read.plan)).toBe(others(plan));
  });

  it("can be re-planned from: the re-plan passes verifyReplan against the edited plan", async () => {
    const read = accepted(await readPlanWorkbook(await edit()));
    const result = replanCohort(mentorLeaves, read.plan, { asOf: "2014-03-01" });
    if (!result.ok) throw new Error("the re-plan failed");
    expect(verifyReplan(mentorLeaves, read.plan, result.plan, "2014-03-01")).toMatchObject({ ok: true });
    expect(result.plan.assignments.find((a) => a.trainee === "t4")?.placements[1]?.member).toBe("nittedal");
  });

  it("a re-planned plan edited by hand loses its changes, which no longer describe it", async () => {
    const read = accepted(await readPlanWorkbook(await edit(replanned, mentorLeaves)));
    expect(read.warnings.map((w) => w.code)).toEqual(["plan_edited"]);
    expect("changes" in read.plan).toBe(false);
    expect(verifyPlan(mentorLeaves, read.plan).ok).toBe(true);
  });

  it("under allowUnassigned, a role emptied by hand is listed as unassigned, with the reason that it was", async () => {
    const cohort: CohortInput = { ...romerike, rules: { ...romerike.rules, allowUnassigned: true } };
    const result = solveCohort(cohort);
    if (!result.ok || result.plan.status !== "optimal") throw new Error("not solved");
    const workbook = editSheets(await writePlanWorkbook(cohort, result.plan), (sheet, rows) =>
      sheet !== "Plan" ? rows : rows.map((r) => (r[0] === "t1" ? r.map((c, i) => (i === MENTOR || i === MENTOR + 1 ? null : c)) : r)),
    );
    const read = accepted(await readPlanWorkbook(workbook));
    expect(read.plan.unassigned).toEqual([{ trainee: "t1", role: "mentor", reason: EMPTIED_BY_HAND }]);
    expect(read.plan.assignments[0]?.mentor).toBeNull();
    expect(verifyPlan(cohort, read.plan).ok).toBe(true);
    expect(read.plan.status).toBe("feasible");
  });

  it("an edit that breaks a rule is refused, located at the cell", async () => {
    const workbook = editPlanCell(await writePlanWorkbook(romerike, plan), "t4", "part-2", MEMBER, "nowhere");
    const read = await readPlanWorkbook(workbook);
    expect(read.ok).toBe(false);
    expect(read.issues).toContainEqual(expect.objectContaining({ code: "unknown_member", sheet: "Plan", row: 12, column: "Member", path: "assignments[3].placements[1].member" }));
    expect(read.warnings.map((w) => w.code)).toEqual(["plan_edited"]);
  });

  it("a forbidden mentor is refused with the rule's code, at the mentor's cell", async () => {
    // The cohort forbids skedsmo-mentor-1 for t4 (examples/romerike-2013.json); every row of t4 says so.
    const workbook = editSheets(await writePlanWorkbook(romerike, plan), (sheet, rows) =>
      sheet !== "Plan" ? rows : rows.map((r) => (r[0] === "t4" ? r.map((c, i) => (i === MENTOR ? "skedsmo-mentor-1" : c)) : r)),
    );
    const read = await readPlanWorkbook(workbook);
    expect(read.ok).toBe(false);
    expect(read.issues[0]).toMatchObject({ sheet: "Plan", row: 11, column: "Mentor", path: "assignments[3].mentor" });
  });
});

describe("readPlanWorkbook: a workbook without the copy (written before it existed)", () => {
  /** The workbook as writePlanWorkbook wrote it before the hidden copy: the plan's and the cohort's sheets only. */
  const older = (published: SolvedPlan | ReplanPlan, cohort: CohortInput, lang: "en" | "nb" = "en") =>
    writeXlsx([...planTables(cohort, published, "changes" in published ? published.changes : null, lang), ...cohortTables(cohort, lang)]);

  it.each([
    { story: "a solved plan", published: plan as SolvedPlan | ReplanPlan, cohort: romerike, lang: "en" as const },
    { story: "a re-planned plan", published: replanned as SolvedPlan | ReplanPlan, cohort: mentorLeaves, lang: "en" as const },
    { story: "a solved plan in Norwegian", published: plan as SolvedPlan | ReplanPlan, cohort: romerike, lang: "nb" as const },
  ])("$story is rebuilt from its sheets: the same assignments, costs and changes, and a warning", async ({ published, cohort, lang }) => {
    const read = accepted(await readPlanWorkbook(older(published, cohort, lang)));
    expect(read.warnings).toMatchObject([{ code: "plan_rebuilt", sheet: "Plan" }]);
    expect(JSON.stringify(read.plan.assignments)).toBe(JSON.stringify(published.assignments));
    expect(read.plan.objective).toBe(published.objective);
    const { changes, ...plain } = read.plan as { changes?: unknown };
    expect(verifyPlan(cohort, plain).ok).toBe(true);
    expect(changes).toEqual((published as { changes?: unknown }).changes);
  });
});

describe("readPlanWorkbook: what is not a plan workbook, or a Plan sheet that is wrong", () => {
  it("a cohort workbook given as the plan says so", async () => {
    const read = await readPlanWorkbook(template);
    expect(read.issues).toEqual([expect.objectContaining({ code: "not_a_plan_workbook", sheet: "", row: null })]);
    expect(read.issues[0]?.message).toMatch(/^this is a cohort workbook, not a plan workbook/);
    expect(formatSheetIssue(read.issues[0] as never, "nb")).toMatch(/^dette er en arbeidsbok med et kull, ikke en plan/);
  });

  it.each([
    { what: "not a workbook at all", bytes: new TextEncoder().encode("trainee,host\n"), code: "invalid_file" },
    { what: "a workbook of other sheets", bytes: writeXlsx([{ name: "Notes", header: ["A"], rows: [["b"]] }]), code: "not_a_plan_workbook" },
  ])("$what: $code", async ({ bytes, code }) => {
    const read = await readPlanWorkbook(bytes);
    expect(read).toMatchObject({ ok: false, plan: null });
    expect(read.issues.map((i) => i.code)).toEqual([code]);
  });

  it("keeps the cohort reader's caps", async () => {
    const read = await readPlanWorkbook(await writePlanWorkbook(romerike, plan), { maxSheets: 5 });
    expect(read.issues.map((i) => i.code)).toEqual(["too_large"]);
  });

  const rowsOf = async (edit: (rows: CellValue[][]) => CellValue[][]) =>
    readPlanWorkbook(editSheets(await writePlanWorkbook(romerike, plan), (sheet, rows) => (sheet === "Plan" ? edit(rows) : rows)));

  it.each([
    {
      what: "a row in a period the programme does not have",
      edit: (rows: CellValue[][]) => [...rows, ["t1", null, "part-4", "away", null, null, "fet"]],
      issue: { code: "unknown_period", sheet: "Plan", row: 26, column: "Period" },
    },
    {
      what: "a trainee's period twice",
      edit: (rows: CellValue[][]) => [...rows, rows[2] as CellValue[]],
      issue: { code: "duplicate_trainee", sheet: "Plan", row: 26, column: "Trainee" },
    },
    {
      what: "a trainee's rows that disagree on the mentor",
      edit: (rows: CellValue[][]) => rows.map((r, i) => (i === 12 ? r.map((c, j) => (j === MENTOR ? "nrv-nra-mentor-1" : c)) : r)),
      issue: { code: "inconsistent_rows", sheet: "Plan", row: 13, column: "Mentor" },
    },
    {
      what: "a row without a trainee",
      edit: (rows: CellValue[][]) => rows.map((r, i) => (i === 1 ? r.map((c, j) => (j === 0 ? null : c)) : r)),
      issue: { code: "invalid_value", sheet: "Plan", row: 2, column: "Trainee" },
    },
    {
      what: "no Mentor column",
      edit: (rows: CellValue[][]) => rows.map((r) => r.map((c, j) => (j === MENTOR ? (r === rows[0] ? "Coach" : c) : c))),
      issue: { code: "missing_column", sheet: "Plan", row: null, column: "Mentor" },
    },
  ])("$what: $issue.code", async ({ edit, issue }) => {
    const read = await rowsOf(edit);
    expect(read.ok).toBe(false);
    expect(read.issues).toEqual([expect.objectContaining(issue)]);
    expect(SHEET_ISSUE_CODES).toContain(issue.code);
    // Every issue reads in Norwegian too, the place and the message.
    const nb = formatSheetIssue(read.issues[0] as never, "nb");
    expect(nb).not.toBe(formatSheetIssue(read.issues[0] as never, "en"));
  });
});
