/**
 * docs/fairness.md against the code: the worked example on the Romerike chain
 * (examples/romerike-2013-history.json, the 2013 cohort with the 2008, 2009 and 2011 plans as
 * history) is computed here, and every figure the page shows sits in a generated region
 * (`<!-- begin NAME -->` … `<!-- end NAME -->`) that must be exactly what this file renders.
 *
 * When the solver's answers change on purpose, rewrite the regions with
 *   UPDATE_DOCS=1 npx vitest run --project core packages/core/test/fairness-docs.test.ts
 * and review the diff of docs/fairness.md (its prose around the regions too) before committing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { COST_TERMS, cohortSchema, type Cohort, type CohortInput, type MemberBalance, type SolvedPlan } from "../src/domain/schema.js";
import { solveCohort } from "../src/plan.js";
import { verifyPlan } from "../src/result/verify/index.js";

const pageUrl = new URL("../../../docs/fairness.md", import.meta.url);
const chain = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013-history.json", import.meta.url), "utf8")) as CohortInput;
const cohort: Cohort = cohortSchema.parse(chain);

/** The weight the worked example shows in detail, and the weights of the sweep. */
const WEIGHT = 1;
const SWEEP = [0.5, 1, 2, 5, 10, 20, 50];
/** The terms of the default objective (the contract's objective without the fairness terms). */
const DEFAULT_TERMS = COST_TERMS.filter((t) => t !== "repeatExchange" && t !== "repeatMentorHost");

function solveWith(reciprocity: number): SolvedPlan {
  const input = { ...chain, weights: { ...chain.weights, reciprocity } };
  const result = solveCohort(input);
  if (!result.ok) throw new Error("the Romerike chain is not a valid cohort");
  const plan = result.plan;
  if (plan.status !== "optimal") throw new Error(`reciprocity ${reciprocity}: ${plan.status}`);
  return plan;
}

/** The default objective of a plan: its trainees' costs without the fairness terms. */
const defaultObjective = (plan: SolvedPlan): number =>
  plan.assignments.reduce((sum, a) => sum + DEFAULT_TERMS.reduce((s, t) => s + (a.cost[t] ?? 0), 0), 0);
/** Σ over members of |received − sent| over the history and this plan: what reciprocity weighs. */
const imbalance = (balance: readonly MemberBalance[]): number => balance.reduce((s, r) => s + Math.abs(r.balanceAfter), 0);
const balanceOfPlan = (plan: SolvedPlan): MemberBalance[] => {
  if (plan.balance === undefined) throw new Error("a plan of a cohort with history carries its balance");
  return plan.balance;
};

interface Move {
  readonly trainee: string;
  readonly role: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** Each role that differs between two plans of the same cohort, trainee by trainee. */
function movesBetween(before: SolvedPlan, after: SolvedPlan): Move[] {
  const moves: Move[] = [];
  for (const a of before.assignments) {
    const b = after.assignments.find((x) => x.trainee === a.trainee);
    if (b === undefined) throw new Error(`${a.trainee} is missing`);
    if (a.host !== b.host) moves.push({ trainee: a.trainee, role: "host", from: a.host, to: b.host });
    for (const period of cohort.programme.periods.filter((p) => p.at === "away")) {
      const from = a.placements.find((p) => p.period === period.id)?.member ?? null;
      const to = b.placements.find((p) => p.period === period.id)?.member ?? null;
      if (from !== to) moves.push({ trainee: a.trainee, role: `away (${period.id})`, from, to });
    }
    if (a.supervisor !== b.supervisor) moves.push({ trainee: a.trainee, role: "supervisor", from: a.supervisor, to: b.supervisor });
    if (a.mentor !== b.mentor) moves.push({ trainee: a.trainee, role: "mentor", from: a.mentor, to: b.mentor });
  }
  return moves;
}

const fixed = (n: number, digits = 2): string => n.toFixed(digits);
const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");
const code = (id: string | null): string => (id === null ? "—" : `\`${id}\``);
const traineeName = (id: string): string => cohort.trainees.find((t) => t.id === id)?.name ?? id;
const memberName = (id: string): string => cohort.members.find((m) => m.id === id)?.name ?? id;

const base = solveWith(0);
const sweep = SWEEP.map((w) => ({ weight: w, plan: solveWith(w) }));
const chosen = sweep.find((s) => s.weight === WEIGHT)?.plan ?? solveWith(WEIGHT);

/** Each generated region of docs/fairness.md, by name. */
function renderRegions(): Record<string, string> {
  const regions: Record<string, string> = {};

  const warnings = base.warnings ?? [];
  regions.warnings = [
    "| Code | Path | Id |",
    "| --- | --- | --- |",
    ...warnings.map((w) => `| \`${w.code}\` | \`${w.path}\` | ${/"([^"]+)"/.exec(w.message)?.[1] ?? ""} |`),
  ].join("\n");

  const rows = [{ weight: 0, plan: base }, ...sweep];
  regions.sweep = [
    "| `reciprocity` | objective | default objective | Σ \\|received − sent\\| | roles changed |",
    "| ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(({ weight, plan }) =>
      [weight, fixed(plan.objective ?? Number.NaN), fixed(defaultObjective(plan)), imbalance(balanceOfPlan(plan)), movesBetween(base, plan).length]
        .join(" | ")
        .replace(/^/, "| ")
        .concat(" |"),
    ),
  ].join("\n");

