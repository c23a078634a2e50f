/**
 * The CLI's `export` and the service's `POST /v1/export` take plans from outside through the
 * same checks (the core's parsePlan, then verifyPlan against the cohort): fed the same good
 * and bad plans, they accept the same ones and refuse the others with the same violations.
 */
import { readFileSync } from "node:fs";
import { solveCohort, type CohortInput } from "@rotamatch/core";
import { describe, expect, it } from "vitest";
import { exportPlan } from "../../service/src/sheets.js";
import { EXIT } from "../src/run.js";
import { cli } from "./fixtures/fake-io.js";

const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
if (!solved.ok || solved.plan.status !== "optimal") throw new Error("the example has no plan");
const plan = solved.plan;
const [first, second, ...others] = plan.assignments;
if (first === undefined || second === undefined) throw new Error("the example has too few trainees");

const PLANS: readonly (readonly [string, unknown])[] = [
  ["the solved plan", plan],
  ["the plan without its stats", { ...plan, stats: undefined }],
  ["no plan found in time", { ...plan, status: "timedout", objective: null, bound: null, assignments: [], unassigned: [], diagnosis: [] }],
  ["another format", { ...plan, format: "rotamatch.plan/v0" }],
  ["a status the format does not have", { ...plan, status: "great" }],
  ["a cohort instead of a plan", romerike],
  ["null", null],
  ["a list", []],
  ["a field the format does not have", { ...plan, note: "hi" }],
  ["a trainee left out", { ...plan, assignments: [second, ...others] }],
  ["a trainee of another cohort", { ...plan, assignments: [{ ...first, trainee: "zed" }, second, ...others] }],
  ["the supervisor as mentor", { ...plan, assignments: [{ ...first, mentor: first.supervisor }, second, ...others] }],
  ["two trainees' hosts swapped", { ...plan, assignments: [{ ...first, host: second.host }, { ...second, host: first.host }, ...others] }],
  ["a wrong objective", { ...plan, objective: plan.objective + 1 }],
  ["infeasible without a diagnosis", { ...plan, status: "infeasible", objective: null, bound: null, assignments: [], unassigned: [], diagnosis: [] }],
];

/** The CLI's verdict: accepted, or the `code path` of each violation it printed. */
async function viaCli(planValue: unknown): Promise<{ accepted: boolean; violations: string[] }> {
  const files = { "plan.json": JSON.stringify(planValue), "cohort.json": JSON.stringify(romerike) };
  const r = await cli(["export", "plan.json", "--cohort", "cohort.json", "--format", "csv"], files);
  expect([EXIT.ok, EXIT.invalidInput]).toContain(r.code);
  const violations = r.stderr
    .split("\n")
    .map((line) => /^(?!rotamatch:)([a-z_]+)(?: at (\S+))?: /.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2] ?? ""}`);
  return { accepted: r.code === EXIT.ok, violations };
}

/** The service's verdict, the same way (its paths start with `plan.`). */
async function viaService(planValue: unknown): Promise<{ accepted: boolean; violations: string[] }> {
  const body = JSON.parse(JSON.stringify({ cohort: romerike, plan: planValue })) as unknown;
  const res = await exportPlan({ format: "csv" }, body);
  expect([200, 422]).toContain(res.status);
  if (res.status === 200) return { accepted: true, violations: [] };
  const problem = (await res.json()) as { issues: { code: string; path: string }[] };
  return { accepted: false, violations: problem.issues.map((i) => `${i.code} ${i.path.replace(/^plan\.?/, "")}`) };
}

describe("rotamatch export and POST /v1/export", () => {
  it.each(PLANS)("agree on %s", async (_name, planValue) => {
    const [fromCli, fromService] = [await viaCli(planValue), await viaService(planValue)];
    expect(fromCli.accepted).toBe(fromService.accepted);
    expect(fromCli.violations).toEqual(fromService.violations.slice(0, 20));
  });

  it("accept the good plans and refuse the others", async () => {
    const verdicts = await Promise.all(PLANS.map(async ([name, p]) => [name, (await viaService(p)).accepted] as const));
    expect(verdicts.filter(([, ok]) => ok).map(([name]) => name)).toEqual(["the solved plan", "the plan without its stats", "no plan found in time"]);
  });
});
