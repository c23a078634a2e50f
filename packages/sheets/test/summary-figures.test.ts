/**
 * The Summary sheet's figures and the Costs sheet's rounding, against a small cohort checked by
 * hand: three members a degree apart (1° of latitude is 6371 km × π/180 = 111.19 km; 1° of
 * longitude at 60° north about half that), four trainees whose choices are easy to count.
 */
import { solveCohort, type CohortInput, type Plan } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { planFigures, roundCost, writePlanCsv, writePlanWorkbook } from "../src/index.js";
import { parseCsv } from "../src/csv/csv.js";
import { cellText, type CellValue } from "../src/table.js";
import { DEFAULT_SHEET_LIMITS } from "../src/types.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";

const people = ["a", "b", "c"].flatMap((m) => [
  { id: `${m}-s`, name: `Sup ${m}`, member: m, role: "supervisor" as const, capacity: 2, specializations: ["water"] },
  { id: `${m}-m`, name: `Men ${m}`, member: m, role: "mentor" as const, capacity: 2, specializations: ["water"] },
]);

const small: CohortInput = {
  format: "rotamatch.cohort/v1",
  programme: { name: "Small", start: "2024-01-01", periods: [{ id: "p1", months: 6, at: "host" }, { id: "p2", months: 6, at: "away" }] },
  members: [
    { id: "a", name: "Alfa", location: { lat: 60, lon: 10 }, specializations: ["water"], hostCapacity: 2, awayCapacity: 1 },
    { id: "b", name: "Bravo", location: { lat: 60, lon: 11 }, specializations: ["water"], hostCapacity: 1, awayCapacity: 1 },
    { id: "c", name: "Charlie", location: { lat: 61, lon: 10 }, specializations: ["water"], hostCapacity: 1, awayCapacity: 2 },
  ],
  people,
  trainees: [
    { id: "t1", name: "Tor", specialization: "water", host: "a", awayPreferences: ["b", "c"] },
    { id: "t2", name: "Siri", specialization: "water", host: "a", awayPreferences: ["b", "c"] },
    { id: "t3", name: "Ola", specialization: "water", hostPreferences: ["b", "c"], awayPreferences: ["c", "a"] },
    { id: "t4", name: "Kari", specialization: "water", hostPreferences: ["b", "a", "c"], awayPreferences: ["a"] },
  ],
};

const solved = solveCohort(small);
if (!solved.ok) throw new Error("the small cohort is not valid");
const plan: Plan = solved.plan;

/** The rows of a plan CSV file as text cells, header first. */
function csvRows(text: string): string[][] {
  const parsed = parseCsv(text, 1000);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rows.map((r) => r.cells.map((c: CellValue) => (c === null ? "" : cellText(c))));
}

describe("the plan of the small cohort", () => {
  it("is the one worked out by hand", () => {
    // a hosts t1 and t2 (given); b's one host place goes to t3 or t4, who both rank b first;
    // t4 in c would be t4's third choice (20 points) and t3 in c its second (10), but the away
    // places (a 1, b 1, c 2) and the travel make t3 in b and t4 in c the cheapest.
    expect(plan.status).toBe("optimal");
    expect(plan.assignments.map((a) => [a.trainee, a.host, a.placements.map((p) => p.member).join(",")])).toEqual([
      ["t1", "a", "a,c"],
      ["t2", "a", "a,b"],
      ["t3", "b", "b,c"],
      ["t4", "c", "c,a"],
    ]);
  });
});

describe("planFigures", () => {
  const figures = planFigures(small, plan);

  it("counts host choices among the trainees whose host rotamatch chose: t3 got b (1st), t4 got c (3rd)", () => {
    expect(figures.host).toEqual({ total: 2, atRank: [1, 0, 1] });
  });

  it("counts away choices per away placement: t1 c (2nd), t2 b (1st), t3 c (1st), t4 a (1st)", () => {
    expect(figures.away).toEqual({ total: 4, atRank: [3, 1, 0] });
  });

  it("gives the average and the longest travel in km", () => {
    // t1 a->c 111.19 km (1° of latitude), t2 a->b 55.60 (1° of longitude at 60°N), t3 b->c 123.94, t4 c->a 111.19.
    expect(figures.averageTravelKm).toBeCloseTo((111.19 + 55.6 + 123.94 + 111.19) / 4, 1);
    expect(figures.longestTravel?.trainee).toBe("t3");
    expect(figures.longestTravel?.km).toBeCloseTo(123.94, 1);
  });

  it("has no travel and no choices to count without assignments", () => {
    const none = planFigures(small, { ...plan, assignments: [] });
    expect(none).toEqual({ host: { total: 0, atRank: [0, 0, 0] }, away: { total: 0, atRank: [0, 0, 0] }, averageTravelKm: null, longestTravel: null });
  });
});

