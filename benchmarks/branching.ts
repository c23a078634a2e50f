/**
 * The exact backend's branching rule: pseudocosts (the default) against javascript-lp-solver's
 * own most-fractional rule, on the cohorts where the branch-and-bound, not the LP, takes the
 * time: 20 trainees, 8 members, two away periods and chosen hosts, with three earlier cohorts
 * and reciprocity 0 or 1, and 30 trainees with one away period.
 *
 *     npx tsx benchmarks/branching.ts [--time-limit S] [--write]
 *     npm run bench:branching -- --write
 *
 * Each cohort's MIP (buildModel with the fairness terms, as the exact backend builds it) is
 * solved by the exact backend's solver (solvers/jslp) once with each rule, one after the other
 * in the same process, so that both meet the same machine. Reported per rule: how many it
 * proved optimal within the limit, the total time, and per cohort the time and the proven gap;
 * both rules must agree on every optimum they prove (the run fails otherwise). With --write the
 * table replaces the "branching" section of docs/benchmarks.md. Not part of `npm test`.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { generateCohort, parseCohort } from "../packages/core/src/index.js";
import { buildModel } from "../packages/core/src/model/build-model.js";
import { jslpSolver } from "../packages/core/src/solvers/jslp/jslp-solver.js";
import type { SolverOptions, SolverResult } from "../packages/core/src/solvers/solver.js";
import { writeDocSection } from "./support/doc-section.js";

type Rule = NonNullable<SolverOptions["branching"]>;
const RULES: readonly Rule[] = ["pseudocost", "most-fractional"];

interface Case {
  readonly id: string;
  readonly trainees: number;
  readonly awayPeriods: number;
  readonly seed: number;
  readonly reciprocity: number;
}

const CASES: readonly Case[] = [
  ...[1, 2, 3, 4, 5, 6].flatMap((seed) => [0, 1].map((reciprocity) => ({ id: `20x8 chosen 2 away s${seed} r${reciprocity}`, trainees: 20, awayPeriods: 2, seed, reciprocity }))),
  ...[7, 8, 9].map((seed) => ({ id: `30x8 chosen 1 away s${seed}`, trainees: 30, awayPeriods: 1, seed, reciprocity: 0 })),
];

const { values: args } = parseArgs({
  options: { "time-limit": { type: "string", default: "20" }, write: { type: "boolean", default: false } },
});
const limitS = Number(args["time-limit"]);
if (!(limitS > 0)) throw new Error(`--time-limit must be a positive number of seconds, not ${args["time-limit"]}`);

interface Run {
  readonly status: SolverResult["status"];
  readonly ms: number;
  readonly objective: number | null;
  readonly gap: number | null;
}

function modelOf(c: Case) {
  const cohort = generateCohort({
    trainees: c.trainees,
    members: 8,
    seed: c.seed,
    awayPeriods: c.awayPeriods,
    hosts: "chosen",
    history: 3,
    weights: { reciprocity: c.reciprocity, repeatExchange: 1, repeatMentorHost: 1 },
  });
  const parsed = parseCohort(cohort);
  if (!parsed.ok) throw new Error(`${c.id}: the generated cohort is not valid`);
  return buildModel(parsed.index, { fairness: true }).model;
}

function run(c: Case, rule: Rule): Run {
  const model = modelOf(c);
  const started = performance.now();
  const r = jslpSolver.solve(model, { deadline: started + limitS * 1000, branching: rule });
  const ms = performance.now() - started;
  const gap = r.objective === null || r.bound === null ? null : Math.max(0, (r.objective - r.bound) / Math.max(1, Math.abs(r.objective)));
  return { status: r.status, ms, objective: r.objective, gap };
}

const started = performance.now();
const results = CASES.map((c) => {
  const runs = Object.fromEntries(RULES.map((rule) => [rule, run(c, rule)])) as Record<Rule, Run>;
  const proven = RULES.filter((rule) => runs[rule].status === "optimal").map((rule) => runs[rule].objective as number);
  if (proven.length === 2 && Math.abs((proven[0] as number) - (proven[1] as number)) > 1e-6 * Math.max(1, Math.abs(proven[0] as number))) {
    throw new Error(`${c.id}: the rules prove different optima (${proven.join(" and ")})`);
  }
  console.error(`${c.id}: ${RULES.map((rule) => `${rule} ${runs[rule].status} ${runs[rule].ms.toFixed(0)} ms`).join(", ")}`);
  return { c, runs };
});

const seconds = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);
const cell = (r: Run): string =>
  r.status === "optimal" ? `optimal, ${seconds(r.ms)}` : `${r.status}, ${seconds(r.ms)}${r.gap === null ? "" : `, gap ${(r.gap * 100).toFixed(3)} %`}`;
const totals = RULES.map((rule) => ({
  rule,
  proven: results.filter((x) => x.runs[rule].status === "optimal").length,
  ms: results.reduce((sum, x) => sum + x.runs[rule].ms, 0),
}));
const [pc, mf] = totals as [(typeof totals)[number], (typeof totals)[number]];
const lines = [
  `Command: \`npx tsx benchmarks/branching.ts --time-limit ${limitS}${args.write ? " --write" : ""}\`, ${((performance.now() - started) / 60_000).toFixed(1)} min in all. Time limit ${limitS} s a run. Measured on ${os.cpus()[0]?.model ?? "an unknown CPU"} (${os.cpus().length} logical cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  "",
  `| rule | proven optimal | total time | time against pseudocost |`,
  `| --- | ---: | ---: | ---: |`,
  ...totals.map((t) => `| ${t.rule} | ${t.proven} of ${CASES.length} | ${seconds(t.ms)} | ${(t.ms / pc.ms).toFixed(2)}× |`),
  "",
  `| cohort | pseudocost | most-fractional |`,
  `| --- | --- | --- |`,
  ...results.map((x) => `| ${x.c.id} | ${cell(x.runs.pseudocost)} | ${cell(x.runs["most-fractional"])} |`),
];
const text = lines.join("\n");
console.log(text);
console.error(`pseudocost proved ${pc.proven}, most-fractional ${mf.proven}, of ${CASES.length}`);
if (args.write) writeDocSection("branching", text);
