/**
 * Issue 13 on the command line: `solve --history` (a plan file with a name, NAME=FILE, a plan
 * workbook, a file that names no cohort, bad files, malformed history at its path, unknown ids
 * as warnings) and `rotamatch history` in its three formats, in process through `run(argv, io)`
 * on the Romerike chain (2008, 2009 and 2011 as history of 2013), and once as the built
 * executable on real files.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { historyReport, parseCohort, planSchema, solveCohort, verifyPlan, type CohortInput, type SolvedPlan } from "@rotamatch/core";
import { writePlanWorkbook } from "@rotamatch/sheets";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/run.js";
import { cli } from "./fixtures/fake-io.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (year: number) => readFileSync(join(root, `examples/romerike-${year}.json`), "utf8");
const cohortOf = (year: number) => JSON.parse(read(year)) as CohortInput;

function solvedPlan(cohort: unknown): SolvedPlan {
  const result = solveCohort(cohort);
  if (!result.ok || (result.plan.status !== "optimal" && result.plan.status !== "feasible")) throw new Error("should solve");
  return result.plan;
}
const withoutStats = <T extends { stats?: unknown }>({ stats: _stats, ...plan }: T) => plan;

const plans = { 2008: solvedPlan(cohortOf(2008)), 2009: solvedPlan(cohortOf(2009)), 2011: solvedPlan(cohortOf(2011)) };
const romerike2013 = cohortOf(2013);
const plan2013 = solvedPlan(romerike2013);
/** The chain as the core reads it: 2013 with the three plans as history, oldest first. */
const chained: CohortInput = {
  ...romerike2013,
  history: ([2008, 2009, 2011] as const).map((year) => ({ name: `Romerike ${year}`, assignments: plans[year].assignments })),
};
const json = (value: unknown) => JSON.stringify(value, null, 2);

const files = {
  "romerike-2013.json": read(2013),
  "romerike-2011.json": read(2011),
  "plan-2008.json": json(plans[2008]),
  "plan-2009.json": json(plans[2009]),
  "plan-2011.json": json(plans[2011]),
  "named-2011.json": json({ name: "Romerike 2011", ...plans[2011] }),
  "plan-2011.xlsx": await writePlanWorkbook(cohortOf(2011), plans[2011]),
  "plan-2013.json": json(plan2013),
  "not-json.json": "{ this is not json",
  "array.json": "[]",
  // A placement without its member, in the third assignment.
  "broken-2011.json": json({
    name: "Romerike 2011",
    assignments: plans[2011].assignments.map((a, i) => (i === 2 ? { ...a, placements: [{ period: "part-2" }] } : a)),
  }),
  "with-own-history.json": json({ ...romerike2013, history: [{ name: "Romerike 2008", assignments: plans[2008].assignments }] }),
};

const chain = ["--history", "Romerike 2008=plan-2008.json", "--history", "Romerike 2009=plan-2009.json", "--history", "Romerike 2011=plan-2011.json"];

