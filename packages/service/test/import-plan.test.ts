/**
 * `POST /v1/import/plan`: a published plan's workbook read back. 200 with the exact plan (or
 * one rebuilt from an edited Plan sheet, with a warning); 422 by sheet, row and column for a
 * cohort workbook or a plan that breaks a rule; 415 for anything but a workbook. In process,
 * with `app.request()`; the workbooks are made by @rotamatch/sheets from Romerike 2013, and
 * edited with the sheets' own test helper.
 */
import { solveCohort, verifyPlan, type CohortInput, type SolvedPlan } from "@rotamatch/core";
import { writeCohortWorkbook, writePlanWorkbook } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { XLSX_TYPE } from "../src/sheets.js";
import { PLAN_COLUMN, editPlanCell } from "../../sheets/test/support/edit-workbook.js";
import { inProcessApp, romerike } from "./support.js";

const cohort = romerike as CohortInput;
const plan = (() => {
  const result = solveCohort(cohort);
  if (!result.ok) throw new Error("the example is not valid");
  return result.plan as SolvedPlan;
})();

type App = ReturnType<typeof inProcessApp>["app"];
const post = (app: App, bytes: Uint8Array, headers: Record<string, string> = {}) =>
  app.request("/v1/import/plan", { method: "POST", body: new Uint8Array(bytes), headers: { "Content-Type": XLSX_TYPE, ...headers } });

/** The plan workbook with Kristian Helle's (t4) away member edited by hand: row 12 of the Plan sheet. */
const editAway = (workbook: Uint8Array, member: string) => editPlanCell(workbook, "t4", "part-2", PLAN_COLUMN.member, member);

interface Answer {
  plan: (SolvedPlan & { changes?: unknown }) | null;
  issues: unknown[];
  warnings: { code: string; sheet: string; row: number | null; text: string }[];
  sheetIssues?: { code: string; sheet: string; row: number | null; column: string | null; path: string; text: string }[];
  type?: string;
}

describe("POST /v1/import/plan", () => {
  it("answers the published plan, byte for byte, with no issues and no warnings", async () => {
    const { app } = inProcessApp();
    const res = await post(app, await writePlanWorkbook(cohort, plan));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe(JSON.stringify({ plan, issues: [], warnings: [] }));
  });

  it("answers a plan rebuilt from an edited Plan sheet, with the warning in the asked language", async () => {
    const { app } = inProcessApp();
    const edited = editAway(await writePlanWorkbook(cohort, plan), "nittedal");
    const res = await post(app, edited, { "Accept-Language": "nb" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.warnings).toEqual([expect.objectContaining({ code: "plan_edited", sheet: "Plan", row: 12 })]);
    expect(body.warnings[0]?.text).toMatch(/^Plan, rad 12: arket Plan ble endret etter at planen ble publisert/);
    expect(body.plan?.assignments[3]?.placements[1]?.member).toBe("nittedal");
    expect(verifyPlan(cohort, body.plan).ok).toBe(true);
  });

  it("answers 422 when the edit breaks a rule, located at the cell, with the warning beside it", async () => {
    const { app } = inProcessApp();
    const res = await post(app, editAway(await writePlanWorkbook(cohort, plan), "nowhere"));
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as Answer;
    expect(body.type).toMatch(/invalid-spreadsheet$/);
    expect(body.plan).toBeNull();
    expect(body.sheetIssues).toContainEqual(expect.objectContaining({ code: "unknown_member", sheet: "Plan", row: 12, column: "Member", path: "assignments[3].placements[1].member" }));
    expect(body.issues).toHaveLength(body.sheetIssues?.length ?? -1);
    expect(body.warnings.map((w) => w.code)).toEqual(["plan_edited"]);
  });

  it.each([
    { what: "a cohort workbook", bytes: () => writeCohortWorkbook(cohort), code: "not_a_plan_workbook" },
    { what: "no workbook at all", bytes: async () => new TextEncoder().encode("trainee;host\n"), code: "invalid_file" },
  ])("answers 422 for $what: $code", async ({ bytes, code }) => {
    const { app } = inProcessApp();
    const res = await post(app, await bytes());
    expect(res.status).toBe(422);
    const body = (await res.json()) as Answer;
    expect(body.sheetIssues?.map((i) => i.code)).toEqual([code]);
    expect(body.plan).toBeNull();
  });

  it("takes a workbook as big as a job's body, as /v1/export writes plans of big cohorts", async () => {
    const workbook = await writePlanWorkbook(cohort, plan);
    const { app } = inProcessApp({ config: { bodyLimitBytes: 1_000, jobBodyLimitBytes: workbook.length } });
    expect((await post(app, workbook)).status).toBe(200);
    const { app: smaller } = inProcessApp({ config: { bodyLimitBytes: 1_000, jobBodyLimitBytes: workbook.length - 1 } });
    expect((await post(smaller, workbook)).status).toBe(413);
  });

  it("answers 415 for a body that is not a workbook, and 405 for GET", async () => {
    const { app } = inProcessApp();
    const json = await app.request("/v1/import/plan", { method: "POST", body: JSON.stringify(plan), headers: { "Content-Type": "application/json" } });
    expect(json.status).toBe(415);
    expect((await app.request("/v1/import/plan")).status).toBe(405);
  });

  it("is in the OpenAPI document, with its 200 and 422 answers", async () => {
    const { app } = inProcessApp();
    const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const operation = doc.paths["/v1/import/plan"]?.post;
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(["200", "415", "422"]));
  });
});
