/**
 * Measures the network backend on generated networks at the sizes issue 4 sets targets for
 * (hosts chosen, mentors outside the host and the away organisations, one and two away
 * periods), each with its target's time limit. Not a test and not the benchmark suite: a quick
 * look while working on the solver.
 *
 *   npx tsx benchmarks/network-measure.ts            # every size
 *   npx tsx benchmarks/network-measure.ts 200 1000   # only these trainee counts
 *
 * Each case runs in a process of its own. Prints per case: generation and solve time, status,
 * objective, bound, gap, peak resident memory of the solve (sampled at each progress report and
 * at the end, before the comparison), and the method's counters. Up to 50 trainees it also asks
 * the exact backend for its answer (60 s limit), to compare.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { indexCohort } from "../packages/core/src/domain/cohort-index.js";
import { cohortSchema } from "../packages/core/src/domain/schema.js";
import { generateCohort, type GenerateOptions } from "../packages/core/src/generate/generate-cohort.js";
import { solveCohort } from "../packages/core/src/plan.js";
import { solveNetwork } from "../packages/core/src/solvers/network/index.js";

interface Case {
  readonly options: GenerateOptions;
  readonly seconds: number;
}

const SIZES: readonly { trainees: number; members: number; mentorsPerMember: number; seconds: number }[] = [
  { trainees: 20, members: 10, mentorsPerMember: 2, seconds: 10 },
  { trainees: 50, members: 30, mentorsPerMember: 2, seconds: 10 },
  { trainees: 200, members: 100, mentorsPerMember: 4, seconds: 1 },
  { trainees: 1000, members: 300, mentorsPerMember: 7, seconds: 5 },
  { trainees: 5000, members: 1000, mentorsPerMember: 10, seconds: 30 },
];

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const caseArg = process.argv.indexOf("--case");
if (caseArg === -1) {
  // Each case in a process of its own, so that the memory figure is that case's alone.
  const only = process.argv.slice(2).map(Number);
  allCases().forEach((c, i) => {
    if (only.length > 0 && !only.includes(c.options.trainees)) return;
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--case", String(i)], { encoding: "utf8" });
    process.stdout.write(child.stdout + child.stderr.split("\n").filter((l) => l !== "" && !l.includes("npm warn")).join("\n"));
  });
} else {
  measure(allCases()[Number(process.argv[caseArg + 1])] as Case);
}

function allCases(): Case[] {
  return SIZES.flatMap((size) =>
    [1, 2].map((awayPeriods) => ({
      options: { ...size, awayPeriods, hosts: "chosen" as const, mentorOutside: "host-and-away" as const, seed: 1 },
      seconds: size.seconds,
    })),
  );
}

function measure({ options, seconds }: Case): void {
  let started = performance.now();
  const input = generateCohort(options);
  const index = indexCohort(cohortSchema.parse(input));
  const generated = performance.now() - started;
  let peak = process.memoryUsage().rss;
  started = performance.now();
  const result = solveNetwork(index, {
    deadline: started + seconds * 1000,
    onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)),
  });
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().rss);
  const gap = result.objective !== null && result.bound !== null ? (100 * (result.objective - result.bound)) / result.objective : null;
  let exact = "";
  if (options.trainees <= 50) {
    const reference = solveCohort(input, { backend: "jslp", timeLimitMs: 60_000 });
    if (reference.ok) exact = ` | jslp ${reference.plan.status} ${reference.plan.objective?.toFixed(3)} in ${reference.plan.stats?.totalMs.toFixed(0)} ms`;
  }
  console.log(
    `${options.trainees} trainees, ${options.members} members, ${options.members * (options.mentorsPerMember ?? 2)} mentors, ` +
      `${options.awayPeriods} away: generated in ${generated.toFixed(0)} ms; ${result.status} in ${ms.toFixed(0)} ms ` +
      `(limit ${seconds} s), objective ${result.objective?.toFixed(3)}, bound ${result.bound?.toFixed(3)}, ` +
      `gap ${gap === null ? "-" : `${gap.toFixed(4)} %`}, peak RSS ${mb(peak)} MB, ${JSON.stringify({ ...result.stats, ms: undefined })}${exact}`,
  );
}
