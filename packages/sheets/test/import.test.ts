/**
 * Importing cohorts: every problem located by sheet, row and column, whether the sheets find it
 * (a missing column, a bad number) or the core does (an unknown member), in English and in
 * Norwegian.
 */
import { readFileSync } from "node:fs";
import { generateCohort, type CohortInput } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { formatSheetIssue, readCohortCsv, readCohortWorkbook, writeCohortCsv, writeCohortWorkbook, type SheetIssue } from "../src/index.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;

/** The Romerike cohort as CSV files, without byte order marks, edited by `edit`. */
function csvFiles(edit: (files: Record<string, string>) => void = () => {}, cohort = romerike): Record<string, string> {
  const files = writeCohortCsv(cohort, { bom: false });
  edit(files);
  return files;
}

/** Replaces the cell of `column` (by header) in data row `row` (1-based spreadsheet row) of a CSV file. */
function setCell(text: string, row: number, column: string, value: string): string {
  const lines = text.split("\r\n");
  const header = (lines[0] as string).split(",");
  const index = header.indexOf(column);
  const cells = splitCsvLine(lines[row - 1] as string);
  cells[index] = value;
  lines[row - 1] = cells.map((c) => (/[",]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(",");
  return lines.join("\r\n");
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i] as string;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      current += '"';
      i += 1;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      cells.push(current);
      current = "";
    } else current += ch;
  }
  cells.push(current);
  return cells;
}

const where = (i: SheetIssue) => ({ code: i.code, sheet: i.sheet, row: i.row, column: i.column, path: i.path });

describe("a valid cohort", () => {
  it("imports the Romerike workbook and CSV files without an issue", async () => {
    const workbook = await readCohortWorkbook(await writeCohortWorkbook(romerike));
    expect(workbook.issues).toEqual([]);
    expect(workbook.ok).toBe(true);
    expect(readCohortCsv(csvFiles()).issues).toEqual([]);
  });
});

describe("the example of the issue", () => {
  it("reports 'vann' at Trainees, row 12, column Specialization", async () => {
    const cohort = generateCohort({ trainees: 12, members: 6, seed: 3 });
    const trainees = cohort.trainees.map((t, i) => (i === 10 ? { ...t, specialization: "vann" } : t));
    const result = await readCohortWorkbook(await writeCohortWorkbook({ ...cohort, trainees }));
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      {
        code: "unknown_specialization",
        sheet: "Trainees",
        row: 12,
        column: "Specialization",
        message: "'vann' is not a specialization any member offers",
        path: "trainees[10].specialization",
      },
    ]);
    expect(formatSheetIssue(result.issues[0] as SheetIssue)).toBe(
      "Trainees, row 12, column Specialization: 'vann' is not a specialization any member offers",
    );
    expect(formatSheetIssue(result.issues[0] as SheetIssue, "nb")).toBe(
      "Traineer, rad 12, kolonne Spesialisering: 'vann' er ikke en spesialisering noe medlem tilbyr",
    );
  });

  it("suggests a close specialization, and says nothing under specializationFit preferred", () => {
    const typo = csvFiles((f) => {
      f["trainees.csv"] = setCell(f["trainees.csv"] as string, 2, "Specialization", "watr");
    });
    expect(readCohortCsv(typo).issues.map((i) => i.message)).toEqual(["'watr' is not a specialization any member offers (did you mean 'water'?)"]);
    const preferred = csvFiles((f) => {
      f["trainees.csv"] = setCell(f["trainees.csv"] as string, 2, "Specialization", "vann");
      f["rules.csv"] = setCell(f["rules.csv"] as string, 3, "Value", "preferred");
    });
    expect(readCohortCsv(preferred).issues).toEqual([]);
  });
});