  const moves = movesBetween(base, chosen);
  const awayPeriods = cohort.programme.periods.filter((p) => p.at === "away");
  const cell = (from: string | null, to: string | null) => (from === to ? code(from) : `${code(from)} → **${code(to)}**`);
  regions.plans = [
    `| Trainee | Host | ${awayPeriods.map((p) => `Away (${p.id})`).join(" | ")} | Supervisor | Mentor |`,
    `| --- | --- | ${awayPeriods.map(() => "---").join(" | ")} | --- | --- |`,
    ...base.assignments.map((a) => {
      const b = chosen.assignments.find((x) => x.trainee === a.trainee);
      const at = (plan: typeof a | undefined, period: string) => plan?.placements.find((p) => p.period === period)?.member ?? null;
      const away = awayPeriods.map((p) => cell(at(a, p.id), at(b, p.id)));
      return `| ${a.trainee} (${traineeName(a.trainee)}) | ${cell(a.host, b?.host ?? null)} | ${away.join(" | ")} | ${cell(a.supervisor, b?.supervisor ?? null)} | ${cell(a.mentor, b?.mentor ?? null)} |`;
    }),
  ].join("\n");

  const before = balanceOfPlan(base);
  const after = balanceOfPlan(chosen);
  regions.balance = [
    "| Member | History: sent / received | Before 2013 | After, without | After, with |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...before.map((r) => {
      const w = after.find((x) => x.member === r.member);
      const mark = (n: number | undefined) => (n === undefined ? "?" : n === r.balanceAfter ? signed(n) : `**${signed(n)}**`);
      return `| ${memberName(r.member)} (\`${r.member}\`) | ${r.history.sent} / ${r.history.received} | ${signed(r.balanceBefore)} | ${signed(r.balanceAfter)} | ${mark(w?.balanceAfter)} |`;
    }),
    `| Σ \\|received − sent\\| | | ${before.reduce((s, r) => s + Math.abs(r.balanceBefore), 0)} | ${imbalance(before)} | ${imbalance(after)} |`,
  ].join("\n");

  const costBefore = defaultObjective(base);
  const costAfter = defaultObjective(chosen);
  const trainees = new Set(moves.map((m) => m.trainee)).size;
  regions.cost =
    `With \`reciprocity\` ${WEIGHT}, ${moves.length} roles of ${trainees} trainees change. Σ |received − sent| over the ` +
    `members falls from ${imbalance(before)} to ${imbalance(after)}, and the default objective (the cohort's own ` +
    `weights, without the fairness terms) rises from ${fixed(costBefore)} to ${fixed(costAfter)}: ` +
    `+${fixed(costAfter - costBefore)}, or ${fixed((100 * (costAfter - costBefore)) / costBefore, 1)} %. The plan's ` +
    `objective, ${fixed(chosen.objective ?? Number.NaN)}, is that ${fixed(costAfter)} plus ${WEIGHT} × ${imbalance(after)} ` +
    `for reciprocity.`;
  return regions;
}

