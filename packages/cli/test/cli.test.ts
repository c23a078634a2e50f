/**
 * The command line, called in process through `run(argv, io)` with fake streams and files:
 * every command, every exit code, and what a person reads on stdout and stderr. One test at
 * the end runs the built executable.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@rotamatch/core";
import { cohortJsonSchema, formatIssue, planJsonSchema, planSchema, validateCohort, type Plan, type PlanJson, type SolveResult } from "@rotamatch/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { EXIT } from "../src/run.js";
import { HELP } from "../src/usage.js";
import { cli } from "./fixtures/fake-io.js";
import { infeasibleCohort, invalidCohort, malformedJson, unassignedCohort, unknownMemberCohort, validCohort } from "./fixtures/cohorts.js";

// solveCohort is the real one unless a test replaces it for one call (outcomes that a tiny
// cohort cannot produce on demand: feasible, timedout, an internal error).
vi.mock("@rotamatch/core", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@rotamatch/core")>();
  return { ...actual, solveCohort: vi.fn(actual.solveCohort) };
});

afterEach(() => {
  vi.mocked(core.solveCohort).mockClear();
});

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const lines = (text: string): string[] => text.split("\n").filter((line) => line !== "");
const noStackTrace = (text: string): void => expect(text).not.toMatch(/^\s+at /m);

/** Any plan the format allows (a test may build one rotamatch would not return), typed as a Plan. */
function basePlan(overrides: Partial<PlanJson>): Plan {
  return <Plan>{
    format: "rotamatch.plan/v1",
    status: "optimal",
    objective: null,
    bound: null,
    assignments: [],
    unassigned: [],
    diagnosis: [],
    ...overrides,
  };
}

function replaceSolveOnce(result: SolveResult | (() => never)): void {
  if (typeof result === "function") vi.mocked(core.solveCohort).mockImplementationOnce(result);
  else vi.mocked(core.solveCohort).mockReturnValueOnce(result);
}

