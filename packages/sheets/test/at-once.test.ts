/**
 * Every problem in one round: a workbook with problems of different kinds (a negative
 * capacity, a value that is not allowed, a cell that is no number, unknown ids, a member's
 * name where its id belongs, an id in another case, a specialization nobody offers) reports
 * them all at once, each by sheet, row and column, in one language; what truly depends on a
 * sheet left unread waits, and nothing else does.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseCohort } from "@rotamatch/core/format";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../src/csv/csv.js";
import { formatSheetIssue } from "../src/format-issue.js";
import { COHORT_SHEETS } from "../src/layout.js";
import { readCohortCsv, readCohortWorkbook } from "../src/read/import.js";
import { cellText, type CellValue } from "../src/table.js";
import { writeXlsx } from "../src/xlsx/write-xlsx.js";
import { writeOds } from "./fixtures/ods.js";

const folder = join(import.meta.dirname, "../../../examples/romerike-2013-csv");
const template: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(folder)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => [name, readFileSync(join(folder, name), "utf8")]),
);

/** The template's CSV files with each `[file, from, to]` replaced once (each must be found). */
function edited(edits: readonly (readonly [string, string, string])[]): Record<string, string> {
  const files = { ...template };
  for (const [file, from, to] of edits) {
    const text = files[file] ?? "";
    if (!text.includes(from)) throw new Error(`${from} is not in ${file}`);
    files[file] = text.replace(from, to);
  }
  return files;
}

/** Eight independent problems of seven kinds, in five sheets. */
const EIGHT_PROBLEMS = [
  ["members.csv", "parks\",0,1", "parks\",-1,1"], // Members row 2: a negative capacity (shape)
  ["members.csv", "fet,59.929", "fet,abc"], // Members row 3: no number (the sheet's own check)
  ["periods.csv", "part-3,6,host", "part-3,6,hjemme"], // Periods row 4: not an allowed value (shape)
  ["people.csv", "Per Arne Fossum,skedsmo,", "Per Arne Fossum,skedsmoo,"], // People row 2: a misspelt member id
  ["trainees.csv", "t1,Emilie Grønli,water,skedsmo,", "t1,Emilie Grønli,water,Skedsmo kommune,"], // Trainees row 2: a name for an id
  ["trainees.csv", "t2,Sander Bjerke,roads,ullensaker,", "t2,Sander Bjerke,roads,Ullensaker,"], // Trainees row 3: another case
  ["trainees.csv", "t3,Nora Amundsen,waste,", "t3,Nora Amundsen,avfall,"], // Trainees row 4: nobody offers it
  ["pins.csv", "t3,part-2,oras", "t33,part-2,oras"], // Pins row 2: no such trainee
] as const;

const EXPECTED_EN = [
  'Periods, row 4, column At: must be one of "host", "away", not the text "hjemme"',
  "Members, row 2, column Host capacity: must not be negative",
  "Members, row 3, column Latitude: 'abc' is not a number",
  'People, row 2, column Member: no member has the id "skedsmoo" (did you mean "skedsmo"?)',
  'Trainees, row 2, column Host: no member has the id "Skedsmo kommune" (did you mean "skedsmo"?)',
  'Trainees, row 3, column Host: no member has the id "Ullensaker" (did you mean "ullensaker"?)',
  "Trainees, row 4, column Specialization: 'avfall' is not a specialization any member offers",
  'Pins, row 2, column Trainee: no trainee has the id "t33"',
];

const EXPECTED_NB = [
  'Perioder, rad 4, kolonne Sted: må være en av "host" (vert), "away" (borte), ikke teksten "hjemme"',
  "Medlemmer, rad 2, kolonne Vertskapasitet: kan ikke være negativ",
  "Medlemmer, rad 3, kolonne Breddegrad: 'abc' er ikke et tall",
  'Personer, rad 2, kolonne Medlem: ingen medlem har id-en "skedsmoo" (mente du "skedsmo"?)',
  'Traineer, rad 2, kolonne Vert: ingen medlem har id-en "Skedsmo kommune" (mente du "skedsmo"?)',
  'Traineer, rad 3, kolonne Vert: ingen medlem har id-en "Ullensaker" (mente du "ullensaker"?)',
  "Traineer, rad 4, kolonne Spesialisering: 'avfall' er ikke en spesialisering noe medlem tilbyr",
  'Låsinger, rad 2, kolonne Trainee: ingen trainee har id-en "t33"',
];

/** The CSV files as a workbook (XLSX or .ods), cell for cell, numbers as number cells: the problems stay where they are. */
function asWorkbook(files: Readonly<Record<string, string>>, kind: "xlsx" | "ods"): Uint8Array {
  const tables = COHORT_SHEETS.flatMap((spec) => {
    const text = files[spec.file];
    if (text === undefined) return [];
    const parsed = parseCsv(text, 1000);
    if (!parsed.ok) throw new Error(parsed.message);
    const rows = parsed.rows.map((row) => row.cells.map((cell): CellValue => (typeof cell === "string" && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell)));
    return [{ name: spec.name, header: (rows[0] ?? []).map((c) => (c === null ? "" : cellText(c))), rows: rows.slice(1) }];
  });
  return kind === "xlsx" ? writeXlsx(tables) : writeOds(tables.map((t) => ({ name: t.name, rows: [t.header, ...t.rows] })));
}

