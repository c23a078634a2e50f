/**
 * rotamatch replan, whatif and explain, end to end on Romerike 2013: in process through
 * `run(argv, io)` with the repository's files (every exit code, what a person reads), and once
 * each as a spawned process on real files. Also `export` of a re-planned plan: the Changes
 * sheet (CSV) and the calendars' SEQUENCE.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  explainPlan,
  explanationSchema,
  replanPlanSchema,
  solveCohort,
  verifyPlan,
  whatIfAnswerSchema,
  type CohortInput,
  type SolvedPlan,
} from "@rotamatch/core";
import { afterAll, describe, expect, it } from "vitest";
import { parsePin } from "../src/commands/whatif.js";
import { EXIT } from "../src/run.js";
import { cli } from "./fixtures/fake-io.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const romerikeText = readFileSync(join(root, "examples/romerike-2013.json"), "utf8");
const romerike = JSON.parse(romerikeText) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok || solved.plan.status !== "optimal") throw new Error("Romerike 2013 should solve");
const plan = solved.plan as SolvedPlan;
const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The stories of docs/replanning.md, as cohort files. */
const mentorLeaves: CohortInput = { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== "oras-mentor-1") };
const traineeQuits: CohortInput = { ...romerike, trainees: romerike.trainees.filter((t) => t.id !== "t6") };
const romerike2011 = readFileSync(join(root, "examples/romerike-2011.json"), "utf8");
/** The plan with Kristian Helle's away placement in a period the programme does not have. */
const offPlan = {
  ...plan,
  assignments: plan.assignments.map((a) =>
    a.trainee === "t4" ? { ...a, placements: a.placements.map((p) => (p.period === "part-2" ? { ...p, period: "part-9" } : p)) } : a,
  ),
};

const files = {
  "romerike.json": romerikeText,
  "plan.json": json(plan),
  "mentor-leaves.json": json(mentorLeaves),
  "quits.json": json(traineeQuits),
  "romerike-2011.json": romerike2011,
  "off-plan.json": json(offPlan),
  "request.json": json({ format: "rotamatch.replan/v1", asOf: "2014-03-01", cohort: mentorLeaves, plan }),
};

