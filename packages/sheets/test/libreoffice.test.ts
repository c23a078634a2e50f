/**
 * The workbooks rotamatch writes, opened by real LibreOffice (Debian's libreoffice-calc,
 * headless) as a Norwegian working group opens them: the Romerike plan workbook in English and
 * Norwegian, a re-planned one with its Changes sheet, and the hidden `rotamatch.plan` copy,
 * converted to .ods and to CSV (every sheet), a plan with history (its History and Balance
 * by member sheets, its `balance` and `warnings` read back), the cohort workbook (Romerike's, and a generated
 * one of 300 trainees, whose .ods packs 25 times) to .ods, the template and the cohort workbook
 * saved again as XLSX. Each conversion must end with exit code 0 and say
 * nothing on standard error (less the launcher's notice about Java, LAUNCHER_NOTICES); what it
 * wrote must hold the same sheets, headers and cells (names with æøå, numbers as numbers,
 * dates as dates); and what LibreOffice saved must read back: the plan to the same bytes, the
 * cohort to the same cohort. The .ods files here are LibreOffice's own output, where ods.test.ts
 * uses a hand-made one.
 *
 * What LibreOffice changes, and the test allows: a number keeps 15 significant digits (the
 * Summary's solve times had 16 or 17), and a yes/no cell of an XLSX becomes a formula
 * =TRUE() or =FALSE() saved as the number 1 or 0 (read back as true or false all the same).
 *
 * Skipped where `soffice` is missing; with CI set that fails instead (support/libreoffice.ts).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { generateCohort, replanCohort, solveCohort, verifyPlan, type CohortInput, type ReplanPlan, type SolvedPlan } from "@rotamatch/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  PLAN_COPY_SHEET,
  PLAN_HEADERS,
  PLAN_SHEET_NAMES,
  formatSheetIssue,
  readCohortWorkbook,
  readPlanWorkbook,
  writeCohortWorkbook,
  writePlanWorkbook,
  writeTemplateWorkbook,
  type PlanWorkbookImport,
} from "../src/index.js";
import { readWorkbookFile } from "../src/read/workbook-file.js";
import { isDateCell, type CellValue, type Table } from "../src/table.js";
import { DEFAULT_SHEET_LIMITS } from "../src/types.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";
import { PLAN_COLUMN, editPlanCell, editSheets } from "./support/edit-workbook.js";
import { convertWithLibreOffice, describeWithLibreOffice, parseQuotedCsv, type Conversion } from "./support/libreoffice.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
/**
 * Timings with few digits: LibreOffice keeps 15 significant digits but does not always round the
 * last one as toPrecision(15) does (9.883518000000094 came back 9.8835180000001), and a solve's
 * timings are arbitrary floats.
 */
