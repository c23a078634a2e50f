/**
 * One solver on one instance, in a process of its own (started by run-child.ts):
 *
 *     node --max-old-space-size=MB --import tsx benchmarks/suite/child.ts SOLVER INSTANCE.json TIME_LIMIT_MS REPORT.json
 *
 * The solver's modules (and WebAssembly) are loaded first, and the solver is warmed up on the
 * Romerike 2013 cohort, untimed, so that no solver's time includes compiling its JavaScript or
 * WebAssembly to machine code. Then the clock starts, the instance file is read and parsed,
 * and the solver runs until its answer or the time limit. The report
 * (see ChildReport) is written as JSON to REPORT.json. A crash leaves no report; the parent
 * then tells what happened from the exit and the error output.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { glpkRunner } from "./runners/glpk.js";
import { highsRunner } from "./runners/highs.js";
import { jslpPlainRunner } from "./runners/jslp-plain.js";
import { rotamatchRunner } from "./runners/rotamatch.js";
import { failedAnswer, type Answer, type Finish, type Runner } from "./runners/answer.js";
import { MEMORY_ERROR, ROTAMATCH_BACKENDS, isSolverId, type ChildReport, type SolverId } from "./solvers.js";

const WARM_UP = new URL("../../examples/romerike-2013.json", import.meta.url);
const WARM_UP_LIMIT_MS = 10_000;

async function runnerFor(solver: SolverId): Promise<Runner> {
  const backend = ROTAMATCH_BACKENDS[solver];
  if (backend !== undefined) return rotamatchRunner(backend);
  if (solver === "highs") return highsRunner();
  if (solver === "glpk") return glpkRunner();
  return jslpPlainRunner;
}

async function main(): Promise<void> {
  const [solver, instancePath, limitText, reportPath] = process.argv.slice(2);
  const timeLimitMs = Number(limitText);
  if (solver === undefined || !isSolverId(solver) || instancePath === undefined || !(timeLimitMs > 0) || reportPath === undefined) {
    process.stderr.write("usage: child.ts SOLVER INSTANCE.json TIME_LIMIT_MS REPORT.json\n");
    process.exit(2);
  }
  const run = await runnerFor(solver);
  warmUp(run);
  const started = performance.now();
  let finish: Finish;
  try {
    const cohort: unknown = JSON.parse(readFileSync(instancePath, "utf8"));
    finish = run(cohort, started + timeLimitMs);
  } catch (error) {
    finish = () => failure(error);
  }
  const ms = performance.now() - started;
  let answer: Answer;
  try {
    answer = finish();
  } catch (error) {
    answer = failure(error);
  }
  const report: ChildReport = { ...answer, ms, peakMb: process.resourceUsage().maxRSS / 1024 };
  writeFileSync(reportPath, JSON.stringify(report));
  // WebAssembly runtimes may keep handles open; the report is written, so leave now.
  process.exit(0);
}

/** The answer for a run that threw: out of memory, or another error with its message. */
function failure(error: unknown): Answer {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return failedAnswer(message.slice(0, 300), MEMORY_ERROR.test(message) ? "memory" : "error");
}

/** One untimed run on a small cohort; whatever it answers (or throws) is ignored. */
function warmUp(run: Runner): void {
  try {
    run(JSON.parse(readFileSync(WARM_UP, "utf8")), performance.now() + WARM_UP_LIMIT_MS)();
  } catch {
    // the timed run reports the same failure
  }
}

void main();