describe("rotamatch solve --history", () => {
  it("NAME=FILE with plain plan files: the plan of the chained cohort, its warnings on stderr", async () => {
    const r = await cli(["solve", "romerike-2013.json", ...chain, "--format", "json"], files);
    expect(r.code).toBe(EXIT.ok);
    const plan = planSchema.parse(JSON.parse(r.stdout));
    const expected = solvedPlan(chained);
    expect(withoutStats(plan)).toEqual(withoutStats(expected));
    expect(verifyPlan(chained, plan).violations).toEqual([]);
    expect(plan.balance?.length).toBe(romerike2013.members.length);
    // The Romerike people of 2008-2011 who are gone by 2013 are warnings, not errors.
    expect(plan.warnings?.length).toBeGreaterThan(0);
    const printed = r.stderr.split("\n").filter((line) => line !== "");
    expect(printed).toEqual((plan.warnings ?? []).map((w) => `warning: ${w.code} at ${w.path}: ${w.message}`));
    expect(r.stderr).toContain('warning: history_unknown_person at history[0].assignments[');
  });

  it("a plan file with a name: the same history as NAME=FILE", async () => {
    const named = await cli(["solve", "romerike-2013.json", "--history", "named-2011.json", "--format", "json"], files);
    const given = await cli(["solve", "romerike-2013.json", "--history", "Romerike 2011=plan-2011.json", "--format", "json"], files);
    expect(named.code).toBe(EXIT.ok);
    expect(named.stderr).toBe(given.stderr);
    expect(withoutStats(JSON.parse(named.stdout))).toEqual(withoutStats(JSON.parse(given.stdout)));
    // The name on the command line wins over the file's.
    const renamed = await cli(["solve", "romerike-2013.json", "--history", "Kull 2011=named-2011.json", "--format", "json"], files);
    expect(renamed.stderr).toContain('in "Kull 2011"');
  });

  it("a plan workbook named NAME=FILE counts as its JSON plan does", async () => {
    const fromWorkbook = await cli(["solve", "romerike-2013.json", "--history", "Romerike 2011=plan-2011.xlsx", "--format", "json"], files);
    const fromJson = await cli(["solve", "romerike-2013.json", "--history", "Romerike 2011=plan-2011.json", "--format", "json"], files);
    expect(fromWorkbook.code, fromWorkbook.stderr).toBe(EXIT.ok);
    expect(fromWorkbook.stderr).toBe(fromJson.stderr);
    const balance = planSchema.parse(JSON.parse(fromWorkbook.stdout)).balance;
    expect(balance).toEqual(planSchema.parse(JSON.parse(fromJson.stdout)).balance);
    expect(balance?.some((b) => b.history.sent > 0)).toBe(true);
  });

  it("the table shows the members' balance under the plan", async () => {
    const r = await cli(["solve", "romerike-2013.json", ...chain], files);
    expect(r.code).toBe(EXIT.ok);
    const plan = solvedPlan(chained);
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith("Balance by member"));
    expect(at).toBeGreaterThan(plan.assignments.length);
    expect(lines[at + 1]).toMatch(/^Member\s+Hosted\s+Sent\s+Received\s+Before\s+Change\s+After$/);
    const ullensaker = plan.balance?.find((b) => b.member === "ullensaker");
    const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
    expect(lines.slice(at + 2)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Ullensaker kommune\\s+${ullensaker?.hosted}\\s+${ullensaker?.sent}\\s+${ullensaker?.received}\\s+\\${signed(ullensaker!.balanceBefore)}\\s+\\${signed(ullensaker!.balanceAfter - ullensaker!.balanceBefore)}\\s+\\${signed(ullensaker!.balanceAfter)}$`,
        ),
      ),
    );
    // Without history, no balance and no warnings: the table is the one it always was.
    const plain = await cli(["solve", "romerike-2013.json"], files);
    expect(plain.stdout).not.toContain("Balance by member");
    expect(plain.stderr).toBe("");
  });

  it("a file that names no cohort is a usage error that says how to name it", async () => {
    const r = await cli(["solve", "romerike-2013.json", "--history", "plan-2011.json"], files);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^rotamatch solve: plan-2011\.json names no cohort: name it on the command line, --history "NAME=plan-2011\.json"/);
    expect(r.stderr).toContain('add a "name" to the file');
    expect(r.stderr).toContain("Usage: rotamatch solve COHORT [--history PLAN ...]");

    const workbook = await cli(["solve", "romerike-2013.json", "--history", "plan-2011.xlsx"], files);
    expect(workbook.code).toBe(EXIT.usage);
    expect(workbook.stderr).toMatch(/^rotamatch solve: the plan workbook plan-2011\.xlsx names no cohort: name it on the command line, --history "NAME=plan-2011\.xlsx"/);

    const empty = await cli(["solve", "romerike-2013.json", "--history", "=plan-2011.json"], files);
    expect(empty.code).toBe(EXIT.usage);
    expect(empty.stderr).toMatch(/^rotamatch solve: --history "=plan-2011\.json" has no name before "="/);
  });

  it.each([
    ["missing.json", EXIT.usage, /^rotamatch: cannot read missing\.json: no such file\./],
    ["not-json.json", EXIT.invalidInput, /rotamatch: not-json\.json is not valid JSON/],
    ["Old=array.json", EXIT.invalidInput, /^rotamatch: array\.json \(--history\) is no plan file/],
    ["Old=romerike-2011.json", EXIT.invalidInput, /^rotamatch: romerike-2011\.json \(--history\) is a cohort file/],
  ] as const)("a bad file (%s) is refused with its name", async (value, code, message) => {
    const r = await cli(["solve", "romerike-2013.json", "--history", value], files);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("malformed history gets the cohort's issues at history[k]..., after the cohort's own entries, with the file named", async () => {
    const r = await cli(["solve", "with-own-history.json", "--history", "broken-2011.json"], files);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n");
    expect(lines).toContain("invalid_type at history[1].assignments[2].placements[0].member: is required");
    expect(lines).toContain("rotamatch: history[1] is --history broken-2011.json");
  });

  it("the cohort's own history comes first, then the files in the order given", async () => {
    const r = await cli(["history", "with-own-history.json", "--history", "Romerike 2011=plan-2011.json", "--history", "Romerike 2009=plan-2009.json", "--format", "json"], files);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout).columns.map((c: { name: string }) => c.name)).toEqual(["Romerike 2008", "Romerike 2011", "Romerike 2009"]);
  });
});

describe("rotamatch replan of a cohort with history", () => {
  it("prints the plan's warnings and the members' balance as solve does", async () => {
    const solved = solvedPlan(chained);
    const r = await cli(["replan", "chained.json", "--plan", "solved.json", "--as-of", "2014-03-01"], { "chained.json": json(chained), "solved.json": json(solved) });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const warnings = r.stderr.split("\n").filter((line) => line.startsWith("warning: history_"));
    expect(warnings).toEqual((solved.warnings ?? []).map((w) => `warning: ${w.code} at ${w.path}: ${w.message}`));
    expect(warnings.length).toBeGreaterThan(0);
    expect(r.stdout).toContain("\n\nBalance by member");
  });
});

describe("rotamatch history", () => {
  const parsed = parseCohort(chained);
  if (!parsed.ok) throw new Error("the chain should be valid");
  const expected = historyReport(parsed.index, plan2013);
  const args = ["history", "romerike-2013.json", ...chain, "--plan", "plan-2013.json"];

  it("json: the report, the plan as the last column; warnings on stderr, exit 0", async () => {
    const r = await cli([...args, "--format", "json"], files);
    expect(r.code).toBe(EXIT.ok);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(report.columns.map((c: { name: string }) => c.name)).toEqual(["Romerike 2008", "Romerike 2009", "Romerike 2011", "this plan"]);
    // Every column hosts each of its trainees (every Romerike host is still a member).
    report.columns.forEach((c: { trainees: number }, i: number) =>
      expect(report.members.reduce((sum: number, m: { cohorts: { hosted: number }[] }) => sum + (m.cohorts[i]?.hosted ?? 0), 0)).toBe(c.trainees),
    );
    expect(r.stderr.split("\n").filter((l) => l !== "")).toEqual(expected.warnings.map((w) => `warning: ${w.code} at ${w.path}: ${w.message}`));
    expect(expected.warnings.length).toBeGreaterThan(0);
  });

  it("the last column's balance is what solve with the same history reports", async () => {
    const solved = solvedPlan(chained);
    const r = await cli(["history", "romerike-2013.json", ...chain, "--plan", "solved.json", "--format", "json"], { ...files, "solved.json": json(solved) });
    expect(r.code).toBe(EXIT.ok);
    const report = JSON.parse(r.stdout) as typeof expected;
    for (const m of report.members) expect(m.balance).toBe(solved.balance?.find((b) => b.member === m.member)?.balanceAfter);
  });

  it("csv: one row per member and cohort, CRLF, the same counts", async () => {
    const r = await cli([...args, "--format", "csv"], files);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.endsWith("\r\n")).toBe(true);
    const rows = r.stdout.split("\r\n").slice(0, -1);
    expect(rows[0]).toBe("member,member_name,cohort,kind,hosted,sent,received,mentored,supervised");
    expect(rows.length).toBe(1 + expected.members.length * expected.columns.length);
    expect(rows.some((row) => row.includes("\n"))).toBe(false);
    const skedsmo = expected.members.find((m) => m.member === "skedsmo")!;
    skedsmo.cohorts.forEach((c, i) => {
      const column = expected.columns[i]!;
      expect(rows).toContain(`skedsmo,Skedsmo kommune,${column.name},${column.kind},${c.hosted},${c.sent},${c.received},${c.mentored},${c.supervised}`);
    });
  });

  it("table: a section per count with members as rows and cohorts as columns, the running balance and the repeats", async () => {
    const r = await cli(args, files);
    expect(r.code).toBe(EXIT.ok);
    const out = r.stdout;
    expect(out.split("\n")[0]).toBe(
      "Tekniske Tjenester Romerike, traineeprogram 2013-2015: 4 cohorts: Romerike 2008 (10 trainees), Romerike 2009 (5 trainees), Romerike 2011 (10 trainees), this plan (8 trainees)",
    );
    for (const title of ["Trainees hosted", "Sent away:", "Received:", "Mentored:", "Supervised:", "Balance: received − sent", "Exchanges in more than one cohort", "Mentor–host pairs in more than one cohort"]) {
      expect(out).toContain(`\n\n${title}`);
    }
    const skedsmo = expected.members.find((m) => m.member === "skedsmo")!;
    const received = out.slice(out.indexOf("Received:"));
    const row = received.split("\n").find((line) => line.startsWith("Skedsmo kommune"));
    expect(row?.split(/\s{2,}/).slice(1).map(Number)).toEqual([...skedsmo.cohorts.map((c) => c.received), skedsmo.total.received]);
    for (const e of expected.repeats.exchanges) expect(out).toContain(`: ${e.cohorts.join(", ")} (${e.placements} placements)`);
    expect(expected.repeats.exchanges.length).toBeGreaterThan(0);
  });

  it("without history or plan the table says what to add; with history only there is no plan column", async () => {
    const none = await cli(["history", "romerike-2013.json"], files);
    expect(none.code).toBe(EXIT.ok);
    expect(none.stdout).toContain("no history and no plan to report");
    const only = await cli(["history", "romerike-2013.json", "--history", "Romerike 2011=plan-2011.json", "--format", "json"], files);
    expect(JSON.parse(only.stdout).columns).toEqual([{ name: "Romerike 2011", kind: "history", trainees: 10 }]);
  });

  it("a plan of another cohort is refused at its paths; a bad --format is a usage error", async () => {
    const r = await cli(["history", "romerike-2013.json", "--plan", "plan-2011.json"], files);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^\w+ at plan\.assignments\[0\]/m);
    expect(r.stderr).toContain("rotamatch: plan-2011.json is not a plan of this cohort");
    const bad = await cli(["history", "romerike-2013.json", "--format", "xml"], files);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/^rotamatch history: --format must be table, json or csv, not "xml"\./);
  });
});

const bin = join(root, "packages/cli/bin/rotamatch.js");
const built = existsSync(join(root, "packages/cli/dist/cli.js"));
const folder = mkdtempSync(join(tmpdir(), "rotamatch-history-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(!built)("the built executable", () => {
  it("solve --history and history on real files", () => {
    for (const name of ["plan-2008.json", "plan-2009.json", "named-2011.json", "plan-2013.json"] as const) writeFileSync(join(folder, name), files[name]);
    const history = ["--history", "Romerike 2008=plan-2008.json", "--history", "Romerike 2009=plan-2009.json", "--history", "named-2011.json"];
    const solve = spawnSync(process.execPath, [bin, "solve", join(root, "examples/romerike-2013.json"), ...history, "--format", "json"], { cwd: folder, encoding: "utf8" });
    expect(solve.status, solve.stderr).toBe(0);
    expect(withoutStats(JSON.parse(solve.stdout))).toEqual(withoutStats(solvedPlan(chained)));
    expect(solve.stderr).toMatch(/^warning: history_unknown_person at history\[0\]/);
    const report = spawnSync(process.execPath, [bin, "history", join(root, "examples/romerike-2013.json"), ...history, "--plan", "plan-2013.json", "--format", "csv"], {
      cwd: folder,
      encoding: "utf8",
    });
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout.split("\r\n").length).toBe(2 + romerike2013.members.length * 4);
  });
});
