/**
 * `POST /v1/import` and `POST /v1/export`: spreadsheets in, plans out, every bad input a
 * problem+json answer (never a 500). In process, with `app.request()`; the workbooks and CSV
 * files are made by @rotamatch/sheets itself from the Romerike 2013 cohort.
 */
import { solveCohort, validateCohort, type CohortInput, type Plan } from "@rotamatch/core";
import { readCohortWorkbook, writeCohortCsv, writeCohortWorkbook } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { XLSX_TYPE, fileBase, languageOf } from "../src/sheets.js";
import { inProcessApp, romerike } from "./support.js";

const cohort = romerike as CohortInput;
const plan = (() => {
  const result = solveCohort(cohort);
  if (!result.ok) throw new Error("the example is not valid");
  return result.plan;
})();

type App = ReturnType<typeof inProcessApp>["app"];

const postBytes = (app: App, bytes: Uint8Array, headers: Record<string, string> = {}) =>
  app.request("/v1/import", { method: "POST", body: new Uint8Array(bytes), headers: { "Content-Type": XLSX_TYPE, ...headers } });
const postCsv = (app: App, files: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request("/v1/import", { method: "POST", body: JSON.stringify({ files }), headers: { "Content-Type": "application/json", ...headers } });
const postExport = (app: App, query: string, body: unknown) =>
  app.request(`/v1/export?${query}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });

interface SheetProblem {
  status: number;
  type: string;
  sheetIssues: { code: string; sheet: string; row: number | null; column: string | null; path: string; text: string }[];
  issues: { code: string; path: string; message: string }[];
  cohort: CohortInput | null;
}

describe("POST /v1/import", () => {
  it("reads the Romerike 2013 workbook into the cohort", async () => {
    const { app } = inProcessApp();
    const res = await postBytes(app, await writeCohortWorkbook(cohort));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cohort: CohortInput; issues: unknown[] };
    expect(body.issues).toEqual([]);
    expect(validateCohort(body.cohort)).toEqual([]);
    expect(body.cohort.trainees.map((t) => t.id)).toEqual(cohort.trainees.map((t) => t.id));
  });

  it("reads the same cohort from CSV files", async () => {
    const { app } = inProcessApp();
    const res = await postCsv(app, writeCohortCsv(cohort, { delimiter: ";" }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { cohort: CohortInput }).cohort.members).toHaveLength(cohort.members.length);
  });

  it("answers 422 with every problem by sheet, row and column, in the asked language, and the cohort as read", async () => {
    const { app } = inProcessApp();
    const files = writeCohortCsv(cohort);
    files["trainees.csv"] = (files["trainees.csv"] ?? "").replace(",water,", ",vann,");
    const texts = {
      nb: "Traineer, rad 2, kolonne Spesialisering: 'vann' er ikke en spesialisering noe medlem tilbyr",
      en: "Trainees, row 2, column Specialization: 'vann' is not a specialization any member offers",
    };
    for (const [lang, text] of [["nb-NO,nb;q=0.9,en;q=0.5", texts.nb], ["en-GB", texts.en]] as const) {
      const res = await postCsv(app, files, { "Accept-Language": lang });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as SheetProblem;
      expect(problem.type).toBe("https://rotamatch.dev/problems/invalid-spreadsheet");
      const issue = problem.sheetIssues[0];
      expect(issue).toMatchObject({ sheet: "Trainees", row: 2, path: "trainees[0].specialization" });
      expect(issue).toMatchObject({ code: "unknown_specialization", column: "Specialization", text });
      expect(problem.issues[0]).toEqual({ code: issue?.code, path: issue?.path, message: issue?.text });
      expect(problem.cohort?.trainees[0]?.specialization).toBe("vann");
    }
  });

  it("answers a problem, not a 500, for a file that is not a workbook", async () => {
    const { app } = inProcessApp();
    const res = await postBytes(app, new TextEncoder().encode("this is not a zip file"));
    expect(res.status).toBe(422);
    const problem = (await res.json()) as SheetProblem;
    expect(problem.sheetIssues[0]?.code).toBe("invalid_file");
    expect(problem.cohort).toBeNull();
  });

  it("refuses other content types (415), bodies that are not { files } (400) and bodies over the limit (413)", async () => {
    const { app } = inProcessApp({ config: { bodyLimitBytes: 10_000 } });
    const text = await app.request("/v1/import", { method: "POST", body: "a,b", headers: { "Content-Type": "text/csv" } });
    expect(text.status).toBe(415);
    expect(await text.text()).toContain(XLSX_TYPE);
    for (const body of ['{"files": ["a"]}', '{"files": {"a.csv": 1}}', "[]", '{"files": {}, "more": 1}']) {
      const res = await app.request("/v1/import", { method: "POST", body, headers: { "Content-Type": "application/json" } });
      expect(res.status, body).toBe(400);
    }
    expect((await app.request("/v1/import", { method: "POST", body: "{", headers: { "Content-Type": "application/json" } })).status).toBe(400);
    expect((await postBytes(app, new Uint8Array(20_000))).status).toBe(413);
  });

  it("needs a token when tokens are configured", async () => {
    const { app } = inProcessApp({ config: { tokens: ["s3cret-token"] } });
    expect((await postCsv(app, writeCohortCsv(cohort))).status).toBe(401);
    expect((await postCsv(app, writeCohortCsv(cohort), { Authorization: "Bearer s3cret-token" })).status).toBe(200);
  });
});

describe("POST /v1/export", () => {
  const attachment = (res: Response) => /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1];

  it("writes the plan as a workbook that reads back as the cohort", async () => {
    const { app } = inProcessApp();
    const res = await postExport(app, "format=xlsx", { cohort, plan });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX_TYPE);
    expect(attachment(res)).toBe("tekniske-tjenester-romerike-traineeprogram-2013-2015-plan.xlsx");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const read = await readCohortWorkbook(new Uint8Array(await res.arrayBuffer()));
    expect(read.ok).toBe(true);
    expect(read.cohort?.trainees).toHaveLength(cohort.trainees.length);
  });

  it("writes one CSV file: the plan by default, with the separator and byte order mark asked for", async () => {
    const { app } = inProcessApp();
    const plain = await postExport(app, "format=csv", { cohort, plan });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(attachment(plain)).toMatch(/-plan\.csv$/);
    const bytes = new Uint8Array(await plain.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const semicolon = await postExport(app, "format=csv&delimiter=%3B&bom=false&file=plan-by-member.csv", { cohort, plan });
    const text = await semicolon.text();
    expect(attachment(semicolon)).toMatch(/-plan-by-member\.csv$/);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split(/\r?\n/)[0]).toContain(";");
    expect(text).toContain("Skedsmo kommune");
  });

  it("writes a calendar for the cohort or for one trainee", async () => {
    const { app } = inProcessApp();
    const all = await postExport(app, "format=ics", { cohort, plan });
    expect(all.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await all.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    const one = await postExport(app, "format=ics&trainee=t1", { cohort, plan });
    expect(attachment(one)).toMatch(/-t1\.ics$/);
    expect((await one.text()).split("BEGIN:VEVENT").length).toBeLessThan(text.split("BEGIN:VEVENT").length);
    expect((await postExport(app, "format=ics&trainee=nobody", { cohort, plan })).status).toBe(400);
  });

  it("refuses a query it cannot follow: 400 with what it takes", async () => {
    const { app } = inProcessApp();
    for (const query of ["", "format=pdf", "format=xlsx&delimiter=%3B", "format=csv&file=secret.csv", "format=csv&delimiter=tab", "format=ics&file=plan.csv", "format=csv&bom=yes"]) {
      const res = await postExport(app, query, { cohort, plan });
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { type: string }).type).toBe("https://rotamatch.dev/problems/invalid-request");
    }
  });

  it("checks the cohort and the plan: 422 with paths into the body", async () => {
    const { app } = inProcessApp();
    const badCohort = await postExport(app, "format=xlsx", { cohort: { ...cohort, members: "none" }, plan });
    expect(badCohort.status).toBe(422);
    expect(((await badCohort.json()) as SheetProblem).issues[0]?.path).toBe("cohort.members");
    const missing = await postExport(app, "format=xlsx", { plan });
    expect(missing.status).toBe(422);
    const badPlan = await postExport(app, "format=xlsx", { cohort, plan: { ...plan, status: "great" } });
    expect(badPlan.status).toBe(422);
    const problem = (await badPlan.json()) as SheetProblem & { type: string };
    expect(problem.type).toBe("https://rotamatch.dev/problems/invalid-plan");
    expect(problem.issues[0]?.path).toBe("plan.status");
  });

  it("refuses a plan that does not fit the cohort, as the core's verifier finds", async () => {
    const { app } = inProcessApp();
    const first = plan.assignments[0] as Plan["assignments"][number];
    const moved: Plan = { ...plan, assignments: [{ ...first, mentor: first.supervisor }, ...plan.assignments.slice(1)] };
    const res = await postExport(app, "format=csv", { cohort, plan: moved });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as SheetProblem;
    expect(problem.issues.length).toBeGreaterThan(0);
    expect(problem.issues.every((i) => i.path.startsWith("plan"))).toBe(true);
  });

  it("takes JSON only (415) and bodies up to the job body limit (413)", async () => {
    const { app } = inProcessApp({ config: { jobBodyLimitBytes: 1000 } });
    expect((await app.request("/v1/export?format=csv", { method: "POST", body: "x", headers: { "Content-Type": "text/plain" } })).status).toBe(415);
    expect((await postExport(app, "format=csv", { cohort, plan })).status).toBe(413);
  });
});

describe("the routes", () => {
  it("are in the OpenAPI document", async () => {
    const { app } = inProcessApp();
    const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/v1/import"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/export"] ?? {})).toEqual(["post"]);
  });

  it("answer 405 for other methods", async () => {
    const { app } = inProcessApp();
    expect((await app.request("/v1/import")).status).toBe(405);
    expect((await app.request("/v1/export")).status).toBe(405);
  });
});

describe("helpers", () => {
  it("read the language of Accept-Language", () => {
    expect(languageOf("nb-NO,nb;q=0.9")).toBe("nb");
    expect(languageOf("nn")).toBe("nb");
    expect(languageOf("en-US,nb;q=0.5")).toBe("en");
    expect(languageOf("de-DE,no;q=0.5")).toBe("nb");
    expect(languageOf(undefined)).toBe("en");
  });

  it("make safe file names", () => {
    expect(fileBase("Tekniske Tjenester Romerike, traineeprogram 2013-2015")).toBe("tekniske-tjenester-romerike-traineeprogram-2013-2015");
    expect(fileBase("Ørland / Åfjord: Ærlig")).toBe("orland-afjord-aerlig");
    expect(fileBase('../"evil"\r\n')).toBe("evil");
    expect(fileBase("–")).toBe("rotamatch");
  });
});
