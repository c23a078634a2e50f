/**
 * Files in the user's language: the template, the plan workbook, the CSV files and the
 * calendars in English (the default, the files as they always were) or Norwegian; a Norwegian
 * cohort workbook or CSV set imports back as the same cohort; the words are complete.
 */
import { readFileSync } from "node:fs";
import { unzipSync, strFromU8 } from "fflate";
import fc from "fast-check";
import { generateCohort, solveCohort, type CohortInput, type Plan, type PlanJson } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import {
  COHORT_SHEETS,
  CHANGES_SHEET,
  PLAN_HEADERS,
  PLAN_SHEETS,
  PLAN_SHEET_NAMES,
  SUMMARY_KEY_WORDS,
  planSheets,
  readCohortCsv,
  readCohortWorkbook,
  writeCohortCsv,
  writeCohortWorkbook,
  writePlanCsv,
  writePlanIcs,
  writePlanWorkbook,
  type Lang,
} from "../src/index.js";
import { cellText, type Table } from "../src/table.js";
import { DEFAULT_SHEET_LIMITS } from "../src/types.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";
import { COHORT_VALUE_WORDS_NB, LANGS, VALUE_WORDS } from "../src/words.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan: Plan = solved.plan;

/** Every rule and enum value away from its default, so that each Norwegian word is written and read. */
const unusual: CohortInput = {
  ...romerike,
  rules: { mentorOutside: "host-and-away", specializationFit: "preferred", allowUnassigned: true },
  weights: { travelPerKm: 0.25 },
  members: romerike.members.map((m, i) => ({ ...m, kind: (["municipality", "municipal-company", "inter-municipal-company", "other"] as const)[i % 4] })),
};

function tables(workbook: Uint8Array): readonly Table[] {
  return readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => true).tables;
}

function rowsOf(table: Table | undefined): string[][] {
  return (table?.rows ?? []).map((r) => r.cells.map((c) => (c === null ? "" : cellText(c))));
}

describe("the words", () => {
  it("name the plan sheets as PLAN_SHEETS and CHANGES_SHEET do in English", () => {
    expect(planSheets("en", false)).toEqual(PLAN_SHEETS.map((s) => ({ name: s.name, file: s.file })));
    expect(planSheets("en", true)[1]).toEqual({ name: CHANGES_SHEET.name, file: CHANGES_SHEET.file });
  });

  it.each(LANGS.map((lang) => [lang]))("give every sheet in %s a distinct name no cohort sheet has, of at most 31 characters", (lang) => {
    const plan = Object.values(PLAN_SHEET_NAMES[lang]);
    const cohort = COHORT_SHEETS.flatMap((s) => [s.name, s.nb]);
    expect(new Set(plan.map((n) => n.toLowerCase())).size).toBe(plan.length);
    for (const name of plan) {
      expect(cohort.map((n) => n.toLowerCase())).not.toContain(name.toLowerCase());
      expect(name.length).toBeLessThanOrEqual(31);
    }
  });

  it("have the same keys in both languages", () => {
    for (const sheet of Object.keys(PLAN_HEADERS.en) as (keyof typeof PLAN_HEADERS.en)[]) {
      expect(Object.keys(PLAN_HEADERS.nb[sheet])).toEqual(Object.keys(PLAN_HEADERS.en[sheet]));
    }
    expect(Object.keys(SUMMARY_KEY_WORDS.nb)).toEqual(Object.keys(SUMMARY_KEY_WORDS.en));
    expect(Object.keys(VALUE_WORDS.nb)).toEqual(Object.keys(VALUE_WORDS.en));
  });
});

describe("English stays the default", () => {
  it("writes the same files with and without lang: \"en\"", async () => {
    expect(await writeCohortWorkbook(romerike, { lang: "en" })).toEqual(await writeCohortWorkbook(romerike));
    expect(writeCohortCsv(romerike, { lang: "en" })).toEqual(writeCohortCsv(romerike));
    expect(await writePlanWorkbook(romerike, plan, { lang: "en" })).toEqual(await writePlanWorkbook(romerike, plan));
    expect(writePlanCsv(romerike, plan, { lang: "en" })).toEqual(writePlanCsv(romerike, plan));
    expect(writePlanIcs(romerike, plan, { lang: "en", trainee: "t3" })).toBe(writePlanIcs(romerike, plan, { trainee: "t3" }));
  });

  it("keeps the cohort template's bytes (examples/romerike-2013.xlsx)", async () => {
    const template = new Uint8Array(readFileSync(new URL("../../../examples/romerike-2013.xlsx", import.meta.url)));
    expect(await writeCohortWorkbook(romerike)).toEqual(template);
  });
});