describe("rotamatch replan", () => {
  it("a mentor leaves in part 2: the table shows the change in words first, then the plan as solve prints it", async () => {
    const r = await cli(["replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "2014-03-01"], files);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    const [changes, header] = r.stdout.split("\n\n");
    expect(changes).toBe("Changes (1):\n  Nora Amundsen: mentor oras-mentor-1 (left the programme) → Egil Tangen, Aurskog-Høland kommune");
    expect(header).toBe("Tekniske Tjenester Romerike, traineeprogram 2013-2015 — optimal — objective 47.50, bound 47.50 (gap 0%)");
    expect(r.stdout).toMatch(/^Nora Amundsen +roaf +oras \(2014-02-19 – 2014-08-18\) +roaf-supervisor-1 +aurskog-holand-mentor-1 +9\.06$/m);
  });

  it("prints what docs/replanning.md shows for it", async () => {
    const page = readFileSync(join(root, "docs/replanning.md"), "utf8");
    const block = /^```text\n\$ rotamatch replan mentor-left\.json --plan plan\.json --as-of 2014-03-01\n([\s\S]*?)\.\.\.\n```/m.exec(page);
    expect(block, "the session in docs/replanning.md").not.toBeNull();
    const r = await cli(["replan", "mentor-left.json", "--plan", "plan.json", "--as-of", "2014-03-01"], { ...files, "mentor-left.json": files["mentor-leaves.json"] });
    expect(r.stdout.startsWith(block?.[1] ?? "(none)")).toBe(true);
  });

  it("--format json prints the re-planned plan: the plan format with its changes, valid for the cohort", async () => {
    const r = await cli(["replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--format", "json"], files);
    expect(r.code).toBe(EXIT.ok);
    const replanned = replanPlanSchema.parse(JSON.parse(r.stdout));
    expect(replanned.changes).toEqual([{ trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" }]);
    const { changes: _changes, ...asPlan } = replanned;
    expect(verifyPlan(mentorLeaves, asPlan).ok).toBe(true);
  });

  it.each(["jslp", "network"])("--backend %s gives the same changes and objective on Romerike, proven optimal", async (backend) => {
    const r = await cli(["replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--format", "json", "--backend", backend], files);
    expect(r.code).toBe(EXIT.ok);
    const replanned = replanPlanSchema.parse(JSON.parse(r.stdout));
    expect(replanned.stats?.backend).toBe(backend);
    expect(replanned.status).toBe("optimal");
    expect(replanned.objective).toBeCloseTo(47.49842996411655, 9);
    expect(replanned.changes).toEqual([{ trainee: "t3", role: "mentor", from: "oras-mentor-1", to: "aurskog-holand-mentor-1", reason: "forced" }]);
  });

  it("a trainee quits: their roles are freed, in words, and nobody else moves", async () => {
    const r = await cli(["replan", "quits.json", "--plan", "plan.json", "--as-of", "2014-03-01"], files);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.split("\n\n")[0]).toBe(
      [
        "Changes (3):",
        "  t6 (left the programme): host Fet kommune → nobody",
        "  t6 (left the programme): supervisor Tone Myhre, Fet kommune → nobody",
        "  t6 (left the programme): mentor Svein Olav Berg, Lørenskog kommune → nobody",
      ].join("\n"),
    );
  });

  it("is idempotent: nothing changed gives no changes and the same assignments, byte for byte", async () => {
    const r = await cli(["replan", "romerike.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--format", "json"], files);
    expect(r.code).toBe(EXIT.ok);
    const replanned = replanPlanSchema.parse(JSON.parse(r.stdout));
    expect(replanned.changes).toEqual([]);
    expect(JSON.stringify(replanned.assignments)).toBe(JSON.stringify(plan.assignments));
    const table = await cli(["replan", "romerike.json", "--plan", "plan.json", "--as-of", "2014-03-01"], files);
    expect(table.stdout.startsWith("No changes: every role stays as it was.\n\n")).toBe(true);
  });

  it("takes a whole rotamatch.replan/v1 document instead of --plan and --as-of, with the same answer", async () => {
    const fromDocument = await cli(["replan", "request.json", "--format", "json", "--out", "replanned.json"], files);
    const fromFlags = await cli(["replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--format", "json"], files);
    expect(fromDocument.code).toBe(EXIT.ok);
    expect(fromDocument.stdout).toBe("");
    expect(fromDocument.stderr).toBe("rotamatch: wrote the re-planned plan (optimal, 1 change) to replanned.json\n");
    const strip = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), stats: null });
    expect(strip(fromDocument.written.get("replanned.json") as string)).toEqual(strip(fromFlags.stdout));
  });

  it("no plan keeps every rule (exit 3): the table and the JSON say so, the reasons go to stderr", async () => {
    const fewMentors = { ...romerike, people: (romerike.people ?? []).filter((p) => p.role !== "mentor" || p.member === "skedsmo") };
    const withFew = { ...files, "few-mentors.json": json(fewMentors) };
    const table = await cli(["replan", "few-mentors.json", "--plan", "plan.json", "--as-of", "2014-03-01"], withFew);
    expect(table.code).toBe(EXIT.infeasible);
    expect(table.stdout.split("\n")[0]).toBe("Tekniske Tjenester Romerike, traineeprogram 2013-2015 — infeasible — no plan satisfies every rule");
    expect(table.stderr).toMatch(/^rotamatch: no plan for few-mentors\.json satisfies every rule \(infeasible\)\. Why:\n/);
    const asJson = await cli(["replan", "few-mentors.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--format", "json"], withFew);
    expect(asJson.code).toBe(EXIT.infeasible);
    expect(replanPlanSchema.parse(JSON.parse(asJson.stdout))).toMatchObject({ status: "infeasible", changes: [] });
  });

  it("no plan within the time limit (exit 4): --format json still prints the plan file", async () => {
    const r = await cli(["replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--time-limit", "0.001", "--format", "json"], files);
    expect(r.code).toBe(EXIT.timedout);
    expect(replanPlanSchema.parse(JSON.parse(r.stdout)).status).toBe("timedout");
    expect(r.stderr).toBe("rotamatch: no valid plan was found within the time limit of 0.001 s. Try a longer --time-limit SECONDS.\n");
  });

  it.each([
    { name: "an --as-of that is no date", asOf: "2014-13-01", cohort: "mentor-leaves.json", line: 'invalid_as_of at asOf: "2014-13-01" is not a date written YYYY-MM-DD.' },
    { name: "an --as-of outside the programme", asOf: "2020-01-01", cohort: "mentor-leaves.json", line: "as_of_outside_programme at asOf: 2020-01-01 is outside the programme" },
    { name: "a plan with a period the programme does not have", asOf: "2014-03-01", cohort: "mentor-leaves.json", plan: "off-plan.json", line: "plan_mismatch at plan.assignments[3].placements[1].period: " },
  ])("$name is an input problem with its path (exit 2), and JSON issues with --format json", async ({ asOf, cohort, line, plan = "plan.json" }) => {
    const table = await cli(["replan", cohort, "--plan", plan, "--as-of", asOf], files);
    expect(table.code).toBe(EXIT.invalidInput);
    expect(table.stdout).toBe("");
    expect(table.stderr).toContain(line);
    expect(table.stderr).toMatch(new RegExp(`rotamatch: \\d+ problems? in ${cohort} and ${plan.replace(".", "\\.")}; fix`));
    const asJson = await cli(["replan", cohort, "--plan", plan, "--as-of", asOf, "--format", "json"], files);
    expect(asJson.code).toBe(EXIT.invalidInput);
    const { issues } = JSON.parse(asJson.stdout) as { issues: { code: string; path: string }[] };
    expect(issues.length).toBeGreaterThan(0);
    expect(line).toContain(`${issues[0]?.code} at ${issues[0]?.path}:`);
  });

  it.each([
    [["replan", "mentor-leaves.json", "--plan", "plan.json"], "replan needs --as-of DATE"],
    [["replan", "mentor-leaves.json", "--as-of", "2014-03-01"], "replan needs --plan PLAN"],
    [["replan", "mentor-leaves.json"], "replan needs --plan PLAN and --as-of DATE, unless mentor-leaves.json is a rotamatch.replan/v1 document"],
    [["replan", "request.json", "--plan", "plan.json", "--as-of", "2014-03-01"], "request.json is a rotamatch.replan/v1 document: give it alone"],
    [["replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--backend", "greedy"], "--backend must be auto, jslp or network for a re-plan"],
    [["replan", "-", "--plan", "-", "--as-of", "2014-03-01"], "only one of COHORT and --plan can be read from standard input"],
    [["replan"], "replan needs a COHORT file"],
  ])("%j is a usage error (exit 1)", async (argv, message) => {
    const r = await cli(argv, files);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`rotamatch replan: ${message}`);
    expect(r.stderr).toContain("Usage: rotamatch replan COHORT --plan PLAN --as-of DATE");
  });
});

