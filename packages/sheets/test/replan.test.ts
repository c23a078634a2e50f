/**
 * A re-planned plan in the files: the workbook's and the CSV files' Changes sheet, the
 * calendars' SEQUENCE (stable UIDs, a higher SEQUENCE for each event a change alters), the
 * import of such a workbook, and changes that are not in the format refused.
 */
import { readFileSync } from "node:fs";
import { replanCohort, solveCohort, type CohortInput, type ReplanChange, type ReplanPlan, type SolvedPlan } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import {
  CHANGES_SHEET,
  DEFAULT_SHEET_LIMITS,
  PLAN_SHEETS,
  PlanCohortMismatchError,
  readCohortWorkbook,
  writePlanCsv,
  writePlanIcs,
  writePlanWorkbook,
} from "../src/index.js";
import { changesOfEvent, changesOfPeriod } from "../src/write/ics.js";
import { readXlsx } from "../src/xlsx/read-xlsx.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan = solved.plan as SolvedPlan;

/** docs/replanning.md: on 1 March 2014 the mentor of Nora Amundsen (t3) leaves. */
const mentorLeaves: CohortInput = { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
function replan(cohort: CohortInput): ReplanPlan {
  const result = replanCohort(cohort, plan, { asOf: "2014-03-01" });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join("; "));
  return result.plan;
}
const replanned = replan(mentorLeaves);

/** The rows of one sheet of a workbook, as text cells. */
function sheetRows(workbook: Uint8Array, name: string): string[][] {
  const table = readXlsx(workbook, DEFAULT_SHEET_LIMITS, (n) => n === name).tables[0];
  return (table?.rows ?? []).map((r) => r.cells.map((c) => (c === null ? "" : typeof c === "object" && "date" in c ? c.date : String(c))));
}

function sheetNames(workbook: Uint8Array): readonly string[] {
  return readXlsx(workbook, DEFAULT_SHEET_LIMITS, () => false).sheetNames;
}

describe("the Changes sheet", () => {
  it("a re-planned plan's workbook has it after the Summary: the change with names and its reason in words", async () => {
    const workbook = await writePlanWorkbook(mentorLeaves, replanned);
    expect(sheetNames(workbook).slice(0, PLAN_SHEETS.length + 1)).toEqual([PLAN_SHEETS[0].name, CHANGES_SHEET.name, ...PLAN_SHEETS.slice(1).map((s) => s.name)]);
    expect(sheetRows(workbook, "Changes")).toEqual([
      ["Trainee", "Trainee name", "Role", "Period", "From", "From name", "To", "To name", "Reason", "Why"],
      ["t3", "Nora Amundsen", "mentor", "", "oras-mentor-1", "", "aurskog-holand-mentor-1", "Egil Tangen", "forced", "the old value is no longer allowed"],
    ]);
  });

  it("a plan without changes has none, in the workbook and in the CSV files", async () => {
    const workbook = await writePlanWorkbook(romerike, plan);
    expect(sheetNames(workbook)).not.toContain(CHANGES_SHEET.name);
    expect(Object.keys(writePlanCsv(romerike, plan))).toEqual(PLAN_SHEETS.map((s) => s.file));
  });

  it("a re-plan with nothing changed still has the sheet, with its header only", async () => {
    const same = replan(romerike);
    expect(same.changes).toEqual([]);
    expect(sheetRows(await writePlanWorkbook(romerike, same), "Changes")).toEqual([["Trainee", "Trainee name", "Role", "Period", "From", "From name", "To", "To name", "Reason", "Why"]]);
  });

  it.each([
    { story: "a trainee quits", cohort: { ...romerike, trainees: romerike.trainees.filter((t) => t.id !== "t6") }, row: ["t6", "", "host", "", "fet", "Fet kommune", "", "", "left", "the trainee left the programme"] },
    {
      story: "one joins late",
      cohort: { ...romerike, trainees: [...romerike.trainees, { id: "t9", name: "Nina Dahl", specialization: "water", awayPreferences: ["roaf", "nrv-nra"] }] },
      row: ["t9", "Nina Dahl", "host", "", "", "", "sorum-kt", "Sørum Kommunalteknikk KF", "joined", "the trainee joined the programme"],
    },
  ])("$story: the CSV files have plan-changes.csv, second, with the same rows", ({ cohort, row }) => {
    const files = writePlanCsv(cohort, replan(cohort), { bom: false });
    expect(Object.keys(files)).toEqual([PLAN_SHEETS[0].file, CHANGES_SHEET.file, ...PLAN_SHEETS.slice(1).map((s) => s.file)]);
    expect(files[CHANGES_SHEET.file]?.split("\r\n")[1]).toBe(row.join(","));
  });

  it("the workbook of a re-planned plan is read again as the cohort it was planned for", async () => {
    const withChanges = await readCohortWorkbook(await writePlanWorkbook(mentorLeaves, replanned));
    const without = await readCohortWorkbook(await writePlanWorkbook(romerike, plan));
    expect(withChanges.issues).toEqual([]);
    expect(withChanges.cohort?.people?.some((p) => p.id === "oras-mentor-1")).toBe(false);
    expect({ ...withChanges.cohort, people: [] }).toEqual({ ...without.cohort, people: [] });
  });

  it.each([
    [{ trainee: "t3", role: "mentor", from: "a", to: "b", reason: "because" }, "changes[0].reason"],
    [{ trainee: "t3", role: "coach", from: "a", to: "b", reason: "forced" }, "changes[0].role"],
    [{ trainee: "t3", role: "mentor", from: "a", reason: "forced" }, "changes[0].to"],
  ])("refuses changes not in the format of a re-plan (%j at %s)", (change, path) => {
    const bad = { ...plan, changes: [change as unknown as ReplanChange] };
    for (const write of [() => writePlanCsv(romerike, bad), () => writePlanIcs(romerike, bad)]) {
      let error: unknown;
      try {
        write();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PlanCohortMismatchError);
      expect((error as PlanCohortMismatchError).violations[0]).toMatchObject({ code: "invalid_plan", path });
    }
  });
});