describe("every problem in one round", () => {
  it("the template itself has none", () => {
    expect(readCohortCsv(template).issues).toEqual([]);
  });

  it("reports eight independent problems of seven kinds at once, each by sheet, row and column, in English and in Norwegian", () => {
    const read = readCohortCsv(edited(EIGHT_PROBLEMS));
    expect(read.issues.map((issue) => formatSheetIssue(issue, "en"))).toEqual(EXPECTED_EN);
    expect(read.issues.map((issue) => formatSheetIssue(issue, "nb"))).toEqual(EXPECTED_NB);
    for (const issue of read.issues) expect([issue.sheet, issue.row, issue.column]).not.toContain(null);
  });

  it.each(["xlsx", "ods"] as const)("reports the same problems at once from a workbook (%s)", async (kind) => {
    const read = await readCohortWorkbook(asWorkbook(edited(EIGHT_PROBLEMS), kind));
    expect(read.issues.map((issue) => formatSheetIssue(issue, "en"))).toEqual(EXPECTED_EN);
  });

  it("finds in the first round what used to come only in the second", () => {
    // Fixing the problems of the shape alone leaves the references: they were all reported already.
    const shapeFixed = edited(EIGHT_PROBLEMS.filter(([file, , to]) => !(to.includes("-1,1") || to.includes("hjemme") || (file === "members.csv" && to.includes("abc")))));
    const second = readCohortCsv(shapeFixed).issues.map((issue) => formatSheetIssue(issue));
    expect(second.length).toBe(5);
    for (const line of second) expect(EXPECTED_EN).toContain(line);
  });

  it.each([
    ["a trainee's name in Pins", ["pins.csv", "t3,part-2,oras", "nora amundsen,part-2,oras"], 'Pins, row 2, column Trainee: no trainee has the id "nora amundsen" (did you mean "t3"?)'],
    ["a person's name in People's place", ["forbids.csv", "t4,,skedsmo-mentor-1,", "t4,,Per Arne Fossum,"], 'Forbids, row 2, column Mentor: no person (mentor or supervisor) has the id "Per Arne Fossum" (did you mean "skedsmo-supervisor-1"?)'],
    ["a member's name misspelt", ["trainees.csv", "t1,Emilie Grønli,water,skedsmo,", "t1,Emilie Grønli,water,Skedsmo komune,"], 'Trainees, row 2, column Host: no member has the id "Skedsmo komune" (did you mean "skedsmo"?)'],
  ] as const)("suggests the id for %s", (_, edit, line) => {
    expect(readCohortCsv(edited([edit])).issues.map((issue) => formatSheetIssue(issue))).toContain(line);
  });

  it("suggests the id for a name in a list cell, in both languages", () => {
    const read = readCohortCsv(edited([["trainees.csv", '"nrv-nra, lorenskog"', '"nrv-nra, Lørenskog kommune"']]));
    expect(read.issues.map((issue) => [formatSheetIssue(issue), formatSheetIssue(issue, "nb")])).toEqual([
      [
        'Trainees, row 2, column Away preferences: entry 2 of the list no member has the id "Lørenskog kommune" (did you mean "lorenskog"?)',
        'Traineer, rad 2, kolonne Borteønsker: element 2 i listen: ingen medlem har id-en "Lørenskog kommune" (mente du "lorenskog"?)',
      ],
    ]);
  });

  it("fixing every reported problem gives a cohort the core accepts", () => {
    const read = readCohortCsv(template);
    expect(read.ok && parseCohort(read.cohort).ok).toBe(true);
  });

  it("keeps what does not depend on a sheet left unread, and lets what does wait", () => {
    const files = edited([
      ["pins.csv", "t3,part-2,oras", 't3,"part-2,oras'], // Pins: a quote never closed, the sheet is unread
      ["people.csv", "Per Arne Fossum,skedsmo,", "Per Arne Fossum,skedsmoo,"],
      ["members.csv", "parks\",0,1", "parks\",-1,1"],
    ]);
    const lines = readCohortCsv(files).issues.map((issue) => formatSheetIssue(issue));
    expect(lines).toEqual([
      "Members, row 2, column Host capacity: must not be negative",
      'People, row 2, column Member: no member has the id "skedsmoo" (did you mean "skedsmo"?)',
      'Pins, row 2: pins.csv a quoted field is never closed (a " is missing)',
    ]);
  });

  it("does not report references into a missing sheet, but does report the other sheets' problems", () => {
    const { "members.csv": _, ...withoutMembers } = edited([
      ["trainees.csv", "t2,Sander Bjerke,roads,ullensaker,", "t1,Sander Bjerke,roads,ullensaker,"],
      ["periods.csv", "part-3,6,host", "part-3,0,host"],
    ]);
    const lines = readCohortCsv(withoutMembers).issues.map((issue) => formatSheetIssue(issue));
    expect(lines).toEqual([
      "Periods, row 4, column Months: must be at least 1",
      "Members: the Members sheet is missing",
      'Trainees, row 3, column Id: the id "t1" is already used by Trainees row 2; ids must be unique among trainees',
    ]);
    expect(readCohortCsv(withoutMembers).issues.map((issue) => formatSheetIssue(issue, "nb"))).toEqual([
      "Perioder, rad 4, kolonne Måneder: må være minst 1",
      "Medlemmer: arket Medlemmer mangler",
      'Traineer, rad 3, kolonne Id: id-en "t1" er allerede brukt i Traineer rad 2; id-er må være unike',
    ]);
  });
});