describe("rotamatch whatif", () => {
  const skedsmo = "trainee=t4,period=part-2,member=skedsmo";

  it("prints the pins, the objective, the delta and who else moves, in words", async () => {
    const r = await cli(["whatif", "romerike.json", "--plan", "plan.json", "--pin", skedsmo], files);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(
      [
        "What if (1 pin):",
        "  Kristian Helle: at Skedsmo kommune in part-2",
        "",
        "Status:    optimal",
        "Objective: 43.02",
        "Delta:     +0.52",
        "",
        "Changes (3):",
        "  Emilie Grønli: away in part-2 Lørenskog kommune → NRV/NRA IKS",
        "  Marie Holmen: away in part-2 NRV/NRA IKS → Aurskog-Høland kommune",
        "  Thea Bergersen: away in part-2 Skedsmo kommune → Lørenskog kommune",
        "",
      ].join("\n"),
    );
  });

  it("--format json prints the rotamatch.whatif/v1 answer; the plan's own choices cost nothing and move nobody", async () => {
    const own = plan.assignments.find((a) => a.trainee === "t4");
    const away = own?.placements.find((p) => p.period === "part-2")?.member;
    const r = await cli(
      ["whatif", "romerike.json", "--plan", "plan.json", "--pin", `trainee=t4,period=part-2,member=${away}`, "--pin", `trainee=t4,mentor=${own?.mentor}`, "--format", "json"],
      files,
    );
    expect(r.code).toBe(EXIT.ok);
    const answer = whatIfAnswerSchema.parse(JSON.parse(r.stdout));
    expect(answer.pins).toEqual([
      { trainee: "t4", period: "part-2", member: away },
      { trainee: "t4", mentor: own?.mentor },
    ]);
    expect(answer.delta).toBeCloseTo(0, 9);
    expect(answer.changes).toEqual([]);
  });

  it("a pin that breaks a hard rule is an input problem at its path (exit 2)", async () => {
    const r = await cli(["whatif", "romerike.json", "--plan", "plan.json", "--pin", "trainee=t4,period=part-2,member=lorenskog"], files);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr).toMatch(/^pin_breaks_rule at pins\[0\]\.member: places trainee "t4" away at "lorenskog"/);
    const unknown = await cli(["whatif", "romerike.json", "--plan", "plan.json", "--pin", "trainee=t4,period=part-2,member=nowhere", "--format", "json"], files);
    expect(unknown.code).toBe(EXIT.invalidInput);
    expect(JSON.parse(unknown.stdout)).toEqual({ issues: [expect.objectContaining({ code: "unknown_reference", path: "pins[0].member" })] });
  });

  it.each([
    ["trainee=t4,period=part-2,membr=skedsmo", 'a --pin takes trainee, period, member, mentor, supervisor, not "membr"'],
    ["t4,part-2,skedsmo", 'each part of a --pin is key=value, not "t4"'],
    ["trainee=t4,member=", 'each part of a --pin is key=value, not "member="'],
    ["period=part-2,member=skedsmo", 'a --pin needs trainee=ID, in "period=part-2,member=skedsmo"'],
    ["trainee=t4,period=part-2", 'a --pin needs member=, mentor= or supervisor=, in "trainee=t4,period=part-2"'],
    ["trainee=t4,member=a,member=b", "a --pin gives member once, not twice"],
  ])("--pin %j is a usage error with a clear line (exit 1)", async (pin, message) => {
    expect(parsePin(pin)).toEqual({ ok: false, message });
    const r = await cli(["whatif", "romerike.json", "--plan", "plan.json", "--pin", pin], files);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr.split("\n")[0]).toBe(`rotamatch whatif: ${message}.`);
  });

  it("needs --plan and at least one --pin (exit 1)", async () => {
    expect((await cli(["whatif", "romerike.json", "--pin", skedsmo], files)).stderr).toContain("whatif needs --plan PLAN");
    expect((await cli(["whatif", "romerike.json", "--plan", "plan.json"], files)).stderr).toContain("whatif needs at least one --pin");
  });
});

