/**
 * The cohort's history in the sheets (issue 13): the History sheet read and written in every
 * file kind and both languages, its problems by sheet, row and column, the fairness weights,
 * the plan workbook's Balance by member sheet and fairness costs, the plan read back with its
 * balance and warnings, and an earlier plan as a history entry.
 */
import { readFileSync } from "node:fs";
import { parseCohort, solveCohort, verifyPlan, type CohortInput, type HistoryEntry, type Plan } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import {
  PLAN_HEADERS,
  formatSheetIssue,
  historyEntryOfPlan,
  readCohortCsv,
  readCohortWorkbook,
  readHistoryEntryWorkbook,
  readPlanWorkbook,
  writeCohortCsv,
  writeCohortWorkbook,
  writePlanCsv,
  writePlanWorkbook,
  writeTemplateCsv,
  writeTemplateWorkbook,
  type Lang,
  type SheetIssue,
} from "../src/index.js";
import { parseCsv } from "../src/csv/csv.js";
import { cellText, type CellValue, type Table } from "../src/table.js";
import { DEFAULT_SHEET_LIMITS } from "../src/types.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";
import { writeOds } from "./fixtures/ods.js";
import { editSheets } from "./support/edit-workbook.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

/**
 * Two earlier cohorts as plan files give them: placements at the host too, dates and costs;
 * a member that left (`blaker`), a retired mentor, a trainee without a host, a name with a comma.
 */
const history: HistoryEntry[] = [
  {
    name: "Romerike, 2009",
    assignments: [
      {
        trainee: "t-2009-1",
        host: "skedsmo",
        supervisor: "skedsmo-supervisor-1",
        mentor: "nrv-nra-mentor-1",
        placements: [
          { period: "part-1", member: "skedsmo", from: "2009-08-17", to: "2010-02-16" },
          { period: "part-2", member: "lorenskog", from: "2010-02-17", to: "2010-08-16" },
          { period: "part-3", member: "roaf" },
        ],
        cost: { awayRank: 10 },
      },
      { trainee: "t-2009-2", host: "blaker", supervisor: null, mentor: "retired-mentor", placements: [{ period: "part-2", member: "skedsmo" }] },
    ],
  },
  {
    name: "Romerike 2011",
    assignments: [
      { trainee: "t-2011-1", host: "lorenskog", supervisor: null, mentor: "lorenskog-mentor-1", placements: [{ period: "p2", member: "skedsmo" }] },
      { trainee: "t-2011-2", host: null, supervisor: null, mentor: null, placements: [] },
      { trainee: "t-2011-3", host: "skedsmo", supervisor: "skedsmo-supervisor-1", mentor: null, placements: [{ period: "p2", member: "lorenskog" }] },
    ],
  },
];

/** The history as the History sheet keeps it: away placements only, numbered, without dates and costs. */
const asSheetKeepsIt: HistoryEntry[] = [
  {
    name: "Romerike, 2009",
    assignments: [
      {
        trainee: "t-2009-1",
        host: "skedsmo",
        supervisor: "skedsmo-supervisor-1",
        mentor: "nrv-nra-mentor-1",
        placements: [
          { period: "away-1", member: "lorenskog" },
          { period: "away-2", member: "roaf" },
        ],
      },
      { trainee: "t-2009-2", host: "blaker", supervisor: null, mentor: "retired-mentor", placements: [{ period: "away-1", member: "skedsmo" }] },
    ],
  },
  {
    name: "Romerike 2011",
    assignments: [
      { trainee: "t-2011-1", host: "lorenskog", supervisor: null, mentor: "lorenskog-mentor-1", placements: [{ period: "away-1", member: "skedsmo" }] },
      { trainee: "t-2011-2", host: null, supervisor: null, mentor: null, placements: [] },
      { trainee: "t-2011-3", host: "skedsmo", supervisor: "skedsmo-supervisor-1", mentor: null, placements: [{ period: "away-1", member: "lorenskog" }] },
    ],
  },
];

const weights = { repeatExchange: 2, repeatMentorHost: 3, reciprocity: 1.5 };
const withHistory: CohortInput = { ...romerike, weights: { ...romerike.weights, ...weights }, history };

/** The tables of an XLSX workbook, by name. */
function tablesOf(workbook: Uint8Array): Map<string, Table> {
  return new Map(readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => true).tables.map((t) => [t.name, t]));
}

