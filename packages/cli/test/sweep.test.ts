/**
 * rotamatch sweep: the summary and its rendering (pure), one run as a worker does it (in
 * process), the worker pool (with a stand-in worker that crashes), the command's usage errors,
 * and small end-to-end sweeps on real worker threads (these need the built worker,
 * dist/sweep-worker.js, which `npm test` builds first).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cohortSchema, generateCohort, type Cohort } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/run.js";
import { runInWorkers } from "../src/sweep/pool.js";
import { formatDuration, formatShare, renderProgress, renderSweepReport } from "../src/sweep/render.js";
import { groupDiagnoses, percentile, summarizeCosts, summarizeSweep } from "../src/sweep/report.js";
import { makeRecord, runOne, type Finding, type RunRecord, type RunStatus, type SweepJob } from "../src/sweep/run-one.js";
import { HELP } from "../src/usage.js";
import { validCohort } from "./fixtures/cohorts.js";
import { cli } from "./fixtures/fake-io.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const built = existsSync(join(root, "packages/cli/dist/sweep-worker.js")) && existsSync(join(root, "packages/core/dist/index.js"));
const needsBuild = built ? "" : " (skipped: run `npm run build` first; the sweep's worker is not built)";

const record = (index: number, status: RunStatus, objective: number | null = null, findings: Finding[] = []): RunRecord =>
  makeRecord({ index, seed: index + 1 }, { status, objective, bound: objective, findings });

const finding = (code: string, subject: string | null = null): Finding => ({ code, subject, message: `${code} about ${subject}` });

describe("the summary", () => {
  it("percentiles interpolate linearly between the nearest ranks", () => {
    expect(percentile([10], 0.9)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([0, 10], 0.1)).toBeCloseTo(1);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.1)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(() => percentile([], 0.5)).toThrow(RangeError);
  });

  it("summarizes costs whatever their order", () => {
    expect(summarizeCosts([])).toBeNull();
    expect(summarizeCosts([30, 10, 20, 40, 50])).toEqual({ min: 10, p10: 14, median: 30, p90: 46, max: 50, mean: 30 });
  });

  it("counts the runs by outcome; invalid runs are infeasible too", () => {
    const summary = summarizeSweep([
      record(0, "optimal", 10),
      record(1, "feasible", 14),
      record(2, "infeasible", null, [finding("mentors_short")]),
      record(3, "invalid", null, [finding("host_over_capacity", "skedsmo")]),
      record(4, "timedout"),
      record(5, "error"),
      { ...record(6, "optimal", 12), unassignedRoles: 2 },
    ]);
    expect(summary).toMatchObject({
      runs: 7,
      feasible: 3,
      feasibleShare: 3 / 7,
      optimal: 2,
      infeasible: 2,
      invalid: 1,
      timedout: 1,
      errors: 1,
      withUnassignedRoles: 1,
      cost: { min: 10, median: 12, max: 14, mean: 12 },
    });
    expect(summary.diagnoses.map((d) => d.code)).toEqual(["host_over_capacity", "mentors_short"]);
    expect(summarizeSweep([])).toMatchObject({ runs: 0, feasibleShare: 0, cost: null, diagnoses: [] });
  });

  it("groups diagnoses by code, each counted once per run, the most frequent first, with their subjects", () => {
    const groups = groupDiagnoses([
      record(0, "infeasible", null, [finding("raise_host_capacity", "fet"), finding("raise_host_capacity", "fet"), finding("add_mentor", "oras")]),
      record(1, "infeasible", null, [finding("raise_host_capacity", "skedsmo"), finding("raise_host_capacity", "fet")]),
      record(2, "infeasible", null, [finding("raise_host_capacity", "skedsmo"), finding("no_plan")]),
      record(3, "infeasible", null, [finding("add_mentor", "gjerdrum")]),
    ]);
    expect(groups).toEqual([
      {
        code: "raise_host_capacity",
        runs: 3,
        subjects: [
          { subject: "fet", runs: 2 },
          { subject: "skedsmo", runs: 2 },
        ],
        example: "raise_host_capacity about fet",
      },
      {
        code: "add_mentor",
        runs: 2,
        subjects: [
          { subject: "gjerdrum", runs: 1 },
          { subject: "oras", runs: 1 },
        ],
        example: "add_mentor about oras",
      },
      { code: "no_plan", runs: 1, subjects: [], example: "no_plan about null" },
    ]);
  });
});

describe("what a person reads", () => {
  it("the report: counts, the cost spread and the diagnoses, in aligned columns", () => {
    const summary = summarizeSweep([
      record(0, "optimal", 10),
      record(1, "optimal", 20.5),
      record(2, "infeasible", null, [finding("raise_host_capacity", "fet")]),
      record(3, "invalid", null, [finding("host_over_capacity", "fet")]),
    ]);
    expect(renderSweepReport("Sweep of c.json: 4 runs", summary)).toBe(
      [
        "Sweep of c.json: 4 runs",
        "",
        "Feasible    2 of 4 (50.0%), 2 proven optimal",
        "Infeasible  2, of which 1 rejected by validation (a lowered capacity is below what the given hosts or pins need)",
        "Timed out   0",
        "",
        "Cost of the 2 plans (objective)",
        "  min    p10  median    p90    max   mean",
        "10.00  11.05   15.25  19.45  20.50  15.25",
        "",
        "Why the 2 infeasible runs have no plan (runs with each diagnosis)",
        "Runs  Diagnosis            Most often about",
        "   1  host_over_capacity   fet (1)",
        "   1  raise_host_capacity  fet (1)",
        "",
      ].join("\n"),
    );
  });

  it("the report leaves out the cost without plans and names errors and empty roles when there are some", () => {
    const text = renderSweepReport("Sweep", summarizeSweep([record(0, "error"), { ...record(1, "feasible", 3), unassignedRoles: 1 }]));
    expect(text).toContain("Roles left empty  in 1 plan\n");
    expect(text).toContain("Errors            1 (runs that failed unexpectedly)\n");
    expect(renderSweepReport("Sweep", summarizeSweep([record(0, "timedout")]))).not.toContain("Cost of");
  });

  it("shows at most three subjects and ten diagnoses", () => {
    const findings = ["a", "b", "c", "d", "e"].map((s) => finding("raise_host_capacity", s));
    const many = Array.from({ length: 12 }, (_, i) => finding(`code_${String(i).padStart(2, "0")}`));
    const runs = [record(0, "infeasible", null, [...findings, ...many]), record(1, "infeasible", null, findings)];
    const text = renderSweepReport("Sweep", summarizeSweep(runs));
    expect(text).toContain("   2  raise_host_capacity  a (2), b (2), c (2) and 2 more\n");
    expect(text).toContain("(3 more in the JSON report, --json)");
  });

  it("the progress line: a bar, runs done, feasible so far and the time left", () => {
    expect(renderProgress(0, 20, 0, 0)).toBe("[------------------------] 0/20 runs, 0 feasible, ETA unknown");
    expect(renderProgress(5, 20, 4, 10_000)).toBe("[######------------------] 5/20 runs, 4 feasible, ETA 30.0 s");
    expect(renderProgress(20, 20, 17, 40_000)).toBe("[########################] 20/20 runs, 17 feasible, ETA 0.0 s");
    expect(formatDuration(4_240)).toBe("4.2 s");
    expect(formatDuration(125_000)).toBe("2:05");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatShare(2 / 3)).toBe("66.7%");
  });
});

describe("one run (what each worker thread does)", () => {
  const generated = (options: Partial<SweepJob> = {}): SweepJob => ({
    source: { kind: "generate", options: { trainees: 8, members: 8 } },
    perturbation: {},
    timeLimitMs: 30_000,
    backend: "auto",
    ...options,
  });

  it("solves the generated cohort of the run's seed: feasible by construction", () => {
    const result = runOne(generated(), { index: 2, seed: 9 });
    expect(result).toMatchObject({ index: 2, seed: 9, status: "optimal", unassignedRoles: 0, findings: [] });
    expect(result.objective).toEqual(result.bound);
    expect(result.perturbation).toEqual({ capacityFactor: null, removedMentors: [], removedSupervisors: [] });
  });

  it("an infeasible run keeps the diagnosis, each item with the member or person it is about", () => {
    const result = runOne(generated({ perturbation: { removeMentors: 1000 } }), { index: 0, seed: 1 });
    expect(result.status).toBe("infeasible");
    expect(result.objective).toBeNull();
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.map((f) => f.code)).toContain("no_mentor_candidate");
    const suggestions = result.findings.filter((f) => f.code === "add_mentor");
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((f) => f.subject !== null && f.message.startsWith("Add a mentor"))).toBe(true);
    expect(result.perturbation?.removedMentors).toHaveLength(16);
  });

  it("a run whose lowered capacities break a rule of the validator is invalid, with the problems", () => {
    const cohort: Cohort = cohortSchema.parse(validCohort);
    const job: SweepJob = { ...generated(), source: { kind: "cohort", cohort }, perturbation: { capacityScale: { min: 0, max: 0 } } };
    const result = runOne(job, { index: 0, seed: 1 });
    expect(result.status).toBe("invalid");
    expect(result.findings[0]).toMatchObject({ code: "host_over_capacity", subject: cohort.trainees[0]?.host });
    expect(result.findings[0]?.message).toMatch(/^host_over_capacity at members\[\d+\]\.hostCapacity: /);
  });

  it("an unexpected failure is a run with status error, never a throw", () => {
    const result = runOne(generated({ backend: "nope" }), { index: 4, seed: 5 });
    expect(result).toMatchObject({ index: 4, seed: 5, status: "error", error: expect.stringContaining('unknown backend "nope"') });
  });
});

describe("the worker pool", () => {
  const standIn = new URL("./fixtures/crash-worker.mjs", import.meta.url);
  const runs = Array.from({ length: 7 }, (_, index) => ({ index, seed: 100 + index }));

  it("returns every run in run order; a thread that crashes fails only its run, and a fresh one goes on", async () => {
    const seen: number[] = [];
    const job = { crashOnSeed: 103 } as unknown as SweepJob;
    const records = await runInWorkers(job, runs, { threads: 2, workerUrl: standIn, onRecord: (r) => seen.push(r.index) });
    expect(records.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(records.map((r) => r.status)).toEqual(["optimal", "optimal", "optimal", "error", "optimal", "optimal", "optimal"]);
    expect(records[3]).toMatchObject({ seed: 103, error: "crashed on seed 103", perturbation: null });
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("uses no more threads than runs, and answers at once without runs", async () => {
    const job = { crashOnSeed: null } as unknown as SweepJob;
    expect(await runInWorkers(job, runs.slice(0, 1), { threads: 8, workerUrl: standIn })).toHaveLength(1);
    expect(await runInWorkers(job, [], { threads: 2, workerUrl: standIn })).toEqual([]);
  });
});

describe("rotamatch sweep: usage", () => {
  const cohortFile = { "c.json": JSON.stringify(validCohort) };

  it.each([
    [[], "sweep needs a COHORT file, or --trainees N --members M"],
    [["a.json", "b.json"], "sweep takes one COHORT file, not 2"],
    [["c.json", "--trainees", "5", "--members", "6"], "give either a COHORT file or the generator's options"],
    [["c.json"], "a sweep of one cohort needs a perturbation"],
    [["c.json", "--remove-mentors", "0"], "a sweep of one cohort needs a perturbation"],
    [["c.json", "--remove-mentors", "1", "--runs", "0"], "--runs must be a whole number from 1 to 100000, not \"0\""],
    [["c.json", "--remove-mentors", "1", "--runs", "ten"], "--runs must be a whole number"],
    [["c.json", "--remove-mentors", "some"], "--remove-mentors must be a whole number from 0"],
    [["c.json", "--remove-supervisors=-1"], "--remove-supervisors must be a whole number from 0"],
    [["c.json", "--capacity-scale", "0.8-1.2"], '--capacity-scale must be A..B with 0 <= A <= B <= 10 (for example 0.8..1.2), or one factor, not "0.8-1.2"'],
    [["c.json", "--capacity-scale", "1.2..0.8"], "--capacity-scale must be A..B"],
    [["c.json", "--capacity-scale", "1..20"], "--capacity-scale must be A..B"],
    [["c.json", "--capacity-scale", "1..2..3"], "--capacity-scale must be A..B"],
    [["c.json", "--remove-mentors", "1", "--seed", "x"], '--seed must be a whole number, not "x"'],
    [["c.json", "--remove-mentors", "1", "--seed", "9007199254740991", "--runs", "2"], "--seed is too large for that many runs"],
    [["c.json", "--remove-mentors", "1", "--threads", "0"], "--threads must be a whole number from 1 to 256"],
    [["c.json", "--remove-mentors", "1", "--time-limit", "0"], "--time-limit must be a number of seconds above 0"],
    [["c.json", "--remove-mentors", "1", "--backend", "fastest"], '--backend must be one of auto, jslp, network, not "fastest"'],
    [["c.json", "--remove-mentors", "1", "--json=yes"], "--json does not take a value"],
    [["c.json", "--remove-mentors", "1", "--out", "x"], "unknown option --out"],
    [["--trainees", "5"], "--trainees N and --members M are both needed"],
    [["--trainees", "5", "--members", "1"], "--members must be a whole number from 2"],
    [["--trainees", "5", "--members", "3", "--away-periods", "3"], "--members must be at least 4"],
    [["--trainees", "100001", "--members", "6"], "--trainees must be a whole number from 0 to 100000"],
    [["--members", "6", "--hosts", "all"], "--trainees N and --members M are both needed"],
    [["--trainees", "5", "--members", "6", "--hosts", "all"], '--hosts must be one of "given", "chosen"'],
  ])("%j is a usage error: exit 1, nothing read, no run started", async (flags, reason) => {
    const r = await cli(["sweep", ...flags], cohortFile);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^rotamatch sweep: /);
    expect(r.stderr).toContain(reason);
    expect(r.stderr).toContain("Usage: rotamatch sweep COHORT|--trainees N --members M");
    expect(r.reads).toEqual([]);
  });

  it("--help prints the help, which names every option of sweep", async () => {
    const r = await cli(["sweep", "-h"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(HELP);
    for (const flag of ["--runs", "--capacity-scale", "--remove-mentors", "--remove-supervisors", "--threads", "--backend", "--json"]) {
      expect(HELP).toContain(flag);
    }
  });

  it("an unreadable file is exit 1; a file that is not a valid cohort is exit 2 with its problems", async () => {
    const missing = await cli(["sweep", "missing.json", "--remove-mentors", "1"]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain("rotamatch: cannot read missing.json: no such file.");

    const notJson = await cli(["sweep", "bad.json", "--remove-mentors", "1"], { "bad.json": "{ nope" });
    expect(notJson.code).toBe(EXIT.invalidInput);
    expect(notJson.stderr).toMatch(/^invalid_json: /);

    const invalid = await cli(["sweep", "x.json", "--remove-mentors", "1"], { "x.json": JSON.stringify({ ...validCohort, members: [] }) });
    expect(invalid.code).toBe(EXIT.invalidInput);
    expect(invalid.stderr).toMatch(/^unknown_reference at /m);
    expect(invalid.stdout).toBe("");
  });
});

describe("rotamatch sweep: end to end on worker threads", () => {
  const generatedArgs = ["sweep", "--trainees", "10", "--members", "8", "--runs", "6", "--remove-mentors", "9", "--time-limit", "30"];

  it.skipIf(!built)(`sweeps generated cohorts: a table on stdout, nothing on stderr when it is not a terminal${needsBuild}`, async () => {
    const r = await cli([...generatedArgs, "--threads", "2"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe("");
    const [heading, blank, feasible, infeasible, timedOut] = r.stdout.split("\n");
    expect(heading).toBe(
      "Sweep of generated cohorts (10 trainees, 8 members): 6 runs, seeds 1 to 6; 9 mentors removed in each run",
    );
    expect(blank).toBe("");
    expect(feasible).toMatch(/^Feasible {4}\d of 6 \(\d+\.\d%\), \d proven optimal$/);
    expect(infeasible).toMatch(/^Infeasible {2}\d$/);
    expect(timedOut).toBe("Timed out   0");
    expect(r.stdout).toContain("mentors_short");
  });

  it.skipIf(!built)(`--json gives every run in run order, the same for 1 or 2 threads${needsBuild}`, async () => {
    const two = await cli([...generatedArgs, "--threads", "2", "--json"]);
    const one = await cli([...generatedArgs, "--threads", "1", "--json"]);
    expect(two.code).toBe(EXIT.ok);
    expect(one.stdout).toBe(two.stdout);
    const report = JSON.parse(two.stdout);
    expect(Object.keys(report)).toEqual(["settings", "summary", "results"]);
    expect(report.settings).toEqual({
      generate: { trainees: 10, members: 8 },
      runs: 6,
      firstSeed: 1,
      capacityScale: null,
      removeMentors: 9,
      removeSupervisors: 0,
      timeLimitSeconds: 30,
      backend: "auto",
    });
    expect(report.results.map((r: RunRecord) => [r.index, r.seed])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, i + 1]));
    const statuses = report.results.map((r: RunRecord) => r.status);
    expect(report.summary.runs).toBe(6);
    expect(report.summary.feasible).toBe(statuses.filter((s: string) => s === "optimal" || s === "feasible").length);
    expect(report.summary.infeasible + report.summary.feasible + report.summary.timedout).toBe(6);
    for (const result of report.results as RunRecord[]) {
      expect(Object.keys(result)).toEqual(["index", "seed", "status", "objective", "bound", "unassignedRoles", "perturbation", "findings"]);
      expect(result.perturbation?.removedMentors).toHaveLength(9);
    }
    // Run i solves the generated cohort of seed i + 1, with 9 of its mentors removed.
    const first = report.results[0] as RunRecord;
    const cohort = cohortSchema.parse(generateCohort({ trainees: 10, members: 8, seed: 1 }));
    const mentors = new Set(cohort.people.filter((p) => p.role === "mentor").map((p) => p.id));
    expect(first.perturbation?.removedMentors.every((id) => mentors.has(id))).toBe(true);
  });

  it.skipIf(!built)(`sweeps a perturbed cohort file; the same flags give the same report${needsBuild}`, async () => {
    const files = { "c.json": JSON.stringify(validCohort) };
    const argv = ["sweep", "c.json", "--runs", "5", "--capacity-scale", "0.4..2", "--threads", "2"];
    const r = await cli(argv, files);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.split("\n")[0]).toBe("Sweep of c.json: 5 runs, seeds 1 to 5; capacities x 0.4 to 2 in each run");
    expect((await cli(argv, files)).stdout).toBe(r.stdout);
    const json = JSON.parse((await cli([...argv, "--json"], files)).stdout);
    expect(json.settings.cohort).toBe("c.json");
    const factors = json.results.map((x: RunRecord) => x.perturbation?.capacityFactor);
    expect(factors.every((f: number) => f >= 0.4 && f <= 2)).toBe(true);
    expect(new Set(factors).size).toBeGreaterThan(1);
  });

  it.skipIf(!built)(`draws a progress bar on a terminal, then the time it took${needsBuild}`, async () => {
    const r = await cli([...generatedArgs, "--threads", "2"], {}, true);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain("\r[------------------------] 0/6 runs, 0 feasible, ETA unknown\u001b[K");
    expect(r.stderr).toContain("\r[########################] 6/6 runs, ");
    expect(r.stderr).toMatch(/\r\u001b\[Krotamatch: 6 runs in \d+\.\d s on 2 threads\n$/);
  });

  it.skipIf(!built)(`the installed command runs generate and sweep${needsBuild}`, () => {
    const bin = join(root, "packages/cli/bin/rotamatch.js");
    const generate = spawnSync(process.execPath, [bin, "generate", "--trainees", "6", "--members", "6"], { encoding: "utf8" });
    expect(generate.status).toBe(0);
    expect(JSON.parse(generate.stdout)).toEqual(generateCohort({ trainees: 6, members: 6 }));
    const sweep = spawnSync(process.execPath, [bin, "sweep", "-", "--runs", "3", "--remove-mentors", "1", "--threads", "2"], {
      input: generate.stdout,
      encoding: "utf8",
    });
    expect(sweep.stderr).toBe("");
    expect(sweep.status).toBe(0);
    expect(sweep.stdout).toMatch(/^Sweep of standard input: 3 runs, seeds 1 to 3; 1 mentor removed in each run\n/);
  });
});