describe("rotamatch explain", () => {
  it.each(["en", "nb"] as const)("explains a trainee in %s: the core's sentences, grouped under the trainee", async (lang) => {
    const r = await cli(["explain", "romerike.json", "--plan", "plan.json", "--trainee", "t4", "--lang", lang], files);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    const expected = explainPlan(romerike, plan, { trainee: "t4", lang });
    if (!expected.ok) throw new Error("the core explains t4");
    const t4 = expected.explanation.trainees[0];
    const cost = lang === "en" ? "cost" : "kostnad";
    expect(r.stdout).toBe(`Kristian Helle (t4), ${cost} 10.67\n  ${t4?.text}\n${(t4?.options ?? []).map((o) => `  - ${o.text}\n`).join("")}`);
    expect(r.stdout).toContain(
      lang === "en"
        ? "Giving Kristian Helle the first choice for part-2, Skedsmo kommune, would raise the total cost by 0.5 and move Emilie Grønli"
        : "Å gi Kristian Helle førstevalget for part-2, Skedsmo kommune, ville øke totalkostnaden med 0,5 og flytte Emilie Grønli",
    );
  });

  it("explains every trainee by default, and prints the rotamatch.explanation/v1 answer with --format json", async () => {
    const table = await cli(["explain", "romerike.json", "--plan", "plan.json"], files);
    expect(table.code).toBe(EXIT.ok);
    expect(table.stdout.split("\n\n").map((section) => section.split("\n")[0]?.replace(/, cost .*$/, ""))).toEqual(
      romerike.trainees.map((t) => `${t.name} (${t.id})`),
    );
    const asJson = await cli(["explain", "romerike.json", "--plan", "plan.json", "--format", "json", "--lang", "nb"], files);
    const explanation = explanationSchema.parse(JSON.parse(asJson.stdout));
    expect(explanation.lang).toBe("nb");
    expect(explanation.trainees.map((t) => t.trainee)).toEqual(romerike.trainees.map((t) => t.id));
  });

  it("an unknown trainee is an input problem at trainee (exit 2)", async () => {
    const r = await cli(["explain", "romerike.json", "--plan", "plan.json", "--trainee", "t99"], files);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr.split("\n")[0]).toBe('unknown_reference at trainee: The cohort has no trainee "t99" to explain.');
    const asJson = await cli(["explain", "romerike.json", "--plan", "plan.json", "--trainee", "t99", "--format", "json"], files);
    expect(JSON.parse(asJson.stdout)).toEqual({ issues: [expect.objectContaining({ code: "unknown_reference", path: "trainee" })] });
  });

  it("a plan of another cohort is an input problem; at most 20 lines of them are printed", async () => {
    const r = await cli(["explain", "romerike-2011.json", "--plan", "plan.json"], files);
    expect(r.code).toBe(EXIT.invalidInput);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.slice(0, 20).every((line) => line.startsWith("plan_mismatch at plan."))).toBe(true);
    expect(lines[20]).toMatch(/^\.\.\. and \d+ more$/);
    expect(lines[21]).toMatch(/^rotamatch: \d+ problems in romerike-2011\.json and plan\.json; fix them and run again\.$/);
  });

  it.each([
    [["explain", "romerike.json", "--plan", "plan.json", "--lang", "de"], '--lang must be en or nb, not "de"'],
    [["explain", "romerike.json"], "explain needs --plan PLAN"],
  ])("%j is a usage error (exit 1)", async (argv, message) => {
    const r = await cli(argv, files);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(`rotamatch explain: ${message}`);
  });
});