describe("the calendar's SEQUENCE", () => {
  /** Each event's UID with its SEQUENCE (null when the event has none). */
  function sequences(ics: string): Map<string, number | null> {
    const out = new Map<string, number | null>();
    for (const block of ics.replace(/\r\n /g, "").split("BEGIN:VEVENT").slice(1)) {
      const uid = /^UID:(.*)$/m.exec(block)?.[1] ?? "";
      const sequence = /^SEQUENCE:(\d+)$/m.exec(block)?.[1];
      out.set(uid, sequence === undefined ? null : Number(sequence));
    }
    return out;
  }

  /** Every trainee's own calendar, one after the other (the events with a member and the people). */
  const traineeCalendars = (cohort: CohortInput, p: Parameters<typeof writePlanIcs>[1]): string =>
    cohort.trainees.map((t) => writePlanIcs(cohort, p, { trainee: t.id })).join("");

  it("a published plan has none; its re-plan keeps every UID and raises the SEQUENCE of the changed events only", () => {
    const before = sequences(traineeCalendars(romerike, plan));
    const after = sequences(traineeCalendars(mentorLeaves, replanned));
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect([...before.values()].every((s) => s === null)).toBe(true);
    const changed = [...after].filter(([, s]) => s !== 0).map(([uid]) => uid.replace(/^[a-z0-9]+\./, ""));
    // A new mentor is named in the description of each of Nora's events, and of no one else's.
    expect(changed).toEqual(["t3.part-1@rotamatch", "t3.part-2@rotamatch", "t3.part-3@rotamatch"]);
    expect(after.get([...after.keys()].find((uid) => uid.includes(".t3.part-2@")) ?? "")).toBe(1);
  });

  it("the cohort's calendar keeps the UIDs of its period days; a mentor's change alters none of them", () => {
    const before = sequences(writePlanIcs(romerike, plan));
    const after = sequences(writePlanIcs(mentorLeaves, replanned));
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect([...after.keys()].filter((uid) => uid.includes(".period-"))).toHaveLength(2 * romerike.programme.periods.length);
    expect([...after.values()].every((s) => s === 0)).toBe(true);
  });

  it("is the same for the same plan: the output depends on the plan and the cohort only", () => {
    expect(writePlanIcs(mentorLeaves, replanned)).toBe(writePlanIcs(mentorLeaves, structuredClone(replanned)));
    expect(writePlanIcs(mentorLeaves, replanned, { trainee: "t3" })).toContain("SEQUENCE:1\r\n");
  });

  const change = (role: ReplanChange["role"], period?: string): ReplanChange => ({
    trainee: "t1",
    role,
    ...(period === undefined ? {} : { period }),
    from: "a",
    to: "b",
    reason: "knock-on",
  });
  it.each([
    { changes: [change("away", "part-2")], period: "part-2", at: "away", count: 1 },
    { changes: [change("away", "part-2")], period: "part-1", at: "host", count: 0 },
    { changes: [change("host")], period: "part-1", at: "host", count: 1 },
    { changes: [change("host")], period: "part-2", at: "away", count: 0 },
    { changes: [change("mentor"), change("supervisor"), change("host")], period: "part-3", at: "host", count: 3 },
    { changes: [change("mentor"), change("supervisor")], period: "part-2", at: "away", count: 2 },
    { changes: [{ ...change("mentor"), trainee: "t2" }], period: "part-2", at: "away", count: 0 },
  ] as const)("counts $count change(s) for t1's $period event ($at) among $changes.length", ({ changes, period, at, count }) => {
    expect(changesOfEvent(changes, "t1", period, at)).toBe(count);
  });

  it.each([
    { changes: [change("away", "part-2")], period: "part-2", at: "away", count: 1 },
    { changes: [change("away", "part-2")], period: "part-4", at: "away", count: 0 },
    { changes: [change("host"), { ...change("host"), trainee: "t2" }], period: "part-1", at: "host", count: 2 },
    { changes: [change("host")], period: "part-2", at: "away", count: 0 },
    { changes: [change("mentor"), change("supervisor")], period: "part-1", at: "host", count: 0 },
  ] as const)("counts $count change(s) for the first day of $period ($at)", ({ changes, period, at, count }) => {
    expect(changesOfPeriod(changes, period, at)).toBe(count);
  });
});