describe("the core's issues, located", () => {
  it("locates a shape problem at its row and column", () => {
    const files = csvFiles((f) => {
      f["members.csv"] = setCell(f["members.csv"] as string, 5, "Host capacity", "-1");
    });
    const result = readCohortCsv(files);
    expect(result.issues.map(where)).toEqual([
      { code: "too_small", sheet: "Members", row: 5, column: "Host capacity", path: "members[3].hostCapacity" },
    ]);
    expect(result.issues[0]?.message).toBe("must not be negative");
  });

  it("locates references, and names other rows in the message by sheet and row", () => {
    const files = csvFiles((f) => {
      f["trainees.csv"] = setCell(f["trainees.csv"] as string, 3, "Id", "t1");
      f["people.csv"] = setCell(f["people.csv"] as string, 4, "Member", "skedsmoo");
    });
    const result = readCohortCsv(files);
    expect(result.issues.map((i) => [formatSheetIssue(i), i.path])).toEqual([
      ['People, row 4, column Member: no member has the id "skedsmoo" (did you mean "skedsmo"?)', "people[2].member"],
      ['Trainees, row 3, column Id: the id "t1" is already used by Trainees row 2; ids must be unique among trainees', "trainees[1].id"],
    ]);
  });

  it("says which setting is missing", () => {
    const files = csvFiles((f) => {
      f["programme.csv"] = "Setting,Value\r\nname,X\r\n";
    });
    expect(readCohortCsv(files).issues.map((i) => [formatSheetIssue(i), i.path])).toEqual([
      ["Programme: the setting start is missing; add a row for it", "programme.start"],
    ]);
  });

  it.each([
    [
      "a pin on a forbidden pair, at the pin's member",
      (f: Record<string, string>) => (f["forbids.csv"] = `${f["forbids.csv"] as string}t3,oras,,\r\n`),
      { code: "pin_forbidden", sheet: "Pins", row: 2, column: "Member", path: "pins[0].member" },
      "but Forbids row 3 rules that pair out",
    ],
    [
      "a pin that breaks a rule, at the pin's mentor",
      (f: Record<string, string>) => (f["pins.csv"] = `${f["pins.csv"] as string}t1,,,skedsmo-mentor-1,\r\n`),
      { code: "pin_breaks_rule", sheet: "Pins", row: 3, column: "Mentor", path: "pins[1].mentor" },
      "a mentor must come from outside the trainee's organisation",
    ],
    [
      "a forbid on a given host, at the forbid's member",
      (f: Record<string, string>) => (f["forbids.csv"] = `${f["forbids.csv"] as string}t1,skedsmo,,\r\n`),
      { code: "forbidden_host", sheet: "Forbids", row: 3, column: "Member", path: "forbid[1].member" },
      "it is the trainee's given host",
    ],
  ])("locates %s", (_, edit, expected, words) => {
    const result = readCohortCsv(csvFiles(edit));
    expect(result.issues.map(where)).toEqual([expected]);
    expect(result.issues[0]?.message).toContain(words);
  });

  it("locates an invalid enum value and a wrong date", () => {
    const files = csvFiles((f) => {
      f["periods.csv"] = setCell(f["periods.csv"] as string, 3, "At", "elsewhere");
      f["gatherings.csv"] = setCell(f["gatherings.csv"] as string, 2, "Date", "2013-02-30");
    });
    expect(readCohortCsv(files).issues.map((i) => formatSheetIssue(i))).toEqual([
      'Periods, row 3, column At: must be one of "host", "away", not the text "elsewhere"',
      "Gatherings, row 2, column Date: is not a real calendar date",
    ]);
  });
});

describe("the sheets' own checks", () => {
  it("reports a bad number or date once, at its cell, not again as a missing value", () => {
    const files = csvFiles((f) => {
      f["members.csv"] = setCell(f["members.csv"] as string, 3, "Away capacity", "two");
      f["programme.csv"] = setCell(f["programme.csv"] as string, 3, "Value", "19/08/2013");
    });
    expect(readCohortCsv(files).issues.map((i) => formatSheetIssue(i))).toEqual([
      "Programme, row 3, column Value: '19/08/2013' is not a date; write it as YYYY-MM-DD (2013-08-19) or DD.MM.YYYY (19.08.2013)",
      "Members, row 3, column Away capacity: 'two' is not a number",
    ]);
  });

  it("reports missing sheets and columns, unknown and doubled columns, and ignores # columns", () => {
    const files = csvFiles((f) => {
      delete f["periods.csv"];
      f["trainees.csv"] = (f["trainees.csv"] as string).replace("Specialization", "Specialisaton").replace("Id,Name", "Id,# Notes");
      f["people.csv"] = (f["people.csv"] as string).replace("Capacity", "Name");
    });
    const result = readCohortCsv(files);
    expect(result.issues.map(where)).toEqual([
      { code: "missing_sheet", sheet: "Periods", row: null, column: null, path: "programme.periods" },
      { code: "duplicate_column", sheet: "People", row: 1, column: "Name", path: "" },
      { code: "missing_column", sheet: "Trainees", row: null, column: "Specialization", path: "trainees" },
      { code: "unknown_column", sheet: "Trainees", row: 1, column: "Specialisaton", path: "" },
    ]);
    expect(result.issues[3]?.message).toBe(
      "'Specialisaton' is not a column of the Trainees sheet (did you mean Specialization?); start a header with # to keep a column of your own",
    );
    expect(result.cohort?.trainees[0]).toEqual({ id: "t1", host: "skedsmo", awayPreferences: ["nrv-nra", "lorenskog"] });
  });

  it("reports a misspelt sheet name and a sheet given twice", () => {
    const files = csvFiles((f) => {
      f["pin.csv"] = f["pins.csv"] as string;
      delete f["pins.csv"];
      f["medlemmer.csv"] = f["members.csv"] as string;
    });
    expect(readCohortCsv(files).issues.map(where)).toEqual([
      { code: "duplicate_sheet", sheet: "Members", row: null, column: null, path: "" },
      { code: "unknown_sheet", sheet: "Pins", row: null, column: null, path: "" },
    ]);
  });

  it("reports unknown and doubled settings, and reads a settings sheet without a header", () => {
    const files = csvFiles((f) => {
      f["rules.csv"] = "mentorOutside,host\r\nmentorOutsde,host\r\nmentorOutside,host-and-away\r\n";
    });
    expect(readCohortCsv(files).issues.map((i) => formatSheetIssue(i))).toEqual([
      "Rules, row 2, column Setting: 'mentorOutsde' is not a setting of the Rules sheet (did you mean mentorOutside?)",
      "Rules, row 3, column Setting: mentorOutside is set twice (also in row 1); keep one",
    ]);
  });

  it("reports a location with one coordinate", () => {
    const files = csvFiles((f) => {
      f["members.csv"] = setCell(f["members.csv"] as string, 2, "Longitude", "");
    });
    expect(readCohortCsv(files).issues.map((i) => formatSheetIssue(i))).toEqual([
      "Members, row 2, column Longitude: a location needs both Latitude and Longitude; fill in both or neither",
    ]);
  });

  it("reports a cell longer than a spreadsheet cell can be", () => {
    const files = csvFiles((f) => {
      f["trainees.csv"] = setCell(f["trainees.csv"] as string, 2, "Name", "x".repeat(40_000));
    });
    expect(readCohortCsv(files).issues.map(where)).toEqual([
      { code: "cell_too_long", sheet: "Trainees", row: 2, column: "Name", path: "trainees[0].name" },
    ]);
  });
});