describe("rotamatch export of a re-planned plan", () => {
  it("writes the Changes sheet (plan-changes.csv) and calendars whose changed events carry a higher SEQUENCE", async () => {
    const replanned = await cli(["replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--format", "json"], files);
    const withReplan = { ...files, "replanned.json": replanned.stdout };
    const csv = await cli(["export", "replanned.json", "--cohort", "mentor-leaves.json", "--format", "csv", "--out", "out"], withReplan);
    expect(csv.code).toBe(EXIT.ok);
    expect((csv.written.get("out/plan-changes.csv") as string).replace(/^\uFEFF/, "").split("\r\n").slice(0, 2)).toEqual([
      "Trainee,Trainee name,Role,Period,From,From name,To,To name,Reason,Why",
      "t3,Nora Amundsen,mentor,,oras-mentor-1,,aurskog-holand-mentor-1,Egil Tangen,forced,the old value is no longer allowed",
    ]);
    // Each trainee's own calendar: t3's part 2 changed (a new mentor), t4's did not.
    const calendar = async (file: string, cohortFile: string, trainee?: string) => {
      const r = await cli(["export", file, "--cohort", cohortFile, "--format", "ics", ...(trainee === undefined ? [] : ["--trainee", trainee])], withReplan);
      expect(r.code).toBe(EXIT.ok);
      return r.stdout.replace(/\r\n /g, "");
    };
    expect(await calendar("replanned.json", "mentor-leaves.json", "t3")).toMatch(/UID:[a-z0-9]+\.t3\.part-2@rotamatch\r\nDTSTAMP:\d{8}T000000Z\r\nSEQUENCE:1\r\n/);
    expect(await calendar("replanned.json", "mentor-leaves.json", "t4")).toMatch(/UID:[a-z0-9]+\.t4\.part-2@rotamatch\r\nDTSTAMP:\d{8}T000000Z\r\nSEQUENCE:0\r\n/);
    // The cohort's calendar: the start of part 2 lists where everyone is, which a new mentor
    // does not change.
    const cohortCalendar = await calendar("replanned.json", "mentor-leaves.json");
    expect(cohortCalendar).toMatch(/UID:[a-z0-9]+\.period-start\.part-2@rotamatch\r\nDTSTAMP:\d{8}T000000Z\r\nSEQUENCE:0\r\n/);
    const published = await calendar("plan.json", "romerike.json");
    expect(published).not.toContain("SEQUENCE");
    // The same events, so that importing the new file updates the old ones.
    const uids = (text: string) => text.match(/^UID:.*$/gm);
    expect(uids(cohortCalendar)).toEqual(uids(published));
    expect(uids(await calendar("replanned.json", "mentor-leaves.json", "t3"))).toEqual(uids(await calendar("plan.json", "romerike.json", "t3")));
  });

  it("refuses changes that are not in the format of a re-plan (exit 2, with the path)", async () => {
    const bad = { ...plan, changes: [{ trainee: "t3", role: "mentor", from: "a", to: "b", reason: "because" }] };
    const r = await cli(["export", "bad.json", "--cohort", "romerike.json", "--format", "ics"], { ...files, "bad.json": json(bad) });
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr.split("\n")[0]).toMatch(/^invalid_plan at changes\[0\]\.reason: The plan's changes are not in the format of a re-plan: /);
    expect(r.stderr).toContain("rotamatch: bad.json is not a plan file (rotamatch.plan/v1; 1 problem).");
  });
});

