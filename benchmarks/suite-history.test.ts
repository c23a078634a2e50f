/**
 * The `history` ladder of the benchmark suite (issue 13), without running it (its instances take
 * minutes): each instance with history is the same generated cohort as its baseline plus earlier
 * cohorts and fairness weights, and the report sets each solver's two runs side by side with the
 * right ratios. The smoke run in suite.test.ts covers the machinery that runs the solvers.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateCohort, parseCohort, type GenerateOptions } from "../packages/core/src/index.js";
import { historyFacts, historyWarnings } from "../packages/core/src/domain/history.js";
import { historyComparisons } from "./suite/analysis.js";
import { HISTORY_COHORTS, HISTORY_WEIGHTS, ladder, type Instance, type InstanceSpec } from "./suite/instances.js";
import { DOC, renderReport, reportPlace } from "./suite/report.js";
import type { RunResult, SolverId } from "./suite/solvers.js";

const generateOf = (spec: InstanceSpec): GenerateOptions => {
  if (!("generate" in spec.source)) throw new Error(`${spec.id} is not generated`);
  return spec.source.generate;
};

describe("the history ladder", () => {
  const specs = ladder("history");

  it("pairs 1,000 and 5,000 trainees, hosts given and chosen, with and without history", () => {
    expect(specs.map((s) => s.id)).toEqual([
      "1000x300 given 1 away",
      "1000x300 given 1 away history",
      "1000x300 chosen 1 away",
      "1000x300 chosen 1 away history",
      "5000x1000 given 1 away",
      "5000x1000 given 1 away history",
      "5000x1000 chosen 1 away",
      "5000x1000 chosen 1 away history",
    ]);
    const full = new Map(ladder("full").map((s) => [s.id, s]));
    for (const spec of specs) {
      if (spec.history === undefined) {
        // Without history: exactly the full ladder's instance (weights 0, no history).
        expect(spec).toEqual(full.get(spec.id));
        continue;
      }
      const baseline = specs.find((s) => s.id === spec.history?.baseline) as InstanceSpec;
      expect(spec.history.cohorts).toBe(3);
      expect(generateOf(spec)).toEqual({ ...generateOf(baseline), history: HISTORY_COHORTS, weights: HISTORY_WEIGHTS });
      expect(Object.values(HISTORY_WEIGHTS).every((w) => w > 0)).toBe(true);
    }
  });

  it("gives the cohort with history the bytes of the one without, apart from history and weights (at a small size)", () => {
    for (const spec of specs.filter((s) => s.history !== undefined && s.id.startsWith("1000x300"))) {
      const small = { ...generateOf(spec), trainees: 60, members: 25, mentorsPerMember: 2 };
      const { history, weights, ...rest } = generateCohort(small);
      expect(rest).toEqual(generateCohort({ ...small, history: 0, weights: {} }));
      expect(weights).toEqual(HISTORY_WEIGHTS);
      expect(history).toHaveLength(HISTORY_COHORTS);
      const parsed = parseCohort({ ...rest, history, weights });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      expect(historyWarnings(parsed.index).length).toBeGreaterThan(0);
      expect(historyFacts(parsed.index).hosted.size).toBeGreaterThan(10);
    }
  });

  it("has its own section of docs/benchmarks.md and no chart", () => {
    expect(reportPlace("history")).toEqual({ section: "history", chartFile: null });
    const doc = readFileSync(DOC, "utf8");
    expect(doc.indexOf("<!-- history:end -->")).toBeGreaterThan(doc.indexOf("<!-- history:begin -->"));
    expect(doc.indexOf("<!-- history:begin -->")).toBeGreaterThan(-1);
  });
});

describe("the report of a history run", () => {
  const instance = (id: string, history?: string): Instance => ({
    id,
    hosts: "chosen",
    awayPeriods: 1,
    source: { generate: { trainees: 1000, members: 300 } },
    path: `/tmp/${id}.json`,
    trainees: 1000,
    members: 300,
    mentors: 2100,
    historyTrainees: history === undefined ? 0 : 3000,
    ...(history === undefined ? {} : { history: { cohorts: 3, baseline: history } }),
  });
  const result = (inst: string, solver: SolverId, status: RunResult["status"], ms: number | null, objective: number | null, bound: number | null): RunResult => ({
    solver,
    instance: inst,
    status,
    objective,
    bound,
    emptyRoles: null,
    ms,
    solveMs: ms,
    verified: objective === null ? null : true,
    peakMb: 150,
    error: status === "timedout" ? "no plan in time" : null,
  });
  const instances = [instance("a"), instance("a history", "a"), instance("b")];
  const results = [
    result("a", "rotamatch-network", "feasible", 10_000, 1000, 995),
    result("a", "rotamatch-auto", "optimal", 2000, 1000, 1000),
    result("a history", "rotamatch-network", "feasible", 15_000, 1100, 1078),
    result("a history", "rotamatch-auto", "feasible", 3000, 1100, 1089),
    result("b", "rotamatch-network", "optimal", 100, 50, 50),
  ];

  it("compares each solver's run with history against its run without, as ratios", () => {
    const rows = historyComparisons(instances, results);
    expect(rows.map((r) => [r.baseline.id, r.instance.id, r.solver])).toEqual([
      ["a", "a history", "rotamatch-network"],
      ["a", "a history", "rotamatch-auto"],
    ]);
    const [network, auto] = rows;
    expect(network?.timeRatio).toBeCloseTo(1.5, 9);
    expect(network?.provenWithout).toBeCloseTo(0.5, 9);
    expect(network?.provenWith).toBeCloseTo(2, 9);
    expect(auto?.timeRatio).toBeCloseTo(1.5, 9);
    expect(auto?.provenWithout).toBe(0);
    expect(auto?.provenWith).toBeCloseTo(1, 9);
  });

  it("has no time ratio when a run found no plan", () => {
    const stopped = result("a history", "rotamatch-network", "timedout", 40_000, null, 990);
    const timedOut = results.map((r) => (r.instance === stopped.instance && r.solver === stopped.solver ? stopped : r));
    const network = historyComparisons(instances, timedOut).find((r) => r.solver === "rotamatch-network");
    expect(network?.timeRatio).toBeNull();
    expect(network?.provenWith).toBeNull();
  });

  it("renders the side-by-side table above every run, and no chart line", () => {
    const report = renderReport({ instances, results }, {
      command: "npm run bench:history",
      limits: { timeLimitMs: 30_000, marginMs: 10_000, memoryMb: 4096 },
      totalMs: 60_000,
      chartFile: reportPlace("history").chartFile,
    });
    expect(report).not.toContain("![");
    expect(report.indexOf("**With history against without, in the same run**")).toBeLessThan(report.indexOf("**Every run.**"));
    expect(report).toContain("3 earlier cohorts as `history`, weights reciprocity 1, repeatExchange 2, repeatMentorHost 2");
    expect(report).toContain("| a | rotamatch network | feasible | 10.0 s | 1000.00 | 0.500 % | feasible | 15.0 s | 1100.00 | 2.00 % | 1.50× | 4.00× |");
    expect(report).toContain("| a | rotamatch auto | optimal | 2.00 s | 1000.00 | 0 % | feasible | 3.00 s | 1100.00 | 1.00 % | 1.50× | 0 % → 1.00 % |");
    expect(report).toContain("3 earlier cohorts (3000 trainees)");
  });
});