const updating = process.env.UPDATE_DOCS === "1";
const regionPattern = (name: string) => new RegExp(`(<!-- begin ${name} -->\\n)([\\s\\S]*?)(<!-- end ${name} -->)`);

describe("docs/fairness.md, the worked example on the Romerike chain", () => {
  const page = readFileSync(pageUrl, "utf8");
  const regions = renderRegions();

  it("solves the chain with the 2013 cohort's plan and objective at weight 0, with warnings for unknown people", () => {
    const plain = JSON.parse(readFileSync(new URL("../../../examples/romerike-2013.json", import.meta.url), "utf8")) as CohortInput;
    const alone = solveCohort(plain);
    if (!alone.ok) throw new Error("romerike-2013.json is not valid");
    expect(base.objective).toBe(alone.plan.objective);
    expect(base.assignments).toEqual(alone.plan.assignments);
    expect(base.warnings?.length).toBeGreaterThan(0);
    expect(base.warnings?.every((w) => w.code === "history_unknown_person")).toBe(true);
  });

  it("without fairness, the 2013 plan widens the gaps the history left", () => {
    const before = balanceOfPlan(base).reduce((s, r) => s + Math.abs(r.balanceBefore), 0);
    expect(imbalance(balanceOfPlan(base))).toBeGreaterThan(before);
  });

  it(`changes the plan with reciprocity ${WEIGHT}, at a cost, and every plan is the exact backend's, verified`, () => {
    expect(movesBetween(base, chosen).length).toBeGreaterThan(0);
    expect(imbalance(balanceOfPlan(chosen))).toBeLessThan(imbalance(balanceOfPlan(base)));
    expect(defaultObjective(chosen)).toBeGreaterThan(defaultObjective(base));
    for (const { weight, plan } of [{ weight: 0, plan: base }, ...sweep]) {
      expect(plan.stats?.backend).toBe("jslp");
      // The objective is the default objective plus the weighted reciprocity term.
      expect(plan.objective).toBeCloseTo(defaultObjective(plan) + weight * imbalance(balanceOfPlan(plan)), 9);
      const verdict = verifyPlan({ ...chain, weights: { ...chain.weights, reciprocity: weight } }, plan);
      expect(verdict.violations).toEqual([]);
    }
  });

  it("a larger weight never leaves the members less balanced, nor costs less of the default objective", () => {
    // For exact optima at weights w1 < w2 this follows from each being optimal at its own weight.
    const plans = [base, ...sweep.map((s) => s.plan)];
    const sums = plans.map((p) => imbalance(balanceOfPlan(p)));
    const costs = plans.map(defaultObjective);
    for (let i = 1; i < plans.length; i++) {
      expect(sums[i]).toBeLessThanOrEqual(sums[i - 1] ?? Number.POSITIVE_INFINITY);
      expect(costs[i]).toBeGreaterThanOrEqual((costs[i - 1] ?? Number.NEGATIVE_INFINITY) - 1e-9);
    }
  });

  const rewritten = new Map<string, string>();
  it.each(Object.keys(regions))("region %s is what the code computes", (name) => {
    const match = regionPattern(name).exec(page);
    expect(match, `docs/fairness.md has a region ${name}`).not.toBeNull();
    const shown = `${regions[name] ?? ""}\n`;
    if (updating) rewritten.set(name, shown);
    else expect(match?.[2], "if this change is intended, run UPDATE_DOCS=1 (see the top of this file)").toBe(shown);
  });

  afterAll(() => {
    if (!updating || rewritten.size === 0) return;
    let text = readFileSync(pageUrl, "utf8");
    for (const [name, body] of rewritten) text = text.replace(regionPattern(name), (_all, open: string, _old: string, close: string) => `${open}${body}${close}`);
    writeFileSync(pageUrl, text);
  });
});