describe("as spawned processes, on real files", () => {
  const folder = mkdtempSync(join(tmpdir(), "rotamatch-replan-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const source = join(root, "packages/cli/src/cli.ts");
  // The command line from its sources (tsx), so this runs without a build; the core is its built package.
  const rotamatch = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", source, ...args.map((a) => (a.endsWith(".json") ? join(folder, a) : a))], { cwd: root, encoding: "utf8" });

  it("replan, whatif and explain read files, print and exit as documented", () => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const replan = rotamatch("replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "2014-03-01", "--format", "json", "--out", "replanned.json");
    expect(replan.stderr).toBe(`rotamatch: wrote the re-planned plan (optimal, 1 change) to ${join(folder, "replanned.json")}\n`);
    expect(replan.status).toBe(0);
    expect(replanPlanSchema.parse(JSON.parse(readFileSync(join(folder, "replanned.json"), "utf8"))).changes).toHaveLength(1);

    const badDate = rotamatch("replan", "mentor-leaves.json", "--plan", "plan.json", "--as-of", "1 March");
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('invalid_as_of at asOf: "1 March" is not a date written YYYY-MM-DD.');

    const whatif = rotamatch("whatif", "romerike.json", "--plan", "plan.json", "--pin", "trainee=t4,period=part-2,member=skedsmo");
    expect(whatif.status).toBe(0);
    expect(whatif.stdout).toContain("Delta:     +0.52");
    const badPin = rotamatch("whatif", "romerike.json", "--plan", "plan.json", "--pin", "t4=skedsmo");
    expect(badPin.status).toBe(1);

    const explain = rotamatch("explain", "romerike.json", "--plan", "plan.json", "--trainee", "t4", "--lang", "nb");
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain("Å gi Kristian Helle førstevalget for part-2, Skedsmo kommune");
  }, 60_000);
});
