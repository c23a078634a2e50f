/**
 * Smoke run of the benchmark suite (the full suite is not part of CI): every solver, each in its
 * own process, on the Romerike 2013 cohort and two tiny generated cohorts, one with too few
 * places and `allowUnassigned` (the generic solvers answer it in two stages, as rotamatch's exact
 * backend does). Every solver that answers must find a valid plan and agree on the optimum
 * (and on how many roles stay empty); every rotamatch plan must pass
 * verifyPlan; the report and the chart must render. The only error allowed is a rotamatch
 * backend the library does not know yet (the network backend until it lands).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sameObjective } from "./suite/analysis.js";
import { ladder } from "./suite/instances.js";
import { DOC, renderReport } from "./suite/report.js";
import { runSuite, type SuiteRun } from "./suite/run-suite.js";
import { SOLVERS, SOLVER_LABELS, hasPlan } from "./suite/solvers.js";
import { renderChart } from "./suite/svg-chart.js";

const LIMITS = { timeLimitMs: 10_000, marginMs: 10_000, memoryMb: 2048 };

/** Whether an SVG's tags nest properly (each opened tag closed in order). */
function wellNested(svg: string): boolean {
  const open: string[] = [];
  for (const [, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^>]*?(\/?)>/g)) {
    if (selfClosing === "/") continue;
    if (close === "/") {
      if (open.pop() !== name) return false;
    } else open.push(name as string);
  }
  return open.length === 0;
}

describe("benchmark suite, smoke run", () => {
  let run: SuiteRun;

  it("runs every solver on the smoke instances", { timeout: 300_000 }, async () => {
    run = await runSuite({ specs: ladder("smoke"), solvers: SOLVERS, limits: LIMITS, skipAfterFailure: false });
    expect(run.instances.map((i) => i.id)).toEqual(["romerike-2013", "10x8 chosen 1 away", "10x8 chosen 1 away short"]);
    expect(run.results).toHaveLength(run.instances.length * SOLVERS.length);
  });

  it("gets a verified plan from every solver that answers, and no other failure", () => {
    for (const r of run.results) {
      const who = `${r.instance}, ${SOLVER_LABELS[r.solver]}`;
      if (r.status === "error" && r.solver.startsWith("rotamatch-") && /unknown backend/.test(r.error ?? "")) continue;
      expect(hasPlan(r), `${who}: ${r.status} ${r.error ?? ""}`).toBe(true);
      expect(r.verified, who).toBe(true);
      expect(r.ms, who).toBeGreaterThan(0);
      expect(r.peakMb, who).toBeGreaterThan(0);
    }
  });

  it("has every solver that answered agree on the optimum", () => {
    for (const instance of run.instances) {
      const answered = run.results.filter((r) => r.instance === instance.id && hasPlan(r));
      const optimal = answered.filter((r) => r.status === "optimal").map((r) => r.objective as number);
      // The exact backend and HiGHS both prove optimality on these sizes.
      expect(answered.find((r) => r.solver === "rotamatch-jslp")?.status).toBe("optimal");
      expect(answered.find((r) => r.solver === "highs")?.status).toBe("optimal");
      const optimum = optimal[0] as number;
      for (const value of optimal) expect(sameObjective(value, optimum), `${instance.id}: ${value} vs ${optimum}`).toBe(true);
      // allowUnassigned: roles come first, so every proven optimum leaves the same number empty (some must be).
      const empty = answered.filter((r) => r.status === "optimal").map((r) => r.emptyRoles);
      if (instance.shortage === undefined) expect(new Set(empty)).toEqual(new Set([null]));
      else {
        expect(new Set(empty).size, instance.id).toBe(1);
        expect(empty[0]).toBeGreaterThan(0);
      }
      for (const r of answered) {
        // A plan not proven optimal is no better than the optimum, and its bound no higher.
        expect(r.objective as number).toBeGreaterThanOrEqual(optimum - 1e-6);
        if (r.bound !== null) expect(r.bound).toBeLessThanOrEqual(optimum + 1e-6);
      }
    }
  });

  it("renders the report and the chart", () => {
    const report = renderReport(run, { command: "npm run bench:smoke", limits: LIMITS, totalMs: 1000 });
    for (const instance of run.instances) expect(report).toContain(`| ${instance.id} |`);
    for (const solver of SOLVERS) expect(report).toContain(SOLVER_LABELS[solver]);
    expect(report).toContain("benchmarks-suite.svg");
    expect(report).toContain("**Against HiGHS in the same run**");

    const svg = renderChart({ instances: run.instances, results: run.results, timeLimitMs: LIMITS.timeLimitMs });
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(wellNested(svg)).toBe(true);
    const optimal = run.results.filter((r) => r.status === "optimal").length;
    expect(svg.match(/<circle [^>]*fill="#(?!fff")[0-9a-f]{6}"/g)?.length).toBeGreaterThanOrEqual(optimal);
  });

  it("has its section markers in docs/benchmarks.md, for --write", () => {
    const doc = readFileSync(DOC, "utf8");
    expect(doc.indexOf("<!-- suite:begin -->")).toBeGreaterThan(-1);
    expect(doc.indexOf("<!-- suite:end -->")).toBeGreaterThan(doc.indexOf("<!-- suite:begin -->"));
  });
});