function steadyStats<P extends { stats?: SolvedPlan["stats"] }>(p: P): P {
  return p.stats === undefined ? p : { ...p, stats: { ...p.stats, solveMs: 9.5, totalMs: 12.25 } };
}
const plan = steadyStats(solved.plan as SolvedPlan);
/** docs/replanning.md: on 1 March 2014 the mentor of Nora Amundsen (t3) leaves. */
const mentorLeaves: CohortInput = { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
const replanned = ((): ReplanPlan => {
  const result = replanCohort(mentorLeaves, plan, { asOf: "2014-03-01" });
  if (!result.ok) throw new Error("the re-plan failed");
  return steadyStats(result.plan);
})();
/** A yes/no setting that is yes: LibreOffice turns the XLSX's boolean cell into the number 1. */
const allowsUnassigned: CohortInput = { ...romerike, rules: { ...romerike.rules, allowUnassigned: true } };
/**
 * Romerike with two earlier cohorts (names with æøå and a comma, a member that left) and the
 * fairness weights: the History sheet, the weights and the Balance by member sheet, and a plan
 * that carries `balance` and `warnings`.
 */
const withHistory: CohortInput = {
  ...romerike,
  weights: { ...romerike.weights, repeatExchange: 2, repeatMentorHost: 1, reciprocity: 1.5 },
  history: [
    {
      name: "Romerike 2009, Lørenskog",
      assignments: [
        { trainee: "t-2009-1", host: "skedsmo", supervisor: "skedsmo-supervisor-1", mentor: "nrv-nra-mentor-1", placements: [{ period: "part-2", member: "lorenskog" }] },
        { trainee: "t-2009-2", host: "blaker", supervisor: null, mentor: null, placements: [{ period: "part-2", member: "skedsmo" }] },
      ],
    },
    { name: "Romerike 2011", assignments: [{ trainee: "t-2011-1", host: "lorenskog", supervisor: null, mentor: "lorenskog-mentor-1", placements: [{ period: "p2", member: "oras" }] }] },
  ],
};
const historyPlan = ((): SolvedPlan => {
  const result = solveCohort(withHistory);
  if (!result.ok) throw new Error("the cohort with history is not valid");
  return steadyStats(result.plan as SolvedPlan);
})();
/** A cohort of 300 trainees: LibreOffice's .ods of it unpacks to 25 times its size (ODS_UNPACK_FACTOR). */
const big = generateCohort({ trainees: 300, members: 150, hosts: "chosen" });

/** The plan workbooks converted to .ods and CSV: what was published, in which language. */
const PLAN_FILES = [
  { file: "plan-en", lang: "en" as const, cohort: romerike, published: plan as object },
  { file: "plan-nb", lang: "nb" as const, cohort: romerike, published: plan as object },
  { file: "replan-en", lang: "en" as const, cohort: mentorLeaves, published: replanned as object },
  { file: "replan-nb", lang: "nb" as const, cohort: mentorLeaves, published: replanned as object },
  { file: "history-nb", lang: "nb" as const, cohort: withHistory, published: historyPlan as object },
];
const COHORT_FILES = [
  { file: "cohort-en", cohort: romerike, lang: "en" as const },
  { file: "cohort-nb", cohort: romerike, lang: "nb" as const },
  { file: "cohort-en-unassigned", cohort: allowsUnassigned, lang: "en" as const },
  { file: "cohort-nb-300", cohort: big, lang: "nb" as const },
];
/** Opened in LibreOffice and saved again as XLSX ("Keep current format"). */
const RESAVED_FILES = ["template-nb", "cohort-nb", "plan-nb"];

/**
 * CSV, every sheet to a file of its own (`<file>-<sheet>.csv`, LibreOffice 7.2 and later):
 * `,` and `"`, UTF-8 (76), from row 1, quoting every text cell (so a number, a date or a
 * boolean is told by having no quotes), cells as shown, sheet -1 (all).
 */
const CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1";
const XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML";

let dir = "";
const runs: Record<"ods" | "csv" | "xlsx", Conversion | null> = { ods: null, csv: null, xlsx: null };
const written = new Map<string, Uint8Array>();

const bytesOf = (path: string): Uint8Array => new Uint8Array(readFileSync(join(dir, path)));
const run = (kind: keyof typeof runs): Conversion => {
  const conversion = runs[kind];
  if (conversion === null) throw new Error(`the ${kind} conversion did not run`);
  return conversion;
};
const original = (file: string): Uint8Array => {
  const bytes = written.get(file);
  if (bytes === undefined) throw new Error(`${file} was not written`);
  return bytes;
};
const allTables = (bytes: Uint8Array) => readWorkbookFile(bytes, DEFAULT_SHEET_LIMITS, () => true);

function accepted(result: PlanWorkbookImport): Extract<PlanWorkbookImport, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${result.issues.map((i) => formatSheetIssue(i)).join("; ")}`);
  return result;
}

/** A cell as LibreOffice keeps it: numbers to 15 significant digits, yes/no as 1/0. */
function asLibreOfficeKeepsIt(cell: CellValue): CellValue {
  if (typeof cell === "number") return Number(cell.toPrecision(15));
  if (typeof cell === "boolean") return cell ? 1 : 0;
  return cell;
}

function keptTables(tables: readonly Table[]): Table[] {
  return tables.map((t) => ({ name: t.name, rows: t.rows.map((r) => ({ row: r.row, cells: r.cells.map(asLibreOfficeKeepsIt) })) }));
}

/** A plan's JSON with every number as LibreOffice keeps it (a plan rebuilt from the Summary takes its stats from there). */
function keptNumbers(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" ? Number(v.toPrecision(15)) : v));
}

describeWithLibreOffice("workbooks opened and saved by LibreOffice", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rotamatch-libreoffice-"));
    for (const { file, lang, cohort, published } of PLAN_FILES) written.set(file, await writePlanWorkbook(cohort, published as SolvedPlan, { lang }));
    for (const { file, cohort, lang } of COHORT_FILES) written.set(file, await writeCohortWorkbook(cohort, { lang }));
    written.set("template-nb", await writeTemplateWorkbook({ lang: "nb" }));
    // Kristian Helle (t4) moved to Nittedal by hand (plan-workbook.test.ts), and a workbook without the hidden copy.
    written.set("plan-edited-en", editPlanCell(original("plan-en"), "t4", "part-2", PLAN_COLUMN.member, "nittedal"));
    written.set("plan-nocopy-en", editSheets(original("plan-en"), (sheet, rows) => (sheet === PLAN_COPY_SHEET ? null : rows)));
    for (const [file, bytes] of written) writeFileSync(join(dir, `${file}.xlsx`), bytes);

    const profileDir = join(dir, "profile");
    const inputs = (files: readonly string[]) => files.map((f) => join(dir, `${f}.xlsx`));
    const odsFiles = [...PLAN_FILES.map((f) => f.file), ...COHORT_FILES.map((f) => f.file), "plan-edited-en", "plan-nocopy-en"];
    // One LibreOffice at a time on one profile: each run waits for the one before.
    runs.ods = await convertWithLibreOffice({ to: "ods", files: inputs(odsFiles), outDir: join(dir, "ods"), profileDir });
    runs.csv = await convertWithLibreOffice({ to: CSV_FILTER, files: inputs(PLAN_FILES.map((f) => f.file)), outDir: join(dir, "csv"), profileDir });
    runs.xlsx = await convertWithLibreOffice({ to: XLSX_FILTER, files: inputs(RESAVED_FILES), outDir: join(dir, "xlsx"), profileDir });
  }, 400_000);

  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    { kind: "ods" as const, files: PLAN_FILES.length + COHORT_FILES.length + 2 },
    { kind: "csv" as const, files: PLAN_FILES.length },
    { kind: "xlsx" as const, files: RESAVED_FILES.length },
  ])("converts every file to $kind: exit code 0, nothing on standard error, one output per file", ({ kind, files }) => {
    const conversion = run(kind);
    console.info(`soffice --convert-to ${kind}: ${files} files in ${(conversion.ms / 1000).toFixed(1)} s`);
    expect(conversion.errors).toEqual([]);
    expect(conversion.status).toBe(0);
    const lines = conversion.stdout.split("\n").filter((line) => line.trim() !== "");
    // "convert IN -> OUT using filter : NAME" per file; for CSV, "convert IN using filter ..." then "Writing sheet NAME -> OUT" per sheet.
    expect(lines.every((line) => /^convert \S+\.xlsx (-> \S+ )?using filter : /.test(line) || /^Writing sheet .+ -> .+\.csv$/.test(line))).toBe(true);
    expect(lines.filter((line) => line.startsWith("convert "))).toHaveLength(files);
  });

  it.each(PLAN_FILES)("$file as .ods: the same sheets (the copy still hidden), headers and cells; dates as dates, costs as numbers", ({ file, lang }) => {
    const ods = bytesOf(`ods/${file}.ods`);
    const before = readXlsx(original(file), DEFAULT_SHEET_LIMITS, () => true);
    const after = allTables(ods);
    expect(after.problems).toEqual([]);
    expect(after.sheetNames).toEqual(before.sheetNames);
    expect(after.sheetNames).toEqual(expect.arrayContaining([PLAN_SHEET_NAMES[lang].summary, PLAN_SHEET_NAMES[lang].plan, PLAN_SHEET_NAMES[lang].costs, PLAN_COPY_SHEET]));
    expect(keptTables(after.tables)).toEqual(keptTables(before.tables));
    // Those changes only where the workbook has 16-digit numbers (the Summary's solve times) and yes/no cells (Rules).
    const touched = new Set([PLAN_SHEET_NAMES[lang].summary, "Rules"]);
    expect(after.tables.filter((t) => !touched.has(t.name))).toEqual(before.tables.filter((t) => !touched.has(t.name)));

    // Only the copy is hidden: LibreOffice's table style says `table:display="false"`.
    const content = strFromU8(unzipSync(ods)["content.xml"] as Uint8Array);
    const styleOf = new Map([...content.matchAll(/<table:table table:name="([^"]*)" table:style-name="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const hidden = [...styleOf].filter(([, style]) => new RegExp(`style:name="${style}"[^>]*><style:table-properties table:display="false"`).test(content)).map(([name]) => name);
    expect(hidden).toEqual([PLAN_COPY_SHEET]);

    const sheet = (key: "plan" | "costs") => after.tables.find((t) => t.name === PLAN_SHEET_NAMES[lang][key]) as Table;
    const column = (table: Table, header: string) => (table.rows[0]?.cells ?? []).indexOf(header);
    const planSheet = sheet("plan");
    const from = column(planSheet, PLAN_HEADERS[lang].plan.from);
    expect(planSheet.rows.slice(1).every((r) => isDateCell(r.cells[from] ?? null))).toBe(true);
    expect(content).toContain('office:value-type="date" office:date-value="2013-08-19"');
    const costs = sheet("costs");
    const cost = column(costs, PLAN_HEADERS[lang].costs.cost);
    const figures = costs.rows.slice(1).map((r) => r.cells[cost]);
    expect(figures.length).toBe(romerike.trainees.length);
    expect(figures.every((c) => typeof c === "number" && Math.round(c * 100) / 100 === c)).toBe(true);
    // Names with æøå, as written.
    const text = JSON.stringify(after.tables);
    for (const name of ["Jørgen Løken", "Emilie Grønli", "Lørenskog kommune", "Aurskog-Høland kommune", "ØRAS IKS"]) expect(text).toContain(name);
  });

  it.each(PLAN_FILES)("$file as CSV, every sheet: text quoted and intact, numbers, dates and yes/no unquoted as written", ({ file, lang }) => {
    const before = readXlsx(original(file), DEFAULT_SHEET_LIMITS, () => true);
    const csvFiles = readdirSync(join(dir, "csv")).filter((f) => f.startsWith(`${file}-`));
    expect(csvFiles.sort()).toEqual(before.sheetNames.map((name) => `${file}-${name}.csv`).sort());
    if (lang === "nb") expect(csvFiles).toContain(`${file}-Låsinger.csv`);
    for (const table of before.tables) {
      const rows = parseQuotedCsv(readFileSync(join(dir, "csv", `${file}-${table.name}.csv`), "utf8"));
      const expected = new Map(table.rows.map((r) => [r.row, r.cells]));
      rows.forEach((fields, i) => {
        const cells = expected.get(i + 1) ?? [];
        fields.forEach((field, c) => {
          const cell = cells[c] ?? null;
          const where = `${table.name}!${i + 1}:${c + 1}`;
          if (cell === null) expect({ where, ...field }).toEqual({ where, text: "", quoted: false });
          else if (typeof cell === "string") expect({ where, ...field }).toEqual({ where, text: cell, quoted: true });
          else if (typeof cell === "number") expect({ where, number: Number(field.text), quoted: field.quoted }).toEqual({ where, number: asLibreOfficeKeepsIt(cell), quoted: false });
          else if (typeof cell === "boolean") expect({ where, ...field }).toEqual({ where, text: cell ? "TRUE" : "FALSE", quoted: false });
          else expect({ where, ...field }).toEqual({ where, text: cell.date, quoted: false });
        });
        expect(fields.length).toBeGreaterThanOrEqual(cells.length);
      });
      expect(rows.length).toBe(Math.max(0, ...table.rows.map((r) => r.row)));
    }
    const planCsv = readFileSync(join(dir, "csv", `${file}-${PLAN_SHEET_NAMES[lang].plan}.csv`), "utf8");
    expect(planCsv).toContain('"Jørgen Løken"');
    expect(planCsv).toContain('"Lørenskog kommune"');
  });

  it.each(PLAN_FILES)("$file saved as .ods reads back as the plan published, to the byte, without warnings", async ({ file, cohort, published }) => {
    const read = accepted(await readPlanWorkbook(bytesOf(`ods/${file}.ods`)));
    expect(JSON.stringify(read.plan)).toBe(JSON.stringify(published));
    expect(read.warnings).toEqual([]);
    // A re-plan's `changes` are beside the plan, not in it.
    const { changes: _changes, ...plain } = read.plan as SolvedPlan & { readonly changes?: unknown };
    expect(verifyPlan(cohort, plain)).toMatchObject({ ok: true });
    expect(read.cohort).toEqual(accepted(await readPlanWorkbook(original(file))).cohort);
  });

  it("an edited Plan sheet saved as .ods is rebuilt as from the XLSX, with the warning at the same row", async () => {
    const fromOds = accepted(await readPlanWorkbook(bytesOf("ods/plan-edited-en.ods")));
    const fromXlsx = accepted(await readPlanWorkbook(original("plan-edited-en")));
    expect(fromOds.warnings).toMatchObject([{ code: "plan_edited", sheet: "Plan", row: 12 }]);
    expect(fromOds.warnings).toEqual(fromXlsx.warnings);
    expect(JSON.stringify(fromOds.plan)).toBe(JSON.stringify(fromXlsx.plan));
    expect(fromOds.plan.assignments.find((a) => a.trainee === "t4")?.placements[1]?.member).toBe("nittedal");
    expect(verifyPlan(romerike, fromOds.plan)).toMatchObject({ ok: true });
  });

  it("a workbook without the hidden copy, saved as .ods, is rebuilt from its sheets as from the XLSX (stats to 15 digits)", async () => {
    const fromOds = accepted(await readPlanWorkbook(bytesOf("ods/plan-nocopy-en.ods")));
    const fromXlsx = accepted(await readPlanWorkbook(original("plan-nocopy-en")));
    expect(fromOds.warnings.map((w) => w.code)).toEqual(["plan_rebuilt"]);
    expect(keptNumbers(fromOds.plan)).toBe(keptNumbers(fromXlsx.plan));
    expect(JSON.stringify(fromOds.plan.assignments)).toBe(JSON.stringify(plan.assignments));
    expect(verifyPlan(romerike, fromOds.plan)).toMatchObject({ ok: true });
  });

  it.each(COHORT_FILES)("the cohort workbook $file saved as .ods imports to the same cohort", async ({ file, cohort }) => {
    const fromOds = await readCohortWorkbook(bytesOf(`ods/${file}.ods`));
    const fromXlsx = await readCohortWorkbook(original(file));
    expect(fromOds.issues).toEqual([]);
    expect(fromOds.cohort).toEqual(fromXlsx.cohort);
    expect((fromOds.cohort as CohortInput).rules?.allowUnassigned).toBe(cohort.rules?.allowUnassigned ?? false);
  });

  it.each(RESAVED_FILES)("%s opened and saved again as XLSX keeps its sheets, cells and drop-down lists, and imports as before", async (file) => {
    const before = original(file);
    const after = bytesOf(`xlsx/${file}.xlsx`);
    const [a, b] = [readXlsx(before, DEFAULT_SHEET_LIMITS, () => true), readXlsx(after, DEFAULT_SHEET_LIMITS, () => true)];
    expect(b.problems).toEqual([]);
    expect(b.sheetNames).toEqual(a.sheetNames);
    expect(keptTables(b.tables)).toEqual(keptTables(a.tables));
    // The drop-down lists (cohort sheets' fixed values) survive, in Norwegian.
    const lists = (bytes: Uint8Array) =>
      Object.entries(unzipSync(bytes))
        .filter(([name]) => name.startsWith("xl/worksheets/"))
        .flatMap(([, xml]) => [...strFromU8(xml).matchAll(/<formula1>([^<]*)<\/formula1>/g)].map((m) => m[1]))
        .sort();
    expect(lists(after)).toEqual(lists(before));
    expect(lists(after).join()).toContain("kommune");

    const cohortBefore = await readCohortWorkbook(before);
    const cohortAfter = await readCohortWorkbook(after);
    // The template is empty: the same problems, at the same sheets, rows and columns; the others the same cohort.
    expect(cohortAfter.issues).toEqual(cohortBefore.issues);
    expect(cohortAfter.cohort).toEqual(cohortBefore.cohort);
    if (file === "template-nb") expect(cohortAfter.issues.length).toBeGreaterThan(0);
    else expect(cohortAfter.issues).toEqual([]);
    if (file === "plan-nb") expect(JSON.stringify(accepted(await readPlanWorkbook(after)).plan)).toBe(JSON.stringify(plan));
  });
});