describe("the cohort in Norwegian", () => {
  it("names the sheets, headers and settings in Norwegian and writes fixed values and yes/no in Norwegian", async () => {
    const read = tables(await writeCohortWorkbook(unusual, { lang: "nb" }));
    expect(read.map((t) => t.name)).toEqual(COHORT_SHEETS.map((s) => s.nb));
    const sheet = (name: string) => rowsOf(read.find((t) => t.name === name));
    expect(sheet("Perioder")).toEqual([
      ["Id", "Måneder", "Sted"],
      ["part-1", "6", "vert"],
      ["part-2", "6", "borte"],
      ["part-3", "6", "vert"],
    ]);
    expect(sheet("Regler")).toEqual([
      ["Innstilling", "Verdi"],
      ["mentor utenfra", "vert og borte"],
      ["spesialiseringskrav", "foretrukket"],
      ["tillat tomme roller", "ja"],
    ]);
    expect(sheet("Vekter")[3]).toEqual(["reise per km", "0.25"]);
    expect(sheet("Medlemmer").slice(1, 5).map((r) => r[2])).toEqual(["kommune", "kommunalt foretak", "interkommunalt selskap", "annet"]);
    expect(sheet("Personer")[1]?.[3]).toMatch(/^(veileder|mentor)$/);
  });

  it("offers the Norwegian values in the drop-down lists", async () => {
    const parts = unzipSync(await writeCohortWorkbook(romerike, { lang: "nb" }));
    const periods = strFromU8(parts["xl/worksheets/sheet2.xml"] as Uint8Array);
    expect(periods).toContain("<formula1>&quot;vert,borte&quot;</formula1>");
  });

  it.each([
    ["the Romerike cohort", romerike],
    ["a cohort with every rule and kind away from the default", unusual],
  ])("imports back as the same cohort, from a workbook and from CSV files: %s", async (_name, cohort) => {
    const english = await readCohortWorkbook(await writeCohortWorkbook(cohort));
    const workbook = await readCohortWorkbook(await writeCohortWorkbook(cohort, { lang: "nb" }));
    expect(workbook.issues).toEqual([]);
    expect(workbook.cohort).toEqual(english.cohort);
    for (const delimiter of [",", ";"] as const) {
      const csv = readCohortCsv(writeCohortCsv(cohort, { lang: "nb", delimiter }));
      expect(csv.issues).toEqual([]);
      expect(csv.cohort).toEqual(english.cohort);
    }
  });

  it("imports generated cohorts written in Norwegian as the same cohorts as in English", async () => {
    const generated = fc
      .record({
        trainees: fc.integer({ min: 1, max: 10 }),
        members: fc.integer({ min: 4, max: 8 }),
        awayPeriods: fc.integer({ min: 1, max: 2 }),
        hosts: fc.constantFrom("given" as const, "chosen" as const),
        seed: fc.integer({ min: 1, max: 1_000_000 }),
        specializationFit: fc.constantFrom("required" as const, "preferred" as const),
        mentorOutside: fc.constantFrom("host" as const, "host-and-away" as const),
      })
      .map((options) => generateCohort(options));
    await fc.assert(
      fc.asyncProperty(generated, async (cohort) => {
        const english = await readCohortWorkbook(await writeCohortWorkbook(cohort));
        const norwegian = await readCohortWorkbook(await writeCohortWorkbook(cohort, { lang: "nb" }));
        expect(norwegian.issues).toEqual([]);
        expect(norwegian.cohort).toEqual(english.cohort);
        expect(readCohortCsv(writeCohortCsv(cohort, { lang: "nb", delimiter: ";" })).cohort).toEqual(english.cohort);
      }),
      { numRuns: 15 },
    );
  });

  it("reads every Norwegian value word back as its English value", async () => {
    const read = await readCohortWorkbook(await writeCohortWorkbook(unusual, { lang: "nb" }));
    expect(read.cohort?.rules).toEqual(unusual.rules);
    expect(read.cohort?.members.map((m) => m.kind)).toEqual(unusual.members.map((m) => m.kind));
    expect(Object.keys(COHORT_VALUE_WORDS_NB).length).toBeGreaterThan(0);
  });
});

