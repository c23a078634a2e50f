/**
 * Nothing is lost: cohort -> XLSX -> cohort and cohort -> CSV -> cohort give the same cohort
 * (once the core fills in defaults), for generated cohorts and cohorts with awkward text; and
 * XLSX -> cohort -> plan -> XLSX keeps the cohort and every field of the plan (costs to 2 decimals).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { COST_TERMS, generateCohort, parseCohort, planSchema, solveCohort, type CohortInput, type PlanJson } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { smallCohortArbitrary } from "../../core/test/support/arbitraries.js";
import { PLAN_SHEETS, readCohortCsv, readCohortWorkbook, writeCohortCsv, writeCohortWorkbook, writePlanCsv, writePlanWorkbook } from "../src/index.js";
import { parseCsv } from "../src/csv/csv.js";
import { cellText, type Row, type Table } from "../src/table.js";
import { parseList } from "../src/values.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";
import { DEFAULT_SHEET_LIMITS } from "../src/types.js";
import { CHANGE_COLUMNS, COST_HEADERS } from "../src/write/plan-tables.js";
import { roundCost } from "../src/words.js";

/**
 * The plan as its workbook holds it: costs (the objective, the bound and each term) rounded to
 * 2 decimals, as the files write them; the plan's JSON keeps the exact figures.
 */
function withCostsRounded<P extends PlanJson>(plan: P): P {
  const round = (value: number | null): number | null => (value === null ? null : roundCost(value));
  return {
    ...plan,
    objective: round(plan.objective),
    bound: round(plan.bound),
    assignments: plan.assignments.map((a) => ({
      ...a,
      cost: Object.fromEntries(Object.entries(a.cost).map(([term, value]) => [term, roundCost(value as number)])),
    })),
  };
}

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