/** A table's rows as text cells. */
function rowsOf(table: Table | undefined): string[][] {
  return (table?.rows ?? []).map((r) => r.cells.map((c) => (c === null ? "" : cellText(c))));
}

/** A cohort's CSV files as an .ods workbook, cell for cell (numbers as number cells). */
function odsOf(files: Readonly<Record<string, string>>): Uint8Array {
  const sheets = Object.entries(files).map(([file, text]) => {
    const parsed = parseCsv(text, 1000);
    if (!parsed.ok) throw new Error(parsed.message);
    const rows = parsed.rows.map((row) => row.cells.map((cell): CellValue => (typeof cell === "string" && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell)));
    return { name: file.replace(/\.csv$/, ""), rows };
  });
  return writeOds(sheets);
}

describe("the History sheet", () => {
  it.each([["en"], ["nb"]] as const)("round-trips a cohort with history through XLSX, .ods and CSV (%s)", async (lang: Lang) => {
    const xlsx = await readCohortWorkbook(await writeCohortWorkbook(withHistory, { lang }));
    const csv = readCohortCsv(writeCohortCsv(withHistory, { lang, delimiter: ";" }));
    const ods = await readCohortWorkbook(odsOf(writeCohortCsv(withHistory, { lang, bom: false })));
    for (const read of [xlsx, csv, ods]) {
      expect(read.issues).toEqual([]);
      expect(read.cohort?.history).toEqual(asSheetKeepsIt);
      expect(read.cohort?.weights).toMatchObject(weights);
      const { history: _h, ...rest } = read.cohort as CohortInput;
      const { history: _g, ...original } = xlsx.cohort as CohortInput;
      expect(rest).toEqual(original);
    }
    // The sheet's form counts as the original: the same plan, balance and warnings.
    const a = solveCohort(withHistory);
    const b = solveCohort(xlsx.cohort as CohortInput);
    if (!a.ok || !b.ok) throw new Error("not valid");
    expect(b.plan.objective).toBe(a.plan.objective);
    expect(b.plan.balance).toEqual(a.plan.balance);
    expect(b.plan.assignments).toEqual(a.plan.assignments);
    expect(b.plan.warnings?.map((w) => [w.code, w.message])).toEqual(a.plan.warnings?.map((w) => [w.code, w.message]));
  });

  it("writes one row per earlier trainee, away members as a list, in the language's headers", async () => {
    const csv = writeCohortCsv(withHistory, { bom: false });
    expect(csv["history.csv"]?.split("\r\n")).toEqual([
      "Cohort,Trainee,Host,Away,Supervisor,Mentor",
      '"Romerike, 2009",t-2009-1,skedsmo,"lorenskog, roaf",skedsmo-supervisor-1,nrv-nra-mentor-1',
      '"Romerike, 2009",t-2009-2,blaker,skedsmo,,retired-mentor',
      "Romerike 2011,t-2011-1,lorenskog,skedsmo,,lorenskog-mentor-1",
      "Romerike 2011,t-2011-2,,,,",
      "Romerike 2011,t-2011-3,skedsmo,lorenskog,skedsmo-supervisor-1,",
      "",
    ]);
    const nb = tablesOf(await writeCohortWorkbook(withHistory, { lang: "nb" }));
    expect(rowsOf(nb.get("Historikk"))[0]).toEqual(["Kull", "Trainee", "Vert", "Borte", "Veileder", "Mentor"]);
    expect(rowsOf(nb.get("Vekter")).slice(-3)).toEqual([
      ["gjentatt utveksling", "2"],
      ["gjentatt mentor hos verten", "3"],
      ["gjensidighet", "1.5"],
    ]);
  });

  it("groups rows by cohort in order of first appearance, whatever rows come between", () => {
    const files = writeCohortCsv(romerike, { bom: false });
    files["history.csv"] = ["Kull;Trainee;Vert;Bortemedlemmer", "2011;a;skedsmo;lorenskog", "2009;b;fet;", ' 2011 ;c;roaf;"skedsmo, fet"'].join("\r\n");
    const read = readCohortCsv(files);
    expect(read.issues).toEqual([]);
    expect(read.cohort?.history).toEqual([
      {
        name: "2011",
        assignments: [
          { trainee: "a", host: "skedsmo", supervisor: null, mentor: null, placements: [{ period: "away-1", member: "lorenskog" }] },
          {
            trainee: "c",
            host: "roaf",
            supervisor: null,
            mentor: null,
            placements: [
              { period: "away-1", member: "skedsmo" },
              { period: "away-2", member: "fet" },
            ],
          },
        ],
      },
      { name: "2009", assignments: [{ trainee: "b", host: "fet", supervisor: null, mentor: null, placements: [] }] },
    ]);
  });

  it("is written empty, with its headers, for a cohort without history and in the templates", async () => {
    const csv = writeCohortCsv(romerike, { bom: false });
    expect(csv["history.csv"]).toBe("Cohort,Trainee,Host,Away,Supervisor,Mentor\r\n");
    expect(writeTemplateCsv({ lang: "nb", bom: false })["history.csv"]).toBe("Kull,Trainee,Vert,Borte,Veileder,Mentor\r\n");
    const template = tablesOf(await writeTemplateWorkbook({ lang: "nb" }));
    expect(rowsOf(template.get("Historikk"))).toEqual([["Kull", "Trainee", "Vert", "Borte", "Veileder", "Mentor"]]);
    const read = await readCohortWorkbook(await writeCohortWorkbook(romerike));
    expect(read.issues).toEqual([]);
    expect(read.cohort !== null && "history" in read.cohort).toBe(false);
  });
});