describe("help, version and usage errors", () => {
  it.each([[["--help"]], [["-h"]], [["help"]], [["solve", "--help"]], [["validate", "-h"]], [["schema", "--help"]]])(
    "%j prints the help on stdout and exits 0",
    async (argv) => {
      const r = await cli(argv);
      expect(r.code).toBe(EXIT.ok);
      expect(r.stdout).toBe(HELP);
      expect(r.stderr).toBe("");
    },
  );

  it("the help names every command, option and exit code", () => {
    for (const word of ["solve", "validate", "schema", "--format", "--out", "--time-limit", "--version"]) {
      expect(HELP).toContain(word);
    }
    expect(HELP).toContain(`(default ${core.DEFAULT_SOLVE_OPTIONS.timeLimitMs / 1000})`);
    for (const code of [0, 1, 2, 3, 4]) expect(HELP).toMatch(new RegExp(`^  ${code}  `, "m"));
  });

  it("--version prints the package version", async () => {
    const r = await cli(["--version"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`rotamatch ${packageJson.version}\n`);
  });

  it.each([
    [[], "a command is needed"],
    [["plan", "x.json"], 'unknown command "plan"'],
    [["--fast"], "unknown option --fast"],
    [["solve"], "solve needs a COHORT file"],
    [["solve", "a.json", "b.json"], "solve takes one COHORT file, not 2"],
    [["solve", "c.json", "--fast"], "unknown option --fast"],
    [["solve", "c.json", "--format", "xml"], '--format must be table or json, not "xml"'],
    [["solve", "c.json", "--format"], "--format needs a value"],
    [["solve", "c.json", "--out"], "--out needs a value"],
    [["solve", "c.json", "--time-limit", "soon"], "--time-limit must be a number of seconds above 0"],
    [["solve", "c.json", "--backend", "fastest"], '--backend must be one of auto, jslp, network, not "fastest"'],
    [["solve", "c.json", "--time-limit", "0"], "--time-limit must be a number of seconds above 0"],
    [["solve", "c.json", "--time-limit=-5"], "--time-limit must be a number of seconds above 0"],
    [["solve", "c.json", "--help=yes"], "--help does not take a value"],
    [["validate"], "validate needs a COHORT file"],
    [["validate", "c.json", "--format", "json"], "unknown option --format"],
    [["schema"], "schema needs one argument: cohort or plan"],
    [["schema", "trainee"], 'there is no schema named "trainee"'],
  ])("%j is a usage error: exit 1 with the reason and a short usage", async (argv, reason) => {
    const r = await cli(argv, { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(reason);
    expect(r.stderr).toMatch(/^Usage: rotamatch /m);
    expect(r.reads).toEqual([]); // nothing is read before the arguments are right
    expect(core.solveCohort).not.toHaveBeenCalled();
  });

  it("an unreadable cohort file is exit 1 with the file named", async () => {
    for (const command of ["solve", "validate"]) {
      const r = await cli([command, "missing.json"]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toContain("rotamatch: cannot read missing.json: no such file.");
      expect(r.stderr).toContain(`Usage: rotamatch ${command} COHORT`);
      noStackTrace(r.stderr);
    }
  });

  it("an unexpected error is one line on stderr and exit 1, without a stack trace", async () => {
    replaceSolveOnce(() => {
      throw new Error("something broke\n    at somewhere (file.js:1:1)");
    });
    const r = await cli(["solve", "c.json"], { "c.json": json(validCohort) });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toEqual([
      "rotamatch: unexpected error: something broke (please report this, with the input that caused it)",
    ]);
  });
});

describe("solve: a plan is found (exit 0)", () => {
  it("prints a table for a person: header, one aligned row per trainee, costs to 2 decimals", async () => {
    const r = await cli(["solve", "c.json"], { "c.json": json(validCohort) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    const [header, blank, columns, row1, row2, ...rest] = r.stdout.split("\n");
    expect(header).toMatch(/^Test programme 2013 — optimal — objective \d+\.\d\d, bound \d+\.\d\d \(gap 0%\)$/);
    expect(blank).toBe("");
    expect(columns).toMatch(/^Trainee\s+Host\s+Away\s+Supervisor\s+Mentor\s+Cost$/);
    // The name when the cohort gives one, else the id; the away placement with its dates.
    expect(row1).toMatch(/^Kari Nordmann\s+skedsmo\s+nrv-nra \(2014-02-19 – 2014-08-18\)\s+sup-skedsmo\s+mentor-nrv\s+\d+\.\d\d$/);
    expect(row2).toMatch(/^t2\s+nrv-nra\s+skedsmo \(2014-02-19 – 2014-08-18\)\s+sup-nrv\s+mentor-skedsmo\s+\d+\.\d\d$/);
    expect(rest).toEqual([""]);
    // Aligned: every column starts at the same place on every line.
    for (const title of ["Host", "Away", "Supervisor", "Mentor"]) {
      const at = columns!.indexOf(title);
      expect(row1!.slice(at - 2, at)).toBe("  ");
      expect(row1![at]).not.toBe(" ");
      expect(row2![at]).not.toBe(" ");
    }
    expect(row1!.length).toBe(columns!.length); // the cost column is right-aligned under its title
    expect(row2!.length).toBe(columns!.length);
  });

  it("the table's costs and objective are the plan's, rounded to 2 decimals", async () => {
    const solved = core.solveCohort(validCohort);
    if (!solved.ok) throw new Error("fixture must solve");
    const r = await cli(["solve", "c.json"], { "c.json": json(validCohort) });
    expect(r.stdout).toContain(`objective ${solved.plan.objective!.toFixed(2)}`);
    const costs = solved.plan.assignments.map((a) => Object.values(a.cost).reduce((s, v) => s + (v ?? 0), 0).toFixed(2));
    expect(lines(r.stdout).slice(2).map((line) => line.split(/\s+/).at(-1))).toEqual(costs);
    expect(solved.plan.objective).toBeGreaterThan(0); // travel between the two members costs something
  });

  it("--format json prints the plan file, exactly as solveCohort returns it", async () => {
    const r = await cli(["solve", "c.json", "--format", "json"], { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe("");
    expect(r.stdout.endsWith("}\n")).toBe(true);
    const plan = planSchema.parse(JSON.parse(r.stdout));
    expect(plan.status).toBe("optimal");
    expect(plan.assignments.map((a) => [a.trainee, a.host, a.supervisor, a.mentor])).toEqual([
      ["t1", "skedsmo", "sup-skedsmo", "mentor-nrv"],
      ["t2", "nrv-nra", "sup-nrv", "mentor-skedsmo"],
    ]);
    const expected = core.solveCohort(validCohort);
    if (!expected.ok) throw new Error("fixture must solve");
    expect({ ...plan, stats: undefined }).toEqual({ ...expected.plan, stats: undefined });
    expect(r.stdout).toBe(`${JSON.stringify(JSON.parse(r.stdout), null, 2)}\n`); // pretty, 2 spaces
  });

  it("reads the cohort from standard input when the file is -", async () => {
    const r = await cli(["solve", "-", "--format=json"], { "-": json(validCohort) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.reads).toEqual(["-"]);
    expect(JSON.parse(r.stdout).status).toBe("optimal");
  });

  it("accepts a file that starts with a byte order mark", async () => {
    const r = await cli(["solve", "c.json"], { "c.json": `\uFEFF${json(validCohort)}` });
    expect(r.code).toBe(EXIT.ok);
  });

  it("--out writes the output to the file instead of stdout", async () => {
    const toStdout = await cli(["solve", "c.json", "--format", "json"], { "c.json": json(validCohort) });
    const r = await cli(["solve", "c.json", "--format", "json", "--out", "plan.json"], { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("rotamatch: wrote the plan (optimal) to plan.json\n");
    const written = r.written.get("plan.json");
    expect(written).toBeDefined();
    const withoutStats = (text: string): unknown => ({ ...JSON.parse(text), stats: undefined });
    expect(withoutStats(written as string)).toEqual(withoutStats(toStdout.stdout));

    const table = await cli(["solve", "c.json", "--out", "plan.txt"], { "c.json": json(validCohort) });
    expect(table.written.get("plan.txt")).toMatch(/^Test programme 2013 — optimal/);
    expect(table.stderr).toBe("rotamatch: wrote the report (optimal) to plan.txt\n");
  });

  it("a file that cannot be written is exit 1", async () => {
    const r = await cli(["solve", "c.json", "--out", "/missing/plan.json"], { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe("rotamatch: cannot write /missing/plan.json: the folder does not exist.\n");
  });

  it("passes --time-limit to the solver in milliseconds, and --backend as it is", async () => {
    await cli(["solve", "c.json", "--time-limit", "2.5"], { "c.json": json(validCohort) });
    expect(core.solveCohort).toHaveBeenCalledWith(validCohort, { backend: "auto", timeLimitMs: 2500 });
    await cli(["solve", "c.json"], { "c.json": json(validCohort) });
    expect(core.solveCohort).toHaveBeenLastCalledWith(validCohort, { backend: "auto" });
    for (const backend of ["jslp", "network"]) {
      const r = await cli(["solve", "c.json", "--backend", backend], { "c.json": json(validCohort) });
      expect(r.code).toBe(EXIT.ok);
      expect(core.solveCohort).toHaveBeenLastCalledWith(validCohort, { backend });
    }
  });

  it("with allowUnassigned, lists the roles left empty and why", async () => {
    const r = await cli(["solve", "c.json"], { "c.json": json(unassignedCohort) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^Test programme 2013 — optimal — objective [\d.]+, bound [\d.]+ \(gap 0%\) — 2 roles unassigned$/m);
    expect(r.stdout).toMatch(/^Kari Nordmann\s+skedsmo\s+nrv-nra \(.*\)\s+sup-skedsmo\s+—\s+[\d.]+$/m);
    const section = r.stdout.slice(r.stdout.indexOf("Roles left unassigned (2):"));
    expect(lines(section)).toHaveLength(3);
    expect(section).toMatch(/^ {2}Kari Nordmann, mentor: \S.*$/m);
    expect(section).toMatch(/^ {2}t2, mentor: \S.*$/m);
  });

  it("a feasible plan shows its bound and gap", async () => {
    replaceSolveOnce({ ok: true, issues: [], plan: basePlan({ status: "feasible", objective: 110, bound: 100 }) });
    const r = await cli(["solve", "c.json"], { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.ok);
    expect(lines(r.stdout)[0]).toBe("Test programme 2013 — feasible — objective 110.00, bound 100.00 (gap 10.00, 9.09%)");
  });

  it("a feasible plan without a known bound says so", async () => {
    replaceSolveOnce({ ok: true, issues: [], plan: basePlan({ status: "feasible", objective: 7.125, bound: null }) });
    const r = await cli(["solve", "c.json"], { "c.json": json(validCohort) });
    expect(lines(r.stdout)[0]).toBe("Test programme 2013 — feasible — objective 7.13, bound unknown");
  });
});

describe("solve and validate: input problems (exit 2)", () => {
  it("prints every issue as `code at path: message`, then a summary, and no plan", async () => {
    const issues = validateCohort(invalidCohort);
    expect(issues.length).toBeGreaterThan(0);
    for (const command of ["solve", "validate"]) {
      for (const format of command === "solve" ? ["table", "json"] : ["table"]) {
        const argv = command === "solve" ? [command, "c.json", "--format", format] : [command, "c.json"];
        const r = await cli(argv, { "c.json": json(invalidCohort) });
        expect(r.code).toBe(EXIT.invalidInput);
        expect(r.stdout).toBe("");
        expect(lines(r.stderr)).toEqual([
          ...issues.map(formatIssue),
          `rotamatch: ${issues.length} problems in c.json; fix them and run again.`,
        ]);
        noStackTrace(r.stderr);
      }
    }
  });

  it("names the field, as a spreadsheet user finds it", async () => {
    const r = await cli(["validate", "c.json"], { "c.json": json(invalidCohort) });
    expect(r.stderr).toMatch(/^too_small at members\[0\]\.hostCapacity: /m);
    expect(r.stderr).toMatch(/^invalid_type at trainees\[1\]\.specialization: /m);
    const reference = await cli(["solve", "c.json"], { "c.json": json(unknownMemberCohort) });
    expect(reference.code).toBe(EXIT.invalidInput);
    expect(reference.stderr).toMatch(/^unknown_reference at people\[4\]\.member: .*nowhere/m);
    expect(lines(reference.stderr).at(-1)).toBe("rotamatch: 1 problem in c.json; fix it and run again.");
  });

  it("malformed JSON is one invalid_json issue with its line and column", async () => {
    for (const command of ["solve", "validate"]) {
      const r = await cli([command, "c.json"], { "c.json": malformedJson });
      expect(r.code).toBe(EXIT.invalidInput);
      expect(r.stdout).toBe("");
      expect(lines(r.stderr)).toEqual([
        "invalid_json: Not valid JSON at line 4, column 3: expected a comma or } after the value (is a comma missing at the end of the previous line?).",
        "rotamatch: c.json is not valid JSON, so nothing else was checked.",
      ]);
    }
    expect(core.solveCohort).not.toHaveBeenCalled();
  });

  it("an empty file is an invalid_json issue", async () => {
    const r = await cli(["solve", "-"], { "-": "\n" });
    expect(r.code).toBe(EXIT.invalidInput);
    expect(lines(r.stderr)[0]).toBe("invalid_json: The file is empty: a cohort is a JSON object that starts with {.");
    expect(r.stderr).toContain("standard input is not valid JSON");
  });

  it("JSON that is not a cohort is reported by the validator", async () => {
    const r = await cli(["validate", "c.json"], { "c.json": "[1, 2, 3]" });
    expect(r.code).toBe(EXIT.invalidInput);
    expect(lines(r.stderr)).toEqual([...validateCohort([1, 2, 3]).map(formatIssue), expect.stringMatching(/^rotamatch: 1 problem in c\.json; fix it and run again\.$/)]);
  });
});

describe("solve: no plan is possible (exit 3)", () => {
  it("prints the diagnosis on stderr, one line per item, and in the table", async () => {
    const r = await cli(["solve", "c.json"], { "c.json": json(infeasibleCohort) });
    expect(r.code).toBe(EXIT.infeasible);
    const solved = core.solveCohort(infeasibleCohort);
    if (!solved.ok) throw new Error("the fixture must be valid input");
    const diagnosis = solved.plan.diagnosis;
    expect(diagnosis.length).toBeGreaterThan(0);
    expect(lines(r.stderr)).toEqual([
      "rotamatch: no plan for c.json satisfies every rule (infeasible). Why:",
      ...diagnosis.map((item) => `${item.code}: ${item.message}`),
    ]);
    expect(lines(r.stdout)[0]).toBe("Test programme 2013 — infeasible — no plan satisfies every rule");
    expect(r.stdout).toContain("Why no plan is possible:\n  1. ");
    for (const item of diagnosis) expect(r.stdout).toContain(item.message);
    expect(r.stdout).not.toContain("Trainee  ");
  });

  it("--format json still prints the plan file, with the diagnosis", async () => {
    const r = await cli(["solve", "c.json", "--format", "json"], { "c.json": json(infeasibleCohort) });
    expect(r.code).toBe(EXIT.infeasible);
    const plan = planSchema.parse(JSON.parse(r.stdout));
    expect(plan.status).toBe("infeasible");
    expect(plan.objective).toBeNull();
    expect(plan.diagnosis.length).toBeGreaterThan(0);
    expect(r.stderr).toContain("(infeasible)");
  });

  it("shows each diagnosis item by its message, numbered", async () => {
    replaceSolveOnce({
      ok: true,
      issues: [],
      plan: basePlan({
        status: "infeasible",
        diagnosis: [
          {
            code: "away_places_short",
            message: "Part 2 has 3 trainees to place and room for 2.",
            trainees: ["t1", "t2", "t3"],
            members: ["nrv-nra"],
            people: [],
            change: {
              action: "raise-capacity",
              path: "members[1].awayCapacity",
              member: "nrv-nra",
              person: null,
              period: "part-2",
              role: null,
              specialization: null,
              outsideOrganisation: null,
              by: 1,
            },
          },
        ],
      }),
    });
    const r = await cli(["solve", "c.json"], { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.infeasible);
    expect(r.stdout).toBe(
      [
        "Test programme 2013 — infeasible — no plan satisfies every rule",
        "",
        "Why no plan is possible:",
        "  1. Part 2 has 3 trainees to place and room for 2.",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toContain("away_places_short: Part 2 has 3 trainees to place and room for 2.\n");
  });
});

describe("solve: timed out (exit 4)", () => {
  const timedout = (): SolveResult => ({ ok: true, issues: [], plan: basePlan({ status: "timedout" }) });

  it("says so on stderr and suggests a longer time limit", async () => {
    replaceSolveOnce(timedout());
    const r = await cli(["solve", "c.json", "--time-limit", "5"], { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.timedout);
    expect(r.stderr).toBe("rotamatch: no valid plan was found within the time limit of 5 s. Try a longer --time-limit SECONDS.\n");
    expect(lines(r.stdout)[0]).toBe("Test programme 2013 — timedout — no plan yet");
  });

  it("--format json still prints the plan file; the default limit is named", async () => {
    replaceSolveOnce(timedout());
    const r = await cli(["solve", "c.json", "--format", "json"], { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.timedout);
    expect(planSchema.parse(JSON.parse(r.stdout)).status).toBe("timedout");
    const seconds = core.DEFAULT_SOLVE_OPTIONS.timeLimitMs / 1000;
    expect(r.stderr).toContain(`within the time limit of ${seconds} s.`); // the library's default
  });
});

describe("validate", () => {
  it("counts what a valid cohort holds (exit 0)", async () => {
    const r = await cli(["validate", "c.json"], { "c.json": json(validCohort) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe("valid: 2 members, 4 people, 2 trainees\n");
    expect(r.stderr).toBe("");
    expect(core.solveCohort).not.toHaveBeenCalled();
  });

  it("writes singular counts in the singular", async () => {
    const one = {
      ...validCohort,
      members: validCohort.members.slice(0, 1),
      people: validCohort.people.slice(0, 1),
      trainees: validCohort.trainees.slice(0, 1),
    };
    const r = await cli(["validate", "-"], { "-": json(one) });
    expect(r.stdout).toBe("valid: 1 member, 1 person, 1 trainee\n");
  });

  it("refuses a cohort without trainees: nothing can be planned (exit 2)", async () => {
    const r = await cli(["validate", "c.json"], { "c.json": json({ ...validCohort, trainees: [] }) });
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("too_small at trainees: must list at least one trainee: there is nobody to plan for");
  });
});

describe("schema", () => {
  it.each([
    ["cohort", cohortJsonSchema],
    ["plan", planJsonSchema],
  ] as const)("schema %s prints the JSON Schema", async (which, make) => {
    const r = await cli(["schema", which]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(make());
    expect(r.stdout).toBe(`${JSON.stringify(make(), null, 2)}\n`);
  });
});

describe("the built executable", () => {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  // The installed command is bin/rotamatch.js, which loads the built dist/cli.js.
  const dist = join(root, "packages/cli/bin/rotamatch.js");
  const built = existsSync(join(root, "packages/cli/dist/cli.js")) && existsSync(join(root, "packages/core/dist/index.js"));
  const name = built
    ? "the installed command (bin/rotamatch.js) solves, writes files, reports bad JSON and exits as documented"
    : "the installed command (skipped: run `npm run build` first; packages/cli/dist or packages/core/dist is missing)";

  it.skipIf(!built)(name, () => {
    const dir = mkdtempSync(join(tmpdir(), "rotamatch-cli-"));
    try {
      const file = join(dir, "cohort.json");
      const cohortText = json(validCohort);
      const solve = spawnSync(process.execPath, [dist, "solve", "-", "--format", "json"], { input: cohortText, encoding: "utf8" });
      expect(solve.stderr).toBe("");
      expect(solve.status).toBe(0);
      expect(planSchema.parse(JSON.parse(solve.stdout)).status).toBe("optimal");

      const missing = spawnSync(process.execPath, [dist, "solve", file], { encoding: "utf8" });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain(`cannot read ${file}: no such file`);

      writeFileSync(file, cohortText);
      const out = join(dir, "plan.json");
      const toFile = spawnSync(process.execPath, [dist, "solve", file, "--format", "json", "--out", out], { encoding: "utf8" });
      expect(toFile.status).toBe(0);
      expect(toFile.stdout).toBe("");
      expect(planSchema.parse(JSON.parse(readFileSync(out, "utf8"))).status).toBe("optimal");

      const malformed = spawnSync(process.execPath, [dist, "validate", "-"], { input: malformedJson, encoding: "utf8" });
      expect(malformed.status).toBe(2);
      expect(malformed.stderr).toMatch(/^invalid_json: Not valid JSON at line 4, column 3: /);
      noStackTrace(malformed.stderr);

      const version = spawnSync(process.execPath, [dist, "--version"], { encoding: "utf8" });
      expect(version.stdout).toBe(`rotamatch ${packageJson.version}\n`);
      expect(readFileSync(dist, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