describe("the Summary sheet", () => {
  const summary = (lang: "en" | "nb") => new Map(csvRows(writePlanCsv(small, plan, { lang })["plan-summary.csv"] as string).map(([k, v]) => [k, v]));

  it.each([
    ["host: first choice", "1 of 2 (50 %)"],
    ["host: second choice", "0 of 2 (0 %)"],
    ["host: third choice", "1 of 2 (50 %)"],
    ["away: first choice", "3 of 4 (75 %)"],
    ["away: second choice", "1 of 4 (25 %)"],
    ["away: third choice", "0 of 4 (0 %)"],
    ["average travel km", "100.48"],
    ["longest travel km", "123.94"],
    ["longest travel, trainee", "Ola"],
    ["capacity used: Alfa", "p1 (host) 2 of 2; p2 (away) 1 of 1"],
    ["capacity used: Bravo", "p1 (host) 1 of 1; p2 (away) 1 of 1"],
    ["capacity used: Charlie", "p1 (host) 1 of 1; p2 (away) 2 of 2"],
    ["objective", "70.19"],
  ])("in English, %s is %s", (key, value) => {
    expect(summary("en").get(key)).toBe(value);
  });

  it.each([
    ["vert: førstevalg", "1 av 2 (50 %)"],
    ["borte: andrevalg", "1 av 4 (25 %)"],
    ["lengste reise km", "123.94"],
    ["kapasitet brukt: Charlie", "p1 (vert) 1 av 1; p2 (borte) 2 av 2"],
    ["kostnad (poeng)", "70.19"],
    ["status", "optimal"],
  ])("in Norwegian, %s is %s", (key, value) => {
    expect(summary("nb").get(key)).toBe(value);
  });

  it("says once what the costs are: points, with the cohort's weights", () => {
    expect(summary("en").get("points")).toBe(
      "Costs are points, not money: the plan keeps their sum as low as it can. A trainee gets 10 per step down the away preferences, " +
        "10 per step down the host preferences, 0.1 per km between host and away member, 5 for a mentor without the trainee's specialization. " +
        "A first choice gives 0. The weights are in the Weights sheet.",
    );
    expect(summary("nb").get("poeng")).toMatch(/^Kostnadene er poeng, ikke kroner: .* 0,1 per km mellom vert og bortested, /);
  });
});

describe("costs in the files", () => {
  it("are rounded to 2 decimals, with the travel in km, while the plan keeps the exact figures", async () => {
    const before = structuredClone(plan);
    const rows = csvRows(writePlanCsv(small, plan)["plan-costs.csv"] as string);
    expect(rows[0]).toEqual(["Trainee", "Trainee name", "Cost", "Away rank", "Host rank", "Travel", "Mentor specialization", "Supervisor specialization", "Specialization miss", "Travel km"]);
    // t1: 10 points for its second away choice, 0.1 × 111.19 km of travel.
    expect(rows[1]).toEqual(["t1", "Tor", "21.12", "10", "", "11.12", "0", "", "", "111.19"]);
    expect(rows[3]).toEqual(["t3", "Ola", "12.39", "0", "0", "12.39", "0", "", "", "123.94"]);
    expect(plan).toEqual(before);
    expect(plan.assignments[0]?.cost.travelPerKm).not.toBe(11.12);

    const workbook = readXlsx(await writePlanWorkbook(small, plan), DEFAULT_SHEET_LIMITS, (n) => n === "Costs").tables[0];
    for (const row of workbook?.rows.slice(1) ?? []) {
      for (const cell of row.cells) if (typeof cell === "number") expect(Math.round(cell * 100) / 100).toBe(cell);
    }
  });

  it.each([
    [42.49842996411657, 42.5],
    [0.125, 0.13],
    [-0.125, -0.13],
    [2.172059322509, 2.17],
    [70.19286078780596, 70.19],
    [-0.001, 0],
    [0, 0],
    [1e6 / 3, 333333.33],
  ])("roundCost(%s) is %s", (value, rounded) => {
    expect(Object.is(roundCost(value), rounded)).toBe(true);
  });
});