describe("problems in the History sheet", () => {
  const broken = (lines: readonly string[]): Record<string, string> => ({ ...writeCohortCsv(romerike, { bom: false }), "history.csv": lines.join("\r\n") });

  it("are located by sheet, row and column, with the path into the history and the core's code", () => {
    const read = readCohortCsv(
      broken([
        "Cohort,Trainee,Host,Away,Supervisor,Mentor,Hots",
        "Romerike 2011,t1,skedsmo,lorenskog,,,x",
        ",t2,skedsmo,,,,",
        "Romerike 2011,,fet,,,,",
        'Romerike 2011,t4,fet,"roaf, """"",,,',
        `Romerike 2011,t5,fet,${"x".repeat(33_000)},,,`,
      ]),
    );
    expect(read.ok).toBe(false);
    const found = read.issues.map((i) => [i.code, i.sheet, i.row, i.column, i.path]);
    expect(found).toEqual([
      ["unknown_column", "History", 1, "Hots", ""],
      ["invalid_type", "History", 3, "Cohort", "history[1].name"],
      ["invalid_type", "History", 4, "Trainee", "history[0].assignments[1].trainee"],
      ["too_small", "History", 5, "Away", "history[0].assignments[2].placements[1].member"],
      ["cell_too_long", "History", 6, "Away", "history[0].assignments[3].placements"],
    ]);
    expect(read.issues.map((i) => formatSheetIssue(i, "nb")).slice(1, 4)).toEqual([
      "Historikk, rad 3, kolonne Kull: mangler; en verdi er påkrevd",
      "Historikk, rad 4, kolonne Trainee: mangler; en verdi er påkrevd",
      "Historikk, rad 5, kolonne Borte: element 2 i listen: kan ikke være tom",
    ]);
  });

  it("come with the other sheets' problems in the same round", () => {
    const files = broken(["Cohort,Trainee,Host", ",t1,skedsmo"]);
    files["trainees.csv"] = (files["trainees.csv"] ?? "").replace(",skedsmo,", ",skedsmoo,");
    const read = readCohortCsv(files);
    expect(read.issues.map((i) => [i.code, i.sheet, i.column, i.path])).toEqual([
      ["unknown_reference", "Trainees", "Host", "trainees[0].host"],
      ["invalid_type", "History", "Cohort", "history[0].name"],
    ]);
  });

  it("name a missing required column, and never an unknown id (that is the plan's warning)", async () => {
    const missing = readCohortCsv(broken(["Cohort,Trainee,Away", "Romerike 2011,t1,lorenskog"]));
    expect(missing.issues.map((i) => [i.code, i.sheet, i.row, i.column, i.path])).toEqual([["missing_column", "History", null, "Host", "history"]]);
    const unknown = readCohortCsv(broken(["Cohort,Trainee,Host,Away,Mentor", "Romerike 2011,t1,blaker,gone,retired"]));
    expect(unknown.issues).toEqual([]);
  });
});