describe("the plan in Norwegian", () => {
  it.each(LANGS.map((lang) => [lang]))("in %s: the plan's sheets then the cohort's, with the language's names and headers", async (lang: Lang) => {
    const read = tables(await writePlanWorkbook(romerike, plan, { lang }));
    const names = read.map((t) => t.name);
    expect(names.slice(0, PLAN_SHEETS.length)).toEqual(planSheets(lang, false).map((s) => s.name));
    expect(names.slice(PLAN_SHEETS.length, PLAN_SHEETS.length + COHORT_SHEETS.length)).toEqual(COHORT_SHEETS.map((s) => (lang === "nb" ? s.nb : s.name)));
    const header = (key: "summary" | "plan" | "costs") => rowsOf(read.find((t) => t.name === PLAN_SHEET_NAMES[lang][key]))[0];
    expect(header("summary")).toEqual(Object.values(PLAN_HEADERS[lang].summary));
    expect(header("plan")).toEqual(Object.values(PLAN_HEADERS[lang].plan));
    // The fairness terms have columns only when weighted (not in the Romerike cohort).
    const { repeatExchange: _e, repeatMentorHost: _m, ...costs } = PLAN_HEADERS[lang].costs;
    expect(header("costs")).toEqual(Object.values(costs));
  });

  it("writes host/away, the status and the Summary's keys in Norwegian", async () => {
    const files = writePlanCsv(romerike, plan, { lang: "nb", bom: false });
    expect(Object.keys(files)).toEqual(PLAN_SHEETS.map((s) => s.file));
    expect(files["plan.csv"]?.split("\r\n").slice(0, 3)).toEqual([
      "Trainee,Traineens navn,Periode,Sted,Fra,Til,Medlem,Medlemmets navn,Vert,Veileder,Veileders navn,Mentor,Mentors navn",
      "t1,Emilie Grønli,part-1,vert,2013-08-19,2014-02-18,skedsmo,Skedsmo kommune,skedsmo,skedsmo-supervisor-1,Per Arne Fossum,nrv-nra-mentor-1,Elisabeth Wold",
      "t1,Emilie Grønli,part-2,borte,2014-02-19,2014-08-18,lorenskog,Lørenskog kommune,skedsmo,skedsmo-supervisor-1,Per Arne Fossum,nrv-nra-mentor-1,Elisabeth Wold",
    ]);
    const summary = files["plan-summary.csv"]?.split("\r\n") ?? [];
    expect(summary.slice(0, 3)).toEqual(["Innstilling,Verdi", "program,\"Tekniske Tjenester Romerike, traineeprogram 2013-2015\"", "oppstart,2013-08-19"]);
    const timedOut: PlanJson = { ...plan, status: "timedout", objective: null, bound: null, assignments: [], unassigned: [] };
    expect(writePlanCsv(romerike, timedOut, { lang: "nb", bom: false })["plan-summary.csv"]).toContain("\r\nstatus,tidsavbrudd\r\n");
  });

  it("imports back as the cohort it was planned from", async () => {
    const read = await readCohortWorkbook(await writePlanWorkbook(romerike, plan, { lang: "nb" }));
    expect(read.issues).toEqual([]);
    expect(read.cohort).toEqual((await readCohortWorkbook(await writeCohortWorkbook(romerike))).cohort);
  });
});

/** Unfolded events, each as a map of property (with parameters) to value. */
function events(ics: string): Map<string, string>[] {
  return ics
    .replace(/\r\n /g, "")
    .split("BEGIN:VEVENT\r\n")
    .slice(1)
    .map((block) => new Map(block.split("\r\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)])));
}

describe("the calendars in Norwegian", () => {
  it("title a trainee's placements as the working group says them", () => {
    const mine = events(writePlanIcs(romerike, plan, { trainee: "t3", lang: "nb" }));
    expect(mine.slice(0, 3).map((e) => e.get("SUMMARY"))).toEqual([
      "Nora Amundsen: del 1 hos ROAF IKS",
      "Nora Amundsen: del 2 hos ØRAS IKS",
      "Nora Amundsen: del 3 hos ROAF IKS",
    ]);
    expect(mine[1]?.get("DESCRIPTION")).toBe(
      "Tekniske Tjenester Romerike\\, traineeprogram 2013-2015\\, del 2 (part-2\\, borte) 19.02.2014–18.08.2014\\nVeileder: Jan Erik Lunde\\nMentor: Rolf Hovde",
    );
  });

  it("title the cohort's period days in Norwegian", () => {
    const all = events(writePlanIcs(romerike, plan, { lang: "nb" }));
    expect(all.slice(0, 4).map((e) => e.get("SUMMARY"))).toEqual(["Del 1 starter (hos verten)", "Del 1 slutter", "Del 2 starter (borteperiode)", "Del 2 slutter"]);
    expect(all[2]?.get("DESCRIPTION")).toContain("\\n8 traineer\\, og hvor hver er:\\nEmilie Grønli: Lørenskog kommune\\n");
  });

  it.each([[undefined], ["t3"]])("keep every UID of the English calendar (trainee %s), so a calendar imported in one language is updated by the other", (trainee) => {
    const options = trainee === undefined ? {} : { trainee };
    const uids = (lang: Lang) => events(writePlanIcs(romerike, plan, { ...options, lang })).map((e) => e.get("UID"));
    expect(uids("nb")).toEqual(uids("en"));
  });
});