/** The cohort with every default filled in, as the core reads it. */
function normalized(cohort: unknown) {
  const parsed = parseCohort(cohort);
  if (!parsed.ok) throw new Error(`not a valid cohort: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  return parsed.cohort;
}

/** Names, ids and specializations with commas, quotes, formula starts, æøå and control characters. */
const awkwardText = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
  fc.constantFrom("=HYPERLINK(\"x\")", "-1", "+47", "@home", "Vei, gate", 'say "hi"', "Ørland; Åfjord", "tab\there", "line\nbreak", "_x0041_"),
).filter((s) => s.trim() !== "" && s === s.trim());

/** A small generated cohort whose names and a specialization are awkward text. */
const awkwardCohort = fc
  .tuple(smallCohortArbitrary(), fc.array(awkwardText, { minLength: 6, maxLength: 6 }), awkwardText)
  .map(([cohort, names, specialization]): CohortInput => {
    const rename = <T extends { id: string }>(entries: readonly T[] | undefined, offset: number) =>
      (entries ?? []).map((e, i) => ({ ...e, name: names[(i + offset) % names.length] as string }));
    const swap = (s: string): string => (s === "water" ? specialization : s);
    return {
      ...cohort,
      programme: { ...cohort.programme, name: names[0] as string },
      members: rename(cohort.members, 1).map((m) => ({ ...m, specializations: (m.specializations ?? []).map(swap) })),
      people: rename(cohort.people, 2).map((p) => ({ ...p, specializations: (p.specializations ?? []).map(swap) })),
      trainees: rename(cohort.trainees, 3).map((t) => ({ ...t, specialization: swap(t.specialization) })),
    };
  });

const generated = fc
  .record({
    trainees: fc.integer({ min: 1, max: 12 }),
    members: fc.integer({ min: 3, max: 8 }),
    awayPeriods: fc.integer({ min: 1, max: 2 }),
    hosts: fc.constantFrom("given" as const, "chosen" as const),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    specializationFit: fc.constantFrom("required" as const, "preferred" as const),
  })
  .map((options) => generateCohort({ ...options, members: Math.max(options.members, options.awayPeriods + 2) }));

describe("cohort -> XLSX -> cohort", () => {
  it("gives back the Romerike cohort as written", async () => {
    const result = await readCohortWorkbook(await writeCohortWorkbook(romerike));
    expect(result.issues).toEqual([]);
    expect(normalized(result.cohort)).toEqual(normalized(romerike));
    const { rules: _r, weights: _w, ...rest } = result.cohort as CohortInput;
    const { rules: _r2, weights: _w2, ...original } = romerike;
    expect(rest).toEqual(original);
  });

  it("gives back generated cohorts and cohorts with awkward text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(generated, awkwardCohort), async (cohort) => {
        const result = await readCohortWorkbook(await writeCohortWorkbook(cohort));
        expect(result.issues.filter((i) => i.code !== "unknown_specialization")).toEqual([]);
        expect(normalized(result.cohort)).toEqual(normalized(cohort));
      }),
      { numRuns: 40 },
    );
  });
});

describe("cohort -> CSV -> cohort", () => {
  it("gives back generated cohorts and cohorts with awkward text, with either separator", () => {
    fc.assert(
      fc.property(fc.oneof(generated, awkwardCohort), fc.constantFrom(",", ";"), fc.boolean(), (cohort, delimiter, bom) => {
        const files = writeCohortCsv(cohort, { delimiter: delimiter as "," | ";", bom });
        const result = readCohortCsv(files);
        expect(result.issues.filter((i) => i.code !== "unknown_specialization")).toEqual([]);
        expect(normalized(result.cohort)).toEqual(normalized(cohort));
      }),
      { numRuns: 40 },
    );
  });
});

describe("XLSX -> cohort -> plan -> XLSX", () => {
  it("keeps the cohort and every field of the plan", async () => {
    const template = await writeCohortWorkbook(romerike);
    const imported = await readCohortWorkbook(template);
    const solved = solveCohort(imported.cohort);
    if (!solved.ok) throw new Error("the template is not valid");
    const plan = solved.plan;
    expect(plan.status).toBe("optimal");
    const workbook = await writePlanWorkbook(imported.cohort as CohortInput, plan);

    const again = await readCohortWorkbook(workbook);
    expect(again.issues).toEqual([]);
    expect(again.cohort).toEqual(imported.cohort);
    const tables = readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => true).tables;
    expect(planFromTables(tables, imported.cohort as CohortInput)).toEqual(withCostsRounded(plan));
  });

  it("keeps an infeasible plan's diagnosis and the roles left empty", async () => {
    const { pins: _pins, forbid: _forbid, ...rest } = romerike;
    const cohort = { ...rest, people: (romerike.people ?? []).filter((p) => p.role === "supervisor") };
    const withUnassigned = { ...cohort, rules: { allowUnassigned: true } };
    const infeasible = solveCohort(cohort);
    const unassigned = solveCohort(withUnassigned);
    for (const [input, result] of [[cohort, infeasible], [withUnassigned, unassigned]] as const) {
      if (!result.ok) throw new Error("not valid");
      const tables = readXlsx(await writePlanWorkbook(input, result.plan), DEFAULT_SHEET_LIMITS, () => true).tables;
      expect(planFromTables(tables, input)).toEqual(withCostsRounded(result.plan));
    }
    expect(infeasible.ok && infeasible.plan.diagnosis.length).toBeGreaterThan(0);
    expect(unassigned.ok && unassigned.plan.unassigned.length).toBeGreaterThan(0);
  });

  it("writes the same tables as CSV files", async () => {
    const solved = solveCohort(romerike);
    if (!solved.ok) throw new Error("not valid");
    const files = writePlanCsv(romerike, solved.plan);
    expect(Object.keys(files)).toEqual(PLAN_SHEETS.map((s) => s.file));
    const tables = PLAN_SHEETS.map((sheet) => {
      const parsed = parseCsv(files[sheet.file] as string, 1000);
      if (!parsed.ok) throw new Error(parsed.message);
      return { name: sheet.name, rows: parsed.rows };
    });
    const fromXlsx = readXlsx(await writePlanWorkbook(romerike, solved.plan), DEFAULT_SHEET_LIMITS, (n) => PLAN_SHEETS.some((s) => s.name === n)).tables;
    const asText = (t: readonly Table[]) =>
      t.map((table) => table.rows.map((r) => r.cells.map((c) => (c === null ? "" : cellText(c))).join("\u0000").replace(/\u0000+$/, "")));
    expect(asText(tables)).toEqual(asText(fromXlsx));
    expect(files["plan.csv"]?.split("\r\n")[1]).toBe(
      "t1,Emilie Grønli,part-1,host,2013-08-19,2014-02-18,skedsmo,Skedsmo kommune,skedsmo,skedsmo-supervisor-1,Per Arne Fossum,nrv-nra-mentor-1,Elisabeth Wold",
    );
  });
});

/**
 * The plan, read back from its workbook's sheets: Summary, Plan (placements and roles),
 * Costs, Unassigned and Diagnosis. The sheets by member, mentor and supervisor are views of
 * the same data and are checked against the placements.
 */
function planFromTables(tables: readonly Table[], cohort: CohortInput): PlanJson {
  const sheet = (name: string): Row[] => {
    const table = tables.find((t) => t.name === name);
    if (table === undefined) throw new Error(`no sheet ${name}`);
    return table.rows.slice(1) as Row[];
  };
  const text = (row: Row, i: number): string | null => {
    const cell = row.cells[i];
    return cell === undefined || cell === null ? null : cellText(cell);
  };
  const list = (row: Row, i: number): string[] => parseList(text(row, i) ?? "");
  const summary = new Map(sheet("Summary").map((r) => [text(r, 0), r.cells[1] ?? null]));
  const placements = sheet("Plan");
  const costs = new Map(sheet("Costs").map((r) => [text(r, 0), r]));
  // The cost terms by header: the fairness terms have a column only when a trainee's cost lists them.
  const costHeader = (tables.find((t) => t.name === "Costs")?.rows[0]?.cells ?? []).map((c) => (c === null ? "" : cellText(c)));
  const assignments = [...new Set(placements.map((r) => text(r, 0) as string))].map((trainee) => {
    const rows = placements.filter((r) => text(r, 0) === trainee);
    const first = rows[0] as Row;
    const costRow = costs.get(trainee) as Row;
    const cost = Object.fromEntries(
      COST_TERMS.map((term) => [term, costRow.cells[costHeader.indexOf(COST_HEADERS[term])] ?? null] as const).filter(([, value]) => value !== null),
    );
    expect(Object.keys(COST_HEADERS)).toEqual([...COST_TERMS]);
    return {
      trainee,
      host: text(first, 8),
      supervisor: text(first, 9),
      mentor: text(first, 11),
      placements: rows
        .filter((r) => text(r, 6) !== null)
        .map((r) => ({ period: text(r, 2) as string, member: text(r, 6) as string, from: text(r, 4) as string, to: text(r, 5) as string })),
      cost,
    };
  });
  // The views by member and by mentor agree with the placements.
  for (const r of sheet("By member")) {
    const expected = assignments.filter((a) => a.placements.some((p) => p.member === text(r, 0) && p.period === text(r, 2))).map((a) => a.trainee);
    expect(list(r, 6)).toEqual(expected);
    expect(r.cells[8]).toBe(expected.length);
  }
  for (const r of sheet("By mentor")) expect(list(r, 4)).toEqual(assignments.filter((a) => a.mentor === text(r, 0)).map((a) => a.trainee));
  expect(sheet("By mentor").length).toBe((cohort.people ?? []).filter((p) => p.role === "mentor").length);

  const stats = ["backend", "solveMs", "totalMs", "variables", "constraints"].filter((k) => summary.has(k));
  return planSchema.parse({
    format: "rotamatch.plan/v1",
    status: summary.get("status"),
    objective: summary.get("objective") ?? null,
    bound: summary.get("bound") ?? null,
    assignments,
    unassigned: sheet("Unassigned").map((r) => ({
      trainee: text(r, 0),
      role: text(r, 2),
      ...(text(r, 3) === null ? {} : { period: text(r, 3) }),
      reason: text(r, 4),
    })),
    diagnosis: sheet("Diagnosis").map((r) => ({
      code: text(r, 0),
      message: text(r, 1),
      trainees: list(r, 2),
      members: list(r, 3),
      people: list(r, 4),
      change:
        text(r, 5) === null ? null : Object.fromEntries(CHANGE_COLUMNS.map(([field], i) => [field, r.cells[5 + i] ?? null])),
    })),
    ...(stats.length === 0 ? {} : { stats: Object.fromEntries(stats.map((k) => [k, summary.get(k)])) }),
  });
}