describe("the plan workbook with history", () => {
  const solved = solveCohort(withHistory);
  if (!solved.ok) throw new Error("not valid");
  const plan = solved.plan as Plan;

  it("has a Balance by member sheet with the plan's balance, and the reciprocity term in the Summary", async () => {
    expect(plan.balance).toBeDefined();
    const tables = tablesOf(await writePlanWorkbook(withHistory, plan));
    const rows = rowsOf(tables.get("Balance by member"));
    expect(rows[0]).toEqual(Object.values(PLAN_HEADERS.en.balance));
    const names = new Map(romerike.members.map((m) => [m.id, m.name ?? ""]));
    expect(rows.slice(1)).toEqual(
      (plan.balance ?? []).map((b) =>
        [b.member, names.get(b.member) ?? "", b.hosted, b.sent, b.received, b.history.hosted, b.history.sent, b.history.received, b.balanceBefore, b.balanceAfter - b.balanceBefore, b.balanceAfter].map(String),
      ),
    );
    // Counted by hand. skedsmo hosted 2, sent 3 (2 + 1), received 2 (from blaker, a member that
    // left, which counts as sending nobody, and from lorenskog); lorenskog hosted 1, sent 1, received 2.
    const skedsmo = rows.find((r) => r[0] === "skedsmo");
    expect(skedsmo?.slice(5, 9)).toEqual(["2", "3", "2", "-1"]);
    const lorenskog = rows.find((r) => r[0] === "lorenskog");
    expect(lorenskog?.slice(5, 9)).toEqual(["1", "1", "2", "1"]);
    const summary = new Map(rowsOf(tables.get("Summary")).map((r) => [r[0], r[1]]));
    const reciprocity = 1.5 * (plan.balance ?? []).reduce((sum, b) => sum + Math.abs(b.balanceAfter), 0);
    expect(Number(summary.get("reciprocity"))).toBeCloseTo(reciprocity, 2);
    expect(summary.get("points")).toContain("1.5 per away trainee by which a member received more than it sent");
    const warnings = rowsOf(tables.get("Summary")).filter((r) => r[0] === "warning").map((r) => r[1]);
    expect(warnings).toEqual((plan.warnings ?? []).map((w) => w.message));
    expect(warnings.join()).toContain('"blaker"');
  });

  it("shows the fairness cost terms in the Costs sheet, only when weighted", async () => {
    const costs = rowsOf(tablesOf(await writePlanWorkbook(withHistory, plan)).get("Costs"));
    const header = costs[0] ?? [];
    expect(header.slice(-3)).toEqual(["Repeat exchange", "Repeat mentor at host", "Travel km"]);
    const column = header.indexOf("Repeat exchange");
    plan.assignments.forEach((a, i) => expect(Number(costs[i + 1]?.[column])).toBeCloseTo(a.cost.repeatExchange ?? Number.NaN, 2));
    const plain = solveCohort(romerike);
    if (!plain.ok) throw new Error("not valid");
    const nb = writePlanCsv(romerike, plain.plan, { lang: "nb", bom: false });
    expect(nb["plan-costs.csv"]?.split("\r\n")[0]).not.toContain("Gjentatt");
    expect(nb["plan-balance.csv"]?.split("\r\n")[0]).toBe(
      "Medlem,Medlemmets navn,Vert for,Sendt ut,Mottatt,Tidligere vert for,Tidligere sendt ut,Tidligere mottatt,Balanse før,Endring,Balanse etter",
    );
    // Without a history or a weight the plan has no balance: the sheet counts it, history 0.
    expect(plain.plan.balance).toBeUndefined();
    const balance = nb["plan-balance.csv"]?.split("\r\n").slice(1, -1).map((line) => line.split(",")) ?? [];
    expect(balance.length).toBe(romerike.members.length);
    const sent = balance.reduce((sum, r) => sum + Number(r[3]), 0);
    expect(sent).toBe(plain.plan.assignments.reduce((sum, a) => sum + a.placements.filter((p) => p.member !== a.host).length, 0));
    expect(balance.every((r) => r[5] === "0" && r[8] === "0" && r[9] === r[10])).toBe(true);
  });

  it.each([["en"], ["nb"]] as const)("reads back the same plan, balance and warnings included (%s)", async (lang: Lang) => {
    expect(plan.warnings?.map((w) => w.code)).toEqual(["history_unknown_member", "history_unknown_person"]);
    const read = await readPlanWorkbook(await writePlanWorkbook(withHistory, plan, { lang }));
    expect(read.issues).toEqual([]);
    expect(read.warnings).toEqual([]);
    if (!read.ok) throw new Error("refused");
    expect(read.plan).toEqual(plan);
    expect(read.cohort.history).toEqual(asSheetKeepsIt);
  });

  it("rebuilds an edited plan with its balance, reciprocity and warnings computed again", async () => {
    const moved = plan.assignments.find((a) => a.placements.some((p) => p.period === "part-2"));
    if (moved === undefined) throw new Error("no away placement");
    const from = moved.placements.find((p) => p.period === "part-2")?.member;
    const published = await writePlanWorkbook(withHistory, plan);
    // The first other member the visitor may go to (capacity, specialization): the verifier refuses the others.
    let read: Awaited<ReturnType<typeof readPlanWorkbook>> | undefined;
    for (const to of romerike.members.map((m) => m.id).filter((id) => id !== from && id !== moved.host)) {
      const edited = editSheets(published, (sheet, rows) =>
        sheet !== "Plan" ? rows : rows.map((r) => (r[0] === moved.trainee && r[2] === "part-2" ? r.map((c, i) => (i === 6 ? to : c)) : r)),
      );
      read = await readPlanWorkbook(edited);
      if (read.ok) break;
      expect(read.issues[0]?.sheet).toBe("Plan");
    }
    if (read === undefined || !read.ok) throw new Error("no member could take the visitor");
    expect(read.warnings.map((w) => w.code)).toEqual(["plan_edited"]);
    const rebuilt = read.plan;
    expect(rebuilt.balance).not.toEqual(plan.balance);
    expect(rebuilt.warnings?.map((w) => w.code)).toEqual(["history_unknown_member", "history_unknown_person"]);
    expect(verifyPlan(read.cohort, rebuilt).ok).toBe(true);
  });
});

