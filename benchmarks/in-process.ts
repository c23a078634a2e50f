/**
 * In-process latency of `solveCohort`: the time a caller that keeps the library loaded (the
 * service, a sweep, the page's worker) waits for one plan, after the JIT has warmed up.
 *
 *     npx tsx benchmarks/in-process.ts [--file examples/romerike-2013.json | --generate 50x30-chosen-1]
 *                                      [--backend auto] [--warm-up 200] [--runs 500] [--stages]
 *
 * Each solve is the public entry point on the parsed JSON (validation, model, backend,
 * decoding, verification), as in the suite's timed run, minus reading the file. The solves run
 * one after another in this process; the median and p90 of the measured ones are printed, with
 * the plan's status and objective (which must not change with the speed). With --stages, the
 * same number of runs times each step of the facade on its own (validation, backend choice,
 * model, backend solve, verification), to show where the time goes.
 *
 * `--generate TxM-hosts-away` is the suite's generated cohort of that size and kind (seed 1,
 * two supervisors a member; mentors outside host and away member when hosts are chosen).
 * Profile with `node --cpu-prof --import tsx benchmarks/in-process.ts ...`. Not part of
 * `npm test`: timings are not tests.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { generateCohort, parseCohort, solveCohort, verifyPlan, type Backend } from "../packages/core/src/index.js";
import { buildModel } from "../packages/core/src/model/build-model.js";
import { chooseBackend } from "../packages/core/src/plan.js";
import { percentile } from "./support/stats.js";

const { values: args } = parseArgs({
  options: {
    file: { type: "string" },
    generate: { type: "string" },
    backend: { type: "string", default: "auto" },
    "warm-up": { type: "string", default: "200" },
    runs: { type: "string", default: "500" },
    stages: { type: "boolean", default: false },
  },
});

const cohort = loadCohort();
const backend = args.backend as Backend;
const warmUp = count(args["warm-up"], "--warm-up", 0);
const runs = count(args.runs, "--runs", 1);

function count(text: string | undefined, name: string, least: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < least) throw new Error(`${name} must be a whole number of at least ${least}, not ${text}`);
  return n;
}

function loadCohort(): unknown {
  if (args.generate !== undefined) {
    const match = /^(\d+)x(\d+)-(given|chosen)-(\d)$/.exec(args.generate);
    if (match === null) throw new Error(`--generate takes TRAINEESxMEMBERS-given|chosen-AWAY, e.g. 50x30-chosen-1, not ${args.generate}`);
    const hosts = match[3] as "given" | "chosen";
    return generateCohort({
      trainees: Number(match[1]),
      members: Number(match[2]),
      mentorsPerMember: 2,
      hosts,
      awayPeriods: Number(match[4]),
      mentorOutside: hosts === "chosen" ? "host-and-away" : "host",
      seed: 1,
    });
  }
  return JSON.parse(readFileSync(args.file ?? new URL("../examples/romerike-2013.json", import.meta.url), "utf8"));
}

/** Median and p90 of `runs` timed calls of `work`, after `warmUp` untimed ones. */
function measure(work: () => unknown): { median: number; p90: number } {
  for (let i = 0; i < warmUp; i++) work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p90: percentile(times, 90) };
}

const ms = (x: number): string => `${x.toFixed(3)} ms`;

const first = solveCohort(cohort, { backend });
if (!first.ok) throw new Error(`invalid cohort: ${first.issues.length} issues`);
const whole = measure(() => solveCohort(cohort, { backend }));
console.log(
  `solveCohort (${backend}, ${first.plan.stats?.backend ?? "?"}): median ${ms(whole.median)}, p90 ${ms(whole.p90)} ` +
    `over ${runs} runs after ${warmUp} warm-up; ${first.plan.status}, objective ${String(first.plan.objective)}`,
);

if (args.stages) {
  const parsed = parseCohort(cohort);
  if (!parsed.ok) throw new Error("invalid cohort");
  const index = parsed.index;
  const chosen = chooseBackend(index, backend);
  const deadline = (): number => performance.now() + 60_000;
  const rows: [string, () => unknown][] = [
    ["parseCohort (validation, index)", () => parseCohort(cohort)],
    ["chooseBackend", () => chooseBackend(index, backend)],
    ["buildModel (jslp's model)", () => buildModel(index)],
    [`${chosen.name} backend solve (its model included)`, () => chosen.solve(index, { deadline: deadline() })],
    ["verifyPlan", () => verifyPlan(index, first.plan)],
  ];
  for (const [label, work] of rows) {
    const r = measure(work);
    console.log(`  ${label}: median ${ms(r.median)}, p90 ${ms(r.p90)}`);
  }
}
