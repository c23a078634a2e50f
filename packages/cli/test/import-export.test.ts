/** rotamatch import and rotamatch export, in process with fake files: outputs, messages and exit codes. */
import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput, type Plan } from "@rotamatch/core";
import { readCohortCsv, readCohortWorkbook, writeCohortCsv, writeCohortWorkbook, writePlanCsv, writePlanIcs } from "@rotamatch/sheets";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/run.js";
import { HELP } from "../src/usage.js";
import { cli, type FakeFiles } from "./fixtures/fake-io.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok) throw new Error("the example is not valid");
const plan: Plan = solved.plan;
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const workbook = await writeCohortWorkbook(romerike);

/** The cohort's CSV files in the folder `dir`, edited by `edit`. */
function csvFolder(dir: string, edit: (files: Record<string, string>) => void = () => {}): FakeFiles {
  const files = writeCohortCsv(romerike);
  edit(files);
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [`${dir}/${name}`, text]));
}

describe("rotamatch import", () => {
  it("prints the cohort of a workbook", async () => {
    const r = await cli(["import", "cohort.xlsx"], { "cohort.xlsx": workbook });
    expect(r).toMatchObject({ code: EXIT.ok, stderr: "" });
    expect(r.stdout).toBe(json((await readCohortWorkbook(workbook)).cohort));
  });

  it("prints the cohort of a folder of CSV files, and writes it with --out", async () => {
    const r = await cli(["import", "csv", "--out", "cohort.json"], { ...csvFolder("csv"), "csv/README.txt": "not read" });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe("rotamatch: read 14 members, 18 people and 8 trainees from csv; wrote the cohort to cohort.json\n");
    expect(r.written.get("cohort.json")).toBe(json(readCohortCsv(writeCohortCsv(romerike)).cohort));
    expect(r.reads).not.toContain("csv/README.txt");
  });

  it("lists every problem by sheet, row and column, and exits 2", async () => {
    const files = csvFolder("csv", (f) => {
      f["trainees.csv"] = (f["trainees.csv"] as string).replace("t3,Nora Amundsen,waste", "t3,Nora Amundsen,avfall");
      f["members.csv"] = (f["members.csv"] as string).replace(",0,1\r\n", ",null,1\r\n");
    });
    const r = await cli(["import", "csv"], files);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "Members, row 2, column Host capacity: 'null' is not a number\n" +
        "Trainees, row 4, column Specialization: 'avfall' is not a specialization any member offers\n" +
        'Pins, row 2, column Member: places trainee "t3" at "oras", which does not list the trainee\'s specialization "avfall"; rules.specializationFit is "required"\n' +
        "rotamatch: 3 problems in csv; fix them and run again.\n",
    );
    const nb = await cli(["import", "csv", "--lang", "nb"], files);
    expect(nb.stderr).toBe(
      "Medlemmer, rad 2, kolonne Vertskapasitet: 'null' er ikke et tall\n" +
        "Traineer, rad 4, kolonne Spesialisering: 'avfall' er ikke en spesialisering noe medlem tilbyr\n" +
        'Låsinger, rad 2, kolonne Medlem: plasserer trainee "t3" hos "oras", som ikke har traineens spesialisering "avfall"; regelen specializationFit er "required" (spesialiseringen må passe)\n' +
        "rotamatch: 3 problemer i csv; rett dem og kjør på nytt.\n",
    );
  });

  it("refuses a file that is no workbook (exit 2), and a missing file or one CSV file (exit 1)", async () => {
    const notXlsx = await cli(["import", "cohort.xlsx"], { "cohort.xlsx": "Id,Name\n" });
    expect([notXlsx.code, notXlsx.stderr]).toEqual([
      EXIT.invalidInput,
      "the file is not an XLSX workbook\nrotamatch: 1 problem in cohort.xlsx; fix it and run again.\n",
    ]);
    const missing = await cli(["import", "nothing.xlsx"]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toMatch(/^rotamatch: cannot read nothing.xlsx: no such file\.\n/);
    const oneCsv = await cli(["import", "csv/trainees.csv"], csvFolder("csv"));
    expect(oneCsv.code).toBe(EXIT.usage);
    expect(oneCsv.stderr).toMatch(/give the folder that holds the cohort's CSV files/);
  });

  it("explains usage errors", async () => {
    for (const [argv, message] of [
      [["import"], "import needs a workbook (.xlsx) or a folder of CSV files"],
      [["import", "a.xlsx", "b.xlsx"], "import takes one workbook or folder, not 2"],
      [["import", "a.xlsx", "--lang", "de"], '--lang must be en or nb, not "de"'],
    ] as const) {
      const r = await cli([...argv]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr.split("\n")[0]).toBe(`rotamatch import: ${message}.`);
    }
  });
});

describe("rotamatch export", () => {
  const files: FakeFiles = { "plan.json": json(plan), "cohort.json": json(romerike), "cohort.xlsx": workbook };

  it("writes a workbook that reads back as the cohort", async () => {
    const r = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "xlsx", "--out", "plan.xlsx"], files);
    expect(r).toMatchObject({ code: EXIT.ok, stdout: "", stderr: "rotamatch: wrote the plan (optimal) as a workbook to plan.xlsx\n" });
    const written = r.written.get("plan.xlsx");
    expect(written).toBeInstanceOf(Uint8Array);
    const back = await readCohortWorkbook(written as Uint8Array);
    expect(back.issues).toEqual([]);
  });

  it("prints plan.csv, or writes every CSV file into a folder, with either separator", async () => {
    const stdout = await cli(["export", "plan.json", "--cohort", "cohort.xlsx", "--format", "csv"], files);
    expect(stdout.code).toBe(EXIT.ok);
    expect(stdout.stdout).toBe(writePlanCsv(romerike, plan, { bom: false })["plan.csv"]);
    const folder = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "csv", "--out", "out/", "--delimiter", ";"], files);
    const expected = writePlanCsv(romerike, plan, { delimiter: ";" });
    expect(folder.folders).toEqual(["out/"]);
    expect(Object.fromEntries(folder.written)).toEqual(Object.fromEntries(Object.entries(expected).map(([name, text]) => [`out/${name}`, text])));
    expect(folder.stderr).toMatch(/^rotamatch: wrote 9 CSV files \(plan-summary.csv, plan.csv, .*\) to out\/\n$/);
  });

  it("prints a calendar, writes one to a file, or writes one per trainee into a folder", async () => {
    const all = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "ics"], files);
    expect(all.stdout).toBe(writePlanIcs(romerike, plan));
    const one = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "ics", "--trainee", "t2", "--out", "t2.ics"], files);
    expect(one.written.get("t2.ics")).toBe(writePlanIcs(romerike, plan, { trainee: "t2" }));
    expect(one.stderr).toBe("rotamatch: wrote the calendar of t2 to t2.ics\n");
    const folder = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "ics", "--out", "calendars"], files);
    expect([...folder.written.keys()]).toEqual(["calendars/calendar.ics", ...romerike.trainees.map((t) => `calendars/trainee-${t.id}.ics`)]);
    expect(folder.stderr).toBe("rotamatch: wrote 9 calendars to calendars\n");
  });

  it("explains usage errors", async () => {
    const base = ["export", "plan.json", "--cohort", "cohort.json"];
    for (const [argv, message] of [
      [["export"], "export needs a PLAN file"],
      [[...base], "export needs --format csv, xlsx, ics or pack"],
      [["export", "plan.json", "--format", "csv"], "export needs --cohort COHORT: the cohort the plan was made for, which gives the names and dates"],
      [[...base, "--format", "pdf"], '--format must be csv, xlsx, ics or pack, not "pdf"'],
      [[...base, "--format", "xlsx"], "a workbook is binary: give --out FILE.xlsx"],
      [[...base, "--format", "ics", "--delimiter", ";"], "--delimiter is for --format csv"],
      [[...base, "--format", "csv", "--delimiter", "|"], '--delimiter must be , or ;, not "|"'],
      [[...base, "--format", "csv", "--trainee", "t1"], "--trainee is for --format ics"],
      [[...base, "--format", "ics", "--trainee", "t99"], 'the cohort has no trainee with the id "t99"'],
    ] as const) {
      const r = await cli([...argv], files);
      expect(r.code, argv.join(" ")).toBe(EXIT.usage);
      expect(r.stderr.split("\n")[0]).toBe(`rotamatch export: ${message}.`);
    }
  });

  it("refuses a file that is no plan, a plan of another cohort, and an invalid cohort (exit 2)", async () => {
    const notPlan = await cli(["export", "cohort.json", "--cohort", "cohort.json", "--format", "ics"], files);
    expect(notPlan.code).toBe(EXIT.invalidInput);
    const notPlanLines = notPlan.stderr.trimEnd().split("\n");
    expect(notPlanLines[0]).toBe('wrong_format at format: The plan\'s format is "rotamatch.cohort/v1"; it must be "rotamatch.plan/v1".');
    expect(notPlanLines.at(-1)).toBe("rotamatch: cohort.json is not a plan file (rotamatch.plan/v1; 8 problems).");
    const other = { ...romerike, trainees: romerike.trainees.slice(1), pins: [], forbid: [] };
    const mismatch = await cli(["export", "plan.json", "--cohort", "other.json", "--format", "ics"], { ...files, "other.json": json(other) });
    expect(mismatch.code).toBe(EXIT.invalidInput);
    const mismatchLines = mismatch.stderr.trimEnd().split("\n");
    expect(mismatchLines[0]).toBe('unknown_trainee at assignments[0].trainee: The plan assigns "t1", which is not a trainee of the cohort.');
    expect(mismatchLines.at(-1)).toMatch(/^rotamatch: plan\.json is not a plan of other\.json \(\d+ problems\); nothing was written\.$/);
    const invalid = await cli(["export", "plan.json", "--cohort", "bad.json", "--format", "ics"], { ...files, "bad.json": json({ ...romerike, members: [] }) });
    expect(invalid.code).toBe(EXIT.invalidInput);
    expect(invalid.stderr).toMatch(/^unknown_reference at people\[0\]\.member: /);
  });

  it("reports a folder it cannot write to", async () => {
    const r = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "csv", "--out", "/missing/out"], files);
    expect([r.code, r.stderr]).toEqual([EXIT.usage, "rotamatch: cannot write /missing/out: the folder does not exist.\n"]);
  });
});

describe("help", () => {
  it("lists import and export", () => {
    expect(HELP).toContain("rotamatch import FILE.xlsx|FILE.ods|DIR");
    expect(HELP).toContain("rotamatch export PLAN --cohort COHORT --format csv|xlsx|ics");
  });
});
