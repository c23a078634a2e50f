/**
 * The benchmark suite: rotamatch's backends, javascript-lp-solver on its own, HiGHS and glpk.js,
 * side by side in one run on the same instances, each (solver, instance) in its own process with
 * a time limit and a memory cap.
 *
 *     npm run bench                 # quick: Romerike 2013, 50 × 30 and 200 × 100 (a few minutes)
 *     npm run bench:full            # everything, up to 5,000 trainees and 1,000 members (long)
 *     npm run bench:history         # 1,000 and 5,000 trainees with three earlier cohorts, against none
 *     npm run bench -- --write      # also write the report and chart into docs/
 *
 * See `--help` and docs/benchmarks.md for what is measured and how to read it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { formatSeconds } from "./suite/analysis.js";
import { LADDERS, ladder, type Instance, type Ladder } from "./suite/instances.js";
import { sizeText } from "./suite/markdown.js";
import { renderReport, reportPlace, writeDocs, DOC } from "./suite/report.js";
import { stopChildren } from "./suite/run-child.js";
import { runSuite } from "./suite/run-suite.js";
import { SOLVERS, SOLVER_LABELS, isSolverId, type RunResult, type SolverId } from "./suite/solvers.js";
import { renderChart } from "./suite/svg-chart.js";

/** Seconds a run of each ladder gets by default. */
const DEFAULT_TIME_LIMIT_S: Readonly<Record<Ladder, string>> = { smoke: "20", quick: "20", full: "60", unassigned: "20", history: "30" };

/**
 * The history ladder's solvers by default: rotamatch's network backend and what `auto` picks. At
 * 1,000 trainees and more the exact backend and the generic solvers find no plan within the limit
 * (see the full ladder's results), so they would only add minutes; `--solvers` adds them.
 */
const HISTORY_SOLVERS: readonly SolverId[] = ["rotamatch-network", "rotamatch-auto"];

const HELP = `Usage: npx tsx benchmarks/suite.ts [options]
  --ladder NAME      instances: quick (default), full, smoke, unassigned (too few places)
                     or history (1,000 and 5,000 trainees with and without three earlier cohorts)
  --only TEXT        only the instances whose name contains TEXT (e.g. "chosen", "200x100")
  --solvers LIST     comma-separated, from: ${SOLVERS.join(", ")}
                     (default: all; with --ladder history: ${HISTORY_SOLVERS.join(", ")})
  --time-limit S     time limit of each run in seconds (default 20; 60 with --ladder full, 30 with --ladder history)
  --margin S         seconds past the limit before a run's process is stopped (default: a quarter of the limit, at least 10)
  --memory MB        memory cap of each run in MiB: heap limit and resident size (default 4096)
  --run-all          run every solver on every instance, even after it found no plan on a smaller one
  --write            write the report into docs/benchmarks.md and the chart into docs/benchmarks-suite.svg
                     (the unassigned ladder: its own section and docs/benchmarks-suite-unassigned.svg;
                     the history ladder: its own section, no chart)
  --json FILE        where to write every run as JSON (default benchmarks/results/suite-LADDER.json)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ladder: { type: "string", default: "quick" },
      only: { type: "string" },
      solvers: { type: "string" },
      "time-limit": { type: "string" },
      margin: { type: "string" },
      memory: { type: "string", default: "4096" },
      "run-all": { type: "boolean", default: false },
      write: { type: "boolean", default: false },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const ladderName = values.ladder as Ladder;
  if (!LADDERS.includes(ladderName)) fail(`--ladder must be one of ${LADDERS.join(", ")}`);
  const only = values.only?.toLowerCase();
  const specs = ladder(ladderName).filter((s) => only === undefined || s.id.toLowerCase().includes(only));
  if (specs.length === 0) fail(`no instance name contains "${values.only}"`);
  const solvers = parseSolvers(values.solvers ?? (ladderName === "history" ? HISTORY_SOLVERS.join(",") : undefined));
  const timeLimitS = positive("--time-limit", values["time-limit"] ?? DEFAULT_TIME_LIMIT_S[ladderName]);
  const limits = {
    timeLimitMs: timeLimitS * 1000,
    marginMs: (values.margin === undefined ? Math.max(10, timeLimitS / 4) : positive("--margin", values.margin)) * 1000,
    memoryMb: positive("--memory", values.memory),
  };

  process.on("SIGINT", () => interrupt());
  process.on("SIGTERM", () => interrupt());
  process.on("exit", () => stopChildren());
  const started = performance.now();
  const run = await runSuite({
    specs,
    solvers,
    limits,
    skipAfterFailure: !values["run-all"],
    onInstance: (i: Instance) => process.stderr.write(`instance ${i.id}: ${sizeText(i)}\n`),
    onResult: (r: RunResult) => process.stderr.write(`  ${r.instance}, ${SOLVER_LABELS[r.solver]}: ${progress(r)}\n`),
  });
  const totalMs = performance.now() - started;

  const command = commandLine();
  const report = renderReport(run, { command, limits, totalMs, chartFile: reportPlace(ladderName).chartFile });
  process.stdout.write(`${report}\n`);
  const jsonPath = values.json ?? new URL(`results/suite-${ladderName}.json`, import.meta.url).pathname;
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify({ command, ladder: ladderName, limits, totalMs, instances: run.instances, results: run.results }, null, 2)}\n`);
  process.stderr.write(`Every run as JSON: ${jsonPath}\n`);
  if (values.write) {
    const chart = writeDocs(ladderName, report, () => renderChart({ instances: run.instances, results: run.results, timeLimitMs: limits.timeLimitMs }));
    process.stderr.write(`Wrote the report into ${DOC.pathname}${chart === null ? "" : ` and the chart into ${chart.pathname}`}\n`);
  }
}

function progress(r: RunResult): string {
  const time = r.ms === null ? "" : ` in ${formatSeconds(r.ms)}`;
  const objective = r.objective === null ? "" : `, objective ${r.objective.toFixed(2)}`;
  const error = r.error === null ? "" : ` (${r.error})`;
  return `${r.status}${time}${objective}${error}`;
}

function parseSolvers(text: string | undefined): SolverId[] {
  if (text === undefined) return [...SOLVERS];
  const names = text.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !isSolverId(n));
  if (unknown.length > 0) fail(`unknown solver(s) ${unknown.join(", ")}; choose from ${SOLVERS.join(", ")}`);
  return SOLVERS.filter((s) => names.includes(s));
}

/** The command as the reader would type it: `npm run bench:full -- --write` when run through an npm script. */
function commandLine(): string {
  const args = process.argv.slice(2).map(quote);
  const event = process.env.npm_lifecycle_event;
  const script = process.env.npm_lifecycle_script?.split(/\s+/) ?? [];
  const at = script.indexOf("benchmarks/suite.ts");
  if (event === undefined || at === -1) return ["npx tsx benchmarks/suite.ts", ...args].join(" ");
  const extra = args.slice(script.length - at - 1);
  return `npm run ${event}${extra.length > 0 ? ` -- ${extra.join(" ")}` : ""}`;
}

const quote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

function interrupt(): void {
  stopChildren();
  process.stderr.write("interrupted; the children were stopped\n");
  process.exit(130);
}

function positive(flag: string, text: string | undefined): number {
  const n = Number(text);
  if (!(n > 0)) fail(`${flag} must be a positive number, got "${text}"`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`suite: ${message}\n${HELP}`);
  process.exit(2);
}

void main();
