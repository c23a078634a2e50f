/**
 * The re-planning benchmark (benchmarks/replan.ts) on Romerike 2013 only, one round and a
 * short time limit, each operation in its own process as in a full run: so that the script
 * cannot rot. Every operation must answer (re-plans verified, nothing changed meaning no
 * change), a backend the library does not take must be a row with its status and not a crash,
 * and the report must render. The figures themselves are not tested: timings are not tests.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCohort, solveCohort, type CohortInput, type Explanation, type ExplanationOption, type Plan } from "../packages/core/src/index.js";
import { explanationRow, type OperationReport, type OperationStatus } from "./replan-operation.js";
import { detailTable, formatMs, formatRatio, ratioTable, renderReport } from "./replan-report.js";
import { runReplanBenchmark, type OperationRow, type ReplanRun, type RunInstance } from "./replan-run.js";
import { OPERATIONS, OPERATION_LABELS, asOfInPart2, deriveScenario, replanInstances, type Operation } from "./replan-scenarios.js";

const romerike = JSON.parse(readFileSync(new URL("../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const LIMITS = { timeLimitMs: 10_000, marginMs: 30_000, memoryMb: 2048 };
const romerikeOnly = replanInstances("given-2").filter((s) => s.id === "romerike-2013");

describe("re-planning benchmark: what it asks", () => {
  const solved = solveCohort(romerike);
  const plan = (solved.ok ? solved.plan : null) as Plan;
  const scenario = deriveScenario(romerike, plan);

  it("runs the suite's instances: Romerike, then 50, 200 and 1,000 trainees of one kind", () => {
    expect(replanInstances("given-2").map((s) => s.id)).toEqual(["romerike-2013", "50x30 given 2 away", "200x100 given 2 away", "1000x300 given 2 away"]);
    expect(replanInstances("chosen-1").map((s) => s.id).at(-1)).toBe("1000x300 chosen 1 away");
  });

  it("re-plans ten days into part 2 (1 March 2014 for Romerike 2013, as in docs/replanning.md)", () => {
    expect(asOfInPart2(romerike)).toBe("2014-03-01");
    expect(scenario.asOf).toBe("2014-03-01");
  });

  it("derives valid changed cohorts, each one change away from the cohort", () => {
    for (const cohort of Object.values(scenario.cohorts)) expect(parseCohort(cohort).ok).toBe(true);
    const firstMentor = plan.assignments.find((a) => a.trainee === romerike.trainees[0]?.id)?.mentor;
    expect(scenario.cohorts["replan-mentor-leaves"].people?.map((p) => p.id)).not.toContain(firstMentor);
    expect(scenario.cohorts["replan-mentor-leaves"].people).toHaveLength((romerike.people?.length ?? 0) - 1);
    expect(scenario.cohorts["replan-trainee-quits"].trainees).toHaveLength(romerike.trainees.length - 1);
    expect(scenario.cohorts["replan-trainee-joins"].trainees.at(-1)?.id).toBe("late-joiner");
    expect(scenario.cohorts["replan-nothing"]).toBe(romerike);
  });

  it("pins a trainee who did not get their first away choice to it, and explains that trainee", () => {
    const [pin] = scenario.pins;
    const trainee = romerike.trainees.find((t) => t.id === pin?.trainee);
    expect(pin?.member).toBe(trainee?.awayPreferences?.[0]);
    const got = plan.assignments.find((a) => a.trainee === pin?.trainee)?.placements.find((p) => p.period === pin?.period)?.member;
    expect(got).not.toBe(pin?.member);
    expect(scenario.trainee).toBe(pin?.trainee);
  });
});

describe("re-planning benchmark: its report", () => {
  const option = (o: Partial<ExplanationOption>): ExplanationOption => ({ role: "away", possible: true, rule: null, delta: 1, deltaBound: null, changes: [], text: "", ...o });
  const explanation = (options: ExplanationOption[]): Explanation => ({ format: "rotamatch.explanation/v1", objective: 1, lang: "en", trainees: [{ trainee: "t1", cost: {}, options, text: "" }] });

  it.each([
    ["every option settled", [option({}), option({ possible: false, rule: "capacity", delta: null })], "optimal", 2],
    ["a delta only bounded", [option({}), option({ delta: null, deltaBound: 0.5 })], "feasible", 2],
    ["an option the time limit left unsettled", [option({}), option({ possible: false, rule: null, delta: null })], "timedout", 1],
    ["no option at all", [], "optimal", 0],
  ] as const)("an explanation with %s is %s", (_, options, status, settled) => {
    const row = explanationRow(explanation([...options]));
    expect(row.status).toBe(status);
    expect(row.changes).toBe(settled);
  });

  it.each([
    [4.25, "4.3 ms"],
    [52.4, "52 ms"],
    [1234, "1.23 s"],
    [45_600, "45.6 s"],
    [Number.NaN, "–"],
  ])("formats %s ms as %s", (ms, text) => expect(formatMs(ms)).toBe(text));

  it.each([
    [0.523, "0.52×"],
    [31.4, "31.4×"],
    [140.2, "140×"],
    [Number.POSITIVE_INFINITY, "–"],
  ])("formats the ratio %s as %s", (ratio, text) => expect(formatRatio(ratio)).toBe(text));

  it("shows an operation stopped past its time limit as more than the limit, and one not run as skipped", () => {
    const report = (status: OperationStatus, ms: number): OperationReport => ({ status, ms, backend: null, changes: null, objective: null, detail: "", verified: null, peakMb: 100, error: null });
    const row = (operation: Operation, status: OperationStatus, ms: number): OperationRow => ({ instance: "x", operation, runs: [report(status, ms)], status, ms, ratio: ms / 2000 });
    const instance = { ...romerikeOnly[0], id: "x", path: "x.json", trainees: 1, members: 1, mentors: 1, scenario: null } as RunInstance;
    const fake: ReplanRun = { instances: [instance], rows: [row("solve", "optimal", 2000), row("whatif", "stopped", 51_000), row("explain-all", "skipped", Number.NaN)] };
    expect(ratioTable(fake, LIMITS).split("\n").slice(2)).toEqual([
      "| full solve from scratch | 2.00 s |",
      "| what-if: one trainee pinned to their first choice | > 5.00× (stopped) |",
      "| explain all trainees | – (skipped) |",
    ]);
    expect(detailTable(fake, LIMITS)).toContain("| stopped | – | > 10.0 s | > 5.00× |");
  });

  it("has its section markers in docs/benchmarks.md, for --write", () => {
    const doc = readFileSync(new URL("../docs/benchmarks.md", import.meta.url), "utf8");
    expect(doc.indexOf("<!-- replan:begin -->")).toBeGreaterThan(-1);
    expect(doc.indexOf("<!-- replan:end -->")).toBeGreaterThan(doc.indexOf("<!-- replan:begin -->"));
  });
});

describe("re-planning benchmark: a run on Romerike 2013", () => {
  let run: ReplanRun;

  it("runs every operation in a process of its own", { timeout: 180_000 }, async () => {
    run = await runReplanBenchmark({ specs: romerikeOnly, limits: LIMITS, repeat: 1, solveBackend: "auto", replanBackend: "auto" });
    expect(run.rows.map((r) => r.operation)).toEqual([...OPERATIONS]);
    expect(run.instances[0]?.scenario?.asOf).toBe("2014-03-01");
  });

  it("gets an answer from every operation, every plan verified", () => {
    for (const row of run.rows) {
      const [report] = row.runs;
      expect(report?.status, `${row.operation}: ${report?.error ?? ""}`).toBe("optimal");
      expect(row.ms, row.operation).toBeGreaterThan(0);
      expect(row.ratio, row.operation).toBeGreaterThan(0);
      expect(report?.peakMb, row.operation).toBeGreaterThan(0);
      if (!row.operation.startsWith("explain")) {
        expect(report?.verified, row.operation).toBe(true);
        expect(report?.backend, row.operation).toMatch(/^(jslp|network)$/);
      }
    }
    const changes = (op: string): number | null | undefined => run.rows.find((r) => r.operation === op)?.runs[0]?.changes;
    expect(changes("replan-nothing")).toBe(0);
    expect(changes("replan-mentor-leaves")).toBeGreaterThan(0);
    expect(changes("replan-trainee-quits")).toBeGreaterThan(0);
    expect(changes("replan-trainee-joins")).toBeGreaterThan(0);
    expect(run.rows.find((r) => r.operation === "solve")?.ratio).toBe(1);
  });

  it("renders the report with every operation and its ratio", () => {
    const report = renderReport(run, { command: "npm run bench:replan", limits: LIMITS, repeat: 1, solveBackend: "auto", replanBackend: "auto", totalMs: 1000, machine: "a test" });
    for (const op of OPERATIONS) expect(report).toContain(`| ${OPERATION_LABELS[op]} |`);
    expect(ratioTable(run, LIMITS).split("\n")).toHaveLength(2 + OPERATIONS.length);
    expect(report).toContain("| romerike-2013 | full solve from scratch | optimal | ");
    expect(report).not.toContain("failed verification");
  });

  it("makes a backend the library does not take a row with its status, not a crash", { timeout: 120_000 }, async () => {
    const failed = await runReplanBenchmark({
      specs: romerikeOnly,
      limits: LIMITS,
      repeat: 2,
      solveBackend: "auto",
      replanBackend: "no-such-backend",
      operations: ["replan-nothing"],
    });
    const row = failed.rows.find((r) => r.operation === "replan-nothing");
    expect(row?.status).toBe("error");
    expect(row?.runs).toHaveLength(1); // not run again after a run without an answer
    expect(row?.runs[0]?.error).toMatch(/backend/);
    expect(failed.rows.find((r) => r.operation === "solve")?.runs).toHaveLength(2);
    expect(renderReport(failed, { command: "x", limits: LIMITS, repeat: 2, solveBackend: "auto", replanBackend: "no-such-backend", totalMs: 1, machine: "a test" })).toContain("(error)");
  });
});