describe("an earlier plan as a history entry", () => {
  const earlier = JSON.parse(readFileSync(new URL("../../../examples/romerike-2011.json", import.meta.url), "utf8")) as CohortInput;
  const solved = solveCohort(earlier);
  if (!solved.ok) throw new Error("not valid");
  const plan = solved.plan;

  it("takes a plan's JSON with a name, given or its own, and leaves the costs out", () => {
    const given = historyEntryOfPlan(plan, { name: "Romerike 2011" });
    expect(given.ok).toBe(true);
    expect(given.entry?.name).toBe("Romerike 2011");
    expect(given.entry?.assignments).toEqual(plan.assignments.map(({ cost: _c, ...a }) => a));
    expect(historyEntryOfPlan({ ...plan, name: "Own name" }).entry?.name).toBe("Own name");
  });

  it("refuses a plan that names no cohort, and what is no plan", () => {
    const unnamed = historyEntryOfPlan(plan);
    expect(unnamed.issues.map((i) => [i.code, i.path])).toEqual([["missing_history_name", "name"]]);
    expect(formatSheetIssue(unnamed.issues[0] as SheetIssue, "nb")).toMatch(/^planen sier ikke hvilket kull den er fra: oppgi navnet/);
    expect(historyEntryOfPlan({ name: "x" }).issues.map((i) => [i.code, i.path])).toEqual([["invalid_value", "assignments"]]);
  });

  it("takes a plan workbook, named by its programme, and the cohort that carries it solves with it", async () => {
    const read = await readHistoryEntryWorkbook(await writePlanWorkbook(earlier, plan, { lang: "nb" }));
    expect(read.issues).toEqual([]);
    expect(read.entry?.name).toBe(earlier.programme.name);
    expect(read.entry?.assignments).toEqual(plan.assignments.map(({ cost: _c, ...a }) => a));
    expect((await readHistoryEntryWorkbook(await writePlanWorkbook(earlier, plan), { name: "2011" })).entry?.name).toBe("2011");
    const cohort = { ...romerike, history: [read.entry as HistoryEntry] };
    expect(parseCohort(cohort).ok).toBe(true);
    const next = solveCohort(cohort);
    expect(next.ok && next.plan.balance?.some((b) => b.history.sent > 0)).toBe(true);
  });

  it("passes a plan workbook's problems on", async () => {
    const read = await readHistoryEntryWorkbook(await writeCohortWorkbook(earlier));
    expect(read.issues.map((i) => i.code)).toEqual(["not_a_plan_workbook"]);
  });
});
