/**
 * One operation of the re-planning benchmark in a process of its own (started by
 * replan-run.ts), so that each measurement starts from a fresh heap and its peak memory is its
 * own:
 *
 *     node --max-old-space-size=MB --import tsx benchmarks/replan-child.ts INPUT.json
 *
 * INPUT.json is `{ warmUp, job, report }`: the same operation on the Romerike 2013 cohort is
 * run once first, untimed, so that no time includes compiling the library's JavaScript; then
 * the job is run and timed (replan-operation.ts), and its report is written as JSON to
 * `report`. A crash leaves no report; the parent then tells what happened from the exit and
 * the error output.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { performJob, type Job, type OperationReport } from "./replan-operation.js";

interface ChildInput {
  readonly warmUp: Job | null;
  readonly job: Job;
  readonly report: string;
}

function main(): void {
  const inputPath = process.argv[2];
  if (inputPath === undefined) {
    process.stderr.write("usage: replan-child.ts INPUT.json\n");
    process.exit(2);
  }
  const input = JSON.parse(readFileSync(inputPath, "utf8")) as ChildInput;
  if (input.warmUp !== null) {
    try {
      performJob(input.warmUp);
    } catch {
      // the timed run reports the same failure
    }
  }
  const report: OperationReport = { ...performJob(input.job), peakMb: process.resourceUsage().maxRSS / 1024 };
  writeFileSync(input.report, JSON.stringify(report));
  process.exit(0);
}

main();
