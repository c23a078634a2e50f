/**
 * docs/replanning.md against the code: each worked Romerike example block is what the library
 * answers for the story the page tells.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CohortInput, SolvedPlan } from "../src/domain/schema.js";
import { solveCohort } from "../src/plan.js";
import { explainPlan } from "../src/replan/explain.js";
import { replanCohort } from "../src/replan/replan.js";
import { whatIf } from "../src/replan/what-if.js";

const page = readFileSync(new URL("../../../docs/replanning.md", import.meta.url), "utf8");
const romerike = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
const solved = solveCohort(romerike);
const plan = (solved.ok ? solved.plan : null) as SolvedPlan;

function block(info: string): string {
  const match = new RegExp("^```" + info.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\n([\\s\\S]*?)^```", "m").exec(page);
  expect(match, `a block ${info}`).not.toBeNull();
  return match?.[1] ?? "";
}

const asOf = "2014-03-01";
const stories = {
  "mentor-leaves": { ...romerike, people: (romerike.people ?? []).filter((p) => p.id !== "oras-mentor-1") },
  "trainee-quits": { ...romerike, trainees: romerike.trainees.filter((t) => t.id !== "t6") },
  "joins-late": { ...romerike, trainees: [...romerike.trainees, { id: "t9", name: "Nina Dahl", specialization: "water", awayPreferences: ["roaf", "nrv-nra"] }] },
} satisfies Record<string, CohortInput>;

describe("docs/replanning.md", () => {
  it("starts from the optimal Romerike 2013 plan", () => {
    expect(plan.status).toBe("optimal");
    expect(plan.assignments.find((a) => a.trainee === "t3")?.mentor).toBe("oras-mentor-1");
  });

  it.each(Object.entries(stories))("re-plan: %s", (name, cohort) => {
    const result = replanCohort(cohort, plan, { asOf });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect({ status: result.plan.status, changes: result.plan.changes }).toEqual(JSON.parse(block(`json replan ${name}`)));
  });

  it("what-if: t4 at Skedsmo in part 2", () => {
    const shown = JSON.parse(block("json whatif t4-skedsmo")) as { objective: number; delta: number };
    const result = whatIf(romerike, plan, [{ trainee: "t4", period: "part-2", member: "skedsmo" }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { plan: _plan, objective, delta, ...rest } = result.answer;
    const { objective: shownObjective, delta: shownDelta, ...shownRest } = shown;
    expect(rest).toEqual(shownRest);
    expect(objective).toBeCloseTo(shownObjective, 9);
    expect(delta).toBeCloseTo(shownDelta, 9);
  });

  it.each(["en", "nb"] as const)("explanation of t4 in %s", (lang) => {
    const result = explainPlan(romerike, plan, { trainee: "t4", lang });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.explanation.trainees[0]?.options.map((o) => o.text).join("\n")).toBe(block(`text explain t4 ${lang}`).trim());
  });
});