describe("CSV sets", () => {
  it("reads Norwegian file names and headers, ; separators and decimal commas", () => {
    const files = {
      "program.csv": "Innstilling;Verdi\nnavn;Liten\noppstart;19.08.2013\n",
      "perioder.csv": "Id;Måneder;Sted\nhjemme;6;vert\nborte;6;borte\n",
      "medlemmer.csv":
        "Id;Navn;Breddegrad;Lengdegrad;Spesialiseringer;Vertskapasitet;Bortekapasitet\na;A kommune;59,9;11,1;vann;1;1\nb;B kommune;60,1;10,9;vann;1;1\n",
      "personer.csv": "Id;Medlem;Rolle;Spesialiseringer\na-v;a;veileder;vann\nb-m;b;mentor;\n",
      "traineer.csv": "Id;Navn;Spesialisering;Vert\nt1;Kari Nordmann;vann;a\n",
    };
    const result = readCohortCsv(files);
    expect(result.issues).toEqual([]);
    expect(result.cohort).toEqual({
      format: "rotamatch.cohort/v1",
      programme: {
        name: "Liten",
        start: "2013-08-19",
        periods: [
          { id: "hjemme", months: 6, at: "host" },
          { id: "borte", months: 6, at: "away" },
        ],
      },
      members: [
        { id: "a", name: "A kommune", location: { lat: 59.9, lon: 11.1 }, specializations: ["vann"], hostCapacity: 1, awayCapacity: 1 },
        { id: "b", name: "B kommune", location: { lat: 60.1, lon: 10.9 }, specializations: ["vann"], hostCapacity: 1, awayCapacity: 1 },
      ],
      people: [
        { id: "a-v", member: "a", role: "supervisor", specializations: ["vann"] },
        { id: "b-m", member: "b", role: "mentor" },
      ],
      trainees: [{ id: "t1", name: "Kari Nordmann", specialization: "vann", host: "a" }],
    });
  });

  it("refuses a set without CSV files, too many files, too much text, and an unclosed quote", () => {
    expect(readCohortCsv({ "notes.txt": "x" }).issues.map((i) => i.code)).toEqual(["invalid_file"]);
    const many = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}.csv`, "a\n"]));
    expect(readCohortCsv(many, { maxSheets: 3 }).issues.map((i) => i.code)).toEqual(["too_large"]);
    expect(readCohortCsv(csvFiles(), { maxBytes: 1000 }).issues.map((i) => i.code)).toEqual(["too_large"]);
    const broken = csvFiles((f) => {
      f["people.csv"] = `${f["people.csv"] as string}"never closed,x\r\n`;
    });
    expect(readCohortCsv(broken).issues.map(where)).toEqual([{ code: "invalid_csv", sheet: "People", row: 20, column: null, path: "" }]);
  });

  it("reports too many rows in a file", () => {
    expect(readCohortCsv(csvFiles(), { maxRows: 10 }).issues.map((i) => formatSheetIssue(i))).toEqual([
      "Members, row 11: members.csv has more than 10 rows",
      "People, row 11: people.csv has more than 10 rows",
    ]);
  });
});

describe("formatting issues", () => {
  it("writes the place in Norwegian, and common core messages too", () => {
    const issue: SheetIssue = {
      code: "too_small",
      sheet: "Members",
      row: 5,
      column: "Host capacity",
      message: "must not be negative",
      path: "members[3].hostCapacity",
    };
    expect(formatSheetIssue(issue, "nb")).toBe("Medlemmer, rad 5, kolonne Vertskapasitet: kan ikke være negativ");
    expect(formatSheetIssue({ ...issue, sheet: "", row: null, column: null, message: "the file is not an XLSX workbook" })).toBe(
      "the file is not an XLSX workbook",
    );
    expect(formatSheetIssue({ ...issue, sheet: "Periods", row: null, column: null, message: "the Periods sheet is missing" }, "nb")).toBe(
      "Perioder: arket Perioder mangler",
    );
  });
});
